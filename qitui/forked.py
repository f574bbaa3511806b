"""Work in a forked process that keeps what it made and answers requests about it.

A :class:`Forked` process starts as a copy of this one (``os.fork``: the data it works on is
there already, nothing is sent), runs ``setup()`` and sends back its answer, then answers
each request with ``handle(state, request)`` until this side closes it (or goes away). Its
CPU is not this process's: the interpreter lock of the app stays free for the UI while it
works. Answers travel pickled, so they should be small.

The child closes every file but its two pipes, never writes to the terminal (0-2 go to
/dev/null), and leaves by ``os._exit``. Whatever it needs to import should be imported
before the fork (a module being imported by another thread then would stay locked in the
child). Standard library only; :data:`AVAILABLE` is False off Linux.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import warnings
from collections.abc import Callable
from threading import Lock
from typing import Any

#: Linux only: elsewhere forking a process with threads is unsafe (macOS) or impossible
AVAILABLE = sys.platform.startswith("linux") and hasattr(os, "fork")

#: how much less the child asks of the CPU than the app (``os.nice``)
NICE = 5

_HEAD = struct.Struct("!Q")
_pending: list[int] = []  # children closed but not yet reaped


class ForkedError(RuntimeError):
    """The process failed (its message) or is gone."""


def _write(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEAD.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, size: int) -> bytes:
    parts = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _read(fd: int) -> Any:
    (size,) = _HEAD.unpack(_read_exact(fd, _HEAD.size))
    return pickle.loads(_read_exact(fd, size))


def _reap() -> None:
    for pid in list(_pending):
        with contextlib.suppress(ChildProcessError, OSError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                continue
        _pending.remove(pid)


class Forked:
    """A forked process: ``setup()`` runs there at once; :meth:`first` waits for its answer,
    :meth:`ask` sends a request to ``handle(state, request)`` and waits for the answer."""

    def __init__(
        self, setup: Callable[[], tuple[Any, Any]], handle: Callable[[Any, Any], Any]
    ) -> None:
        """``setup()`` returns (state kept in the child, answer sent back)."""
        _reap()
        self._lock = Lock()
        self._first: Any = None
        self._got_first = False
        down_r, down_w = os.pipe()  # requests: this side writes
        up_r, up_w = os.pipe()  # answers: the child writes
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns of fork() with threads: the child only runs our code,
                # whose modules are imported before (see the module's notes)
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            for fd in (down_r, down_w, up_r, up_w):
                os.close(fd)
            raise
        if pid == 0:  # the child: never returns
            _child(down_r, up_w, setup, handle)
        os.close(down_r)
        os.close(up_w)
        self.pid = pid
        self._out, self._in = down_w, up_r

    def first(self) -> Any:
        """The answer of ``setup()`` (waits for it; raises :class:`ForkedError` on failure)."""
        with self._lock:
            if not self._got_first:
                self._first = self._receive()
                self._got_first = True
        return _answer(self._first)

    def ask(self, request: Any) -> Any:
        """``handle(state, request)``'s answer (waits for it)."""
        self.first()
        with self._lock:
            if self._out < 0:
                raise ForkedError("the process was closed")
            try:
                _write(self._out, request)
            except OSError as exc:
                raise ForkedError(f"the process is gone ({exc})") from exc
            return _answer(self._receive())

    def _receive(self) -> Any:
        if self._in < 0:
            raise ForkedError("the process was closed")
        try:
            return _read(self._in)
        except (EOFError, OSError) as exc:
            self._release()
            raise ForkedError("the process ended without an answer") from exc

    def _release(self) -> None:
        """Close both pipes and leave the process to be reaped (:func:`_reap`)."""
        for fd in (self._out, self._in):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._out = self._in = -1
        if self.pid:
            _pending.append(self.pid)
            self.pid = 0

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called (or the process failed to answer)."""
        return self._in < 0

    def close(self) -> None:
        """End the process (it sees its requests' pipe closed) and forget it; a request
        under way in another thread is answered first (its pipes are never closed under
        it)."""
        with self._lock:
            self._release()
        _reap()


def _answer(message: tuple[str, Any]) -> Any:
    kind, value = message
    if kind == "error":
        raise ForkedError(value)
    return value


def _child(
    down: int,
    up: int,
    setup: Callable[[], tuple[Any, Any]],
    handle: Callable[[Any, Any], Any],
) -> None:
    """The child's life: set up, answer, then serve until the requests' pipe closes."""
    code = 0
    try:
        gc.disable()  # short-lived: no collections walking the parent's objects
        with contextlib.suppress(OSError, AttributeError):
            os.nice(NICE)  # the app's UI thread first, when the cores are busy
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)  # signals must not wake the parent's event loop
        for sig in ("SIGINT", "SIGTSTP", "SIGWINCH", "SIGCONT"):
            if hasattr(signal, sig):
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(getattr(signal, sig), signal.SIG_IGN)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        keep = sorted({down, up})
        os.closerange(3, keep[0])
        os.closerange(keep[0] + 1, keep[1])
        os.closerange(keep[1] + 1, 1 << 16)
        try:
            state, answer = setup()
            _write(up, ("ok", answer))
        except Exception as exc:  # sent back: shown by the caller
            _write(up, ("error", str(exc) or type(exc).__name__))
            return
        while True:
            try:
                request = _read(down)
            except (EOFError, OSError):
                return
            try:
                _write(up, ("ok", handle(state, request)))
            except Exception as exc:
                _write(up, ("error", str(exc) or type(exc).__name__))
    except BaseException:
        code = 1
    finally:
        os._exit(code)
