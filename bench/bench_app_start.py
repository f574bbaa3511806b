"""CPU of starting the app to Home and of opening the common screens, as the pilot tests do.

One process; each round is a fresh app (``make_app`` on the example project ``projects/``,
``App.run_test(size=(80, 24))``), as about 450 pilot tests each start one:

* ``start``: from ``make_app`` to Home's rows loaded (its worker included) and drawn;
* ``overview`` (Enter), ``aim`` (a), ``measures`` (m), ``measure`` (Enter on the first),
  ``cycles`` (c), ``changes`` (d): from the key to the screen shown and the app idle, each
  opened from the overview (Escape back is not counted);
* ``exit``: leaving ``run_test`` (the app and its screens closed).

CPU time of the process (``time.process_time``: the worker threads' too), the median of
``--runs`` rounds after ``--warmup`` rounds. Beside each, the work counted in the median
round: whole-screen layouts (``Compositor.reflow``), footer ``recompose`` calls, stylesheet
``parse`` calls and screen ``_refresh_layout`` calls. ``--shared-css``: the apps share parsed
CSS, as in the tests (tests/helpers/css_cache.py). ``--calls``: the thousands of Python function
calls of each step too (``kcalls``, under cProfile, so the times are slower): a count that
stays the same on a busy machine, where the CPU times vary by a third. ``--profile NAME`` runs
cProfile over that step of the timed rounds and prints the top functions.

Run: ``.venv/bin/python bench/bench_app_start.py [--runs 20] [--warmup 3] [--profile start]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual._compositor import Compositor  # noqa: E402
from textual.css.stylesheet import Stylesheet  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402

from qitui import app as app_module  # noqa: E402
from qitui.app import make_app  # noqa: E402
from qitui.widgets.footer import FitFooter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "projects"
SIZE = (80, 24)
TODAY = date(2026, 6, 1)
STEPS = ("start", "overview", "aim", "measures", "measure", "cycles", "changes", "exit")

counts: Counter[str] = Counter()
#: count the Python function calls of each step (--calls): slower, but the same on a busy machine
COUNT_CALLS = False


def count_work() -> None:
    """Count layouts, footer recomposes, stylesheet parses and screen layout refreshes."""
    reflow = Compositor.reflow
    recompose = FitFooter.recompose
    parse = Stylesheet.parse
    refresh_layout = Screen._refresh_layout

    def counted_reflow(self: Compositor, parent: Any, size: Any) -> Any:
        counts["layouts"] += 1
        return reflow(self, parent, size)

    async def counted_recompose(self: FitFooter) -> None:
        counts["footer"] += 1
        await recompose(self)

    def counted_parse(self: Stylesheet) -> None:
        counts["parses"] += 1
        parse(self)

    def counted_refresh_layout(self: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        counts["refresh_layout"] += 1
        return refresh_layout(self, *args, **kwargs)

    Compositor.reflow = counted_reflow  # type: ignore[method-assign]
    FitFooter.recompose = counted_recompose  # type: ignore[method-assign]
    Stylesheet.parse = counted_parse  # type: ignore[method-assign]
    Screen._refresh_layout = counted_refresh_layout  # type: ignore[method-assign]


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            break
        await pilot.pause()
    assert condition()
    await pilot.pause()


async def screen_named(pilot: Pilot[Any], key: str, name: str) -> None:
    await pilot.press(key)
    await until(pilot, lambda: type(pilot.app.screen).__name__ == name)


class Round:
    """One app's start, screens and exit, each step's CPU and counts recorded."""

    def __init__(self, profile: str | None, profiler: cProfile.Profile) -> None:
        self.cpu: dict[str, float] = {}
        self.work: dict[str, dict[str, int]] = {}
        self.profile = profile
        self.profiler = profiler

    async def step(self, name: str, action: Callable[[], Awaitable[None]]) -> None:
        counts.clear()
        profiling = self.profile == name
        calls = cProfile.Profile() if COUNT_CALLS else None
        if profiling:
            self.profiler.enable()
        elif calls is not None:
            calls.enable()
        t0 = time.process_time()
        await action()
        self.cpu[name] = time.process_time() - t0
        if profiling:
            self.profiler.disable()
        elif calls is not None:
            calls.disable()
            counts["kcalls"] = round(pstats.Stats(calls).total_calls / 1000)  # type: ignore[attr-defined]
        self.work[name] = dict(counts)

    async def run(self) -> None:
        from qitui.screens.home import HomeScreen

        holder: dict[str, Any] = {}

        async def start() -> None:
            app = make_app(PROJECTS, today=TODAY)
            holder["app"] = app
            holder["context"] = app.run_test(size=SIZE)
            pilot = await holder["context"].__aenter__()
            holder["pilot"] = pilot
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen)
            await asyncio.wait_for(home.loaded_event.wait(), 60)
            await pilot.pause()

        await self.step("start", start)
        pilot: Pilot[Any] = holder["pilot"]

        async def back(times: int = 1) -> None:
            for _ in range(times):
                await pilot.press("escape")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "ProjectScreen")

        await self.step("overview", lambda: screen_named(pilot, "enter", "ProjectScreen"))
        await self.step("aim", lambda: screen_named(pilot, "a", "AimScreen"))
        await back()
        await self.step("measures", lambda: screen_named(pilot, "m", "MeasuresScreen"))
        await self.step("measure", lambda: screen_named(pilot, "enter", "MeasureScreen"))
        await back(2)
        await self.step("cycles", lambda: screen_named(pilot, "c", "CyclesScreen"))
        await back()
        await self.step("changes", lambda: screen_named(pilot, "d", "ChangesScreen"))

        async def leave() -> None:
            await holder["context"].__aexit__(None, None, None)

        await self.step("exit", leave)


async def main(runs: int, warmup: int, profile: str | None, shared_css: bool = False) -> None:
    if shared_css:  # as the tests do (tests/conftest.py)
        from tests.helpers.css_cache import share_css_parses

        share_css_parses()
    os.environ.setdefault("XDG_STATE_HOME", tempfile.mkdtemp(prefix="qitui-bench-state-"))
    app_module.DISK_CHECK_SECONDS = 3600.0  # no disk checks in the middle of a step
    count_work()
    profiler = cProfile.Profile()
    rounds: list[Round] = []
    for n in range(warmup + runs):
        one = Round(profile if n >= warmup else None, profiler)
        await one.run()
        if n >= warmup:
            rounds.append(one)
    print(f"CPU ms per step, median of {runs} rounds after {warmup} warm-up (80x24, projects/)")
    print(f"{'step':10} {'median':>8} {'min':>8}  work in the median round")
    total = 0.0
    for name in STEPS:
        values = [r.cpu[name] for r in rounds]
        med = statistics.median(values)
        total += med
        middle = sorted(rounds, key=lambda r: r.cpu[name])[len(rounds) // 2]
        work = " ".join(f"{k}={v}" for k, v in sorted(middle.work[name].items()))
        print(f"{name:10} {med * 1000:8.1f} {min(values) * 1000:8.1f}  {work}")
    print(f"{'sum':10} {total * 1000:8.1f}")
    if profile:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", choices=STEPS, default=None)
    parser.add_argument(
        "--shared-css", action="store_true", help="share parsed CSS between apps, as the tests do"
    )
    parser.add_argument(
        "--calls", action="store_true", help="count Python calls per step (kcalls: thousands)"
    )
    args = parser.parse_args()
    COUNT_CALLS = args.calls
    asyncio.run(main(args.runs, args.warmup, args.profile, args.shared_css))
