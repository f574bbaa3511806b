"""The pilot's idle wait, ended when the app has nothing left to do rather than after 20 ms.

Textual's pilot waits twice after every key, and once in every ``pause()``, with
``textual._wait.wait_for_idle(0)``: it sleeps 20 ms, and again while the process used more
than 1 ms of CPU in the last 20 ms. A key that the app handles in 3 ms thus costs the test at
least 40 ms of sleeping, and the suite's workers sleep for much of their time.

:func:`wait_for_idle` asks the event loop instead. After a 1 ms sleep, the app is idle when
the process used no CPU meanwhile, no callback is ready to run and no live timer is due
within :data:`HORIZON`: a screen's next frame or an animation step is slept through to, and
looked at again. A timer further off is not waited for, as Textual's 20 ms do not wait for
it either; a paused timer's last sleep is not work (:func:`_paused_timer_sleep`).

Whatever the event loop cannot see is left to Textual's own wait, unchanged: while a Textual
worker is pending or running, or a thread other than the main one and the pools' threads is
alive, after :data:`FAST_FOR` without an idle look, and for waits with a minimum
(``wait_for_idle()`` in ``Pilot.exit`` and ``wait_for_scheduled_animations``).

``tests/conftest.py`` installs it (:data:`PATCHED` names the Textual modules whose
``wait_for_idle`` it replaces), unless ``QITUI_TEXTUAL_IDLE`` is set: then the pilot waits
Textual's way, to tell whether a test that fails depends on the wait.
``tests/functional/app/test_idle_wait.py`` fails loudly if the names it replaces or the
event loop's internals it reads have moved.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
from time import monotonic, process_time
from typing import Any

from textual import _wait
from textual.worker import WorkerState

#: a timer due within this many seconds is waited for (a screen's frame is 1/60 s)
HORIZON = 0.025
#: the sleep between two looks at the event loop
STEP = 0.001
#: CPU time (seconds) the process may use during one step and still be idle
QUIET = 0.0002
#: give up the fast path after this long and wait Textual's way
FAST_FOR = 0.1
#: the modules that imported Textual's ``wait_for_idle`` by name
PATCHED = ("textual.app", "textual.pilot")

_textual_wait = _wait.wait_for_idle
_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


def _next_due(loop: asyncio.AbstractEventLoop) -> float | None:
    """None if nothing is ready to run and no live timer is due within :data:`HORIZON`; else
    when the loop has work next (now, or the first such timer)."""
    now = loop.time()
    if loop._ready:  # type: ignore[attr-defined]
        return now
    due = [
        handle.when()
        for handle in loop._scheduled  # type: ignore[attr-defined]
        if handle.when() <= now + HORIZON
        and not handle.cancelled()
        and not _paused_timer_sleep(handle)
    ]
    return min(due) if due else None


def _owner(handle: asyncio.TimerHandle) -> object | None:
    """The Textual :class:`~textual.timer.Timer` whose task sleeps on ``handle`` (the
    handle of ``asyncio.sleep``, whose future wakes the timer's task), or None."""
    from textual.timer import Timer

    args = getattr(handle, "_args", None) or ()
    future = args[0] if args else None
    for callback, _context in getattr(future, "_callbacks", None) or ():
        task = getattr(callback, "__self__", None)
        coro = task.get_coro() if isinstance(task, asyncio.Task) else None
        frame = getattr(coro, "cr_frame", None)
        timer = frame.f_locals.get("self") if frame is not None else None
        if isinstance(timer, Timer):
            return timer
    return None


def _paused_timer_sleep(handle: asyncio.TimerHandle) -> bool:
    """The sleep of a paused Textual timer (a screen's frame clock after its frame, an idle
    animator): when it ends, the timer waits to be resumed, and nothing runs. Anything else
    (an unknown shape included) is not."""
    timer = _owner(handle)
    return timer is not None and not timer._active.is_set()  # type: ignore[attr-defined]


def _off_loop_work() -> bool:
    """A Textual worker pending or running, or a thread besides the main one alive that is
    not an idle pool thread: work the event loop cannot see."""
    from textual._context import active_app

    app = active_app.get(None)
    if app is not None and any(worker.state in _BUSY for worker in app.workers):
        return True
    return any(
        thread is not threading.main_thread() and not _idle_pool_thread(thread)
        for thread in threading.enumerate()
    )


def _idle_pool_thread(thread: threading.Thread) -> bool:
    """A thread of a ``ThreadPoolExecutor`` (Textual's thread workers run in the loop's
    default executor): whether it works is told by the workers above, as qitui hands no
    other work to an executor."""
    return thread.name.startswith(("ThreadPoolExecutor", "asyncio_"))


async def wait_for_idle(min_sleep: float = _wait.SLEEP_GRANULARITY, max_sleep: float = 1) -> None:
    """Textual's ``wait_for_idle``, ended as soon as the event loop is idle (see above)."""
    if min_sleep > 0:
        await _textual_wait(min_sleep, max_sleep)
        return
    loop = asyncio.get_running_loop()
    start = monotonic()
    delay = STEP
    while monotonic() - start < FAST_FOR:
        cpu = process_time()
        await asyncio.sleep(delay)
        delay = STEP
        if _off_loop_work():
            break
        if process_time() - cpu >= QUIET:
            continue  # something ran meanwhile: look again
        due = _next_due(loop)
        if due is None:
            return
        delay = max(STEP, due - loop.time() + STEP)  # sleep through to the due timer
    await _textual_wait(0, max_sleep)


def install() -> None:
    for name in PATCHED:
        module: Any = importlib.import_module(name)
        module.wait_for_idle = wait_for_idle
