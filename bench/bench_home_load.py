"""How long Home takes to list a folder of projects (its rows fill in from a worker).

Each run is a fresh, headless process on PATH (default: a 500-project portfolio made in a
temporary folder with bench.make_data). It prints, in seconds since the script started (its
imports included, the interpreter's own start-up not):

- first frame: Textual's ``Ready`` event, the frame with no rows yet;
- every project listed: one row per project with its title, aim deadline and score history
  (project.toml of each);
- every project read: cycles under way, last entry and the signals column filled in too
  (every file read and every measure analysed).

Run: ``.venv/bin/python bench/bench_home_load.py [PATH]``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_startup import ENV  # noqa: E402  (bytecode cached, as when installed)

RUNS = 3

CHILD = """
import asyncio, json, sys, time
T0 = time.perf_counter()
from pathlib import Path
from qitui import app

marks = {}

class Bench(app.QituiApp):
    CSS_PATH = str(Path(app.__file__).with_name(app.QituiApp.CSS_PATH))

    def on_ready(self):
        marks.setdefault("first frame", time.perf_counter() - T0)
        super().on_ready()

async def watch(pilot):
    from textual.widgets import DataTable
    home = pilot.app.screen_stack[0]
    while not home.query("#projects"):  # mounted when the first load starts
        await asyncio.sleep(0.001)
    table = home.query_one("#projects", DataTable)
    while not home.loaded_event.is_set():
        total = home.progress[2] if home.progress else 0
        if "every project listed" not in marks and total and table.row_count == total:
            marks["every project listed"] = time.perf_counter() - T0
        await asyncio.sleep(0.005)
    marks.setdefault("every project listed", time.perf_counter() - T0)
    marks["every project read"] = time.perf_counter() - T0
    marks["rows"] = table.row_count
    pilot.app.exit()

Bench(sys.argv[1]).run(headless=True, size=(80, 24), auto_pilot=watch)
print(json.dumps(marks))
"""


def run_once(path: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, path],
        check=True,
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1:
        path = sys.argv[1]
    else:
        from bench.make_data import make_portfolio

        path = str(make_portfolio(Path(tempfile.mkdtemp()) / "portfolio"))
    run_once(path)  # warm the file and bytecode caches
    runs = [run_once(path) for _ in range(RUNS)]
    print(f"Home on {path}: {int(runs[0]['rows'])} rows (median of {RUNS} runs)")
    for name in ("first frame", "every project listed", "every project read"):
        print(f"  {name:<24} {statistics.median(r[name] for r in runs):6.3f} s")


if __name__ == "__main__":
    main()
