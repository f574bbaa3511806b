"""One focused test per cause that the seeded key storm (functional/app/test_key_storm.py) or a
careless user in tmux found: each once stopped the app, showed an error panel or lost typed
text. The storm finds them by chance; these find them every time."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from textual import events
from textual.widgets import Input

from qitui.screens.cycles import CyclesScreen
from qitui.widgets.dialogs import ErrorDialog
from tests.helpers.pilot import home_loaded
from tests.helpers.sample import TODAY


def burst(app: Any, *keys: tuple[str, str | None]) -> None:
    """Keys straight into the app's queue, as a terminal sends them (no waiting)."""
    for key, char in keys:
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot: Any, times: int = 8) -> None:
    for _ in range(times):
        await pilot.pause()


async def ask_and_leave(pilot: Any, times: int) -> None:
    """On the cycles list, 'a' (a flow that awaits a dialog) and Backspace in one burst."""
    app = pilot.app
    for _ in range(times):
        await pilot.press("enter", "c")
        assert isinstance(app.screen, CyclesScreen)
        await pilot.press("down")
        burst(app, ("a", "a"), ("backspace", "\x7f"), ("escape", "\x1b"), ("a", "a"))
        await settle(pilot)
        assert app.is_running, app.stop_reason
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await settle(pilot, 2)


async def test_a_dialog_asked_on_a_screen_left_in_the_same_burst(app_on) -> None:
    """Storm seed 129: 'a' (a flow that awaits a dialog) and Backspace (back) in one burst
    on the cycles list. Textual's push_screen_wait ran the app's pending removal of the
    cycles screen inside the flow's worker; the screen cancelled its workers as it went, the
    cancel spread to the screen's task and into the app's own pop of it, and the app's loop
    ended: exit status 0, no error, unsaved text lost."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await ask_and_leave(pilot, 3)
        assert app.errors == [] and app.stop_reason is None
        assert not isinstance(app.screen, ErrorDialog)


async def test_a_stray_cancel_is_an_error_panel_not_the_end(app_on) -> None:
    """The safety net under the cause above: a cancel that reaches one of the app's
    callbacks when nobody cancelled the app (as seed 129's did, through Textual's own
    push_screen_wait) is shown as an error and counted, and the app goes on."""

    def cancelled_under_the_app() -> None:
        raise asyncio.CancelledError

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        app.call_next(cancelled_under_the_app)
        await settle(pilot)
        assert app.is_running and app.stop_reason is None
        assert app.errors and all("cancelled under the app" in str(e) for e in app.errors)


async def test_a_loop_that_ends_unasked_keeps_the_text_and_says_why(app_on, _state_home) -> None:
    """Should the app's loop still end without exit() (here: its task is cancelled), the
    typed text goes to a recovery file, the exit status is 1 and stop_reason says why."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        field = app.focused
        assert isinstance(field, Input)
        field.value = "typed, not saved"
        await pilot.pause()
        app._task.cancel()
        for _ in range(20):
            await asyncio.sleep(0.01)
            if not app.is_running:
                break
    assert app.return_code == 1
    assert app.stop_reason and "ended without exit()" in app.stop_reason
    assert app.recovery_path is not None
    texts = [e["text"] for e in json.loads(app.recovery_path.read_text())["entries"]]
    assert "typed, not saved" in texts


async def test_text_typed_while_a_dialog_opens_reaches_its_field(app_on) -> None:
    """'n' on Home and the title typed straight after, faster than the dialog is built (a
    slow machine, SSH): the characters reached the dialog before its field had the focus and
    were lost; they go to the field."""
    from qitui.widgets.prompt import PromptDialog

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        burst(app, ("n", "n"), *((c, c) for c in "Ward"), ("space", " "), ("a", "a"))
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        assert isinstance(app.focused, Input)
        assert app.focused.value == "Ward a"


async def test_escape_then_save_saves_and_closes_the_dialog(app_on, projects) -> None:
    """Escape asks to close: "save" saves and closes (the point editor stayed open)."""
    from qitui.screens.measure import MeasureScreen
    from qitui.store import load_project
    from qitui.widgets.dialogs import UnsavedDialog
    from qitui.widgets.point_editor import PointEditor

    def points() -> int:
        meas = load_project(projects / "hillview").project.measure("on-time")
        assert meas is not None
        return len(meas.points)

    before = points()
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "m", "enter", "a")
        assert isinstance(app.screen, PointEditor)
        await pilot.press("7", "tab", "2", "0", "escape")
        await settle(pilot, 2)
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("s")
        await settle(pilot, 3)
        assert isinstance(app.screen, MeasureScreen), app.screen
    assert points() == before + 1


async def test_a_flow_whose_screen_closed_asks_nothing(app_on) -> None:
    """Storm seeds 103 and 109: 'p' (a flow that asks for a progress score) and Escape in one
    burst on the Aim screen. Escape closed the screen before the flow's worker ran; the flow
    then pushed its dialog over the screen below, and saving it wrote through the closed
    Aim screen (NoMatches, an error panel). A flow whose screen has gone asks nothing.
    (Escape typed after 'p' is now held for the score dialog, see the type-ahead tests, so
    the screen is closed here in the same tick as the flow starts.)"""
    from qitui.screens.aim import AimScreen
    from qitui.screens.project import ProjectScreen
    from qitui.widgets.score_dialog import ScoreDialog

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        for _ in range(3):
            await pilot.press("enter", "a")
            aim = app.screen
            assert isinstance(aim, AimScreen)
            aim.action_add_score()  # the flow's worker has not run yet…
            app.pop_screen()  # …when its screen goes
            await settle(pilot)
            assert not any(isinstance(s, ScoreDialog) for s in app.screen_stack)
            assert isinstance(app.screen, ProjectScreen)
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await settle(pilot, 2)
        assert app.errors == []


