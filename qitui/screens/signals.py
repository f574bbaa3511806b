"""A measure's current signals in a word, for tables (the engine imported when first used)."""

from __future__ import annotations

from qitui.model import Measure

UNAVAILABLE = "—"


def signal_text(measure: Measure) -> str:
    """A short word for tables: "⚑ 2 signals", "none", or "—" when it cannot be known."""
    from qitui.measure_analysis import measure_signals

    labels = measure_signals(measure)
    if labels is None:
        return UNAVAILABLE
    if not labels:
        return "none"
    return f"⚑ {len(labels)} signal{'s' if len(labels) > 1 else ''}"
