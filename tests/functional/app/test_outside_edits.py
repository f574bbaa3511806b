"""Edits from outside while the app is open, and errors that must not crash the app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from qitui.screens.aim import AimScreen
from qitui.screens.project import ProjectScreen
from qitui.widgets.dialogs import ErrorDialog
from tests.helpers.pilot import home_loaded

SIZE = (80, 24)


async def test_changed_files_are_noticed_and_reloaded(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        pfile = projects / "hillview" / "project.toml"
        pfile.write_text(pfile.read_text().replace("Hillview child", "Hillview (pulled) child"))
        app.check_disk()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("changed on disk" in msg and "project.toml" in msg for msg in messages)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "(pulled)" in app.screen.store.project.title
        assert app.screen.store.changed_on_disk() == []


async def test_reload_waits_for_an_unsaved_edit(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        assert isinstance(app.screen, AimScreen)
        await pilot.press("end", *" mine")
        pfile = projects / "hillview" / "project.toml"
        pfile.write_text(pfile.read_text().replace("Hillview child", "Hillview (pulled) child"))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value.endswith(" mine")


async def test_an_unexpected_error_shows_a_panel_and_keeps_the_text(
    app_on, projects: Path, monkeypatch
) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        await pilot.press("end", *" typed")

        def boom(self) -> None:
            raise RuntimeError("something [odd] happened")

        monkeypatch.setattr(AimScreen, "action_add_member", boom)
        await pilot.press("escape")  # leave the text field alone: the unsaved dialog asks
        await pilot.press("c")  # cancel: stay on the screen
        await app.run_action("screen.add_member")
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog)
        assert "RuntimeError: something [odd] happened" in app.screen.message
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AimScreen)
        assert any(
            isinstance(w, Input) and w.value.endswith(" typed") for w in app.screen.query(Input)
        )
        assert app.is_running
    before = (projects / "hillview" / "project.toml").read_text()
    assert " typed" not in before
