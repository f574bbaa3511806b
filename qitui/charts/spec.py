"""Step 1: a measure and its analysis as a :class:`ChartSpec` (no sizes, no plotext)."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, compress
from operator import ne, sub
from typing import Any

from qitui import model as m
from qitui.analysis.result import ChartResult, PhaseResult
from qitui.chart_names import chart_name
from qitui.charts.look import _CODES, _PHASE_WIDE
from qitui.verdict import (
    RULE_SET_NAMES,
    assurance_icon,
    centre_name,
    fmt_y,
    phase_line,
    variation_icon,
    verdict_lines,
)
from qitui.wording import line_decimals

# --------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class Path:
    """A polyline in plot coordinates (x = point index, y = display units)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True)
class RefLine:
    """A reference line: ``kind`` is centre, extension, ucl, lcl, sigma2 or target."""

    kind: str
    path: Path
    phase: int
    label: str = ""  # e.g. "median 72.0%"; drawn at the right of the last phase's lines


@dataclass(frozen=True)
class PointMark:
    x: int
    y: float
    kind: str  # "point", "signal" or "excluded"


@dataclass(frozen=True)
class PhaseMark:
    """The boundary before a phase (x = first index - 0.5), with its recorded reason."""

    x: float
    phase: int
    start: date
    reason: str


