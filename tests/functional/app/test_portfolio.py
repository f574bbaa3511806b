"""qitui.portfolio: Home's summaries show what reading each project in the thread showed, the
worker processes give the same summaries as the thread, and no row is ever lost."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from qitui import measure_analysis, portfolio, process_pool
from qitui.app import make_app
from qitui.home_model import HISTORY, PENDING, HomeModel, sparkline
from qitui.store import LoadedProject, discover, load_project, load_project_file
from qitui.wording import plural
from tests.helpers.pilot import home_loaded


@pytest.fixture
def portfolio_root(request: pytest.FixtureRequest) -> Path:
    """The shared portfolio: 30 projects, one with a current signal, one broken."""
    return request.getfixturevalue("portfolio")


# ---------------------------------------------------------------- what Home showed before
# Home's row and detail as they were computed from a LoadedProject read in the thread
# (before qitui.portfolio), kept here as the reference.


def old_signals(loaded: LoadedProject) -> tuple[list[tuple[str, list[str]]], bool]:
    flagged, unknown = [], False
    for meas in loaded.project.measures if loaded.project else []:
        try:
            result = measure_analysis.analyse_measure(meas) if meas.points else None
        except Exception:
            result = None
        if result is None:
            unknown = True
        elif labels := sorted(measure_analysis.current_signals(result)):
            flagged.append((meas.name, labels))
    return flagged, unknown


def old_view(loaded: LoadedProject, full: bool, home: HomeModel) -> tuple[list[str], str]:
    p = loaded.project
    flagged, unknown = old_signals(loaded) if full else (None, False)
    history = [s.score for s in sorted(p.scores, key=lambda s: s.date)][-HISTORY:] if p else []
    if p is None:
        first = loaded.errors[0].message if loaded.errors else "cannot be read"
        row = [f"✗ {loaded.path.name}: {first}", "—", "—", "—", "—", "ERROR"]
    else:
        score = f"{sparkline(history):>{HISTORY}} {history[-1]:.1f}" if history else "—"
        if not full:
            sig = under_way = changed_text = PENDING
        else:
            count = len(flagged or [])
            if count:
                sig = f"⚑ {count} of {len(p.measures)}"
            elif p.measures and not unknown:
                sig = f"none of {len(p.measures)}"
            else:
                sig = "—"
            under_way = str(sum(1 for c in p.cycles if c.status in portfolio.UNDER_WAY))
            changed = p.last_activity()
            changed_text = changed.isoformat() if changed else "—"
        row = [
            ("✗ " if loaded.errors else "") + " ".join(p.title.split()),
            p.aim.by_when.isoformat() if p.aim.by_when else "—",
            score,
            sig,
            under_way,
            changed_text,
        ]
    lines = []
    if p is not None:
        lines += [" ".join(p.title.split()), p.aim.sentence() or "(no aim yet)"]
        if history:
            latest = p.latest_score()
            assert latest is not None
            why = f": {latest.justification}" if latest.justification.strip() else ""
            trail = " → ".join(f"{s:.1f}" for s in history)
            lines.append(f"Progress {trail} (latest {latest.date}{why})")
        if full:
            lines.append(
                f"{plural(len(p.measures), 'measure')} · "
                f"{plural(len(p.change_ideas), 'change idea')} · "
                f"{plural(len(p.cycles), 'cycle')} · {plural(len(p.notes), 'note')}"
            )
            lines += [f"⚑ {name}: {', '.join(labels)}" for name, labels in flagged or []]
            if unknown:
                lines.append("Some measures cannot be analysed yet (too few points).")
        else:
            lines.append("Reading the measures and cycles…")
    if loaded.problems:
        lines.append(f"✗ {plural(len(loaded.problems), 'problem')} in the files:")
        lines += [
            f"  {home.relative(pr.path)}:{pr.line}: {pr.level}: {pr.message}"
            for pr in loaded.problems[:8]
        ]
    return row, "\n".join(lines)


def new_view(summary: portfolio.Summary, home: HomeModel) -> tuple[list[str], str]:
    return home.row(summary), home.detail_text(summary)


def test_summaries_show_what_the_thread_read_showed(portfolio_root: Path) -> None:
    home = HomeModel(portfolio_root)
    folders = discover(portfolio_root)
    listed = [portfolio.list_project(f) for f in folders]
    for folder, first in zip(folders, listed, strict=True):
        assert new_view(portfolio.summarise(first), home) == old_view(
            load_project_file(folder), False, home
        )
        full = portfolio.read_summary(folder, listed=first)
        assert new_view(full, home) == old_view(load_project(folder), True, home)
        assert full == portfolio.read_summary(folder)  # listed or not, the same
    # the project with a signal and the broken one are among them, as Home shows them
    by_name = {f.name: new_view(portfolio.read_summary(f), home) for f in folders}
    assert by_name["p07"][0][3] == "⚑ 1 of 1" and "⚑ Waits: " in by_name["p07"][1]
    assert by_name["zz-broken"][0][-1] == "ERROR"
    assert "zz-broken/project.toml" in by_name["zz-broken"][1]


def test_a_summary_keeps_counts_not_contents(portfolio_root: Path) -> None:
    summary = portfolio.read_summary(portfolio_root / "p07")
    assert summary.full and summary.measures == 1 and summary.cycles == 0
    assert summary.project is not None and summary.project.measures == []
    assert summary.flagged and summary.flagged[0][0] == "Waits"


def read_all(reading: portfolio.Reading) -> list[portfolio.Summary]:
    with reading:
        return list(reading)


@pytest.fixture
def pool_for_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process pool for any number of folders, on any machine."""
    monkeypatch.setattr(portfolio, "POOL_MIN", 1)
    monkeypatch.setattr(portfolio, "cpu_count", lambda: 2)