# ---------------------------------------------------------------------- type-ahead
async def measure_burst(app_on: Any, *keys: tuple[str, str | None]) -> Any:
    """The measure screen, ``keys`` in one burst; the app after they settled."""
    from tests.helpers.pilot import to_measure

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await to_measure(pilot)
        burst(app, *keys)
        await settle(pilot, 12)
        yield app, pilot


def chars(text: str) -> list[tuple[str, str]]:
    names = {" ": "space", "/": "slash", ".": "full_stop"}
    return [(names.get(c, c), c) for c in text]


async def test_text_typed_after_a_key_that_opens_a_flow_dialog_reaches_its_field(app_on) -> None:
    """'a' on a measure (a flow: the point editor comes from a worker) and '12' typed in the
    same burst: the digits went to the measure screen ('1' and '2' switch its tabs) and were
    lost; they are held until the dialog is up and typed into its first field."""
    from qitui.screens.measure import MeasureScreen
    from qitui.widgets.point_editor import PointEditor

    async for app, _pilot in measure_burst(app_on, ("a", "a"), *chars("12")):
        assert isinstance(app.screen, PointEditor)
        assert isinstance(app.focused, Input)
        assert app.focused.value.endswith("12")
        below = app.screen_stack[-2]
        assert isinstance(below, MeasureScreen)
        assert app.errors == []


async def test_text_typed_after_a_request_through_the_controller_reaches_the_dialog(
    app_on,
) -> None:
    """'n' on a measure posts AddNote; the app hands it to the controller, whose flow opens
    the note dialog: a message hop later. 'x' (exclude the point) and 'f' (freeze) typed
    straight after acted on the measure; they are the dialog's text now."""
    from qitui.widgets.prompt import PromptDialog

    async for app, _pilot in measure_burst(app_on, ("n", "n"), *chars("fix")):
        assert isinstance(app.screen, PromptDialog)
        assert [type(s).__name__ for s in app.screen_stack].count("PromptDialog") == 1
        assert isinstance(app.focused, Input)
        assert app.focused.value.endswith("fix")
        assert app.errors == []


async def test_keys_after_a_key_that_asks_a_question_answer_nothing(app_on) -> None:
    """Delete on a measure asks "delete this point?"; a 'y' typed in the same burst used to
    go to the screen first (or answer the question unseen). A question is never answered
    early: the keys are dropped, the question waits."""
    from textual.widgets import TabbedContent

    from qitui.widgets.dialogs import ConfirmDialog

    async for app, _pilot in measure_burst(app_on, ("delete", None), ("y", "y"), ("2", "2")):
        assert isinstance(app.screen, ConfirmDialog)
        measure = app.screen_stack[-2]
        assert measure.query_one("#measure-tabs", TabbedContent).active == "data"  # not '2'
        assert app.errors == []


async def test_escape_typed_after_the_opening_key_cancels_that_dialog(app_on) -> None:
    """'p' and Escape in one burst on the Aim screen: the Escape is the score dialog's (it
    cancels it), not the Aim screen's (which it used to close under the flow)."""
    from qitui.screens.aim import AimScreen
    from qitui.widgets.score_dialog import ScoreDialog
    from qitui.widgets.tables import RowTable

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        app.screen.query_one(RowTable).focus()
        await pilot.pause()
        burst(app, ("p", "p"), ("escape", "\x1b"))
        await settle(pilot, 12)
        assert isinstance(app.screen, AimScreen)
        assert not any(isinstance(s, ScoreDialog) for s in app.screen_stack)
        assert app.errors == []


async def test_keys_held_for_a_dialog_that_does_not_come_go_back_to_the_screen(app_on) -> None:
    """A flow that ends without asking (or a dialog that never comes) gives the held keys
    back to the screen, in the order typed: nothing is lost."""
    from qitui.screens.project import ProjectScreen

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        owner = object()
        app.type_ahead.expect(owner)
        burst(app, ("enter", "\r"))
        await settle(pilot)
        assert len(app.screen_stack) == 1  # held, not acted on
        app.type_ahead.done(owner)
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert not app.type_ahead.waiting


async def test_a_save_through_a_screen_that_has_gone_saves_and_shows_no_error(app_on) -> None:
    """Seed 192: a note dialog saved after its Notes screen had left the stack: the note was
    written, then redrawing the gone screen's table raised NoMatches (an error panel)."""
    from qitui import model as m
    from qitui.screens.notes import NotesScreen
    from qitui.store import load_project

    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        await settle(pilot)
        store = app.screen.store
        notes = NotesScreen(store)
        await app.push_screen(notes)
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        note = m.Note(store.new_note_id("Ann", TODAY, "late"), "Ann", TODAY, "late")
        assert notes.save_note(note)
        await settle(pilot)
        assert app.errors == [] and app.is_running
        root = store.path
    assert any(n.text == "late" for n in load_project(root).project.notes)
