"""Benchmark of qitui.analysis: median of 5 runs per chart type at 100,000 points.

Run from the repository root: ``python bench/bench_analysis.py [N]``. Not a test.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qitui.analysis import analyse  # noqa: E402


def _time(fn: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(n: int = 100_000) -> None:
    rng = random.Random(1)
    values: list[float | None] = [rng.gauss(50, 10) for _ in range(n)]
    for k in range(0, n, 97):
        values[k] = None  # a few gaps
    den = [float(rng.randint(20, 200)) for _ in range(n)]
    num = [float(max(0, min(d, round(rng.gauss(0.3 * d, (0.21 * d) ** 0.5))))) for d in den]
    phases = [n // 2]
    gaps: list[float | None] = [float(int(rng.expovariate(0.05))) for _ in range(n)]
    gaps_t = [None if v is None else v + 0.5 for v in gaps]
    cases = {
        "run": lambda: analyse("run", values, phase_starts=phases, freeze=1000),
        "i": lambda: analyse("i", values, phase_starts=phases, freeze=1000),
        "i + ihi-control, mdc": lambda: analyse(
            "i", values, phase_starts=phases, rules=("ihi-control", "mdc"), better="up"
        ),
        "p": lambda: analyse("p", numerators=num, denominators=den, phase_starts=phases),
        "pp (Laney P′)": lambda: analyse(
            "pp", numerators=num, denominators=den, phase_starts=phases
        ),
        "g": lambda: analyse("g", gaps, phase_starts=phases),
        "t + mdc": lambda: analyse("t", gaps_t, phase_starts=phases, rules=("mdc",), better="up"),
    }
    print(f"{'chart':<22} {'points':>8} {'median of 5 (s)':>16}")
    for name, fn in cases.items():
        print(f"{name:<22} {n:>8} {_time(fn):>16.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
