"""cycles/<NNN-slug>.toml <-> :class:`qitui.model.Cycle`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import Field, _Reader, file_text

# --------------------------------------------------------------------------- cycles

#: cycles/<NNN-slug>.toml, in written order: drives the allowed keys, the reading checks and
#: the writing
CYCLE_FIELDS: tuple[Field, ...] = (
    Field("label", "str"),
    Field("title", "str"),
    Field("change_idea", "str"),
    Field("parent", "str"),
    Field("purpose", "str", choices=m.CYCLE_PURPOSES),
    Field("start", "date"),
    Field("end", "date"),
    Field("scale", "str"),
    Field("scale_people", "int"),
    Field("scale_sites", "int"),
    Field("scale_days", "int"),
    Field("owner", "str"),
    Field("status", "str", choices=m.CYCLE_STATUSES, default="planned"),
    Field(
        "plan",
        "table",
        (
            Field("objective", "str"),
            Field("predicted_on", "date"),
            Field("who", "str"),
            Field("what", "str"),
            Field("where", "str"),
            Field("when", "str"),
            Field("data", "str"),
            Field(
                "questions",
                "tables",
                (Field("question", "str"), Field("prediction", "str"), Field("result", "str")),
            ),
        ),
    ),
    Field(
        "do",
        "table",
        (Field("as_planned", "bool"), Field("observations", "str"), Field("problems", "str")),
    ),
    Field("study", "table", (Field("studied_on", "date"), Field("learning", "str"))),
    Field(
        "act",
        "table",
        (Field("decision", "str", choices=m.DECISIONS), Field("next_steps", "str")),
    ),
)
_FIELD = {f.key: f for f in CYCLE_FIELDS}
_SCALE_NUMBERS = tuple(f.key for f in CYCLE_FIELDS if f.kind == "int")  # scale_people…


def _read_cycle(path: Path, problems: list[Problem], text: str) -> m.Cycle | None:
    opened = _Reader.open(path, text, problems, CYCLE_FIELDS)
    if opened is None:
        return None
    data, r = opened
    c = m.Cycle(id=path.stem, **r.read(data, CYCLE_FIELDS, check=False))
    if not c.label.strip():
        r.problem("missing 'label' (what the team calls the cycle, e.g. 1a)", None, "label")
    c.label = c.label or path.stem
    for k in _SCALE_NUMBERS:
        number = getattr(c, k)
        if number is not None and number < 0:
            r.problem(f"'{k}' cannot be negative; got {number}", None, k)
            setattr(c, k, None)
    if c.start and c.end and c.end < c.start:
        r.problem(f"'end' ({c.end}) is before 'start' ({c.start})", None, "end")
    plan_field = _FIELD["plan"]
    plan = r.value(data, plan_field)
    c.plan = m.Plan(**r.read(plan, plan_field.fields, "plan"))
    questions = plan_field.sub("questions")
    for i, q in enumerate(r.value(plan, questions, "plan")):
        c.plan.questions.append(m.Question(**r.read(q, questions.fields, "plan.questions", i)))
    c.do = m.Do(**_table(r, data, "do"))
    c.study = m.Study(**_table(r, data, "study"))
    c.act = m.Act(**_table(r, data, "act"))
    return c


def _table(r: _Reader, data: dict[str, Any], key: str) -> dict[str, Any]:
    """The values of the ``[key]`` table, by its field table."""
    table = _FIELD[key]
    return r.read(r.value(data, table), table.fields, key)


def cycle_text(c: m.Cycle) -> str:
    """cycles/<id>.toml's text, in the order of :data:`CYCLE_FIELDS`."""
    return file_text(c, CYCLE_FIELDS)
