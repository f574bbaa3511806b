"""Parsing and validation shared by every form: dates, numbers, and labelled field rows.

Parsers return ``(value, error)``: ``error`` is a short message naming what is wrong, or
``None``. The same parsers back the Input validators, so what is refused while typing is
exactly what is refused on save.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, timedelta
from typing import Any

from textual.containers import Horizontal
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from qitui.safetext import visible
from qitui.widgets.text import show_text

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(text: str, required: bool = True) -> tuple[date | None, str | None]:
    """A date from ``YYYY-MM-DD`` or ``dd/mm/yyyy``."""
    text = text.strip()
    if not text:
        return None, ("a date is needed (YYYY-MM-DD)" if required else None)
    match = _ISO.match(text)
    if match:
        y, mo, d = (int(g) for g in match.groups())
    else:
        match = _DMY.match(text)
        if not match:
            return None, f"'{text}' is not a date: use YYYY-MM-DD or dd/mm/yyyy"
        d, mo, y = (int(g) for g in match.groups())
    try:
        return date(y, mo, d), None
    except ValueError:
        return None, f"'{text}' is not a real date"


def parse_number(
    text: str,
    required: bool = True,
    minimum: float | None = None,
    integer: bool = False,
) -> tuple[float | None, str | None]:
    text = text.strip().replace(",", "") if text.count(",") and "." in text else text.strip()
    if not text:
        return None, ("a number is needed" if required else None)
    try:
        value = float(text)
    except ValueError:
        return None, f"'{text}' is not a number"
    if not math.isfinite(value):
        return None, f"'{text}' is not a finite number"
    if integer and value != int(value):
        return None, f"'{text}' is not a whole number"
    if minimum is not None and value < minimum:
        return None, f"{text} is below {minimum:g}"
    return (int(value) if integer else value), None


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


class DateValidator(Validator):
    def __init__(self, required: bool = True) -> None:
        super().__init__()
        self.required = required

    def validate(self, value: str) -> ValidationResult:
        _, error = parse_date(value, self.required)
        return self.failure(error) if error else self.success()


class NumberValidator(Validator):
    def __init__(
        self, required: bool = True, minimum: float | None = None, integer: bool = False
    ) -> None:
        super().__init__()
        self.required = required
        self.minimum = minimum
        self.integer = integer

    def validate(self, value: str) -> ValidationResult:
        _, error = parse_number(value, self.required, self.minimum, self.integer)
        return self.failure(error) if error else self.success()


def field_row(label: str, widget: Widget, classes: str = "") -> Horizontal:
    """A one-line form row: a fixed-width label and its widget."""
    return Horizontal(Label(label, classes="field-label"), widget, classes=f"field {classes}")


def add_months(when: date, months: int) -> date:
    month = when.month - 1 + months
    year = when.year + month // 12
    month = month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


_STEPS = {
    "daily": timedelta(days=1),
    "day": timedelta(days=1),
    "weekly": timedelta(days=7),
    "week": timedelta(days=7),
    "fortnightly": timedelta(days=14),
    "biweekly": timedelta(days=14),
}


def next_date(last: date, frequency: str, previous: date | None = None) -> date:
    """The date after ``last`` at the measure's frequency (or the last gap between points)."""
    freq = frequency.strip().lower()
    for word, step in _STEPS.items():
        if word in freq:
            return last + step
    if "quarter" in freq:
        return add_months(last, 3)
    if "month" in freq:
        return add_months(last, 1)
    if previous is not None and previous < last:
        gap = last - previous
        if 27 <= gap.days <= 31:
            return add_months(last, 1)
        return last + gap
    return last + timedelta(days=7)


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
