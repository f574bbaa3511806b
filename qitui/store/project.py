"""project.toml <-> :class:`qitui.model.Project`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import Field, _Reader, allowed_keys, field_keys
from qitui.tomlio import (
    SCHEMA,
    Doc,
)

# --------------------------------------------------------------------------- project.toml

#: project.toml, in file order: drives the allowed keys, the reading checks and the writing
PROJECT_FIELDS: tuple[Field, ...] = (
    Field("title", "str"),
    Field("status", "str"),
    Field("start", "date"),
    Field("description", "str"),
    Field("collaborative", "str"),
    Field("aim", "table", ("what", "how_much", "by_when", "for_whom", "where", "statement")),
    Field("aim_history", "tables", ("date", "statement", "reason")),
    Field("team", "tables", ("name", "role")),
    Field("scores", "tables", ("date", "score", "justification")),
    Field("scale", "tables", ("score", "meaning")),
    Field("drivers", "tables", ("id", "name", "kind", "parents", "description")),
    Field("change_ideas", "tables", ("id", "name", "drivers", "description")),
)
_PROJECT_KEYS = allowed_keys(PROJECT_FIELDS)
_AIM_KEYS = field_keys(PROJECT_FIELDS, "aim")


def _read_project(slug: str, path: Path, problems: list[Problem], text: str) -> m.Project | None:
    opened = _Reader.open(path, text, problems, _PROJECT_KEYS)
    if opened is None:
        return None
    data, r = opened
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
        r.check_keys(row, set(field_keys(PROJECT_FIELDS, "aim_history")), "aim_history", i)
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
        r.check_keys(row, set(field_keys(PROJECT_FIELDS, "team")), "team", i)
        name = r.get(row, "name", "str", "team", i, default="")
        if not name.strip():
            r.problem("a team member needs a 'name'", "team", None, i)
        p.team.append(m.TeamMember(name, r.get(row, "role", "str", "team", i, default="")))
    for i, row in enumerate(r.get(data, "scores", "tables", default=[])):
        r.check_keys(row, set(field_keys(PROJECT_FIELDS, "scores")), "scores", i)
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
        r.check_keys(row, set(field_keys(PROJECT_FIELDS, "scale")), "scale", i)
        score = r.get(row, "score", "number", "scale", i)
        if score is not None:
            p.scale.append(
                m.ScaleLevel(score, r.get(row, "meaning", "str", "scale", i, default=""))
            )
    for i, row in enumerate(r.get(data, "drivers", "tables", default=[])):
        r.check_keys(row, set(field_keys(PROJECT_FIELDS, "drivers")), "drivers", i)
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
        r.check_keys(row, set(field_keys(PROJECT_FIELDS, "change_ideas")), "change_ideas", i)
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
        for named in c.drivers:
            if p.driver(named) is None:
                r.problem(
                    f"change idea '{c.id}' names a driver '{named}' that does not exist",
                    "change_ideas",
                    "drivers",
                    i,
                )


def project_text(p: m.Project) -> str:
    """project.toml's text, in the order of :data:`PROJECT_FIELDS`."""
    top: list[tuple[str, Any]] = [("schema", SCHEMA)]
    for f in PROJECT_FIELDS:
        if f.kind not in ("table", "tables"):
            value = getattr(p, f.key)
            top.append((f.key, None if f.key == "status" and value == "active" else value))
    doc = Doc().top(top)
    for f in PROJECT_FIELDS:
        if f.kind == "table":
            doc.table(f.key, [(k, getattr(getattr(p, f.key), k)) for k in f.keys])
        elif f.kind == "tables":
            rows = ([(k, getattr(item, k)) for k in f.keys] for item in getattr(p, f.key))
            doc.array_of_tables(f.key, rows)
    return doc.text()
