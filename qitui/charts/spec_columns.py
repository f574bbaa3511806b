"""A measure's chart spec built from the analysis's columns, for large measures.

:func:`build_spec_columns` makes the very :class:`~qitui.charts.spec.ChartSpec` that
:func:`~qitui.charts.spec.build_spec` makes from ``analyse_measure`` (a test compares them on
random series), without a :class:`~qitui.analysis.result.PointResult` or a
:class:`~qitui.charts.spec.PointMark` per point: the marks are :class:`PointMarks`, a
sequence that makes a mark only when one is asked for (a layout thins a dense series, so
only the marks it keeps are made), and the verdict's and words' passes read the columns.
The points are sorted once; limits and 2-sigma lines are worked out once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import chain, compress, repeat
from operator import attrgetter, ne, sub
from typing import Any, overload

from qitui import model as m
from qitui.analysis.columns import PointColumns
from qitui.analysis.result import ChartResult, PointResult
from qitui.charts.look import _PHASE_WIDE
from qitui.charts.spec import (
    ChartSpec,
    Path,
    PointMark,
    _pdsa_marks,
    _scale,
    header_lines,
    phase_marks_of,
    reference_lines,
    two_sigma,
)
from qitui.verdict import (
    RULE_SET_NAMES,
    Lookup,
    phase_words,
    signal_lines,
    verdict_end,
)
from qitui.wording import line_decimals


class PointMarks(Sequence[PointMark]):
    """The marks of every point with a value, in index order, made when asked for:
    ``PointMark(i, ys[i], kind)``, kind "excluded", "signal" (``special``) or "point".
    Equal to the tuple of those marks."""

    def __init__(self, ys: Sequence[float | None], special: dict[int, str]) -> None:
        self.ys = ys
        self.special_kinds = special  # index -> "excluded" or "signal"
        self._idx: Sequence[int] = (
            range(len(ys)) if None not in ys else [i for i, y in enumerate(ys) if y is not None]
        )

    def __len__(self) -> int:
        return len(self._idx)

    @overload
    def __getitem__(self, k: int) -> PointMark: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[PointMark, ...]: ...
    def __getitem__(self, k: int | slice) -> PointMark | tuple[PointMark, ...]:
        if isinstance(k, slice):
            return tuple(map(self._mark, self._idx[k]))
        return self._mark(self._idx[k])

    def _mark(self, i: int) -> PointMark:
        return PointMark(i, self.ys[i], self.special_kinds.get(i, "point"))  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[PointMark]:
        return map(self._mark, self._idx)

    def values(self) -> list[float]:
        """Every mark's y, in order (without making the marks)."""
        ys = self.ys
        return list(ys) if isinstance(self._idx, range) else [ys[i] for i in self._idx]  # type: ignore[arg-type, misc]

    def special(self) -> tuple[PointMark, ...]:
        """The marks that are not plain points, in order."""
        return tuple(map(self._mark, sorted(self.special_kinds)))

    def first_per_cell(self, col_of: Callable[[float], int], row_of: Any) -> list[PointMark]:
        """The first special mark of each (kind, column, row) cell, in order, as
        ``layout_ticks._thin_for`` keeps them: ``col_of(x)`` is non-decreasing in ``x``,
        so each column's marks are found by bisection, and each distinct value's row once
        (``row_of.many``)."""
        idx = sorted(self.special_kinds)
        ys = self.ys
        yv = [ys[i] for i in idx]
        kinds = list(map(self.special_kinds.__getitem__, idx))
        distinct = list(set(yv))
        rows = list(map(dict(zip(distinct, row_of.many(distinct), strict=True)).__getitem__, yv))
        cols: list[int] = []
        j, count = 0, len(idx)
        while j < count:
            c = col_of(idx[j])
            lo, hi = j, count - 1  # col_of(idx[lo]) == c
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if col_of(idx[mid]) == c:
                    lo = mid
                else:
                    hi = mid - 1
            cols += [c] * (lo - j + 1)
            j = lo + 1
        keys = list(zip(kinds, cols, rows, strict=True))
        first = dict(zip(reversed(keys), range(count - 1, -1, -1), strict=True))
        return [PointMark(idx[k], yv[k], kinds[k]) for k in sorted(first.values())]  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PointMarks):
            return list(self.ys) == list(other.ys) and self.special_kinds == other.special_kinds
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(map(PointMark.__eq__, self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"PointMarks({len(self)} marks, {len(self.special_kinds)} special)"


def _joined(columns: PointColumns, name: str) -> list[Any]:
    """One column of every phase, end to end."""
    out: list[Any] = []
    for ph in columns:
        out += getattr(ph, name)
    return out


def _by_value(values: list[Any], f: Any) -> list[Any]:
    """``[f(v) for v in values]``, ``f`` worked out once per distinct value."""
    table = {v: f(v) for v in set(values)}
    return list(map(table.__getitem__, values))


def _scaled(values: list[float | None], k: float) -> list[float | None]:
    if k == 1.0 and None not in values and all(type(v) is float for v in values):
        return values
    return _by_value(values, lambda v: None if v is None else v * k)


def _segments(ys: list[float | None]) -> list[Path]:
    """The data line split at every missing value (as ``spec._segments`` over every index)."""
    n = len(ys)
    gaps = [i for i, y in enumerate(ys) if y is None] if None in ys else []
    out = []
    start = 0
    for g in [*gaps, n]:
        if g > start:
            out.append(Path(tuple(map(float, range(start, g))), tuple(ys[start:g])))  # type: ignore[arg-type]
        start = g + 1
    return out


def _steps(lo: int, hi: int, vals: list[float | None]) -> list[Path]:
    """``spec._steps(range(lo, hi), vals)``: each index's value from i - 0.5 to i + 0.5,
    merged where equal, broken where missing; the changes found at C speed."""
    out: list[Path] = []
    a = lo
    while a < hi:
        while a < hi and vals[a] is None:
            a += 1
        if a >= hi:
            break
        part = vals[a:hi]
        b = a + part.index(None) if None in part else hi
        part = vals[a:b]
        starts = [a, *compress(range(a + 1, b), map(ne, part, part[1:]))]
        halves = list(map(sub, [*starts, b], repeat(0.5)))
        xs = tuple(chain.from_iterable(zip(halves, halves[1:])))  # noqa: B905
        level = list(map(vals.__getitem__, starts))
        ys = tuple(chain.from_iterable(zip(level, level)))  # noqa: B905
        out.append(Path(xs, ys))  # type: ignore[arg-type]
        a = b
    return out


def _flagged(
    result: ChartResult,
    y: list[float | None],
    ok: list[bool],
    off: list[bool],
    cl: list[float | None],
    sigma: list[float | None],
) -> set[int]:
    """``spec.signal_points`` from the columns: ``ok[i]`` a value that takes part, ``off[i]``
    also off the centre line."""
    out: set[int] = set()
    add = out.add
    for sig in result.signals:
        if sig.rule in _PHASE_WIDE:
            continue
        a, b = sig.start, sig.end + 1
        use = off if sig.direction in ("above", "below") else ok
        if sig.rule == "two-of-three":
            for i in compress(range(a, b), use[a:b]):
                c, s = cl[i], sigma[i]
                if s is None or c is None or not (c - 2 * s <= y[i] <= c + 2 * s):  # type: ignore[operator]
                    add(i)
        elif b == a + 1:
            if use[a]:
                add(a)
        else:
            out.update(compress(range(a, b), use[a:b]))
    return out


class _Rows(Sequence[PointResult]):
    """``ChartResult.points`` made from the columns row by row when asked for (a baseline's
    rows for its warning), never all at once."""

    def __init__(self, columns: PointColumns, n: int) -> None:
        self.columns, self.n = columns, n

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, k: int) -> PointResult: ...
    @overload
    def __getitem__(self, k: slice) -> list[PointResult]: ...
    def __getitem__(self, k: int | slice) -> PointResult | list[PointResult]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(self.n))]
        if k < 0:
            k += self.n
        for ph in self.columns:
            if ph.first <= k < ph.first + len(ph):
                r = k - ph.first
                return PointResult(
                    ph.y[r], ph.cl, ph.ucl[r], ph.lcl[r], ph.sigma[r], ph.sigma_signal[r],
                    ph.phase, r < ph.nbase, ph.excluded[r],
                )  # fmt: skip
        raise IndexError(k)


