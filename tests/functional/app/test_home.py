"""Home, the portfolio: rows filled in by a worker, score history, sort and filter by key."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import pytest
from textual.widgets import DataTable, Input

from qitui.app import make_app
from qitui.screens.home import HomeScreen, sparkline
from tests.helpers.pilot import HANG, home_intro, home_loaded, home_rows
from tests.helpers.sample import TODAY

SIZE = (80, 24)


def test_sparkline_maps_the_scale_to_blocks() -> None:
    assert sparkline([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]) == "▁▁▂▃▄▅▆▇██"
    assert sparkline([]) == ""


async def test_every_project_is_listed_after_the_load(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        listed = home_rows(app)
        assert len(listed) == 31
        assert "31 projects" in home_intro(app) and "loading" not in home_intro(app)
        broken = [r for r in listed if r[0].startswith("✗ zz-broken")]
        assert broken and broken[0][-1] == "ERROR"
        p07 = next(r for r in listed if r[0] == "Project 07")
        assert p07[3] == "⚑ 1 of 1"
        assert p07[2] == " ▁▂▃▄▁▂▃ 2.0"  # the last 7 scores, then the latest
        p05 = next(r for r in listed if r[0] == "Project 05")
        assert p05[3] == "—" and p05[4] == "0" and p05[5] == "2026-05-05"
        # the detail names the measures with a signal, and which signals
        await pilot.press("home", *["down"] * 7)
        detail = str(app.screen.query_one("#home-detail").render())
        assert "Project 07" in detail and "⚑ Waits: " in detail and "Shift" in detail
        # the broken project's error is in the detail too
        await pilot.press("end")
        detail = str(app.screen.query_one("#home-detail").render())
        assert "zz-broken/project.toml" in detail
        # r reloads through the same worker; the rows stay
        await pilot.press("r")
        await home_loaded(pilot)
        assert len(home_rows(app)) == 31


async def test_loading_state_in_the_intro(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.progress = ("read", 12, 31)
        home.show_where()
        assert "loading 12 of 31…" in home_intro(app)


async def test_sort_cycles_by_key(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "sorted by title" in home_intro(app)
        assert home_rows(app)[0][0] == "Project 00"
        await pilot.press("s")
        assert "sorted by score" in home_intro(app)
        scores = [float(r[2].split()[-1]) for r in home_rows(app) if r[2] != "—"]
        assert scores == sorted(scores, reverse=True) and scores[0] == 2.5
        await pilot.press("s")
        assert "sorted by signals" in home_intro(app)
        assert home_rows(app)[0][0] == "Project 07"
        await pilot.press("s")
        assert "sorted by last entry" in home_intro(app)
        dates = [r[5] for r in home_rows(app) if r[5][:1].isdigit()]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        assert "sorted by collaborative" in home_intro(app)  # none here: then by title
        assert home_rows(app)[0][0] == "Project 00"
        await pilot.press("s")
        assert "sorted by title" in home_intro(app)


async def test_filter_narrows_by_title_and_escape_clears(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"ject 1")
        await pilot.pause()
        assert [r[0] for r in home_rows(app)] == [f"Project {i}" for i in range(10, 20)]
        assert "10 shown" in home_intro(app)
        await pilot.press("q", "s", "n")  # typed, not quit / sort / new project
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert app.focused.value == "ject 1qsn"
        assert home_rows(app) == []
        await pilot.press("backspace", "backspace", "backspace", "9")
        await pilot.pause()
        assert [r[0] for r in home_rows(app)] == ["Project 19"]
        await pilot.press("enter")  # keeps the filter, back to the rows
        assert isinstance(app.focused, DataTable)
        assert len(home_rows(app)) == 1
        await pilot.press("escape")  # clears and closes it
        assert len(home_rows(app)) == 31
        assert not app.screen.query_one("#home-filter-input").display
        await pilot.press("slash", "9", "escape")
        assert len(home_rows(app)) == 31 and isinstance(app.focused, DataTable)


async def test_keys_typed_before_the_rows_arrive_are_kept(portfolio: Path) -> None:
    """The table is mounted when the first load starts, just after the first frame: keys
    pressed before that neither fail nor get lost (Enter on no rows does nothing; / and the
    letters after it land in the field)."""
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        home = HomeScreen(portfolio)  # a Home whose first load has not started
        await app.push_screen(home)
        assert not home.query("#projects")
        await pilot.press("enter", "down", "s", "s", "s", "s", "s", "slash", *"ject 2")
        assert app.screen is home
        home.action_reload()
        await asyncio.wait_for(home.loaded_event.wait(), HANG)
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "ject 2"
        assert [r[0] for r in home_rows(app)] == [f"Project {i}" for i in range(20, 30)]
        assert "sorted by title" in home_intro(app)


class HandTimers:
    """Home's filter timers on a clock moved by hand: they never fire by themselves, the test
    fires them (so no assertion depends on how fast the machine is)."""

    def __init__(self) -> None:
        self.made: list[tuple[float, Callable[[], object], Mock]] = []

    def patch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Home's filter timer comes from here; any other timer is Textual's own."""
        real = HomeScreen.set_timer

        def set_timer(screen: HomeScreen, delay: float, callback: Any = None, **kw: Any) -> Any:
            if getattr(callback, "__name__", "") != "apply_filter":
                return real(screen, delay, callback, **kw)
            timer = Mock()
            self.made.append((delay, callback, timer))
            return timer

        monkeypatch.setattr(HomeScreen, "set_timer", set_timer)

    def pending(self) -> list[tuple[float, Callable[[], object]]]:
        return [(delay, cb) for delay, cb, timer in self.made if not timer.stop.called]

    def pass_time(self) -> None:
        """As if the user stopped typing: every timer still running fires."""
        for _delay, callback, timer in self.made:
            if not timer.stop.called:
                timer.stop()
                callback()


async def test_filter_on_many_projects_waits_for_a_pause_in_typing(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FILTER_AT_ONCE projects each key is shown at once and the rows follow when
    typing pauses (or at once on Enter), so that rebuilding the table holds up no key."""
    from qitui.screens import home

    monkeypatch.setattr(home, "FILTER_AT_ONCE", 10)  # the portfolio has 31
    timers = HandTimers()
    timers.patch(monkeypatch)
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("slash", *"ject 1")
        await pilot.pause()
        assert app.focused.value == "ject 1"
        assert len(home_rows(app)) == 31  # not yet narrowed, however long that took
        assert "filter “ject 1”…" in home_intro(app)
        # each key restarted the wait: one timer runs, for the pause in typing
        assert [delay for delay, _ in timers.pending()] == [home.FILTER_PAUSE]
        timers.pass_time()
        await pilot.pause()
        assert [r[0] for r in home_rows(app)] == [f"Project {i}" for i in range(10, 20)]
        assert "10 shown" in home_intro(app)
        await pilot.press("9", "enter")  # Enter narrows at once
        assert [r[0] for r in home_rows(app)] == ["Project 19"]
        assert isinstance(app.focused, DataTable)
        assert timers.pending() == []
        await pilot.press("escape")  # clears at once
        assert len(home_rows(app)) == 31
        assert timers.pending() == []  # nothing left to narrow the rows later
        timers.pass_time()
        await pilot.pause()
        assert len(home_rows(app)) == 31 and "filter" not in home_intro(app)
