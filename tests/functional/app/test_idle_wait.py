"""The pilot's idle wait (tests/helpers/idle.py): installed in place of Textual's, built on
internals that are still there, and it waits for what Textual's waited for."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time

import pytest
import textual.app
import textual.pilot
from textual import _wait
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.helpers import idle


class Idle(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("idle")


@pytest.fixture
def textual_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Each hand-over to Textual's wait, listed; the fast path given all the time it wants
    (however slow the machine), so that a hand-over is never just a late one."""
    waits: list[float] = []

    async def counted(min_sleep: float = 0.02, max_sleep: float = 1) -> None:
        waits.append(min_sleep)
        await _wait.wait_for_idle(min_sleep, max_sleep)

    monkeypatch.setattr(idle, "_textual_wait", counted)
    monkeypatch.setattr(idle, "FAST_FOR", 30.0)
    return waits


def test_the_pilot_waits_are_replaced() -> None:
    for module in (textual.app, textual.pilot):
        assert module.wait_for_idle is idle.wait_for_idle, module.__name__
    assert idle._textual_wait is _wait.wait_for_idle
    assert tuple(inspect.signature(_wait.wait_for_idle).parameters) == ("min_sleep", "max_sleep")


async def test_a_paused_timers_sleep_is_not_work_and_a_running_timers_is() -> None:
    async with Idle().run_test() as pilot:
        loop = asyncio.get_running_loop()
        assert hasattr(loop, "_ready") and isinstance(loop._scheduled, list)
        timer = pilot.app.set_interval(0.5, lambda: None, name="running")
        for _ in range(3):
            await asyncio.sleep(0)  # its task starts, and sleeps
        sleeps = [h for h in loop._scheduled if not h.cancelled() and idle._owner(h) is timer]
        assert sleeps, "the timer's sleep is found"
        assert not any(idle._paused_timer_sleep(h) for h in sleeps), "running: work to wait for"
        timer.pause()
        assert all(idle._paused_timer_sleep(h) for h in sleeps), "paused: nothing runs after"


async def test_a_timer_due_soon_is_waited_for() -> None:
    async with Idle().run_test() as pilot:
        fired: list[bool] = []
        pilot.app.set_timer(idle.HORIZON / 2, lambda: fired.append(True))
        await pilot.pause()
        assert fired == [True]


async def test_a_busy_worker_is_waited_for_textuals_way(textual_waits: list[float]) -> None:
    done = threading.Event()

    def burn() -> None:
        end = time.thread_time() + 0.2
        while time.thread_time() < end:
            pass
        done.set()

    async with Idle().run_test() as pilot:
        pilot.app.run_worker(burn, thread=True)
        await pilot.pause()
        assert textual_waits, "a running worker: Textual's wait, which sees its CPU"
        for _ in range(50):
            if done.is_set():
                break
            await pilot.pause()
        assert done.is_set()


async def test_an_idle_app_needs_no_textual_wait(textual_waits: list[float]) -> None:
    async with Idle().run_test() as pilot:
        await pilot.pause()
        textual_waits.clear()  # the start's own
        await pilot.press("x")
        await pilot.pause()
        assert textual_waits == []
