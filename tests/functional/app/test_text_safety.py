"""User text is text: brackets and terminal controls in every field of a project are shown
literally on every screen, and never close the app or reach the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from qitui.app import make_app
from qitui.screens.aim import AimScreen
from qitui.screens.changes import ChangesScreen
from qitui.screens.chart import ChartScreen
from qitui.screens.cycle import CycleScreen
from qitui.screens.cycles import CyclesScreen
from qitui.screens.home import HomeScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.notes import NotesScreen
from qitui.screens.project import ProjectScreen
from qitui.widgets.dialogs import ErrorDialog
from tests.helpers.nasty import NASTY, SHOWN_CONTROLS, build_nasty, control_segments, screen_lines
from tests.helpers.pilot import home_loaded, palette_searched
from tests.helpers.sample import TODAY

SIZE = (160, 50)


@pytest.fixture
def nasty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "projects"
    folder.mkdir()
    build_nasty(folder / "nasty")
    return folder


def shows(app, *needles: str) -> None:  # noqa: ANN001
    """The app is up, no dialog reports an error, the screen holds every needle literally and
    sends no control character."""
    assert app.is_running
    assert not isinstance(app.screen, ErrorDialog), app.screen.query_one(".dialog-message")
    text = "\n".join(screen_lines(app))
    for needle in needles:
        assert needle in text, f"{needle!r} not shown on {app.screen}:\n{text}"
    assert not control_segments(app), control_segments(app)


# What each screen must show literally (a piece short enough not to be cut off).
WALK = [
    ((), HomeScreen, ["Seen [/cancelled]"]),
    (("enter",), ProjectScreen, ["hat [/x] [bold]B", SHOWN_CONTROLS, "Seen [/cancelled]"]),
    (("a",), AimScreen, ["member [/x]", "why [/x]", "old aim [/x]", SHOWN_CONTROLS]),
    (("escape", "m"), MeasuresScreen, ["Wait time [days]", "Seen [/cancelled]"]),
    (("down", "enter"), MeasureScreen, ["[/x] typo", "[days]", SHOWN_CONTROLS]),
    (("ctrl+n",), MeasureScreen, ["Wait time [days]"]),
    (("escape", "g"), ChartScreen, ["Wait time [days]", SHOWN_CONTROLS]),
    (("escape", "up", "enter"), MeasureScreen, ["Seen [/cancelled]"]),
    (("escape", "escape", "d"), ChangesScreen, ["primary [/x]", "idea [/x]", "loose [/x]"]),
    (("escape", "c"), CyclesScreen, ["cycle [/x]", "idea [/x]"]),
    (("enter",), CycleScreen, ["cycle [/x]", "idea [/x]", "owner [/x]"]),
    (("ctrl+n",), CycleScreen, ["objective [/x]", "question [/x]"]),
    (("ctrl+n",), CycleScreen, ["observations [/x]"]),
    (("ctrl+n",), CycleScreen, ["prediction [/x]", "learning [/x]"]),
    (("ctrl+n",), CycleScreen, ["next [/x]"]),
    (("escape", "escape", "n"), NotesScreen, ["author [/x]", "note [/x]"]),
    (("down",), NotesScreen, ["[/x]", "Wait time [days]"]),
]


async def test_every_screen_shows_user_text_literally(nasty_folder: Path) -> None:
    app = make_app(nasty_folder, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        for keys, screen, needles in WALK:
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, screen), (keys, app.screen)
            shows(app, *needles)


async def test_sub_title_and_toasts_are_text(nasty_folder: Path) -> None:
    app = make_app(nasty_folder / "nasty", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        shows(app, "Seen [/cancelled]")  # the sub-title in the header
        app.screen.notify(NASTY, title=NASTY)  # a screen's notify asks for markup
        await pilot.pause()
        shows(app, "[/x] [bold]B")
        app.clear_notifications()
        await pilot.press("ctrl+p", *"charts")  # the palette names each measure's chart
        await palette_searched(pilot)
        shows(app, "Wait time [days] ␛[2J␇")
