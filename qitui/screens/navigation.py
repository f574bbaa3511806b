"""Where "Go:" commands lead: (palette title, help, screen factory taking the store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qitui.store import ProjectStore


def destinations() -> list[tuple[str, str, Callable[[ProjectStore], Any]]]:
    from qitui.screens.aim import AimScreen
    from qitui.screens.changes import ChangesScreen
    from qitui.screens.cycles import CyclesScreen
    from qitui.screens.measures import MeasuresScreen
    from qitui.screens.notes import NotesScreen
    from qitui.screens.project import ProjectScreen

    return [
        ("Go: project overview", "The aim and every section of the project", ProjectScreen),
        ("Go: aim", "Aim, team and progress score", AimScreen),
        ("Go: measures", "The family of measures and their data", MeasuresScreen),
        ("Go: changes", "Driver diagram and change ideas", ChangesScreen),
        ("Go: cycles", "PDSA cycles grouped in ramps", CyclesScreen),
        ("Go: notes", "Review notes", NotesScreen),
    ]
