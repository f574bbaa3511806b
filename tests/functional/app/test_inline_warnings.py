"""The aim's methodology warnings (as `qitui check` gives them) on the Aim screen, as the
form stands: a practitioner sees "no number" and "no date" while writing the aim."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from qitui.lint import aim_warning_texts, check_paths
from qitui.screens.aim import AimScreen
from qitui.store import load_project

SIZE = (100, 30)


async def test_aim_screen_warns_as_check_does(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(AimScreen(app.screen.store))
        await pilot.pause()
        box = app.screen.query_one("#aim-warnings", Static)
        assert not box.display  # the sample aim has a number and a date
        app.screen.query_one("#aim-how_much", Input).value = "a lot more"
        app.screen.query_one("#aim-by_when", Input).value = ""
        await pilot.pause()
        shown = str(box.render())
        assert box.display
        assert "⚠ aim has no number" in shown and "⚠ aim has no date" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"vaguer", "enter")
        await pilot.pause()
    aim = load_project(projects / "hillview").project.aim
    assert aim.how_much == "a lot more"  # saved: `check` now says the same
    checked = " ".join(p.message for p in check_paths([projects / "hillview"]))
    assert len(aim_warning_texts(aim)) == 2
    for text in aim_warning_texts(aim):
        assert text in checked
