"""Problems with a project folder's layout that a loader would otherwise skip in silence.

:mod:`qitui.store` reads the regular ``*.toml`` files of ``measures/``, ``cycles/`` and
``notes/``. Anything else that looks meant to be one of them is reported here, so that no
data vanishes without a word: a ``measures`` that is a file, a ``cycles/x.TOML``, a
``x.toml`` that is a folder, a pipe or a symlink loop. Also the checks that need the whole
project: two cycles with one label or one number (as two branches that each add "the next
cycle" merge into).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from qitui import model as m

FOLDERS = ("measures", "cycles", "notes")

#: (path, line, message): the store wraps them as its problems.
Found = tuple[Path, int, str]


def file_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (None when it is one)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            if exc.errno == 40:  # ELOOP
                return "a symlink loop"
            return "a symlink to nothing"
        return f"unreadable ({exc.strerror or exc})"
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    if stat.S_ISFIFO(st.st_mode):
        return "a pipe (FIFO)"
    return "a device or socket"


def folder_problems(root: Path) -> list[Found]:
    """Entries of a project folder that qitui cannot read and would otherwise not mention."""
    found: list[Found] = []
    for name in FOLDERS:
        folder = root / name
        if not os.path.lexists(folder):
            continue
        what = file_kind(folder)
        if what is None:
            found.append((folder, 0, f"'{name}' is a file; it must be a folder of .toml files"))
            continue
        if what != "a folder":
            found.append((folder, 0, f"'{name}' is {what}; it must be a folder of .toml files"))
            continue
        try:
            with os.scandir(folder) as listing:  # types from the listing: no stat per file
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.append((folder, 0, f"cannot list the folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            name_ = entry.name
            if name_.startswith("."):  # hidden files and the temporary files of saves
                continue
            path = folder / name_
            if name_.lower().endswith(".toml") and not name_.endswith(".toml"):
                found.append(
                    (
                        path,
                        0,
                        f"qitui reads only names ending in .toml: rename it to {name_[:-5]}.toml",
                    )
                )
            elif name_.endswith(".toml") and not _is_file(entry):
                found.append((path, 0, f"is {file_kind(path)}, not a file: it cannot be read"))
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def name_problem(file: Path, what: str) -> str | None:
    """A file whose name cannot be a qitui id (the app could never save it back)."""
    if m.is_slug(file.stem):
        return None
    example = {"measure": "on-time.toml", "cycle": "003-phone-call.toml"}.get(what, "a-note.toml")
    return (
        f"{what} file name must be lower-case letters, digits and -, at most "
        f"{m.MAX_SLUG} characters (e.g. {example}); rename it to {m.slugify(file.stem)}.toml"
    )


def duplicate_cycles(cycles: list[m.Cycle], folder: Path) -> list[tuple[m.Cycle, str, str]]:
    """Cycles that repeat an earlier cycle's label (an error: ramps and charts name cycles
    by label) or number (a warning): (cycle, level, message)."""
    out: list[tuple[m.Cycle, str, str]] = []
    labels: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for c in sorted(cycles, key=lambda c: c.id):
        label = c.label.strip().casefold()
        if label in labels:
            out.append(
                (
                    c,
                    "error",
                    f"cycle label '{c.label}' is also used by "
                    f"{folder.name}/{labels[label]}.toml (after a merge? give one the next label)",
                )
            )
        else:
            labels[label] = c.id
        number = c.id.split("-", 1)[0]
        if number.isdigit():
            if number in numbers:
                out.append(
                    (
                        c,
                        "warning",
                        f"cycle number {number} is also used by "
                        f"{folder.name}/{numbers[number]}.toml (after a merge? renumber this file)",
                    )
                )
            else:
                numbers[number] = c.id
    return out
