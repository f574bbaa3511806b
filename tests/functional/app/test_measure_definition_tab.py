"""A measure's Definition tab is laid out the first time it is shown; until then its
fields are loaded, checked, saved and counted as edits all the same."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Tabs, TextArea

from qitui.screens.measure import MeasureScreen
from qitui.store import load_project
from qitui.widgets.dialogs import UnsavedDialog
from tests.helpers.pilot import pushed, refuses_typing

SIZE = (100, 30)
MEASURE = "on-time"  # a p chart, target 90%


async def open_measure(app, pilot) -> MeasureScreen:  # noqa: ANN001
    return await pushed(pilot, lambda store: MeasureScreen(store, MEASURE))


def laid_out(screen: MeasureScreen) -> bool:
    return bool(screen.query("#definition #def-form"))


def saved(projects: Path):  # noqa: ANN201
    meas = load_project(projects / "hillview").project.measure(MEASURE)
    assert meas is not None
    return meas


async def test_opened_on_data_the_definition_is_not_laid_out(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(app, pilot)
        assert not laid_out(screen) and not screen.form.made("name")
        assert screen.form.raw("name") == "Reviews on time"
        assert screen.form.raw("target") == "90%"
        assert not screen.is_dirty()
        await pilot.press("2")  # the tab shown, the focus on the tab bar
        await pilot.pause()
        assert laid_out(screen)
        assert screen.query_one("#def-name", Input).value == "Reviews on time"
        assert screen.query_one("#def-target", Input).value == "90%"
        assert isinstance(app.focused, Tabs)
        assert not screen.is_dirty()
        await pilot.press("1", "2")  # laid out once
        await pilot.pause()
        assert len(screen.query("#def-form")) == 1


async def test_a_click_on_the_tab_lays_it_out(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(app, pilot)
        await pilot.click("#--content-tab-definition")
        await pilot.pause()
        assert screen.query_one("#measure-tabs").active == "definition"
        assert laid_out(screen)
        assert screen.query_one("#def-chart", Select).value == "p"


async def test_saved_without_the_tab_shown(app_on, projects: Path) -> None:
    """A value set in the form (not shown) is dirty and saved; the rest is kept as it was."""
    before = saved(projects)
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(app, pilot)
        screen.form.set("unit", "reviews")
        assert screen.is_dirty()
        assert screen.save_form()
        await pilot.pause()
        assert not screen.is_dirty()
        assert not laid_out(screen)
    after = saved(projects)
    assert after.unit == "reviews"
    assert (after.name, after.chart, after.target, after.definition, after.points) == (
        before.name,
        before.chart,
        before.target,
        before.definition,
        before.points,
    )


async def test_ctrl_n_then_typing_saves(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(app, pilot)
        await pilot.press("ctrl+n")  # the definition, its name field focused
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "def-name"
        await pilot.press("end", *" (edited)")
        await pilot.pause()
        assert screen.is_dirty()
        assert "unsaved" in str(screen.query_one("#def-error").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.is_dirty()
    assert saved(projects).name == "Reviews on time (edited)"


async def test_dirty_discard_and_the_unsaved_prompt(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen.query_one("#def-definition", TextArea).load_text("Counted by hand.")
        await pilot.pause()
        await pilot.press("ctrl+n")  # back to the data
        await pilot.pause()
        assert screen.on_data_tab() and screen.is_dirty()
        screen.discard_form()
        await pilot.pause()
        assert not screen.is_dirty()
        assert screen.query_one("#def-definition", TextArea).text == saved(projects).definition
        screen.query_one("#def-unit", Input).value = "reviews"
        await pilot.pause()
        assert screen.is_dirty()
        screen.request_back()
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
    assert saved(projects).unit != "reviews"


async def test_read_only_definition_laid_out_later_is_locked(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measure(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        for name in ("def-name", "def-chart", "def-target", "def-freeze"):
            assert screen.query_one(f"#{name}").disabled, name
        await refuses_typing(pilot, screen.query_one("#def-definition", TextArea), screen)
