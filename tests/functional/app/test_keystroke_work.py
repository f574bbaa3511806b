"""A key in a table or a form does no file reading and no analysis: that work happens when a
screen opens or a save is made, never per key (the timings are in bench/bench_keystroke.py).

Every way the app reads a file or analyses a measure is counted while keys move the cursor
in each table and type into each form; the counts must stay at zero. Opening the screens in
between is allowed to read and analyse, and is checked to be counted (so that a zero means
something).
"""

from __future__ import annotations

import functools
import pathlib
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

import qitui.analysis
import qitui.analysis.engine
from qitui import app as app_module
from qitui import measure_analysis, portfolio, store
from qitui.screens.aim import AimScreen
from qitui.screens.changes import ChangesScreen
from qitui.screens.cycle import CycleScreen
from qitui.screens.cycles import CyclesScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.notes import NotesScreen
from qitui.screens.project import ProjectScreen
from qitui.widgets.point_editor import PointEditor
from tests.helpers.pilot import home_loaded

SIZE = (100, 30)

#: (owner, attribute) of everything that reads a project's files or analyses a measure
COUNTED: list[tuple[Any, str]] = [
    (pathlib.Path, "read_bytes"),  # every TOML read and every fingerprint goes through here
    (pathlib.Path, "read_text"),
    (store, "parse"),
    (store, "load_project"),
    (store, "load_project_file"),
    (portfolio, "load_project"),  # Home reads through qitui.portfolio
    (portfolio, "load_project_file"),
    (store.ProjectStore, "reload"),
    (store.ProjectStore, "changed_on_disk"),
    (measure_analysis, "analyse_measure"),
    (qitui.analysis, "analyse"),
    (qitui.analysis.engine, "analyse"),
]


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls to :data:`COUNTED`, by name; the disk check (a timer, not a key) is turned off."""
    calls: Counter[str] = Counter()

    def counting(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    for owner, attr in COUNTED:
        name = f"{owner.__name__.removeprefix('qitui.')}.{attr}"
        monkeypatch.setattr(owner, attr, counting(name, getattr(owner, attr)))
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    return calls


async def no_work(pilot: Pilot[Any], work: Counter[str], *keys: str) -> None:
    """Press ``keys`` and check that they read no file and analysed nothing."""
    work.clear()
    await pilot.press(*keys)
    await pilot.pause()
    assert not work, f"keys {keys} on {type(pilot.app.screen).__name__} did: {dict(work)}"


async def opened(pilot: Pilot[Any], work: Counter[str], *keys: str) -> None:
    """Press ``keys`` that open or leave a screen (allowed to read and analyse)."""
    await pilot.press(*keys)
    await pilot.pause()
    work.clear()


async def test_keys_in_tables_and_forms_do_no_work(app_on, work: Counter[str]) -> None:  # noqa: ANN001
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert work["portfolio.load_project"] and work["measure_analysis.analyse_measure"]

        # Home: the rows, and the filter field
        await no_work(pilot, work, "down", "up", "end", "home", "pagedown")
        await no_work(pilot, work, "slash", *"hi", "backspace")
        await no_work(pilot, work, "escape")

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert work["store.parse"] and work["Path.read_bytes"]  # opening reads the files
        await no_work(pilot, work, "down", "up")

        # Measures: the list, then one measure's data, its point editor and its definition
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeasuresScreen)
        assert work["measure_analysis.analyse_measure"]  # the signals column
        await no_work(pilot, work, "down", "up", "end", "home")
        await opened(pilot, work, "enter")
        assert isinstance(app.screen, MeasureScreen)
        assert isinstance(app.focused, DataTable)
        await no_work(pilot, work, "down", "pagedown", "end", "home")
        await opened(pilot, work, "enter")
        assert isinstance(app.screen, PointEditor)
        await no_work(pilot, work, "1", "backspace", "tab", "tab", *"5x")
        await no_work(pilot, work, "tab", *"2026-13", "shift+tab", "a")
        await opened(pilot, work, "escape", "d")  # typed text: asks, discard
        assert isinstance(app.screen, MeasureScreen)
        await no_work(pilot, work, "2", "1", "2")  # tab keys, never typed into a field
        await no_work(pilot, work, "tab", "tab")  # the form, then its first field
        assert isinstance(app.focused, Input) and app.focused.id == "def-name"
        await no_work(pilot, work, *" w", "backspace", "tab")
        app.screen.query_one("#def-definition", TextArea).focus()
        await no_work(pilot, work, *"ab", "enter", "x")
        app.screen.query_one("#def-target", Input).focus()
        await no_work(pilot, work, *"8x", "backspace")
        await opened(pilot, work, "escape", "d", "escape")  # discard, back to the overview

        # Aim: its fields, then the team and score tables
        await opened(pilot, work, "a")
        assert isinstance(app.screen, AimScreen)
        await no_work(pilot, work, *" it", "tab", "tab", *"2027-1", "backspace")
        app.screen.query_one("#team", DataTable).focus()
        await no_work(pilot, work, "down", "up")
        await opened(pilot, work, "escape", "d")

        # Driver diagram
        await opened(pilot, work, "d")
        assert isinstance(app.screen, ChangesScreen)
        await no_work(pilot, work, "down", "up")
        await opened(pilot, work, "escape")

        # Cycles: the list, then a worksheet's fields in two sections
        await opened(pilot, work, "c")
        assert isinstance(app.screen, CyclesScreen)
        await no_work(pilot, work, "down", "up", "end", "home")
        await opened(pilot, work, "enter")
        assert isinstance(app.screen, CycleScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "c-title"
        await no_work(pilot, work, *" 2", "backspace", "tab", "A")
        await no_work(pilot, work, "ctrl+n")  # the Plan section
        app.screen.query_one("#c-objective", TextArea).focus()
        await no_work(pilot, work, *"ab", "enter", "x")
        app.screen.query_one("#q0-prediction", Input).focus()
        await no_work(pilot, work, *" 5")
        await opened(pilot, work, "escape", "d", "escape")

        # Notes
        await opened(pilot, work, "n")
        assert isinstance(app.screen, NotesScreen)
        await no_work(pilot, work, "down", "up", "end", "home")


def test_counting_reaches_the_store(sample_store: store.ProjectStore, work: Counter[str]) -> None:
    """The counters see a reload and an analysis (what a zero above is measured against)."""
    work.clear()
    sample_store.reload()
    measure_analysis.analyse_measure(sample_store.project.measures[0])
    assert work["ProjectStore.reload"] == 1 and work["store.load_project"] == 1
    assert work["Path.read_bytes"] > 0 and work["store.parse"] > 0
    assert work["measure_analysis.analyse_measure"] == 1 and work["analysis.analyse"] == 1
