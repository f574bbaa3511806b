"""Project folders <-> model: load with located problems, save atomically, detect outside edits.

Layout of one project (see docs/file-format.md)::

    <slug>/project.toml             title, aim, team, scores, driver diagram
    <slug>/measures/<id>.toml       one measure: definition, phases, data points
    <slug>/cycles/<NNN-slug>.toml   one PDSA cycle
    <slug>/notes/<id>.toml          one review note

Loading never raises for bad files: every problem becomes a :class:`Problem` with its path and
line, and the file is left out of the model (and never overwritten) until it is fixed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qitui import layout, limits, locking, safeio
from qitui import model as m
from qitui.folders import PROJECT_FILE as PROJECT_FILE  # re-exported: the store's own API
from qitui.folders import discover as discover
from qitui.folders import is_project_dir as is_project_dir
from qitui.tomlio import (
    MAX_FILE_BYTES,
    SCHEMA,
    Doc,
    FileProblem,
    is_temp_file,
    locate,
    parse,
    read_source,
    write_atomic,
)

MEASURES_DIR = "measures"
CYCLES_DIR = "cycles"
NOTES_DIR = "notes"
_FOLDERS = (MEASURES_DIR, CYCLES_DIR, NOTES_DIR)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    level: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


class StoreError(Exception):
    """A save that cannot be done (read-only, unsafe name, broken file on disk)."""


class ConflictError(StoreError):
    """The file changed on disk since it was loaded: saving would overwrite someone's work."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        super().__init__(f"{path}: changed on disk since it was opened")
        self.path = path
        self.text = text  # what we meant to write (for "keep mine")


class ReadOnlyError(StoreError):
    pass


# --------------------------------------------------------------------------- field reading


class _Reader:
    """Reads one parsed file into model values, collecting located problems."""

    def __init__(self, path: Path, text: str, problems: list[Problem]) -> None:
        self.path = path
        self.text = text
        self.problems = problems
        self.failed = False

    def problem(
        self,
        message: str,
        table: str | None = None,
        key: str | None = None,
        index: int | None = None,
    ) -> None:
        self.failed = True
        self.problems.append(Problem(self.path, locate(self.text, table, key, index), message))

    def check_keys(
        self, data: dict[str, Any], allowed: set[str], table: str | None, index: int | None = None
    ) -> None:
        for key in data:
            if key not in allowed:
                where = f" in [{table}]" if table else ""
                self.problem(f"unknown key '{key}'{where}", table, key, index)

    def get(
        self,
        data: dict[str, Any],
        key: str,
        kind: str,
        table: str | None = None,
        index: int | None = None,
        *,
        choices: tuple[str, ...] | None = None,
        default: Any = None,
        array: str | None = None,
    ) -> Any:
        """Fetch ``data[key]`` as ``kind`` (str, date, number, int, bool, strlist, table,
        tables); a wrong value is reported and gives ``default``. ``array`` names the
        top-level array of inline tables this row belongs to (for line numbers)."""
        if key not in data:
            return default
        value = data[key]

        def bad(message: str) -> Any:
            if array is not None:
                self.problem(message, None, array, index)
            else:
                self.problem(message, table, key, index)
            return default

        name = f"'{key}'"
        if kind == "str":
            if not isinstance(value, str):
                return bad(f"{name} must be text, not {_kind(value)}")
            if choices is not None and value not in choices:
                return bad(f"{name} must be one of {', '.join(choices)}; got '{value}'")
            return value
        if kind == "date":
            if isinstance(value, datetime) or not isinstance(value, date):
                if isinstance(value, str):
                    return bad(f"{name} must be a date like 2026-01-31 (unquoted); got '{value}'")
                return bad(f"{name} must be a date like 2026-01-31, not {_kind(value)}")
            return value
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return bad(f"{name} must be a number, not {_kind(value)}")
            problem = limits.number_problem(value)
            if problem:
                return bad(f"{name} {problem}")
            return float(value)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return bad(f"{name} must be a whole number, not {_kind(value)}")
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                return bad(f"{name} must be true or false, not {_kind(value)}")
            return value
        if kind == "strlist":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return bad(f'{name} must be a list of text, like ["a", "b"]')
            return list(value)
        if kind == "table":
            if not isinstance(value, dict):
                return bad(f"{name} must be a table [{key}]")
            return value
        if kind == "tables":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                return bad(f"{name} must be a list of tables")
            return value
        raise ValueError(kind)

    def schema(self, data: dict[str, Any]) -> None:
        if "schema" not in data:
            self.problem("missing 'schema = 1' (the file format version)", None, None)
            return
        version = data["schema"]
        if isinstance(version, bool) or not isinstance(version, int):
            self.problem("'schema' must be a whole number", None, "schema")
        elif version > SCHEMA:
            self.problem(
                f"schema {version} is newer than this qitui understands ({SCHEMA}): upgrade qitui",
                None,
                "schema",
            )
        elif version < 1:
            self.problem(f"unknown schema {version}", None, "schema")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        shown = value if isinstance(value, float) or abs(value) < 10**16 else "of many digits"
        return f"a number ({shown})"
    if isinstance(value, str):
        return f"text ('{value}')"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


