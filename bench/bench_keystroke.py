"""Keystroke benchmarks: how long one key takes to be handled and drawn, on a large project.

Run: ``.venv/bin/python bench/bench_keystroke.py [--runs N] [--only TEXT] [--profile TEXT]``.

The app runs headless (``App.run_test(size=(120, 40))``) on the project of
``bench.make_data.make_large_project`` (10 measures × 5,000 points, 300 cycles), and Home on
a portfolio of 500 small projects; a bare Textual app with a DataTable of 5,000 rows is the
reference. Each sample is one key sent the way a pilot sends it (a ``Key`` event through the
driver), timed from just before it is sent to the end of the last frame it causes: every
message it set off handled, the layout and the compositor updated and the frame turned into
terminal output. Headless Textual skips that last step, so the probe does it
(``render_segments``), to be counted as a terminal would need it.

Why not time ``await pilot.press(key)``: it sends the key, then waits for the process to look
idle twice (each wait sleeps at least 20 ms) and for the screen's message queues to drain; it
does not wait for the frame, so its wall time is mostly sleeps. (``pilot.pause()`` even draws
a frame itself, earlier than Textual's frame clock would.) Here the frames are recorded where
Textual draws them, and the pilot's sleeps are left out.

Columns: ``first``, the median time to the key's first frame; ``median`` and ``p90``, to its
last frame; ``frames``, how many frames it took, ``+n`` for frames that only redraw scroll bars
(Textual does so after any layout, a frame later, with nothing new: left out of the times);
``drawing``, the time spent in Textual's layout, compositor and output; ``CPU``, the process's
CPU time to the last frame (what the key cost, even when another job delays it). Blinking
cursors are stopped while measuring (a blink is a frame of its own, not part of a key).
``--profile`` runs cProfile over the keys of the cases whose name contains its text.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.scrollbar import ScrollBar  # noqa: E402
from textual.widgets import DataTable, Footer, Header, Input, TextArea  # noqa: E402

from bench.make_data import make_large_project, make_portfolio  # noqa: E402
from qitui.app import QituiApp, make_app  # noqa: E402

SIZE = (120, 40)
RUNS = 30  # timed keys per case
WARMUP = 5  # keys before timing starts (caches, first-time imports)
TARGET_MS = 16.0
QUIET = 0.05  # seconds without a new frame: the key is done


@dataclass
class Frame:
    wall: float  # perf_counter when the frame was drawn
    cpu: float  # process_time then
    draw: float  # seconds spent drawing it
    #: only scroll bars were redrawn, with nothing new: after any layout of a screen, Textual
    #: redraws the scroll bars of its tables (ScrollView._size_updated) in a frame of their own
    scrollbars_only: bool = False


@dataclass
class Sample:
    first: float  # seconds from the key to the end of its first frame
    wall: float  # ... to the end of its last frame: the key fully handled and shown
    cpu: float  # CPU time of the process over the same span
    draw: float  # time spent drawing its frames
    frames: int  # frames with something new in them
    scrollbar_frames: int  # frames that only redrew scroll bars (not waited for)


class FrameProbe:
    """Records every frame drawn: when, and how long drawing it took.

    Patches ``Screen._on_timer_update`` (where Textual lays out and draws a frame) before
    the app starts, and ``app._display`` so that the frame is turned into terminal output.
    """

    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self._original = Screen._on_timer_update
        probe = self

        def timed_update(screen: Screen[Any]) -> None:
            t0 = time.perf_counter()
            scrollbars_only = (
                not screen._layout_required
                and not screen._repaint_required
                and bool(screen._dirty_widgets)
                and all(isinstance(w, ScrollBar) for w in screen._dirty_widgets)
            )
            probe._drawn = False
            probe._original(screen)
            if probe._drawn:
                t1 = time.perf_counter()
                probe.frames.append(Frame(t1, time.process_time(), t1 - t0, scrollbars_only))

        self._drawn = False
        Screen._on_timer_update = timed_update  # type: ignore[method-assign]

    def attach(self, app: App[Any]) -> None:
        display = app._display

        def display_and_output(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)  # what a terminal would be sent
                self._drawn = True

        app._display = display_and_output  # type: ignore[method-assign]

    def close(self) -> None:
        Screen._on_timer_update = self._original  # type: ignore[method-assign]


def stop_blinking(app: App[Any]) -> None:
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def settle(pilot: Pilot[Any], probe: FrameProbe, quiet: float = QUIET) -> None:
    """Wait until nothing waits to be drawn and no new frame comes for ``QUIET`` s.

    Not ``pilot.pause()``: it ends by drawing a frame itself, earlier than Textual's own
    frame clock would, which would make a key that takes two frames look quicker."""
    while True:
        n = len(probe.frames)
        await asyncio.sleep(quiet)
        screen = pilot.app.screen
        pending = screen._dirty_widgets or screen._layout_required or screen._repaint_required
        if len(probe.frames) == n and not pending:
            return


async def time_key(pilot: Pilot[Any], probe: FrameProbe, key: str, quiet: float = QUIET) -> Sample:
    await settle(pilot, probe, quiet)
    first = len(probe.frames)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await settle(pilot, probe, quiet)
    frames = probe.frames[first:]
    shown = [f for f in frames if not f.scrollbars_only]
    if not shown:
        raise RuntimeError(f"the key {key!r} drew no frame")
    last = shown[-1]
    return Sample(
        shown[0].wall - wall0,
        last.wall - wall0,
        last.cpu - cpu0,
        sum(f.draw for f in frames),
        len(shown),
        len(frames) - len(shown),
    )


@dataclass
class Case:
    name: str
    key: str  # the key pressed each time, or "" to type ``text``
    reset: Callable[[], bool] | None = None  # True when the cursor must go back (untimed)
    back: Callable[[], None] | None = None  # puts it back (or empties the field)
    text: str = ""  # typed a character at a time, over and over
    #: seconds without a new frame that end a key (longer: to wait for what follows a pause)
    quiet: float = QUIET


class Runner:
    def __init__(self, runs: int, profile: str | None, only: str | None = None) -> None:
        self.runs = runs
        self.profile = profile
        self.only = only
        self.results: list[tuple[str, list[Sample]]] = []

    async def measure(self, pilot: Pilot[Any], probe: FrameProbe, case: Case) -> None:
        if self.only and self.only not in case.name:
            await pilot.press(case.text[:1] or case.key)  # leaves the screen as a run would
            await pilot.pause()
            return
        stop_blinking(pilot.app)
        samples: list[Sample] = []
        profiler = cProfile.Profile() if self.profile and self.profile in case.name else None
        keys = list(case.text) if case.text else [case.key]
        for i in range(WARMUP + self.runs):
            if case.reset is not None and case.reset():
                assert case.back is not None
                case.back()
                await settle(pilot, probe)
            if profiler is not None and i >= WARMUP:
                profiler.enable()
            sample = await time_key(pilot, probe, keys[i % len(keys)], case.quiet)
            if profiler is not None:
                profiler.disable()
            if i >= WARMUP:
                samples.append(sample)
        self.results.append((case.name, samples))
        if profiler is not None:
            print(f"\n--- cProfile: {case.name} ({self.runs} keys, pilot waits included)")
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(35)
            stats.sort_stats("tottime").print_stats(25)


def table_at_end(app: App[Any], selector: str, margin: int = 1) -> Callable[[], bool]:
    def at_end() -> bool:
        table = app.screen.query_one(selector, DataTable)
        return table.cursor_row >= table.row_count - margin

    return at_end


def table_to_top(app: App[Any], selector: str) -> Callable[[], None]:
    def top() -> None:
        app.screen.query_one(selector, DataTable).move_cursor(row=0)

    return top


def focus(app: QituiApp, selector: str) -> None:
    app.screen.query_one(selector).focus()


async def leave_discarding(pilot: Pilot[Any]) -> None:
    """Escape from a form with edits: the unsaved dialog, then discard."""
    await pilot.press("escape")
    await pilot.press("d")
    await pilot.pause()


async def project_cases(runner: Runner, folder: Path) -> None:
    from qitui.screens.home import HomeScreen

    app = make_app(folder)
    probe = FrameProbe()
    probe.attach(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen)
            await asyncio.wait_for(home.loaded_event.wait(), 60)  # its worker: not while timing
            await pilot.pause()

            await pilot.press("m")  # Measures
            await runner.measure(
                pilot,
                probe,
                Case(
                    "measures list (10 rows): Down",
                    "down",
                    table_at_end(app, "#measures"),
                    table_to_top(app, "#measures"),
                ),
            )
            await pilot.press("home", "enter")  # the first measure: 5,000 points
            await pilot.pause()
            for key, label in (("down", "Down"), ("pagedown", "PageDown")):
                await runner.measure(
                    pilot,
                    probe,
                    Case(
                        f"measure data (5,000 rows): {label}",
                        key,
                        table_at_end(app, "#points", 40),
                        table_to_top(app, "#points"),
                    ),
                )
            await pilot.press("home", "enter")  # the point editor, on the value
            await pilot.pause()
            await runner.measure(pilot, probe, Case("point editor: type a digit", "1"))
            await leave_discarding(pilot)  # typed digits: the unsaved dialog, discard
            await pilot.press("2")  # the definition tab
            await pilot.pause()
            focus(app, "#def-name")  # Tab would stop on the form itself first
            await pilot.pause()
            await runner.measure(pilot, probe, Case("measure definition: type in Name", "x"))
            focus(app, "#def-definition")
            await runner.measure(pilot, probe, Case("measure definition: type in a text area", "x"))
            await leave_discarding(pilot)  # back to Measures
            await pilot.press("escape")  # the overview

            await pilot.press("a")  # Aim
            await pilot.pause()
            await runner.measure(pilot, probe, Case("aim form: type in What", "x"))
            await leave_discarding(pilot)

            await pilot.press("c")  # Cycles
            await pilot.pause()
            for key, label in (("down", "Down"), ("pagedown", "PageDown")):
                await runner.measure(
                    pilot,
                    probe,
                    Case(
                        f"cycles list (300 cycles): {label}",
                        key,
                        table_at_end(app, "#cycles", 40),
                        table_to_top(app, "#cycles"),
                    ),
                )
            await pilot.press("home", "enter")  # the worksheet, on the title
            await pilot.pause()
            await runner.measure(pilot, probe, Case("cycle worksheet: type in Title", "x"))
            app.screen.action_goto("plan")  # type: ignore[attr-defined]
            await pilot.pause()
            focus(app, "#c-objective")
            await runner.measure(pilot, probe, Case("cycle worksheet: type in Objective", "x"))
            await leave_discarding(pilot)
    finally:
        probe.close()


class BareTable(App[None]):
    """A bare Textual app with a DataTable like the measure's data (the reference)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="bare")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Date", "Value", "Flags", "Note")
        start = date(2000, 1, 3)
        for i in range(5000):
            when = (start + timedelta(days=i)).isoformat()
            table.add_row(str(i + 1), when, str(i % 31), "", "", key=when)
        table.focus()


