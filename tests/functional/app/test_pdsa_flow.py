"""The PDSA cycle follows the work: status moves with Do/Study/Act, predictions are never
dated after the test started, the next cycle asks when there is no Act, and the worksheet and
the measure screen show the warnings ``qitui check`` gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea

from qitui import model as m
from qitui.cycle_flow import prediction_date, status_for_work
from qitui.lint import cycle_warning_texts
from qitui.screens.cycle import CycleScreen
from qitui.screens.measure import MeasureScreen
from qitui.store import load_project
from qitui.widgets.dialogs import ConfirmDialog
from tests.helpers.pilot import pushed, until
from tests.helpers.worksheet import show_section

SIZE = (100, 30)
CYCLE = "002-text-reminder"  # status doing, started 2026-02-16, no predictions


def test_status_follows_the_sections() -> None:
    c = m.Cycle("001-x", "1a")
    assert status_for_work(c) is None
    c.do.observations = "went fine"
    assert status_for_work(c) == ("doing", "Do filled in")
    c.study.learning = "it works"
    assert status_for_work(c) == ("studying", "Study filled in")
    c.act.decision = "adopt"
    assert status_for_work(c) == ("done", "Act decided: adopt")
    c.act.decision = "abandon"
    assert status_for_work(c) == ("abandoned", "Act decided: abandon")
    c.status, c.act.decision = "studying", ""
    c.study.learning = ""
    assert status_for_work(c) is None  # never backwards


def test_prediction_is_not_dated_after_the_start() -> None:
    c = m.Cycle("001-x", "1a", start=date(2026, 2, 16))
    assert prediction_date(c, date(2026, 2, 15)) == date(2026, 2, 15)
    assert prediction_date(c, date(2026, 2, 16)) == date(2026, 2, 16)
    assert prediction_date(c, date(2026, 6, 1)) is None
    assert prediction_date(m.Cycle("002-y", "1b"), date(2026, 6, 1)) == date(2026, 6, 1)


async def open_cycle(app, pilot) -> CycleScreen:  # noqa: ANN001
    return await pushed(pilot, lambda store: CycleScreen(store, CYCLE))


def warnings_shown(screen: CycleScreen) -> str:
    return str(screen.query_one("#cycle-warnings", Static).render())


async def test_worksheet_moves_the_status_and_says_so(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_cycle(app, pilot)
        await show_section(pilot, sheet, "study")
        sheet.query_one("#c-learning", TextArea).text = "Twenty is too many for one nurse."
        await pilot.pause()
        assert sheet.save_form()
        await pilot.pause()
        assert sheet.query_one("#c-status", Select).value == "studying"
        await show_section(pilot, sheet, "act")
        messages = [n.message for n in app._notifications]
        assert any("doing → studying (Study filled in)" in msg for msg in messages)
        sheet.query_one("#c-decision", Select).value = "abandon"
        await pilot.pause()
        assert sheet.save_form()
    cycle = load_project(projects / "hillview").project.cycle(CYCLE)
    assert cycle is not None and cycle.status == "abandoned"


async def test_a_status_picked_by_hand_wins(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_cycle(app, pilot)
        await show_section(pilot, sheet, "act")
        sheet.query_one("#c-decision", Select).value = "adopt"
        sheet.query_one("#c-status", Select).value = "studying"
        await pilot.pause()
        assert sheet.save_form()
    cycle = load_project(projects / "hillview").project.cycle(CYCLE)
    assert cycle is not None and cycle.status == "studying"


async def test_prediction_after_the_start_is_not_dated_today(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_cycle(app, pilot)
        assert "no predictions in the Plan" in warnings_shown(sheet)
        await show_section(pilot, sheet, "plan")
        sheet.query_one("#q0-question", Input).value = "How many come?"
        sheet.query_one("#q0-prediction", Input).value = "15 of 20"
        for _ in range(40):  # a loaded machine may need more than one frame
            await pilot.pause()
            if "no predictions" not in warnings_shown(sheet):
                break
        assert "no predictions" not in warnings_shown(sheet)  # live, before the save
        assert sheet.save_form()
    cycle = load_project(projects / "hillview").project.cycle(CYCLE)
    assert cycle is not None and cycle.plan.predicted_on is None


async def test_worksheet_warns_as_check_does(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_cycle(app, pilot)
        await show_section(pilot, sheet, "plan")
        sheet.query_one("#q0-question", Input).value = "How many come?"
        sheet.query_one("#q0-prediction", Input).value = "15 of 20"
        sheet.query_one("#c-predicted_on", Input).value = "2026-03-01"
        await pilot.pause()
        shown = warnings_shown(sheet)
        assert "after the test started 2026-02-16" in shown
        assert sheet.save_form()
        cycle = sheet.cycle
        assert cycle is not None
        for text in cycle_warning_texts(cycle):
            assert text.removeprefix("cycle 1b: ") in warnings_shown(sheet)


async def test_next_cycle_without_act_asks_first(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_cycle(app, pilot)
        from qitui.flows.cycles import next_cycle

        next_cycle(sheet, CYCLE)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is sheet
    assert len(load_project(projects / "hillview").project.cycles) == 2


async def test_measure_screen_shows_checks_warnings(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.screen.store
        meas = store.project.measure("on-time")
        assert meas is not None
        meas.definition = ""
        store.save_measure(meas)
        await app.push_screen(MeasureScreen(store, "on-time"))
        await pilot.pause()
        shown = str(app.screen.query_one("#data-summary", Static).render())
        assert "⚠ has no operational definition" in shown or "no operational definition" in shown


async def test_a_label_taken_while_the_dialog_was_open_is_not_reused(
    app_on, projects: Path
) -> None:
    """Storm seed 148: two new-cycle dialogs on one idea both saved cycle "2a" (the label was
    worked out when the dialog opened). A label taken meanwhile gives the ramp's next one."""
    from qitui.flows.cycles import next_cycle, next_label
    from qitui.widgets.prompt import PromptDialog

    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        sheet = await open_cycle(app, pilot)
        parent = sheet.project.cycle(CYCLE)
        assert parent is not None
        wanted = next_label(sheet.project, parent.label, parent.change_idea)
        next_cycle(sheet, CYCLE)
        await pilot.pause()
        await pilot.press("y")  # start it without an Act
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        other = m.Cycle(
            sheet.store.new_cycle_id("meanwhile"), wanted, parent.change_idea, "meanwhile"
        )
        assert sheet.save_cycle(other)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, PromptDialog), "the dialog saved")
    labels = [c.label for c in load_project(projects / "hillview").project.cycles]
    assert labels.count(wanted) == 1 and len(labels) == len(set(labels)) == 4
