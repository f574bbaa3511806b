"""Opening the chart of a 100,000-point measure in the app, and keys meanwhile.

A project with one measure of 100,000 daily points per chart (run, I, p; a level that moves
every 9 points: long runs and thousands of signals), opened through the store; the app runs
headless at 100×30 and pushes the chart screen. Times, from the push: the first frame (the
screen saying "analysing…"), and the frame with the chart drawn. Meanwhile a probe asks the
UI thread to run something every 2 ms, as a key would (2 ms apart when the app is idle,
so that a gap is the UI thread's longest stall, not the probe's own step): the longest wait
while the worker analyses is how late a key would be answered then (the chart's first
drawing, on the UI thread, comes after). Also the process's CPU time for an opening (the
app's start in ``run_test`` included), and the time to draw the chart when it is opened
again (its spec kept: :mod:`qitui.charts.spec_cache`). Medians of RUNS.
Run: ``.venv/bin/python bench/bench_chart_open.py``.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App  # noqa: E402

from qitui import model as m  # noqa: E402
from qitui import store as store_package  # noqa: E402
from qitui import tomlio  # noqa: E402
from qitui.charts.spec_cache import clear_specs  # noqa: E402
from qitui.screens.chart import ChartPlot, ChartScreen  # noqa: E402
from qitui.store import ProjectStore, create_project  # noqa: E402
from qitui.widgets import chart_process  # noqa: E402
from qitui.widgets.chart_process import close_charts  # noqa: E402

RUNS = 3
POINTS = 100_000

# A p chart's 100,000 points take about 6 MB of TOML, above the 5 MB a project file may
# have (qitui.tomlio.MAX_FILE_BYTES): the limit is raised for this benchmark only.
tomlio.MAX_FILE_BYTES = store_package.MAX_FILE_BYTES = 16 * 1024 * 1024


def make_project(folder: Path) -> ProjectStore:
    rng = random.Random(1)
    store = create_project(folder, "Big measures")
    start = date(1800, 1, 1)
    for chart in ("run", "i", "p"):
        meas = m.Measure(f"big-{chart}", f"Big {chart}", chart=chart)
        for k in range(POINTS):
            level = 10 + 5 * ((k // 9) % 2)
            when = start + timedelta(days=k)
            if chart == "p":
                den = rng.randint(20, 200)
                point = m.DataPoint(
                    when, numerator=min(den, level + rng.randint(0, 9)), denominator=den
                )
            else:
                point = m.DataPoint(when, float(level + rng.randint(0, 4)))
            meas.points.append(point)
        store.save_measure(meas)
    return ProjectStore.open(folder)


class Bench(App[None]):
    def __init__(self, store: ProjectStore, measure_id: str) -> None:
        super().__init__()
        self.store = store
        self.measure_id = measure_id
        self.times: dict[str, float] = {}
        self.gaps: list[float] = []
        self.all_gaps: list[float] = []  # from the push until the chart is drawn

    def is_read_only(self, store: ProjectStore | None = None) -> bool:
        """What a screen on qitui's common base asks of the app."""
        return False

    async def run_case(self) -> None:
        last = [time.perf_counter()]

        def probe() -> None:  # a key's worth of work on the UI thread, while analysing
            now = time.perf_counter()
            if screen.measure_id in screen._analysing:
                self.gaps.append(now - last[0])
            self.all_gaps.append(now - last[0])
            last[0] = now

        t0 = time.perf_counter()
        screen = ChartScreen(self.store, self.measure_id)
        self.screen_under_test = screen
        await self.push_screen(screen)
        timer = self.set_interval(0.002, probe)
        last[0] = time.perf_counter()
        first = None
        plot = screen.query_one(ChartPlot)
        while time.perf_counter() - t0 < 120:
            await asyncio.sleep(0.005)
            if first is None and "analysing" in str(screen.query_one("#chart-verdict").render()):
                first = time.perf_counter() - t0
            if plot._drawn is not None:
                break
        self.times["analysing shown"] = first if first is not None else float("nan")
        self.times["chart drawn"] = time.perf_counter() - t0
        timer.stop()
        self.exit()


async def one(
    store: ProjectStore, measure_id: str
) -> tuple[dict[str, float], list[float], list[float]]:
    app = Bench(store, measure_id)
    async with app.run_test(size=(100, 30)):
        await app.run_case()
    return app.times, app.gaps, app.all_gaps


def process_cpu() -> float:
    """The CPU time of the kept charts' forked processes (Linux /proc), 0 without them."""
    total = 0.0
    for chart in list(chart_process._kept.values()):
        try:
            fields = Path(f"/proc/{chart.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        store = make_project(Path(tmp) / "big")
        print(
            f"{'measure':<10} {'analysing… s':>13} {'chart s':>8} {'longest key wait ms':>20}"
            f" {'… until drawn':>14} {'chart CPU s':>12} {'reopened s':>11}"
        )
        for measure_id in ("big-run", "big-i", "big-p"):
            shown, drawn, waits, whole, cpus, again = [], [], [], [], [], []
            for _ in range(RUNS):
                clear_specs()  # a first opening: nothing kept from the run before
                close_charts()
                cpu = time.process_time()
                times, gaps, all_gaps = asyncio.run(one(store, measure_id))
                cpus.append(time.process_time() - cpu + process_cpu())
                shown.append(times["analysing shown"])
                drawn.append(times["chart drawn"])
                waits.append(max(gaps, default=0.0) * 1000)
                whole.append(max(all_gaps, default=0.0) * 1000)
                again.append(asyncio.run(one(store, measure_id))[0]["chart drawn"])
                close_charts()
            print(
                f"{measure_id:<10} {statistics.median(shown):13.3f} "
                f"{statistics.median(drawn):8.3f} {statistics.median(waits):20.1f}"
                f" {statistics.median(whole):14.1f}"
                f" {statistics.median(cpus):12.3f} {statistics.median(again):11.3f}"
            )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
