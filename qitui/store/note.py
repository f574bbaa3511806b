"""notes/<id>.toml <-> :class:`qitui.model.Note`."""

from __future__ import annotations

from pathlib import Path

from qitui import model as m
from qitui.store.problems import Problem
from qitui.store.schema import Field, _Reader, file_text

# --------------------------------------------------------------------------- notes


#: notes/<id>.toml, in written order: drives the allowed keys, the reading checks and the writing
NOTE_FIELDS: tuple[Field, ...] = (
    Field("author", "str"),
    Field("date", "date"),
    Field("about", "str", default="project", implicit=True),
    Field("text", "str"),
)


def _read_note(path: Path, problems: list[Problem], text: str) -> m.Note | None:
    opened = _Reader.open(path, text, problems, NOTE_FIELDS)
    if opened is None:
        return None
    data, r = opened
    values = r.read(data, NOTE_FIELDS, check=False)
    if values["date"] is None:
        r.problem("a note needs a 'date'", None, "date")
        return None
    return m.Note(id=path.stem, **values)


def note_text(n: m.Note) -> str:
    """notes/<id>.toml's text, in the order of :data:`NOTE_FIELDS`."""
    return file_text(n, NOTE_FIELDS)
