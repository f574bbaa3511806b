"""A footer that never cuts a key in half: at 80 columns Textual's footer showed "Sign" and
"Delete ro". Keys that do not fit are left out whole (they stay under ``?`` and in the
palette): first the app's quit and back keys, then the screen's own from the last; the ``?``
key, which shows all of them, is kept.

It is rebuilt only when the keys it shows change: not when the bindings change in a way it
does not show (the focus moved to a widget with hidden keys, the order of the same keys),
and not while its screen is hidden under another (Textual tells the footer again when its
screen comes back)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.compose import compose
from textual.widget import Widget
from textual.widgets import Footer

from qitui.textual_compat import FooterKey, footer_ready

#: Actions left out first when the keys do not fit, in this order.
DROP_FIRST = ("quit", "back")
KEEP = ("help",)
PALETTE = 12  # "▏^p palette " docked at the right


def key_width(key: FooterKey) -> int:
    """Cells taken by a key in the (non-compact) footer: " k " then "description "."""
    width = cell_len(key.key_display) + 2
    return width + cell_len(key.description) + 1 if key.description else width


def fit(items: list[Widget], room: int) -> list[Widget]:
    """``items`` without the keys that do not fit in ``room`` cells (order kept)."""
    keys = [w for w in items if isinstance(w, FooterKey) and "-command-palette" not in w.classes]
    used = sum(key_width(k) for k in keys)
    order = [k for a in DROP_FIRST for k in keys if k.action == a]
    order += [k for k in reversed(keys) if k not in order and k.action not in KEEP]
    dropped: set[int] = set()
    for key in order:
        if used <= room:
            break
        used -= key_width(key)
        dropped.add(id(key))
    return [w for w in items if id(w) not in dropped]


def shown(items: Iterable[Widget]) -> list[tuple[Any, ...]] | None:
    """What ``items`` show, key by key (None: something other than keys, never the same)."""
    keys = []
    for item in items:
        if not isinstance(item, FooterKey):
            return None
        keys.append(
            (item.key, item.key_display, item.description, item.action, item.tooltip)
            + (item.compact, tuple(sorted(item.classes)))
        )
    return keys


def hidden(widget: Widget) -> bool:
    """Whether ``widget``'s screen is under a screen that hides it (an opaque one)."""
    stack = widget.app.screen_stack
    screen = widget.screen
    if screen not in stack:
        return False
    above = stack[stack.index(screen) + 1 :]
    return any(s.styles.background.a == 1 for s in above)


class FitFooter(Footer):
    """Textual's footer, with whole keys only (see the module's docstring)."""

    _laid_width = 0
    _laid_from: Any = None

    def _source(self) -> tuple[Any, ...]:
        """Everything ``compose`` draws from: the screen's bindings that the footer shows
        and the palette's (enabled, tooltip; not which widget holds them: a key sends
        itself), the width, the palette key. The bindings it does not show (an Input's
        cursor keys) are left out: they come and go with the focus and change nothing."""
        ready = footer_ready(self)
        bindings = self.screen.active_bindings.items() if ready else ()
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            ready,
            self.size.width or self.app.size.width,
            self.show_command_palette,
            self.app.ENABLE_COMMAND_PALETTE,
            self.compact,
            [(key, *shown[1:]) for key, shown in bindings if shown[1].show or key == palette],
        )

    def compose(self) -> Iterable[Widget]:
        self._laid_from = self._source()
        items = list(super().compose())
        for item in items:
            if isinstance(item, FooterKey) and "-command-palette" not in item.classes:
                # a key is made compact and bound to the footer's ``compact`` after it is
                # mounted, each a class change that styles it again: it starts as it ends
                # (the palette's key is not bound: it stays compact)
                item.set_reactive(FooterKey.compact, self.compact)
        width = self.size.width or self.app.size.width
        self._laid_width = width
        return fit(items, max(width - PALETTE, 0))

    async def recompose(self) -> None:
        """Textual's footer is rebuilt on every focus change; the same keys are kept as they
        are (each rebuild restyled every key: a Tab in a form cost a whole footer), and a
        footer under an opaque screen waits for its screen to come back."""
        if not self.is_attached:
            return
        if hidden(self) or self._source() == self._laid_from:
            return
        items = compose(self)  # what Textual's recompose mounts
        before = shown(self.children)
        if before is not None and before == shown(items):
            return  # the same keys: the widgets made for nothing are dropped unmounted
        async with self.batch():  # as Textual's recompose, with the widgets made above
            await self.query_children("*").exclude(".-textual-system").remove()
            if self.is_attached:
                await self.mount_all(items)

    def on_resize(self, event: events.Resize) -> None:
        if footer_ready(self) and event.size.width != self._laid_width:
            self.call_after_refresh(self.recompose)
