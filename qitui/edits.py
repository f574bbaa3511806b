"""Snapshots of model objects, so that an edit that could not be written is undone.

:meth:`qitui.store.ProjectStore.edit` takes a snapshot, applies the change, writes the file and,
if anything fails, restores the snapshot: what the app shows never claims a save that did not
happen. No Textual here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from qitui import model as m
from qitui.store.project import PROJECT_FIELDS

#: The fields of a Project that live in project.toml (what ``save_project`` writes).
PROJECT_FILE_FIELDS = tuple(f.name for f in PROJECT_FIELDS)

Restore = Callable[[], None]


def snapshot_project(project: m.Project) -> Restore:
    """Undo any change to what project.toml holds."""
    saved = {f: copy.deepcopy(getattr(project, f)) for f in PROJECT_FILE_FIELDS}

    def restore() -> None:
        for key, value in saved.items():
            setattr(project, key, value)

    return restore


def snapshot_item(item: Any, items: list[Any]) -> Restore:
    """Undo any change to a measure, cycle or note, and take it out of ``items`` again if it
    was not there (a new item whose first save failed)."""
    saved = copy.deepcopy(item.__dict__)
    was_in = any(x is item for x in items)

    def restore() -> None:
        item.__dict__.clear()
        item.__dict__.update(saved)
        if not was_in:
            items[:] = [x for x in items if x is not item]

    return restore
