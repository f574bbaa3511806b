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


# ------------------------------------------------------------------ P′, U′, G, T and MDC


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gaps.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize("chart", ["pp", "up", "g", "t"])
def test_new_charts_keep_the_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str
) -> None:
    path = csv_file(tmp_path, chart in ("pp", "up"))
    data = analyse_json(
        capsys, "--csv", path, "--chart", chart, "--phase-start", "2026-01-09", "--freeze", "5"
    )
    assert data["chart"] == chart and "mdc" not in data
    assert all(set(p) >= POINT_KEYS for p in data["points"])
    assert [ph["phase"] for ph in data["phases"]] == [1, 2]
    assert all(set(ph) >= PHASE_KEYS for ph in data["phases"])
    assert data["phases"][0]["baseline_last"] == 4
    assert all(p["ucl"] is not None for p in data["points"])
    assert all(p["lcl"] >= 0 for p in data["points"])


def test_no_screen_changes_laney_limits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(100, 1000), (102, 1000), (98, 1000), (101, 1000), (99, 1000), (160, 1000)]
    rows += [(100, 1000), (101, 1000), (99, 1000), (100, 1000)]
    text = "date,numerator,denominator\n" + "".join(
        f"2026-{m:02d}-01,{a},{b}\n" for m, (a, b) in enumerate(rows, start=1)
    )
    path = _write(tmp_path, text)
    screened = analyse_json(capsys, "--csv", path, "--chart", "pp")
    plain = analyse_json(capsys, "--csv", path, "--chart", "pp", "--no-screen")
    assert screened["points"][0]["ucl"] < plain["points"][0]["ucl"]


@pytest.mark.parametrize(
    ("chart", "value", "words"),
    [
        ("t", "0", "gaps.csv:row 3: a T chart needs a time between events above 0 (got 0)"),
        ("t", "-2", "gaps.csv:row 3: a T chart needs a time between events above 0"),
        ("g", "-1", "gaps.csv:row 3: a G chart counts cases or days between events"),
    ],
)
def test_g_and_t_bad_values_name_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str, value: str, words: str
) -> None:
    path = _write(tmp_path, f"date,value\n2026-01-01,4\n2026-02-01,{value}\n2026-03-01,5\n")
    assert main(["analyse", "--csv", str(path), "--chart", chart, "--json"]) == 1
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == ""


@pytest.mark.parametrize(
    ("better", "target", "variation", "assurance"),
    [
        ("up", "0", "special_cause_improvement", "consistent_pass"),
        ("down", "0", "special_cause_concern", "consistent_fail"),
        ("up", "8", "special_cause_improvement", "inconsistent"),
        ("up", "12", "special_cause_improvement", "consistent_fail"),
        (None, "8", "special_cause_neutral_high", None),
        ("up", None, "special_cause_improvement", None),
    ],
)
def test_mdc_variation_and_assurance(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    better: str | None,
    target: str | None,
    variation: str,
    assurance: str | None,
) -> None:
    args: list[str | Path] = ["--csv", csv_file(tmp_path), "--chart", "i", "--rules", "mdc"]
    args += ["--better", better] if better else []
    args += ["--target", target] if target else []
    data = analyse_json(capsys, *args, "--freeze", "8")
    # baseline mean 5.125, limits 0.186 to 10.064: the last point (11) is above the limit
    assert data["mdc"] == {"variation": variation, "assurance": assurance}
    assert main(["analyse", *map(str, args), "--freeze", "8"]) == 0
    out = capsys.readouterr().out
    assert "Making Data Count: variation (" in out


def test_project_mode_mdc_per_measure(
    small_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from qitui.store import ProjectStore, load_project

    store = ProjectStore(load_project(small_project))
    meas = store.project.measures[0]
    meas.rules, meas.better, meas.target = "mdc", "up", 0.9
    store.save_measure(meas)
    data = analyse_json(capsys, small_project)
    got = data["measures"][0]["mdc"]
    assert got["variation"] in (
        "common_cause",
        *(f"special_cause_{x}" for x in ("improvement", "concern")),
    )
    assert got["assurance"] in ("consistent_pass", "consistent_fail", "inconsistent")
