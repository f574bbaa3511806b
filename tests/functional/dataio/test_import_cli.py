"""`qitui import` of Excel sheets and record-level extracts, with real .xlsx files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from qitui.cli import main
from qitui.store import load_project


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[Path, bytes]:
    """The project's files (not qitui's own lock folder, .qitui/, which git ignores)."""
    files = sorted(folder.rglob("*"))
    return {f: f.read_bytes() for f in files if f.is_file() and ".qitui" not in f.parts}


def xlsx(path: Path, *sheets: tuple[str, list[list[Any]]]) -> Path:
    from openpyxl import Workbook  # here, not at collection: every xdist worker collects

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    run(capsys, "new", tmp_path / "p", "--title", "P")
    return tmp_path / "p"


def points(project: Path, measure: str) -> list[tuple]:
    meas = load_project(project).project.measure(measure)
    return [(p.date, p.value, p.numerator, p.denominator) for p in meas.points]


def test_excel_table_with_date_cells_and_text_dates(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = xlsx(
        tmp_path / "d.xlsx",
        ("Notes", [["read me"]]),
        (
            "Weekly",
            [
                ["Date", "Numerator", "Denominator"],
                [datetime(2026, 1, 5), 10, 20],
                [],
                [date(2026, 1, 12), 12, 22],
                ["19/01/2026", "15", 25.0],
            ],
        ),
    )
    code, out, err = run(
        capsys, "import", project, book, "--measure", "On time", "--sheet", "Weekly"
    )
    assert code == 0, err
    assert "3 added" in out
    assert points(project, "on-time") == [
        (date(2026, 1, 5), None, 10, 20),
        (date(2026, 1, 12), None, 12, 22),
        (date(2026, 1, 19), None, 15, 25),
    ]
    text = (project / "measures" / "on-time.toml").read_text()
    assert '[import]\nsheet = "Weekly"' in text
    # The recipe remembers the sheet: the next workbook needs only the file and the measure.
    book2 = xlsx(
        tmp_path / "d2.xlsx",
        ("Notes", []),
        ("Weekly", [["date", "numerator", "denominator"], [datetime(2026, 1, 26), 9, 18]]),
    )
    code, out, err = run(capsys, "import", project, book2, "--measure", "on-time")
    assert code == 0, err
    assert "1 added, 0 changed, 0 unchanged" in out
    assert run(capsys, "check", project)[0] == 0


def test_excel_first_sheet_by_default_and_no_recipe_for_a_plain_table(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = xlsx(
        tmp_path / "d.xlsx", ("A", [[datetime(2026, 1, 5), 4], [datetime(2026, 1, 12), 6.5]])
    )
    code, out, err = run(capsys, "import", project, book, "--measure", "Wait", "--chart", "i")
    assert code == 0, err
    assert points(project, "wait") == [
        (date(2026, 1, 5), 4, None, None),
        (date(2026, 1, 12), 6.5, None, None),
    ]
    assert "[import]" not in (project / "measures" / "wait.toml").read_text()


BAD_EXCEL = [
    ([["date", "value"], [datetime(2026, 1, 5), "four"]], "row 2", "'four' is not a number"),
    ([["date", "value"], ["next week", 4]], "row 2", "is not a date"),
    ([["date", "value"], ["31/02/2026", 4]], "row 2", "does not exist"),
    ([["when", "what"], [datetime(2026, 1, 5), 4]], "row 1", "header"),
    ([["date", "value"], [datetime(2026, 1, 5), 1], [datetime(2026, 1, 5), 2]], "row 3", "twice"),
]


@pytest.mark.parametrize(("rows", "where", "words"), BAD_EXCEL)
def test_bad_excel_changes_nothing(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rows: list,
    where: str,
    words: str,
) -> None:
    before = snapshot(project)
    book = xlsx(tmp_path / "bad.xlsx", ("Data", rows))
    code, _, err = run(capsys, "import", project, book, "--measure", "m")
    assert code == 1
    assert f"bad.xlsx:{where}: " in err and words in err, err
    assert "Traceback" not in err and "nothing was imported" in err and err.count("\n") == 1
    assert snapshot(project) == before


def test_not_a_spreadsheet_and_unknown_sheet(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("date,value\n2026-01-05,1\n")
    code, _, err = run(capsys, "import", project, fake, "--measure", "m")
    assert code == 1 and "not an Excel .xlsx workbook" in err and err.count("\n") == 1
    book = xlsx(tmp_path / "d.xlsx", ("Data", [["date", "value"]]))
    code, _, err = run(capsys, "import", project, book, "--measure", "m", "--sheet", "Dtaa")
    assert code == 1 and "no sheet 'Dtaa' (sheets: 'Data')" in err
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run(capsys, "import", project, old, "--measure", "m")
    assert code == 1 and "save the sheet as .xlsx" in err
    zipped = tmp_path / "zipped.csv"
    zipped.write_bytes(book.read_bytes())
    code, _, err = run(capsys, "import", project, zipped, "--measure", "m", "--period", "week",
                       "--date-column", "date", "--count")  # fmt: skip
    assert code == 1 and "not CSV text" in err
    assert snapshot(project) == before


EXTRACT = [
    ["Child", "Referral date", "Seen in time", "Wait days"],
    ["a", datetime(2026, 1, 5, 9, 30), "Yes", 3],
    ["b", "07/01/2026", "n", 5],
    ["c", "2026-01-08 14:00", True, None],  # an Excel TRUE cell
    ["d", datetime(2026, 1, 26), 1, 7],
    ["e", datetime(2026, 1, 27), "no", 9],
]


def test_record_extract_flag_per_week_with_empty_weeks(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = xlsx(tmp_path / "jan.xlsx", ("Extract", EXTRACT))
    args = ["--period", "week", "--date-column", "referral date", "--flag", "Seen in time"]
    code, out, err = run(capsys, "import", project, book, "--measure", "Seen", *args, "--dayfirst")
    assert code == 0, err
    assert "4 added" in out and "recipe kept" in out
    assert points(project, "seen") == [
        (date(2026, 1, 5), None, 2, 3),
        (date(2026, 1, 12), None, None, None),  # no records: a point with no value
        (date(2026, 1, 19), None, None, None),
        (date(2026, 1, 26), None, 1, 2),
    ]
    meas = load_project(project).project.measure("seen")
    assert meas.chart == "p"
    assert meas.recipe.period == "week" and meas.recipe.statistic == "flag"
    assert meas.recipe.column == "Seen in time" and meas.recipe.dayfirst
    assert meas.recipe.date_column == "Referral date"  # as the file spells it


def test_record_extract_count_mean_median(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = xlsx(tmp_path / "jan.xlsx", ("Extract", EXTRACT))
    base = ["--date-column", "Referral date", "--dayfirst"]
    assert (
        run(
            capsys, "import", project, book, "--measure", "n", "--period", "week", "--count", *base
        )[0]
        == 0
    )
    assert [p[1] for p in points(project, "n")] == [3, 0, 0, 2]
    assert (
        run(
            capsys,
            "import",
            project,
            book,
            "--measure",
            "mean",
            "--period",
            "month",
            "--mean",
            "wait days",
            *base,
        )[0]
        == 0
    )
    assert points(project, "mean") == [(date(2026, 1, 1), 6.0, None, None)]
    assert (
        run(
            capsys,
            "import",
            project,
            book,
            "--measure",
            "med",
            "--period",
            "fortnight",
            "--median",
            "Wait days",
            *base,
        )[0]
        == 0
    )
    assert [(p[0], p[1]) for p in points(project, "med")] == [
        (date(2026, 1, 5), 4.0),
        (date(2026, 1, 19), 8.0),
    ]


def test_recipe_kept_next_extract_replaces_its_periods_only(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "jan.csv"
    csv.write_text(
        "id,date,seen\n1,2026-01-05,yes\n2,2026-01-06,no\n3,2026-01-13,yes\n4,2026-01-20,y\n"
    )
    args = ["--period", "week", "--date-column", "date", "--flag", "seen"]
    assert run(capsys, "import", project, csv, "--measure", "Seen", *args)[0] == 0
    # Someone types a point by hand, before the extracts began.
    file = project / "measures" / "seen.toml"
    file.write_text(
        file.read_text().replace(
            "points = [\n", "points = [\n  { date = 2025-12-29, numerator = 1, denominator = 4 },\n"
        )
    )
    feb = tmp_path / "feb.csv"
    feb.write_text(
        "id,date,seen\n5,2025-12-30,no\n6,2026-01-20,no\n7,2026-01-21,no\n8,2026-02-02,yes\n"
    )
    before = snapshot(project)
    code, out, err = run(capsys, "import", project, feb, "--measure", "seen", "--dry-run")
    assert code == 0, err
    assert out.startswith(f"would update {file}: 2 added, 4 changed, 0 unchanged")
    assert "changed 2025-12-29: 1/4 -> 0/1 (typed by hand" in out
    assert "changed 2026-01-19: 1/1 -> 0/2\n" in out
    assert "⚠ 1 value(s) typed by hand would be overwritten: 2025-12-29 (1/4)" in out
    assert "note: the extract's first week (2025-12-29) replaced a value" in out
    assert "last week" not in out  # 2026-02-02 is new
    assert snapshot(project) == before  # a dry run writes nothing
    code, out, err = run(capsys, "import", project, feb, "--measure", "seen")
    assert code == 0 and out.startswith(f"updated {file}: 2 added, 4 changed, 0 unchanged")
    assert points(project, "seen") == [
        (date(2025, 12, 29), None, 0, 1),
        (date(2026, 1, 5), None, None, None),  # covered by February's extract, no records
        (date(2026, 1, 12), None, None, None),
        (date(2026, 1, 19), None, 0, 2),
        (date(2026, 1, 26), None, None, None),
        (date(2026, 2, 2), None, 1, 1),
    ]
    recipe = load_project(project).project.measure("seen").recipe
    assert (recipe.first, recipe.last) == (date(2025, 12, 29), date(2026, 2, 2))


def test_recipe_left_untouched_when_the_file_brings_nothing_new(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "jan.csv"
    csv.write_text("date\n2026-01-05\n2026-01-19\n")
    args = ["--period", "week", "--date-column", "date", "--count"]
    assert run(capsys, "import", project, csv, "--measure", "n", *args)[0] == 0
    before = snapshot(project)
    code, out, _ = run(capsys, "import", project, csv, "--measure", "n")
    assert code == 0 and "0 added, 0 changed, 3 unchanged" in out
    assert snapshot(project) == before


BAD_RECORDS = [
    (
        "id,date,seen\n1,2026-01-05,maybe\n",
        ["--flag", "seen"],
        "row 2",
        "'maybe' in column 'seen' is not yes/no",
    ),
    ("id,date,seen\n1,2026-01-05,\n", ["--flag", "seen"], "row 2", "'(empty)' in column 'seen'"),
    (
        "id,date,wait\n1,2026-01-05,3\n2,2026-01-06,lots\n",
        ["--mean", "wait"],
        "row 3",
        "column 'wait': 'lots' is not a number",
    ),
    (
        "id,date,wait\n1,2026-01-05,3\n",
        ["--mean", "waiting"],
        "",
        "no column 'waiting' (--mean); columns: 'id', 'date', 'wait'",
    ),
    ("id,when\n1,2026-01-05\n", ["--count"], "", "no column 'date' (--date-column)"),
    ("id,date\n1,2026-01-05\n2,soon\n", ["--count"], "row 3", "date 'soon' is not a date"),
    ("id,date\n1,2026-01-05\n2,\n", ["--count"], "row 3", "no date in column 'date'"),
    ("id,date\n", ["--count"], "", "no records under the header row"),
    ("id,date\n1,2026-01-05\n2,2026-01-06,x\n", ["--count"], "row 3", "expected 2 columns"),
    ('id,date,ok\n1,2026-01-05,"multi\nline"\n', ["--flag", "ok"], "row 2", "'multi line' in"),
]


@pytest.mark.parametrize(("content", "stat", "where", "words"), BAD_RECORDS)
def test_bad_records_change_nothing(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    stat: list[str],
    where: str,
    words: str,
) -> None:
    before = snapshot(project)
    csv = tmp_path / "x.csv"
    csv.write_text(content)
    code, _, err = run(capsys, "import", project, csv, "--measure", "m", "--period", "week",
                       "--date-column", "date", *stat)  # fmt: skip
    assert code == 1, err
    assert words in err and f"x.csv:{where}" in err, err
    assert err.count("\n") == 1 and "nothing was imported" in err
    assert snapshot(project) == before


def test_incomplete_record_options_and_wrong_chart(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("date,seen\n2026-01-05,yes\n")
    code, _, err = run(capsys, "import", project, csv, "--measure", "m", "--count")
    assert code == 1 and "needs --period week|fortnight|month and --date-column COL" in err
    code, _, err = run(capsys, "import", project, csv, "--measure", "m", "--period", "week",
                       "--date-column", "date", "--flag", "seen", "--chart", "i")  # fmt: skip
    assert code == 1 and "needs a p, u, pp or up chart" in err
    assert not (project / "measures").exists()


def test_recipe_from_a_workbook_then_a_csv_extract(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = xlsx(tmp_path / "jan.xlsx", ("Cover", [["January"]]), ("Extract", EXTRACT))
    args = ["--period", "month", "--date-column", "Referral date", "--count", "--dayfirst"]
    code, _, err = run(
        capsys, "import", project, book, "--measure", "n", "--sheet", "Extract", *args
    )
    assert code == 0, err
    assert load_project(project).project.measure("n").recipe.sheet == "Extract"
    feb = tmp_path / "feb.csv"
    feb.write_text("Child,Referral date\nf,03/02/2026\ng,14/02/2026\n")
    code, out, err = run(capsys, "import", project, feb, "--measure", "n")
    assert code == 0, err  # the kept sheet does not apply to a CSV file
    assert points(project, "n") == [
        (date(2026, 1, 1), 5, None, None),
        (date(2026, 2, 1), 2, None, None),
    ]
    code, _, err = run(capsys, "import", project, feb, "--measure", "n", "--sheet", "Extract")
    assert code == 1 and "--sheet is for Excel files" in err
