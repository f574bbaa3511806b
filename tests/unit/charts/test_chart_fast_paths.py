"""The chart's fast paths give what the plain ways give: qitui's braille data line equals
plotext's own ``plot(marker="braille")`` dot for dot, and cells are found as plotext finds them."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import plotext._utility as ut
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qitui import charts
from qitui import model as m
from qitui.charts import ChartSpec, build_spec
from qitui.measure_analysis import analyse_measure


def plotext_cells(xd: list[int], yd: list[int], cols: int, rows: int) -> dict[tuple[int, int], str]:
    """The braille cells plotext draws for a line through dot coordinates (its own code:
    line between points, grouping into cells, markers, cells outside the canvas dropped)."""
    if len(xd) < 2:
        return {}
    x, y, _ = ut.get_lines(xd, yd, [0] * len(xd))
    x, y, marks = ut.hd_group(x, y, [2] * len(x), [4] * len(y))
    return {
        (c, r): ut.get_hd_marker(mk)
        for c, r, mk in zip(x, y, marks, strict=True)
        if 0 <= c < cols and 0 <= r < rows
    }


def qitui_cells(xd: list[int], yd: list[int], cols: int, rows: int) -> dict[tuple[int, int], str]:
    dots = charts._line_dots(xd, yd, cols * 2, rows * 4)
    return {(c, r): ch for c, r, ch in charts._dot_cells(dots, rows) if c < cols}


@st.composite
def dot_lines(draw: st.DrawFn) -> tuple[list[int], list[int], int, int]:
    """A polyline in a dot grid, often touching the edges (where float steps land on the
    wrong side of a whole number), sometimes leaving the grid."""
    cols = draw(st.integers(1, 40))
    rows = draw(st.integers(1, 60))
    n = draw(st.integers(2, 12))
    xs = st.one_of(st.integers(0, 3), st.integers(-3, cols * 2 + 3))
    ys = st.one_of(st.integers(0, 3), st.integers(-5, rows * 4 + 5))
    return (
        draw(st.lists(xs, min_size=n, max_size=n)),
        draw(st.lists(ys, min_size=n, max_size=n)),
        cols,
        rows,
    )


@given(dot_lines())
@settings(max_examples=400, deadline=None)
def test_line_dots_equal_plotexts_line(line: tuple[list[int], list[int], int, int]) -> None:
    assert qitui_cells(*line) == plotext_cells(*line)


@pytest.mark.parametrize(
    ("xd", "yd"),
    [
        ([0, 1], [0, 49]),  # 0 + 49 * (1 / 49) is just under 1: plotext stays in column 0
        ([0, 1, 0], [0, 98, 0]),
        ([3, 0], [0, 103]),
        ([0, 49], [0, 1]),  # the same in y
        ([5, 5, 5], [7, 7, 7]),  # no length
        ([0, 7], [0, 7]),  # diagonal
    ],
)
def test_line_dots_edge_cases(xd: list[int], yd: list[int]) -> None:
    assert qitui_cells(xd, yd, 30, 30) == plotext_cells(xd, yd, 30, 30)


@given(
    values=st.lists(st.one_of(st.none(), st.integers(0, 40)), min_size=2, max_size=400),
    width=st.integers(40, 130),
    height=st.integers(12, 40),
    chart=st.sampled_from(["run", "i"]),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whole_chart_equals_plotexts_line(
    values: list[int | None],
    width: int,
    height: int,
    chart: str,
    plotext_line_chart: Callable[[ChartSpec, int, int, bool], str],
) -> None:
    """Varied series (gaps, lone points, flat stretches, dense and sparse), sizes and charts:
    the text-run data line gives the same chart as plotext's own, colours included."""
    start = date(2026, 1, 5)
    meas = m.Measure("x", "X", chart=chart)
    meas.points = [
        m.DataPoint(start + timedelta(days=i), None if v is None else float(v))
        for i, v in enumerate(values)
    ]
    project = m.Project("p", "P", measures=[meas])
    spec = build_spec(project, meas, analyse_measure(meas))
    reference = plotext_line_chart(spec, width, height, True)
    assert charts.chart_text(spec, width, height, colour=True) == reference


