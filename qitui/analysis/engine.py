"""The analysis engine: phases, baseline freeze and excluded points -> a ChartResult."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import compress

from qitui.analysis import laney, mdc, rare, spc
from qitui.analysis.columns import BeyondColumns, PhaseColumns, PointColumns
from qitui.analysis.inputs import (
    AnalysisError,
    check_values,
    inputs,
)
from qitui.analysis.result import (
    ChartResult,
    IhiRuns,
    PhaseResult,
    Signal,
)
from qitui.analysis.rules import (
    CONTROL_RULE_SETS,
    CONTROL_RULES,
    PhasePoints,
    anhoj_signals,
    beyond_fields,
    beyond_limits,
    make_signal,
    sort_signals,
)
from qitui.analysis.runs import AnhojRuns, anhoj, perla_limits, shifts, trends

CHARTS = ("run", "i", "mr", "p", "u", "c", "pp", "up", "g", "t")
#: Charts that take counts or times as values, never num/den.
SCREENED = ("i", "pp", "up", "t")
_INF = float("inf")


def _freezes(freeze: object) -> Callable[[int], int | None]:
    """Check ``freeze``; return the baseline length of phase k (0-based), None for all of it."""

    def rows(f: object) -> int | None:
        if f is None:
            return None
        if not (
            isinstance(f, int | float) and not isinstance(f, bool)
            and 1 <= f < _INF and f == int(f)
        ):  # fmt: skip
            raise AnalysisError(f"freeze must be a positive number of rows, not {f!r}")
        return int(f)

    if freeze is None or isinstance(freeze, int | float | bool):
        each = rows(freeze)
        return lambda _k: each
    if isinstance(freeze, str) or not isinstance(freeze, Sequence):
        raise AnalysisError(f"freeze must be a number of rows or one per phase, not {freeze!r}")
    per_phase = [rows(f) for f in freeze]
    return lambda k: per_phase[k] if k < len(per_phase) else None


def _phase_bounds(n: int, phase_starts: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) of every phase; phase_starts are 0-based indexes where a phase begins."""
    starts = set()
    for s in phase_starts:
        if isinstance(s, bool) or not isinstance(s, int):
            try:
                s = int(s)
            except (TypeError, ValueError):
                raise AnalysisError(f"phase start {s!r} is not an index") from None
        if s < 0 or (s >= n and n > 0) or (n == 0 and s > 0):
            raise AnalysisError(f"phase start {s} is outside 0..{max(n - 1, 0)}")
        starts.add(s)
    if n == 0:
        return []
    starts.add(0)
    ordered = sorted(starts)
    return [(a, b - 1) for a, b in zip(ordered, ordered[1:] + [n], strict=True)]


def analyse(
    chart: str,
    values: Sequence[float | None] | None = None,
    numerators: Sequence[float | None] | None = None,
    denominators: Sequence[float | None] | None = None,
    **options: object,
) -> ChartResult:
    """Analyse one measure; the arguments are those of :func:`analyse_columns`, the
    result's ``points`` one :class:`~qitui.analysis.result.PointResult` per row."""
    result, columns = analyse_columns(chart, values, numerators, denominators, **options)  # type: ignore[arg-type]
    return replace(result, points=columns.results())


