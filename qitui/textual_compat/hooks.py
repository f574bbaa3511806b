"""Hooks that keep the app up and the terminal safe (installed by
:func:`qitui.textual_compat.install`):

* **Errors never close the app.** Textual sends an exception raised in a message or event
  handler (``MessagePump._dispatch_message``; this covers ``call_later`` callbacks, watchers
  and ``call_after_refresh`` callbacks run from a handler) to ``App._handle_exception``, which
  ends that widget's message loop and exits the app; timers, workers, callbacks run after a
  refresh, compose and rendering call ``App._handle_exception`` directly. Here the first is
  wrapped so that the error goes to the app's ``report_error(error, where)`` and the loop goes
  on; the second asks ``report_error`` first and falls back to Textual's exit only when it
  answers False (the app must stop: see :meth:`qitui.app.QituiApp.report_error`). An error
  in a handler of a widget or screen that has already gone (its ``Mount`` arriving after
  it was closed in the same burst of keys), or while the app is quitting (keys still queued
  find no screen: ``ScreenStackError``), is only noted (``note_dropped_error``).
* **Control characters are shown, not sent**, in the text being edited: ``Input._value`` and
  ``TextArea.get_line`` (what both draw) map each control character to one visible character,
  so that the cursor stays where it is; the value itself is never changed.

* **The header never fails on a screen that is going away.** Textual's ``Header._on_mount``
  watches the titles with a callback that looks up the header's title widget and fails
  (``NoMatches``) when a title changes while the header is being built or removed, which a
  storm of keys (Enter, Escape) does; :class:`Header` here ignores that moment.

* **A screen answers once.** ``Screen.dismiss`` calls the result callback and pops the top
  screen, whichever it is: a key or message that reaches a dialog after it has gone (Enter
  and Escape in one burst) would answer twice and pop the screen below, or the last one
  (``ScreenStackError``). Here a screen that is not the top one is not dismissed.

* **Textual's stand-in for sys.stdout and sys.stderr says it has no file descriptor**, as a
  stream without one does (``io.UnsupportedOperation``), instead of answering -1: code that
  passes ``sys.stderr.fileno()`` on (multiprocessing's resource tracker, when Home starts
  its process pool) then goes without, rather than failing on -1 (``_PrintCapture.fileno``).

* **A callback after a refresh is for a screen that is still there.** ``call_after_refresh``
  queues the callback on whatever screen is current when it runs; a screen closed in the
  meantime (opened and left in one burst of keys) would look for its widgets and fail.
  Here such a callback is dropped when its widget or screen has gone.

* **A dialog awaited in a worker never waits for a screen to go.** Textual's
  ``App.push_screen_wait`` first runs the app's pending ``call_next`` callbacks inside the
  worker; after Escape and a key that starts a flow in one burst, one of them is the removal
  of the flow's own screen (``AwaitRemove``: an ``asyncio.gather`` of that screen's task).
  The screen's ``Unmount`` cancels its workers, the cancel spreads through the gather to the
  screen's task, and from there into the app's own pop of that screen: a ``CancelledError``
  ends the app's message loop, and the app stopped with exit status 0 and no error (storm
  seed 129). Here ``push_screen_wait`` only pushes and waits; the app runs its callbacks in
  its own task, as it does anyway. And a flow whose screen was closed before it asked (a key
  and Escape in one burst, storm seeds 103 and 109) pushes nothing: its dialog would have
  stayed over the screen below, answering through a screen that had gone.

* **A stray cancel is an error, not the end.** A ``CancelledError`` that reaches a message
  handler or a ``call_next`` callback of the app, when nobody cancelled the app's task, is
  reported like any error (panel, ``app.errors``) instead of silently ending the app's loop.
  Should the app's loop still end without anyone asking (no ``exit()``, no close), the app's
  ``loop_ended`` is told: the unsaved text is kept and the exit status is 1, never a silent 0.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.dom import NoScreen
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import NoActiveWorker, get_current_worker

from qitui.safetext import visible_chars


def _reporter(app: Any) -> Callable[[BaseException, str], bool] | None:
    report = getattr(app, "report_error", None)
    return report if callable(report) else None


def _wrap_dispatch(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _dispatch_message(self: MessagePump, message: Message) -> None:
        try:
            await original(self, message)
        except asyncio.CancelledError as cancel:
            if not isinstance(self, App) or not _stray(cancel, self):
                raise
            if not _report_stray(self, cancel, f"{type(message).__name__}"):
                raise
        except Exception as error:
            try:
                app = self.app
            except Exception:
                raise error from None
            report = _reporter(app)
            if report is not None and (_stopping(app) or (app.is_running and _gone(self))):
                # the app is stopping (keys still queued when it quits find no screen), or a
                # widget or screen has already gone (opened and closed in one burst of keys):
                # nobody sees it and it holds no typed text, so it is only noted
                note = getattr(app, "note_dropped_error", None)
                if callable(note):
                    note(error)
                return
            where = f"{type(self).__name__} ({type(message).__name__})"
            if report is None or not report(error, where):
                raise

    _dispatch_message.__wrapped__ = original  # type: ignore[attr-defined]
    return _dispatch_message


def _stray(cancel: asyncio.CancelledError, app: App[Any]) -> bool:
    """True when ``cancel`` was not meant for the app: its task was not asked to stop (a
    child task cancelled under it, as through ``asyncio.gather``) and it is not quitting."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() == 0 and not _stopping(app)


