"""project.toml <-> :class:`qitui.model.Project`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import Field, _Reader, file_text

# --------------------------------------------------------------------------- project.toml

#: project.toml, in written order: drives the allowed keys, the reading checks and the writing
PROJECT_FIELDS: tuple[Field, ...] = (
    Field("title", "str"),
    Field("status", "str", choices=m.PROJECT_STATUSES, default="active", implicit=True),
    Field("start", "date"),
    Field("description", "str"),
    Field("collaborative", "str"),
    Field(
        "aim",
        "table",
        (
            Field("what", "str"),
            Field("how_much", "str"),
            Field("by_when", "date"),
            Field("for_whom", "str"),
            Field("where", "str"),
            Field("statement", "str"),
        ),
    ),
    Field(
        "aim_history",
        "tables",
        (Field("date", "date"), Field("statement", "str"), Field("reason", "str")),
    ),
    Field("team", "tables", (Field("name", "str"), Field("role", "str"))),
    Field(
        "scores",
        "tables",
        (Field("date", "date"), Field("score", "number"), Field("justification", "str")),
    ),
    Field("scale", "tables", (Field("score", "number"), Field("meaning", "str"))),
    Field(
        "drivers",
        "tables",
        (
            Field("id", "str"),
            Field("name", "str"),
            Field("kind", "str", choices=m.DRIVER_KINDS, default="primary"),
            Field("parents", "strlist"),
            Field("description", "str"),
        ),
    ),
    Field(
        "change_ideas",
        "tables",
        (
            Field("id", "str"),
            Field("name", "str"),
            Field("drivers", "strlist"),
            Field("description", "str"),
        ),
    ),
)
_FIELD = {f.key: f for f in PROJECT_FIELDS}


def _read_project(slug: str, path: Path, problems: list[Problem], text: str) -> m.Project | None:
    opened = _Reader.open(path, text, problems, PROJECT_FIELDS)
    if opened is None:
        return None
    data, r = opened
    p = m.Project(slug=slug, **r.read(data, PROJECT_FIELDS, check=False))
    if not p.title.strip():
        r.problem("missing 'title' (every project needs a title)", None, "title")
        p.title = slug
    p.collaborative = " ".join(p.collaborative.split())
    p.aim = m.Aim(**r.read(r.value(data, _FIELD["aim"]), _FIELD["aim"].fields, "aim"))
    for i, row in _rows(r, data, "aim_history"):
        if row["date"] is None:
            r.problem("an earlier aim needs its 'date'", "aim_history", None, i)
            continue
        p.aim_history.append(m.AimRevision(**row))
    for i, row in _rows(r, data, "team"):
        if not row["name"].strip():
            r.problem("a team member needs a 'name'", "team", None, i)
        p.team.append(m.TeamMember(**row))
    for i, row in _rows(r, data, "scores"):
        score = row["score"]
        if row["date"] is None or score is None:
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
        p.scores.append(m.ProgressScore(**row))
    for _i, row in _rows(r, data, "scale"):
        if row["score"] is not None:
            p.scale.append(m.ScaleLevel(**row))
    nodes: tuple[tuple[str, str, Callable[..., Any], list[Any]], ...] = (
        ("drivers", "driver", m.Driver, p.drivers),
        ("change_ideas", "change idea", m.ChangeIdea, p.change_ideas),
    )
    for key, what, make, into in nodes:  # the driver diagram's nodes: each id a slug
        for i, row in _rows(r, data, key):
            if not m.is_slug(row["id"]):
                r.problem(
                    f"{what} id '{row['id']}' must be lower-case letters, digits and -",
                    key,
                    "id",
                    i,
                )
                continue
            into.append(make(**row))
    _check_graph(p, r)
    return p


def _rows(r: _Reader, data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each ``[[key]]`` section's values, by its field table (keys checked, problems located)."""
    table = _FIELD[key]
    for i, row in enumerate(r.value(data, table)):
        yield i, r.read(row, table.fields, key, i)


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
    return file_text(p, PROJECT_FIELDS)
