"""Memory of the app with many projects listed: 2,000 copies of the example by default.

A fresh process runs the app headless (100×30) on the folder, waits until Home has read every
project in full (its ``loaded_event``), moves through the rows (Page Down to the end) and
prints its resident memory then and at its peak (``VmRSS``, ``VmHWM``); the worker processes
that read the projects (children of multiprocessing's fork server, ended when the reading is
done) are not counted. Target (issue #18): the app under 300 MB.
Run: ``.venv/bin/python bench/bench_home_memory.py [N|FOLDER]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_title_tmux import copies  # noqa: E402

CHILD = """
import asyncio, sys, time
from qitui.app import make_app
from qitui.screens.home import HomeScreen

def status(name):
    for line in open("/proc/self/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

async def main(path):
    app = make_app(path)
    t0 = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        while not home.started:
            await asyncio.sleep(0.01)
        await asyncio.wait_for(home.loaded_event.wait(), 600)
        loaded = time.perf_counter() - t0
        await pilot.pause()
        rows = home.table().row_count
        for _ in range(rows // 20 + 1):
            await pilot.press("pagedown")
        await pilot.pause()
        print(rows, loaded, status("VmRSS"), status("VmHWM"))

asyncio.run(main(sys.argv[1]))
"""


def main() -> None:
    arg = sys.argv[1] if len(sys.argv) > 1 else "2000"
    folder = copies(int(arg)) if arg.isdigit() else Path(arg)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "qitui-bench-pycache")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    ).stdout.split()
    rows, loaded, rss, peak = int(out[0]), *map(float, out[1:])
    print(f"folder: {folder} ({rows} rows), every project read in full after {loaded:.2f} s")
    print(f"app: {rss:.0f} MB resident at the end, {peak:.0f} MB at its peak")
    print(f"whole run {time.perf_counter() - t0:.1f} s; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
