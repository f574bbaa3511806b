"""A forked process: it works on a copy of this process's data, answers requests, reports its
failures as errors, and ends when closed."""

from __future__ import annotations

import os
import time

import pytest

from qitui import forked
from qitui.forked import Forked, ForkedError

pytestmark = pytest.mark.skipif(not forked.AVAILABLE, reason="needs os.fork")


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (reaped by the module or by us)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        forked._reap()
        if pid not in forked._pending:
            return True
        time.sleep(0.02)
    return False


def test_setup_answers_and_requests_are_handled_on_its_state() -> None:
    data = list(range(1000))  # there in the child without being sent

    def setup() -> tuple[list[int], int]:
        return data, sum(data)

    proc = Forked(setup, lambda state, k: (os.getpid(), state[k] * 2))
    try:
        assert proc.first() == sum(range(1000))
        pid, value = proc.ask(21)
        assert value == 42 and pid == proc.pid != os.getpid()
        assert proc.ask(500)[1] == 1000
    finally:
        pid = proc.pid
        proc.close()
    assert gone(pid)
    with pytest.raises(ForkedError):
        proc.ask(1)


def test_failures_come_back_as_errors() -> None:
    def setup() -> tuple[None, None]:
        raise ValueError("bad data on row 3")

    proc = Forked(setup, lambda state, r: r)
    try:
        with pytest.raises(ForkedError, match="bad data on row 3"):
            proc.first()
    finally:
        proc.close()

    proc = Forked(lambda: (None, "ready"), lambda state, r: 1 / r)
    try:
        assert proc.first() == "ready"
        with pytest.raises(ForkedError, match="division by zero"):
            proc.ask(0)
        assert proc.ask(4) == 0.25  # still serving after a failed request
    finally:
        proc.close()