def test_the_pool_and_the_thread_give_the_same_summaries(
    portfolio_root: Path, pool_for_all: None
) -> None:
    folders = discover(portfolio_root)
    listed = [portfolio.list_project(f) for f in folders]
    pooled = portfolio.Reading(folders, listed)
    from_pool = read_all(pooled)
    assert pooled.futures  # the pool did read them
    assert all(f.done() and not f.cancelled() for f in pooled.futures)
    in_thread = [
        portfolio.read_summary(f, listed=first) for f, first in zip(folders, listed, strict=True)
    ]
    assert from_pool == in_thread
    assert [s.path for s in from_pool] == folders
    assert list(portfolio.read_summaries(folders)) == in_thread


def test_few_folders_are_read_in_the_thread(portfolio_root: Path) -> None:
    folders = discover(portfolio_root)
    assert len(folders) < portfolio.POOL_MIN
    reading = portfolio.Reading(folders)
    assert len(read_all(reading)) == len(folders) and not reading.futures


def test_a_project_whose_reader_raises_is_a_problem_row(
    portfolio_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = portfolio.load_project

    def fails_for_p03(path: Path, listed: Any = None) -> LoadedProject:
        if path.name == "p03":
            raise RuntimeError("disk on fire")
        return real(path, listed=listed)

    monkeypatch.setattr(portfolio, "load_project", fails_for_p03)
    folders = discover(portfolio_root)
    summaries = list(portfolio.read_summaries(folders))
    assert [s.path for s in summaries] == folders
    bad = summaries[3]
    assert bad.full and bad.project is None
    assert [p.message for p in bad.errors] == ["RuntimeError: disk on fire"]
    assert HomeModel(portfolio_root).row(bad)[-1] == "ERROR"
    monkeypatch.setattr(portfolio, "load_project_file", lambda path: 1 / 0)
    assert portfolio.list_project(folders[0]).errors[0].message.startswith("ZeroDivisionError")


def crash(folders: list[Path]) -> list[portfolio.Summary]:
    """A worker that dies (pickled by name: the worker process imports this module)."""
    os._exit(1)


def test_a_broken_pool_loses_no_row(
    portfolio_root: Path, pool_for_all: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = discover(portfolio_root)
    expected = [portfolio.read_summary(f) for f in folders]
    monkeypatch.setattr(portfolio, "_read_chunk", crash)
    assert list(portfolio.read_summaries(folders)) == expected


def test_a_pool_that_cannot_start_loses_no_row(
    portfolio_root: Path, pool_for_all: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes() -> Any:
        raise OSError("no more processes")

    monkeypatch.setattr(portfolio, "_pool_context", no_processes)
    folders = discover(portfolio_root)
    reading = portfolio.Reading(folders)
    assert read_all(reading) == [portfolio.read_summary(f) for f in folders]
    assert not reading.futures


def test_cancelling_stops_the_reading_and_the_pool(
    portfolio_root: Path, pool_for_all: None
) -> None:
    folders = discover(portfolio_root)
    seen: list[portfolio.Summary] = []
    reading = portfolio.Reading(folders, cancelled=lambda: len(seen) >= 3)
    with reading:
        for summary in reading:
            seen.append(summary)
        assert reading.pool is None  # shut down as the iteration stopped
    assert len(seen) == 3 and reading.futures
    assert reading.context is not None and reading.context.processes
    for worker in reading.context.processes:  # ended, not left to finish their chunks
        worker.join(10)
        assert worker.exitcode is not None


def test_the_workers_are_recorded_and_ended(pool_for_all: None) -> None:
    import multiprocessing

    context = process_pool.RecordingContext(multiprocessing.get_context("spawn"))
    assert context.get_start_method() == "spawn"  # the rest is the inner context's
    sleeper = context.Process(target=time.sleep, args=(30,))
    sleeper.start()
    assert context.processes == [sleeper] and sleeper.is_alive()
    context.terminate()
    sleeper.join(10)
    assert sleeper.exitcode == -signal.SIGTERM
    context.terminate()  # once more: nothing left to end


async def test_the_pool_starts_and_stops_in_the_app(
    portfolio_root: Path, pool_for_all: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the app, the pool starts with sys.stderr left as the app has it (Textual's
    stand-in, without a file descriptor), reads every project, and its workers stop."""
    readings: list[portfolio.Reading] = []
    stderr_seen: list[object] = []

    class Watched(portfolio.Reading):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            readings.append(self)
            super().__init__(*args, **kwargs)

        def _start_pool(self) -> None:
            stderr_seen.append(sys.stderr)
            super()._start_pool()
            stderr_seen.append(sys.stderr)

    monkeypatch.setattr(portfolio, "Reading", Watched)
    app = make_app(portfolio_root)
    async with app.run_test() as pilot:
        await home_loaded(pilot)
        in_app = sys.stderr
        with pytest.raises(io.UnsupportedOperation):
            in_app.fileno()  # Textual's stand-in (see qitui.textual_compat)
        (reading,) = readings
        assert reading.futures and all(f.done() and not f.cancelled() for f in reading.futures)
        assert stderr_seen == [in_app, in_app]  # never swapped
        assert reading.pool is None and reading.context is not None
        table = app.screen.query_one("#projects", DataTable)
        assert table.row_count == len(discover(portfolio_root))
    for worker in reading.context.processes:
        worker.join(10)
        assert worker.exitcode == 0  # every result came back: they were let finish


FRESH = """
import asyncio, sys
from qitui import portfolio
portfolio.POOL_MIN, portfolio.cpu_count = 1, lambda: 2
from qitui.app import make_app
readings = []

class Watched(portfolio.Reading):
    def __init__(self, *args, **kwargs):
        readings.append(self)
        super().__init__(*args, **kwargs)

portfolio.Reading = Watched

async def main():
    app = make_app(sys.argv[1])
    async with app.run_test() as pilot:
        home = app.screen
        while not home.started:
            await asyncio.sleep(0.01)
        await asyncio.wait_for(home.loaded_event.wait(), 60)
        (reading,) = readings
        print(bool(reading.futures) and all(f.done() for f in reading.futures))

asyncio.run(main())
"""


def test_a_fresh_app_starts_its_pool(portfolio_root: Path) -> None:
    """In a new process (no resource tracker running yet), the app's pool starts, under
    Textual's sys.stderr, and reads the projects."""
    done = subprocess.run(
        [sys.executable, "-c", FRESH, str(portfolio_root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True", done.stderr
