"""What a screen asks of the rest of the app: typed Textual messages (as Harlequin's).

Screens never import screens. A screen that wants another screen, or a workflow shared by
several screens (start a cycle, add a note…), posts one of these requests; it bubbles up to
the app, which hands it to :mod:`qitui.controller`, the one place that maps a request to a
screen class or a flow. ``origin`` is the screen that asks: a flow's dialog saves through its
store and refreshes it. A request whose origin is no longer the screen in front (left by an
Escape of the same burst of keys) is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from qitui.screens.base import QituiScreen
    from qitui.store import ProjectStore

#: the sections of a project, as the Overview and the palette's "Go:" entries name them
SECTIONS = ("project", "aim", "measures", "changes", "cycles", "notes")


class ScreenRequest(Message):
    """Base of every request: handled by the app (see :mod:`qitui.controller`)."""

    #: the request opens a dialog: keys typed after it are held for it (qitui.widgets.type_ahead)
    OPENS_DIALOG = False

    def __init__(self, origin: QituiScreen) -> None:
        super().__init__()
        self.origin = origin


# ---------------------------------------------------------------------- open a screen
class GoToSection(ScreenRequest):
    """Open a section of the origin's project, one of :data:`SECTIONS`."""

    def __init__(self, origin: QituiScreen, section: str) -> None:
        super().__init__(origin)
        self.section = section


class OpenProject(ScreenRequest):
    """Open a project's Overview (from Home, the review or the collaborative)."""

    def __init__(self, origin: QituiScreen, store: ProjectStore) -> None:
        super().__init__(origin)
        self.store = store


class OpenMeasure(ScreenRequest):
    """Open one measure (its data and definition)."""

    def __init__(self, origin: QituiScreen, measure_id: str) -> None:
        super().__init__(origin)
        self.measure_id = measure_id


class OpenChart(ScreenRequest):
    """Open the chart screen on a measure."""

    def __init__(self, origin: QituiScreen, measure_id: str) -> None:
        super().__init__(origin)
        self.measure_id = measure_id


class OpenCycles(ScreenRequest):
    """Open the PDSA cycles, the cursor on a change idea's ramp."""

    def __init__(self, origin: QituiScreen, focus_idea: str | None = None) -> None:
        super().__init__(origin)
        self.focus_idea = focus_idea


class OpenCycle(ScreenRequest):
    """Open one cycle's PDSA worksheet."""

    def __init__(self, origin: QituiScreen, cycle_id: str) -> None:
        super().__init__(origin)
        self.cycle_id = cycle_id


class OpenReview(ScreenRequest):
    """Open "what changed since the last review" for a folder of projects."""

    def __init__(self, origin: QituiScreen, root: Path) -> None:
        super().__init__(origin)
        self.root = root


class OpenCollaborative(ScreenRequest):
    """Open a collaborative's projects side by side (``collaborative`` None: the first)."""

    def __init__(self, origin: QituiScreen, root: Path, collaborative: str | None) -> None:
        super().__init__(origin)
        self.root = root
        self.collaborative = collaborative


# ---------------------------------------------------------------------- shared flows
class StartCycle(ScreenRequest):
    """Start a cycle on a change idea (the next of its ramp when it has one)."""

    OPENS_DIALOG = True

    def __init__(self, origin: QituiScreen, idea_id: str) -> None:
        super().__init__(origin)
        self.idea_id = idea_id


class NextCycle(ScreenRequest):
    """Start the next cycle of a ramp after ``parent_id``, its Act carried into the Plan."""

    OPENS_DIALOG = True

    def __init__(self, origin: QituiScreen, parent_id: str) -> None:
        super().__init__(origin)
        self.parent_id = parent_id


class AddNote(ScreenRequest):
    """Write a review note about ``about`` (``project``, ``measure:…``, ``point:…``, …)."""

    OPENS_DIALOG = True

    def __init__(self, origin: QituiScreen, about: str = "project") -> None:
        super().__init__(origin)
        self.about = about


class OpenSettings(ScreenRequest):
    """The project settings dialog (title, description, start, status, collaborative)."""

    OPENS_DIALOG = True


class ImportIntoMeasure(ScreenRequest):
    """Import a CSV or Excel file into a measure, after a preview."""

    OPENS_DIALOG = True

    def __init__(self, origin: QituiScreen, measure_id: str) -> None:
        super().__init__(origin)
        self.measure_id = measure_id
