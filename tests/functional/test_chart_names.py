"""One list of chart names: every chart type has one, and the Chart field, the chart's
header, the CLI summary and the report all say it."""

from __future__ import annotations

from qitui import model as m
from qitui.chart_names import CHART_NAMES, chart_name, chart_options


def test_every_chart_type_has_a_name_in_the_model_order() -> None:
    assert tuple(CHART_NAMES) == m.CHART_TYPES
    assert [value for _name, value in chart_options()] == list(m.CHART_TYPES)
    assert chart_name("unknown") == "unknown"


def test_the_chart_field_offers_the_same_names() -> None:
    from qitui.screens.measures import measure_fields
    from qitui.widgets.measure_definition import definition_fields

    chart = next(f for f in measure_fields() if f.name == "chart")
    assert list(chart.options) == chart_options()
    spec = next(f for f in definition_fields(lambda: None) if f.name == "chart")
    assert list(spec.options) == chart_options()
