"""Where projects are: a folder of project folders, or one project folder.

Kept apart from :mod:`qitui.store` (which re-exports these) so that the app can tell what it
was opened on without importing the store before its first frame."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_FILE = "project.toml"


def is_project_dir(path: Path) -> bool:
    """A folder holding a ``project.toml`` (of any kind: a broken one is reported, not
    mistaken for a folder of projects)."""
    return os.path.lexists(Path(path) / PROJECT_FILE) and Path(path).is_dir()


def discover(path: Path) -> list[Path]:
    """Project folders at ``path``: the folder itself if it is a project, else its
    sub-folders (hidden ones skipped), sorted by name."""
    path = Path(path)
    if is_project_dir(path):
        return [path]
    if not path.is_dir():
        return []
    with os.scandir(path) as entries:  # is_dir() from the listing: no stat per folder
        return sorted(
            Path(e.path) for e in entries if e.is_dir() and not e.name.startswith((".", "_"))
        )
