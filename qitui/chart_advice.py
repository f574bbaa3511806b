"""Which chart? Advice when a measure's data call for another chart type.

Used by ``qitui check`` (as warnings) and by the measure screen. No Textual, no I/O:
a :class:`~qitui.model.Measure` in, plain sentences out. The thresholds are documented in
docs/statistics.md ("Which chart?").
"""

from __future__ import annotations

import math
from statistics import median

from qitui import model as m

#: Below this many useful points no advice is given (too little to judge).
MIN_POINTS = 10
#: "Mostly": more than this share of the useful points.
MOSTLY = 0.5
#: A median denominator at least this large makes binomial/Poisson limits hug the centre.
LARGE_DENOMINATOR = 100


def _useful(meas: m.Measure) -> list[m.DataPoint]:
    return [p for p in sorted(meas.points, key=lambda p: p.date) if p.y() is not None]


def overdispersed_advice(meas: m.Measure) -> str | None:
    """A p or u chart whose points mostly fall outside its limits with large denominators:
    suggest P′ or U′, saying how many times the spread exceeds the model's (Laney's σz).

    Judged on the whole series as one phase (the advice is about the data, not a baseline),
    with the p or u chart's own arithmetic, so that it stays cheap on long series."""
    if meas.chart not in ("p", "u"):
        return None
    from qitui.analysis.laney import overdispersion

    rows = [p for p in _useful(meas) if not p.excluded and p.denominator]
    num = [p.numerator for p in rows]
    den = [p.denominator for p in rows]
    total = sum(d for d in den if d is not None)
    if len(rows) < MIN_POINTS or not total:
        return None
    cl = sum(x for x in num if x is not None) / total
    proportion = meas.chart == "p"
    var = cl * (1 - cl) if proportion else cl
    if var <= 0:
        return None
    y = [p.y() for p in rows]
    outside = sum(
        1
        for v, d in zip(y, den)  # noqa: B905
        if v is not None and d and abs(v - cl) > 3 * math.sqrt(var / d)
    )
    typical = median(d for d in den if d is not None)
    if outside <= MOSTLY * len(rows) or typical < LARGE_DENOMINATOR:
        return None
    sz = overdispersion(y, num, den, [True] * len(rows), proportion=proportion)
    if sz is None or sz <= 1:
        return None
    model = "binomial" if proportion else "Poisson"
    better = "P′" if proportion else "U′"
    code = "pp" if proportion else "up"
    return (
        f"{meas.chart} chart '{meas.id}': {outside} of {len(rows)} points fall outside "
        f"its limits; with denominators this large (median {typical:,.0f}) the spread from "
        f"period to period is {sz:.1f} times the {model} one (Laney's sigma z): a {better} "
        f'chart (chart = "{code}") widens the limits by that much'
    )


def rare_events_advice(meas: m.Measure) -> str | None:
    """A c chart that is mostly zeros: suggest a G or T chart of the gaps between events."""
    if meas.chart != "c":
        return None
    values = [p.value for p in _useful(meas) if not p.excluded]
    zeros = sum(1 for v in values if v == 0)
    if len(values) < MIN_POINTS or zeros <= MOSTLY * len(values):
        return None
    return (
        f"c chart '{meas.id}': {zeros} of {len(values)} counts are 0, so the chart sits at "
        'zero; chart the gaps between events instead: a G chart (chart = "g", cases or '
        'days between events) or a T chart (chart = "t", time between events)'
    )


def proportion_advice(meas: m.Measure) -> str | None:
    """An I chart of proportions whose numerator and denominator are defined: suggest p."""
    if meas.chart != "i" or not (meas.numerator.strip() and meas.denominator.strip()):
        return None
    values = [p.value for p in _useful(meas) if p.value is not None]
    if len(values) < MIN_POINTS:
        return None
    top = 100.0 if meas.unit.strip() == "%" else 1.0
    if not all(0 <= v <= top for v in values):
        return None
    return (
        f"I chart '{meas.id}' plots proportions and defines its numerator and denominator: "
        'record them and use a p chart (chart = "p"; P′ with large denominators), whose '
        "limits follow each period's denominator"
    )


def chart_advice(meas: m.Measure) -> list[str]:
    """Every piece of advice about the measure's chart type (usually none)."""
    found = (overdispersed_advice(meas), rare_events_advice(meas), proportion_advice(meas))
    return [a for a in found if a]
