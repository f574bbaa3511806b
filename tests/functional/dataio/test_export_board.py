"""`qitui export` (CSV and Excel, the chart's own analysis) and charts/reports as SVG or HTML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from qitui.cli import main
from qitui.measure_analysis import analyse_measure
from qitui.store import load_project
from tests.helpers.projects import build_chart_project


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def charts(tmp_path: Path) -> Path:
    build_chart_project(tmp_path / "charts")
    return tmp_path / "charts"


def test_export_csv_one_row_per_point_with_the_analysis(
    charts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "run.csv"
    code, out, err = run(capsys, "export", charts, "reviews", "-o", out_file)
    assert code == 0, err
    meas = load_project(charts).project.measure("reviews")
    result = analyse_measure(meas)
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    assert len(rows) == len(meas.points) and f"{len(rows)} point(s)" in out
    assert list(rows[0])[:10] == [
        "date", "value", "y", "cl", "ucl", "lcl", "phase", "baseline", "excluded", "astronomical",
    ]  # fmt: skip
    assert rows[0]["date"] == meas.points[0].date.isoformat()
    assert float(rows[0]["cl"]) == pytest.approx(result.points[0].cl)
    assert rows[9]["value"] == "" and rows[9]["y"] == ""  # the missing week stays missing
    shift = next(s for s in result.signals if s.rule == "shift")
    assert "Shift" in rows[shift.end]["signals"]
    assert rows[shift.start - 1]["signals"] == "" or shift.start == 0


def test_export_xlsx_p_chart_numerator_denominator(
    charts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "p.xlsx"
    code, _, err = run(capsys, "export", charts, "booked", "-o", out_file)
    assert code == 0, err
    import pandas as pd  # here, not at collection: every xdist worker collects this module

    frame = pd.read_excel(out_file, engine="openpyxl")
    meas = load_project(charts).project.measure("booked")
    assert list(frame.columns[:3]) == ["date", "numerator", "denominator"]
    assert len(frame) == len(meas.points)
    assert frame["date"][0].date() == meas.points[0].date  # a real Excel date cell
    assert frame["y"][0] == pytest.approx(meas.points[0].numerator / meas.points[0].denominator)
    assert {"ucl", "lcl", "signals", "phase_signals"} <= set(frame.columns)


def test_export_refuses_other_formats_and_unknown_measures(
    charts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", charts, "reviews", "-o", tmp_path / "x.json")
    assert code == 1 and "writes .csv or .xlsx" in err and not (tmp_path / "x.json").exists()
    code, _, err = run(capsys, "export", charts, "nope", "-o", tmp_path / "x.csv")
    assert code == 1 and "no measure 'nope'" in err


def test_chart_svg_and_html_in_colour_with_the_verdict(
    charts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg, page = tmp_path / "c.svg", tmp_path / "c.html"
    code, out, err = run(capsys, "chart", charts, "reviews", "--svg", svg, "--html", page)
    assert code == 0, err
    assert f"wrote {svg}" in out and f"wrote {page}" in out
    text = svg.read_text()
    assert text.startswith("<svg") and "Shift" in text
    # The chart's own colours: data blue, signal red, centre green (as xterm-256 picks them).
    for colour in ("#0087ff", "#ff5f5f", "#00af5f"):
        assert colour in text and colour in page.read_text()
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "◆" in html and "Shift" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]


def test_report_html_every_chart_inline_and_user_text_escaped(
    charts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project_file = charts / "project.toml"
    project_file.write_text(
        project_file.read_text().replace(
            "schema = 1\n", 'schema = 1\ndescription = "<script>alert(1)</script> & more"\n', 1
        )
    )
    page = tmp_path / "r.html"
    code, out, err = run(capsys, "report", charts, "--html", page)
    assert code == 0, err
    html = page.read_text()
    with_points = [x for x in load_project(charts).project.measures if x.points]
    assert html.count('<pre class="chart"') == len(with_points) > 1
    assert "qitui-chart-" not in html and "<table>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_files_into_a_missing_folder_are_refused_and_nothing_is_left(
    charts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope"
    for args in (
        ["export", charts, "reviews", "-o", missing / "x.xlsx"],
        ["chart", charts, "reviews", "--svg", tmp_path / "ok.svg", "--html", missing / "x.html"],
        ["report", charts, "--html", missing / "r.html"],
    ):
        code, _, err = run(capsys, *args)
        assert code == 1 and "no such folder" in err and err.count("\n") == 1, err
    assert not missing.exists() and not (tmp_path / "ok.svg").exists()
    assert [f.name for f in tmp_path.iterdir() if f.name != "charts"] == []
