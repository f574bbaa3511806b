"""Freezing a baseline in the app freezes the phase of the row under the cursor, says which,
and leaves the other phases alone; the chart's verdict warns of a short baseline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from qitui import model as m
from qitui.screens.chart import ChartScreen
from qitui.screens.measure import MeasureScreen
from qitui.store import ProjectStore, load_project
from qitui.widgets.prompt import PromptDialog
from tests.helpers.pilot import home_loaded, to_measure

SIZE = (80, 24)


def add_phase(projects: Path) -> None:
    """Phase 2 of "Reviews on time" from its 11th point (2026-03-16)."""
    store = ProjectStore.open(projects / "hillview")
    meas = store.project.measure("on-time")
    assert meas is not None
    meas.phases.append(m.Phase(date(2026, 3, 16), "text reminders for all"))
    store.save_measure(meas)


async def open_measure(pilot) -> MeasureScreen:  # noqa: ANN001
    await home_loaded(pilot)
    await to_measure(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MeasureScreen)
    return screen


async def test_freeze_on_a_later_phase_row_freezes_that_phase(app_on, projects: Path) -> None:
    add_phase(projects)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(pilot)
        table = screen.query_one("#points", DataTable)
        table.move_cursor(row=11)  # the 2nd point of phase 2
        await pilot.press("f")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert "phase 2 (from 2026-03-16)" in dialog.title_text
        await pilot.press("enter")  # the default: up to the cursor, 2 points of phase 2
        await pilot.pause()
        assert app.screen is screen
        summary = str(screen.query_one("#data-summary", Static).render())
        assert "phase 1 baseline: first 10 points (frozen)" in summary
        assert "phase 2 baseline: first 2 points (frozen)" in summary
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None and meas.freeze == 10 and meas.phases[0].freeze == 2


async def test_freeze_on_the_first_phase_keeps_later_phases(app_on, projects: Path) -> None:
    add_phase(projects)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(pilot)
        screen.query_one("#points", DataTable).move_cursor(row=2)
        await pilot.press("f")
        assert isinstance(app.screen, PromptDialog)
        assert "phase 1" in app.screen.title_text
        await pilot.press("enter")
        await pilot.pause()
        flags = [screen.query_one("#points", DataTable).get_row_at(i)[5] for i in range(12)]
        assert [i for i, f in enumerate(flags) if "┤base" in f] == [2]
        assert "▶phase" in flags[10]
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None and meas.freeze == 3 and meas.phases[0].freeze is None


async def test_one_phase_dialog_names_no_phase(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_measure(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, PromptDialog)
        assert "phase" not in app.screen.title_text


async def test_chart_verdict_warns_of_a_short_baseline(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_measure(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ChartScreen)
        verdict = str(app.screen.query_one("#chart-verdict", Static).render())
        assert "Short baseline: 10 points (12 or more give a steadier centre line)" in verdict
