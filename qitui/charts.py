"""Run and control charts in the terminal: the one module that calls plotext.

Three steps, so that the app and the command line draw the same chart:

1. :func:`build_spec` turns a measure and its analysis (:class:`~qitui.analysis.ChartResult`)
   into a :class:`ChartSpec`: data segments split at gaps, centre lines per phase (baseline
   and frozen extension apart), stepped limits, 2-sigma lines, target, phase boundaries,
   signal points and PDSA marks. Every number comes from the analysis; p charts are in
   percent. Pure, no plotext; computed once per measure.
2. :func:`layout` fits a spec into a width and height: the plot's columns and rows, y and x
   ticks (dates), labels at the right of the lines, and whether PDSA cycles are labelled by
   their own names or by short codes explained in the legend. Pure and cheap.
3. :func:`draw` puts a laid-out spec on a plotext figure: plotext's own module for
   :func:`render_text` (``qitui chart``), or ``PlotextPlot.plt`` in the app.

Signals are told by marker and words as well as by colour, so that charts read the same with
``NO_COLOR``, in 16 colours or in monochrome over SSH.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from qitui import model as m
from qitui.analysis.result import ChartResult
from qitui.verdict import (
    CHART_NAMES,
    RULE_SET_NAMES,
    assurance_icon,
    centre_name,
    fmt_y,
    phase_line,
    variation_icon,
    verdict_lines,
)
from qitui.wording import line_decimals

# --------------------------------------------------------------------------- look

#: Markers: each kind of thing on the chart has its own character, so colour is optional.
MARK_POINT = "•"
MARK_SIGNAL = "◆"
MARK_EXCLUDED = "○"
LINE_CENTRE = "─"
LINE_EXTENSION = "┈"
LINE_LIMIT = "╌"
LINE_SIGMA2 = "·"
LINE_TARGET = "═"
MARK_PHASE = "│"
MARK_PDSA = "▲"
DATA_LINE = "braille"

RGB = tuple[int, int, int]
#: RGB colours (DESIGN.md: named colours are remapped by Textual themes). Chosen to stay
#: distinct when downgraded to 16 colours: bright blue, red, green, grey, yellow, magenta.
COLOURS: dict[str, RGB] = {
    "data": (30, 144, 255),
    "signal": (255, 99, 71),
    "excluded": (150, 150, 150),
    "centre": (0, 160, 80),
    "limit": (150, 150, 150),
    "sigma2": (150, 150, 150),
    "target": (200, 140, 0),
    "phase": (170, 70, 200),
    "pdsa": (170, 70, 200),
}

#: Above this many points per column of the plot, the line is thinned for display (never for
#: the analysis): a braille cell has two dots across, so more points than this are invisible.
THIN_PER_COLUMN = 4
#: Phase-wide rules: they mark no particular points.
_PHASE_WIDE = {"few-crossings", "too-few-runs", "too-many-runs"}
_CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Columns left empty before the first point: half the longest date label ("12 Jan 2026").
LEFT_MARGIN = 6


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

    def y_values(self, sigma2: bool = False) -> list[float]:
        """Every y the chart draws (for the y range)."""
        ys = [y for s in self.segments for y in s.ys] + [mk.y for mk in self.marks]
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
        return tuple(mk for mk in self.marks if mk.kind != "point")

    @functools.cached_property
    def _y_ranges(self) -> dict[bool, tuple[float, float]]:
        """The y range with and without the 2-sigma lines (every layout needs it)."""
        out = {}
        for sigma2 in (False, True):
            ys = self.y_values(sigma2)
            out[sigma2] = (min(ys), max(ys)) if ys else (0.0, 1.0)
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


def thin_indices(
    ys: Sequence[float | None],
    per_bucket: float,
    keep: Iterable[int] = (),
    origin: float = 0.0,
) -> list[int]:
    """Indexes of ``ys`` to draw when a series is denser than its canvas (display only).

    The indexes fall into buckets of ``per_bucket`` (index ``i`` in bucket
    ``floor((i - origin) / per_bucket)``: one bucket per canvas column). Kept, in order: the
    lowest and the highest value of each bucket (so spikes stay visible), the first and last
    point of each run of values between missing ones (so a gap still breaks the line), and
    every index in ``keep`` that has a value. Missing values are never returned. At most
    ``2 × buckets + 2 × runs + len(keep)`` indexes.
    """
    n = len(ys)
    chosen = {i for i in keep if 0 <= i < n and ys[i] is not None}
    i = 0
    while i < n:
        if ys[i] is None:
            i += 1
            continue
        j = i
        while j < n and ys[j] is not None:
            j += 1
        _thin_run(i, ys[i:j], per_bucket, origin, chosen)  # type: ignore[arg-type]
        i = j
    return sorted(chosen)


def _thin_run(
    first: int, ys: Sequence[float], per_bucket: float, origin: float, out: set[int]
) -> None:
    """Add to ``out`` the indexes kept of one run of values (``ys[k]`` is index ``first + k``):
    its first and last, and each bucket's lowest and highest (min/max over slices: C speed)."""
    n = len(ys)
    if not n:
        return
    out.add(first)
    out.add(first + n - 1)
    if per_bucket <= 0:
        out.update(range(first, first + n))
        return
    inv = 1.0 / per_bucket
    a = 0
    while a < n:
        bucket = math.floor((first + a - origin) * inv)
        b = math.ceil((bucket + 1) * per_bucket + origin - 1e-9) - first
        b = min(max(b, a + 1), n)
        part = ys[a:b]
        out.add(first + a + part.index(min(part)))
        out.add(first + a + part.index(max(part)))
        a = b


