"""The labels at the right of a chart sit on their lines, with the measure's precision."""

from __future__ import annotations

from datetime import date, timedelta

from qitui import charts
from qitui import model as m
from qitui.measure_analysis import analyse_measure
from qitui.verdict import phase_line
from qitui.wording import line_decimals

VALUES = [60, 64, 58, 66, 61, 63, 59, 65, 62, 60, 64, 61, 90, 40]


def measure(target: float, values: list[float] = VALUES, chart: str = "run") -> m.Measure:
    points = [m.DataPoint(date(2026, 1, 5) + timedelta(weeks=i), v) for i, v in enumerate(values)]
    return m.Measure("x", "X", chart=chart, target=target, points=points)


def labels(meas: m.Measure, width: int = 70, height: int = 14) -> dict[str, int]:
    spec = charts.build_spec(m.Project("t", "T"), meas, analyse_measure(meas))
    lay = charts.layout(spec, width, height)
    return {label.text: label.row for label in lay.labels}


def test_a_target_on_the_centre_row_is_labelled_where_it_shows() -> None:
    """Phase 2's centre line is drawn over the target on their shared row; in phase 1 the
    target shows, so its label goes there, at the line's start."""
    values = [40, 42, 41, 43, 40, 42, 41, 60, 62, 61, 63, 62, 61, 60]
    meas = measure(61.4, values)
    meas.phases = [m.Phase(meas.points[7].date, "new process")]
    spec = charts.build_spec(m.Project("t", "T"), meas, analyse_measure(meas))
    lay = charts.layout(spec, 70, 14)
    found = {label.text: label for label in lay.labels}
    centre, target = found["median 61.0"], found["target 61.4"]
    assert target.row == centre.row
    assert target.col < lay.data_cols // 2 < centre.col
    assert "═target 61.4═" in charts.chart_text(spec, 70, 14, colour=False)


def test_a_target_hidden_by_the_centre_line_is_nudged() -> None:
    """One phase: its centre line covers the target's whole row; the label moves a row
    towards the target's value, as before."""
    meas = measure(61.8)
    lay = charts.layout(charts.build_spec(m.Project("t", "T"), meas, analyse_measure(meas)), 70, 14)
    rows = {label.text: label.row for label in lay.labels}
    assert rows["target 61.8"] == rows["median 61.5"] + 1


def test_a_target_on_its_own_row_keeps_it() -> None:
    found = labels(measure(75))
    assert "target 75" in found and "median 61.5" in found
    assert found["target 75"] > found["median 61.5"]  # rows count up from the bottom


def test_a_label_pushed_off_a_shared_row_goes_towards_its_value() -> None:
    """A limit just below the target's row moves down, not up across the target."""

    def line(kind: str, y: float) -> charts.RefLine:
        return charts.RefLine(kind, charts.Path((0, 9), (y, y)), 1, f"{kind} {y:g}")

    row_of = charts._Axis((0.0, 20.0), 21)  # noqa: SLF001 - one row per unit
    lines = [line("centre", 10), line("target", 15.2), line("ucl", 14.8), line("lcl", 5.2)]
    placed, shared = charts._right_labels(lines, row_of, 21, 0)  # noqa: SLF001
    assert {kind: row for row, _text, kind in placed} == {
        "centre": 10,
        "target": 15,
        "ucl": 14,
        "lcl": 5,
    }
    assert shared is None
    placed, shared = charts._right_labels([line("centre", 10), line("target", 10.2)], row_of, 21, 0)  # noqa: SLF001
    assert shared is not None and shared.kind == "target"


def test_lines_are_printed_with_the_measures_precision() -> None:
    days = measure(21, [44, 49, 41, 47, 52, 45, 50, 48, 46, 51, 43, 47], chart="i")
    assert line_decimals(days) == 1
    result = analyse_measure(days)
    text = phase_line(days, result, result.phases[0])
    assert text.startswith("Phase 1 (from 2026-01-05): mean 46.9, limits ")
    assert text.count(".") == 3  # mean and both limits, one decimal each
    halves = measure(21, [4.5, 5, 6.25])
    assert line_decimals(halves) == 3
    assert line_decimals(m.Measure("p", "P", chart="p")) is None