async def bare_cases(runner: Runner) -> None:
    app = BareTable()
    probe = FrameProbe()
    probe.attach(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key, label in (("down", "Down"), ("pagedown", "PageDown")):
                await runner.measure(
                    pilot,
                    probe,
                    Case(
                        f"bare Textual DataTable (5,000 rows): {label}",
                        key,
                        table_at_end(app, "#bare", 40),
                        table_to_top(app, "#bare"),
                    ),
                )
    finally:
        probe.close()


async def home_cases(runner: Runner, folder: Path) -> None:
    from qitui.screens.home import HomeScreen

    app = make_app(folder)
    probe = FrameProbe()
    probe.attach(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await asyncio.wait_for(home.loaded_event.wait(), 120)
            await pilot.pause()
            for key, label in (("down", "Down"), ("pagedown", "PageDown")):
                await runner.measure(
                    pilot,
                    probe,
                    Case(
                        f"Home (500 projects): {label}",
                        key,
                        table_at_end(app, "#projects", 40),
                        table_to_top(app, "#projects"),
                    ),
                )
            await pilot.press("slash")
            box = home.filter_box()

            def typed(text: str) -> Callable[[], None]:
                def put() -> None:
                    box.value = text
                    box.cursor_position = len(text)

                return put

            text = "benchmark"  # in every title: every row stays
            await runner.measure(
                pilot,
                probe,
                Case(
                    "Home filter: a letter that keeps all 500 rows",
                    "",
                    lambda: len(box.value) >= len(text),
                    typed(""),
                    text,
                ),
            )
            # folders project-000 … project-499: "project-" keeps 500 rows, "project-1" 100
            # the key is answered at once; the rows follow a pause in typing (FILTER_PAUSE):
            # "rows" times the key to the frame with the new rows, the pause included
            from qitui.screens.home import FILTER_PAUSE

            for key, before, label in (
                ("1", "project-", "a letter that narrows 500 rows to 100"),
                ("backspace", "project-1", "Backspace that widens 100 rows to 500"),
            ):
                for quiet, what in ((QUIET, "the key"), (FILTER_PAUSE + 0.1, "rows")):
                    await runner.measure(
                        pilot,
                        probe,
                        Case(
                            f"Home filter: {label}, {what}",
                            key,
                            lambda: True,
                            typed(before),
                            quiet=quiet,
                        ),
                    )
    finally:
        probe.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(results: list[tuple[str, list[Sample]]]) -> None:
    width = max(len(name) for name, _ in results)
    head = (
        f"{'case':<{width}}  {'first':>6}  {'median':>6}  {'p90':>6}  {'frames':>6}"
        f"  {'drawing':>7}  {'CPU':>6}  target  met?"
    )
    print(head)
    print("-" * len(head))
    for name, samples in results:
        walls = sorted(s.wall for s in samples)
        median = statistics.median(walls)
        p90 = walls[min(len(walls) - 1, round(0.9 * (len(walls) - 1)))]
        first = statistics.median(s.first for s in samples)
        frames = f"{statistics.median(s.frames for s in samples):g}"
        extra = statistics.median(s.scrollbar_frames for s in samples)
        if extra:
            frames += f"+{extra:g}"
        draw = statistics.median(s.draw for s in samples)
        cpu = statistics.median(s.cpu for s in samples)
        if name.endswith(", rows"):  # not a key's answer: the rows after a pause in typing
            target, met = "     —", "—"
        else:
            target = f"{TARGET_MS:4.0f} ms"
            met = "yes" if median * 1000 <= TARGET_MS else "no"
        print(
            f"{name:<{width}}  {ms(first):>6}  {ms(median):>6}  {ms(p90):>6}  {frames:>6}"
            f"  {ms(draw):>7}  {ms(cpu):>6}  {target}  {met}"
        )
    print(
        f"ms, {len(results[0][1])} keys per case. first: key sent → its first frame drawn; "
        "median, p90: → its last frame\n(every message it set off handled and shown); "
        "frames: how many it took (+ frames that only redrew scroll bars, left out of the "
        "times);\ndrawing: layout, compositor and output, every frame; CPU: this process. "
        '"…, rows": the key to the frame with the rows, the filter\'s pause included.'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="timed keys per case")
    parser.add_argument("--profile", help="cProfile the cases whose name contains this")
    parser.add_argument("--only", help="time only the cases whose name contains this")
    parser.add_argument("--no-home", action="store_true", help="skip the 500-project Home")
    args = parser.parse_args()
    runner = Runner(args.runs, args.profile, args.only)
    with tempfile.TemporaryDirectory() as tmp:
        big = make_large_project(Path(tmp) / "big")
        asyncio.run(project_cases(runner, big))
        asyncio.run(bare_cases(runner))
        if not args.no_home:
            folio = make_portfolio(Path(tmp) / "folio", projects=500)
            asyncio.run(home_cases(runner, folio))
    report(runner.results)


if __name__ == "__main__":
    main()
