"""The app shows what ``check`` finds, keeps what it cannot resolve, and says why an item is
left out: a project opened directly shows its broken files as Home does."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from qitui.screens.cycle import CycleScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.project import ProjectScreen
from tests.helpers.pilot import home_loaded

SIZE = (100, 30)


def problems_text(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#project-problems", Static).render())


async def test_a_project_opened_directly_shows_its_broken_files(app_on, projects: Path) -> None:
    folder = projects / "hillview"
    (folder / "measures" / "broken.toml").write_text('schema = 1\nname = "B"\ncolour = 1\n')
    (folder / "measures" / "deep.toml").write_text("schema = 1\nx = " + "[" * 500 + "]" * 500)
    (folder / "cycles" / "009-copy.toml").write_text(
        (folder / "cycles" / "002-text-reminder.toml").read_text()
    )
    app = app_on(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        shown = problems_text(app)
        assert "measures/broken.toml:3: error: unknown key 'colour'" in shown
        assert "measures/deep.toml" in shown
        assert "cycles/009-copy.toml:2: error: cycle label '1b' is also used by" in shown
        assert any("left out" in n.message for n in app._notifications)
        assert app.screen.store.project.measure("on-time") is not None


async def test_a_clean_project_shows_no_problem_line(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#project-problems", Static).display


async def test_home_lists_a_project_with_a_hostile_measure(app_on, projects: Path) -> None:
    folder = projects / "hillview"
    (folder / "measures" / "huge.toml").write_text(
        'schema = 1\nname = "H"\npoints = [\n  { date = 2026-01-05, value = 1e308 },\n]\n'
    )
    loop = folder / "measures" / "loop.toml"
    loop.symlink_to(loop.name)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        shown = problems_text(app)
        assert "measures/huge.toml:4" in shown and "measures/loop.toml:0" in shown


async def test_saving_a_cycle_keeps_a_change_idea_that_does_not_exist(
    app_on, projects: Path
) -> None:
    file = projects / "hillview" / "cycles" / "001-text-reminder.toml"
    file.write_text(file.read_text().replace('"text-reminder"', '"ghost-idea"'))
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.screen.store
        await app.push_screen(CycleScreen(store, "001-text-reminder"))
        await pilot.pause()
        sheet = app.screen
        title = sheet.query_one("#c-title", Input)
        title.value = title.value + " (edited)"
        assert sheet.save_form()
    text = file.read_text()
    assert 'change_idea = "ghost-idea"' in text and "(edited)" in text


async def test_a_measure_broken_on_disk_says_why_it_is_left_out(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.screen.store
        await app.push_screen(MeasureScreen(store, "on-time"))
        await pilot.pause()
        file = store.measure_file("on-time")
        file.write_text("<<<<<<< HEAD\n" + file.read_text() + "=======\n>>>>>>> theirs\n")
        app.screen.reload_store()  # what "keep mine" and Ctrl+R do
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("on-time.toml:1: unresolved merge conflict" in msg for msg in messages)
        assert not any("is gone" in msg for msg in messages)
