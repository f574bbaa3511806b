"""cycles/<NNN-slug>.toml <-> :class:`qitui.model.Cycle`."""

from __future__ import annotations

from pathlib import Path

from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import _Reader
from qitui.tomlio import (
    SCHEMA,
    Doc,
)

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
    opened = _Reader.open(path, text, problems, _CYCLE_KEYS)
    if opened is None:
        return None
    data, r = opened
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
