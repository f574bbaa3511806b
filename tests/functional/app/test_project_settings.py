"""Project settings from the Overview, and an aim change that always records why."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from qitui.flows.project_settings import earliest_data, settings_intro
from qitui.screens.aim import AimScreen
from qitui.store import load_project
from qitui.widgets.prompt import PromptDialog

SIZE = (100, 30)


async def test_settings_dialog_saves_the_project(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        title = dialog.query_one("#f-title", Input)
        title.value = "Hillview reviews"
        dialog.query_one("#f-start", Input).value = "2026-01-05"
        dialog.query_one("#f-status", Select).value = "paused"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PromptDialog)
    project = load_project(projects / "hillview").project
    assert project.title == "Hillview reviews"
    assert str(project.start) == "2026-01-05" and project.status == "paused"


def test_settings_offer_the_first_data_point(projects: Path) -> None:
    project = load_project(projects / "hillview").project
    first = earliest_data(project)
    assert first is not None
    project.start = None
    assert f"offered the first data point, {first}" in settings_intro(project)
    project.start = first.replace(year=first.year + 1)
    assert f"the data begin {first}, before this start date" in settings_intro(project)
    assert "\n" not in settings_intro(project)


async def test_aim_change_asks_why_even_from_ctrl_q(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(AimScreen(app.screen.store))
        await pilot.pause()
        app.screen.query_one("#aim-how_much", Input).value = "from 72% to 95%"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PromptDialog), dialog
        await pilot.press("enter")  # no reason: refused, the dialog stays
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press(*"more ambitious")
        await pilot.press("enter")
        await pilot.pause()
    history = load_project(projects / "hillview").project.aim_history
    assert history and history[-1].reason == "more ambitious"
