"""Less work per key (installed by :func:`qitui.textual_compat.install`; its
:func:`~qitui.textual_compat.lighter_installed` names them): they change what Textual does,
never what it shows.

* **Typing in a field does not lay out the screen.** ``Input._watch_value`` sets the
  field's virtual size to the width of its text on every key, a layout of the whole
  screen each time; a field whose size does not follow its text (no ``auto`` width or
  height: every field of qitui) only needs the number, for scrolling. Here it is set
  before, without a layout, and the scroll bars are set as a layout would set them (a
  layout then only when the text starts or stops overflowing the field); Textual's
  watcher then finds the size set.
* **A new screen is styled once.** Its widgets are styled as they are mounted; Textual
  styles the whole screen again when it first becomes active (``ScreenResume`` with
  ``refresh_styles``, ``Screen._on_screen_resume``), for a screen that may have been away
  while the styles changed. A screen that has never been active has not been away (CSS
  that arrives with it restyles the app when it is loaded): its first activation skips that.
* **A screen is laid out once per size.** Textual lays a screen out again whenever it gets a
  ``Resize`` (``Screen._screen_resized``), even at the size it was laid out at: every new
  screen gets one from its own first layout (the screen is among the widgets "shown"), the
  first one another from the terminal's size, and each one passes it to the screen below,
  which is laid out too though an opaque screen hides it. While the screen in front is
  opaque (not a dialog), a screen already laid out at that size is not laid out again
  (what changed since asks for a layout of its own, and a hidden screen is laid out when it
  comes back if its size changed or a layout is pending); a new size is laid out as before.
  Under a dialog, Textual's way is kept: a dialog sized to its content settles in more
  passes, and its first focus scroll depends on them.
* **A widget is styled when it is mounted, not before.** A widget made and not mounted yet
  (a form's field built with its value, a footer's keys) that changes a CSS class (an
  input's ``-valid`` when its value is set) had the app's stylesheet applied to it there
  and then (``DOMNode.update_node_styles``); it is applied again when the widget is mounted
  (``App._register``), so the first time is skipped: a node not attached to the app is
  left to its mount.
* **A title is drawn once.** :class:`Header` draws a title only when it changed, and never
  fails while the header is being built or removed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import DOMNode, NoScreen
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets import Input
from textual.widgets._header import HeaderTitle


def _field_width_without_layout(original: Callable[..., Any]) -> Callable[..., Any]:
    def _watch_value(self: Input, value: str) -> None:
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
            self._refresh_scrollbars()  # as a layout would (lays out only if one comes or goes)
        original(self, value)

    _watch_value.__wrapped__ = original  # type: ignore[attr-defined]
    return _watch_value


def _laid_out_once(original: Callable[..., Any]) -> Callable[..., Any]:
    def _screen_resized(self: Screen[Any], size: Size) -> None:
        if self._compositor.size == size and self.is_attached:
            top = self.app.screen
            if top.styles.background.a == 1 and not top.is_modal:
                # the screen in front, laid out at this size (what changed since asks for
                # a layout of its own); or one hidden under it (laid out when it comes back)
                return
        original(self, size)

    _screen_resized.__wrapped__ = original  # type: ignore[attr-defined]
    return _screen_resized


def _styled_once(original: Callable[..., Any]) -> Callable[..., Any]:
    def _on_screen_resume(self: Screen[Any], event: Any) -> None:
        if self.stack_updates == 0:  # never active before: styled as its widgets mounted
            event.refresh_styles = False
        original(self, event)

    _on_screen_resume.__wrapped__ = original  # type: ignore[attr-defined]
    return _on_screen_resume


def _styled_when_attached(original: Callable[..., Any]) -> Callable[..., Any]:
    def update_node_styles(self: DOMNode, animate: bool = True) -> None:
        if self.is_attached:  # else: styled when it is mounted (App._register)
            original(self, animate)

    update_node_styles.__wrapped__ = original  # type: ignore[attr-defined]
    return update_node_styles


class Header(TextualHeader):
    """Textual's header, whose title follows the app's and the screen's titles without
    failing while it is being built or removed (Textual 8.2.8 ``Header._on_mount``); a
    title that did not change is not drawn again, and a new one lays nothing out (it is
    one line that never wraps, in a bar of fixed size)."""

    def _on_mount(self, event: Any) -> None:
        async def set_title() -> None:
            if not self.is_attached:
                return
            with contextlib.suppress(NoMatches, NoScreen):  # not built yet, or being removed
                widget = self.query_one(HeaderTitle)
                title = self.format_title()
                shown = widget.content
                if isinstance(shown, Content) and (shown.plain, shown.spans) == (
                    title.plain,
                    title.spans,
                ):
                    return  # four watchers, one title: drawn once
                # one line that never wraps, in a bar of fixed size: no layout of the screen
                widget.update(title, layout="\n" in title.plain)

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
        Widget._on_mount(self, event)
        event.prevent_default()  # instead of Textual's Header._on_mount, not as well