def build_spec_columns(
    project: m.Project, measure: m.Measure, result: ChartResult, columns: PointColumns
) -> ChartSpec:
    """``build_spec(project, measure, analyse_measure(measure))``, from the result without
    points and the points as columns (``analyse_columns``)."""
    points = sorted(measure.points, key=attrgetter("date"))
    dates = tuple(p.date for p in points)
    chart = result.chart
    k = _scale(chart)
    y = _joined(columns, "y")
    n = len(y)
    excl = _joined(columns, "excluded")
    sigma = _joined(columns, "sigma")
    cl: list[float | None] = []
    for part in columns:
        cl += [part.cl] * len(part)
    ys = _scaled(y, k)
    ok = (
        [v is not None and not e for v, e in zip(y, excl, strict=True)]
        if True in excl or None in y
        else [True] * n
    )
    off = [u and v != c for u, v, c in zip(ok, y, cl, strict=True)]
    flagged = _flagged(result, y, ok, off, cl, sigma)
    astronomical = {i for i, p in enumerate(points) if p.astronomical and ys[i] is not None}
    special = dict.fromkeys(sorted(flagged | astronomical), "signal")
    for i in compress(range(n), excl):
        if ys[i] is not None:
            special[i] = "excluded"
    ends = set()
    for ph in result.phases:
        ends |= {ph.first, ph.last, ph.baseline_last}

    raws = {kind: _joined(columns, kind) for kind in ("ucl", "lcl")}
    scaled = {
        kind: _by_value(raw, lambda v: None if v is None else v * k) for kind, raw in raws.items()
    }
    sigma_lines: dict[int, list[float | None]] = {1: [], -1: []}
    for part in columns:
        for sign in (1, -1):
            sigma_lines[sign] += _by_value(
                part.sigma, lambda sd, c=part.cl, s=sign: two_sigma(chart, k, c, sd, s)
            )
    lines, has_sigma = reference_lines(
        measure,
        result,
        raws,
        scaled,
        sigma_lines,
        k,
        _steps,
        lambda ph: sigma[ph.first : ph.last + 1].count(None) < ph.last + 1 - ph.first,
    )
    phase_marks = phase_marks_of(measure, result, dates)
    dec = line_decimals(measure)

    rows = replace(result, points=_Rows(columns, n))  # type: ignore[arg-type]
    return ChartSpec(
        measure_id=measure.id,
        name=measure.name,
        chart=chart,
        percent=chart in m.PROPORTION_CHARTS,
        n=n,
        dates=dates,
        segments=tuple(_segments(ys)),
        marks=PointMarks(ys, special),  # type: ignore[arg-type]
        lines=tuple(lines),
        phases=tuple(phase_marks),
        pdsa=tuple(_pdsa_marks(project, dates)),
        header=tuple(header_lines(measure, result)),
        verdict=tuple(_verdict(measure, rows, points, dates, y, ok, off)),
        words=tuple(_words(measure, result, dates, raws, dec)),
        has_sigma=has_sigma,
        frozen=any(ph.baseline_last < ph.last for ph in result.phases),
        ends=frozenset(i for i in ends if 0 <= i < n and ys[i] is not None),
    )


