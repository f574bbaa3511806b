"""Read-only is visible: no editing key, footer entry or palette entry; fields locked."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from qitui.screens.aim import AimScreen
from qitui.screens.cycle import CycleScreen
from qitui.screens.measure import MeasureScreen
from tests.helpers.pilot import refuses_typing
from tests.helpers.worksheet import show_section

SIZE = (100, 30)


def palette_titles(app) -> list[str]:  # noqa: ANN001
    return [c.title for c in app.get_system_commands(app.screen)]


async def test_read_only_offers_no_editing(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        overview = app.screen
        assert overview.check_action("settings", ()) is False
        assert not any("settings" in t for t in palette_titles(app))
        await app.push_screen(MeasureScreen(overview.store, "on-time"))
        await pilot.pause()
        screen = app.screen
        for action in ("add_point", "delete_point", "toggle_excluded", "import_data", "freeze"):
            assert screen.check_action(action, ()) is False, action
        titles = palette_titles(app)
        assert not any(t.startswith("Measures: add") or "import" in t for t in titles)
        assert "Measures: chart" in titles  # reading stays
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen  # no point editor
        await app.push_screen(AimScreen(overview.store))
        await pilot.pause()
        aim = app.screen
        assert aim.query_one("#aim-what", Input).disabled
        assert aim.check_action("save", ()) is False


async def test_read_only_worksheet_cannot_be_typed_into(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(CycleScreen(app.screen.store, "001-text-reminder"))
        await pilot.pause()
        sheet = app.screen
        assert sheet.query_one("#c-title", Input).disabled
        await show_section(pilot, sheet, "plan")
        await refuses_typing(pilot, sheet.query_one("#c-objective", TextArea), sheet)
        assert "Cycles: add question" not in palette_titles(app)


async def test_writable_app_still_offers_editing(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(MeasureScreen(app.screen.store, "on-time"))
        await pilot.pause()
        assert app.screen.check_action("add_point", ()) is True
        assert any("import" in t for t in palette_titles(app))
