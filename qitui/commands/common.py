"""What the commands share: the one-line error, opening a project to change it, finding a
measure by id or name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qitui import model as m
    from qitui.store import ProjectStore


class CommandError(Exception):
    """A failure worth one line on stderr (exit 1)."""


def open_store(folder: Path) -> ProjectStore:
    from qitui.cliguard import project_folder
    from qitui.store import ProjectStore, load_project

    loaded = load_project(project_folder(folder))
    if loaded.project is None or loaded.errors:
        lines = "\n".join(str(p) for p in loaded.errors)
        raise CommandError(f"{folder}: the project has problems; fix them first:\n{lines}")
    return ProjectStore(loaded)


def find_measure(project: m.Project, key: str) -> m.Measure | None:
    return next(
        (x for x in project.measures if x.id == key or x.name.casefold() == key.casefold()),
        None,
    )
