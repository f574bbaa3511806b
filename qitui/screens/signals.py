"""Current signals of a measure, from the analysis engine when it is there (lazy import)."""

from __future__ import annotations

from typing import Any

from qitui.model import Measure

UNAVAILABLE = "—"


def analyse_measure(measure: Measure) -> Any | None:
    """The engine's ChartResult for ``measure``; None if it has no points or the engine
    refuses (a screen shows "—" rather than failing)."""
    from qitui import measure_analysis

    if not measure.points:
        return None
    try:
        return measure_analysis.analyse_measure(measure)
    except Exception:
        return None


def current_signals(measure: Measure) -> list[str] | None:
    """Labels of the signals in the measure's latest phase, sorted; None when unknown."""
    from qitui.portfolio import measure_signals

    return measure_signals(measure)


def signal_text(measure: Measure) -> str:
    """A short word for tables: "⚑ 2 signals", "none", or "—" when it cannot be known."""
    labels = current_signals(measure)
    if labels is None:
        return UNAVAILABLE
    if not labels:
        return "none"
    return f"⚑ {len(labels)} signal{'s' if len(labels) > 1 else ''}"
