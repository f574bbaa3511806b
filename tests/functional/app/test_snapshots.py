"""Snapshots of every main screen at 80×24 on the fixed sample project.

Update after a deliberate change with
``pytest tests/functional/app/test_snapshots.py --snapshot-update`` and look at the SVGs
(tests/functional/app/__snapshots__/) before committing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.pilot import home_loaded, settled_after
from tests.helpers.projects import make_project


@pytest.fixture(autouse=True)
def _cursor_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A focused field's cursor (an Input's or a TextArea's) stays shown: a snapshot taken
    more than half a second after the focus (a slow machine) must not catch it blinked off."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


PORTFOLIO = [
    ("Ward 7 falls: reducing inpatient falls among older people", [1, 1.5, 2, 2, 2.5, 3, 3.5, 4]),
    ("Sepsis six within the hour", [0.5, 1.0, 1.5]),
    ("Discharge before noon", [2.0, 2.0, 2.5, 3.0]),
]

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
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=settled_after(SCREENS[name]))


def test_home_portfolio_sorted_by_score(snap_compare, app_on, projects: Path) -> None:
    """Several projects: score histories, a signal, long titles shortened, sorted by score."""
    for i, (title, scores) in enumerate(PORTFOLIO):
        make_project(projects / f"proj-{i}", title, scores, shift=i == 0)
    assert snap_compare(app_on(), terminal_size=(80, 24), press=["s"], run_before=home_loaded)