def analyse_columns(
    chart: str,
    values: Sequence[float | None] | None = None,
    numerators: Sequence[float | None] | None = None,
    denominators: Sequence[float | None] | None = None,
    *,
    phase_starts: Sequence[int] = (),
    freeze: int | Sequence[int | None] | None = None,
    excluded: Sequence[bool] | None = None,
    screen: bool = True,
    rules: Sequence[str] = (),
    better: str | None = None,
    target: float | None = None,
    beyond_signals: bool = True,
) -> tuple[ChartResult, PointColumns]:
    """Analyse one measure: centre line, limits, runs analysis and rule-set signals.

    ``chart`` is "run", "i", "mr", "p", "u", "c", "pp" (Laney P′), "up" (Laney U′), "g"
    (cases between events) or "t" (time between events). Run, I, MR, c, G and T charts take
    ``values`` (run, I and MR charts may take ``numerators`` with optional ``denominators``
    instead: y = num/den); p, u, P′ and U′ charts take ``numerators`` and ``denominators``.
    None and NaN are missing; a negative G value or a T value <= 0 is an AnalysisError.
    ``freeze=N``: the first N rows of each phase are its baseline; a sequence gives
    each phase its own (item k for phase k + 1; None or no item: the whole phase). ``phase_starts``:
    0-based indexes where a new phase begins. ``excluded[i]``: the point is drawn but left out
    of every calculation and rule. ``screen``: Nelson screening of I-chart moving ranges.
    ``rules``: extra control-chart rule sets ("ihi-control", "mdc"). ``better``: "up" or
    "down", to assess signals as improvement or concern. ``target``: with the "mdc" rules,
    judged against the last phase's limits (the assurance of ``ChartResult.mdc``).

    Returns the result with no ``points`` and the points as columns (the JSON writer takes
    them so; :func:`analyse` makes them objects). ``beyond_signals=False``: the signals of
    points beyond the 3-sigma limits are left out of the result's ``signals`` and kept as
    columns in the points' ``beyond`` (:class:`~qitui.analysis.columns.BeyondColumns`;
    the JSON writer writes them in their place).
    """
    kind = str(chart).lower()
    if kind not in CHARTS:
        raise AnalysisError(f"unknown chart {chart!r}; expected one of {', '.join(CHARTS)}")
    if better is not None and better not in ("up", "down"):
        raise AnalysisError(f"better must be 'up', 'down' or None, not {better!r}")
    freezes = _freezes(freeze)
    if isinstance(rules, str):
        rules = (rules,)
    for r in rules:
        if r not in ("anhoj", "ihi-run", "sigma", *CONTROL_RULE_SETS):
            raise AnalysisError(f"unknown rule set {r!r}")
    extra = tuple(r for r in CONTROL_RULE_SETS if r in rules)

    y, num, den = inputs(kind, values, numerators, denominators)
    check_values(kind, y)
    n = len(y)
    if excluded is None:
        excl = [False] * n
    else:
        if len(excluded) != n:
            raise AnalysisError(f"excluded has {len(excluded)} items for {n} data points")
        excl = [bool(e) for e in excluded]
    bounds = _phase_bounds(n, phase_starts)

    if kind == "mr":
        y, excl = _moving_ranges(y, excl, bounds)
    if None not in y and True not in excl:
        use = [True] * n
    else:
        use = [v is not None and not e for v, e in zip(y, excl, strict=True)]

    control = kind != "run"
    rule_sets: tuple[str, ...] = ("sigma", "anhoj", *extra) if control else ("ihi-run", "anhoj")
    if kind == "mr":
        rule_sets = ("sigma", *extra)

    columns: list[PhaseColumns] = []
    beyond = None if beyond_signals else BeyondColumns([], [], beyond_fields("sigma", better))
    phases: list[PhaseResult] = []
    signals: list[Signal] = []
    last_label: tuple[int, tuple[str, int] | None] | None = None  # mdc: the last point's
    for p_no, (first, last) in enumerate(bounds, start=1):
        length = last - first + 1
        frozen = freezes(p_no - 1)
        nbase = length if frozen is None else min(frozen, length)
        sl = slice(first, last + 1)
        lines = _lines(kind, y[sl], num[sl], den[sl], use[sl], nbase, screen)
        cl = lines.cl
        pp = _phase_points(first, last, cl, y, use, lines)
        runs = anhoj(pp.sign_idx, pp.signs)
        if kind == "mr" and runs.runs_signal is not None:
            # As qicharts2: moving ranges are autocorrelated, so no runs verdict on MR charts.
            runs = _without_verdict(runs)
        ihi = None
        if kind == "run":
            ihi = _ihi(pp, runs.n_runs, cl)
            signals += _ihi_signals(pp, ihi, better)
        if kind != "mr":
            signals += anhoj_signals(pp, runs, better)
        if control:
            if beyond is None:
                signals += beyond_limits(pp, "sigma", better)
            else:
                beyond.add(pp.idx, pp.beyond)
            for r in extra:
                signals += CONTROL_RULES[r](pp, better)
            if "mdc" in extra and pp.idx:
                last_label = (pp.idx[-1], mdc.last_point_label(pp))
        phases.append(
            PhaseResult(
                phase=p_no,
                first=first,
                last=last,
                n_obs=length,
                n_useful=runs.n_useful,
                longest_run=runs.longest_run,
                longest_run_max=runs.longest_run_max,
                n_crossings=runs.n_crossings,
                n_crossings_min=runs.n_crossings_min,
                runs_signal=runs.runs_signal,
                too_few_points=runs.too_few_points,
                baseline_last=first + nbase - 1,
                cl=cl,
                ihi=ihi,
            )
        )
        columns.append(_columns(p_no, first, nbase, y[sl], excl[sl], lines, pp))
    points = PointColumns(columns, beyond)
    summary = None
    if control and "mdc" in extra:
        summary = _mdc_summary(points, last_label, better, target)
    result = ChartResult(
        chart=kind,  # type: ignore[arg-type]
        points=[],
        phases=phases,
        signals=sort_signals(signals),
        rule_sets=rule_sets,
        screened=kind in SCREENED and bool(screen),
        mdc=summary,
    )
    return result, points


