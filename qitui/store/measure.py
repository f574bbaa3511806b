"""measures/<id>.toml <-> :class:`qitui.model.Measure`: definition, phases, points, recipe."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

from qitui import limits
from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import _Reader
from qitui.tomlio import (
    SCHEMA,
    Doc,
)

# --------------------------------------------------------------------------- measures

_MEASURE_TEXT = (
    "name",
    "type",
    "definition",
    "numerator",
    "denominator",
    "inclusions",
    "exclusions",
    "unit",
    "source",
    "collected_by",
    "frequency",
    "sampling",
)
_MEASURE_KEYS = {
    "schema",
    *_MEASURE_TEXT,
    "chart",
    "better",
    "target",
    "freeze",
    "rules",
    "phases",
    "points",
    "import",
}
_IMPORT_TEXT = ("period", "date_column", "statistic", "column", "sheet")
_IMPORT_DATES = ("start", "first", "last")
_POINT_KEYS = {
    "date",
    "value",
    "numerator",
    "denominator",
    "imported",
    "note",
    "excluded",
    "astronomical",
}


def _read_measure(path: Path, problems: list[Problem], text: str) -> m.Measure | None:
    opened = _Reader.open(path, text, problems, _MEASURE_KEYS)
    if opened is None:
        return None
    data, r = opened
    meas = m.Measure(id=path.stem, name=r.get(data, "name", "str", default="") or path.stem)
    for k in _MEASURE_TEXT[1:]:
        choices = m.MEASURE_TYPES if k == "type" else None
        setattr(meas, k, r.get(data, k, "str", choices=choices, default=getattr(meas, k)))
    meas.chart = r.get(data, "chart", "str", choices=m.CHART_TYPES, default="run")
    meas.better = r.get(data, "better", "str", choices=m.DIRECTIONS, default="")
    meas.target = r.get(data, "target", "number")
    meas.rules = r.get(data, "rules", "str", choices=m.RULE_SETS, default="default")
    meas.freeze = r.get(data, "freeze", "int")
    if meas.freeze is not None and meas.freeze < 1:
        r.problem(f"'freeze' must be 1 or more points; got {meas.freeze}", None, "freeze")
    for i, row in enumerate(r.get(data, "phases", "tables", default=[])):
        r.check_keys(row, {"start", "freeze", "reason"}, None, i)
        start = r.get(row, "start", "date", None, i, array="phases")
        if start is None:
            r.problem("a phase needs a 'start' date", None, "phases", i)
            continue
        freeze = r.get(row, "freeze", "int", None, i, array="phases")
        if freeze is not None and freeze < 1:
            r.problem(f"'freeze' must be 1 or more points; got {freeze}", None, "phases", i)
            freeze = None
        meas.phases.append(
            m.Phase(start, r.get(row, "reason", "str", None, i, array="phases", default=""), freeze)
        )
    seen: dict[date, int] = {}
    for i, row in enumerate(r.get(data, "points", "tables", default=[])):
        point = _read_point(r, row, i, meas.chart)
        if point is None:
            continue
        if point.date in seen:
            r.problem(
                f"two points for {point.date} (rows {seen[point.date] + 1} and {i + 1})",
                None,
                "points",
                i,
            )
            continue
        seen[point.date] = i
        meas.points.append(point)
    meas.recipe = _read_recipe(r, r.get(data, "import", "table"))
    return meas


def _read_recipe(r: _Reader, data: dict[str, Any] | None) -> m.ImportRecipe | None:
    """The ``[import]`` table: how the measure's data are imported (docs/file-format.md)."""
    if data is None:
        return None
    r.check_keys(data, {*_IMPORT_TEXT, *_IMPORT_DATES, "dayfirst"}, "import")
    choices = {"period": m.IMPORT_PERIODS, "statistic": m.IMPORT_STATISTICS}
    recipe = m.ImportRecipe(
        **{
            k: r.get(data, k, "str", "import", choices=choices.get(k), default="")
            for k in _IMPORT_TEXT
        },
        **{k: r.get(data, k, "date", "import") for k in _IMPORT_DATES},
        dayfirst=r.get(data, "dayfirst", "bool", "import", default=False),
    )
    if recipe.period and not (recipe.date_column and recipe.statistic):
        r.problem("[import] with a 'period' needs 'date_column' and 'statistic'", "import", None)
    if recipe.statistic in ("flag", "mean", "median") and not recipe.column:
        r.problem(f"[import] statistic '{recipe.statistic}' needs a 'column'", "import", None)
    return recipe


