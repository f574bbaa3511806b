"""Time until a person sees a project's title, in a real terminal, against a bare Textual app.

Each run starts a fresh process on a pseudo-terminal of 100×30 (``TERM=xterm-256color``) and
reads everything it writes, from the moment it is started until the text shows up: a
project's title for qitui (the first screenful of Home's rows), the label of a bare Textual
app (Header, Label, Footer) for the reference. The two are interleaved, RUNS each, medians;
also the CPU time each process had had by then (all its threads), which other jobs on the
machine move less than the wall time.
With ``--tmux`` the processes run in a tmux pane of 100×30 instead (``escape-time 10``) and
the pane is polled with ``tmux capture-pane -p`` (a few ms of granularity).

Cases (issue #18: targets 1.15×, 1.3×, 2× the bare app): the example (``projects/``, one
project), 300 and 2,000 copies of it (made once under the temp folder).
Run: ``.venv/bin/python bench/bench_title_tmux.py [--tmux] [--runs N] [CASE...]``, CASE one of
``1``, ``300``, ``2000`` or a folder.
"""

from __future__ import annotations

import argparse
import itertools
import os
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "projects"
COLS, ROWS = 100, 30
TIMEOUT = 30.0
LABEL = "bare-textual-label"
BARE = f"""
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    def compose(self):
        yield Header()
        yield Label("{LABEL}")
        yield Footer()

Bare().run()
"""
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "qitui-bench-pycache")
ENV["TERM"] = "xterm-256color"
ENV.pop("TEXTUAL", None)


def example_title() -> str:
    import tomli

    (project,) = [p for p in EXAMPLE.iterdir() if (p / "project.toml").is_file()]
    return tomli.loads((project / "project.toml").read_text(encoding="utf-8"))["title"]


def copies(n: int) -> Path:
    """A folder of ``n`` copies of the example project (made once, kept)."""
    folder = Path(tempfile.gettempdir()) / f"qitui-bench-copies-{n}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (project,) = [p for p in EXAMPLE.iterdir() if (p / "project.toml").is_file()]
    for k in range(n):
        shutil.copytree(project, folder / f"{project.name}-{k:04d}")
    done.touch()
    return folder


def cpu_seconds(pid: int) -> float:
    """CPU time the process has had so far, all its threads (``/proc/PID/task/*/schedstat``)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def pty_time(argv: list[str], needle: str) -> tuple[float, float]:
    """Seconds from starting ``argv`` on a 100×30 pseudo-terminal to ``needle`` in its
    output, and the CPU seconds the process had had by then."""
    import fcntl
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    want = needle.encode()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - t0 < TIMEOUT:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            seen = seen[-len(want) :] + chunk
            if want in seen:
                return time.perf_counter() - t0, cpu_seconds(proc.pid)
        raise SystemExit(f"{needle!r} never appeared: {' '.join(argv)}")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


_RUNS = itertools.count()


def tmux_keeper() -> None:
    """One session kept for the whole benchmark: killing a run's session must not stop the
    tmux server just before the next run starts one."""
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", f"qitui-bench-keeper-{os.getpid()}"], check=True
    )
    subprocess.run(["tmux", "set", "-g", "escape-time", "10"], check=True)


def tmux_time(argv: list[str], needle: str) -> tuple[float, float]:
    """The same in a tmux pane of 100×30 (the command runs as the pane's own, so that no
    shell echoes it), polled with capture-pane."""
    session = f"qitui-bench-{os.getpid()}-{next(_RUNS)}"
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in ENV.items() if k.startswith("PYTHON"))
    command = f"cd {shlex.quote(str(ROOT))} && env {env} {shlex.join(argv)}; sleep 60"
    t0 = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", str(COLS), "-y", str(ROWS), command],
        check=True,
    )
    try:
        while time.perf_counter() - t0 < TIMEOUT:
            pane = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if needle in pane:
                return time.perf_counter() - t0, float("nan")
        raise SystemExit(f"{needle!r} never appeared in tmux: {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", default=["1", "300", "2000"])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--tmux", action="store_true", help="a tmux pane instead of a pty")
    ns = parser.parse_args()
    timer = tmux_time if ns.tmux else pty_time
    if ns.tmux:
        tmux_keeper()
    title = example_title()
    needle = title[:12]  # the row may shorten the title to fit
    bare = [sys.executable, "-c", BARE]
    print(f"load average at start: {os.getloadavg()[0]:.2f}; {'tmux' if ns.tmux else 'pty'}")
    print(
        f"{'case':<16} {'bare s':>7} {'qitui s':>8} {'ratio':>6}   "
        f"{'bare CPU':>8} {'qitui CPU':>9} {'ratio':>6}  (medians of {ns.runs})"
    )
    for case in ns.cases:
        folder = EXAMPLE if case == "1" else copies(int(case)) if case.isdigit() else Path(case)
        qitui = [sys.executable, "-m", "qitui", str(folder)]
        timer(bare, LABEL)  # warm the caches
        timer(qitui, needle)
        ours: list[tuple[float, float]] = []
        base: list[tuple[float, float]] = []
        for _ in range(ns.runs):
            base.append(timer(bare, LABEL))
            ours.append(timer(qitui, needle))
        b, q = (statistics.median(t for t, _ in x) for x in (base, ours))
        bc, qc = (statistics.median(c for _, c in x) for x in (base, ours))
        name = f"{case} project{'s' if case != '1' else ''}" if case.isdigit() else case
        print(f"{name:<16} {b:7.3f} {q:8.3f} {q / b:5.2f}×   {bc:8.3f} {qc:9.3f} {qc / bc:5.2f}×")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    if ns.tmux:
        subprocess.run(["tmux", "kill-session", "-t", f"qitui-bench-keeper-{os.getpid()}"])


if __name__ == "__main__":
    main()