def _report_stray(app: App[Any], cancel: asyncio.CancelledError, where: str) -> bool:
    """Report a stray cancel as an error; False when the app has no reporter (re-raise)."""
    report = _reporter(app)
    if report is None:
        return False
    error = RuntimeError(f"a task was cancelled under the app (in {where}): {cancel!r}")
    error.__cause__ = cancel
    return bool(report(error, f"the app ({where})"))


def _wrap_flush_next_callbacks(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _flush_next_callbacks(self: MessagePump) -> None:
        try:
            await original(self)
        except asyncio.CancelledError as cancel:
            if not isinstance(self, App) or not _stray(cancel, self):
                raise
            if not _report_stray(self, cancel, "a call_next callback"):
                raise

    _flush_next_callbacks.__wrapped__ = original  # type: ignore[attr-defined]
    return _flush_next_callbacks


def _wrap_loop(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _process_messages_loop(self: MessagePump) -> None:
        if not isinstance(self, App):
            await original(self)
            return
        error: BaseException | None = None
        try:
            await original(self)
        except BaseException as raised:
            error = raised
            raise
        finally:
            asked = getattr(self, "_exit", False) or self._closing or self._closed
            ended = getattr(self, "loop_ended", None)
            if not asked and callable(ended):
                ended(error)

    _process_messages_loop.__wrapped__ = original  # type: ignore[attr-defined]
    return _process_messages_loop


def _wrap_push_screen_wait(original: Callable[..., Any]) -> Callable[..., Any]:
    async def push_screen_wait(self: App[Any], screen: Any, *, mode: str | None = None) -> Any:
        try:
            asker = get_current_worker().node
        except NoActiveWorker:
            asker = None
        if isinstance(asker, Widget) and _gone(asker):
            # the flow's screen was closed (a key of the same burst) before it asked: nobody
            # is there to answer, and the answer would be written through a screen that has
            # gone; the flow ends as its screen's workers do, cancelled
            raise asyncio.CancelledError
        # as Textual's, without running the app's pending callbacks in this worker first
        return await asyncio.shield(self.push_screen(screen, wait_for_dismiss=True, mode=mode))

    push_screen_wait.__wrapped__ = original  # type: ignore[attr-defined]
    return push_screen_wait


def _wrap_handle_exception(original: Callable[..., Any]) -> Callable[..., Any]:
    def _handle_exception(self: App[Any], error: Exception) -> None:
        report = _reporter(self)
        if report is not None and report(error, ""):
            return
        original(self, error)

    _handle_exception.__wrapped__ = original  # type: ignore[attr-defined]
    return _handle_exception


def _input_value(original: property) -> property:
    def _value(self: Input) -> Any:
        value = self.value
        shown = visible_chars(value)
        if self.password or shown == value:
            return original.fget(self)  # type: ignore[misc]
        text = Text(shown, no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    return property(_value)


def _text_area_line(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_line(self: Any, line_index: int) -> Any:
        raw = self.document.get_line(line_index)
        shown = visible_chars(raw, keep_tabs=True)
        if shown == raw:
            return original(self, line_index)
        return Text(shown, end="", no_wrap=True)

    get_line.__wrapped__ = original  # type: ignore[attr-defined]
    return get_line


def _no_file_descriptor(original: Callable[..., Any]) -> Callable[..., Any]:
    def fileno(self: Any) -> int:
        raise io.UnsupportedOperation("fileno")  # as io.IOBase says when there is none

    fileno.__wrapped__ = original  # type: ignore[attr-defined]
    return fileno


def _wrap_dismiss(original: Callable[..., Any]) -> Callable[..., Any]:
    def dismiss(self: Screen[Any], result: Any = None) -> Any:
        try:
            on_top = self.app.screen is self
        except Exception:
            on_top = False
        if not on_top:  # gone already, or under another screen: dismissing pops that one
            return AwaitComplete.nothing()
        return original(self, result)

    dismiss.__wrapped__ = original  # type: ignore[attr-defined]
    return dismiss


def _stopping(app: Any) -> bool:
    """True once the app is quitting (``App.exit`` sets ``_exit``; its screens are closed)."""
    try:
        return bool(getattr(app, "_exit", False)) or not app.screen_stack
    except Exception:
        return True


def _gone(pump: MessagePump) -> bool:
    """True when ``pump`` (a widget or a screen) is closing, or it or its screen is no longer
    on the screen stack."""
    if pump._closing or pump._closed:
        return True
    if isinstance(pump, Widget) and not isinstance(pump, App):
        if not pump.is_attached:
            return True
        try:
            screen = pump if isinstance(pump, Screen) else pump.screen
        except NoScreen:
            return True
        return screen not in pump.app.screen_stack  # its screen was closed
    return False


def not_live(node: object) -> bool:
    """True when ``node`` (the screen or widget an action was for) has gone, is not mounted
    yet (a key of the same burst opened it a moment ago), or the app is stopping: an error
    it raises then is no one's to see."""
    if not isinstance(node, MessagePump) or isinstance(node, App):
        return False
    try:
        if _stopping(node.app) or _gone(node):
            return True
        return isinstance(node, Widget) and not node.is_mounted
    except Exception:
        return True


def _wrap_call_after_refresh(original: Callable[..., Any]) -> Callable[..., Any]:
    def call_after_refresh(self: MessagePump, callback: Any, *args: Any, **kwargs: Any) -> bool:
        def unless_gone() -> Any:
            if _gone(self):
                return None
            return callback(*args, **kwargs)  # an awaitable is awaited by Textual

        return bool(original(self, unless_gone))

    call_after_refresh.__wrapped__ = original  # type: ignore[attr-defined]
    return call_after_refresh
