"""The bridge from a :class:`~qitui.model.Measure` to the analysis engine's plain arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qitui import model as m
from qitui.analysis.result import ChartResult

if TYPE_CHECKING:
    from qitui.analysis.columns import PointColumns

#: A measure's ``rules`` setting -> the extra control-chart rule sets to apply.
RULE_SET_OPTIONS: dict[str, tuple[str, ...]] = {
    "default": (),
    "ihi-control": ("ihi-control",),
    "mdc": ("mdc",),
}


def _engine_inputs(measure: m.Measure) -> dict[str, Any]:
    """The engine's arguments for a measure: its points by date as plain arrays, its phases,
    baselines, exclusions, rules, direction and target."""
    points = sorted(measure.points, key=lambda p: p.date)
    ratio = measure.is_ratio
    return {
        "values": None if ratio else [p.value for p in points],
        "numerators": [p.numerator for p in points] if ratio else None,
        "denominators": [p.denominator for p in points] if ratio else None,
        "phase_starts": measure.phase_starts(),
        "freeze": measure.baselines(),
        "excluded": [p.excluded for p in points],
        "rules": RULE_SET_OPTIONS.get(measure.rules, ()),
        "better": measure.better or None,
        "target": measure.target,
    }


def analyse_measure(measure: m.Measure) -> ChartResult:
    """Analyse a measure with its own chart, baselines (one per phase), phases, exclusions
    and rules."""
    from qitui.analysis import analyse

    return analyse(measure.chart, **_engine_inputs(measure))


def analyse_measure_columns(measure: m.Measure) -> tuple[ChartResult, PointColumns]:
    """:func:`analyse_measure` with the points as columns (the result has no ``points``)."""
    from qitui.analysis.engine import analyse_columns

    return analyse_columns(measure.chart, **_engine_inputs(measure))


def measure_json(measure: m.Measure, result: ChartResult) -> dict[str, Any]:
    """One measure of ``qitui analyse DIR --json``: its identity, then the analysis."""
    dates = [p.date.isoformat() for p in sorted(measure.points, key=lambda p: p.date)]
    return {
        "id": measure.id,
        "name": measure.name,
        "type": measure.type,
        "unit": measure.unit,
        "better": measure.better or None,
        "target": measure.target,
        **result.to_dict(dates),
    }


def current_signals(result: ChartResult) -> list[str]:
    """Labels of the signals that touch the last phase (what a team should look at now)."""
    if not result.phases:
        return []
    last = result.phases[-1]
    labels: list[str] = []
    for s in result.signals:
        if s.end >= last.first and s.label not in labels:
            labels.append(s.label)
    return labels


def measure_signals(measure: m.Measure) -> list[str] | None:
    """Labels of the signals in the measure's latest phase, sorted; None when the engine
    cannot tell (no points, or it refuses the data): a screen shows "—" rather than failing."""
    if not measure.points:
        return None
    try:
        result = analyse_measure(measure)
    except Exception:
        return None
    return sorted(current_signals(result))
