"""The ``[import]`` table of a measure file: written, read back, and checked like every key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from qitui import model as m
from qitui.lint import check_paths
from qitui.store import ProjectStore, load_project, measure_text


def test_recipe_round_trip(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    meas.recipe = m.ImportRecipe(
        period="fortnight",
        date_column="Referral date",
        statistic="flag",
        column="Seen",
        sheet="Extract",
        dayfirst=True,
        start=date(2026, 1, 5),
        first=date(2026, 1, 5),
        last=date(2026, 3, 30),
    )
    store.save_measure(meas)
    text = (small_project / "measures" / "on-time.toml").read_text()
    assert text.endswith(
        '\n[import]\nperiod = "fortnight"\ndate_column = "Referral date"\nstatistic = "flag"\n'
        'column = "Seen"\nstart = 2026-01-05\nsheet = "Extract"\ndayfirst = true\n'
        "first = 2026-01-05\nlast = 2026-03-30\n"
    )
    loaded = load_project(small_project)
    assert not loaded.problems
    again = loaded.project.measure("on-time")
    assert again.recipe == meas.recipe
    assert measure_text(again) == text
    assert not [p for p in check_paths([small_project]) if p.level == "error"]


def test_measure_without_recipe_writes_no_import_table(small_project: Path) -> None:
    text = (small_project / "measures" / "on-time.toml").read_text()
    assert "[import]" not in text
    assert load_project(small_project).project.measure("on-time").recipe is None


def test_bad_recipe_is_a_located_problem(small_project: Path) -> None:
    file = small_project / "measures" / "on-time.toml"
    good = file.read_text()
    for table, words in (
        ('[import]\nperiod = "daily"\ndate_column = "d"\nstatistic = "count"\n', "one of week"),
        ('[import]\nperiod = "week"\n', "needs 'date_column' and 'statistic'"),
        ('[import]\nperiod = "week"\ndate_column = "d"\nstatistic = "mean"\n', "needs a 'column'"),
        ('[import]\nsheet = "A"\ncolour = "red"\n', "unknown key 'colour' in [import]"),
        ('[import]\nstart = "2026-01-05"\n', "must be a date"),
    ):
        file.write_text(good + "\n" + table)
        loaded = load_project(small_project)
        found = [p for p in loaded.problems if words in p.message]
        assert found, (table, loaded.problems)
        assert found[0].line > good.count("\n"), found[0]  # points at the [import] table
