"""The command line: new, import and check, with every bad input refused and nothing changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qitui import __version__
from qitui.cli import main
from qitui.store import load_project


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {f: f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--version"], ["import", "--version"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 0
        assert __version__ in capsys.readouterr().out
    for args in (["--help"], ["check", "--help"], ["analyse", "--help"], ["new", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 0
        assert "usage: qitui" in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])
    assert exc.value.code == 2


def test_console_script_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "qitui", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"qitui {__version__}"


def test_new_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", tmp_path / "my-project", "--title", "Fewer falls")
    assert code == 0 and "project.toml" in out
    loaded = load_project(tmp_path / "my-project")
    assert loaded.project is not None and loaded.project.title == "Fewer falls"
    code, _, _ = run(capsys, "check", tmp_path / "my-project")
    assert code == 0
    code, _, err = run(capsys, "new", tmp_path / "my-project", "--title", "Again")
    assert code == 1 and "already a project" in err
    code, _, err = run(capsys, "new", tmp_path / "Bad Name", "--title", "X")
    assert code == 1 and "lower-case" in err


WEEKLY = "date,value\n2026-01-05,4\n2026-01-12,6\n2026-01-19,5\n"
RATIO = "date,numerator,denominator\n05/01/2026,10,20\n12/01/2026,12,22\n19/01/2026,15,25\n"


def test_import_creates_then_merges_idempotently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", tmp_path / "p", "--title", "P")
    csv = tmp_path / "w.csv"
    csv.write_text(WEEKLY)
    code, out, err = run(
        capsys, "import", tmp_path / "p", csv, "--measure", "Waiting days", "--chart", "i"
    )
    assert code == 0, err
    file = tmp_path / "p" / "measures" / "waiting-days.toml"
    assert "3 added" in out
    first = snapshot(tmp_path / "p")
    code, out, _ = run(capsys, "import", tmp_path / "p", csv, "--measure", "waiting-days")
    assert code == 0 and "0 added, 0 changed, 3 unchanged" in out
    assert snapshot(tmp_path / "p") == first
    csv.write_text("date,value\n2026-01-12,7\n2026-01-26,3\n")
    code, out, _ = run(capsys, "import", tmp_path / "p", csv, "--measure", "Waiting days")
    assert "1 added, 1 changed" in out
    meas = load_project(tmp_path / "p").project.measure("waiting-days")
    assert [p.value for p in meas.points] == [4, 7, 5, 3]
    assert meas.chart == "i"
    assert file.read_text().count("{ date") == 4


def test_import_uk_dates_bom_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", tmp_path / "p", "--title", "P")
    csv = tmp_path / "r.csv"
    csv.write_bytes(b"\xef\xbb\xbf" + RATIO.replace("\n", "\r\n").encode())
    code, _, err = run(capsys, "import", tmp_path / "p", csv, "--measure", "On time")
    assert code == 0, err
    meas = load_project(tmp_path / "p").project.measure("on-time")
    assert meas.chart == "p"
    assert [(p.date.isoformat(), p.numerator, p.denominator) for p in meas.points][0] == (
        "2026-01-05",
        10,
        20,
    )


BAD_CSV = [
    ("date,value\n2026-01-05,4\n2026-01-12,four\n", "row 3", "'four' is not a number"),
    ("date,value\n2026-01-05,4\n2026-02-30,4\n", "row 3", "does not exist"),
    ("date,value\n2026-01-05,4\nnext week,4\n", "row 3", "is not a date"),
    ("date,value\n2026-01-05,nan\n", "row 2", "not a number"),
    ("date,value\n2026-01-05,inf\n", "row 2", "not a number"),
    ("date,value\n2026-01-05,1\n2026-01-05,2\n", "row 3", "appears twice"),
    ("date,numerator,denominator\n2026-01-05,30,20\n", "row 2", "above denominator"),
    ("date,numerator,denominator\n2026-01-05,-1,20\n", "row 2", "negative"),
    ("date,numerator,denominator\n2026-01-05,3\n", "row 2", "expected 3 columns"),
    ("date,value\n03/04/2026,1\n05/06/2026,2\n", "row 2", "ambiguous"),
    ("date,value\n01/13/2026,1\n", "row 2", "US order"),
    ("when,how many\n2026-01-05,1\n", "row 1", "header"),
    ("", "", "empty file"),
    ("date,value\n", "", "no data rows"),
]


@pytest.mark.parametrize(("content", "where", "words"), BAD_CSV)
def test_bad_csv_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, where: str, words: str
) -> None:
    run(capsys, "new", tmp_path / "p", "--title", "P")
    good = tmp_path / "good.csv"
    good.write_text(
        WEEKLY.replace("value", "numerator,denominator")
        .replace(",4", ",4,9")
        .replace(",6", ",6,9")
        .replace(",5\n", ",5,9\n")
    )
    run(capsys, "import", tmp_path / "p", good, "--measure", "m", "--chart", "p")
    before = snapshot(tmp_path / "p")
    csv = tmp_path / "bad.csv"
    csv.write_text(content)
    code, out, err = run(capsys, "import", tmp_path / "p", csv, "--measure", "m")
    assert code == 1
    assert words in err and where in err, err
    assert "Traceback" not in err and "nothing was imported" in err
    assert snapshot(tmp_path / "p") == before


def test_import_binary_and_non_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", tmp_path / "p", "--title", "P")
    for data, words in (
        (b"date,value\n\x00\x01", "binary"),
        (b"date,value\n2026-01-01,\xff\n", "UTF-8"),
    ):
        csv = tmp_path / "x.csv"
        csv.write_bytes(data)
        code, _, err = run(capsys, "import", tmp_path / "p", csv, "--measure", "m")
        assert code == 1 and words in err
    assert not (tmp_path / "p" / "measures").exists()


def test_import_dayfirst_resolves_ambiguity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", tmp_path / "p", "--title", "P")
    csv = tmp_path / "a.csv"
    csv.write_text("date,value\n03/04/2026,1\n")
    code, _, err = run(capsys, "import", tmp_path / "p", csv, "--measure", "m", "--dayfirst")
    assert code == 0, err
    assert load_project(tmp_path / "p").project.measure("m").points[0].date.isoformat() == (
        "2026-04-03"
    )


def test_import_into_project_with_problems_refused(
    small_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (small_project / "project.toml").write_text('schema = 1\ntitle = "x\n')
    csv = small_project.parent / "w.csv"
    csv.write_text(WEEKLY)
    code, _, err = run(capsys, "import", small_project, csv, "--measure", "m")
    assert code == 1 and "project.toml:2:" in err


def test_check_reports_file_and_line(
    small_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", small_project)
    assert code == 0
    bad = small_project / "measures" / "on-time.toml"
    bad.write_text(bad.read_text().replace("numerator = 12,", "numerator = 99,"))
    code, out, _ = run(capsys, "check", small_project.parent)
    assert code == 1
    assert f"{bad}:" in out and ": error: " in out and "above denominator" in out
    code, out, _ = run(capsys, "check", bad)  # a file, as pre-commit passes them
    assert code == 1 and "above denominator" in out


def test_check_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", tmp_path / "nope")
    assert code == 1 and "no such file" in out
