"""Short marks the tables share: a cycle's status, a measure's current signals in a word (the
analysis engine is imported when first used)."""

from __future__ import annotations

from qitui.model import Measure

#: a cycle's status with its mark (the Changes tree and the Cycles table)
STATUS_MARK = {
    "planned": "○ planned",
    "doing": "◐ doing",
    "studying": "◑ studying",
    "done": "● done",
    "abandoned": "✗ abandoned",
}
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
