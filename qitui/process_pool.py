"""What a pool of worker processes needs from multiprocessing, with public API only:
:class:`RecordingContext` is a multiprocessing context that keeps the processes it starts, so
that a pool's workers can be ended (``ProcessPoolExecutor`` takes the context to launch its
workers with; Python 3.14's ``terminate_workers()`` does the same for it).

In the app, Textual's stand-in for ``sys.stderr`` says it has no file descriptor
(:mod:`qitui.textual_compat`), so that multiprocessing's resource tracker starts without it:
``sys.stderr`` is never swapped. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
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
