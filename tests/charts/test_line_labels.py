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


def test_a_target_on_the_centre_row_shares_its_label() -> None:
    found = labels(measure(61.8))  # 61.5 and 61.8 fall on one row at this height
    assert found == {"median 61.5, target 61.8": found["median 61.5, target 61.8"]}


def test_a_target_on_its_own_row_keeps_it() -> None:
    found = labels(measure(75))
    assert "target 75" in found and "median 61.5" in found
    assert found["target 75"] > found["median 61.5"]  # rows count up from the bottom


def test_a_label_pushed_off_a_shared_row_goes_towards_its_value() -> None:
    """A limit just below the target's row moves down, not up across the target."""

    def line(kind: str, y: float) -> charts.RefLine:
        return charts.RefLine(kind, charts.Path((0, 9), (y, y)), 1, f"{kind} {y:g}")

    row_of = charts._Axis((0.0, 20.0), 21)  # noqa: SLF001 - one row per unit
    placed = charts._right_labels(  # noqa: SLF001
        [line("centre", 10), line("target", 15.2), line("ucl", 14.8), line("lcl", 5.2)],
        row_of,
        21,
        0,
        30,
    )
    rows = {kind: row for row, _text, kind, _joined in placed}
    assert rows == {"centre": 10, "target": 15, "ucl": 14, "lcl": 5}


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
