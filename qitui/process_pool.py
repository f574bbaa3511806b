"""What a pool of worker processes needs from multiprocessing, with public API only.

* :func:`start_tracker` starts multiprocessing's resource tracker, which is given
  ``sys.stderr``'s file descriptor: call it before an app takes stdio over (a Textual app puts
  an object whose ``fileno()`` is -1 in ``sys.stderr`` while it runs, and a pool started then
  cannot start the tracker). :func:`prepare_for` does it for a folder that will be read by a
  pool, and nothing otherwise (the tracker is a process of its own).
* :class:`RecordingContext` is a multiprocessing context that keeps the processes it starts,
  so that a pool's workers can be ended (``ProcessPoolExecutor`` takes the context to launch
  its workers with; Python 3.14's ``terminate_workers()`` does the same for it).

Standard library only, and cheap to import: the app imports it before its first frame.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

#: folders from which a process pool is used (fewer are read faster in the thread)
POOL_MIN = 40


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start_tracker() -> None:
    """Start multiprocessing's resource tracker (if it is not running), with ``sys.stderr``
    as it is now: call it while that is the terminal's (or a file's)."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def prepare_for(folder: Path) -> bool:
    """Start the resource tracker if ``folder`` holds enough folders to be read by a pool
    (counted without reading them); True if it did. Never raises: a pool that cannot
    start later reads in a thread instead."""
    if cpu_count() < 2:
        return False
    try:
        with os.scandir(folder) as entries:
            count = sum(1 for e in entries if e.is_dir() and not e.name.startswith("."))
        if count < POOL_MIN:
            return False
        start_tracker()
    except (OSError, ValueError):
        return False
    return True


class RecordingContext:
    """A multiprocessing context (``inner``) that keeps the processes it starts in
    :attr:`processes`; everything else is ``inner``'s."""

    def __init__(self, inner: BaseContext) -> None:
        self.inner: Any = inner  # a concrete context (BaseContext does not declare Process)
        self.processes: list[BaseProcess] = []

    def Process(self, *args: Any, **kwargs: Any) -> BaseProcess:  # noqa: N802 (the context's name)
        process = self.inner.Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def terminate(self) -> None:
        """End the processes started (those still running)."""
        for process in self.processes:
            with contextlib.suppress(OSError, AttributeError, ValueError):
                if process.is_alive():
                    process.terminate()
