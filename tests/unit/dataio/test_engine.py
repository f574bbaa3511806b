"""The import engine as plain functions (plan -> preview -> apply), as the app will call it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qitui.dataio.engine import ImportRequest, apply_import, plan_import, preview_lines
from qitui.store import ConflictError, ProjectStore, load_project


def test_plan_changes_nothing_until_applied_and_keeps_the_measure_object(
    small_project: Path, tmp_path: Path
) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    before = [(p.date, p.numerator, p.denominator) for p in meas.points]
    file = small_project / "measures" / "on-time.toml"
    text = file.read_text()
    csv = tmp_path / "x.csv"
    csv.write_text("date,numerator,denominator\n2026-01-05,29,30\n2026-03-30,1,2\n")
    plan = plan_import(store.project, ImportRequest(csv, "On-time reviews"))
    assert [(p.date, p.numerator, p.denominator) for p in meas.points] == before
    assert file.read_text() == text
    assert plan.added == [date(2026, 3, 30)] and [c.date for c in plan.changed] == [
        date(2026, 1, 5)
    ]
    lines = preview_lines(plan, file, dry_run=True)
    assert lines[0] == f"would update {file}: 1 added, 1 changed, 0 unchanged"
    assert "  changed 2026-01-05: 10/30 -> 29/30 (typed by hand)" in lines
    assert apply_import(store, plan)
    assert store.project.measure("on-time") is meas  # screens holding it see the import
    assert meas.points[0].numerator == 29 and len(meas.points) == 13
    assert load_project(small_project).project.measure("on-time").points[-1].denominator == 2


def test_a_file_changed_on_disk_since_loading_is_not_overwritten(
    small_project: Path, tmp_path: Path
) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    csv = tmp_path / "x.csv"
    csv.write_text("date,numerator,denominator\n2026-03-30,1,2\n")
    plan = plan_import(store.project, ImportRequest(csv, "on-time"))
    file = small_project / "measures" / "on-time.toml"
    theirs = file.read_text().replace('name = "On-time reviews"', 'name = "Renamed"')
    file.write_text(theirs)
    with pytest.raises(ConflictError):
        apply_import(store, plan)
    assert file.read_text() == theirs
    assert len(meas.points) == 12 and store.project.measure("on-time") is meas