def _fast_point(row: dict[str, Any], chart: str) -> m.DataPoint | None:
    """The common, valid point without per-field bookkeeping (None: take the slow path)."""
    when = row.get("date")
    if type(when) is not date:
        return None
    size, imported = len(row), row.get("imported")
    if imported is True:
        size -= 1  # a point an import brought: ``imported = true`` (docs/file-format.md)
    elif imported is not None:
        return None
    if chart in m.RATIO_CHARTS:
        num, den = row.get("numerator"), row.get("denominator")
        if size != 3 or type(num) is not int or type(den) is not int:
            return None
        if not (limits.in_range(num) and limits.in_range(den)):
            return None
        if num < 0 or den < 0 or (chart in m.PROPORTION_CHARTS and num > den):
            return None
        return m.DataPoint(when, None, float(num), float(den), imported=size != len(row))
    value = row.get("value")
    if size != 2 or type(value) not in (int, float) or not limits.in_range(value):
        return None
    number = cast(float, value)  # an int or a float: checked just above
    if chart in ("c", "g", "t") and m.value_problem(chart, number):
        return None
    return m.DataPoint(when, float(number), imported=size != len(row))


def _read_point(r: _Reader, row: dict[str, Any], i: int, chart: str) -> m.DataPoint | None:
    fast = _fast_point(row, chart)
    if fast is not None:
        return fast
    ratio = chart in m.RATIO_CHARTS

    def bad(message: str) -> None:
        r.problem(f"point {i + 1}: {message}", None, "points", i)

    for key in row:
        if key not in _POINT_KEYS:
            bad(f"unknown key '{key}'")
    when = r.get(row, "date", "date", None, i, array="points")
    if when is None:
        if "date" not in row:
            bad("missing 'date'")
        return None
    value = r.get(row, "value", "number", None, i, array="points")
    num = r.get(row, "numerator", "number", None, i, array="points")
    den = r.get(row, "denominator", "number", None, i, array="points")
    if ratio and value is not None:
        bad("a p or u chart takes 'numerator' and 'denominator', not 'value'")
        return None
    if not ratio and (num is not None or den is not None):
        bad("this chart takes 'value'; 'numerator'/'denominator' are for p and u charts")
        return None
    if (num is None) != (den is None):
        bad("give both 'numerator' and 'denominator' (or neither, for a missing period)")
        return None
    if num is not None and den is not None:
        if num < 0 or den < 0:
            bad(f"counts cannot be negative ({num:g}/{den:g})")
            return None
        if chart in m.PROPORTION_CHARTS and num > den:
            bad(f"numerator {num:g} is above denominator {den:g}")
            return None
    problem = None if value is None else m.value_problem(chart, value)
    if problem:
        bad(problem)
        return None
    return m.DataPoint(
        date=when,
        value=value,
        numerator=num,
        denominator=den,
        note=r.get(row, "note", "str", None, i, array="points", default=""),
        excluded=r.get(row, "excluded", "bool", None, i, array="points", default=False),
        astronomical=r.get(row, "astronomical", "bool", None, i, array="points", default=False),
        imported=r.get(row, "imported", "bool", None, i, array="points", default=False),
    )


def point_row(p: m.DataPoint) -> dict[str, Any]:
    return {
        "date": p.date,
        "value": p.value,
        "numerator": p.numerator,
        "denominator": p.denominator,
        "imported": True if p.imported else None,
        "excluded": True if p.excluded else None,
        "astronomical": True if p.astronomical else None,
        "note": p.note,
    }


def measure_text(meas: m.Measure) -> str:
    doc = Doc().top(
        [("schema", SCHEMA), ("name", meas.name)]
        + [(k, getattr(meas, k)) for k in _MEASURE_TEXT[1:]]
        + [
            ("chart", meas.chart),
            ("better", meas.better),
            ("target", meas.target),
            ("freeze", meas.freeze),
            ("rules", None if meas.rules == "default" else meas.rules),
        ]
    )
    doc.array(
        "phases",
        [{"start": ph.start, "freeze": ph.freeze, "reason": ph.reason} for ph in meas.phases],
    )
    doc.array("points", [point_row(p) for p in sorted(meas.points, key=lambda p: p.date)])
    if meas.recipe is not None:
        rec = meas.recipe
        fields = [(k, getattr(rec, k)) for k in (*_IMPORT_TEXT[:4], "start", "sheet")]
        fields += [("dayfirst", rec.dayfirst or None), ("first", rec.first), ("last", rec.last)]
        doc.table("import", fields, always=True)
    return doc.text()