def _mdc_summary(
    points: PointColumns,
    last_label: tuple[int, tuple[str, int] | None] | None,
    better: str | None,
    target: float | None,
) -> mdc.MdcSummary:
    """Variation of the last point that takes part (``last_label``: its index and label);
    assurance against the last phase's limits at its last row that has both."""
    last = None if last_label is None else last_label[0]
    ucl, lcl = points.last_limits()
    goal = None if target is None else spc.finite(float(target))
    label = None if last_label is None else last_label[1]
    return mdc.summarise(last, label, better, goal, ucl, lcl)


def _moving_ranges(
    y: list[float | None], excl: list[bool], bounds: list[tuple[int, int]]
) -> tuple[list[float | None], list[bool]]:
    """MR chart values per phase; a moving range touching an excluded point is excluded."""
    mr: list[float | None] = []
    mr_excl: list[bool] = []
    for first, last in bounds:
        mr += spc.moving_range_series(y[first : last + 1])
        mr_excl.append(excl[first])
        mr_excl += [excl[k] or excl[k - 1] for k in range(first + 1, last + 1)]
    return mr, mr_excl


def _lines(
    kind: str,
    y: list[float | None],
    num: list[float | None],
    den: list[float | None],
    use: list[bool],
    nbase: int,
    screen: bool,
) -> spc.PhaseLines:
    if kind == "run":
        return spc.run_lines(y, use, nbase)
    if kind == "i":
        return spc.i_lines(y, use, nbase, screen)
    if kind == "mr":
        return spc.mr_lines(y, use, nbase)
    if kind == "c":
        return spc.c_lines(y, use, nbase)
    if kind == "p":
        return spc.p_lines(num, den, use, nbase)
    if kind == "pp":
        return laney.laney_lines(y, num, den, use, nbase, screen, proportion=True)
    if kind == "up":
        return laney.laney_lines(y, num, den, use, nbase, screen, proportion=False)
    if kind == "g":
        return rare.g_lines(y, use, nbase)
    if kind == "t":
        return rare.t_lines(y, use, nbase, screen)
    return spc.u_lines(num, den, use, nbase)