def _segments(idx: Sequence[int], ys: Sequence[float | None]) -> list[Path]:
    """Consecutive drawn points with a value, split at every missing value (a gap)."""
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

    marks: list[PointMark] = []
    for i in idx:
        y = ys[i]
        if y is None:
            continue
        if result.points[i].excluded:
            kind = "excluded"
        elif i in flagged or i in astronomical:
            kind = "signal"
        else:
            kind = "point"
        marks.append(PointMark(i, y, kind))

    lines: list[RefLine] = []
    cname = centre_name(chart)
    dec = line_decimals(measure)  # centre and limits with the measure's precision
    last_phase = result.phases[-1].phase if result.phases else 0
    has_sigma = False
    pts = result.points
    # Limits and 2-sigma lines in display units, once for all phases.
    raws = {kind: [getattr(p, kind) for p in pts] for kind in ("ucl", "lcl")}
    scaled = {kind: [None if v is None else v * k for v in raw] for kind, raw in raws.items()}
    lo_bound = 0.0 if chart in ("p", "u", "c", "mr", "pp", "up", "g", "t") else None
    hi_bound = 100.0 if chart in m.PROPORTION_CHARTS else None
    sigma_lines: dict[int, list[float | None]] = {}
    for sign in (1, -1):
        vals2: list[float | None] = []
        for p in pts:
            if p.sigma is None or p.cl is None:
                vals2.append(None)
                continue
            v = (p.cl + sign * 2 * p.sigma) * k
            if lo_bound is not None:
                v = max(v, lo_bound)
            if hi_bound is not None:
                v = min(v, hi_bound)
            vals2.append(v)
        sigma_lines[sign] = vals2
    for ph in result.phases:
        if ph.cl is None:
            continue
        cl = ph.cl * k
        label = f"{cname} {fmt_y(chart, ph.cl, decimals=dec)}"
        base_end = ph.baseline_last + 0.5
        lines.append(RefLine("centre", Path((ph.first - 0.5, base_end), (cl, cl)), ph.phase, label))
        if ph.baseline_last < ph.last:
            lines.append(RefLine("extension", Path((base_end, ph.last + 0.5), (cl, cl)), ph.phase))
        pidx = range(ph.first, ph.last + 1)
        for kind, tag in (("ucl", "UCL"), ("lcl", "LCL")):
            raw = raws[kind]
            last_val = next(
                (raw[i] for i in range(ph.last, ph.first - 1, -1) if raw[i] is not None), None
            )
            for path in _steps(pidx, scaled[kind]):
                label = f"{tag} {fmt_y(chart, last_val, decimals=dec)}"
                lines.append(RefLine(kind, path, ph.phase, label))
        if any(p.sigma is not None for p in pts[ph.first : ph.last + 1]):
            has_sigma = True
            for sign in (1, -1):
                for path in _steps(pidx, sigma_lines[sign]):
                    lines.append(RefLine("sigma2", path, ph.phase))
    if measure.target is not None and n:
        lines.append(
            RefLine(
                "target",
                Path((-0.5, n - 0.5), (measure.target * k, measure.target * k)),
                last_phase,
                f"target {fmt_y(chart, measure.target)}",
            )
        )

    reasons = {ph.start: ph.reason for ph in measure.phases}
    phase_marks: list[PhaseMark] = []
    for ph in result.phases[1:]:
        start = dates[ph.first]
        reason = next((r for s, r in sorted(reasons.items(), reverse=True) if s <= start), "")
        phase_marks.append(PhaseMark(ph.first - 0.5, ph.phase, start, reason))

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
        f"{measure.name} — {CHART_NAMES.get(result.chart, result.chart)}{icons}",
        " · ".join(p for p in parts if p),
    ]


def words_lines(measure: m.Measure, result: ChartResult) -> list[str]:
    """Centre and limits of each phase in words, and the rule sets applied."""
    out = [phase_line(measure, result, ph) for ph in result.phases]
    names = ", ".join(RULE_SET_NAMES.get(r, r) for r in result.rule_sets)
    out.append(f"Rules: {names}")
    return out


def verdict_text(project: m.Project, measure: m.Measure, result: ChartResult) -> list[str]:
    """The plain-language verdict under a chart (the same words as ``qitui analyse``)."""
    del project
    return verdict_lines(measure, result)


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Label:
    col: int
    row: int
    text: str
    colour: str


@dataclass(frozen=True)
class Layout:
    """A spec fitted to a size: canvas columns and rows and where every label goes."""

    width: int
    height: int
    cols: int  # canvas columns (inside the frame)
    rows: int  # canvas rows
    data_cols: int  # columns of the data area (the rest holds the line labels)
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    yticks: tuple[tuple[float, str], ...]
    xticks: tuple[tuple[int, str], ...]
    labels: tuple[Label, ...]
    pdsa_codes: bool
    sigma2: bool
    dense: bool  # too many points for a marker on each: the line only (signals still marked)
    #: The data as drawn at this size: thinned when denser than the canvas can show.
    segments: tuple[Path, ...] = ()
    marks: tuple[PointMark, ...] = ()
    thinned: bool = False

    def x_at(self, col: float) -> float:
        """The x coordinate that plotext puts in canvas column ``col``."""
        lo, hi = self.xlim
        return lo + col * (hi - lo) / max(self.cols - 1, 1)

    def y_at(self, row: float) -> float:
        """The y coordinate that plotext puts in canvas row ``row`` (0 = bottom)."""
        lo, hi = self.ylim
        return lo + row * (hi - lo) / max(self.rows - 1, 1)

    @functools.cached_property
    def canvas_cols(self) -> int:
        """The canvas columns plotext really draws: its y tick labels take their own width,
        which can be narrower than the width planned for (``cols`` is then too small)."""
        if not self.yticks:
            return self.cols
        return max(self.width - max(len(t) for _, t in self.yticks) - 2, 1)

    def canvas_x_at(self, col: int) -> float:
        """The x that plotext puts in its canvas column ``col`` (see :attr:`canvas_cols`)."""
        lo, hi = self.xlim
        return lo + col * (hi - lo) / max(self.canvas_cols - 1, 1)

    def canvas_col_of(self, x: float) -> int:
        return _cells((x,), self.xlim, self.canvas_cols)[0]

    def col_of(self, x: float) -> int:
        return _cells((x,), self.xlim, self.cols)[0]

    def row_of(self, y: float) -> int:
        return _cells((y,), self.ylim, self.rows)[0]


