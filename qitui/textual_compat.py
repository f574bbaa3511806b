"""Every Textual internal qitui relies on for safety, in one place (textual is pinned).

Two jobs, both installed once by :func:`install` when the app is built:

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

* **A callback after a refresh is for a screen that is still there.** ``call_after_refresh``
  queues the callback on whatever screen is current when it runs; a screen closed in the
  meantime (opened and left in one burst of keys) would look for its widgets and fail.
  Here such a callback is dropped when its widget or screen has gone.

``tests/functional/app/test_textual_compat.py`` fails if any of these internals is gone or has
changed shape on an upgrade: :func:`missing` names them.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import inspect
import sys
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets import Input
from textual.widgets._header import HeaderTitle

from qitui.safetext import visible_chars

#: (module, class, attribute, parameter names) of every internal used here.
INTERNALS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("textual.message_pump", "MessagePump", "_dispatch_message", ("self", "message")),
    ("textual.app", "App", "_handle_exception", ("self", "error")),
    ("textual.widgets._input", "Input", "_value", ()),
    ("textual.widgets._text_area", "TextArea", "get_line", ("self", "line_index")),
    ("textual.widgets._header", "Header", "_on_mount", ("self", "_")),
    ("textual.widgets._header", "Header", "format_title", ("self",)),
    ("textual.widget", "Widget", "_on_mount", ("self", "event")),
    ("textual.screen", "Screen", "dismiss", ("self", "result")),
    (
        "textual.message_pump",
        "MessagePump",
        "call_after_refresh",
        ("self", "callback", "args", "kwargs"),
    ),
]
#: TextArea costs 30-50 ms to import: it is patched once a screen has imported it.
TEXT_AREA_MODULE = "textual.widgets._text_area"

_installed: set[str] = set()


def missing() -> list[str]:
    """The internals that are not there (or not in the shape this module expects)."""
    gone = []
    for module, cls_name, name, params in INTERNALS:
        cls = getattr(importlib.import_module(module), cls_name, None)
        attr = inspect.getattr_static(cls, name, None) if cls is not None else None
        if attr is None:
            gone.append(f"{cls_name}.{name}")
            continue
        func = attr.fget if isinstance(attr, property) else attr
        func = getattr(func, "__wrapped__", func)
        if not callable(func):
            gone.append(f"{cls_name}.{name} (not callable)")
            continue
        if params and tuple(inspect.signature(func).parameters) != params:
            gone.append(f"{cls_name}.{name}{inspect.signature(func)}")
    return gone


def _reporter(app: Any) -> Callable[[BaseException, str], bool] | None:
    report = getattr(app, "report_error", None)
    return report if callable(report) else None


def _wrap_dispatch(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _dispatch_message(self: MessagePump, message: Message) -> None:
        try:
            await original(self, message)
        except asyncio.CancelledError:
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


class Header(TextualHeader):
    """Textual's header, whose title follows the app's and the screen's titles without
    failing while it is being built or removed (Textual 8.2.8 ``Header._on_mount``)."""

    def _on_mount(self, event: Any) -> None:
        async def set_title() -> None:
            if not self.is_attached:
                return
            with contextlib.suppress(NoMatches, NoScreen):  # not built yet, or being removed
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
        Widget._on_mount(self, event)
        event.prevent_default()  # instead of Textual's Header._on_mount, not as well


def _patch(key: str, cls: Any, name: str, wrap: Callable[[Any], Any]) -> None:
    if key in _installed:
        return
    _installed.add(key)
    attr = inspect.getattr_static(cls, name, None)
    if attr is None:  # gone on an upgrade: tests/functional/app/test_textual_compat.py says so
        return
    setattr(cls, name, wrap(attr))


def install() -> None:
    """Install the hooks above (each once; cheap to call again: TextArea's is installed by
    the first call after a screen has imported TextArea)."""
    _patch("dispatch", MessagePump, "_dispatch_message", _wrap_dispatch)
    _patch("exception", App, "_handle_exception", _wrap_handle_exception)
    _patch("input", Input, "_value", _input_value)
    _patch("dismiss", Screen, "dismiss", _wrap_dismiss)
    _patch("after_refresh", MessagePump, "call_after_refresh", _wrap_call_after_refresh)
    text_area = sys.modules.get(TEXT_AREA_MODULE)
    if text_area is not None:
        _patch("text_area", text_area.TextArea, "get_line", _text_area_line)


def installed() -> set[str]:
    """The hooks installed so far."""
    return set(_installed)
