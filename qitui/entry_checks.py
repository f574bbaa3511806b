"""Warnings (never refusals) about a data point as it is typed: plausible, but worth a look.

A date in the future, a fractional count on a p, u or c chart, a 0/0 period (better recorded
as missing), a negative value on a percentage or a count. The point editor shows them and
saves anyway; no Textual here.
"""

from __future__ import annotations

from datetime import date

from qitui import model as m

#: charts whose numerator (or value, for c) is a count of events or people
COUNT_CHARTS = ("p", "pp", "u", "up", "c")


def _fractional(x: float | None) -> bool:
    return x is not None and x != int(x)


def entry_warnings(measure: m.Measure, point: m.DataPoint, today: date) -> list[str]:
    """What looks odd about ``point`` on ``measure``'s chart, in words, one per problem."""
    out: list[str] = []
    if point.date > today:
        out.append(f"Date: {point.date} is in the future (today is {today})")
    chart = measure.chart
    if measure.is_ratio:
        num, den = point.numerator, point.denominator
        if chart in COUNT_CHARTS and _fractional(num):
            out.append(f"Numerator: {num:g} is not a whole number, on a {chart} chart of counts")
        if chart in ("p", "pp") and _fractional(den):
            out.append(f"Denominator: {den:g} is not a whole number of people or cases")
        if num == 0 and den == 0:
            out.append("0/0: nothing to count this period — tick Missing to record a gap")
        for name, x in (("Numerator", num), ("Denominator", den)):
            if x is not None and x < 0:
                out.append(f"{name}: {x:g} is below 0, and counts cannot be")
    elif point.value is not None:
        if chart == "c" and _fractional(point.value):
            out.append(f"Value: {point.value:g} is not a whole number, on a c chart of counts")
        if point.value < 0 and (chart in ("c", "g") or measure.unit.strip() == "%"):
            kind = "a percentage" if measure.unit.strip() == "%" else "a count"
            out.append(f"Value: {point.value:g} is below 0, for {kind}")
    return out


def excluded_summary(measure: m.Measure) -> str:
    """The excluded points with their reasons (their notes), for the line under the chart;
    "" when none is excluded."""
    shown = [
        f"{p.date} ({' '.join(p.note.split()) or 'no reason given'})"
        for p in measure.points
        if p.excluded
    ]
    if not shown:
        return ""
    return "Excluded from the calculation: " + "; ".join(shown)
