"""Type-ahead into a dialog that a flow is opening: no typed key is lost or misread.

A key that opens a dialog through a flow (``a`` on the cycles, ``p`` on a measure, a note…)
starts a worker, sometimes after a hop through the controller; the dialog appears a few
refreshes later. Keys typed meanwhile used to reach the screen below: acting as its keys
(a second ``a``, an Escape that closed the screen under the flow) or lost. From the moment
the opening key is handled (:func:`expect_dialog`) until the dialog is pushed, the app holds
every key but Ctrl+Q (:meth:`TypeAhead.hold`). The pushed dialog takes them
(``Dialog.take_held_keys``: a dialog with a text field types them into its first field once
it has the focus, a question drops them: its y/n is never answered early). A flow that ends
without a dialog, or a dialog that has not come within :data:`HOLD_SECONDS`, gives the keys
back to the screen in the order they were typed.
"""

from __future__ import annotations

from typing import Any

from textual import events

#: the longest the keys are held for a dialog that does not come
HOLD_SECONDS = 1.5
#: keys never held: quitting always works
PASS_KEYS = frozenset({"ctrl+q"})

HeldKey = tuple[float, str, str | None]  # (time typed, key, character)


class TypeAhead:
    """The app's "a dialog is on its way" state and the keys held meanwhile."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.owner: object | None = None
        self.keys: list[HeldKey] = []
        self._timer: Any = None

    @property
    def waiting(self) -> bool:
        return self.owner is not None

    def expect(self, owner: object) -> None:
        """A dialog is on its way for ``owner`` (a flow or a request): hold the keys."""
        self.owner = owner
        if self._timer is not None:
            self._timer.stop()
        try:
            self._timer = self.app.set_timer(HOLD_SECONDS, self._expired, name="type-ahead")
        except Exception:  # the app is not running (yet or any more): nothing to hold
            self._timer = None
            self.owner = None

    def hold(self, event: events.Key) -> bool:
        """Keep ``event`` while a dialog is on its way (True: the caller stops it)."""
        if self.owner is None or event.key in PASS_KEYS:
            return False
        self.keys.append((event.time, event.key, event.character))
        return True

    def done(self, owner: object) -> None:
        """``owner``'s flow ended (or its request was dropped) without pushing a dialog:
        the held keys go back to the screen."""
        if owner is self.owner:
            self.release(self._take())

    def pushed(self, screen: Any) -> None:
        """A screen or dialog was pushed while keys were held: they are its."""
        if self.owner is None:
            return
        keys = self._take()
        take = getattr(screen, "take_held_keys", None)
        if callable(take):
            take([(key, character) for _time, key, character in keys])
        else:
            self.release(keys)

    def release(self, keys: list[HeldKey]) -> None:
        """Give held keys back to the app, as if typed now."""
        for _time, key, character in keys:
            self.app.post_message(events.Key(key, character))

    def _take(self) -> list[HeldKey]:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.owner = None
        keys, self.keys = sorted(self.keys, key=lambda k: k[0]), []
        return keys

    def _expired(self) -> None:
        self._timer = None
        if self.owner is not None:
            self.release(self._take())


def expect_dialog(node: Any, owner: object) -> None:
    """Tell ``node``'s app that a dialog is on its way for ``owner`` (see :class:`TypeAhead`);
    nothing outside a qitui app."""
    try:
        ahead = getattr(node.app, "type_ahead", None)
    except Exception:  # no app (a node not mounted)
        return
    if isinstance(ahead, TypeAhead):
        ahead.expect(owner)


def dialog_not_coming(node: Any, owner: object) -> None:
    """``owner``'s flow has ended: keys still held for it go back to the screen."""
    try:
        ahead = getattr(node.app, "type_ahead", None)
    except Exception:
        return
    if isinstance(ahead, TypeAhead):
        ahead.done(owner)
