"""Snapshots of every main screen at 80×24 on the fixed sample project.

Update after a deliberate change with ``pytest tests/app/test_snapshots.py --snapshot-update``
and look at the SVGs (tests/app/__snapshots__/) before committing them."""

from __future__ import annotations

import pytest
from qitui_sample import home_loaded

SCREENS = {
    "home": [],
    "help": ["question_mark"],
    "project": ["enter"],
    "aim": ["enter", "a"],
    "measures": ["enter", "m"],
    "measure_data": ["enter", "m", "enter"],
    "measure_definition": ["enter", "m", "enter", "ctrl+n"],
    "point_editor": ["enter", "m", "enter", "a"],
    "changes": ["enter", "d"],
    "cycles": ["enter", "c"],
    "cycle_worksheet": ["enter", "c", "enter"],
    "cycle_plan": ["enter", "c", "enter", "ctrl+n"],
    "cycle_study": ["enter", "c", "enter", "ctrl+n", "ctrl+n", "ctrl+n"],
    "notes": ["enter", "n"],
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_snapshot(name: str, snap_compare, app_on) -> None:
    assert snap_compare(
        app_on(), terminal_size=(80, 24), press=SCREENS[name], run_before=home_loaded
    )