@dataclass(frozen=True)
class PdsaMark:
    """A PDSA cycle's start on the x axis (fractional index between two dates)."""

    x: float
    label: str
    title: str
    start: date
    code: str


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart shows, independent of its size (see :func:`build_spec`)."""

    measure_id: str
    name: str
    chart: str
    percent: bool
    n: int
    dates: tuple[date, ...]
    segments: tuple[Path, ...]
    marks: tuple[PointMark, ...]
    lines: tuple[RefLine, ...]
    phases: tuple[PhaseMark, ...]
    pdsa: tuple[PdsaMark, ...]
    header: tuple[str, ...]
    verdict: tuple[str, ...]
    words: tuple[str, ...]  # the chart type, centres and limits in words
    has_sigma: bool = False
    frozen: bool = False
    #: Indexes a thinned line always keeps: the first, last and last baseline point of each
    #: phase (signal, astronomical and excluded points are kept too: see ``special_marks``).
    ends: frozenset[int] = frozenset()
    #: the words only: points and lines left in the process that made it
    #: (:mod:`qitui.widgets.chart_process`), which lays it out and draws it
    light: bool = False

    def y_values(self, sigma2: bool = False) -> list[float]:
        """Every y the chart draws (for the y range)."""
        values = getattr(self.marks, "values", None)  # PointMarks: without making marks
        ys = [y for s in self.segments for y in s.ys]
        ys += values() if values is not None else [mk.y for mk in self.marks]
        for line in self.lines:
            if line.kind != "sigma2" or sigma2:
                ys += line.path.ys
        return ys

    @functools.cached_property
    def median_gap(self) -> int:
        """Days between neighbouring dates, the median (7 with fewer than two dates)."""
        return _median_gap(self.dates[: self.n])

    @functools.cached_property
    def special_marks(self) -> tuple[PointMark, ...]:
        """The signal, astronomical and excluded points: always drawn, however thin."""
        special = getattr(self.marks, "special", None)  # PointMarks: without making marks
        if special is not None:
            return special()
        return tuple(mk for mk in self.marks if mk.kind != "point")

    @functools.cached_property
    def _y_ranges(self) -> dict[bool, tuple[float, float]]:
        """The y range with and without the 2-sigma lines (every layout needs it)."""
        out = {}
        values = getattr(self.marks, "values", None)
        marks = values() if values is not None else [mk.y for mk in self.marks]
        for sigma2 in (False, True):
            # min and max of each part, in y_values' order (the same value, at C speed)
            parts = [s.ys for s in self.segments] + [marks]
            parts += [ln.path.ys for ln in self.lines if ln.kind != "sigma2" or sigma2]
            parts = [p for p in parts if p]
            out[sigma2] = (min(map(min, parts)), max(map(max, parts))) if parts else (0.0, 1.0)
        return out


def _scale(chart: str) -> float:
    return 100.0 if chart in m.PROPORTION_CHARTS else 1.0


def signal_points(result: ChartResult) -> set[int]:
    """Indexes of the points that a signal marks (shifts, trends, points beyond limits…).

    Phase-wide rules (too few crossings, too few/many runs) mark no point; in a shift or run,
    points on the centre line are not part of it and are not marked; in "2 of 3", only the
    points beyond the 2-sigma line are.
    """
    out: set[int] = set()
    for sig in result.signals:
        if sig.rule in _PHASE_WIDE:
            continue
        for i in range(sig.start, sig.end + 1):
            p = result.points[i]
            if p.y is None or p.excluded:
                continue
            if sig.direction in ("above", "below") and p.cl is not None and p.y == p.cl:
                continue
            if sig.rule == "two-of-three" and _inside_two_sigma(p):
                continue  # the third point of "2 of 3" is not itself a signal
            out.add(i)
    return out


def _inside_two_sigma(p: Any) -> bool:
    """A point within the 2-sigma lines (False when its chart reports no sigma: G, T)."""
    if p.sigma is None or p.cl is None or p.y is None:
        return False
    return p.cl - 2 * p.sigma <= p.y <= p.cl + 2 * p.sigma


def _segments(idx: Sequence[int], ys: Sequence[float | None]) -> list[Path]:
    """Consecutive drawn points with a value, split at every missing value (a gap)."""
    if isinstance(idx, range) and idx.step == 1 and None not in ys[idx.start : idx.stop]:
        if not idx:
            return []
        return [Path(tuple(map(float, idx)), tuple(ys[idx.start : idx.stop]))]  # type: ignore[arg-type]
    out: list[Path] = []
    cur_x: list[float] = []
    cur_y: list[float] = []
    prev = None
    for i in idx:
        y = ys[i]
        # A gap: this point is missing, or a missing point lies between it and the last one.
        broken = y is None or (prev is not None and any(ys[k] is None for k in range(prev, i)))
        if broken and cur_x:
            out.append(Path(tuple(cur_x), tuple(cur_y)))
            cur_x, cur_y = [], []
        if y is not None:
            cur_x.append(float(i))
            cur_y.append(y)
        prev = i
    if cur_x:
        out.append(Path(tuple(cur_x), tuple(cur_y)))
    return out


def _steps(idx: Sequence[int], vals: Sequence[float | None]) -> list[Path]:
    """A stepped line: each index's value from i - 0.5 to i + 0.5, merged where equal,
    broken where the value is missing."""
    out: list[Path] = []
    xs: list[float] = []
    ys: list[float] = []
    lo, hi = (idx.start, idx.stop) if isinstance(idx, range) and idx.step == 1 else (0, -1)
    if lo < hi and None not in vals[lo:hi]:  # in bulk: where the value changes, C-level
        part = vals[lo:hi]
        changes = compress(range(lo + 1, hi), map(ne, part, part[1:]))
        starts = [lo, *changes]
        ends = starts[1:] + [hi]
        xs = list(chain.from_iterable(zip([a - 0.5 for a in starts], [b - 1 + 0.5 for b in ends])))  # noqa: B905
        level = list(map(vals.__getitem__, starts))
        ys = list(chain.from_iterable(zip(level, level)))  # type: ignore[arg-type]  # noqa: B905
        return [Path(tuple(xs), tuple(ys))]
    for i in idx:
        v = vals[i]
        if v is None:
            if xs:
                out.append(Path(tuple(xs), tuple(ys)))
                xs, ys = [], []
            continue
        if ys and ys[-1] == v and len(xs) >= 2 and ys[-2] == v:
            xs[-1] = i + 0.5
            continue
        if xs:
            xs.append(i - 0.5)
            ys.append(v)
        else:
            xs.append(i - 0.5)
            ys.append(v)
        xs.append(i + 0.5)
        ys.append(v)
    if xs:
        out.append(Path(tuple(xs), tuple(ys)))
    return out


def _pdsa_marks(project: m.Project, dates: Sequence[date]) -> list[PdsaMark]:
    """Cycles with a start date within the data's dates, at their place between two points."""
    if not dates:
        return []
    cycles = sorted(
        (c for c in project.cycles if c.start is not None),
        key=lambda c: (c.start, c.number, c.label),
    )
    out: list[PdsaMark] = []
    for c in cycles:
        start = c.start
        assert start is not None
        if start < dates[0] or start > dates[-1]:
            continue
        k = bisect.bisect_left(dates, start)  # the first date on or after the start
        if dates[k] == start or k == 0:
            x = float(k)
        else:
            before, after = dates[k - 1], dates[k]
            x = k - 1 + (start - before).days / max((after - before).days, 1)
        code = _CODES[len(out) % len(_CODES)] + ("" if len(out) < len(_CODES) else str(len(out)))
        out.append(PdsaMark(x, c.label or c.id, c.title, start, code))
    return out


