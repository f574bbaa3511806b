"""The projects of a folder as Home lists them: one small, picklable :class:`Summary` each.

``summarise(list_project(folder))`` is a project as its project.toml alone shows it (listed
quickly); :func:`read_summary` reads a project in full, analyses its measures and keeps only
what a row and its detail show (counts, not contents). :class:`Reading` (and
:func:`read_summaries`) gives the full summaries of many folders in order, from a pool of
worker processes when there are enough to pay for its start-up (parsing is pure Python: a
thread would share the app's core), else in the calling thread. Nothing here imports the UI.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from qitui import model as m
from qitui.process_pool import POOL_MIN, RecordingContext, cpu_count
from qitui.store import LoadedProject, Problem, load_project, load_project_file

if TYPE_CHECKING:  # the pool's modules are imported when a pool is first used
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

#: cycle statuses counted as "under way"
UNDER_WAY = ("planned", "doing", "studying")
#: folders per task sent to a worker process
CHUNK = 10
#: how often (seconds) a wait on the pool checks for cancellation
POLL = 0.05
#: how often (seconds) :func:`load_batches` gives what it has read
BATCH_SECONDS = 0.25
#: modules the fork server imports once, so that each worker starts with them
PRELOAD = ["qitui.portfolio", "qitui.measure_analysis", "qitui.analysis"]


@dataclass
class Summary:
    """One project as Home shows it: project.toml only (``full`` False), or read in full."""

    path: Path
    #: project.toml's content (title, aim, scores, change ideas...): measures, cycles and
    #: notes are left out, their counts below; None when project.toml is unusable
    project: m.Project | None
    problems: list[Problem] = field(default_factory=list)
    full: bool = False
    measures: int = 0
    cycles: int = 0
    notes: int = 0
    #: cycles whose status is in :data:`UNDER_WAY`
    under_way: int = 0
    #: the latest date written in the project (:meth:`~qitui.model.Project.last_activity`)
    last_entry: date | None = None
    #: measures with a current signal: (name, signal labels); None until analysed
    flagged: list[tuple[str, list[str]]] | None = None
    #: True when the engine could not tell for some measure
    unknown: bool = False

    @property
    def key(self) -> str:
        return str(self.path)

    @property
    def title(self) -> str:
        return self.project.title if self.project else self.path.name

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def score_history(self, last: int) -> list[float]:
        """The ``last`` progress scores, oldest first."""
        p = self.project
        return [s.score for s in sorted(p.scores, key=lambda s: s.date)][-last:] if p else []

    def signal_count(self) -> int | None:
        return None if self.flagged is None else len(self.flagged)


def analyse(project: m.Project | None) -> tuple[list[tuple[str, list[str]]], bool]:
    """The measures of ``project`` with a current signal, and whether any could not be told."""
    flagged: list[tuple[str, list[str]]] = []
    unknown = False
    from qitui.measure_analysis import measure_signals

    for meas in project.measures if project else []:
        labels = measure_signals(meas)
        if labels is None:
            unknown = True
        elif labels:
            flagged.append((meas.name, labels))
    return flagged, unknown


def failed(folder: Path, exc: BaseException) -> LoadedProject:
    """A project that could not be read for an unexpected reason: one problem row."""
    problem = Problem(folder / "project.toml", 0, f"{type(exc).__name__}: {exc}")
    return LoadedProject(path=folder, project=None, problems=[problem])


def list_project(folder: Path) -> LoadedProject:
    """The project.toml of ``folder`` (never raises: an error becomes a problem)."""
    try:
        return load_project_file(folder)
    except Exception as exc:  # never lose a row to an unexpected error
        return failed(folder, exc)


def read_summary(folder: Path, listed: LoadedProject | None = None) -> Summary:
    """``folder`` read in full and analysed (never raises). ``listed``: its project.toml as
    :func:`list_project` read it, not read again."""
    try:
        loaded = load_project(folder, listed=listed)
        return summarise(loaded, full=True)
    except Exception as exc:  # never lose a row to an unexpected error
        return summarise(failed(folder, exc), full=True)


def summarise(loaded: LoadedProject, full: bool = False) -> Summary:
    """What Home shows of ``loaded``; ``full``: it was read in full (counts and analysis)."""
    p = loaded.project
    summary = Summary(loaded.path, p, list(loaded.problems), full=full)
    if p is None or not full:
        if full:
            summary.flagged = []
        return summary
    summary.project = replace(p, measures=[], cycles=[], notes=[])
    summary.measures, summary.cycles, summary.notes = len(p.measures), len(p.cycles), len(p.notes)
    summary.under_way = sum(1 for c in p.cycles if c.status in UNDER_WAY)
    summary.last_entry = p.last_activity()
    summary.flagged, summary.unknown = analyse(p)
    return summary


def _quiet() -> None:
    """Start a worker process with stdout and stderr going nowhere rather than over the
    app's screen (results and errors come back through the pool)."""
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def _read_chunk(folders: list[Path]) -> list[Summary]:
    """The task of a worker process."""
    return [read_summary(f) for f in folders]


