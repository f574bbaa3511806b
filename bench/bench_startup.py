"""Time to first screen: qitui against a bare Textual app (Header, Label, Footer).

Each run is a fresh process that starts the app headless and exits when its first frame has
been displayed (Textual's ``Ready`` event), so interpreter start-up and imports count, as they
do for a person. Home fills its rows in a worker after that frame: bench/bench_home_load.py
times how long until every project is listed.
Run: ``.venv/bin/python bench/bench_startup.py [PATH]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    def compose(self):
        yield Header()
        yield Label("hello")
        yield Footer()

    def on_ready(self):  # the first frame has been displayed
        self.exit()

Bare().run(headless=True, size=(80, 24))
"""

QITUI = """
import sys
from pathlib import Path
from qitui import app

class Bench(app.QituiApp):
    CSS_PATH = str(Path(app.__file__).with_name(app.QituiApp.CSS_PATH))

    def on_ready(self):  # the first frame has been displayed
        self.exit()

Bench(sys.argv[1]).run(headless=True, size=(80, 24))
"""


# Compiled bytecode is kept (in a cache of its own), as it is for an installed app: without
# it, every start would compile qitui's modules from source (PYTHONDONTWRITEBYTECODE is set in
# some environments), while Textual's come compiled from site-packages.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "qitui-bench-pycache")


def time_process(code: str, *args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env=ENV,
    )
    return time.perf_counter() - t0


def measure(path: str) -> list[tuple[str, float]]:
    bare: list[float] = []
    ours: list[float] = []
    time_process(BARE)  # warm the file cache once
    time_process(QITUI, path)
    for _ in range(RUNS):  # interleaved, so both see the same machine state
        bare.append(time_process(BARE))
        ours.append(time_process(QITUI, path))
    return [
        ("bare Textual app", statistics.median(bare)),
        (f"qitui {path}", statistics.median(ours)),
    ]


def main() -> None:
    paths = sys.argv[1:] or [str(ROOT / "projects")]
    print(f"{'first screen (median of ' + str(RUNS) + ')':<48} {'seconds':>8}  ratio")
    for path in paths:
        rows = measure(path)
        base = rows[0][1]
        for name, seconds in rows:
            print(f"{name[:48]:<48} {seconds:8.3f}  {seconds / base:5.2f}×")


if __name__ == "__main__":
    main()