# --------------------------------------------------------------------------- project.toml

_PROJECT_KEYS = {
    "schema",
    "title",
    "status",
    "start",
    "description",
    "collaborative",
    "aim",
    "aim_history",
    "team",
    "scores",
    "scale",
    "drivers",
    "change_ideas",
}
_AIM_KEYS = ("what", "how_much", "by_when", "for_whom", "where", "statement")


def _read_project(slug: str, path: Path, problems: list[Problem], text: str) -> m.Project | None:
    try:
        data, text = parse(path, text)
    except FileProblem as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    r = _Reader(path, text, problems)
    r.schema(data)
    r.check_keys(data, _PROJECT_KEYS, None)
    title = r.get(data, "title", "str", default="")
    if not title.strip():
        r.problem("missing 'title' (every project needs a title)", None, "title")
        title = slug
    p = m.Project(
        slug=slug,
        title=title,
        status=r.get(data, "status", "str", choices=m.PROJECT_STATUSES, default="active"),
        start=r.get(data, "start", "date"),
        description=r.get(data, "description", "str", default=""),
        collaborative=" ".join(r.get(data, "collaborative", "str", default="").split()),
    )
    aim = r.get(data, "aim", "table", default={})
    r.check_keys(aim, set(_AIM_KEYS), "aim")
    p.aim = m.Aim(
        **{
            k: r.get(aim, k, "date" if k == "by_when" else "str", "aim", default=None)
            for k in _AIM_KEYS
        }
    )
    for k in _AIM_KEYS:
        if getattr(p.aim, k) is None and k != "by_when":
            setattr(p.aim, k, "")
    for i, row in enumerate(r.get(data, "aim_history", "tables", default=[])):
        r.check_keys(row, {"date", "statement", "reason"}, "aim_history", i)
        when = r.get(row, "date", "date", "aim_history", i)
        if when is None:
            r.problem("an earlier aim needs its 'date'", "aim_history", None, i)
            continue
        p.aim_history.append(
            m.AimRevision(
                when,
                r.get(row, "statement", "str", "aim_history", i, default=""),
                r.get(row, "reason", "str", "aim_history", i, default=""),
            )
        )
    for i, row in enumerate(r.get(data, "team", "tables", default=[])):
        r.check_keys(row, {"name", "role"}, "team", i)
        name = r.get(row, "name", "str", "team", i, default="")
        if not name.strip():
            r.problem("a team member needs a 'name'", "team", None, i)
        p.team.append(m.TeamMember(name, r.get(row, "role", "str", "team", i, default="")))
    for i, row in enumerate(r.get(data, "scores", "tables", default=[])):
        r.check_keys(row, {"date", "score", "justification"}, "scores", i)
        when = r.get(row, "date", "date", "scores", i)
        score = r.get(row, "score", "number", "scores", i)
        if when is None or score is None:
            r.problem("a progress score needs a 'date' and a 'score'", "scores", None, i)
            continue
        if not 0.5 <= score <= 5.0 or score * 2 != int(score * 2):
            r.problem(
                f"score {score:g} is not on the progress scale (0.5 to 5.0 in steps of 0.5)",
                "scores",
                "score",
                i,
            )
            continue
        p.scores.append(
            m.ProgressScore(
                when, score, r.get(row, "justification", "str", "scores", i, default="")
            )
        )
    for i, row in enumerate(r.get(data, "scale", "tables", default=[])):
        r.check_keys(row, {"score", "meaning"}, "scale", i)
        score = r.get(row, "score", "number", "scale", i)
        if score is not None:
            p.scale.append(
                m.ScaleLevel(score, r.get(row, "meaning", "str", "scale", i, default=""))
            )
    for i, row in enumerate(r.get(data, "drivers", "tables", default=[])):
        r.check_keys(row, {"id", "name", "kind", "parents", "description"}, "drivers", i)
        did = r.get(row, "id", "str", "drivers", i, default="")
        if not m.is_slug(did):
            r.problem(
                f"driver id '{did}' must be lower-case letters, digits and -", "drivers", "id", i
            )
            continue
        p.drivers.append(
            m.Driver(
                did,
                r.get(row, "name", "str", "drivers", i, default=""),
                r.get(row, "kind", "str", "drivers", i, choices=m.DRIVER_KINDS, default="primary"),
                r.get(row, "parents", "strlist", "drivers", i, default=[]),
                r.get(row, "description", "str", "drivers", i, default=""),
            )
        )
    for i, row in enumerate(r.get(data, "change_ideas", "tables", default=[])):
        r.check_keys(row, {"id", "name", "drivers", "description"}, "change_ideas", i)
        cid = r.get(row, "id", "str", "change_ideas", i, default="")
        if not m.is_slug(cid):
            r.problem(
                f"change idea id '{cid}' must be lower-case letters, digits and -",
                "change_ideas",
                "id",
                i,
            )
            continue
        p.change_ideas.append(
            m.ChangeIdea(
                cid,
                r.get(row, "name", "str", "change_ideas", i, default=""),
                r.get(row, "drivers", "strlist", "change_ideas", i, default=[]),
                r.get(row, "description", "str", "change_ideas", i, default=""),
            )
        )
    _check_graph(p, r)
    return p


