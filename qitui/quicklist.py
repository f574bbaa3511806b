"""Project titles read fast, for Home's first screenful: each project.toml's top-level
``title = "..."`` line, found by a regular expression rather than by parsing the file.

A person waits for the titles, not for the aim, the scores or the analysis: Home shows these
rows in its first frame and fills in the rest as :mod:`qitui.portfolio` reads each project
(which also replaces any title read here by the parsed one, and reports a broken file).
Imports nothing heavy (no TOML parser, no store): it runs before the first frame.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qitui.folders import PROJECT_FILE

#: a top-level ``title = "..."`` (a basic string on one line), before any [table]
_TITLE = re.compile(rb'^title[ \t]*=[ \t]*"((?:[^"\\\r\n]|\\.)*)"[ \t]*(?:#[^\n]*)?\r?$', re.M)
_TABLE = re.compile(rb"^[ \t]*\[", re.M)
#: bytes of project.toml read for the title (it is among the first keys)
HEAD = 4096


def quick_title(folder: Path) -> str | None:
    """The title in ``folder``'s project.toml, or None when it cannot be told this way (no
    such file, the title further down or written otherwise): the full read will say."""
    try:
        with open(folder / PROJECT_FILE, "rb") as f:
            head = f.read(HEAD)
    except OSError:
        return None
    found = _TITLE.search(head)
    if found is None:
        return None
    table = _TABLE.search(head, 0, found.start())
    if table is not None:
        return None  # the title of some table, not the project's
    raw = found[1]
    try:
        if b"\\" not in raw:
            return raw.decode("utf-8")
        import json  # TOML's basic-string escapes are JSON's, bar \e and \UXXXXXXXX

        if b"\\e" in raw or b"\\U" in raw:
            return None
        return json.loads(b'"' + raw + b'"')
    except (UnicodeDecodeError, ValueError):
        return None


class Listed:
    """A project as Home's first frame shows it: its folder and title, nothing else yet.
    Answers what Home asks of a :class:`qitui.portfolio.Summary` (a plain class: a dataclass
    costs a millisecond to define, before the first frame)."""

    quick = True
    project: Any = None
    full = False
    last_entry: Any = None
    flagged: Any = None

    def __init__(self, path: Path, listed_title: str | None) -> None:
        self.path = path
        self.listed_title = listed_title
        self.problems: list[Any] = []

    @property
    def key(self) -> str:
        return str(self.path)

    @property
    def title(self) -> str:
        return self.listed_title or self.path.name

    @property
    def errors(self) -> list[Any]:
        return []

    def score_history(self, last: int) -> list[float]:
        return []

    def signal_count(self) -> int | None:
        return None


def quick_list(folders: list[Path]) -> list[Listed]:
    """A :class:`Listed` for each of ``folders``, in the same order."""
    return [Listed(folder, quick_title(folder)) for folder in folders]
