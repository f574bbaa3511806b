"""notes/<id>.toml <-> :class:`qitui.model.Note`."""

from __future__ import annotations

from pathlib import Path

from qitui import model as m
from qitui import store as store_package  # parse & co. looked up late: see the package docstring
from qitui.store.problems import Problem
from qitui.store.schema import _Reader
from qitui.tomlio import (
    SCHEMA,
    Doc,
    FileProblem,
)

# --------------------------------------------------------------------------- notes


def _read_note(path: Path, problems: list[Problem], text: str) -> m.Note | None:
    try:
        data, text = store_package.parse(path, text)
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