def _check_graph(p: m.Project, r: _Reader) -> None:
    ids = [d.id for d in p.drivers]
    for i, d in enumerate(p.drivers):
        if ids.index(d.id) != i:
            r.problem(f"driver id '{d.id}' is used twice", "drivers", "id", i)
        for parent in d.parents:
            target = p.driver(parent)
            if target is None:
                r.problem(
                    f"driver '{d.id}' names a parent '{parent}' that does not exist",
                    "drivers",
                    "parents",
                    i,
                )
            elif target.kind != "primary" or d.kind != "secondary":
                r.problem(
                    f"driver '{d.id}': only a secondary driver has parents, and they must "
                    "be primary drivers",
                    "drivers",
                    "parents",
                    i,
                )
    idea_ids = [c.id for c in p.change_ideas]
    for i, c in enumerate(p.change_ideas):
        if idea_ids.index(c.id) != i:
            r.problem(f"change idea id '{c.id}' is used twice", "change_ideas", "id", i)
        for d in c.drivers:
            if p.driver(d) is None:
                r.problem(
                    f"change idea '{c.id}' names a driver '{d}' that does not exist",
                    "change_ideas",
                    "drivers",
                    i,
                )


def project_text(p: m.Project) -> str:
    doc = Doc().top(
        [
            ("schema", SCHEMA),
            ("title", p.title),
            ("status", None if p.status == "active" else p.status),
            ("start", p.start),
            ("description", p.description),
            ("collaborative", p.collaborative),
        ]
    )
    doc.table("aim", [(k, getattr(p.aim, k)) for k in _AIM_KEYS])
    doc.array_of_tables(
        "aim_history",
        (
            [("date", a.date), ("statement", a.statement), ("reason", a.reason)]
            for a in p.aim_history
        ),
    )
    doc.array_of_tables("team", ([("name", t.name), ("role", t.role)] for t in p.team))
    doc.array_of_tables(
        "scores",
        (
            [("date", s.date), ("score", s.score), ("justification", s.justification)]
            for s in p.scores
        ),
    )
    doc.array_of_tables("scale", ([("score", s.score), ("meaning", s.meaning)] for s in p.scale))
    doc.array_of_tables(
        "drivers",
        (
            [
                ("id", d.id),
                ("name", d.name),
                ("kind", d.kind),
                ("parents", d.parents),
                ("description", d.description),
            ]
            for d in p.drivers
        ),
    )
    doc.array_of_tables(
        "change_ideas",
        (
            [("id", c.id), ("name", c.name), ("drivers", c.drivers), ("description", c.description)]
            for c in p.change_ideas
        ),
    )
    return doc.text()


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
_POINT_KEYS = {"date", "value", "numerator", "denominator", "note", "excluded", "astronomical"}


def _read_measure(path: Path, problems: list[Problem], text: str) -> m.Measure | None:
    try:
        data, text = parse(path, text)
    except FileProblem as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    r = _Reader(path, text, problems)
    r.schema(data)
    r.check_keys(data, _MEASURE_KEYS, None)
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
    if chart in m.RATIO_CHARTS:
        num, den = row.get("numerator"), row.get("denominator")
        if len(row) != 3 or type(num) is not int or type(den) is not int:
            return None
        if not (limits.in_range(num) and limits.in_range(den)):
            return None
        if num < 0 or den < 0 or (chart in m.PROPORTION_CHARTS and num > den):
            return None
        return m.DataPoint(when, None, float(num), float(den))
    value = row.get("value")
    if len(row) != 2 or type(value) not in (int, float) or not limits.in_range(value):
        return None
    if chart in ("c", "g", "t") and m.value_problem(chart, value):
        return None
    return m.DataPoint(when, float(value))


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
    )


