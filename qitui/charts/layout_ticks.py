"""Step 2: a spec fitted to a width and height: axes, y and x ticks, line labels, thinning."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from qitui.charts.look import LEFT_MARGIN, MARK_PDSA, THIN_PER_COLUMN
from qitui.charts.spec import ChartSpec, Path, PdsaMark, PointMark, RefLine, _median_gap
from qitui.charts.thinning import thin_run

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
    firsts = getattr(spec.marks, "first_per_cell", None)  # PointMarks: by columns
    if firsts is not None:
        special: list[PointMark] = firsts(col_of, row_of)
    else:
        cells: set[tuple[str, int, int]] = set()
        special = []
        marks = spec.special_marks
        mark_cols = col_of.many(mk.x for mk in marks)
        mark_rows = row_of.many(mk.y for mk in marks)
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
        thin_run(first, seg.ys, per_col, origin, chosen, col_of)
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
