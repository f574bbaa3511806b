"""measures/<id>.toml <-> :class:`qitui.model.Measure`: definition, phases, points, recipe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

from qitui import limits
from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import Field, _Reader, file_text, row_writer

# --------------------------------------------------------------------------- measures

#: measures/<id>.toml, in written order: drives the allowed keys, the reading checks and the
#: writing (a point's values are checked by ``_read_point``, which knows the chart)
MEASURE_FIELDS: tuple[Field, ...] = (
    Field("name", "str"),
    Field("type", "str", choices=m.MEASURE_TYPES, default="outcome"),
    Field("definition", "str"),
    Field("numerator", "str"),
    Field("denominator", "str"),
    Field("inclusions", "str"),
    Field("exclusions", "str"),
    Field("unit", "str"),
    Field("source", "str"),
    Field("collected_by", "str"),
    Field("frequency", "str"),
    Field("sampling", "str"),
    Field("chart", "str", choices=m.CHART_TYPES, default="run"),
    Field("better", "str", choices=m.DIRECTIONS),
    Field("target", "number"),
    Field("freeze", "int"),
    Field("rules", "str", choices=m.RULE_SETS, default="default", implicit=True),
    Field(
        "phases", "rows", (Field("start", "date"), Field("freeze", "int"), Field("reason", "str"))
    ),
    Field(
        "points",
        "rows",
        (
            Field("date", "date"),
            Field("value", "number"),
            Field("numerator", "number"),
            Field("denominator", "number"),
            Field("imported", "bool", default=False, implicit=True),
            Field("excluded", "bool", default=False, implicit=True),
            Field("astronomical", "bool", default=False, implicit=True),
            Field("note", "str"),
        ),
    ),
    Field(
        "import",
        "table",
        (
            Field("period", "str", choices=m.IMPORT_PERIODS),
            Field("date_column", "str"),
            Field("statistic", "str", choices=m.IMPORT_STATISTICS),
            Field("column", "str"),
            Field("start", "date"),
            Field("sheet", "str"),
            Field("dayfirst", "bool", default=False, implicit=True),
            Field("first", "date"),
            Field("last", "date"),
        ),
        optional=True,
        attr="recipe",
    ),
)
_FIELD = {f.key: f for f in MEASURE_FIELDS}
_PHASE = _FIELD["phases"]
_POINT = {f.key: f for f in _FIELD["points"].fields}


def _read_measure(path: Path, problems: list[Problem], text: str) -> m.Measure | None:
    opened = _Reader.open(path, text, problems, MEASURE_FIELDS)
    if opened is None:
        return None
    data, r = opened
    meas = m.Measure(id=path.stem, **r.read(data, MEASURE_FIELDS, check=False))
    meas.name = meas.name or path.stem
    if meas.freeze is not None and meas.freeze < 1:
        r.problem(f"'freeze' must be 1 or more points; got {meas.freeze}", None, "freeze")
    for i, row in enumerate(r.value(data, _PHASE)):
        phase = r.read(row, _PHASE.fields, None, i, array="phases")
        if phase["start"] is None:
            r.problem("a phase needs a 'start' date", None, "phases", i)
            continue
        freeze = phase["freeze"]
        if freeze is not None and freeze < 1:
            r.problem(f"'freeze' must be 1 or more points; got {freeze}", None, "phases", i)
            phase["freeze"] = None
        meas.phases.append(m.Phase(**phase))
    seen: dict[date, int] = {}
    for i, row in enumerate(r.value(data, _FIELD["points"])):
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
    meas.recipe = _read_recipe(r, r.value(data, _FIELD["import"]))
    return meas


def _read_recipe(r: _Reader, data: dict[str, Any] | None) -> m.ImportRecipe | None:
    """The ``[import]`` table: how the measure's data are imported (docs/file-format.md)."""
    if data is None:
        return None
    recipe = m.ImportRecipe(**r.read(data, _FIELD["import"].fields, "import"))
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
        if key not in _POINT:
            bad(f"unknown key '{key}'")
    when = r.value(row, _POINT["date"], None, i, array="points")
    if when is None:
        if "date" not in row:
            bad("missing 'date'")
        return None
    value = r.value(row, _POINT["value"], None, i, array="points")
    num = r.value(row, _POINT["numerator"], None, i, array="points")
    den = r.value(row, _POINT["denominator"], None, i, array="points")
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
        **{
            k: r.value(row, _POINT[k], None, i, array="points")
            for k in ("note", "excluded", "astronomical", "imported")
        },
    )


#: A point as written: its values in the order of its field table (None: not written).
point_row: Callable[[m.DataPoint], dict[str, Any]] = row_writer(_FIELD["points"].fields)


def measure_text(meas: m.Measure) -> str:
    """measures/<id>.toml's text, in the order of :data:`MEASURE_FIELDS` (points by date)."""
    return file_text(meas, MEASURE_FIELDS, points=sorted(meas.points, key=lambda p: p.date))