@given(
    values=st.lists(
        st.one_of(
            st.floats(-1e4, 1e4, allow_nan=False),
            st.integers(-50, 250).map(lambda i: i / 4),  # on cell boundaries
        ),
        max_size=30,
    ),
    lo=st.floats(-1e3, 1e3, allow_nan=False),
    span=st.one_of(st.floats(1e-3, 1e4), st.integers(1, 400).map(float)),
    n=st.integers(1, 300),
)
def test_cells_equal_the_plain_formula(values: list[float], lo: float, span: float, n: int) -> None:
    hi = lo + span
    plain = [math.floor(round(0.5 + (n - 1) * (v - lo) / (hi - lo), 8)) for v in values]
    assert charts._cells(values, (lo, hi), n) == plain


def test_cells_near_whole_numbers() -> None:
    """Values a hair under a whole number are rounded up, as plotext does."""
    for d in (2.9999999999, 2.999999996, 2.99999999, 2.9999999, -1e-10, 0.0, 5.0):
        assert charts._cells([d - 0.5], (0.0, 1.0), 2) == [math.floor(round(d, 8))]


def step_cells_plain(path: charts.Path, lay: charts.Layout) -> list[tuple[float, float]]:
    """:func:`charts._step_cells` piece by piece (no bisection): the reference."""
    out: list[tuple[float, float]] = []
    last_col = -1
    lo, hi = lay.xlim
    per_col = (hi - lo) / max(lay.cols - 1, 1)
    next_x = -math.inf
    for k in range(len(path.xs) - 1):
        y0 = path.ys[k]
        if y0 != path.ys[k + 1] or path.xs[k + 1] < next_x:
            continue
        c0, c1 = lay.col_of(path.xs[k]), lay.col_of(path.xs[k + 1])
        if c1 <= last_col:
            continue
        next_x = lo + (c1 + 0.5) * per_col - 1e-6 * per_col
        out += [(lay.x_at(c), y0) for c in range(max(c0, last_col + 1), c1 + 1)]
        last_col = c1
    return out


@given(
    limits=st.lists(st.one_of(st.none(), st.sampled_from([1.0, 2.0, 2.5, 7.0])), max_size=600),
    cols=st.integers(4, 200),
    margin=st.floats(0, 20),
)
@settings(max_examples=200, deadline=None)
def test_step_cells_equal_piece_by_piece(
    limits: list[float | None], cols: int, margin: float
) -> None:
    """Stepped limits (few values, so long flat stretches and many steps to a column)."""
    n = max(len(limits), 1)
    per_col = n / max(cols - margin - 1, 1)
    x_lo = -0.5 - margin * per_col
    lay = charts.Layout(
        width=cols + 6,
        height=20,
        cols=cols,
        rows=17,
        data_cols=cols,
        xlim=(x_lo, x_lo + per_col * (cols - 1)),
        ylim=(0.0, 10.0),
        yticks=(),
        xticks=(),
        labels=(),
        pdsa_codes=False,
        sigma2=False,
        dense=True,
    )
    for path in charts._steps(range(len(limits)), limits):
        assert charts._step_cells(path, lay) == step_cells_plain(path, lay)


def cells_of_texts(texts: list[tuple[int, int, str]]) -> dict[tuple[int, int], str]:
    """What plotext writes for left-aligned texts: line ``k`` of a text ``k`` rows down."""
    out: dict[tuple[int, int], str] = {}
    for col, row, text in texts:
        for k, line in enumerate(text.split("\n")):
            for i, ch in enumerate(line):
                assert (col + i, row - k) not in out
                out[col + i, row - k] = ch
    return out


@given(
    rows=st.lists(st.lists(st.sampled_from(" ⠁⣿⡇"), max_size=40), max_size=30),
    max_gap=st.integers(0, 10),
)
def test_stacked_runs_write_the_same_cells(rows: list[list[str]], max_gap: int) -> None:
    runs = [
        (run.start(), r, run.group())
        for r, row in enumerate(rows)
        for run in charts._RUN.finditer("".join(row))
    ]
    stacked = charts._stack_runs(runs, max_gap)
    assert cells_of_texts(stacked) == cells_of_texts(runs)
    assert len(stacked) <= len(runs)
