"""No unexpected error closes the app: errors from timers, callbacks, message handlers and
workers show a panel and the typed text stays; when the app must stop, it exits non-zero
and the unsaved text goes to a recovery file that the next start shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from qitui import recovery
from qitui.screens.aim import AimScreen
from qitui.widgets.dialogs import ErrorDialog
from qitui.widgets.recovery_view import RecoveryDialog
from tests.helpers.pilot import home_loaded, until

SIZE = (100, 30)
TYPED = "typed \x1b[2J [/x] not saved"


class Boom(RuntimeError):
    pass


def boom() -> None:
    raise Boom("on purpose")


async def boom_async() -> None:
    raise Boom("on purpose, in a worker")


class Bomb(Static):
    """A widget whose message handler raises."""

    class Go(Message):
        pass

    def on_bomb_go(self, message: Go) -> None:
        raise Boom("in a handler")


async def typed_on_aim(pilot: Any) -> Input:
    await home_loaded(pilot)
    await pilot.press("enter", "a")
    assert isinstance(pilot.app.screen, AimScreen)
    field = pilot.app.focused
    assert isinstance(field, Input)
    field.value = TYPED
    await pilot.pause()
    assert pilot.app.screen.is_dirty()
    return field


async def shown_and_dismissed(pilot: Any, field: Input, count: int) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ErrorDialog), "the error panel")
    await pilot.pause()
    assert app.is_running
    assert isinstance(app.screen, ErrorDialog)
    assert "Boom" in str(app.screen.query_one(".dialog-message").render())
    assert len(app.errors) == count
    await pilot.press("o")
    assert isinstance(app.screen, AimScreen)
    assert field.value == TYPED


@pytest.mark.parametrize(
    "source",
    ["timer", "call_after_refresh", "call_later", "handler", "worker", "thread worker", "action"],
)
async def test_an_error_shows_a_panel_and_keeps_the_text(app_on, source: str) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        field = await typed_on_aim(pilot)
        screen = app.screen
        if source == "timer":
            screen.set_timer(0.01, boom)
        elif source == "call_after_refresh":
            screen.call_after_refresh(boom)
        elif source == "call_later":
            screen.call_later(boom)
        elif source == "handler":
            bomb = Bomb()
            await screen.mount(bomb)
            bomb.post_message(Bomb.Go())
            await shown_and_dismissed(pilot, field, 1)
            bomb.post_message(Bomb.Go())  # its message loop goes on
            await shown_and_dismissed(pilot, field, 2)
            return
        elif source == "worker":
            screen.run_worker(boom_async(), exit_on_error=True)
        elif source == "thread worker":
            screen.run_worker(boom, thread=True, exit_on_error=True)
        else:
            screen.action_boom = boom  # type: ignore[attr-defined]
            await app.run_action("screen.boom")
        await shown_and_dismissed(pilot, field, 1)
        await pilot.press("x")  # the screen still takes keys
        assert field.value.startswith("x") or field.value.endswith("x")


async def test_an_error_storm_stops_with_status_1_and_keeps_the_text(
    app_on, _state_home: Path
) -> None:
    app = app_on()
    with pytest.raises(Boom):
        async with app.run_test(size=SIZE) as pilot:
            await typed_on_aim(pilot)
            area = TextArea("written in a dialog\nline 2", id="extra")
            await app.screen.mount(area)
            app.screen.set_interval(0.01, boom)
            await until(pilot, lambda: not app.is_running, "the app stopped")
    assert app.return_code == 1
    assert app.recovery_path is not None
    assert app.recovery_path.is_relative_to(_state_home)
    data = json.loads(app.recovery_path.read_text())
    texts = [e["text"] for e in data["entries"]]
    assert TYPED in texts
    assert "written in a dialog\nline 2" in texts
    assert "Boom" in data["error"]
    assert app.recovery_path.stat().st_mode & 0o077 == 0  # only its owner reads it

    # the next start shows the text literally; Escape keeps it, Ctrl+D deletes it
    again = app_on()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, RecoveryDialog)
        shown = again.screen.query_one("#recovery-text", TextArea).text
        assert TYPED in shown and "Aim" in shown
        await pilot.press("escape")
        assert not isinstance(again.screen, RecoveryDialog)
    assert recovery.pending()
    third = app_on()
    async with third.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(third.screen, RecoveryDialog)
        await pilot.press("ctrl+d")
        assert not isinstance(third.screen, RecoveryDialog)
    assert not recovery.pending()


async def test_a_clean_screen_leaves_no_recovery_file(app_on) -> None:
    app = app_on()
    with pytest.raises(Boom):
        async with app.run_test(size=SIZE) as pilot:
            await home_loaded(pilot)
            app.screen.set_interval(0.01, boom)
            await until(pilot, lambda: not app.is_running, "the app stopped")
    assert app.return_code == 1
    assert app.recovery_path is None
    assert not recovery.pending()


def test_the_command_exits_non_zero_after_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import qitui.app
    from qitui.cli import main

    class Crashed:
        return_code = 1
        recovery_path = tmp_path / "kept.json"

        def run(self) -> None:
            pass

    monkeypatch.setattr(qitui.app, "make_app", lambda *a, **k: Crashed())
    assert main([str(tmp_path)]) == 1
    assert "kept.json" in capsys.readouterr().err


async def test_an_error_of_a_screen_already_closed_is_only_noted(app_on) -> None:
    """Opened and closed in one burst of keys: its Mount fails on widgets that are gone; the
    user never saw it, so no panel (and no crash)."""
    from textual.screen import ModalScreen

    class Gone(ModalScreen[None]):
        def on_mount(self) -> None:
            boom()

    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        field = await typed_on_aim(pilot)
        app.push_screen(Gone())
        app.pop_screen()
        for _ in range(5):
            await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, AimScreen) and field.value == TYPED
        assert app.errors == []
        assert [type(e) for e in app.dropped_errors] == [Boom]


async def test_keys_still_queued_when_the_app_stops_are_not_an_error(app_on) -> None:
    """The app stops with keys still queued (a storm of keys): they find no screen, which is
    not an error (and the stop is clean, status 0)."""
    from textual import events

    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        for key, char in [("down", None), ("enter", "\r"), ("escape", "\x1b"), ("a", "a")] * 10:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)
    assert app.return_code in (None, 0)
    assert app.errors == []


async def test_an_action_for_a_screen_already_closed_is_only_noted(app_on) -> None:
    """Ctrl+S reaching a form that Escape closed a moment before, in the same burst."""
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "a")
        aim = app.screen
        assert isinstance(aim, AimScreen)
        aim.action_boom = boom  # type: ignore[attr-defined]
        await app.pop_screen()
        await pilot.pause()
        await app.run_action("boom", aim)
        await pilot.pause()
        assert app.is_running and app.errors == []
        assert [type(e) for e in app.dropped_errors] == [Boom]
        assert not isinstance(app.screen, ErrorDialog)


async def test_an_error_of_a_widget_on_a_closed_screen_is_only_noted(app_on) -> None:
    """A tabbed screen opened and closed in one burst: its tabs mount on a closed screen."""
    from textual.screen import ModalScreen
    from textual.widgets import Static

    class Late(Static):
        def on_mount(self) -> None:
            boom()

    class Gone(ModalScreen[None]):
        def compose(self) -> Any:
            yield Late()

    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        app.push_screen(Gone())
        app.pop_screen()
        for _ in range(5):
            await pilot.pause()
        assert app.is_running and app.errors == []
        assert not isinstance(app.screen, ErrorDialog)


async def test_an_action_for_a_screen_not_built_yet_is_only_noted(app_on, projects: Path) -> None:
    """'a' then Ctrl+S in one burst: the Aim form is not built when Ctrl+S arrives."""
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        store = app.open_store(projects / "hillview")
        aim = AimScreen(store)
        aim.action_boom = boom  # type: ignore[attr-defined]
        app.push_screen(aim)
        assert not aim.is_mounted
        await app.run_action("boom", aim)
        for _ in range(3):
            await pilot.pause()
        assert app.is_running and app.errors == []
        assert [type(e) for e in app.dropped_errors] == [Boom]
        assert app.screen is aim
