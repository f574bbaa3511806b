"""The one list of chart names shown to people: the Chart field of a measure, the chart's
header, ``qitui analyse``'s summary and the report all say these words."""

from __future__ import annotations

from qitui.model import CHART_TYPES

#: chart type (as written in a measure file) -> its name, with what it charts
CHART_NAMES: dict[str, str] = {
    "run": "Run chart",
    "i": "I chart (individuals, XmR)",
    "mr": "MR chart (moving ranges)",
    "p": "p chart (proportion)",
    "u": "u chart (rate)",
    "c": "c chart (count)",
    "pp": "P′ chart (Laney proportion, large denominators)",
    "up": "U′ chart (Laney rate, large exposures)",
    "g": "G chart (cases or days between events)",
    "t": "T chart (time between events)",
}


def chart_name(chart: str) -> str:
    """The name of a chart type; an unknown type as it is written."""
    return CHART_NAMES.get(chart, chart)


def chart_options() -> list[tuple[str, str]]:
    """(name, type) of every chart, in the model's order: the options of a Chart field."""
    return [(CHART_NAMES[c], c) for c in CHART_TYPES]
