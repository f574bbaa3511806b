"""``qitui analyse --csv FILE --chart C --json``, whole process: 100,000 points against 10.

For each chart a CSV of 10 and one of 100,000 daily points (noise around a level that moves
every 9 points, so that run charts have long runs and thousands of signals); each run is a
fresh process, the two sizes interleaved, RUNS of each; medians of the wall time, of the
process's CPU time (user + system: less moved by other jobs on the machine) and its peak
resident memory (``os.wait4``). Target (issue #18): 100,000 points within 4× the 10-point
run, under 150 MB. Run: ``.venv/bin/python bench/bench_analyse_cli.py [CHART...]``.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
CHARTS = ("run", "i", "mr", "c", "g", "t", "p", "u", "pp", "up")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "qitui-bench-pycache")


def write_csv(path: Path, n: int, ratio: bool) -> Path:
    rng = random.Random(n)
    start = date(1800, 1, 1)
    with path.open("w", encoding="utf-8") as f:
        f.write("date,numerator,denominator\n" if ratio else "date,value\n")
        for k in range(n):
            when = start + timedelta(days=k)
            level = 10 + 5 * ((k // 9) % 2)
            if ratio:
                den = rng.randint(20, 200)
                f.write(f"{when},{min(den, level + rng.randint(0, 9))},{den}\n")
            else:
                f.write(f"{when},{level + rng.randint(0, 4)}\n")
    return path


def run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qitui", *args], stdout=subprocess.DEVNULL, cwd=ROOT, env=ENV
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"qitui {' '.join(args)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(charts: list[str]) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(
        f"{'chart':<6} {'10 pts s':>9} {'100k s':>8} {'ratio':>6} "
        f"{'10 CPU':>7} {'100k CPU':>9} {'ratio':>6} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for chart in charts:
            ratio = chart in ("p", "u", "pp", "up")
            small = write_csv(Path(tmp) / f"{chart}-10.csv", 10, ratio)
            large = write_csv(Path(tmp) / f"{chart}-100000.csv", 100_000, ratio)
            times: dict[int, list[tuple[float, float, float]]] = {10: [], 100_000: []}
            run(["analyse", "--csv", str(small), "--chart", chart, "--json"])  # warm up
            for _ in range(RUNS):
                for n, path in ((10, small), (100_000, large)):
                    times[n].append(
                        run(["analyse", "--csv", str(path), "--chart", chart, "--json"])
                    )
            med = {
                n: [statistics.median(x[i] for x in t) for i in range(3)] for n, t in times.items()
            }
            s, big = med[10], med[100_000]
            print(
                f"{chart:<6} {s[0]:9.3f} {big[0]:8.3f} {big[0] / s[0]:5.1f}× "
                f"{s[1]:7.3f} {big[1]:9.3f} {big[1] / s[1]:5.1f}× {big[2]:8.0f}"
            )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:] or list(CHARTS))
