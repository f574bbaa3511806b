"""Every Textual internal qitui relies on, in this package and nowhere else (textual is pinned).

* :mod:`.hooks`: errors never close the app, control characters are shown and not sent, a
  screen answers once, a dialog awaited in a worker never waits for a screen to go, a stray
  cancel is an error and not the end;
* :mod:`.lighter`: less work per key (a field's width without a layout, a new screen styled
  once and laid out once per size, a widget styled when it is mounted, the header's
  title drawn once);
* :mod:`.reads`: the private things qitui reads, each behind a function.

:func:`install` installs the hooks once when the app is built. ``INTERNALS`` and its
companions list every internal used here: ``tests/functional/app/test_textual_compat.py``
fails if one is gone or has changed shape on an upgrade (:func:`missing`), and
``tests/unit/test_private_textual.py`` fails if any module outside this package uses a
private name of Textual.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable
from typing import Any

import textual.app
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._footer import FooterKey as FooterKey  # the footer's key widget

from qitui.textual_compat.hooks import (
    _input_value,
    _no_file_descriptor,
    _text_area_line,
    _wrap_call_after_refresh,
    _wrap_dismiss,
    _wrap_dispatch,
    _wrap_flush_next_callbacks,
    _wrap_handle_exception,
    _wrap_loop,
    _wrap_push_screen_wait,
)
from qitui.textual_compat.hooks import not_live as not_live
from qitui.textual_compat.lighter import Header as Header
from qitui.textual_compat.lighter import (
    _field_width_without_layout,
    _laid_out_once,
    _styled_once,
    _styled_when_attached,
)
from qitui.textual_compat.reads import TEXT_AREA_MODULE
from qitui.textual_compat.reads import app_keymap as app_keymap
from qitui.textual_compat.reads import draw_table_line as draw_table_line
from qitui.textual_compat.reads import footer_ready as footer_ready
from qitui.textual_compat.reads import node_bindings as node_bindings
from qitui.textual_compat.reads import set_return_code as set_return_code
from qitui.textual_compat.reads import table_drawn_rows as table_drawn_rows
from qitui.textual_compat.reads import table_view_stamp as table_view_stamp
from qitui.textual_compat.reads import text_area_class as text_area_class

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
    ("textual.app", "_PrintCapture", "fileno", ("self",)),
    (
        "textual.widgets._data_table",
        "DataTable",
        "_render_line",
        ("self", "y", "x1", "x2", "base_style"),
    ),
    ("textual.app", "App", "push_screen_wait", ("self", "screen", "mode")),
    ("textual.message_pump", "MessagePump", "_flush_next_callbacks", ("self",)),
    ("textual.message_pump", "MessagePump", "_process_messages_loop", ("self",)),
    ("textual.widgets._input", "Input", "_watch_value", ("self", "value")),
    ("textual.widget", "Widget", "_refresh_scrollbars", ("self",)),
    ("textual.screen", "Screen", "_on_screen_resume", ("self", "event")),
    ("textual.screen", "Screen", "_screen_resized", ("self", "size")),
    ("textual.dom", "DOMNode", "update_node_styles", ("self", "animate")),
]
#: (module, class, attribute) of the private attributes read here: each is looked for on a
#: new instance of the class.
READ_INTERNALS: list[tuple[str, str, str]] = [
    ("textual.message_pump", "MessagePump", "_closing"),
    ("textual.message_pump", "MessagePump", "_closed"),
    ("textual.app", "App", "_exit"),
    ("textual.dom", "DOMNode", "_bindings"),
    ("textual.app", "App", "_keymap"),
    ("textual.app", "App", "_return_code"),
    ("textual.widgets._data_table", "DataTable", "_update_count"),
    ("textual.widgets._data_table", "DataTable", "_pseudo_class_state"),
    ("textual.widgets._data_table", "DataTable", "_cell_render_cache"),
    ("textual.widgets._footer", "Footer", "_bindings_ready"),
]
#: (module, name) of what is imported from Textual's private modules.
PRIVATE_IMPORTS: list[tuple[str, str]] = [
    ("textual.widgets._footer", "FooterKey"),
    ("textual.widgets._header", "HeaderTitle"),
    ("textual.widgets._text_area", "TextArea"),
]

_installed: set[str] = set()
_lighter: set[str] = set()


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
    for module, cls_name, name in READ_INTERNALS:
        cls = getattr(importlib.import_module(module), cls_name, None)
        if cls is None or not hasattr(cls(), name):
            gone.append(f"{cls_name}().{name}")
    for module, name in PRIVATE_IMPORTS:
        if not hasattr(importlib.import_module(module), name):
            gone.append(f"{module}.{name}")
    return gone


def _patch(
    key: str, cls: Any, name: str, wrap: Callable[[Any], Any], done: set[str] = _installed
) -> None:
    if key in done:
        return
    done.add(key)
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
    _patch("stdio", textual.app._PrintCapture, "fileno", _no_file_descriptor)
    _patch("push_screen_wait", App, "push_screen_wait", _wrap_push_screen_wait)
    _patch("flush", MessagePump, "_flush_next_callbacks", _wrap_flush_next_callbacks)
    _patch("loop", MessagePump, "_process_messages_loop", _wrap_loop)
    text_area = sys.modules.get(TEXT_AREA_MODULE)
    if text_area is not None:
        _patch("text_area", text_area.TextArea, "get_line", _text_area_line)
    _patch("field_width", Input, "_watch_value", _field_width_without_layout, _lighter)
    _patch("styled_once", Screen, "_on_screen_resume", _styled_once, _lighter)
    _patch("laid_out_once", Screen, "_screen_resized", _laid_out_once, _lighter)
    _patch("styled_attached", DOMNode, "update_node_styles", _styled_when_attached, _lighter)


def installed() -> set[str]:
    """The hooks of the first two jobs installed so far."""
    return set(_installed)


def lighter_installed() -> set[str]:
    """The hooks of less work per key installed so far."""
    return set(_lighter)
