"""Fields look like fields: every input has a bar at its left, the focused one a thick bar
(a shape, not only a colour), and an empty worksheet field shows the IHI worksheet's prompt."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from qitui.screens.cycle import WORKSHEET, CycleScreen
from tests.helpers.worksheet import show_every_section

SIZE = (100, 40)


async def test_empty_worksheet_fields_show_the_ihi_prompts(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(CycleScreen(app.screen.store, "002-text-reminder"))  # empty Plan
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CycleScreen)
        await show_every_section(pilot, screen)
        shown = {}
        for widget in screen.query(Input).results():
            if not widget.value and widget.id:
                shown[widget.id] = widget.placeholder
        for widget in screen.query(TextArea).results():
            if not widget.text and widget.id:
                shown[widget.id] = str(widget.placeholder)
        for key in ("who", "what", "where", "when", "data", "learning", "next_steps"):
            assert WORKSHEET[key] in shown.values(), key


async def test_every_field_has_a_bar_and_the_focused_one_a_thick_bar(
    app_on, projects: Path
) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(CycleScreen(app.screen.store, "002-text-reminder"))
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        await show_every_section(pilot, app.screen)  # every field laid out
        await pilot.press("ctrl+n")  # the Plan's first field
        await pilot.pause()
        fields = [*app.screen.query(Input).results(), *app.screen.query(TextArea).results()]
        assert sum(w.has_focus for w in fields) == 1
        for widget in fields:
            edge, _colour = widget.styles.border_left
            if widget.has_focus:
                assert edge == "thick", widget.id
            else:
                assert edge not in ("", "none", "hidden", "blank"), widget.id
                assert edge != "thick", widget.id
