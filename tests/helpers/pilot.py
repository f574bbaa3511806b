"""Driving the app in tests: wait for Home's rows, read them, let a chart settle, and a bare
app that opens the chart screen. Waits are on conditions (an event, a bounded count of
frames), never on the clock."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, TextArea
from textual.worker import WorkerCancelled, WorkerFailed

from qitui.screens.chart import ChartScreen
from qitui.store import ProjectStore

#: How many frames a condition may take before a test says it never came.
FRAMES = 200
#: Seconds after which a wait is a hang (a guard only: no test passes or fails by speed).
HANG = 120


async def home_loaded(pilot: Any, timeout: float = HANG) -> None:
    """Wait until Home has read every project and shown the rows (it loads in a worker).
    The timeout only turns a hang into a failure; nothing is asserted about time."""
    from qitui.screens.home import HomeScreen

    home = next(s for s in pilot.app.screen_stack if isinstance(s, HomeScreen))
    await asyncio.wait_for(home.loaded_event.wait(), timeout)
    await pilot.pause()


def _on_screen(node: object, screen: object) -> bool:
    try:
        return node is screen or getattr(node, "screen", None) is screen
    except Exception:  # a node no longer mounted
        return False


async def screen_workers_done(pilot: Pilot) -> None:
    """Wait until the workers of the screen on top (and of its widgets) have ended, well or
    not. A worker of a screen below (a flow awaiting the dialog on top) is not waited for."""
    app = pilot.app
    screen = app.screen
    for worker in [w for w in app.workers if w.is_running and _on_screen(w.node, screen)]:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):  # the app reports those
            await worker.wait()


async def key_settled(pilot: Pilot) -> None:
    """Let a key's work finish: the top screen's workers (not a flow below awaiting the
    dialog on top: it never does), animations, and what was scheduled after a refresh."""
    for _ in range(3):
        await screen_workers_done(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()


def settled_after(keys: list[str]) -> Callable[[Pilot], Awaitable[None]]:
    """Home loaded, then each key pressed and its work finished (workers, focus moves made
    after a refresh) before the next: a snapshot never depends on the machine's speed."""

    async def run_before(pilot: Pilot) -> None:
        await home_loaded(pilot)
        for key in keys:
            await pilot.press(key)
            await key_settled(pilot)

    return run_before


async def until(pilot: Pilot, condition: Callable[[], bool], what: str = "") -> None:
    """Let the app run until ``condition()`` holds, then draw: between checks the top screen's
    workers finish and one frame passes (at most FRAMES frames, so a hang fails, however
    slow the machine)."""
    for _ in range(FRAMES):
        if condition() or not pilot.app.is_running:
            break
        await screen_workers_done(pilot)
        await pilot.pause()
    assert condition(), f"never happened: {what or condition}"
    if pilot.app.is_running:
        await pilot.pause()  # drawn


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def pushed(pilot: Pilot, make: Callable[[Any], ScreenT]) -> ScreenT:
    """Push the screen ``make(store)`` (``store``: the one of the screen on top) over what
    is shown, and return it once it is on top and drawn."""
    app = pilot.app
    await pilot.pause()
    screen = make(app.screen.store)
    await app.push_screen(screen)
    await pilot.pause()
    assert app.screen is screen
    return screen


def _field_text(pilot: Pilot) -> str:
    focused = pilot.app.focused
    return str(getattr(focused, "value", None) or getattr(focused, "text", "") or "")


async def typed(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the focused field as a terminal sends typed text: the same key
    events as ``pilot.press(*text)``, back to back, then wait until the field holds it (the
    pilot's ``press`` waits for the app to go idle twice after every character, and each
    character draws a frame of its own)."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    before = _field_text(pilot)
    for character in text:
        event = events.Key(_character_to_key(character), character)
        event.set_sender(app)
        app._driver.send_message(event)

    def holds() -> bool:
        now = _field_text(pilot)
        return text in now and len(now) >= len(before) + len(text)

    await until(pilot, holds, f"{text!r} typed into {app.focused}")


async def refuses_typing(pilot: Pilot, area: TextArea, screen: Any) -> None:
    """A read-only text area: text typed into it goes nowhere, and ``screen`` stays clean."""
    assert area.read_only, f"{area.id} is not read-only"
    area.focus()
    await pilot.press(*"typed")
    assert "typed" not in area.text, f"typed into {area.id}: {area.text!r}"
    assert not screen.is_dirty(), f"{screen} is dirty after typing into {area.id}"


async def to_measure(pilot: Pilot) -> None:
    """From Home to the first project's first measure, each key once its screen is there."""
    from qitui.screens.measure import MeasureScreen
    from qitui.screens.measures import MeasuresScreen
    from qitui.screens.project import ProjectScreen

    for key, kind in (("enter", ProjectScreen), ("m", MeasuresScreen), ("enter", MeasureScreen)):
        await pilot.press(key)
        await until(pilot, lambda kind=kind: isinstance(pilot.app.screen, kind), kind.__name__)


async def palette_searched(pilot: Pilot) -> None:
    """Wait until the command palette is open and has finished searching for what was typed
    (its search runs in a worker: wait for that worker, not for a while)."""
    from textual.command import CommandPalette

    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    palette = pilot.app.screen
    await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if w.node is palette])
    await pilot.pause()


def home_rows(app: App[Any]) -> list[list[str]]:
    """The cells of Home's project table, as text."""
    table = app.screen.query_one("#projects", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def home_intro(app: App[Any]) -> str:
    """Home's line above the table (counts, sort, filter, loading)."""
    return str(app.screen.query_one("#home-where").render())


async def settle(pilot: Pilot) -> None:
    """Let the plot lay out, the legend follow, and the plot re-fit before the snapshot."""
    for _ in range(4):
        await pilot.pause()


class ChartApp(App[None]):
    """A bare app that opens the chart screen over a placeholder screen."""

    def __init__(self, store: ProjectStore, measure_id: str) -> None:
        super().__init__()
        self.store = store
        self.measure_id = measure_id

    def on_mount(self) -> None:
        self.push_screen(ChartScreen(self.store, self.measure_id))

    def is_read_only(self, store: ProjectStore | None = None) -> bool:
        """What a screen on qitui's common base asks of the app."""
        return False
