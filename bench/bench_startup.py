"""Time to first screen: qitui against a bare Textual app (Header, Label, Footer).

Each run is a fresh process that starts the app headless and exits as soon as its first
screen is ready, so interpreter start-up and imports count, as they do for a person.
Run: ``.venv/bin/python bench/bench_startup.py [PATH]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
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

async def first_screen(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""

QITUI = """
import sys
from qitui.app import make_app

async def first_screen(pilot):
    await pilot.pause()
    pilot.app.exit()

make_app(sys.argv[1]).run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""


def time_process(code: str, *args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
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
