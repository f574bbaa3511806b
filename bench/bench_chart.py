"""Chart redraw benchmarks: what a resize costs once the spec is built, and `qitui chart`.

Run: ``.venv/bin/python bench/bench_chart.py``. A redraw is :func:`qitui.charts.layout` +
:func:`qitui.charts.draw` + plotext's ``build()`` for a new size; medians of 7. The series are
uniform noise (the worst case: every column spans the whole height).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotext  # noqa: E402

from bench.make_data import make_large_project  # noqa: E402
from qitui import charts  # noqa: E402
from qitui.measure_analysis import analyse_measure  # noqa: E402
from qitui.store import load_project  # noqa: E402

RUNS = 7


def median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def redraw(spec: charts.ChartSpec, width: int, height: int) -> None:
    lay = charts.layout(spec, width, height)
    charts.draw(plotext, spec, lay, "rgb")
    plotext.build()


def main() -> None:
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for points in (5000, 50000):
            folder = make_large_project(Path(tmp) / f"p{points}", measures=3, points=points)
            project = load_project(folder).project
            assert project is not None
            for meas in project.measures:
                spec = charts.build_spec(project, meas, analyse_measure(meas))
                for width, height in ((100, 30), (200, 50)):
                    rows.append(
                        (
                            f"redraw {meas.chart:>3} chart, {points:,} points, {width}×{height}",
                            median_time(lambda s=spec, w=width, h=height: redraw(s, w, h)),
                        )
                    )
                if points == 5000:
                    rows.append(
                        (
                            f"render_text {meas.chart:>3} chart, {points:,} points, 100×30",
                            median_time(
                                lambda m=meas, p=project: charts.render_text(
                                    p, m, width=100, height=30
                                )
                            ),
                        )
                    )
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median':>9}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