def _verdict(
    measure: m.Measure,
    result: ChartResult,
    points: list[m.DataPoint],
    dates: tuple[Any, ...],
    y: list[float | None],
    ok: list[bool],
    off: list[bool],
) -> list[str]:
    """``verdict.verdict_lines(measure, result)`` with its counts from the columns."""
    days = list(dates) if result.signals else []
    lines = signal_lines(measure, result, days, Lookup(result, ok, off))
    astronomical = [
        f"Astronomical point (IHI rule 4, flagged by the team): {p.date}"
        for i, p in enumerate(points)
        if p.astronomical and i < len(y) and y[i] is not None
    ]
    return verdict_end(measure, result, lines, astronomical, bool(y))


def _words(
    measure: m.Measure,
    result: ChartResult,
    dates: tuple[Any, ...],
    raws: dict[str, list[float | None]],
    dec: int | None,
) -> list[str]:
    """``spec.words_lines``: each phase's centre and limits (``verdict.phase_line``), then
    the rule sets; the limits' range from the columns."""
    chart = result.chart
    out = []
    for phase in result.phases:
        first = dates[phase.first] if dates and phase.n_obs else None
        a, b = phase.first, phase.last + 1
        ucls = [v for v in raws["ucl"][a:b] if v is not None]
        lcls = [v for v in raws["lcl"][a:b] if v is not None]
        out.append(phase_words(measure, chart, phase, first, ucls, lcls, dec))
    names = ", ".join(RULE_SET_NAMES.get(r, r) for r in result.rule_sets)
    out.append(f"Rules: {names}")
    return out
