"""P′, U′, G, T and Making Data Count where people meet them: measure files, `qitui chart`,
the verdict in words and the report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from qitui import model as m
from qitui.charts import build_spec, render_text
from qitui.cli import main
from qitui.measure_analysis import analyse_measure
from qitui.store import ProjectStore, create_project, load_project
from qitui.verdict import mdc_line, verdict_lines

WEEK = timedelta(weeks=1)
DAY0 = date(2026, 1, 5)


def _store(tmp_path: Path) -> ProjectStore:
    return create_project(tmp_path / "stats", "Stats")


def _measure(chart: str, values: list[float], **kw) -> m.Measure:
    meas = m.Measure(chart, f"{chart} measure", chart=chart, **kw)
    meas.points = [m.DataPoint(DAY0 + WEEK * i, v) for i, v in enumerate(values)]
    return meas


@pytest.mark.parametrize("chart", ["pp", "up", "g", "t"])
def test_measure_files_take_the_new_charts(tmp_path: Path, chart: str) -> None:
    store = _store(tmp_path)
    if chart in ("pp", "up"):
        meas = m.Measure(chart, "Ratio", chart=chart)
        meas.points = [m.DataPoint(DAY0 + WEEK * i, None, 40.0 + i, 400.0) for i in range(5)]
    else:
        meas = _measure(chart, [3.0, 7.0, 1.0, 12.0])
    store.save_measure(meas)
    loaded = load_project(tmp_path / "stats")
    assert loaded.problems == []
    assert loaded.project is not None and loaded.project.measures[0].chart == chart


@pytest.mark.parametrize(
    ("chart", "value", "words"),
    [
        ("t", "0", "a T chart needs a time between events above 0 (got 0)"),
        ("t", "-1.5", "a T chart needs a time between events above 0 (got -1.5)"),
        ("g", "-2", "a G chart counts cases or days between events: it cannot be negative"),
    ],
)
def test_measure_files_refuse_impossible_g_and_t_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str, value: str, words: str
) -> None:
    store = _store(tmp_path)
    store.save_measure(_measure(chart, [3.0, 7.0]))
    file = tmp_path / "stats" / "measures" / f"{chart}.toml"
    text = file.read_text()
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "value = 7" in line)
    lines[row] = lines[row].replace("value = 7", f"value = {value}")
    file.write_text("\n".join(lines) + "\n")
    assert main(["check", str(tmp_path / "stats")]) == 1
    out = capsys.readouterr().out
    assert f"{file}:{row + 1}: error: point 2: {words}" in out


def test_p_prime_is_in_percent_and_named(tmp_path: Path) -> None:
    store = _store(tmp_path)
    meas = m.Measure("pp", "Whole service", chart="pp", better="up")
    props = [0.09, 0.13, 0.085, 0.135, 0.092, 0.128, 0.088, 0.131, 0.094, 0.127, 0.091, 0.133]
    meas.points = [
        m.DataPoint(DAY0 + WEEK * i, None, round(p * 4000), 4000.0) for i, p in enumerate(props)
    ]
    store.save_measure(meas)
    text = render_text(store.project, meas, width=80)
    assert "Whole service — P′ chart (Laney proportion, large denominators)" in text
    assert "Phase 1 (from 2026-01-05): mean 11.0%, limits 0.3% to 21.8%" in text
    spec = build_spec(store.project, meas, analyse_measure(meas))
    assert spec.percent
    assert all(len(line) <= 80 for line in text.splitlines())


def test_g_chart_names_its_median(tmp_path: Path) -> None:
    store = _store(tmp_path)
    meas = _measure("g", [12, 3, 25, 0, 8, 40, 5, 17, 2, 30, 9, 14])
    store.save_measure(meas)
    text = render_text(store.project, meas, width=80)
    assert "G chart (cases or days between events)" in text
    assert "median 10.5" in text and "─ median" in text


def test_mdc_icons_and_words_on_the_chart_and_in_the_verdict(tmp_path: Path) -> None:
    store = _store(tmp_path)
    values = [2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 7.0]
    meas = _measure("i", values, rules="mdc", better="up", target=-6.0, freeze=6)
    store.save_measure(meas)
    result = analyse_measure(meas)
    line = mdc_line(meas, result)
    assert line == (
        "Making Data Count: variation (H↑) special cause improvement, last point high "
        "(outside the limits); assurance (P) consistently passes the target -6"
    )
    assert verdict_lines(meas, result)[0] == line
    text = render_text(store.project, meas, width=100)
    assert "i measure — I chart (individuals, XmR)  (H↑) (P)" in text
    assert "(H↑) special cause improvement" in text


@pytest.mark.parametrize(
    ("better", "target", "words"),
    [
        ("down", None, "variation (H!) special cause concern, last point high (outside the "
         "limits); assurance none (no target)"),
        ("", 3.0, "variation (H·) special cause, neutral, last point high (outside the limits); "
         "assurance none (no improvement direction)"),
        ("up", 3.0, "assurance (?) hit and miss: the target 3 lies within the limits"),
    ],
)  # fmt: skip
def test_mdc_words(better: str, target: float | None, words: str) -> None:
    meas = _measure("i", [2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 7.0], rules="mdc", freeze=6)
    meas.better, meas.target = better, target
    line = mdc_line(meas, analyse_measure(meas))
    assert line is not None and words in line


def test_no_mdc_line_without_the_rule_set() -> None:
    meas = _measure("i", [2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 7.0], better="up", target=3.0)
    result = analyse_measure(meas)
    assert result.mdc is None and mdc_line(meas, result) is None
    assert not any("Making Data Count" in x for x in verdict_lines(meas, result))


def test_report_shows_the_mdc_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    store.save_measure(
        _measure("i", [2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 1.0], rules="mdc", better="up", target=9.0)
    )
    assert main(["report", str(tmp_path / "stats")]) == 0
    out = capsys.readouterr().out
    assert "- Making Data Count: variation (~) common cause variation; assurance (F)" in out


def test_two_of_three_marks_only_the_points_beyond_two_sigma() -> None:
    from qitui.charts import signal_points

    meas = _measure("i", [2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 5.0, 2.0, 5.0], rules="mdc", freeze=6)
    result = analyse_measure(meas)
    assert [(s.rule, s.start, s.end) for s in result.signals] == [("two-of-three", 6, 8)]
    assert signal_points(result) == {6, 8}
