"""The CPU of opening a PDSA worksheet from the cycles list, and of changing its section.

The app runs headless (``App.run_test(size=(100, 30))``) on a copy of the example project
(``projects/``), on the cycles list. Each run opens the worksheet of one cycle with Enter,
as a user does, then shows each section in turn with Ctrl+N (Plan, Do, Study, Act: the next
section, its first field focused), then Cycle and Plan again (sections shown before), then
goes back with Escape. Every step is timed
as the process's CPU time (``time.process_time``) from the key until the app is idle (the
pilot's waits sleep: they cost no CPU), so that what is counted is what the key cost, even
when other jobs share the machine. Medians of RUNS, in milliseconds.

Animations are off, as in the tests (``--animations`` keeps them: the tab underline's slide
then adds frames to each section change, the same before and after any change to the
worksheet). ``--profile STEP`` runs cProfile over one step (its wall time includes waits).

Run: ``.venv/bin/python bench/bench_worksheet.py [--runs N] [--profile STEP] [--animations]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual import constants  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from qitui.app import make_app  # noqa: E402
from qitui.screens.cycle import CycleScreen  # noqa: E402
from qitui.screens.cycles import CyclesScreen  # noqa: E402

SIZE = (100, 30)
RUNS = 10
#: (step name, key): each section shown for the first time, then two again
STEPS = [
    ("plan", "ctrl+n"),
    ("do", "ctrl+n"),
    ("study", "ctrl+n"),
    ("act", "ctrl+n"),
    ("cycle again", "ctrl+n"),
    ("plan again", "ctrl+n"),
]


async def idle(pilot: Pilot[Any]) -> None:
    """Until every message the key set off is handled and its frames are drawn."""
    await pilot.pause()
    await pilot.pause()


async def timed(pilot: Pilot[Any], key: str, profiler: cProfile.Profile | None = None) -> float:
    cpu0 = time.process_time()
    if profiler is not None:
        profiler.enable()
    await pilot.press(key)
    await idle(pilot)
    if profiler is not None:
        profiler.disable()
    return (time.process_time() - cpu0) * 1000


async def run(runs: int, profile: str | None) -> dict[str, list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="qitui-bench-"))
    shutil.copytree(ROOT / "projects", folder / "projects")
    project = next((folder / "projects").iterdir())
    app = make_app(project)
    times: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile() if profile else None
    try:
        async with app.run_test(size=SIZE) as pilot:
            await idle(pilot)
            store = app.screen.store  # type: ignore[attr-defined]
            await app.push_screen(CyclesScreen(store))
            await idle(pilot)
            table = app.screen.query_one("#cycles", DataTable)
            keys = [str(k.value) for k in table.rows]
            row = next(i for i, k in enumerate(keys) if not k.startswith("idea:"))
            for i in range(runs + 1):  # the first run warms caches up: not counted
                table.move_cursor(row=row)
                await idle(pilot)
                use = profiler if profile == "open" and i else None
                open_ms = await timed(pilot, "enter", use)
                assert isinstance(app.screen, CycleScreen), app.screen
                if i:
                    times["open"].append(open_ms)
                for name, key in STEPS:
                    use = profiler if profile == name and i else None
                    step_ms = await timed(pilot, key, use)
                    if i:
                        times[name].append(step_ms)
                await pilot.press("escape")
                await idle(pilot)
                assert isinstance(app.screen, CyclesScreen), app.screen
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if profiler is not None:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(30)
        stats.print_stats("qitui", 25)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--profile", help="cProfile one step: open, plan, do, study, act, …")
    parser.add_argument("--animations", action="store_true", help="keep Textual's animations")
    args = parser.parse_args()
    if not args.animations:
        constants.TEXTUAL_ANIMATIONS = "none"
    times = asyncio.run(run(args.runs, args.profile))
    print(f"CPU ms, median of {args.runs} (min–max)")
    for name, samples in times.items():
        med = statistics.median(samples)
        print(f"  {name:<12} {med:7.1f}   ({min(samples):.1f}–{max(samples):.1f})")


if __name__ == "__main__":
    main()
