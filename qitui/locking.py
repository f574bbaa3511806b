"""One writer at a time per project: a lock file in the project's work folder.

Every save (the app's and the command line's) takes an exclusive ``flock`` on
``<project>/.qitui/lock``, checks the file on disk still has the fingerprint it was loaded
with, writes, and only then lets the next writer in: a check and its rename are one step, so
two writers never both "succeed" with one of the changes lost. The lock is re-entrant within a
process (``qitui import`` holds it from reading the project to writing the measure), and the
kernel drops it when a process dies, so a ``kill -9`` never leaves a project locked.

``<project>/.qitui/`` also holds the temporary files of saves under way; its ``.gitignore``
(``*``) keeps the whole folder out of git. Where ``fcntl`` does not exist (Windows) the lock
is a no-op and the fingerprint check alone guards saves.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WORK_DIR = ".qitui"
LOCK_NAME = "lock"
#: How long a save waits for another writer of the same project before giving up (seconds).
LOCK_TIMEOUT = 10.0


class LockError(OSError):
    """The project's lock could not be taken (busy too long, or no work folder)."""


def work_dir(root: Path) -> Path:
    """``<root>/.qitui``, made if missing, with the ``.gitignore`` that hides it from git."""
    folder = Path(root) / WORK_DIR
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            raise LockError(f"{folder}: exists and is not a folder; move it away")
        folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text("# qitui's lock and temporary files: never commit them\n*\n")
    return folder


class _Held:
    def __init__(self) -> None:
        self.guard = threading.RLock()
        self.fd: int | None = None
        self.depth = 0


_REGISTRY: dict[str, _Held] = {}
_REGISTRY_GUARD = threading.Lock()


def _held(root: Path) -> _Held:
    key = os.path.realpath(root)
    with _REGISTRY_GUARD:
        return _REGISTRY.setdefault(key, _Held())


@contextlib.contextmanager
def project_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's write lock (re-entrant in this process; waits up to ``timeout``,
    by default :data:`LOCK_TIMEOUT`)."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    held = _held(root)
    got = held.guard.acquire(timeout=timeout) if timeout > 0 else held.guard.acquire(False)
    if not got:
        raise LockError(f"{root}: another save of this project is taking too long")
    try:
        if held.depth == 0:
            held.fd = _acquire(root, timeout)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                with contextlib.suppress(OSError):
                    os.close(held.fd)  # closing the descriptor releases the flock
                held.fd = None
    finally:
        held.guard.release()


@contextlib.contextmanager
def try_lock(root: Path) -> Iterator[bool]:
    """The lock if it is free right now (yields True), else yields False without waiting."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(project_lock(root, timeout=0))
            got = True
        except LockError:
            got = False
        yield got


def _acquire(root: Path, timeout: float) -> int | None:
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        path = work_dir(root) / LOCK_NAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise LockError(f"{root}: cannot make the lock file: {exc.strerror or exc}") from None
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockError(
                    f"{root}: another qitui is saving this project; try again"
                ) from None
            time.sleep(0.01)
        except OSError as exc:  # a file system without locks: the fingerprint check remains
            os.close(fd)
            if exc.errno in (getattr(os, "ENOLCK", -1), 38, 95):  # ENOLCK, ENOSYS, EOPNOTSUPP
                return None
            raise LockError(f"{root}: cannot lock: {exc.strerror or exc}") from None
