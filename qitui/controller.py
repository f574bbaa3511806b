"""What a screen's request does: the one place that maps :mod:`qitui.messages` to screen
classes and shared flows (screens never import screens).

The app hands every :class:`~qitui.messages.ScreenRequest` to :func:`handle`. Screens are
imported when first opened, so that the first frame costs no more than Home.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial, singledispatch
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from qitui import messages as msg
from qitui.safetext import visible

if TYPE_CHECKING:
    from qitui.app import QituiApp
    from qitui.screens.base import QituiScreen
    from qitui.store import ProjectStore

#: section -> (palette title, help); the palette's "Go:" entries, in this order
GO_TITLES = {
    "project": ("Go: project overview", "The aim and every section of the project"),
    "aim": ("Go: aim", "Aim, team and progress score"),
    "measures": ("Go: measures", "The family of measures and their data"),
    "changes": ("Go: changes", "Driver diagram and change ideas"),
    "cycles": ("Go: cycles", "PDSA cycles grouped in ramps"),
    "notes": ("Go: notes", "Review notes"),
}


def section_screen(section: str) -> Callable[[ProjectStore], QituiScreen]:
    """The screen class of a section of a project (called with the project's store)."""
    if section == "project":
        from qitui.screens.project import ProjectScreen

        return ProjectScreen
    if section == "aim":
        from qitui.screens.aim import AimScreen

        return AimScreen
    if section == "measures":
        from qitui.screens.measures import MeasuresScreen

        return MeasuresScreen
    if section == "changes":
        from qitui.screens.changes import ChangesScreen

        return ChangesScreen
    if section == "cycles":
        from qitui.screens.cycles import CyclesScreen

        return CyclesScreen
    if section == "notes":
        from qitui.screens.notes import NotesScreen

        return NotesScreen
    raise ValueError(f"no section {section!r}")


def destinations() -> list[tuple[str, str, Callable[[ProjectStore], QituiScreen]]]:
    """(palette title, help, screen class) of each section, in :data:`GO_TITLES` order."""
    return [(*GO_TITLES[name], section_screen(name)) for name in msg.SECTIONS]


def go_commands(app: QituiApp, store: ProjectStore, here: Screen[Any]) -> Iterable[SystemCommand]:
    """The palette's "Go:" entries to the sections of ``store``'s project (not to the screen
    you are on), then a "Charts:" entry per measure."""
    for title, help_text, factory in destinations():
        if type(here) is factory:
            continue
        yield SystemCommand(title, help_text, partial(_push, app, factory, store))
    for meas in store.project.measures_in_order():
        yield SystemCommand(
            visible(f"Charts: {meas.name}"),
            visible(f"Chart of {meas.name} with PDSA marks"),
            partial(open_chart, app, store, meas.id),
            discover=False,
        )


def _push(app: QituiApp, factory: Callable[[ProjectStore], Screen[Any]], store: Any) -> None:
    app.push_screen(factory(store))


def open_project(app: QituiApp, store: ProjectStore) -> None:
    from qitui.screens.project import ProjectScreen

    app.push_screen(ProjectScreen(store))


def open_chart(app: QituiApp, store: ProjectStore, measure_id: str) -> None:
    """The chart screen; a chart that fails to build says so instead of closing the app."""
    try:
        from qitui.screens.chart import ChartScreen
    except ImportError:
        app.notify("Charts not available in this build.", severity="warning")
        return
    try:
        app.push_screen(ChartScreen(store, measure_id))
    except Exception as exc:  # a broken chart must not take the workbook down
        app.notify(f"Chart failed: {exc}", severity="error")


# ---------------------------------------------------------------------- requests
def in_front(app: QituiApp, screen: Screen[Any]) -> bool:
    """Whether ``screen`` is the page in front (dialogs over it aside): a request from a
    screen that an Escape of the same burst of keys has closed, or that another page now
    covers, is dropped."""
    page = next((s for s in reversed(app.screen_stack) if not s.is_modal), None)
    return page is screen


@singledispatch
def handle(request: msg.ScreenRequest, app: QituiApp) -> None:
    """Do what ``request`` asks (registered below, one function per message)."""
    raise TypeError(f"no handler for {type(request).__name__}")


@handle.register(msg.GoToSection)
def _go(request: msg.GoToSection, app: QituiApp) -> None:
    _push(app, section_screen(request.section), request.origin.store)


@handle.register(msg.OpenProject)
def _project(request: msg.OpenProject, app: QituiApp) -> None:
    open_project(app, request.store)


@handle.register(msg.OpenMeasure)
def _measure(request: msg.OpenMeasure, app: QituiApp) -> None:
    from qitui.screens.measure import MeasureScreen

    app.push_screen(MeasureScreen(request.origin.store, request.measure_id))


@handle.register(msg.OpenChart)
def _chart(request: msg.OpenChart, app: QituiApp) -> None:
    open_chart(app, request.origin.store, request.measure_id)


@handle.register(msg.OpenCycles)
def _cycles(request: msg.OpenCycles, app: QituiApp) -> None:
    from qitui.screens.cycles import CyclesScreen

    app.push_screen(CyclesScreen(request.origin.store, focus_idea=request.focus_idea))


@handle.register(msg.OpenCycle)
def _cycle(request: msg.OpenCycle, app: QituiApp) -> None:
    from qitui.screens.cycle import CycleScreen

    app.push_screen(CycleScreen(request.origin.store, request.cycle_id))


@handle.register(msg.OpenReview)
def _review(request: msg.OpenReview, app: QituiApp) -> None:
    from qitui.screens.review import ReviewScreen

    app.push_screen(ReviewScreen(request.root))


@handle.register(msg.OpenCollaborative)
def _collaborative(request: msg.OpenCollaborative, app: QituiApp) -> None:
    from qitui.screens.collaborative import CollaborativeScreen

    app.push_screen(CollaborativeScreen(request.root, request.collaborative))


@handle.register(msg.StartCycle)
def _start_cycle(request: msg.StartCycle, app: QituiApp) -> None:
    from qitui.flows.cycles import start_cycle

    start_cycle(request.origin, request.idea_id)


@handle.register(msg.NextCycle)
def _next_cycle(request: msg.NextCycle, app: QituiApp) -> None:
    from qitui.flows.cycles import next_cycle

    next_cycle(request.origin, request.parent_id)


@handle.register(msg.AddNote)
def _note(request: msg.AddNote, app: QituiApp) -> None:
    from qitui.flows.notes import add_note

    add_note(request.origin, request.about)


@handle.register(msg.OpenSettings)
def _settings(request: msg.OpenSettings, app: QituiApp) -> None:
    from qitui.flows.project_settings import open_settings

    open_settings(request.origin)


@handle.register(msg.ImportIntoMeasure)
def _import(request: msg.ImportIntoMeasure, app: QituiApp) -> None:
    from qitui.flows.measure_import import import_into_measure
    from qitui.widgets.flow import flow

    @flow
    async def import_data(screen: QituiScreen) -> None:  # a worker of the screen
        if await import_into_measure(screen, request.measure_id):
            screen.refresh_view()

    import_data(request.origin)
