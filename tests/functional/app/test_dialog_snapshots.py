"""Snapshots of the dialogs and warnings a practitioner meets (80×24, sample project): the
project settings, the import preview, the worksheet's methodology warnings and the point
editor's data-entry warnings. Same settling as test_snapshots.py; update with
``--snapshot-update`` and look at the SVGs before committing them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from qitui.store import ProjectStore
from tests.helpers.pilot import key_settled, settled_after


@pytest.fixture(autouse=True)
def _cursor_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The focused field's cursor stays shown (as in test_snapshots.py)."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


def typed_after(keys: list[str], values: dict[str, str], then: list[str] | None = None):
    """The keys, then ``values`` put in the fields of those ids, then the ``then`` keys."""
    before = settled_after(keys)

    async def run_before(pilot) -> None:
        await before(pilot)
        for wid, text in values.items():
            pilot.app.screen.query_one(f"#{wid}", Input).value = text
            await key_settled(pilot)
        for key in then or []:
            await pilot.press(key)
            await key_settled(pilot)

    return run_before


def test_project_settings(snap_compare, app_on) -> None:
    app = app_on()
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled_after(["enter", "s"]))


def test_import_preview(snap_compare, app_on, tmp_path: Path) -> None:
    csv = tmp_path / "more.csv"  # 2026-01-05 was typed by hand (14/20)
    csv.write_text("date,numerator,denominator\n2026-01-05,15,20\n2026-03-30,20,22\n")
    run = typed_after(["enter", "m", "enter", "i"], {"f-file": str(csv)}, ["enter"])
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=run)


def test_worksheet_methodology_warnings(snap_compare, app_on, projects: Path) -> None:
    store = ProjectStore.open(projects / "hillview")
    cycle = store.project.cycles[0]
    store.edit(cycle, lambda: setattr(cycle.plan, "predicted_on", date(2026, 2, 4)))
    run = settled_after(["enter", "c", "enter"])
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=run)


def test_entry_warnings_future_date_fractional_count(snap_compare, app_on) -> None:
    values = {"pt-date": "2026-07-06", "pt-num": "2.5", "pt-den": "20"}
    run = typed_after(["enter", "m", "enter", "a"], values)
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=run)


def test_entry_warnings_zero_over_zero(snap_compare, app_on) -> None:
    run = typed_after(["enter", "m", "enter", "a"], {"pt-num": "0", "pt-den": "0"})
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=run)


def test_project_settings_tall(snap_compare, app_on) -> None:
    """At 120×40 every field shows at once, the team among them."""
    app = app_on()
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled_after(["enter", "s"]))
