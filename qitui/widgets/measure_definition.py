"""The fields of a measure's operational definition (the Definition tab of a measure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.containers import VerticalScroll
from textual.widgets import Static

from qitui import model as m
from qitui.chart_names import chart_options
from qitui.parse import fmt_on_scale, parse_on_scale
from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.forms import MessageLine

#: the definition's fields: long texts in an area, the others on one line
AREAS = ("definition", "inclusions", "exclusions")
TEXTS = [(k, label, "area" if k in AREAS else "text") for k, label in m.DEFINITION_LABELS.items()]


def definition_fields(form: Callable[[], Form]) -> list[FieldSpec]:
    """The operational definition; the target reads on the scale of the chart chosen in
    ``form()`` (a p chart: 80%)."""

    def target(text: str) -> tuple[float | None, str | None]:
        f = form()
        return parse_on_scale(text, f.raw("chart") or "", f.raw("unit") or "", required=False)

    def select(name: str, label: str, options: list[tuple[str, str]], blank: bool) -> FieldSpec:
        return FieldSpec(name, label, kind="select", options=options, required=not blank)

    return [
        FieldSpec("name", "Name", required=True),
        select("type", "Type", [(t, t) for t in m.MEASURE_TYPES], False),
        select("chart", "Chart", chart_options(), False),
        select("better", "Better when", [("up ↑", "up"), ("down ↓", "down")], True),
        *[FieldSpec(name, label, kind=kind) for name, label, kind in TEXTS],
        FieldSpec(
            "target",
            "Target",
            parse=target,
            format=lambda v: "" if v is None else fmt_on_scale(v, form().raw("chart") or ""),
            placeholder="on the chart's scale (p chart: 80%)",
        ),
        FieldSpec(
            "freeze",
            "Baseline",
            kind="int",
            check=lambda n: None if n is None or n >= 1 else f"{n} is below 1",
            placeholder="freeze the centre line on the first N points",
        ),
        select("rules", "Rules", [(r, r) for r in m.RULE_SETS], False),
    ]


def definition_pane(form: Form) -> VerticalScroll:
    """The Definition tab's fields (made now), its message line and its hint."""
    return VerticalScroll(
        *form.rows(),
        MessageLine(id="def-error", classes="form-error"),
        Static("Ctrl+S saves the definition · Escape leaves", classes="hint"),
        classes="form-scroll",
        id="def-form",
    )


def chart_problem(meas: m.Measure | None, values: dict[str, Any]) -> str | None:
    """Why the chart in ``values`` cannot take the measure's points (their kind, a value out
    of its range), or None."""
    if meas is None:
        return None
    if meas.points and (values["chart"] in m.RATIO_CHARTS) != meas.is_ratio:
        return (
            "Chart: this measure has data as "
            + ("numerator/denominator" if meas.is_ratio else "single values")
            + f"; a {values['chart']} chart takes the other kind"
        )
    for p in meas.points:
        problem = None if p.value is None else m.value_problem(values["chart"], p.value)
        if problem:
            return f"Chart: the point of {p.date}: {problem}"
    return None