def two_sigma(chart: str, k: float, cl: float | None, sd: float | None, sign: int) -> float | None:
    """A 2-sigma line's value in display units (``k``), within what the chart can show."""
    if sd is None or cl is None:
        return None
    v = (cl + sign * 2 * sd) * k
    if chart in ("p", "u", "c", "mr", "pp", "up", "g", "t"):
        v = max(v, 0.0)
    if chart in m.PROPORTION_CHARTS:
        v = min(v, 100.0)
    return v


def reference_lines(
    measure: m.Measure,
    result: ChartResult,
    raws: dict[str, list[float | None]],
    scaled: dict[str, list[float | None]],
    sigma_lines: dict[int, list[float | None]],
    k: float,
    steps: Callable[[int, int, list[float | None]], list[Path]],
    has_sigma_in: Callable[[PhaseResult], bool],
) -> tuple[list[RefLine], bool]:
    """Each phase's centre (over its baseline, then extended), limits and 2-sigma lines as
    ``steps(first, stop, values)``, then the target; and whether a phase has 2-sigma lines."""
    chart = result.chart
    cname = centre_name(chart)
    dec = line_decimals(measure)  # centre and limits with the measure's precision
    lines: list[RefLine] = []
    has_sigma = False
    for ph in result.phases:
        if ph.cl is None:
            continue
        cl = ph.cl * k
        label = f"{cname} {fmt_y(chart, ph.cl, decimals=dec)}"
        base_end = ph.baseline_last + 0.5
        lines.append(RefLine("centre", Path((ph.first - 0.5, base_end), (cl, cl)), ph.phase, label))
        if ph.baseline_last < ph.last:
            lines.append(RefLine("extension", Path((base_end, ph.last + 0.5), (cl, cl)), ph.phase))
        for kind, tag in (("ucl", "UCL"), ("lcl", "LCL")):
            raw = raws[kind]
            last_val = next(
                (raw[i] for i in range(ph.last, ph.first - 1, -1) if raw[i] is not None), None
            )
            for path in steps(ph.first, ph.last + 1, scaled[kind]):
                label = f"{tag} {fmt_y(chart, last_val, decimals=dec)}"
                lines.append(RefLine(kind, path, ph.phase, label))
        if has_sigma_in(ph):
            has_sigma = True
            for sign in (1, -1):
                for path in steps(ph.first, ph.last + 1, sigma_lines[sign]):
                    lines.append(RefLine("sigma2", path, ph.phase))
    n = len(raws["ucl"])
    if measure.target is not None and n:
        t = measure.target * k
        last_phase = result.phases[-1].phase if result.phases else 0
        label = f"target {fmt_y(chart, measure.target)}"
        lines.append(RefLine("target", Path((-0.5, n - 0.5), (t, t)), last_phase, label))
    return lines, has_sigma


def phase_marks_of(
    measure: m.Measure, result: ChartResult, dates: Sequence[Any]
) -> list[PhaseMark]:
    """Where each phase after the first starts, with the reason recorded for it."""
    reasons = {ph.start: ph.reason for ph in measure.phases}
    marks: list[PhaseMark] = []
    for ph in result.phases[1:]:
        start = dates[ph.first]
        reason = next((r for s, r in sorted(reasons.items(), reverse=True) if s <= start), "")
        marks.append(PhaseMark(ph.first - 0.5, ph.phase, start, reason))
    return marks


