"""The PDSA worksheet lays a section out the first time it is shown; the fields of sections
never shown are loaded, checked, saved and counted as edits all the same."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Select, Static, TextArea

from qitui.screens.cycle import SECTIONS, CycleScreen
from qitui.store import ProjectStore, load_project
from qitui.widgets.dialogs import UnsavedDialog
from tests.helpers.pilot import pushed, refuses_typing
from tests.helpers.worksheet import show_every_section, show_section

SIZE = (100, 30)
DONE = "001-text-reminder"  # every section filled in: Act decided "adapt"


async def open_sheet(app, pilot, cycle_id: str = DONE) -> CycleScreen:  # noqa: ANN001
    return await pushed(pilot, lambda store: CycleScreen(store, cycle_id))


def laid_out(sheet: CycleScreen) -> set[str]:
    return {name for name in SECTIONS if sheet.query(f"#{name} .form-scroll")}


async def test_only_the_cycle_section_is_laid_out_at_first(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        assert laid_out(sheet) == {"cycle"}
        assert not sheet.query("#c-decision") and not sheet.form.made("decision")
        await pilot.press("ctrl+n")  # Plan, its first field focused
        await pilot.pause()
        assert laid_out(sheet) == {"cycle", "plan"}
        assert app.focused is sheet.query_one("#c-objective", TextArea)
        await show_every_section(pilot, sheet)
        assert laid_out(sheet) == set(SECTIONS)
        assert len(sheet.query(".form-scroll")) == len(SECTIONS)  # each laid out once


async def test_sections_never_shown_are_loaded_and_saved(app_on, projects: Path) -> None:
    """Act's decision (never shown) is loaded, kept by a save from the Cycle section, and
    the Do, Study and Act texts are written back as they were."""
    app = app_on(projects / "hillview")
    before = load_project(projects / "hillview").project.cycle(DONE)
    assert before is not None
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        assert sheet.form.raw("decision") == "adapt"
        assert sheet.form.raw("as_planned") == "yes"
        assert sheet.form.raw("learning") == "Texts work when numbers are right."
        assert not sheet.is_dirty()
        title = sheet.query_one("#c-title", Input)
        title.value = "Text five families by hand"
        await pilot.pause()
        assert sheet.is_dirty()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not sheet.is_dirty()
        assert laid_out(sheet) == {"cycle"}  # saved without showing another section
    after = load_project(projects / "hillview").project.cycle(DONE)
    assert after is not None
    assert after.title == "Text five families by hand"
    assert (after.act, after.study, after.do, after.plan) == (
        before.act,
        before.study,
        before.do,
        before.plan,
    )
    assert after.status == "done"


async def test_typed_in_plan_saved_from_cycle_without_showing_study(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        await pilot.press("ctrl+n")  # Plan: the objective focused
        await pilot.press("end", *" Yes.")
        await pilot.press("ctrl+pageup")  # back to Cycle
        await pilot.pause()
        assert sheet.query_one("#cycle-tabs").active == "cycle"
        assert sheet.is_dirty()
        assert "study" not in laid_out(sheet)
        await pilot.press("ctrl+s")
        await pilot.pause()
    cycle = load_project(projects / "hillview").project.cycle(DONE)
    assert cycle is not None
    assert cycle.plan.objective == "Do families who get a text come on time? Yes."
    assert cycle.study.learning == "Texts work when numbers are right."
    assert cycle.act.decision == "adapt"


async def test_dirty_and_discard_across_sections_not_shown(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        await show_section(pilot, sheet, "act")
        sheet.query_one("#c-decision", Select).value = "adopt"
        await pilot.pause()
        await show_section(pilot, sheet, "cycle")
        assert sheet.is_dirty()
        assert "unsaved edits" in str(sheet.query_one("#cycle-error").render())
        sheet.discard_form()
        await pilot.pause()
        assert not sheet.is_dirty()
        await show_section(pilot, sheet, "act")
        assert sheet.query_one("#c-decision", Select).value == "adapt"
        # Escape with an edit in a section shown, then another: asks, discards, leaves
        await show_section(pilot, sheet, "do")
        sheet.query_one("#c-observations", TextArea).load_text("Nothing seen.")
        await pilot.pause()
        assert sheet.is_dirty()
        sheet.request_back()
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")  # discard
        await pilot.pause()
        assert app.screen is not sheet
    cycle = load_project(projects / "hillview").project.cycle(DONE)
    assert cycle is not None
    assert cycle.act.decision == "adapt"
    assert cycle.do.observations == "Two numbers were out of date."


async def test_showing_sections_with_odd_text_is_not_an_edit(app_on, projects: Path) -> None:
    """A text area splits its text into lines and joins them again ("\\r\\n" and "\\n"
    mixed, a line separator): the form keeps a section's text as the area will show it, so
    that laying the section out is not an edit."""
    store = ProjectStore.open(projects / "hillview")
    cycle = store.project.cycle(DONE)
    assert cycle is not None

    def odd() -> None:
        cycle.study.learning = "one\r\ntwo\nthree"
        cycle.act.next_steps = "first\u2028second\n"
        cycle.do.problems = "\n\nlate"

    store.edit(cycle, odd)
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        assert not sheet.is_dirty()
        await show_every_section(pilot, sheet)
        assert not sheet.is_dirty()
        assert sheet.form.raw("learning") == sheet.query_one("#c-learning", TextArea).text


async def test_read_only_sections_shown_later_are_locked(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        await show_every_section(pilot, sheet)
        for name in ("c-decision", "c-as_planned", "c-who", "q0-question", "q0-result"):
            assert sheet.query_one(f"#{name}").disabled, name
        for name in ("c-objective", "c-learning", "c-next_steps", "c-observations"):
            assert sheet.query_one(f"#{name}", TextArea).read_only, name
        assert sheet.query_one("#add-question", Button).disabled
        area = sheet.query_one("#c-next_steps", TextArea)
        await show_section(pilot, sheet, "act")
        await refuses_typing(pilot, area, sheet)


async def test_question_added_on_plan_is_on_study_when_first_shown(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        await pilot.press("ctrl+n")  # Plan
        await pilot.pause()
        await sheet.add_question()
        await pilot.pause()
        assert app.focused is sheet.query_one("#q1-question", Input)
        await pilot.press(*"Do they reply?", "tab", *"2 of 5")
        await pilot.pause()
        assert "study" not in laid_out(sheet)
        await show_section(pilot, sheet, "study")
        shown = str(sheet.query_one("#q1-shown", Static).render())
        assert "Q2 Do they reply?" in shown and "Predicted: 2 of 5" in shown
        assert "Q1 How many of 5 come on time?" in str(sheet.query_one("#q0-shown").render())
        sheet.query_one("#q1-result", Input).value = "3 of 5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        # loaded again after the save: one row per question on each section, no more
        assert len(sheet.query("#plan-questions .question-row")) == 2
        assert len(sheet.query("#study-questions .question-row")) == 2
        assert not sheet.is_dirty()
        # a question added while both lists are laid out goes on both
        await sheet.add_question()
        await pilot.pause()
        assert sheet.query("#q2-question") and sheet.query("#q2-result")
        assert sheet.query_one("#q2-shown", Static)
    cycle = load_project(projects / "hillview").project.cycle(DONE)
    assert cycle is not None
    assert [(q.question, q.prediction, q.result) for q in cycle.plan.questions] == [
        ("How many of 5 come on time?", "3 of 5", "4 of 5"),
        ("Do they reply?", "2 of 5", "3 of 5"),
    ]


async def test_section_keys_lay_out_and_focus(app_on, projects: Path) -> None:
    """1–5 show a section with the focus on the section bar; Ctrl+N and Ctrl+PgUp into
    the first field of a section laid out just then."""
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        await pilot.press("ctrl+pageup")  # wraps to Act, laid out now
        await pilot.pause()
        assert app.focused is sheet.query_one("#c-decision", Select)
        await pilot.press("shift+tab")
        sheet.query_one("#cycle-tabs Tabs").focus()
        await pilot.press("4")
        await pilot.pause()
        assert sheet.query_one("#cycle-tabs").active == "study"
        assert "study" in laid_out(sheet)
        assert not sheet.is_dirty()


async def test_closed_while_a_section_mounts_the_app_draws_on(app_on, projects: Path) -> None:
    """A section's mount holds the drawing back until its fields are all mounted; a
    worksheet closed meanwhile lets it go at once."""
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_sheet(app, pilot)
        sheet.action_goto("study", focus=False)  # mounting from now
        assert app._batch_count == 1
        sheet.dismiss(None)
        await pilot.pause()
        assert app._batch_count == 0
        assert not isinstance(app.screen, CycleScreen)
        sheet = await open_sheet(app, pilot)
        await show_section(pilot, sheet, "study")
        assert app._batch_count == 0