def _cells(values: Iterable[float], lim: tuple[float, float], n: int) -> list[int]:
    """The cell (of ``n`` spanning ``lim``) of each value, as plotext finds it:
    ``floor(round(0.5 + (n - 1) * (v - lo) / (hi - lo), 8))``. Rounding to 8 decimals can
    only carry a value up to the next whole number, so it is skipped when a value is far
    from one (``round`` costs more than the rest)."""
    lo, hi = lim
    k, span, floor = n - 1, hi - lo, math.floor
    out = []
    for v in values:
        d = 0.5 + k * (v - lo) / span
        f = floor(d)
        out.append(f if d - f < 0.99999999 else floor(round(d, 8)))
    return out


@dataclass(frozen=True)
class _Axis:
    """Cells along one axis (``n`` of them spanning ``lim``): ``axis(v)`` is one value's."""

    lim: tuple[float, float]
    n: int

    def __call__(self, v: float) -> int:
        return _cells((v,), self.lim, self.n)[0]

    def many(self, values: Iterable[float]) -> list[int]:
        return _cells(values, self.lim, self.n)


def _nice_step(span: float, count: int) -> float:
    """The 1-2-2.5-5 step that gives the number of ticks nearest to ``count`` intervals."""
    raw = span / max(count, 1)
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    steps = [f * mag for f in (0.5, 1, 2, 2.5, 5, 10)]
    return min(steps, key=lambda st: (abs(span / st - count), -st))


def _decimals(step: float) -> int:
    for d in range(0, 7):
        if abs(round(step, d) - step) < step * 1e-6:
            return d
    return 6


def _tick_label(v: float, decimals: int, percent: bool) -> str:
    text = f"{v:,.{decimals}f}"
    if text.startswith("-") and float(v) == 0:
        text = text[1:]
    return text + ("%" if percent else "")


def _y_ticks(lo: float, hi: float, count: int, percent: bool) -> list[tuple[float, str]]:
    step = _nice_step(hi - lo, max(count - 1, 1))
    d = _decimals(step)
    first = math.ceil(lo / step - 1e-9) * step
    ticks: list[tuple[float, str]] = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append((v, _tick_label(v, d, percent)))
        v = first + len(ticks) * step
    return ticks


def _y_range(spec: ChartSpec, sigma2: bool) -> tuple[float, float]:
    lo, hi = spec._y_ranges[sigma2]
    if hi - lo < 1e-12:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    return lo, hi


def _ylabel_width(spec: ChartSpec, sigma2: bool) -> int:
    """Width of the y tick labels, the same for any height (so that columns depend on width
    only, and the legend never makes the chart change its mind)."""
    lo, hi = _y_range(spec, sigma2)
    widths = [
        len(lab) for count in range(2, 12) for _, lab in _y_ticks(lo, hi, count, spec.percent)
    ]
    return max(widths, default=3)


def _date_label(d: date, prev: date | None, monthly: bool) -> str:
    with_year = prev is None or prev.year != d.year
    if monthly:
        return f"{d:%b %Y}" if with_year else f"{d:%b}"
    return f"{d.day} {d:%b %Y}" if with_year else f"{d.day} {d:%b}"


def _tick_steps(monthly: bool, weekly: bool) -> list[int]:
    if monthly:
        base = [1, 2, 3, 4, 6, 12]
    elif weekly:
        base = [1, 2, 4, 8, 13, 26, 52]
    else:
        base = [1, 2, 5, 7, 14, 28]
    top = base[-1]
    while top < 10**7:
        top *= 2
        base.append(top)
    return base