def build_spec(project: m.Project, measure: m.Measure, result: ChartResult) -> ChartSpec:
    """A measure's chart as plain data: every number comes from ``result``."""
    points = sorted(measure.points, key=lambda p: p.date)
    dates = tuple(p.date for p in points)
    chart = result.chart
    k = _scale(chart)
    n = len(result.points)
    ys = [None if p.y is None else p.y * k for p in result.points]
    flagged = signal_points(result)
    astronomical = {i for i, p in enumerate(points) if p.astronomical and ys[i] is not None}
    ends = set()
    for ph in result.phases:
        ends |= {ph.first, ph.last, ph.baseline_last}
    idx = range(n)  # the spec has every point; each layout thins for its own size

    excluded = {i for i, p in enumerate(result.points) if p.excluded}
    special = flagged | astronomical
    marks: list[PointMark] = [
        PointMark(i, y, "excluded" if i in excluded else "signal" if i in special else "point")
        for i, y in enumerate(ys)
        if y is not None
    ]

    pts = result.points
    raws = {kind: [getattr(p, kind) for p in pts] for kind in ("ucl", "lcl")}
    scaled = {kind: [None if v is None else v * k for v in raw] for kind, raw in raws.items()}
    sigma_lines: dict[int, list[float | None]] = {}
    centres = [(p.cl, p.sigma) for p in pts]
    for sign in (1, -1):  # each distinct (cl, sigma) once
        done = {c: two_sigma(chart, k, c[0], c[1], sign) for c in dict.fromkeys(centres)}
        sigma_lines[sign] = list(map(done.__getitem__, centres))
    lines, has_sigma = reference_lines(
        measure,
        result,
        raws,
        scaled,
        sigma_lines,
        k,
        lambda a, b, vals: _steps(range(a, b), vals),
        lambda ph: any(p.sigma is not None for p in pts[ph.first : ph.last + 1]),
    )
    phase_marks = phase_marks_of(measure, result, dates)

    return ChartSpec(
        measure_id=measure.id,
        name=measure.name,
        chart=chart,
        percent=chart in m.PROPORTION_CHARTS,
        n=n,
        dates=dates,
        segments=tuple(_segments(idx, ys)),
        marks=tuple(marks),
        lines=tuple(lines),
        phases=tuple(phase_marks),
        pdsa=tuple(_pdsa_marks(project, dates)),
        header=tuple(header_lines(measure, result)),
        verdict=tuple(verdict_lines(measure, result)),
        words=tuple(words_lines(measure, result)),
        has_sigma=has_sigma,
        frozen=any(ph.baseline_last < ph.last for ph in result.phases),
        ends=frozenset(i for i in ends if 0 <= i < n and ys[i] is not None),
    )


def header_lines(measure: m.Measure, result: ChartResult) -> list[str]:
    """The measure's name and chart type; then its kind, better direction, target, unit."""
    parts = [measure.type]
    if measure.better:
        parts.append("higher is better" if measure.better == "up" else "lower is better")
    if measure.target is not None:
        parts.append(f"target {fmt_y(result.chart, measure.target, measure.unit)}")
    if measure.unit and result.chart not in m.PROPORTION_CHARTS and measure.target is None:
        parts.append(measure.unit)
    icons = ""
    if result.mdc is not None and result.mdc.variation is not None:
        icons = "  " + " ".join(
            i for i in (variation_icon(result.mdc), assurance_icon(result.mdc)) if i
        )
    return [
        f"{measure.name} — {chart_name(result.chart)}{icons}",
        " · ".join(p for p in parts if p),
    ]


def words_lines(measure: m.Measure, result: ChartResult) -> list[str]:
    """Centre and limits of each phase in words, and the rule sets applied."""
    dates = [p.date for p in sorted(measure.points, key=lambda p: p.date)]
    dec = line_decimals(measure)
    out = [phase_line(measure, result, ph, dates, dec) for ph in result.phases]
    names = ", ".join(RULE_SET_NAMES.get(r, r) for r in result.rule_sets)
    out.append(f"Rules: {names}")
    return out


def verdict_text(project: m.Project, measure: m.Measure, result: ChartResult) -> list[str]:
    """The plain-language verdict under a chart (the same words as ``qitui analyse``)."""
    del project
    return verdict_lines(measure, result)


def _median_gap(dates: Sequence[date]) -> int:
    days = list(map(date.toordinal, dates))
    gaps = sorted(map(sub, days[1:], days[:-1]))
    return gaps[len(gaps) // 2] if gaps else 7