def _phase_points(
    first: int,
    last: int,
    cl: float | None,
    y: list[float | None],
    use: list[bool],
    lines: spc.PhaseLines,
) -> PhasePoints:
    every = False not in use[first : last + 1]  # every row takes part: slices
    rel = (
        list(range(last - first + 1))
        if every
        else list(compress(range(last - first + 1), use[first : last + 1]))
    )
    idx = list(range(first, last + 1)) if every else [r + first for r in rel]
    vals: list[float] = y[first : last + 1] if every else [y[i] for i in idx]  # type: ignore[assignment,misc]
    sign_idx: list[int] = []
    signs: list[int] = []
    if cl is not None and cl not in vals:  # no point on the centre line (C speed)
        sign_idx = list(idx)
        signs = [1 if v > cl else -1 for v in vals]
    elif cl is not None:
        sign_idx = [i for i, v in zip(idx, vals) if v != cl]  # noqa: B905
        signs = [1 if v > cl else -1 for v in vals if v != cl]
    ucl = list(lines.ucl) if every else [lines.ucl[r] for r in rel]
    lcl = list(lines.lcl) if every else [lines.lcl[r] for r in rel]
    if ucl.count(None) == len(ucl) and lcl.count(None) == len(lcl):  # no limits (run chart)
        beyond = [0] * len(vals)
    else:
        beyond = [
            1 if hi is not None and v > hi else -1 if lo is not None and v < lo else 0
            for v, hi, lo in zip(vals, ucl, lcl)  # noqa: B905
        ]
    return PhasePoints(
        first=first,
        last=last,
        cl=cl,
        idx=idx,
        y=vals,
        sigma=list(lines.sigma) if every else [lines.sigma[r] for r in rel],
        ucl=ucl,
        lcl=lcl,
        sign_idx=sign_idx,
        signs=signs,
        beyond=beyond,
        mid=lines.mid,
        zones=lines.zones if lines.zones is None or every else _take_zones(lines.zones, rel),
    )


def _take_zones(zones: spc.Zones, rel: list[int]) -> spc.Zones:
    """The zone lines of the points that take part (``rel``: their offsets in the phase)."""
    return spc.Zones(
        hi1=[zones.hi1[r] for r in rel],
        lo1=[zones.lo1[r] for r in rel],
        hi2=[zones.hi2[r] for r in rel],
        lo2=[zones.lo2[r] for r in rel],
    )


def _without_verdict(runs: AnhojRuns) -> AnhojRuns:
    return replace(runs, runs_signal=False)


def _ihi(pp: PhasePoints, n_runs: int | None, cl: float | None) -> IhiRuns:
    n_useful = len(pp.signs)
    limits = perla_limits(n_useful)
    lower = upper = None
    few = many = None
    if limits is not None and n_runs is not None:
        lower, upper = limits
        few = n_runs < lower
        many = n_runs > upper
    return IhiRuns(
        median=cl,
        n_runs=n_runs,
        runs_lower_limit=lower,
        runs_upper_limit=upper,
        too_few_runs=few,
        too_many_runs=many,
        shifts=shifts(pp.sign_idx, pp.signs),
        trends=trends(pp.idx, pp.y),
    )


def _ihi_signals(pp: PhasePoints, ihi: IhiRuns, better: str | None) -> list[Signal]:
    out = [make_signal("ihi-run", "shift", s.start, s.end, s.direction, better) for s in ihi.shifts]
    out += [
        make_signal("ihi-run", "trend", t.start, t.end, t.direction, better) for t in ihi.trends
    ]
    if ihi.too_few_runs:
        out.append(make_signal("ihi-run", "too-few-runs", pp.first, pp.last, None, better))
    if ihi.too_many_runs:
        out.append(make_signal("ihi-run", "too-many-runs", pp.first, pp.last, None, better))
    return out


def _columns(
    p_no: int,
    first: int,
    nbase: int,
    y: list[float | None],
    excl: list[bool],
    lines: spc.PhaseLines,
    pp: PhasePoints,
) -> PhaseColumns:
    if len(pp.idx) == len(y):  # every row takes part: the flags are the beyonds
        flagged = list(map(bool, pp.beyond))
    else:
        flagged = [False] * len(y)
        for i, b in zip(pp.idx, pp.beyond):  # noqa: B905
            if b:
                flagged[i - first] = True
    return PhaseColumns(
        p_no,
        first,
        nbase,
        lines.cl,
        y,
        lines.sigma,
        lines.ucl,
        lines.lcl,
        flagged,
        excl,
        lines.keys,
        lines.by_key,
    )
