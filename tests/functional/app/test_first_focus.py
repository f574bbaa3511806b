"""Opening a form focuses its first field at once: nothing else is focused on the way (each
focus change restyles the focused widget and everything in it, so a scroll box focused
first and then left cost two restyles of the whole form on every opening)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget

from qitui.screens.aim import AimScreen
from qitui.screens.cycle import CycleScreen
from tests.helpers.pilot import home_loaded, until

SIZE = (100, 30)


@pytest.fixture
def focused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids (or class names) of the widgets that gain focus, in order."""
    gained: list[str] = []
    watch = Widget.watch_has_focus

    def recording(self: Widget, has_focus: bool) -> None:
        if has_focus:
            gained.append(self.id or type(self).__name__)
        watch(self, has_focus)

    monkeypatch.setattr(Widget, "watch_has_focus", recording)
    return gained


async def test_the_aim_form_focuses_its_first_field_directly(app_on, focused: list[str]) -> None:  # noqa: ANN001
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        focused.clear()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AimScreen) and app.focused is not None)
        await pilot.pause()
        assert focused == ["aim-what"]


async def test_the_worksheet_focuses_its_title_directly(app_on, focused: list[str]) -> None:  # noqa: ANN001
    app: Any = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "c")
        await pilot.pause()
        for _ in range(10):  # to a cycle's row (not a change idea's)
            if app.screen.current() is not None:
                break
            await pilot.press("down")
        focused.clear()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen) and app.focused is not None)
        await pilot.pause()
        assert focused == ["c-title"]
