"""Key behaviour: ? shows the keys, Escape goes back, q quits only outside text fields,
unsaved edits ask before leaving, read-only refuses saves, broken projects are listed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from qitui.app import QuitDialog
from qitui.screens.aim import AimScreen
from qitui.screens.home import HomeScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.project import ProjectScreen
from qitui.store import load_project
from qitui.widgets.dialogs import ConflictDialog, HelpScreen, UnsavedDialog
from qitui.widgets.point_editor import PointEditor
from qitui.widgets.prompt import PromptDialog
from tests.helpers.pilot import home_loaded, to_measure

SIZE = (80, 24)


async def test_help_and_back(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
        assert "New project" in text and "Quit" in text
        assert "Back" not in text and "esc" not in text  # Home has nowhere to go back to
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("m")
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("backspace")  # the second back key
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape")  # nothing below Home: stays
        assert isinstance(app.screen, HomeScreen)


async def test_f1_help_inside_a_text_field(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        assert isinstance(app.screen, AimScreen)
        assert isinstance(app.focused, Input)
        await pilot.press("question_mark")  # typed, not help
        assert app.focused.value.startswith("?")  # the cursor starts at the beginning
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Save aim" in str(app.screen.query_one("#help-keys").render())


async def test_q_quits_only_outside_text_fields(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        field = app.focused
        assert isinstance(field, Input)
        await pilot.press("q")
        assert app.is_running
        assert field.value.startswith("q")
        # leaving with that edit asks; cancel keeps the text
        await pilot.press("escape")
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")
        assert isinstance(app.screen, AimScreen)
        assert field.value.startswith("q")
        # Ctrl+Q asks too; discarding quits
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("d")
    assert not app.is_running


async def test_q_quits_from_a_list(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_unsaved_edit_discard_and_save(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        await pilot.press("end", *" now")
        await pilot.press("escape")
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("a")
        await pilot.press("end", *" now")
        await pilot.press("escape", "s")  # save from the dialog: the aim changes, why?
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"clearer", "enter")
        await pilot.pause()
    aim = load_project(projects / "hillview").project.aim
    assert aim.what.endswith("on time now")


async def test_read_only_refuses_saves(app_on, projects: Path) -> None:
    before = (projects / "hillview" / "project.toml").read_bytes()
    app = app_on(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        assert "read-only" in app.screen.sub_title
        await pilot.press("end", *" more", "ctrl+s")  # the fields are locked, Ctrl+S offered not
        await pilot.pause()
        assert app.screen.check_action("save", ()) is False
        assert app.screen.query_one("#aim-what", Input).disabled
        await pilot.press("escape", "d", "escape", "escape", "n")  # no new project either
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert (projects / "hillview" / "project.toml").read_bytes() == before


async def test_broken_project_is_listed_with_its_error(app_on, projects: Path) -> None:
    broken = projects / "broken"
    broken.mkdir()
    (broken / "project.toml").write_text('schema = 1\ntitle = "x"\nstatus = "sleeping"\n[aim\n')
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = app.screen.query_one("#projects", DataTable)
        assert table.row_count == 2
        row = [str(c) for c in table.get_row_at(0)]
        assert row[0].startswith("✗ broken")
        assert "ERROR" in row[-1]
        table.move_cursor(row=0)  # on the broken project, whatever the load's last sort did
        await pilot.pause()
        await pilot.press("enter")  # refused with a message, no crash
        assert isinstance(app.screen, HomeScreen)
        detail = str(app.screen.query_one("#home-detail").render())
        assert "broken/project.toml" in detail


async def test_point_editor_refuses_bad_input(app_on, projects: Path) -> None:
    path = projects / "hillview" / "measures" / "on-time.toml"
    before = path.read_bytes()
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)  # outcome measure first: on-time (p chart)
        assert isinstance(app.screen, MeasureScreen)
        await pilot.press("a")
        editor = app.screen
        assert isinstance(editor, PointEditor)
        await pilot.press(*"abc")
        await pilot.pause()
        assert "Numerator: 'abc' is not a number" in str(editor.query_one("#pt-error").render())
        await pilot.press("enter")
        await pilot.press("ctrl+u", "2", "5", "tab", "2", "0", "enter")
        await pilot.pause()
        assert "above denominator" in str(editor.query_one("#pt-error").render())
        # a date that already has a point
        editor.query_one("#pt-date", Input).value = "2026-01-05"
        await pilot.pause()
        assert "already a point" in str(editor.query_one("#pt-error").render())
        editor.query_one("#pt-date", Input).value = "31/02/2026"
        await pilot.pause()
        assert "not a real date" in str(editor.query_one("#pt-error").render())
        await pilot.press("escape")
    assert path.read_bytes() == before


async def test_conflict_on_disk_asks(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        pfile = projects / "hillview" / "project.toml"
        pfile.write_text(pfile.read_text().replace("Hillview child", "Hillview (edited) child"))
        await pilot.press("end", *" too", "ctrl+s", *"why", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("c")
        assert isinstance(app.screen, AimScreen)
        assert app.focused.value.endswith(" too")  # the typed text is kept
    assert "(edited)" in pfile.read_text()
    assert " too" not in pfile.read_text()


async def test_conflict_keep_mine_writes_a_copy_and_shows_theirs(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        pfile = projects / "hillview" / "project.toml"
        theirs = pfile.read_text().replace("Hillview child", "Hillview (edited) child")
        pfile.write_text(theirs)
        await pilot.press("end", *" too", "ctrl+s", *"why", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, AimScreen)
        assert "(edited)" in app.screen.store.project.title
    assert pfile.read_text() == theirs  # theirs is never overwritten
    mine = pfile.with_name("project.toml.mine").read_text()
    assert " too" in mine and "(edited)" not in mine
