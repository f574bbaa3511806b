"""The chart builder: spec from the analysis, layout at a size, text for the terminal."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from qitui import charts
from qitui import model as m
from qitui.charts import (
    ChartSpec,
    build_spec,
    layout,
    legend_lines,
    render_text,
    thin_indices,
    wrap,
)
from qitui.measure_analysis import analyse_measure
from qitui.store import ProjectStore
from qitui.verdict import fmt_y

ANSI = re.compile(r"\x1b\[")


def spec_of(store: ProjectStore, measure_id: str) -> charts.ChartSpec:
    meas = store.project.measure(measure_id)
    assert meas is not None
    return build_spec(store.project, meas, analyse_measure(meas))


def make(chart: str, values: list[float | None], **kw: object) -> tuple[m.Project, m.Measure]:
    start = date(2026, 1, 5)
    meas = m.Measure("x", "X", chart=chart, **kw)  # type: ignore[arg-type]
    meas.points = [m.DataPoint(start + timedelta(weeks=i), v) for i, v in enumerate(values)]
    return m.Project("p", "P", measures=[meas]), meas


# --------------------------------------------------------------------------- spec


def test_gaps_split_the_line_never_zero(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "reviews")
    # The 10th week is missing: two segments, and no drawn value at index 9.
    assert [(s.xs[0], s.xs[-1]) for s in spec.segments] == [(0, 8), (10, 23)]
    assert all(9 not in s.xs for s in spec.segments)
    assert 9 not in {mk.x for mk in spec.marks}
    assert 0 not in [y for s in spec.segments for y in s.ys]


def test_frozen_baseline_centre_and_extension(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "reviews")
    result = analyse_measure(chart_project.project.measure("reviews"))  # type: ignore[arg-type]
    ph = result.phases[0]
    centre = [ln for ln in spec.lines if ln.kind == "centre"]
    ext = [ln for ln in spec.lines if ln.kind == "extension"]
    assert len(centre) == 1 and len(ext) == 1
    assert centre[0].path.xs == (-0.5, ph.baseline_last + 0.5)
    assert ext[0].path.xs == (ph.baseline_last + 0.5, ph.last + 0.5)
    assert centre[0].path.ys[0] == ph.cl == ext[0].path.ys[0]
    assert centre[0].label == f"median {fmt_y('run', ph.cl, decimals=1)}"  # whole data: 1 more
    assert spec.frozen


def test_p_chart_limits_step_with_the_denominator(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "booked")
    result = analyse_measure(chart_project.project.measure("booked"))  # type: ignore[arg-type]
    assert spec.percent
    ucl = [ln for ln in spec.lines if ln.kind == "ucl"]
    assert len(ucl) == 1
    path = ucl[0].path
    # Each point's own limit (in percent) from i - 0.5 to i + 0.5.
    for i, p in enumerate(result.points):
        assert p.ucl is not None
        ys = [y for x, y in zip(path.xs, path.ys, strict=True) if i - 0.5 <= x <= i + 0.5]
        assert pytest.approx(p.ucl * 100) in ys
    assert len(set(path.ys)) > 3  # stepped, not one level
    assert [mk.y for mk in spec.marks] == pytest.approx([p.y * 100 for p in result.points])


def test_two_phases_each_with_centre_limits_and_boundary(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "wait")
    result = analyse_measure(chart_project.project.measure("wait"))  # type: ignore[arg-type]
    assert len(result.phases) == 2
    for ph in result.phases:
        lines = {ln.kind: ln for ln in spec.lines if ln.phase == ph.phase}
        assert lines["centre"].path.ys[0] == ph.cl
        assert lines["ucl"].path.ys[0] == result.points[ph.first].ucl
        assert lines["lcl"].path.ys[0] == result.points[ph.first].lcl
        assert lines["centre"].path.xs == (ph.first - 0.5, ph.last + 0.5)
    (boundary,) = spec.phases
    assert boundary.x == result.phases[1].first - 0.5
    assert boundary.reason == "New booking system from 20 April"
    lay = layout(spec, 80, 20)
    assert "P2 from 20 Apr 2026: New booking system from 20 April" in legend_lines(spec, lay)


def test_signal_points_get_their_own_marker(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "reviews")
    result = analyse_measure(chart_project.project.measure("reviews"))  # type: ignore[arg-type]
    shift = next(s for s in result.signals if s.rule == "shift")
    flagged = {mk.x for mk in spec.marks if mk.kind == "signal"}
    assert flagged == set(range(shift.start, shift.end + 1))
    wait = spec_of(chart_project, "wait")
    beyond = [
        s.start
        for s in analyse_measure(chart_project.project.measure("wait")).signals  # type: ignore[arg-type]
        if s.rule == "beyond-limits"
    ]
    assert {mk.x for mk in wait.marks if mk.kind == "signal"} == set(beyond)


def test_pdsa_marks_at_cycle_starts(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "reviews")
    assert [(p.label, p.x) for p in spec.pdsa] == [("1a", 9), ("1b", 11), ("2a", 12), ("1c", 16)]
    assert [p.code for p in spec.pdsa] == ["A", "B", "C", "D"]


def test_pdsa_between_two_points_and_outside_the_data() -> None:
    project, meas = make("run", [1, 2, 3, 4])
    project.cycles = [
        m.Cycle("001-a", "1a", start=date(2026, 1, 8)),  # 3 days after the first point
        m.Cycle("002-b", "1b", start=date(2027, 1, 1)),  # after the data: not drawn
        m.Cycle("003-c", "1c"),  # no start date
    ]
    spec = build_spec(project, meas, analyse_measure(meas))
    assert [(p.label, round(p.x, 3)) for p in spec.pdsa] == [("1a", round(3 / 7, 3))]


def test_colliding_pdsa_labels_become_codes(chart_project: ProjectStore) -> None:
    spec = spec_of(chart_project, "reviews")
    narrow = layout(spec, 80, 20)
    assert narrow.pdsa_codes  # 1b and 2a are a week apart
    texts = [lab.text for lab in narrow.labels if lab.colour == "pdsa"]
    assert texts == ["▲A", "▲BC", "▲D"]
    legend = "\n".join(legend_lines(spec, narrow))
    assert "A=1a SMS to 5 families" in legend and "C=2a One evening clinic" in legend
    wide = layout(spec, 160, 20)
    assert not wide.pdsa_codes
    assert [lab.text for lab in wide.labels if lab.colour == "pdsa"] == [
        "▲1a",
        "▲1b",
        "▲2a",
        "▲1c",
    ]


def test_thinning_keeps_signals_phase_ends_and_gaps() -> None:
    values: list[float | None] = [float((i * 7919) % 31) for i in range(5000)]
    for gap in (1200, 3001, 3002):
        values[gap] = None
    keep = {5, 777, 2999, 4001, 1200}  # 1200 is missing: never drawn
    idx = thin_indices(values, 50.0, keep)
    assert {5, 777, 2999, 4001} <= set(idx) and 1200 not in idx
    assert all(values[i] is not None for i in idx)
    # Each run of values keeps its first and last point, so a gap still breaks the line.
    assert {0, 1199, 1201, 3000, 3003, 4999} <= set(idx)
    # Bounded: two a bucket (100 buckets), two a run (3 runs), and the kept points.
    assert len(idx) <= 2 * 100 + 2 * 3 + len(keep)
    assert idx == sorted(set(idx))


def test_thinning_keeps_each_buckets_min_and_max() -> None:
    values: list[float | None] = [float(i % 13) for i in range(1000)]
    values[437] = 99.0  # a spike
    values[611] = -5.0  # a dip
    idx = set(thin_indices(values, 10.0))
    assert {437, 611} <= idx
    for b in range(100):
        bucket = range(b * 10, b * 10 + 10)
        ys = [values[i] for i in bucket]
        assert min(ys) in {values[i] for i in idx if i in bucket}
        assert max(ys) in {values[i] for i in idx if i in bucket}
    # Short enough already: nothing left out.
    assert thin_indices([1.0, 2.0, None, 3.0], 1.0) == [0, 1, 3]


def test_thinned_layout_still_shows_every_signal() -> None:
    values: list[float | None] = [float(i % 7) for i in range(3000)]
    values[1500:1510] = [50.0] * 10
    values[2000] = None
    project, meas = make("i", values)
    result = analyse_measure(meas)
    spec = build_spec(project, meas, result)
    assert len(spec.marks) == 2999  # the spec has every point; layouts thin
    lay = layout(spec, 80, 20)
    assert lay.thinned and sum(len(s.xs) for s in lay.segments) < 300
    # The gap still splits the line.
    assert [(s.xs[0], s.xs[-1]) for s in lay.segments] == [(0, 1999), (2001, 2999)]
    beyond = {s.start for s in result.signals if s.rule == "beyond-limits"}
    shown = {(lay.col_of(mk.x), lay.row_of(mk.y)) for mk in lay.marks if mk.kind == "signal"}
    assert beyond and {(lay.col_of(i), lay.row_of(values[i])) for i in beyond} <= shown  # type: ignore[arg-type]
    assert any("thinned" in line for line in legend_lines(spec, lay))
    # Each column's lowest and highest value is drawn.
    drawn = {(lay.col_of(x), y) for s in lay.segments for x, y in zip(s.xs, s.ys, strict=True)}
    for col in {lay.col_of(i) for i in range(3000)}:
        ys = [v for i, v in enumerate(values) if v is not None and lay.col_of(i) == col]
        assert (col, min(ys)) in drawn and (col, max(ys)) in drawn
    # Wide enough for every point: nothing thinned.
    project, meas = make("i", [float(i % 7) for i in range(60)])
    small = build_spec(project, meas, analyse_measure(meas))
    assert not layout(small, 80, 20).thinned


@pytest.mark.parametrize("n", [8, 52, 300])
@pytest.mark.parametrize("width", [80, 120])
def test_x_ticks_are_dates_that_fit(n: int, width: int) -> None:
    project, meas = make("run", [float(i % 5) for i in range(n)])
    spec = build_spec(project, meas, analyse_measure(meas))
    lay = layout(spec, width, 20)
    ticks = lay.xticks
    assert 2 <= len(ticks) <= lay.data_cols // 5
    if n == 8 and width == 120:
        assert len(ticks) == 8
    ends = []
    for i, text in ticks:
        col = lay.col_of(i)
        ends.append((max(col - len(text) // 2, -2), max(col - len(text) // 2, -2) + len(text)))
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}( \d{4})?", text)
    assert all(b[0] >= a[1] + 2 for a, b in zip(ends, ends[1:], strict=False))
    assert ticks[0][1].endswith("2026")  # the first tick carries the year


def test_monthly_ticks() -> None:
    project, meas = make("run", [1.0] * 30)
    meas.points = [m.DataPoint(date(2024 + i // 12, i % 12 + 1, 1), float(i)) for i in range(30)]
    spec = build_spec(project, meas, analyse_measure(meas))
    ticks = layout(spec, 80, 20).xticks
    assert ticks[0][1] == "Jan 2024"
    assert "Jan 2025" in [t for _, t in ticks]


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("measure_id", ["reviews", "booked", "wait"])
@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 35), (40, 8)])
def test_render_text_fits_and_has_no_colour_codes(
    chart_project: ProjectStore, measure_id: str, width: int, height: int
) -> None:
    meas = chart_project.project.measure(measure_id)
    assert meas is not None
    text = render_text(chart_project.project, meas, width=width, height=height, colour=False)
    assert not ANSI.search(text)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert lines[0].startswith(meas.name)
    flat = " ".join(x.strip() for x in lines)
    for line in charts.verdict_text(chart_project.project, meas, analyse_measure(meas)):
        assert line in flat


def test_render_text_with_colour(chart_project: ProjectStore) -> None:
    meas = chart_project.project.measure("reviews")
    assert meas is not None
    text = render_text(chart_project.project, meas, width=80, height=20, colour=True)
    assert ANSI.search(text)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert all(len(line) <= 80 for line in plain.splitlines())
    assert "◆" in plain and "▲" in plain


def test_no_data_and_one_point() -> None:
    project, meas = make("run", [])
    text = render_text(project, meas, width=60, height=10)
    assert "No data yet" in text
    project, meas = make("i", [3.0])
    text = render_text(project, meas, width=60, height=10)
    assert "Too few points" in text and all(len(x) <= 60 for x in text.splitlines())


def test_flat_series_and_sigma2_lines() -> None:
    project, meas = make("c", [4.0] * 12)
    text = render_text(project, meas, width=80, height=16, sigma2=True)
    assert all(len(x) <= 80 for x in text.splitlines())
    project, meas = make("i", [10, 12, 11, 13, 9, 10, 12, 11, 10, 14, 9, 11])
    spec = build_spec(project, meas, analyse_measure(meas))
    assert spec.has_sigma
    result = analyse_measure(meas)
    two = [ln for ln in spec.lines if ln.kind == "sigma2"]
    p0 = result.points[0]
    assert sorted(ln.path.ys[0] for ln in two) == pytest.approx(
        [p0.cl - 2 * p0.sigma, p0.cl + 2 * p0.sigma]  # type: ignore[operator]
    )
    assert "· 2σ" in wrap(legend_lines(spec, layout(spec, 80, 20, sigma2=True)), 200)[0]
    assert "2σ" not in legend_lines(spec, layout(spec, 80, 20))[0]


@pytest.mark.parametrize("chart", ["run", "i", "mr", "c", "p", "u"])
def test_every_chart_type_draws(chart: str) -> None:
    start = date(2025, 1, 1)
    meas = m.Measure("x", "X", chart=chart, target=0.5 if chart == "p" else 5)
    for i in range(30):
        d = start + timedelta(days=30 * i)
        if chart in ("p", "u"):
            meas.points.append(m.DataPoint(d, numerator=float(i % 7 + 3), denominator=12.0 + i))
        else:
            meas.points.append(m.DataPoint(d, None if i == 4 else float(i % 7 + 3)))
    project = m.Project("p", "P", measures=[meas])
    for width, height in ((80, 24), (120, 35)):
        text = render_text(project, meas, width=width, height=height, sigma2=True)
        assert all(len(x) <= width for x in text.splitlines())
        assert "┤" in text


@pytest.mark.parametrize(("n", "size"), [(38, (80, 20)), (3000, (100, 30)), (3000, (61, 17))])
def test_data_line_drawn_exactly_as_plotext_draws_it(
    n: int, size: tuple[int, int], plotext_line_chart: Callable[[ChartSpec, int, int, bool], str]
) -> None:
    """The data line is drawn as text runs of braille cells: the same characters, colours and
    places as plotext's own ``plot(marker="braille")``."""
    values: list[float | None] = [float((i * 7919) % 31) for i in range(n)]
    values[n // 3] = None
    values[n // 2 : n // 2 + 9] = [60.0] * 9
    project, meas = make("i", values)
    spec = build_spec(project, meas, analyse_measure(meas))
    assert charts.chart_text(spec, *size, colour=True) == plotext_line_chart(spec, *size, True)


def test_the_marker_line_never_wraps_between_a_marker_and_its_words() -> None:
    """At 80 columns the legend broke as "… ╌ 3σ limits  ═" / "target": a marker alone."""

    from qitui.store import load_project
    from tests.helpers.projects import HILLVIEW as root

    project = load_project(root).project
    meas = project.measure("reviews-by-30-months")
    spec = build_spec(project, meas, analyse_measure(meas))
    line = legend_lines(spec, layout(spec, 80, 20))[0]
    assert "═" in line and "target" in line
    for width in range(24, 100):
        rows = wrap([line], width, indent="")
        assert " ".join(rows).split() == line.replace("\u00a0", " ").split()
        for row in rows:
            assert "\u00a0" not in row
            assert not row.rstrip().endswith(("═", "╌", "│", "•", "◆", "○", "─", "┈", "▲")), row
