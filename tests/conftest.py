"""Shared fixtures: small projects built through the store, never by hand-written paths."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from qitui import model as m
from qitui.store import ProjectStore, create_project

EXAMPLE = Path(__file__).resolve().parent.parent / "projects"


def build_small_project(folder: Path) -> ProjectStore:
    store = create_project(folder, "Small test project")
    p = store.project
    p.start = date(2026, 1, 5)
    p.aim = m.Aim(
        "increase on-time reviews", "from 60% to 85%", date(2027, 3, 31), "families", "Hillview"
    )
    p.scores.append(m.ProgressScore(date(2026, 2, 1), 2.0, "baseline data"))
    p.drivers += [
        m.Driver("access", "Access"),
        m.Driver("reminders", "Reminders", "secondary", ["access"]),
    ]
    p.change_ideas.append(m.ChangeIdea("sms", "Text reminders", ["reminders"]))
    store.save_project()
    meas = m.Measure("on-time", "On-time reviews", chart="p", better="up", target=0.85)
    meas.points = [
        m.DataPoint(date(2026, 1, 5) + timedelta(weeks=i), numerator=10 + i, denominator=30)
        for i in range(12)
    ]
    store.save_measure(meas)
    cyc = m.Cycle(store.new_cycle_id("SMS test"), "1a", "sms", "SMS test", start=date(2026, 2, 2))
    cyc.plan.questions.append(m.Question("Will families reply?", "Half will"))
    store.save_cycle(cyc)
    return store


@pytest.fixture(autouse=True)
def _state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery files go to a folder of the test's own, never the developer's ~/.local/state
    (and no recovery dialog from an earlier run appears in a test)."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are taken at rest: no fades or smooth scrolling half-way through."""
    from textual import constants

    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    build_small_project(tmp_path / "small")
    return tmp_path / "small"
