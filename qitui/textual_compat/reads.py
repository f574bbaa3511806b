"""The few private things of Textual that qitui reads, each behind a function (bindings in
order, the keymap, DataTable's line renderer and cache keys, the footer's readiness,
TextArea's module, the exit status; docs/architecture.md lists them)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.strip import Strip
    from textual.widgets import DataTable, Footer

#: TextArea costs 30-50 ms to import: it is patched once a screen has imported it.
TEXT_AREA_MODULE = "textual.widgets._text_area"


def node_bindings(node: DOMNode) -> list[tuple[str, Binding]]:
    """``node``'s own bindings as (key, binding), as declared, in order (the keymap is not
    applied: :func:`app_keymap`); ``active_bindings`` has every node's, by key, without
    those that another node's binding of the same key hides."""
    return list(node._bindings)


def app_keymap(app: App[Any]) -> Mapping[str, str]:
    """The keymap ``app`` was given (``set_keymap``), binding id to keys, in Textual's long
    form ("question_mark" for "?")."""
    return app._keymap


def text_area_class() -> type[Any] | None:
    """TextArea, if a screen has imported it (importing it costs 30-50 ms), else None."""
    module = sys.modules.get(TEXT_AREA_MODULE)
    return None if module is None else module.TextArea


def set_return_code(app: App[Any], code: int) -> None:
    """The exit status the app will end with (``App._return_code``), for a stop that did
    not come through ``exit()``."""
    app._return_code = code


def footer_ready(footer: Footer) -> bool:
    """Whether ``footer`` knows its screen's bindings (it composes no keys before)."""
    return bool(footer._bindings_ready)


def table_view_stamp(table: DataTable[Any]) -> tuple[int, object]:
    """What DataTable's line caches are keyed on besides the lines: changes to its rows
    and its pseudo-classes (focus, hover)."""
    return (table._update_count, table._pseudo_class_state)


def draw_table_line(table: DataTable[Any], y: int, x1: int, x2: int) -> Strip:
    """Line ``y`` of ``table`` (columns ``x1`` to ``x2``) drawn as ``render_line`` draws
    it, which fills the table's caches."""
    return table._render_line(y, x1, x2, table.rich_style)


def table_drawn_rows(table: DataTable[Any]) -> set[Any]:
    """The keys of the rows whose cells ``table`` has drawn and keeps in its cache."""
    return {key[0] for key in list(table._cell_render_cache.keys())}
