"""A dense series thinned for display keeps what the plot can show: for random series with
gaps, each character column's lowest and highest drawn value, the line's breaks at gaps,
and every signal's cell are those of the full series."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qitui import model as m
from qitui.charts import build_spec, layout
from qitui.measure_analysis import analyse_measure


def spec_of(chart: str, values: list[float | None]):  # noqa: ANN201 - a ChartSpec
    start = date(2020, 1, 6)
    meas = m.Measure("x", "X", chart=chart)
    meas.points = [m.DataPoint(start + timedelta(days=i), v) for i, v in enumerate(values)]
    project = m.Project("p", "P", measures=[meas])
    return build_spec(project, meas, analyse_measure(meas))


@st.composite
def series(draw: st.DrawFn) -> list[float | None]:
    """400-2,500 values of 0-40 with gaps, from a seeded generator (hypothesis drawing each
    value of a list this long cost most of the test)."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    size = draw(st.integers(400, 2500))
    gaps = draw(st.sampled_from([0.0, 0.05, 0.3]))
    return [None if rng.random() < gaps else float(rng.randint(0, 40)) for _ in range(size)]


@settings(max_examples=40, deadline=None)
@given(
    values=series(),
    chart=st.sampled_from(["run", "i"]),
    width=st.integers(50, 130),
    height=st.integers(12, 30),
)
def test_thinned_line_has_every_columns_envelope(
    values: list[float | None], chart: str, width: int, height: int
) -> None:
    spec = spec_of(chart, values)
    lay = layout(spec, width, height)
    if not lay.thinned:
        return
    full: dict[int, list[float]] = {}
    for seg in spec.segments:
        for x, y in zip(seg.xs, seg.ys, strict=True):
            full.setdefault(lay.col_of(x), []).append(y)
    drawn: dict[int, list[float]] = {}
    for seg in lay.segments:
        for x, y in zip(seg.xs, seg.ys, strict=True):
            drawn.setdefault(lay.col_of(x), []).append(y)
    assert drawn.keys() == full.keys()
    for col, ys in full.items():
        assert (min(drawn[col]), max(drawn[col])) == (min(ys), max(ys)), col
    # The same breaks at gaps: each segment starts and ends where the full one does.
    ends = [(s.xs[0], s.xs[-1]) for s in spec.segments if s.xs]
    assert [(s.xs[0], s.xs[-1]) for s in lay.segments if s.xs] == ends
    # Every signal, astronomical or excluded point still has its marker on its cell.
    cell = {(mk.kind, lay.col_of(mk.x), lay.row_of(mk.y)) for mk in lay.marks}
    for mk in spec.special_marks:
        assert (mk.kind, lay.col_of(mk.x), lay.row_of(mk.y)) in cell
    # Far fewer points drawn than the series has.
    assert sum(len(s.xs) for s in lay.segments) <= 2 * len(full) + 4 * len(ends) + len(spec.ends)


def test_a_column_keeps_its_lowest_and_highest_only() -> None:
    """845 points at 69×12: each column holds about 18.8 points, and five of its edges fall
    where the thinning's arithmetic and the axis's round an index differently. The thinning
    must cut where the axis does: no column draws more than its lowest and highest point
    (and the series' ends), or the line holds points the plot cannot show."""
    spec = spec_of("run", [float(i % 41) for i in range(845)])
    lay = layout(spec, 69, 12)
    assert lay.thinned
    per_col: dict[int, list[float]] = {}
    for seg in lay.segments:
        for x in seg.xs:
            per_col.setdefault(lay.col_of(x), []).append(x)
    ends = {lay.col_of(e) for e in spec.ends}
    crowded = {c: xs for c, xs in per_col.items() if len(xs) > 2 + 2 * (c in ends)}
    assert not crowded
