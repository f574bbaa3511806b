"""Editing you can trust: dialogs and forms never lose typed text without asking, Ctrl+S
saves any form or dialog, Enter submits one-line dialogs, section keys are never typed,
percentages and dates follow qitui.parse, and a failed save keeps the dialog open."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, TextArea

from qitui.app import QuitDialog
from qitui.screens.cycle import CycleScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.notes import NotesScreen
from qitui.store import load_project
from qitui.widgets.dialogs import UnsavedDialog
from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.point_editor import PointEditor
from qitui.widgets.prompt import PromptDialog
from tests.helpers.pilot import home_loaded, to_measure, until

SIZE = (80, 24)


def point_count(projects: Path, measure: str = "on-time") -> int:
    meas = load_project(projects / "hillview").project.measure(measure)
    assert meas is not None
    return len(meas.points)


async def test_ctrl_q_in_the_point_editor_asks_and_can_save(app_on, projects: Path) -> None:
    before = point_count(projects)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PointEditor), "the point editor")
        await pilot.press(*"7", "tab", *"20")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("c")  # cancel: back to the typed point
        await pilot.pause()
        assert isinstance(app.screen, PointEditor)
        assert app.screen.form.raw("den") == "20"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save, then quit
        await pilot.pause()
    assert not app.is_running
    assert point_count(projects) == before + 1


async def test_escape_in_the_point_editor_asks(app_on, projects: Path) -> None:
    before = point_count(projects)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PointEditor), "the point editor")
        await pilot.press("7")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)
        await pilot.press("a", "escape")  # nothing typed: closes at once
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)
    assert point_count(projects) == before


async def test_the_note_dialog_keeps_a_written_note(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "n", "a")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert "Ctrl+S" in str(dialog.query_one("#ok").label)  # a note has several lines
        dialog.form.widget("text").focus()
        await pilot.press(*"first line", "enter", *"second")
        assert dialog.form.raw("text") == "first line\nsecond"  # Enter is a new line
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is dialog and dialog.form.raw("text") == "first line\nsecond"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
    notes = load_project(projects / "hillview").project.notes
    assert any(n.text == "first line\nsecond" for n in notes)


async def test_a_failed_save_keeps_the_dialog_and_its_text(app_on, projects: Path) -> None:
    before = len(load_project(projects / "hillview").project.notes)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "n", "a")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        app.screen_stack[-2].store.read_only = True  # the folder turns read-only meanwhile
        dialog.form.widget("text").focus()
        await pilot.press(*"kept", "ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and dialog.form.raw("text") == "kept"
        assert any("Read-only" in n.message for n in app._notifications)
    assert len(load_project(projects / "hillview").project.notes) == before


async def test_section_keys_are_never_typed_and_never_dirty(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "c", "enter")
        sheet = app.screen
        assert isinstance(sheet, CycleScreen)
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        await pilot.press("enter")
        sheet = app.screen
        assert isinstance(sheet, CycleScreen)
        sheet.action_goto("cycle")  # from the section bar, as 1-5 leave it
        await pilot.pause()
        tabs = sheet.query_one("#cycle-tabs")
        for key, section in zip("23451", ["plan", "do", "study", "act", "cycle"], strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == section
            assert not isinstance(app.focused, Input | TextArea)
        await pilot.press("ctrl+n")  # into the first field of the next section
        await pilot.pause()
        assert tabs.active == "plan" and isinstance(app.focused, TextArea)
        assert not sheet.is_dirty()
        await pilot.press("escape", "escape", "m", "enter", "2", "1", "2")
        await pilot.pause()
        measure = app.screen
        assert isinstance(measure, MeasureScreen)
        assert measure.query_one("#measure-tabs").active == "definition"
        assert not measure.is_dirty()
        assert measure.form.raw("name") == "Reviews on time"


async def test_a_p_chart_target_is_a_percentage(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)
        await pilot.press("ctrl+n")
        screen = app.screen
        assert isinstance(screen, MeasureScreen)
        target = screen.form.widget("target")
        assert isinstance(target, Input) and target.value == "90%"  # as the chart shows it
        target.value = "85"
        await pilot.pause()
        assert "above 1" in str(screen.query_one("#def-error").render())
        target.value = "85%"
        await pilot.press("ctrl+s")
        await pilot.pause()
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None and meas.target == 0.85


async def test_the_point_editor_refuses_an_ambiguous_date(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PointEditor), "the point editor")
        editor = app.screen
        assert isinstance(editor, PointEditor)
        date_field = editor.form.widget("date")
        assert isinstance(date_field, Input)
        date_field.value = "01/02/2027"
        await pilot.pause()
        assert "ambiguous" in str(editor.query_one("#pt-error").render())
        date_field.value = "13/02/2027"
        await pilot.pause()
        assert "ambiguous" not in str(editor.query_one("#pt-error").render())


class FormApp(App[None]):
    def __init__(self, form: Form) -> None:
        super().__init__()
        self.form = form

    def compose(self) -> ComposeResult:
        yield from self.form.rows()


class Thing:
    def __init__(self) -> None:
        self.name = "Seen"
        self.when = None
        self.count = 3


async def test_the_form_engine_loads_reads_and_knows_when_it_is_dirty() -> None:
    form = Form(
        [
            FieldSpec("name", "Name", required=True),
            FieldSpec("when", "When", kind="date"),
            FieldSpec("count", "Count", kind="int"),
        ],
        prefix="t-",
    )
    thing = Thing()
    async with FormApp(form).run_test() as pilot:
        form.load_from(thing)
        assert not form.dirty and form.read() == ({"name": "Seen", "when": None, "count": 3}, None)
        name = form.widget("name")
        assert isinstance(name, Input) and name.id == "t-name"
        name.value = ""
        assert form.dirty and form.read() == (None, "Name: cannot be empty")
        name.value = "Seen"
        assert not form.dirty
        count = form.widget("count")
        assert isinstance(count, Input)
        count.value = "2.5"
        assert form.read()[1] == "Count: '2.5' is not a whole number"
        count.value = "4"
        values, _ = form.read()
        assert values is not None and form.edited() == {"count"}
        form.apply_to(thing, values, form.edited())
        assert thing.count == 4
        form.mark_clean()
        assert not form.dirty
        await pilot.pause()


async def test_a_refused_save_leaves_the_model_as_it_was(app_on, projects: Path) -> None:
    """The store rolls the edit back: the screen's model never claims a save that failed,
    and the typed text stays in the form."""
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)
        await pilot.press("ctrl+n")
        screen = app.screen
        assert isinstance(screen, MeasureScreen)
        mfile = projects / "hillview" / "measures" / "on-time.toml"
        mfile.write_text(mfile.read_text() + "\n")  # someone else saved it
        await pilot.press("end", *" (edited)", "ctrl+s")
        await pilot.pause()
        await pilot.press("c")  # the conflict: cancel
        await pilot.pause()
        assert app.screen is screen
        assert screen.measure is not None and screen.measure.name == "Reviews on time"
        assert screen.form.raw("name") == "Reviews on time (edited)"
        assert screen.is_dirty()


async def test_the_score_dialog_asks_before_dropping_a_justification(app_on) -> None:
    from qitui.widgets.score_dialog import ScoreDialog

    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        app.screen.query_one("#scores").focus()
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, ScoreDialog)
        await pilot.press("enter", *"tests began")  # a level, then why
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is dialog and dialog.form.raw("why").endswith("tests began")
