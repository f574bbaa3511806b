"""Current signals of a measure, from the analysis engine when it is there (lazy import)."""

from __future__ import annotations

from typing import Any

from qitui.model import Measure

UNAVAILABLE = "—"


def analyse_measure(measure: Measure) -> Any | None:
    """The engine's ChartResult for ``measure``; None if the engine is missing or refuses."""
    try:
        from qitui.analysis import analyse  # type: ignore[attr-defined]
    except ImportError:
        return None
    pts = sorted(measure.points, key=lambda p: p.date)
    if not pts:
        return None
    kwargs: dict[str, Any] = {
        "phase_starts": measure.phase_starts(),
        "freeze": measure.freeze,
        "excluded": [p.excluded for p in pts],
        "better": measure.better or None,
    }
    if measure.rules and measure.rules != "default":
        kwargs["rules"] = (measure.rules,)
    try:
        if measure.is_ratio:
            return analyse(
                measure.chart,
                numerators=[p.numerator for p in pts],
                denominators=[p.denominator for p in pts],
                **kwargs,
            )
        return analyse(measure.chart, [p.value for p in pts], **kwargs)
    except Exception:
        return None


def current_signals(measure: Measure) -> list[str] | None:
    """Labels of the signals in the measure's latest phase; None when unknown."""
    result = analyse_measure(measure)
    if result is None:
        return None
    try:
        first = result.phases[-1].first if result.phases else 0
        return sorted({s.label for s in result.signals if s.end >= first})
    except Exception:
        return None


def signal_text(measure: Measure) -> str:
    """A short word for tables: "⚑ 2 signals", "none", or "—" when it cannot be known."""
    labels = current_signals(measure)
    if labels is None:
        return UNAVAILABLE
    if not labels:
        return "none"
    return f"⚑ {len(labels)} signal{'s' if len(labels) > 1 else ''}"
