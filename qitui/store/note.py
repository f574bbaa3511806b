"""notes/<id>.toml <-> :class:`qitui.model.Note`."""

from __future__ import annotations

from pathlib import Path

from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import _Reader
from qitui.tomlio import (
    SCHEMA,
    Doc,
)

# --------------------------------------------------------------------------- notes


def _read_note(path: Path, problems: list[Problem], text: str) -> m.Note | None:
    opened = _Reader.open(path, text, problems, {"schema", "author", "date", "about", "text"})
    if opened is None:
        return None
    data, r = opened
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