def point_row(p: m.DataPoint) -> dict[str, Any]:
    return {
        "date": p.date,
        "value": p.value,
        "numerator": p.numerator,
        "denominator": p.denominator,
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


# --------------------------------------------------------------------------- cycles

_CYCLE_TOP = (
    "label",
    "title",
    "change_idea",
    "parent",
    "purpose",
    "status",
    "start",
    "end",
    "scale",
    "scale_people",
    "scale_sites",
    "scale_days",
    "owner",
)
_SCALE_NUMBERS = ("scale_people", "scale_sites", "scale_days")
_CYCLE_KEYS = {"schema", *_CYCLE_TOP, "plan", "do", "study", "act"}
_PLAN_TEXT = ("objective", "who", "what", "where", "when", "data")


def _read_cycle(path: Path, problems: list[Problem], text: str) -> m.Cycle | None:
    try:
        data, text = parse(path, text)
    except FileProblem as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    r = _Reader(path, text, problems)
    r.schema(data)
    r.check_keys(data, _CYCLE_KEYS, None)
    label = r.get(data, "label", "str", default="")
    if not label.strip():
        r.problem("missing 'label' (what the team calls the cycle, e.g. 1a)", None, "label")
    c = m.Cycle(id=path.stem, label=label or path.stem)
    for k in ("title", "change_idea", "parent", "scale", "owner"):
        setattr(c, k, r.get(data, k, "str", default=""))
    c.purpose = r.get(data, "purpose", "str", choices=m.CYCLE_PURPOSES, default="")
    c.status = r.get(data, "status", "str", choices=m.CYCLE_STATUSES, default="planned")
    for k in _SCALE_NUMBERS:
        number = r.get(data, k, "int")
        if number is not None and number < 0:
            r.problem(f"'{k}' cannot be negative; got {number}", None, k)
            number = None
        setattr(c, k, number)
    c.start = r.get(data, "start", "date")
    c.end = r.get(data, "end", "date")
    if c.start and c.end and c.end < c.start:
        r.problem(f"'end' ({c.end}) is before 'start' ({c.start})", None, "end")
    plan = r.get(data, "plan", "table", default={})
    r.check_keys(plan, {*_PLAN_TEXT, "predicted_on", "questions"}, "plan")
    for k in _PLAN_TEXT:
        setattr(c.plan, k, r.get(plan, k, "str", "plan", default=""))
    c.plan.predicted_on = r.get(plan, "predicted_on", "date", "plan")
    for i, q in enumerate(r.get(plan, "questions", "tables", "plan", default=[])):
        r.check_keys(q, {"question", "prediction", "result"}, "plan.questions", i)
        c.plan.questions.append(
            m.Question(
                *(
                    r.get(q, k, "str", "plan.questions", i, default="")
                    for k in ("question", "prediction", "result")
                )
            )
        )
    do = r.get(data, "do", "table", default={})
    r.check_keys(do, {"as_planned", "observations", "problems"}, "do")
    c.do = m.Do(
        r.get(do, "as_planned", "bool", "do"),
        r.get(do, "observations", "str", "do", default=""),
        r.get(do, "problems", "str", "do", default=""),
    )
    study = r.get(data, "study", "table", default={})
    r.check_keys(study, {"learning", "studied_on"}, "study")
    c.study = m.Study(
        r.get(study, "learning", "str", "study", default=""),
        r.get(study, "studied_on", "date", "study"),
    )
    act = r.get(data, "act", "table", default={})
    r.check_keys(act, {"decision", "next_steps"}, "act")
    c.act = m.Act(
        r.get(act, "decision", "str", "act", choices=m.DECISIONS, default=""),
        r.get(act, "next_steps", "str", "act", default=""),
    )
    return c


def cycle_text(c: m.Cycle) -> str:
    doc = Doc().top(
        [("schema", SCHEMA)]
        + [(k, getattr(c, k)) for k in _CYCLE_TOP if k != "status"]
        + [("status", c.status)]
    )
    doc.table(
        "plan",
        [(k, getattr(c.plan, k)) for k in ("objective", "predicted_on")]
        + [(k, getattr(c.plan, k)) for k in _PLAN_TEXT[1:]],
    )
    doc.array_of_tables(
        "plan.questions",
        (
            [("question", q.question), ("prediction", q.prediction), ("result", q.result)]
            for q in c.plan.questions
        ),
    )
    doc.table(
        "do",
        [
            ("as_planned", c.do.as_planned),
            ("observations", c.do.observations),
            ("problems", c.do.problems),
        ],
    )
    doc.table("study", [("studied_on", c.study.studied_on), ("learning", c.study.learning)])
    doc.table("act", [("decision", c.act.decision), ("next_steps", c.act.next_steps)])
    return doc.text()


# --------------------------------------------------------------------------- notes


def _read_note(path: Path, problems: list[Problem], text: str) -> m.Note | None:
    try:
        data, text = parse(path, text)
    except FileProblem as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    r = _Reader(path, text, problems)
    r.schema(data)
    r.check_keys(data, {"schema", "author", "date", "about", "text"}, None)
    when = r.get(data, "date", "date")
    if when is None:
        r.problem("a note needs a 'date'", None, "date")
        return None
    return m.Note(
        id=path.stem,
        author=r.get(data, "author", "str", default=""),
        date=when,
        text=r.get(data, "text", "str", default=""),
        about=r.get(data, "about", "str", default="project"),
    )


def note_text(n: m.Note) -> str:
    return (
        Doc()
        .top(
            [
                ("schema", SCHEMA),
                ("author", n.author),
                ("date", n.date),
                ("about", None if n.about == "project" else n.about),
                ("text", n.text),
            ]
        )
        .text()
    )


# --------------------------------------------------------------------------- whole projects


def _digest(raw: bytes) -> str:
    """A file's fingerprint from its bytes (for outside-edit detection)."""
    return hashlib.sha256(raw).hexdigest()


def _fingerprint(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def _files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:  # is_file() from the listing: no stat per file
            found = [
                Path(e.path)
                for e in entries
                if e.name.endswith(".toml") and not is_temp_file(Path(e.name)) and _is_file(e)
            ]
    except OSError:  # missing, not a folder, unreadable: reported by qitui.layout
        return []
    return sorted(found)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a symlink loop: reported by qitui.layout
        return False


@dataclass
class LoadedProject:
    """A project as read from disk: the model (None if project.toml is unusable), every
    problem found, and a fingerprint of each file for outside-edit detection."""

    path: Path
    project: m.Project | None
    problems: list[Problem] = field(default_factory=list)
    fingerprints: dict[Path, str | None] = field(default_factory=dict)
    broken: set[Path] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.project is not None and not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def title(self) -> str:
        return self.project.title if self.project else self.path.name


def _safe_inside(root: Path, path: Path) -> bool:
    """False for symlinks (or anything) that resolve outside the project folder."""
    return _Inside(root)(path)


class _Inside:
    """Whether paths resolve inside ``root`` (False for symlinks that lead out of it).

    Resolving a path checks every folder on the way; one instance resolves each folder once,
    so that a file that is not itself a symlink costs one ``lstat`` (a project of many files
    loads a quarter faster)."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path) -> bool:
        try:
            if os.path.islink(path):
                real = os.path.realpath(path)
            else:
                folder, name = os.path.split(path)
                known = self._folders.get(folder)
                if known is None:
                    known = self._folders[folder] = os.path.realpath(folder)
                real = os.path.join(known, name)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop
            return False
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)


def _read_tracked(loaded: LoadedProject, file: Path) -> str | None:
    """Read ``file`` once: its fingerprint into ``loaded`` and its text back; None (and the
    problem recorded) when it is not a readable text file."""
    try:
        text, raw = read_source(file)
    except FileProblem as exc:
        loaded.fingerprints[file] = _fingerprint(file)
        loaded.problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    loaded.fingerprints[file] = _digest(raw)
    return text


def load_project_file(path: Path) -> LoadedProject:
    """Only the project.toml of a project folder: title, aim, team, scores, drivers.

    For listing many projects quickly (Home); :func:`load_project` reads everything. Never
    raises for bad content."""
    path = Path(path)
    problems: list[Problem] = []
    loaded = LoadedProject(path=path, project=None, problems=problems)
    pfile = path / PROJECT_FILE
    if not pfile.is_file():
        what = layout.file_kind(pfile) if os.path.lexists(pfile) else None
        message = f"{PROJECT_FILE} is {what}, not a file" if what else "project folder without "
        problems.append(Problem(pfile, 0, message + ("" if what else PROJECT_FILE)))
        loaded.broken.add(pfile)
        return loaded
    if not _safe_inside(path, pfile):
        problems.append(Problem(pfile, 0, "symlink pointing outside the project: refused"))
        return loaded
    text = _read_tracked(loaded, pfile)
    try:
        project = _read_project(path.name, pfile, problems, text) if text is not None else None
    except Exception as exc:  # hostile content no check foresaw: a problem, not a crash
        problems.append(Problem(pfile, 1, f"cannot read this file ({type(exc).__name__})"))
        project = None
    if project is None or problems:
        loaded.broken.add(pfile)
    loaded.project = project
    return loaded


def load_project(path: Path, listed: LoadedProject | None = None) -> LoadedProject:
    """Load one project folder; never raises for bad content.

    ``listed``: what :func:`load_project_file` gave for this folder, if it has been read
    already (it is copied, not changed); project.toml is then not read again."""
    if listed is None:
        loaded = load_project_file(path)
    else:
        loaded = LoadedProject(
            path=listed.path,
            project=(
                replace(listed.project, measures=[], cycles=[], notes=[])
                if listed.project
                else None
            ),
            problems=list(listed.problems),
            fingerprints=dict(listed.fingerprints),
            broken=set(listed.broken),
        )
    project = loaded.project
    if project is None:
        return loaded
    path = loaded.path
    problems = loaded.problems
    inside = _Inside(path)

    def track(file: Path, reader: Callable[[Path, list[Problem], str], Any]) -> Any:
        before = len(problems)
        if not inside(file):
            problems.append(Problem(file, 0, "symlink pointing outside the project: refused"))
            loaded.broken.add(file)
            return None
        text = _read_tracked(loaded, file)
        if text is None:
            loaded.broken.add(file)
            return None
        item = None
        try:
            item = reader(file, problems, text)
        except Exception as exc:  # hostile content no check foresaw: a problem, not a crash
            problems.append(Problem(file, 1, f"cannot read this file ({type(exc).__name__})"))
        if len(problems) > before:
            loaded.broken.add(file)
            return None
        return item

    def named(file: Path, what: str) -> bool:
        problem = layout.name_problem(file, what)
        if problem:
            problems.append(Problem(file, 0, problem))
            loaded.broken.add(file)
        return problem is None

    for file in _files(path / MEASURES_DIR):
        meas = track(file, _read_measure)
        if meas is not None and named(file, "measure"):
            meas.sort_points()
            project.measures.append(meas)
    for file in _files(path / CYCLES_DIR):
        cyc = track(file, _read_cycle)
        if cyc is not None and named(file, "cycle"):
            project.cycles.append(cyc)
    for file in _files(path / NOTES_DIR):
        note = track(file, _read_note)
        if note is not None and named(file, "note"):
            project.notes.append(note)
    for where, line, message in layout.folder_problems(path):
        problems.append(Problem(where, line, message))
        loaded.broken.add(where)
    _check_references(loaded)
    return loaded


def _key_line(file: Path, key: str) -> int:
    """The line of a top-level ``key`` in ``file`` (read only when a problem is reported)."""
    try:
        return locate(file.read_text(encoding="utf-8"), None, key)
    except (OSError, UnicodeDecodeError):
        return 0


def _check_references(loaded: LoadedProject) -> None:
    """Cross-file references: a cycle's change idea and parent, a note's subject."""
    p = loaded.project
    assert p is not None
    root = loaded.path
    # a file left out for its own problem is not blamed again through what refers to it
    left_out = {(f.parent.name, f.stem) for f in loaded.broken}
    cycle_ids = {c.id for c in p.cycles} | {s for d, s in left_out if d == CYCLES_DIR}
    idea_ids = {c.id for c in p.change_ideas}
    for c in p.cycles:
        file = root / CYCLES_DIR / f"{c.id}.toml"
        if c.change_idea and c.change_idea not in idea_ids:
            loaded.problems.append(
                Problem(
                    file,
                    _key_line(file, "change_idea"),
                    f"change idea '{c.change_idea}' does not exist in project.toml",
                )
            )
        if c.parent and c.parent not in cycle_ids:
            loaded.problems.append(
                Problem(
                    file, _key_line(file, "parent"), f"parent cycle '{c.parent}' does not exist"
                )
            )
    for c, level, message in layout.duplicate_cycles(p.cycles, root / CYCLES_DIR):
        file = root / CYCLES_DIR / f"{c.id}.toml"
        loaded.problems.append(Problem(file, _key_line(file, "label"), message, level))
    measure_ids = {x.id for x in p.measures} | {s for d, s in left_out if d == MEASURES_DIR}
    for n in p.notes:
        kind, _, ref = n.about.partition(":")
        point = m.point_of(n.about)
        ok = (
            n.about == "project"
            or (kind == "measure" and ref in measure_ids)
            or (kind == "cycle" and ref in cycle_ids)
            or (point is not None and point[0] in measure_ids)
        )
        file = root / NOTES_DIR / f"{n.id}.toml"
        if not ok:
            loaded.problems.append(
                Problem(
                    file,
                    _key_line(file, "about"),
                    f"note is about '{n.about}', which does not exist (use project, "
                    "measure:<id>, cycle:<id> or point:<measure id>:<YYYY-MM-DD>)",
                )
            )
        elif point is not None:
            meas = p.measure(point[0])
            if meas is not None and all(pt.date != point[1] for pt in meas.points):
                loaded.problems.append(
                    Problem(
                        file,
                        _key_line(file, "about"),
                        f"note is about the point of {point[1]} of '{point[0]}', "
                        "which has no data point on that date",
                        level="warning",
                    )
                )


def iter_load(path: Path) -> Iterator[LoadedProject]:
    for folder in discover(path):
        yield load_project(folder)


# --------------------------------------------------------------------------- saving


class ProjectStore:
    """The one way the app and the CLI change a project on disk.

    Every save is atomic, refuses to overwrite a file that had load problems or that
    changed on disk since it was loaded (:class:`ConflictError`), and keeps the
    fingerprints current so that the next save is checked against what we wrote.
    """

    def __init__(self, loaded: LoadedProject, read_only: bool = False) -> None:
        if loaded.project is None:
            raise StoreError(
                f"{loaded.path}: the project cannot be opened: "
                + "; ".join(str(p) for p in loaded.problems)
            )
        self.loaded = loaded
        self.read_only = read_only or not os.access(loaded.path, os.W_OK)
        self._stat_cache: dict[Path, tuple[tuple[int, int], str | None]] = {}
        self._cleaned = False
        self._clean_leftovers()

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> ProjectStore:
        return cls(load_project(Path(path)), read_only=read_only)

    @property
    def project(self) -> m.Project:
        assert self.loaded.project is not None
        return self.loaded.project

    @property
    def path(self) -> Path:
        return self.loaded.path

    # paths ---------------------------------------------------------------
    def project_file(self) -> Path:
        return self.path / PROJECT_FILE

    def measure_file(self, measure_id: str) -> Path:
        return self._child(MEASURES_DIR, measure_id)

    def cycle_file(self, cycle_id: str) -> Path:
        return self._child(CYCLES_DIR, cycle_id)

    def note_file(self, note_id: str) -> Path:
        return self._child(NOTES_DIR, note_id)

    def _child(self, folder: str, stem: str) -> Path:
        if not m.is_slug(stem):
            raise StoreError(f"unsafe file name '{stem}': use lower-case letters, digits and -")
        return self.path / folder / f"{stem}.toml"

    # checks --------------------------------------------------------------
    def changed_on_disk(self) -> list[Path]:
        """Files whose content differs from what was loaded or last saved, and new files.

        A file whose size and modification time are as last seen is not read again, so
        that this is cheap enough to call every few seconds."""
        changed: list[Path] = []
        for file, known in self.loaded.fingerprints.items():
            try:
                st = file.stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = None
            cached = self._stat_cache.get(file)
            if cached is not None and stamp is not None and cached[0] == stamp:
                current = cached[1]
            else:
                current = _fingerprint(file)
                if stamp is not None:
                    self._stat_cache[file] = (stamp, current)
            if current != known:
                changed.append(file)
        for folder in (MEASURES_DIR, CYCLES_DIR, NOTES_DIR):
            changed += [f for f in _files(self.path / folder) if f not in self.loaded.fingerprints]
        return sorted(set(changed))

    def _write(self, path: Path, text: str, force: bool = False) -> bool:
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only; nothing was saved")
        if path in self.loaded.broken and not force:
            raise StoreError(f"{path}: has problems on disk; fix them before saving over it")
        if not _safe_inside(self.path, path.parent) or (path.is_symlink()):
            raise StoreError(f"{path}: refusing to write through a symlink")
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise StoreError(
                f"{path}: would be {size:,} bytes, above the {MAX_FILE_BYTES:,} a project file "
                "may have (split the data into a new measure); nothing was saved"
            )
        known = self.loaded.fingerprints.get(path)
        if known is not None and known == _digest(text.encode("utf-8")) == _fingerprint(path):
            return False  # nothing to write: no lock, no work folder, nothing touched
        with self.locked():  # the check and the rename are one step for every qitui
            known = self.loaded.fingerprints.get(path)
            current = _fingerprint(path)
            if not force and current != known:
                raise ConflictError(path, text)
            changed = self._atomic(path, text)
            self.loaded.fingerprints[path] = _fingerprint(path)
        self.loaded.broken.discard(path)
        return changed

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Hold this project's write lock (see :mod:`qitui.locking`); re-entrant."""
        return _locked(self.path)

    def _atomic(self, path: Path, text: str) -> bool:
        """Write under the lock, the temporary file in the git-ignored work folder."""
        if not self._cleaned:
            self._cleaned = True
            safeio.remove_leftovers(self._leftover_folders())
        try:
            return write_atomic(path, text, tmp_dir=locking.work_dir(self.path))
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # a folder on another file system: temp beside it
                raise
            return write_atomic(path, text)

    def _leftover_folders(self) -> list[Path]:
        root = self.path
        return [root / locking.WORK_DIR, root] + [root / d for d in _FOLDERS]

    def _clean_leftovers(self) -> None:
        """Temporary files of a killed save go at start, if no one is saving right now."""
        folders = self._leftover_folders()
        if self.read_only or not safeio.has_leftovers(folders):
            return
        with contextlib.suppress(OSError), locking.try_lock(self.path) as got:
            if got:
                safeio.remove_leftovers(folders)
                self._cleaned = True

    def _remove(self, path: Path, force: bool = False) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only; nothing was deleted")
        with self.locked():
            if not force and _fingerprint(path) != self.loaded.fingerprints.get(path):
                raise ConflictError(path)
            path.unlink(missing_ok=True)
        self.loaded.fingerprints.pop(path, None)

    # saves ---------------------------------------------------------------
    def save_project(self, force: bool = False) -> bool:
        """Write project.toml (aim, team, scores, drivers, change ideas)."""
        return self._write(self.project_file(), project_text(self.project), force)

    def save_measure(self, measure: m.Measure, force: bool = False) -> bool:
        problem = limits.measure_problem(measure)
        if problem:  # the loader would refuse the file: never write it
            raise StoreError(f"{measure.name}: {problem}; nothing was saved")
        if measure not in self.project.measures:
            self.project.measures.append(measure)
        measure.sort_points()
        return self._write(self.measure_file(measure.id), measure_text(measure), force)

    def delete_measure(self, measure_id: str, force: bool = False) -> None:
        self._remove(self.measure_file(measure_id), force)
        self.project.measures = [x for x in self.project.measures if x.id != measure_id]

    def save_cycle(self, cycle: m.Cycle, force: bool = False) -> bool:
        if cycle not in self.project.cycles:
            self.project.cycles.append(cycle)
        return self._write(self.cycle_file(cycle.id), cycle_text(cycle), force)

    def delete_cycle(self, cycle_id: str, force: bool = False) -> None:
        self._remove(self.cycle_file(cycle_id), force)
        self.project.cycles = [c for c in self.project.cycles if c.id != cycle_id]

    def save_note(self, note: m.Note, force: bool = False) -> bool:
        if note not in self.project.notes:
            self.project.notes.append(note)
        return self._write(self.note_file(note.id), note_text(note), force)

    def delete_note(self, note_id: str, force: bool = False) -> None:
        self._remove(self.note_file(note_id), force)
        self.project.notes = [n for n in self.project.notes if n.id != note_id]

    def save_all(self, force: bool = False) -> int:
        """Write every file of the project; returns how many actually changed."""
        changed = int(self.save_project(force))
        for meas in self.project.measures:
            changed += self.save_measure(meas, force)
        for cyc in self.project.cycles:
            changed += self.save_cycle(cyc, force)
        for note in self.project.notes:
            changed += self.save_note(note, force)
        return changed

    # edits ---------------------------------------------------------------
    def edit(
        self,
        item: m.Measure | m.Cycle | m.Note | None,
        mutate: Callable[[], object] | None = None,
        force: bool = False,
    ) -> bool:
        """One edit, as a transaction: apply ``mutate``, write ``item``'s file (None:
        project.toml) atomically, and if anything fails put the model back as it was and
        raise (:class:`ConflictError`, :class:`ReadOnlyError`, :class:`StoreError`…).
        A new item is added to the project by its first save. Returns whether the file
        changed."""
        from qitui.edits import snapshot_item, snapshot_project

        if item is None:
            restore = snapshot_project(self.project)
        else:
            restore = snapshot_item(item, self._items_of(item))
        try:
            if mutate is not None:
                mutate()
            if isinstance(item, m.Measure):
                return self.save_measure(item, force)
            if isinstance(item, m.Cycle):
                return self.save_cycle(item, force)
            if isinstance(item, m.Note):
                return self.save_note(item, force)
            return self.save_project(force)
        except BaseException:
            restore()
            raise

    def edit_project(self, mutate: Callable[[], object], force: bool = False) -> bool:
        """:meth:`edit` of project.toml (aim, team, scores, drivers, change ideas)."""
        return self.edit(None, mutate, force)

    def remove(self, item: m.Measure | m.Cycle | m.Note, force: bool = False) -> None:
        """Delete ``item``'s file and take it out of the project (nothing changes on failure)."""
        if isinstance(item, m.Measure):
            self.delete_measure(item.id, force)
        elif isinstance(item, m.Cycle):
            self.delete_cycle(item.id, force)
        else:
            self.delete_note(item.id, force)

    def _items_of(self, item: m.Measure | m.Cycle | m.Note) -> list[Any]:
        if isinstance(item, m.Measure):
            return self.project.measures
        if isinstance(item, m.Cycle):
            return self.project.cycles
        return self.project.notes

    def text_of(self, item: m.Measure | m.Cycle | m.Note | None) -> tuple[Path, str]:
        """The file and the text that saving ``item`` would write (None: project.toml)."""
        if isinstance(item, m.Measure):
            return self.measure_file(item.id), measure_text(item)
        if isinstance(item, m.Cycle):
            return self.cycle_file(item.id), cycle_text(item)
        if isinstance(item, m.Note):
            return self.note_file(item.id), note_text(item)
        return self.project_file(), project_text(self.project)

    def keep_mine(self, item: m.Measure | m.Cycle | m.Note | None) -> Path:
        """After a :class:`ConflictError`: write our version of ``item`` beside theirs."""
        return self.write_copy(*self.text_of(item))

    def write_copy(self, path: Path, text: str) -> Path:
        """Write ``text`` beside ``path`` as ``<name>.mine`` (then ``.mine-2``…): never
        loaded, never overwriting anything. Returns the copy's path."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only; nothing was saved")
        with self.locked():
            copy = path.with_name(path.name + ".mine")
            n = 2
            while copy.exists():
                copy = path.with_name(f"{path.name}.mine-{n}")
                n += 1
            self._atomic(copy, text)
        return copy

    def reload(self) -> None:
        self.loaded = load_project(self.path)
        if self.loaded.project is None:
            raise StoreError("; ".join(str(p) for p in self.loaded.problems))

    # ids -----------------------------------------------------------------
    def new_measure_id(self, name: str) -> str:
        taken = {x.id for x in self.project.measures} | {
            f.stem for f in _files(self.path / MEASURES_DIR)
        }
        return self.project.unique_id(name, taken)

    def new_cycle_id(self, title: str) -> str:
        taken = {c.id for c in self.project.cycles} | {
            f.stem for f in _files(self.path / CYCLES_DIR)
        }
        number = (
            max(
                [self.project.next_cycle_number() - 1]
                + [int(s.split("-")[0]) for s in taken if s.split("-")[0].isdigit()]
            )
            + 1
        )
        return self.project.unique_id(f"{number:03d}-{m.slugify(title, 'cycle')}", taken)

    def new_note_id(self, author: str, when: date, text: str = "") -> str:
        """``<date>-<author>-<hash of text>``: two people adding notes on two branches
        never pick the same file name, so their merges are clean."""
        taken = {n.id for n in self.project.notes} | {f.stem for f in _files(self.path / NOTES_DIR)}
        digest = hashlib.sha1(f"{author}\n{text}".encode()).hexdigest()[:6]
        base = f"{when.isoformat()}-{m.slugify(author, 'note')[:30]}-{digest}"
        return self.project.unique_id(base, taken)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locking.project_lock(root))
        except locking.LockError as exc:
            raise StoreError(str(exc)) from None
        yield


def create_project(folder: Path, title: str) -> ProjectStore:
    """Make a new project folder with a project.toml; refuses an existing project."""
    folder = Path(folder)
    if (folder / PROJECT_FILE).exists():
        raise StoreError(f"{folder}: already a project (has {PROJECT_FILE})")
    if not title.strip():
        raise StoreError("a project needs a title")
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: exists and is not a folder")
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    project = m.Project(slug=folder.name, title=title.strip(), start=date.today())
    try:
        write_atomic(folder / PROJECT_FILE, project_text(project))
    except BaseException:
        if made:  # leave no empty folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return ProjectStore.open(folder)
