"""Large-project benchmarks: load a big project, analyse it, render a thinned chart.

Run: ``.venv/bin/python bench/bench_large_project.py``. Prints a small table of medians.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_data import make_large_project, make_portfolio  # noqa: E402
from qitui.measure_analysis import analyse_measure  # noqa: E402
from qitui.store import discover, load_project  # noqa: E402

RUNS = 5


def median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        big = make_large_project(Path(tmp) / "big")
        rows.append(
            (
                "load project: 10 measures × 5,000 points, 300 cycles",
                median_time(lambda: load_project(big)),
                "< 0.5 s",
            )
        )
        project = load_project(big).project
        assert project is not None
        rows.append(
            (
                "analyse all 10 measures (50,000 points)",
                median_time(lambda: [analyse_measure(x) for x in project.measures]),
                "< 0.3 s",
            )
        )
        try:
            from qitui.charts import render_text
        except ImportError:
            render_text = None
        if render_text is not None:
            meas = project.measures[0]
            rows.append(
                (
                    "render one chart of 5,000 points (thinned), 100×30",
                    median_time(
                        lambda: render_text(project, meas, width=100, height=30, colour=False)
                    ),
                    "< 0.05 s",
                )
            )
        folio = make_portfolio(Path(tmp) / "folio", projects=500)
        rows.append(
            (
                "load 500 projects one after another",
                median_time(lambda: [load_project(p) for p in discover(folio)], runs=3),
                "< 1 s",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median':>9}  target")
    for name, seconds, target in rows:
        print(f"{name:<{width}}  {seconds * 1000:7.1f} ms  {target}")


if __name__ == "__main__":
    main()