def _median_gap(dates: Sequence[date]) -> int:
    gaps = sorted((b - a).days for a, b in zip(dates, dates[1:], strict=False))
    return gaps[len(gaps) // 2] if gaps else 7


def x_ticks(
    dates: Sequence[date], col_of: Any, cols: int, gap: int | None = None
) -> list[tuple[int, str]]:
    """Date ticks that fit: the smallest regular step whose labels do not touch.

    ``col_of(x)`` maps an index to its canvas column; labels are centred on their tick and
    need two spaces between them (plotext drops a label that has no room). ``gap``: the
    median days between dates, if known.
    """
    n = len(dates)
    if n == 0:
        return []
    if gap is None:
        gap = _median_gap(dates)
    monthly, weekly = gap >= 28, 6 <= gap < 28
    shortest = 3 if monthly else 5  # "Mar"; "2 Mar"
    for step in _tick_steps(monthly, weekly):
        offset = 0
        if monthly and step in (3, 6, 12) and n > step:
            # Quarters and years start in January, April, July, October.
            offset = next((i for i in range(step) if (dates[i].month - 1) % step == 0), 0)
        chosen = range(offset, n, step)
        # Two neighbouring labels need their width plus two columns between their ticks:
        # a step whose ticks are closer than that cannot fit (skipped without labelling
        # thousands of dates; the bound allows for rounding to columns).
        if len(chosen) > 2 and col_of(step) - col_of(0) + 2 < shortest + 2:
            continue
        ticks = _labelled(dates, list(chosen), monthly)
        # A label that would cross the frame's corners is left out (the next one then
        # carries the year).
        lo = 0
        while lo < len(ticks) and col_of(ticks[lo][0]) - len(ticks[lo][1]) // 2 < 0:
            lo += 1
            if lo < len(ticks):
                ticks[lo] = _labelled(dates, [ticks[lo][0]], monthly)[0]
        ticks = ticks[lo:]
        while ticks and col_of(ticks[-1][0]) - len(ticks[-1][1]) // 2 + len(ticks[-1][1]) > cols:
            ticks.pop()
        if len(ticks) >= min(2, n) and _ticks_fit(ticks, col_of, cols):
            return ticks
    return _labelled(dates, [n // 2], monthly)


def _labelled(dates: Sequence[date], chosen: list[int], monthly: bool) -> list[tuple[int, str]]:
    ticks: list[tuple[int, str]] = []
    prev: date | None = None
    for i in chosen:
        ticks.append((i, _date_label(dates[i], prev, monthly)))
        prev = dates[i]
    return ticks


def _ticks_fit(ticks: list[tuple[int, str]], col_of: Any, cols: int) -> bool:
    end = -(10**6)
    for i, text in ticks:
        c = col_of(i)
        start = c - len(text) // 2
        # Labels stay clear of the frame's corners: plotext shifts a label that would cross
        # them, and where it lands then depends on set ordering (hash seed).
        if start < 0 or start + len(text) > cols or start < end + 2:
            return False
        end = start + len(text)
    return True


def layout(spec: ChartSpec, width: int, height: int, sigma2: bool = False) -> Layout:
    """Fit ``spec`` into ``width`` × ``height`` cells (the whole plot, frame and ticks)."""
    sigma2 = sigma2 and spec.has_sigma
    ylab = _ylabel_width(spec, sigma2)
    cols = max(width - ylab - 2, 4)
    rows = max(height - 3, 3)
    right = [line for line in spec.lines if line.label and line.phase == _last_phase(spec)]
    # Rows do not depend on the width: place the labels first, then make room for them.
    lo, hi = _y_range(spec, sigma2)
    bottom = 1 if spec.pdsa else 0
    top = 1 if spec.phases else 0
    usable = max(rows - 1 - bottom - top, 1)
    step = (hi - lo) / usable
    ylim = (lo - bottom * step, hi + top * step)
    row_of = _Axis(ylim, rows)
    placed, shared = _right_labels(right, row_of, rows, bottom)
    label_w = min(max((len(t) for _r, t, _k in placed), default=0), max(cols // 3, 6))
    data_cols = max(cols - (label_w + 2 if label_w else 1), 2)
    n = max(spec.n, 1)
    # A left margin, so that the first date label sits whole under its tick.
    margin = LEFT_MARGIN if data_cols > 3 * LEFT_MARGIN else 0
    per_col = n / max(data_cols - margin - 1, 1)
    x_lo = -0.5 - margin * per_col
    xlim = (x_lo, x_lo + per_col * (cols - 1))

    # Rows (above): one at the bottom for PDSA marks, one at the top for phase labels.
    yticks = tuple(_y_ticks(lo, hi, min(max(int(usable / 2.5), 2), 10), spec.percent))

    col_of = _Axis(xlim, cols)
    xt = tuple(x_ticks(spec.dates[: spec.n], col_of, data_cols, spec.median_gap))
    dense = len(spec.marks) > data_cols * 2 // 3
    segments, marks, thinned = _thin_for(spec, per_col, x_lo - 0.5 * per_col, dense, col_of, row_of)
    labels = [
        Label(data_cols + 1, row, text[: cols - data_cols - 1], kind) for row, text, kind in placed
    ]
    if shared is not None:  # the target's row is the centre's: its label at the line's start
        left = _line_start_label(shared, spec, marks, col_of, row_of, (bottom, rows - top))
        if left is not None:
            labels = [lb for lb in labels if lb.colour != "target"] + [left]
    for ph in spec.phases:
        labels.append(Label(col_of(ph.x) + 1, rows - 1, f"P{ph.phase}", "phase"))
    labels += _earlier_centre_labels(spec, marks, col_of, row_of, rows, bottom, top)
    codes = False
    if spec.pdsa:
        codes = _pdsa_collide([(col_of(p.x), MARK_PDSA + p.label) for p in spec.pdsa], data_cols)
        for group in _pdsa_groups(spec.pdsa, col_of, codes):
            col, text = group
            col = min(col, max(cols - len(text), 0))
            labels.append(Label(col, 0, text, "pdsa"))
    return Layout(
        width=width,
        height=height,
        cols=cols,
        rows=rows,
        data_cols=data_cols,
        xlim=xlim,
        ylim=ylim,
        yticks=yticks,
        xticks=xt,
        labels=tuple(labels),
        pdsa_codes=codes,
        sigma2=sigma2,
        dense=dense,
        segments=segments,
        marks=marks,
        thinned=thinned,
    )


def _right_labels(
    right: Sequence[RefLine], row_of: _Axis, rows: int, bottom: int
) -> tuple[list[tuple[int, str, str]], RefLine | None]:
    """(row, text, kind) of the labels at the right of the last phase's lines, nudged a row
    towards their value when two would share a row; and the target line when it falls on
    the centre line's row (drawn over it there, so its label is better at its start)."""
    placed: dict[int, tuple[str, str, float]] = {}
    order = {"centre": 0, "target": 1, "ucl": 2, "lcl": 3}
    seen: set[str] = set()
    shared: RefLine | None = None
    for line in sorted(right, key=lambda ln: order.get(ln.kind, 9)):
        if line.kind in seen or line.kind not in order:
            continue
        seen.add(line.kind)
        value = line.path.ys[-1]
        want = row_of(value)
        taken = placed.get(want)
        if line.kind == "target" and taken is not None and taken[1] == "centre":
            shared = line
        away = -1 if taken is not None and value < taken[2] else 1
        for row in (want, want + away, want - away):
            if 0 <= row < rows and row not in placed and not (bottom and row == 0):
                placed[row] = (line.label, line.kind, value)
                break
    return [(row, text, kind) for row, (text, kind, _v) in placed.items()], shared


def _line_start_label(
    line: RefLine,
    spec: ChartSpec,
    marks: Sequence[PointMark],
    col_of: _Axis,
    row_of: _Axis,
    free_rows: tuple[int, int],
) -> Label | None:
    """``line``'s label on its own row, just after the line's start, where the line shows
    (no centre line is drawn over it there) and the label hides no point; else None."""
    row = row_of(line.path.ys[0])
    start = col_of(line.path.xs[0]) + 1
    if not (free_rows[0] <= row < free_rows[1]):
        return None
    cells = range(start - 1, start + len(line.label) + 1)
    for other in spec.lines:
        on_row = other.kind in ("centre", "extension") and row_of(other.path.ys[0]) == row
        if on_row and col_of(other.path.xs[0]) <= cells[-1] >= cells[0] <= col_of(
            other.path.xs[-1]
        ):
            return None
    if any(col_of(mk.x) in cells and row_of(mk.y) == row for mk in marks):
        return None
    return Label(start, row, line.label, line.kind)


def _thin_for(
    spec: ChartSpec, per_col: float, origin: float, dense: bool, col_of: _Axis, row_of: _Axis
) -> tuple[tuple[Path, ...], tuple[PointMark, ...], bool]:
    """The segments and marks to draw when each canvas column holds ``per_col`` points.

    Up to :data:`THIN_PER_COLUMN` points a column, or when each point has its own marker
    (not ``dense``), everything. Above, each segment keeps its ends, each column's lowest
    and highest point and the phases' ends; signal, astronomical and excluded points keep
    their markers (one per character cell and kind: more would draw the same marker on the
    same cell). Display only: every number drawn still comes from the analysis."""
    if per_col <= THIN_PER_COLUMN or not dense or not spec.segments:
        return spec.segments, spec.marks, False
    # Markers: one per character cell and kind (more would draw the same marker again).
    cells: set[tuple[str, int, int]] = set()
    special: list[PointMark] = []
    marks = spec.special_marks
    mark_cols, mark_rows = col_of.many(mk.x for mk in marks), row_of.many(mk.y for mk in marks)
    for mk, c, r in zip(marks, mark_cols, mark_rows, strict=True):
        cell = (mk.kind, c, r)
        if cell not in cells:
            cells.add(cell)
            special.append(mk)
    # The line: each column's lowest and highest point, so that every point in the column,
    # and so every marker, lies on its stroke; and the phases' ends.
    segments = []
    shown: list[PointMark] = []
    for seg in spec.segments:
        first, last = int(seg.xs[0]), int(seg.xs[-1])
        chosen = {i for i in spec.ends if first <= i <= last}
        _thin_run(first, seg.ys, per_col, origin, chosen)
        idx = sorted(chosen)
        xs = tuple(float(i) for i in idx)
        ys = tuple(seg.ys[i - first] for i in idx)
        segments.append(Path(xs, ys))
        shown += [PointMark(i, y, "point") for i, y in zip(idx, ys, strict=True)]
    return tuple(segments), tuple(shown) + tuple(special), True


def _earlier_centre_labels(
    spec: ChartSpec,
    marks: Sequence[PointMark],
    col_of: _Axis,
    row_of: _Axis,
    rows: int,
    bottom: int,
    top: int,
) -> list[Label]:
    """The centre value of each earlier phase, just before its end, on a row (the line's, or
    the one above or below) where it hides no point."""
    out: list[Label] = []
    last = _last_phase(spec)
    occupied: set[tuple[int, int]] | None = None
    for line in spec.lines:
        if line.kind != "centre" or line.phase == last:
            continue
        if occupied is None:
            xs, ys = col_of.many(mk.x for mk in marks), row_of.many(mk.y for mk in marks)
            occupied = set(zip(xs, ys, strict=True))
        ends = [ln.path.xs[-1] for ln in spec.lines if ln.phase == line.phase]
        end_col = col_of(max(ends)) - 1
        text = line.label.split(" ", 1)[-1]
        start_col = end_col - len(text) + 1
        if start_col < col_of(line.path.xs[0]) + 1:
            continue
        want = row_of(line.path.ys[0])
        for row in (want + 1, want - 1, want):
            if not (bottom <= row < rows - top):
                continue
            if any((c, row) in occupied for c in range(start_col - 1, end_col + 2)):
                continue
            out.append(Label(start_col, row, text, "centre"))
            break
    return out


def _last_phase(spec: ChartSpec) -> int:
    return max((line.phase for line in spec.lines), default=0)


def _pdsa_collide(items: list[tuple[int, str]], cols: int) -> bool:
    end = -2
    for col, text in items:
        if col < end + 1 or col + len(text) > cols + 8:
            return True
        end = col + len(text)
    return False


def _pdsa_groups(pdsa: Sequence[PdsaMark], col_of: Any, codes: bool) -> list[tuple[int, str]]:
    """(column, text) of each PDSA label; with codes, marks too close share one label."""
    if not codes:
        return [(col_of(p.x), MARK_PDSA + p.label) for p in pdsa]
    groups: list[tuple[int, str]] = []
    for p in pdsa:
        col = col_of(p.x)
        if groups and col <= groups[-1][0] + len(groups[-1][1]):
            gcol, gtext = groups[-1]
            groups[-1] = (gcol, gtext + p.code)
        else:
            groups.append((col, MARK_PDSA + p.code))
    return groups


# --------------------------------------------------------------------------- legend


def legend_lines(spec: ChartSpec, lay: Layout) -> list[str]:
    """What the markers mean (only those drawn), then the PDSA cycles and phase reasons."""
    return [marker_line(spec, lay), *pdsa_lines(spec, lay)] if spec.n else []


def marker_line(spec: ChartSpec, lay: Layout) -> str:
    """One line naming the markers and lines drawn, e.g. "• value  ◆ signal  ─ median"."""
    cname = centre_name(spec.chart)
    kinds = {line.kind for line in spec.lines}
    items = []
    if spec.marks:
        items.append(f"{MARK_POINT} value" if not lay.dense else "⠒ values")
    if any(mk.kind == "signal" for mk in spec.marks):
        items.append(f"{MARK_SIGNAL} signal")
    if any(mk.kind == "excluded" for mk in spec.marks):
        items.append(f"{MARK_EXCLUDED} excluded")
    if "centre" in kinds:
        items.append(f"{LINE_CENTRE} {cname}")
    if "extension" in kinds:
        items.append(f"{LINE_EXTENSION} {cname} extended")
    if "ucl" in kinds or "lcl" in kinds:
        items.append(f"{LINE_LIMIT} 3σ limits")
    if lay.sigma2:
        items.append(f"{LINE_SIGMA2} 2σ")
    if "target" in kinds:
        items.append(f"{LINE_TARGET} target")
    if spec.phases:
        items.append(f"{MARK_PHASE} phase")
    if spec.pdsa:
        items.append(f"{MARK_PDSA} PDSA")
    return "  ".join(items)


def _short(text: str, limit: int = 40) -> str:
    return textwrap.shorten(text, limit, placeholder="…")


def pdsa_lines(spec: ChartSpec, lay: Layout) -> list[str]:
    """The PDSA cycles marked (with their codes if the chart uses codes), the phases'
    reasons, and a note when the series is thinned for display."""
    out: list[str] = []
    if spec.pdsa:
        parts = []
        fmt = "%-d %b" if len({p.start.year for p in spec.pdsa}) == 1 else "%-d %b %Y"
        for p in spec.pdsa:
            name = f"{p.code}={p.label}" if lay.pdsa_codes else p.label
            title = f" {_short(p.title)}" if p.title else ""
            parts.append(f"{name}{title} ({p.start.strftime(fmt)})")
        out.append("PDSA: " + "; ".join(parts))
    for ph in spec.phases:
        reason = f": {ph.reason}" if ph.reason else ""
        out.append(f"P{ph.phase} from {ph.start:%-d %b %Y}{reason}")
    if lay.thinned:
        out.append(f"{spec.n} points, thinned for display (every signal shown)")
    return out


def wrap(lines: Iterable[str], width: int, indent: str = "  ") -> list[str]:
    """Lines wrapped to ``width`` columns (continuations indented)."""
    out: list[str] = []
    for line in lines:
        if not line:
            out.append("")
            continue
        out += textwrap.wrap(
            line, width, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False
        ) or [""]
    return out


# --------------------------------------------------------------------------- drawing


def _colour(name: str, mode: str) -> Any:
    rgb = COLOURS.get(name, COLOURS["data"])
    if mode == "256":
        return _xterm256(rgb)
    return rgb


def _xterm256(rgb: RGB) -> int:
    """The nearest xterm-256 colour (the 6×6×6 cube or the grey ramp): safe over SSH."""
    r, g, b = rgb
    if r == g == b:
        if r < 8:
            return 16
        if r > 238:
            return 231
        return 232 + round((r - 8) / 247 * 24)

    def q(v: int) -> int:
        return 0 if v < 48 else 1 if v < 115 else (v - 35) // 40

    return 16 + 36 * q(r) + 6 * q(g) + q(b)


def draw(
    plt: Any, spec: ChartSpec, lay: Layout, mode: str = "rgb", background: Any = "default"
) -> None:
    """Draw ``spec`` as laid out by ``lay`` on a plotext figure (module or PlotextPlot.plt).

    ``mode``: "rgb" (the app), "256" (a terminal) or "none" (no colour codes wanted; the
    caller strips them after building). ``background``: the canvas colour behind labels
    ("default" in a terminal; the theme's surface colour in the app).
    """
    plt.clear_figure()
    # Not limited to the terminal's size: `qitui chart --width 120` in an 80-column pipe.
    limit = getattr(plt, "limit_size", None) or plt._limit_size
    limit(False, False)
    plt.plotsize(lay.width, lay.height)
    plt.xlim(*lay.xlim)
    plt.ylim(*lay.ylim)
    plt.yticks([v for v, _ in lay.yticks], [t for _, t in lay.yticks])
    # Tick marks only: the date labels are written by :func:`x_label_line`, because plotext
    # nudges labels by a column depending on hash ordering (not reproducible run to run).
    plt.xticks([float(i) for i, _ in lay.xticks], [" " for _ in lay.xticks])

    def col(name: str) -> Any:
        return _colour(name, mode)

    if spec.n == 0:
        plt.text(
            "No data yet",
            lay.x_at(lay.cols // 2 - 5),
            lay.y_at(lay.rows // 2),
            color=col("data"),
            background=background,
            alignment="left",
        )
        return
    for ph in spec.phases:
        plt.vline(ph.x, col("phase"))
    styles = {
        "sigma2": (LINE_SIGMA2, "sigma2"),
        "ucl": (LINE_LIMIT, "limit"),
        "lcl": (LINE_LIMIT, "limit"),
        "target": (LINE_TARGET, "target"),
        "extension": (LINE_EXTENSION, "centre"),
        "centre": (LINE_CENTRE, "centre"),
    }
    for kind in ("sigma2", "ucl", "lcl", "target", "extension", "centre"):
        if kind == "sigma2" and not lay.sigma2:
            continue
        marker, colour = styles[kind]
        xs: list[float] = []
        ys: list[float] = []
        for line in spec.lines:
            if line.kind != kind:
                continue
            if len(line.path.xs) == 2:
                plt.plot(list(line.path.xs), list(line.path.ys), marker=marker, color=col(colour))
                continue
            for hx, hy in _step_cells(line.path, lay):
                xs.append(hx)
                ys.append(hy)
        if xs:
            plt.scatter(xs, ys, marker=marker, color=col(colour))
    markers = _marker_cells(spec, lay) if _TEXT_LINES else set()
    if not _TEXT_LINES:
        for seg in lay.segments:
            if len(seg.xs) > 1:
                plt.plot(list(seg.xs), list(seg.ys), marker=DATA_LINE, color=col("data"))
    for kind, marker, colour in (
        ("point", MARK_POINT, "data"),
        ("excluded", MARK_EXCLUDED, "excluded"),
        ("signal", MARK_SIGNAL, "signal"),
    ):
        if kind == "point" and lay.dense:
            continue
        pts = [mk for mk in lay.marks if mk.kind == kind]
        if pts:
            plt.scatter(
                [float(mk.x) for mk in pts],
                [mk.y for mk in pts],
                marker=marker,
                color=col(colour),
            )
    if lay.dense:
        # A lone point between two gaps has no line: give it a marker.
        lone = [s for s in lay.segments if len(s.xs) == 1]
        if lone:
            plt.scatter(
                [s.xs[0] for s in lone],
                [s.ys[0] for s in lone],
                marker=MARK_POINT,
                color=col("data"),
            )
    if _TEXT_LINES:
        # The data line, drawn by us in plotext's braille dots, as runs of cells in a row
        # (plotext spends ~5 µs on each dot of a line: 0.2 s for a dense series), runs that
        # start in the same column stacked into one text.
        for col0, row, text in _stack_runs(_braille_runs(lay, markers)):
            plt.text(
                text,
                lay.canvas_x_at(col0),
                lay.y_at(row),
                color=col("data"),
                background=background,
                alignment="left",
            )
    for lab in lay.labels:
        plt.text(
            lab.text,
            lay.x_at(lab.col),
            lay.y_at(lab.row),
            color=col(_LABEL_COLOURS.get(lab.colour, "data")),
            background=background,
            alignment="left",
        )


_TEXT_LINES = True


def _marker_cells(spec: ChartSpec, lay: Layout) -> set[tuple[int, int]]:
    """The cells that :func:`draw` gives a marker (drawn over the data line)."""
    kinds = {"excluded", "signal"} if lay.dense else {"point", "excluded", "signal"}
    xs = [float(mk.x) for mk in lay.marks if mk.kind in kinds]
    ys = [mk.y for mk in lay.marks if mk.kind in kinds]
    if lay.dense:
        lone = [s for s in lay.segments if len(s.xs) == 1]
        xs += [s.xs[0] for s in lone]
        ys += [s.ys[0] for s in lone]
    cols, rows = _cells(xs, lay.xlim, lay.canvas_cols), _cells(ys, lay.ylim, lay.rows)
    return set(zip(cols, rows, strict=True))


@functools.cache
def _braille_table() -> tuple[str, ...]:
    """Braille characters by dot bits (bit ``2 * row + col``, row 0 at the bottom), from
    plotext's own table, so that our dots look exactly like plotext's lines."""
    import plotext._utility as ut

    out = []
    for bits in range(256):
        grid = [[(bits >> (2 * r + c)) & 1 for c in range(2)] for r in range(4)]
        out.append(ut.get_hd_marker(tuple(v for row in grid[::-1] for v in row)) if bits else " ")
    return tuple(out)


@functools.cache
def _braille_pairs() -> tuple[str, ...]:
    """Braille characters by ``left | right << 4``: the four dots (bit = row, 0 at the bottom)
    of a cell's left and right dot columns."""
    table = _braille_table()

    def spread(nibble: int) -> int:
        return sum(((nibble >> r) & 1) << (2 * r) for r in range(4))

    return tuple(table[spread(b & 15) | spread(b >> 4) << 1] for b in range(256))


def _line_dots(xd: Sequence[int], yd: Sequence[int], wide: int, high: int) -> dict[int, int]:
    """The dots of plotext's line through the points (``xd``, ``yd``) of a ``wide`` × ``high``
    dot grid, by dot column: ``{x: bits}``, bit ``y`` set for each dot (x, y) on the grid.

    Exactly plotext's ``_utility.get_lines``: on each piece, the points
    ``int(p0 + j * (p1 - p0) / steps)`` for ``j < steps`` (steps: the larger of the x and y
    distances), then the last point. A steep piece is one run of dots per column, set at once
    (the column changes where the float expression says so: found, not walked)."""
    cols: dict[int, int] = {}
    get = cols.get
    for k in range(len(xd) - 1):
        x0, x1, y0, y1 = xd[k], xd[k + 1], yd[k], yd[k + 1]
        ax, ay = abs(x1 - x0), abs(y1 - y0)
        if ay <= ax:
            # Shallow (or diagonal): one dot per column.
            if not ax:
                continue
            sx, sy = (x1 - x0) / ax, (y1 - y0) / ax
            for j in range(ax):
                x, y = int(x0 + j * sx), int(y0 + j * sy)
                if 0 <= x < wide and 0 <= y < high:
                    cols[x] = get(x, 0) | 1 << y
            continue
        # Steep: y moves by exactly one dot a step; x = int(x0 + j * sx) is monotonic in j.
        sx, sy = (x1 - x0) / ay, (y1 - y0) // ay
        j = 0
        while j < ay:
            x = int(x0 + j * sx)
            if sx == 0:
                nxt = ay
            else:
                # The first later j whose x differs: estimated, then made exact.
                target = x + 1 if sx > 0 else x
                nxt = min(max(math.ceil((target - x0) / sx), j + 1), ay)
                while nxt > j + 1 and int(x0 + (nxt - 1) * sx) != x:
                    nxt -= 1
                while nxt < ay and int(x0 + nxt * sx) == x:
                    nxt += 1
            lo, hi = sorted((y0 + j * sy, y0 + (nxt - 1) * sy))
            lo, hi = max(lo, 0), min(hi, high - 1)
            if 0 <= x < wide and lo <= hi:
                cols[x] = get(x, 0) | ((1 << (hi - lo + 1)) - 1) << lo
            j = nxt
    if xd and 0 <= xd[-1] < wide and 0 <= yd[-1] < high:
        cols[xd[-1]] = get(xd[-1], 0) | 1 << yd[-1]
    return cols


def _dot_cells(dots: dict[int, int], rows: int) -> Iterable[tuple[int, int, str]]:
    """(column, row, braille character) of each cell with a dot (``dots`` as from
    :func:`_line_dots`; a cell is two dot columns by four dot rows)."""
    pairs = _braille_pairs()
    for c in sorted({x >> 1 for x in dots}):
        left, right = dots.get(2 * c, 0), dots.get(2 * c + 1, 0)
        both = left | right
        first = ((both & -both).bit_length() - 1) >> 2
        left >>= 4 * first
        right >>= 4 * first
        for r in range(first, min((both.bit_length() + 3) >> 2, rows)):
            code = (left & 15) | (right & 15) << 4
            if code:
                yield c, r, pairs[code]
            left >>= 4
            right >>= 4


def _braille_grid(lay: Layout) -> list[list[str]]:
    """The data line's braille cells by row and column (" " where empty), dot for dot as
    plotext draws ``plot(marker="braille")``: its coordinates (``get_matrix_data``), its
    line between points, its grouping into cells; a later segment's cells replace an
    earlier one's."""
    import plotext._utility as ut

    cols, rows = lay.canvas_cols, lay.rows
    wide, high = cols * 2, rows * 4
    grid = [[" "] * cols for _ in range(rows)]
    for seg in lay.segments:
        if len(seg.xs) < 2:
            continue
        xd = ut.get_matrix_data(seg.xs, lay.xlim, wide)
        yd = ut.get_matrix_data(seg.ys, lay.ylim, high)
        for c, r, ch in _dot_cells(_line_dots(xd, yd, wide, high), rows):
            if c < cols:
                grid[r][c] = ch
    return grid


def _braille_runs(lay: Layout, skip: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The data line as (first column, row, text): runs of adjacent cells in a row, split
    where a marker is drawn (markers stay on top of the line)."""
    grid = _braille_grid(lay)
    rows, cols = len(grid), lay.canvas_cols
    for c, r in skip:
        if 0 <= r < rows and 0 <= c < cols:
            grid[r][c] = " "
    runs: list[tuple[int, int, str]] = []
    for r, row in enumerate(grid):
        runs += [(m.start(), r, m.group()) for m in _RUN.finditer("".join(row))]
    return runs


_RUN = re.compile(r"[^ ]+")


def _stack_runs(
    runs: Iterable[tuple[int, int, str]], max_gap: int = 4
) -> list[tuple[int, int, str]]:
    """Runs (column, row, text) that start in the same column, at most ``max_gap`` empty
    rows apart, as one text of several lines, top row first: plotext writes a text's line
    ``k`` on the ``k``-th row down, and an empty line writes nothing. A text costs plotext
    several times what a line does."""
    by_col: dict[int, list[tuple[int, str]]] = {}
    for c, r, text in runs:
        by_col.setdefault(c, []).append((r, text))
    out: list[tuple[int, int, str]] = []
    for c, items in by_col.items():
        items.sort(reverse=True)
        top, lines = items[0][0], [items[0][1]]
        bottom = top
        for r, text in items[1:]:
            if bottom - r - 1 > max_gap:
                out.append((c, top, "\n".join(lines)))
                top, lines = r, []
            else:
                lines += [""] * (bottom - r - 1)
            lines.append(text)
            bottom = r
        out.append((c, top, "\n".join(lines)))
    return out


def _step_cells(path: Path, lay: Layout) -> list[tuple[float, float]]:
    """A stepped line as one point per column of each horizontal piece (no risers, which
    would read as data in a terminal)."""
    out: list[tuple[float, float]] = []
    last_col = -1
    col_of = lay.col_of
    xs, ys = path.xs, path.ys
    # Where many steps share a column, only the first piece reaching it is drawn: skip the
    # rest, by bisection (xs never decrease), without working out their columns (a p chart
    # of 5,000 points has 5,000 steps).
    lo, hi = lay.xlim
    per_col = (hi - lo) / max(lay.cols - 1, 1)
    next_x = -math.inf
    k, end = 0, len(xs) - 1
    while k < end:
        if xs[k + 1] < next_x:
            k = bisect.bisect_left(xs, next_x, k + 1) - 1
            continue
        y0 = ys[k]
        if y0 == ys[k + 1]:
            c0, c1 = col_of(xs[k]), col_of(xs[k + 1])
            if c1 > last_col:
                next_x = lo + (c1 + 0.5) * per_col - 1e-6 * per_col
                for c in range(max(c0, last_col + 1), c1 + 1):
                    out.append((lay.x_at(c), y0))
                last_col = c1
        k += 1
    return out


_LABEL_COLOURS = {
    "centre": "centre",
    "ucl": "limit",
    "lcl": "limit",
    "target": "target",
    "phase": "phase",
    "pdsa": "pdsa",
}


def x_label_line(lay: Layout, frame_col: int) -> str:
    """The date labels under the x axis, each centred on its tick (``frame_col`` is where
    the frame's corner └ is), kept inside the width and apart from each other."""
    line = [" "] * lay.width
    end = -2
    for idx, text in lay.xticks:
        c = frame_col + 1 + lay.canvas_col_of(float(idx))
        start = min(max(c - len(text) // 2, 0), lay.width - len(text))
        if start < end + 1 or start < 0:
            continue
        line[start : start + len(text)] = list(text)
        end = start + len(text)
    return "".join(line).rstrip()


def x_label_row(plain_lines: Sequence[str]) -> tuple[int, int] | None:
    """(row of the date labels, column of the frame's corner) in a built plot, or None."""
    for i, line in enumerate(plain_lines):
        col = line.find("└")
        if col >= 0 and i + 1 < len(plain_lines):
            return i + 1, col
    return None


def stamp_x_labels(built: str, lay: Layout) -> str:
    """Write the date labels into plotext's (blank) label row of ``built``."""
    import plotext

    lines = built.split("\n")
    found = x_label_row([plotext.uncolorize(line) for line in lines])
    if found is None:
        return built
    row, col = found
    lines[row] = x_label_line(lay, col)
    return "\n".join(lines)


def chart_text(spec: ChartSpec, width: int, height: int, colour: bool, sigma2: bool = False) -> str:
    """The plot alone, as text (ANSI colour codes only if ``colour``)."""
    import plotext

    lay = layout(spec, width, height, sigma2)
    draw(plotext, spec, lay, "256" if colour else "none")
    plotext.theme("clear")
    text = stamp_x_labels(plotext.build(), lay)
    plotext.clear_figure()
    if not colour:
        text = plotext.uncolorize(text)
        return "\n".join(line.rstrip() for line in text.splitlines())
    return "\n".join(text.splitlines())


def render_text(
    project: m.Project,
    measure: m.Measure,
    *,
    width: int = 80,
    height: int = 20,
    colour: bool = False,
    sigma2: bool = False,
) -> str:
    """The whole chart for a terminal: header, plot (``height`` rows), legend, verdict and the
    chart in words; every line within ``width`` columns."""
    from qitui.measure_analysis import analyse_measure

    result = analyse_measure(measure)
    spec = build_spec(project, measure, result)
    lay = layout(spec, width, height, sigma2)
    out = wrap(spec.header, width)
    out.append(chart_text(spec, width, height, colour, sigma2))
    out += wrap(legend_lines(spec, lay), width)
    out.append("")
    out += wrap(spec.verdict, width)
    out += wrap(spec.words, width)
    return "\n".join(out)


__all__ = [
    "COLOURS",
    "ChartSpec",
    "Layout",
    "build_spec",
    "chart_text",
    "draw",
    "layout",
    "legend_lines",
    "render_text",
    "signal_points",
    "thin_indices",
    "verdict_text",
    "x_ticks",
]
