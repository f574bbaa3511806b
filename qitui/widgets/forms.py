"""Form widgets: validators, labelled field rows, tick boxes, message lines, text inputs.

The parsing itself is :mod:`qitui.parse` (no Textual): the validators here call the same
parsers as saving does, so what is refused while typing is exactly what is refused on save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.containers import Horizontal
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from qitui.safetext import text as safe_text
from qitui.safetext import visible
from qitui.widgets.text import show_text

__all__ = [
    "MessageLine",
    "ParseValidator",
    "TextInput",
    "Tick",
    "field_row",
    "show_text",
]


class ParseValidator(Validator):
    """Any ``text -> (value, error)`` parser of :mod:`qitui.parse` as an Input validator."""

    def __init__(self, parse: Callable[[str], tuple[Any, str | None]]) -> None:
        super().__init__()
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        _, error = self.parse(value)
        return self.failure(error) if error else self.success()


def field_row(label: str, widget: Widget, classes: str = "") -> Horizontal:
    """A one-line form row: a fixed-width label and its widget."""
    return Horizontal(
        Label(safe_text(label), classes="field-label"), widget, classes=f"field {classes}"
    )


class Tick(Checkbox):
    """A checkbox that shows its state by a character, not by colour: [x] or [ ]."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        return "x" if self.value else " "


class MessageLine(Static):
    """A message line (error, status) that takes no room while it is empty."""

    DEFAULT_CSS = "MessageLine { height: auto; display: none; }"

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)

    def say(self, text: str) -> None:
        """Show ``text`` (or hide the line when empty); nothing to do if it is shown."""
        if self.display != bool(text):
            self.update(visible(text, multiline=True))
            self.display = bool(text)
        else:
            show_text(self, text)


class TextInput(Input):
    """A one-line field that does not select its text on focus (typing never replaces a
    whole value by surprise) and shows the start of a long value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
