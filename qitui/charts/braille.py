"""The data line's fast path: plotext's braille line, drawn by us as runs of text."""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Sequence

from qitui.charts.layout_ticks import Layout, _cells
from qitui.charts.plotext_compat import braille_marker, matrix_data
from qitui.charts.spec import Path


def _marker_cells(lay: Layout) -> set[tuple[int, int]]:
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
    out = []
    for bits in range(256):
        grid = [[(bits >> (2 * r + c)) & 1 for c in range(2)] for r in range(4)]
        out.append(braille_marker(tuple(v for row in grid[::-1] for v in row)) if bits else " ")
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
    cols, rows = lay.canvas_cols, lay.rows
    wide, high = cols * 2, rows * 4
    grid = [[" "] * cols for _ in range(rows)]
    for seg in lay.segments:
        if len(seg.xs) < 2:
            continue
        xd = matrix_data(seg.xs, lay.xlim, wide)
        yd = matrix_data(seg.ys, lay.ylim, high)
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
