"""An import marks the points it brings (``imported = true``), so that a later import of a
plain CSV names the values typed by hand it overwrites, and only those."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qitui.cli import main
from qitui.store import ProjectStore, load_project, measure_text


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_imported_points_are_marked_one_per_line(
    small_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("date,value\n2026-01-05,4\n2026-01-12,5\n")
    assert run(capsys, "import", small_project, csv, "--measure", "Falls", "--chart", "c")[0] == 0
    text = (small_project / "measures" / "falls.toml").read_text()
    assert "  { date = 2026-01-05, value = 4, imported = true },\n" in text
    assert "[import]" not in text  # a plain CSV keeps no recipe: the mark is per point
    meas = load_project(small_project).project.measure("falls")
    assert meas is not None and all(p.imported for p in meas.points)


def test_plain_csv_import_names_the_hand_typed_values_only(
    small_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "a.csv"
    first.write_text("date,value\n2026-01-05,4\n2026-01-12,5\n")
    run(capsys, "import", small_project, first, "--measure", "Falls", "--chart", "c")
    # a person types a point by hand in the file (as the app would write it)
    file = small_project / "measures" / "falls.toml"
    file.write_text(
        file.read_text().replace(
            "points = [\n", "points = [\n  { date = 2025-12-29, value = 9 },\n"
        )
    )
    second = tmp_path / "b.csv"
    second.write_text("date,value\n2025-12-29,3\n2026-01-05,6\n2026-01-19,1\n")
    code, out, err = run(capsys, "import", small_project, second, "--measure", "falls", "--dry-run")
    assert code == 0, err
    assert "changed 2025-12-29: 9 -> 3 (typed by hand)" in out
    assert "changed 2026-01-05: 4 -> 6\n" in out  # an earlier import's value: not flagged
    assert "⚠ 1 value(s) typed by hand would be overwritten: 2025-12-29 (9)" in out
    code, out, _ = run(capsys, "import", small_project, second, "--measure", "falls")
    assert code == 0 and "⚠ 1 value(s) typed by hand were overwritten" in out
    text = file.read_text()
    assert "{ date = 2025-12-29, value = 3, imported = true }" in text
    # imported again: nothing is typed by hand any more
    code, out, _ = run(capsys, "import", small_project, first, "--measure", "falls", "--dry-run")
    assert "typed by hand" not in out


def test_a_value_typed_in_the_app_is_no_longer_imported(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    assert meas is not None
    point = meas.points[0]
    point.imported = True
    text = measure_text(meas)
    line = next(x for x in text.splitlines() if str(point.date) in x)
    assert line.endswith("imported = true },")
    point.imported = False  # what the point editor does when the value changes
    after = measure_text(meas)
    assert [a for a in after.splitlines() if a not in text.splitlines()] == [
        line.replace(", imported = true", "")
    ]  # one line of diff


@pytest.mark.parametrize("chart,row", [("c", "value = 3"), ("p", "numerator = 1, denominator = 2")])
def test_the_mark_reads_on_the_fast_and_slow_paths(tmp_path: Path, chart: str, row: str) -> None:
    from qitui.store import create_project

    create_project(tmp_path / "p", "P")
    (tmp_path / "p" / "measures").mkdir()
    (tmp_path / "p" / "measures" / "m.toml").write_text(
        f'schema = 1\nname = "M"\nchart = "{chart}"\npoints = [\n'
        f"  {{ date = 2026-01-05, {row}, imported = true }},\n"
        f'  {{ date = 2026-01-12, {row}, imported = true, note = "x" }},\n'
        f"  {{ date = 2026-01-19, {row} }},\n]\n"
    )
    loaded = load_project(tmp_path / "p")
    assert not loaded.problems
    meas = loaded.project.measure("m")
    assert [p.imported for p in meas.points] == [True, True, False]
    assert meas.points[0].date == date(2026, 1, 5)


def test_a_bad_mark_is_a_problem_of_its_line(tmp_path: Path) -> None:
    from qitui.store import create_project

    create_project(tmp_path / "p", "P")
    (tmp_path / "p" / "measures").mkdir()
    (tmp_path / "p" / "measures" / "m.toml").write_text(
        'schema = 1\nname = "M"\npoints = [\n'
        '  { date = 2026-01-05, value = 3, imported = "yes" },\n]\n'
    )
    problems = [str(p) for p in load_project(tmp_path / "p").problems]
    assert any("m.toml:4" in p and "imported" in p for p in problems), problems
