"""Dates, numbers and percentages as people type them: one set of rules for every form, the
CSV import and the command line (no Textual here).

Every parser returns ``(value, error)``: ``error`` is a short message that quotes what was
typed and says what to write instead, or ``None``. Formatting and parsing round-trip:
``parse_x(fmt_x(v)) == v``.

The rules (docs/app.md, "Editing"):

- **Dates** are ISO ``YYYY-MM-DD``, or UK ``dd/mm/yyyy``. A slash date is read day first; it
  is accepted when it cannot be mistaken — the day is above 12 (``30/06/2027``) or day and
  month are the same (``05/05/2026``) — or when the reader was told ``dayfirst`` (the
  ``--dayfirst`` option; in a CSV column, another date of the same column whose day is above
  12). ``01/02/2026`` alone is refused as ambiguous, never silently read one way.
  ``01/13/2026`` (month/day, US order) is refused.
- **Numbers** use a point for decimals. A comma is only a thousands separator, in groups of
  three (``1,234.5``); any other comma (``1,5``) is refused. ``nan`` and ``inf`` are refused,
  and so is anything beyond ±10^12 (``qitui.limits``: what a project file may hold).
- **Percentages** mean what the chart shows. On a p chart (a proportion, drawn in percent)
  ``80%`` and ``0.8`` are the same value, stored as 0.8, and a bare number above 1 is refused.
  On other charts a percentage is a plain number in percent (``63%`` is 63), accepted when
  the measure's unit is ``%`` (or not given).
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from qitui.limits import number_problem

Parsed = tuple[float | None, str | None]

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_MONTHS = [calendar.month_name[i] for i in range(13)]

DATE_HINT = "YYYY-MM-DD or dd/mm/yyyy"


# ---------------------------------------------------------------------- dates
def is_date_like(text: str) -> bool:
    """True if ``text`` has the shape of a date (ISO or slash), real or not."""
    text = text.strip()
    return bool(_ISO.match(text) or _SLASH.match(text))


def shows_dayfirst(texts: Iterable[str]) -> bool:
    """True if one of these slash dates can only be day first (its day is above 12): the
    evidence that a whole CSV column is written dd/mm/yyyy."""
    for text in texts:
        match = _SLASH.match(text.strip())
        if match and int(match[1]) > 12 and int(match[2]) <= 12:
            return True
    return False


def parse_date(
    text: str, required: bool = True, dayfirst: bool = False
) -> tuple[date | None, str | None]:
    """A date from ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (the rules are in the module's doc)."""
    text = text.strip()
    if not text:
        return None, (f"a date is needed ({DATE_HINT})" if required else None)
    iso = _ISO.match(text)
    if iso:
        y, mo, d = (int(g) for g in iso.groups())
    else:
        slash = _SLASH.match(text)
        if not slash:
            return None, f"'{text[:40]}' is not a date: use {DATE_HINT}"
        d, mo, y = (int(g) for g in slash.groups())
        if mo > 12 and d <= 12:
            return None, (f"'{text}' reads as month/day (US order): use dd/mm/yyyy or YYYY-MM-DD")
        if d <= 12 and mo <= 12 and d != mo and not dayfirst:
            return None, (
                f"'{text}' is ambiguous ({d} {_MONTHS[mo]} or {mo} {_MONTHS[d]}?): "
                f"write it as {y:04d}-{mo:02d}-{d:02d} (YYYY-MM-DD)"
            )
    try:
        return date(y, mo, d), None
    except ValueError:
        return None, f"'{text}' does not exist (not a real date)"


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


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


# ---------------------------------------------------------------------- numbers
def _plain(text: str) -> tuple[str | None, str | None]:
    """The number's text without thousands separators, or an error."""
    if "," in text:
        if not _THOUSANDS.match(text):
            return None, (
                f"'{text[:40]}' is not a number: use a point for decimals (1.5) and commas "
                "only between thousands (1,234)"
            )
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return None, f"'{text[:40]}' is not a number"
    return text, None


def parse_number(
    text: str,
    required: bool = True,
    minimum: float | None = None,
    integer: bool = False,
    maximum: float | None = None,
) -> Parsed:
    """A number (the comma rule is in the module's doc); ``integer`` returns an int."""
    text = text.strip()
    if not text:
        return None, ("a number is needed" if required else None)
    plain, error = _plain(text)
    if plain is None:
        return None, error
    value = float(plain)
    if not math.isfinite(value):
        return None, f"'{text[:40]}' is not a finite number"
    too_large = number_problem(value)  # beyond what a project may hold (qitui.limits)
    if too_large:
        return None, f"'{text[:40]}' {too_large}"
    return _in_range(text, value, minimum, maximum, integer)


def _in_range(
    text: str, value: float, minimum: float | None, maximum: float | None, integer: bool
) -> Parsed:
    if integer and value != int(value):
        return None, f"'{text}' is not a whole number"
    if minimum is not None and value < minimum:
        return None, f"{text} is below {minimum:g}"
    if maximum is not None and value > maximum:
        return None, f"{text} is above {maximum:g}"
    return (int(value) if integer else value), None


def fmt_number(value: float | None) -> str:
    """The shortest text that reads back as exactly ``value`` (12, 2.5, 0.1, 1e+20)."""
    if value is None:
        return ""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


# ---------------------------------------------------------------------- percentages
def is_percent_unit(unit: str) -> bool:
    """A unit under which ``63%`` means 63: ``%``, "percent…", or no unit given."""
    unit = unit.strip().lower()
    return not unit or "%" in unit or "percent" in unit


def parse_proportion(text: str, required: bool = True) -> Parsed:
    """A p chart's value: ``80%`` or ``0.8`` (both 0.8); a bare number above 1 is refused."""
    text = text.strip()
    if not text:
        return None, ("a percentage is needed (e.g. 80%)" if required else None)
    if text.endswith("%"):
        plain, error = _plain(text[:-1].strip())
        if plain is None:
            return None, (error or "").replace("is not a number", "is not a percentage")
        try:
            value = float(Decimal(plain).scaleb(-2))
        except (InvalidOperation, OverflowError):
            return None, f"'{text[:40]}' is not a percentage"
    else:
        number, error = parse_number(text)
        if number is None:
            return None, error
        if number > 1:
            return None, (
                f"{text} is above 1: a p chart is a proportion; write {text}% or "
                f"{fmt_number(number / 100)}"
            )
        value = number
    if not math.isfinite(value) or not 0 <= value <= 1:
        return None, f"'{text}' is not between 0% and 100%"
    return value, None


def fmt_proportion(value: float | None) -> str:
    """0.8 as ``80%`` (exactly: ``parse_proportion`` reads back the same float)."""
    if value is None:
        return ""
    shifted = Decimal(repr(float(value))).scaleb(2).normalize()
    text = format(shifted, "f")
    return f"{text}%"


def parse_on_scale(
    text: str,
    chart: str,
    unit: str = "",
    required: bool = True,
    minimum: float | None = None,
) -> Parsed:
    """A value on a measure's chart scale: a proportion on a p chart, else a number where
    ``63%`` is accepted as 63 when the unit is a percentage."""
    if chart == "p":
        return parse_proportion(text, required)
    text = text.strip()
    if text.endswith("%"):
        if not is_percent_unit(unit):
            return None, f"'{text[:40]}' is a percentage, but this measure is in {unit.strip()}"
        text = text[:-1].strip()
        if not text:
            return None, "a number is needed before %"
    return parse_number(text, required, minimum=minimum)


def fmt_on_scale(value: float | None, chart: str) -> str:
    """A value as :func:`parse_on_scale` reads it (p chart: ``80%``)."""
    return fmt_proportion(value) if chart == "p" else fmt_number(value)


# ---------------------------------------------------------------------- plausibility
def ratio_problem(numerator: float, denominator: float, chart: str) -> str | None:
    """Why a numerator/denominator pair cannot be a point of this chart, or None."""
    for name, value in (("numerator", numerator), ("denominator", denominator)):
        if value < 0:
            return f"{name} {value:g} is negative: counts cannot be"
    if chart in ("p", "pp") and numerator > denominator:
        return f"numerator {numerator:g} is above denominator {denominator:g}"
    return None
