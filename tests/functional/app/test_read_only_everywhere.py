"""Read-only on every screen: no editing action is offered (key, footer, palette), Home's
new project included."""

from __future__ import annotations

from pathlib import Path

from qitui.screens.changes import ChangesScreen
from qitui.screens.cycles import CyclesScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.notes import NotesScreen

SIZE = (100, 30)


async def test_home_offers_no_new_project(app_on) -> None:
    app = app_on(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.check_action("new_project", ()) is False
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any("new project" in t.lower() for t in titles)


async def test_no_screen_offers_an_editing_action(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.screen.store
        for screen in (
            ChangesScreen(store),
            CyclesScreen(store),
            NotesScreen(store),
            MeasuresScreen(store),
        ):
            await app.push_screen(screen)
            await pilot.pause()
            assert screen.EDIT_ACTIONS
            for action in screen.EDIT_ACTIONS:
                assert screen.check_action(action, ()) is False, (screen, action)
            shown = {b.binding.action for b in app.active_bindings.values() if b.binding.show}
            assert not shown & {*screen.EDIT_ACTIONS}, screen
            app.pop_screen()
            await pilot.pause()