def _pool_context() -> BaseContext:
    """forkserver where there is one (safe in a process with threads, unlike fork; its
    server imports the store and the engine once), else spawn."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)  # ignored once the server runs
        return ctx
    return multiprocessing.get_context("spawn")


def use_pool(count: int) -> bool:
    """Whether ``count`` folders are read by worker processes."""
    return count >= POOL_MIN and cpu_count() > 1


class Reading:
    """The full summaries of ``folders``, read from the moment this is made and iterated in
    order; use it as a context manager (or call :meth:`close`) to stop the reading early.

    Many folders (:func:`use_pool`) are read by a process pool, started by a short-lived
    thread so that neither its start-up nor its work hold up whatever the caller does
    before iterating; otherwise, or from where the pool fails to start or breaks, they are
    read in the iterating thread, with ``listed`` (what :func:`list_project` gave for each
    folder, filled in by then) if given. Iteration stops as soon as ``cancelled()`` is
    true, and the pool's workers are then stopped at once.

    The workers are ended through the context that started them
    (:class:`qitui.process_pool.RecordingContext`)."""

    def __init__(
        self,
        folders: Sequence[Path],
        listed: Sequence[LoadedProject] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        self.folders = list(folders)
        self.listed = listed
        self.cancelled = cancelled
        self.pool: ProcessPoolExecutor | None = None
        self.context: RecordingContext | None = None  # the pool's: it knows the workers
        self.futures: list[Future[list[Summary]]] = []
        self._lock = threading.Lock()
        self._closed = False
        self._complete = False  # every result came back
        self._starter: threading.Thread | None = None
        if use_pool(len(self.folders)):
            # the first submit waits for the fork server to start its workers
            self._starter = threading.Thread(target=self._start_pool, name="qitui-pool-start")
            self._starter.start()

    def _start_pool(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        try:
            context = self.context = RecordingContext(_pool_context())
            workers = min(cpu_count(), 4)
            launcher = cast("BaseContext", context)  # a context, as far as the pool can tell
            pool = ProcessPoolExecutor(workers, mp_context=launcher, initializer=_quiet)
            with self._lock:
                if self._closed:
                    pool.shutdown(wait=False, cancel_futures=True)
                    return
                self.pool = pool
            chunks = [self.folders[i : i + CHUNK] for i in range(0, len(self.folders), CHUNK)]
            self.futures = [pool.submit(_read_chunk, chunk) for chunk in chunks]
        except Exception:  # OSError, BrokenProcessPool, closed meanwhile...: read in the thread
            self.close()
            self.futures = []

    def __iter__(self) -> Iterator[Summary]:
        done = 0
        try:
            while self._starter is not None and self._starter.is_alive():
                if self.cancelled():
                    return
                self._starter.join(POLL)
            for future in self.futures:
                batch = self._wait(future)
                if batch is None:
                    return
                for summary in batch:
                    if self.cancelled():
                        return
                    yield summary
                    done += 1
            self._complete = True
        except Exception:  # BrokenProcessPool, pickling...: read the rest in this thread
            pass
        finally:
            self.close()
        for i in range(done, len(self.folders)):
            if self.cancelled():
                return
            yield read_summary(self.folders[i], self.listed[i] if self.listed else None)

    def _wait(self, future: Future[list[Summary]]) -> list[Summary] | None:
        """The result of ``future``; None if ``cancelled()`` becomes true first."""
        while not self.cancelled():
            try:
                return future.result(timeout=POLL)
            except TimeoutError:
                continue
        return None

    def close(self) -> None:
        """Stop the pool, if any: queued work is dropped and, unless every result came
        back, the workers are ended (the process would otherwise wait for them on exit)."""
        with self._lock:
            self._closed = True
            pool, self.pool = self.pool, None
        if pool is None:
            return
        pool.shutdown(wait=False, cancel_futures=True)
        if not self._complete and self.context is not None:
            self.context.terminate()  # the workers it started

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_summaries(
    folders: Sequence[Path],
    listed: Sequence[LoadedProject] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[Summary]:
    """The full summary of each of ``folders``, in order (see :class:`Reading`; the reading
    starts at the first ``next``)."""
    with Reading(folders, listed, cancelled) as reading:
        yield from reading


@dataclass
class Batch:
    """Projects read by :func:`load_batches`: ``done`` of ``total`` at this ``stage``."""

    entries: list[Summary]
    done: int
    total: int
    stage: str  # "list" (project.toml), "read" (in full) or "done"
    keys: list[str] | None = None  # every project folder, in the first batch


def load_batches(root: Path, cancelled: Callable[[], bool] = lambda: False) -> Iterator[Batch]:
    """Every project of ``root`` as Home reads it, in batches (one every
    :data:`BATCH_SECONDS` at most): first each project.toml (every project is listed
    quickly), then each project in full, read by a pool (:class:`Reading`) from the start
    for many projects. Ends at once, without the last batches, when ``cancelled()``."""
    from qitui.store import discover

    folders = discover(root)
    total = len(folders)
    yield Batch([], 0, total, "list", [str(f) for f in folders])
    listed: list[LoadedProject] = []

    def listing() -> Iterator[Summary]:
        for folder in folders:
            listed.append(list_project(folder))
            yield summarise(listed[-1])

    # a pool, if any, starts reading now, while this thread lists
    with Reading(folders, listed, cancelled) as reading:
        for stage, entries in (("list", listing()), ("read", iter(reading))):
            batch: list[Summary] = []
            posted = time.monotonic()
            for done, entry in enumerate(entries, 1):
                if cancelled():
                    return
                batch.append(entry)
                if time.monotonic() - posted >= BATCH_SECONDS:
                    yield Batch(batch, done, total, stage)
                    batch, posted = [], time.monotonic()
            if cancelled():
                return
            yield Batch(batch, total, total, stage)
    yield Batch([], total, total, "done")
