"""Showing text that changes on every key at the least cost (kept apart from the forms, so
that Home can use it without importing them before its first frame)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

from qitui.safetext import visible


def _fits(text: str, width: int) -> bool:
    return all(cell_len(line) <= width for line in text.split("\n"))


def show_text(widget: Static, text: str) -> None:
    """Show plain ``text`` in ``widget`` (a Static made with ``markup=False``, not sized by
    its content's width) at the least cost, for what changes on every key. Control characters
    are shown, never sent (:func:`qitui.safetext.visible`).

    Nothing happens when the text is shown already; the screen is not laid out again when the
    height cannot change (as many lines before and after, none wider than the widget, none
    empty). A layout costs milliseconds on a big screen, and Textual then redraws the scroll
    bars of its tables in a frame of their own, a frame after the key.
    """
    text = visible(text, multiline=True)
    old = widget.content
    if isinstance(old, str) and old == text:
        return
    width = widget.content_size.width
    same_height = (
        isinstance(old, str)
        and bool(old)
        and bool(text)
        and old.count("\n") == text.count("\n")
        and _fits(old, width)
        and _fits(text, width)
    )
    widget.update(text, layout=not same_height)
