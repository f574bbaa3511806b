"""`qitui analyse` on a bare CSV and on a project: the JSON contract of DESIGN.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qitui.cli import main

POINT_KEYS = {"date", "y", "cl", "ucl", "lcl", "sigma_signal", "phase"}
PHASE_KEYS = {
    "phase",
    "first",
    "last",
    "n_obs",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
}
IHI_KEYS = {
    "median",
    "n_runs",
    "runs_lower_limit",
    "runs_upper_limit",
    "too_few_runs",
    "too_many_runs",
    "shifts",
    "trends",
}
VALUES = [5, 6, 4, 5, 7, 3, 5, 6, 8, 9, 10, 9, 11, 12, 10, 11]


def csv_file(tmp_path: Path, ratio: bool = False) -> Path:
    path = tmp_path / "data.csv"
    if ratio:
        rows = [f"2026-01-{d:02d},{v},{20 + d % 5}" for d, v in enumerate(VALUES, start=1)]
        path.write_text("date,numerator,denominator\n" + "\n".join(rows) + "\n")
    else:
        rows = [f"2026-01-{d:02d},{v}" for d, v in enumerate(VALUES, start=1)]
        path.write_text("date,value\n" + "\n".join(rows) + "\n")
    return path


def analyse_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict:
    code = main(["analyse", *map(str, args), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("chart", ["run", "i", "mr", "c", "p", "u"])
def test_csv_json_has_the_contract_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str
) -> None:
    data = analyse_json(capsys, "--csv", csv_file(tmp_path, chart in "pu"), "--chart", chart)
    assert data["chart"] == chart
    assert len(data["points"]) == len(VALUES)
    assert set(data["points"][0]) >= POINT_KEYS
    assert data["points"][0]["date"] == "2026-01-01"
    phase = data["phases"][0]
    assert set(phase) >= PHASE_KEYS
    if chart == "run":
        assert set(phase["ihi"]) >= IHI_KEYS
    else:
        assert data["points"][0]["ucl"] is not None or chart == "mr"


def test_run_chart_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = analyse_json(capsys, "--csv", csv_file(tmp_path), "--chart", "run")
    phase = data["phases"][0]
    assert phase["ihi"]["median"] == 7.5
    assert phase["n_useful"] == 16 and phase["longest_run"] == 8 and phase["n_crossings"] == 1
    assert phase["longest_run_max"] == 7 and phase["runs_signal"] is True
    assert phase["ihi"]["shifts"][0] == {"direction": "below", "start": 0, "end": 7, "length": 8}
    assert phase["ihi"]["runs_lower_limit"] == 5 and phase["ihi"]["too_few_runs"] is True


def test_freeze_and_phases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = analyse_json(
        capsys,
        "--csv",
        csv_file(tmp_path),
        "--chart",
        "i",
        "--freeze",
        "4",
        "--phase-start",
        "2026-01-09",
    )
    assert [p["phase"] for p in data["phases"]] == [1, 2]
    assert data["phases"][1]["first"] == 8
    assert data["points"][0]["cl"] == pytest.approx(5.0)  # mean of 5, 6, 4, 5
    assert data["points"][8]["cl"] == pytest.approx(9.0)  # mean of 8, 9, 10, 9
    assert data["points"][7]["cl"] == pytest.approx(5.0)  # frozen, extended


def test_no_screen_and_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = analyse_json(
        capsys,
        "--csv",
        csv_file(tmp_path),
        "--chart",
        "i",
        "--no-screen",
        "--rules",
        "mdc",
        "--better",
        "up",
    )
    assert "mdc" in data["rule_sets"]
    assert all(s["assessment"] in ("improvement", "concern", None) for s in data["signals"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--chart", "xbar"], "invalid choice"),
        ([], "needs --chart"),
        (["--chart", "p"], "needs date,numerator,denominator"),
        (["--chart", "run", "--phase-start", "soon"], "not a date"),
        (["--chart", "run", "--freeze", "0"], "--freeze"),
    ],
)
def test_csv_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    try:
        code = main(["analyse", "--csv", str(csv_file(tmp_path)), *args, "--json"])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code != 0 and words in err and "Traceback" not in err


def test_empty_csv_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["analyse", "--csv", str(empty), "--chart", "run"]) == 1
    assert main(["analyse", "--csv", str(tmp_path / "nope.csv"), "--chart", "run"]) == 1
    err = capsys.readouterr().err
    assert "empty file" in err and "cannot read" in err


def test_project_mode(small_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = analyse_json(capsys, small_project)
    assert data["project"] == "Small test project"
    measure = data["measures"][0]
    assert measure["id"] == "on-time" and measure["chart"] == "p"
    assert measure["points"][0]["y"] == pytest.approx(10 / 30)
    one = analyse_json(capsys, small_project, "--measure", "on-time")
    assert one["measures"] == data["measures"]
    assert main(["analyse", str(small_project), "--measure", "ghost"]) == 1


def test_readable_summary(small_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", str(small_project)]) == 0
    out = capsys.readouterr().out
    assert "On-time reviews — p chart" in out and "Phase 1" in out and "Rules:" in out
    assert "%" in out
