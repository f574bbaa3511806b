"""Screens ask for other screens and shared flows with typed messages (qitui/messages.py),
which qitui/controller.py maps to screens and flows: each request opens what it names, every
request has a handler, and a request from a screen no longer in front is dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from qitui import controller
from qitui import messages as msg
from qitui.screens.aim import AimScreen
from qitui.screens.changes import ChangesScreen
from qitui.screens.chart import ChartScreen
from qitui.screens.collaborative import CollaborativeScreen
from qitui.screens.cycle import CycleScreen
from qitui.screens.cycles import CyclesScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.notes import NotesScreen
from qitui.screens.project import ProjectScreen
from qitui.screens.review import ReviewScreen
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.prompt import PromptDialog

SIZE = (100, 30)
Request = Callable[[Any, Path], msg.ScreenRequest]

#: (request made by the Overview of projects/hillview, what must be in front after it)
CASES: list[tuple[str, Request, type[Screen[Any]] | tuple[type[Screen[Any]], ...]]] = [
    ("aim", lambda o, _r: msg.GoToSection(o, "aim"), AimScreen),
    ("measures", lambda o, _r: msg.GoToSection(o, "measures"), MeasuresScreen),
    ("changes", lambda o, _r: msg.GoToSection(o, "changes"), ChangesScreen),
    ("cycles", lambda o, _r: msg.GoToSection(o, "cycles"), CyclesScreen),
    ("notes", lambda o, _r: msg.GoToSection(o, "notes"), NotesScreen),
    ("project", lambda o, _r: msg.OpenProject(o, o.store), ProjectScreen),
    ("measure", lambda o, _r: msg.OpenMeasure(o, "on-time"), MeasureScreen),
    ("chart", lambda o, _r: msg.OpenChart(o, "on-time"), ChartScreen),
    ("ramp", lambda o, _r: msg.OpenCycles(o, "text-reminder"), CyclesScreen),
    ("worksheet", lambda o, _r: msg.OpenCycle(o, "001-text-reminder"), CycleScreen),
    ("review", lambda o, r: msg.OpenReview(o, r), ReviewScreen),
    ("collaborative", lambda o, r: msg.OpenCollaborative(o, r, None), CollaborativeScreen),
    ("start cycle", lambda o, _r: msg.StartCycle(o, "evening-slots"), PromptDialog),
    (
        "next cycle",
        lambda o, _r: msg.NextCycle(o, "002-text-reminder"),
        (PromptDialog, ConfirmDialog),  # a cycle without an Act asks first
    ),
    ("note", lambda o, _r: msg.AddNote(o, "measure:on-time"), PromptDialog),
    ("settings", lambda o, _r: msg.OpenSettings(o), PromptDialog),
    ("import", lambda o, _r: msg.ImportIntoMeasure(o, "on-time"), PromptDialog),
]


def test_every_request_has_a_handler() -> None:
    fallback = controller.handle.dispatch(msg.ScreenRequest)
    kinds = msg.ScreenRequest.__subclasses__()
    assert len(kinds) >= 13
    for kind in kinds:
        assert controller.handle.dispatch(kind) is not fallback, kind.__name__


@pytest.mark.parametrize(("request_of", "opens"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_request_opens_what_it_names(
    app_on, projects: Path, request_of: Request, opens: type[Screen[Any]]
) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, ProjectScreen)
        overview.post_message(request_of(overview, projects))
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, opens)
        assert not app.errors


async def test_a_section_request_opens_that_section(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, MeasuresScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, MeasureScreen)
        assert app.screen.measure_id == app.screen_stack[-2].current().id


async def test_a_request_from_a_screen_that_has_gone_is_dropped(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        overview = app.screen
        await app.push_screen(MeasuresScreen(overview.store))
        measures = app.screen
        app.post_message(msg.OpenMeasure(measures, "on-time"))  # as a key of a burst would
        app.pop_screen()  # Escape, before the app handles the request
        for _ in range(3):
            await pilot.pause()
        assert app.screen is overview
        assert not app.errors
