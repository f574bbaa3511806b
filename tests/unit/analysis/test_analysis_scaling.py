"""Every chart, rule set and verdict is linear in the number of points: counted, not timed.

Each case analyses a series built to give many signals (long runs, trends, points beyond the
limits, a phase every 100 points, gaps and exclusions), words every signal, builds the JSON
and the CLI summary, once with N points and once with 10 N, and counts the lines of qitui's
own code that ran (``sys.settrace``). Linear work gives about 10 times as many; a loop over
every point for each phase or signal (like the quadratic ``verdict._length`` of old) gives far
more than the 13 times allowed.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import qitui
from qitui import model as m
from qitui.analysis import analyse
from qitui.measure_analysis import measure_json
from qitui.verdict import LATEST_IN_FULL, SIGNALS_IN_FULL, summary_lines, verdict_lines

SMALL = 300
PHASE_EVERY = 100
GROWTH = 10
#: at most this many times the lines for GROWTH times the points (linear: about GROWTH)
ALLOWED = 1.3 * GROWTH
QITUI = str(Path(qitui.__file__).resolve().parent)
EXTRA_RULES = [(), ("ihi-control",), ("mdc",)]


def count_lines(work: Callable[[], Any], under: str = QITUI) -> int:
    """Lines of the code under the folder ``under`` (qitui's) run by ``work()``."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(under) else None

    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def series(n: int) -> tuple[list[float | None], list[float], list[float]]:
    """Values (for the charts of one value) and numerators, denominators (ratio charts)
    with long runs, trends, outliers and gaps throughout."""
    rng = random.Random(n)
    values: list[float | None] = []
    nums: list[float] = []
    dens: list[float] = []
    for i in range(n):
        level = 20 + 6 * ((i // 9) % 2)  # runs of 9 on each side of the centre
        if i % 40 < 6:
            level += i % 40  # a trend up
        if i % 97 == 0:
            level += 40  # beyond the limits
        values.append(None if i % 53 == 0 else float(level + rng.randint(0, 2)))
        den = float(rng.randint(40, 60))
        nums.append(float(min(den, level + rng.randint(0, 2))))
        dens.append(den)
    return values, nums, dens


def work(chart: str, rules: tuple[str, ...], n: int) -> Callable[[], Any]:
    values, nums, dens = series(n)
    ratio = chart in m.RATIO_CHARTS
    start = date(1900, 1, 1)
    points = [
        m.DataPoint(
            start + timedelta(days=i),
            None if ratio else values[i],
            nums[i] if ratio else None,
            dens[i] if ratio else None,
            excluded=i % 71 == 0,
        )
        for i in range(n)
    ]
    phases = [
        m.Phase(start + timedelta(days=i), "new phase") for i in range(PHASE_EVERY, n, PHASE_EVERY)
    ]
    meas = m.Measure("s", "Scaling", chart=chart, phases=phases, points=points, freeze=20)

    def run() -> None:
        result = analyse(
            chart,
            values=None if ratio else values,
            numerators=nums if ratio else None,
            denominators=dens if ratio else None,
            phase_starts=meas.phase_starts(),
            freeze=20,
            excluded=[p.excluded for p in points],
            rules=rules,
            better="up",
        )
        verdict_lines(meas, result, limit=None)  # every signal worded
        summary_lines(meas, result)
        measure_json(meas, result)

    return run


@pytest.mark.parametrize("rules", EXTRA_RULES, ids=lambda r: "+".join(r) or "default")
@pytest.mark.parametrize("chart", m.CHART_TYPES)
def test_linear_in_points(chart: str, rules: tuple[str, ...]) -> None:
    small = count_lines(work(chart, rules, SMALL))
    large = count_lines(work(chart, rules, SMALL * GROWTH))
    assert large <= ALLOWED * small, f"{large / small:.1f}× the work for {GROWTH}× the points"


def test_the_count_sees_quadratic_work() -> None:
    """The measure above can fail: a loop over every point for each point is counted."""

    def quadratic(n: int) -> Callable[[], Any]:
        return lambda: [sum(1 for _ in range(n)) for _ in range(n)]

    here = str(Path(__file__).parent)
    small = count_lines(quadratic(100), here)
    large = count_lines(quadratic(100 * GROWTH), here)
    assert small > 0 and large > ALLOWED * small


def test_many_signals_are_summarised() -> None:
    """Thousands of signals: a count of each kind and the latest few, not a line each."""
    values, _, _ = series(10_000)
    start = date(1900, 1, 1)
    points = [m.DataPoint(start + timedelta(days=i), v) for i, v in enumerate(values)]
    meas = m.Measure("s", "Scaling", chart="run", points=points)
    result = analyse("run", values=values)
    assert len(result.signals) > 1000
    lines = summary_lines(meas, result)
    assert len(lines) < 2 * SIGNALS_IN_FULL
    counted = [line for line in lines if line.startswith("    ")]
    kinds = {s.label for s in result.signals}
    assert len(counted) == len(kinds)
    total = sum(int(re.search(r": ([\d,]+)", line)[1].replace(",", "")) for line in counted)
    assert f"{len(result.signals):,} signals" in "\n".join(lines)
    assert total == len(result.signals)
    assert f"The latest {LATEST_IN_FULL}:" in lines[-LATEST_IN_FULL - 2]
    few = verdict_lines(meas, result, limit=None)
    assert len(few) >= len(result.signals)
