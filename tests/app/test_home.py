"""Home, the portfolio: rows filled in by a worker, score history, sort and filter by key."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
from qitui_sample import TODAY, home_loaded
from textual.widgets import DataTable, Input

from qitui import model as m
from qitui.app import make_app
from qitui.screens.home import HomeScreen, sparkline
from qitui.store import create_project

SIZE = (80, 24)
START = date(2026, 1, 5)


def make_project(folder: Path, title: str, scores: list[float], shift: bool = False) -> None:
    store = create_project(folder, title)
    p = store.project
    p.start = START
    p.aim = m.Aim(what="do better", by_when=date(2027, 1, 1))
    p.scores = [
        m.ProgressScore(START + timedelta(days=30 * i), s, "") for i, s in enumerate(scores)
    ]
    store.save_project()
    if shift:  # ten points around 5, then eight at 9: a shift in the latest phase
        meas = m.Measure(id="waits", name="Waits", chart="run")
        values = [5, 4, 6, 5, 4, 6, 5, 4, 6, 5] + [9] * 8
        for i, v in enumerate(values):
            meas.points.append(m.DataPoint(START + timedelta(weeks=i), value=float(v)))
        store.save_measure(meas)


def make_portfolio(root: Path) -> Path:
    """30 projects, one with a current signal, and one whose project.toml is broken."""
    root.mkdir()
    for i in range(30):
        scores = [1.0 + 0.5 * (k % 4) for k in range(i % 9)]
        make_project(root / f"p{i:02d}", f"Project {i:02d}", scores, shift=i == 7)
    broken = root / "zz-broken"
    broken.mkdir()
    (broken / "project.toml").write_text('schema = 1\ntitle = "x"\n[aim\n')
    return root


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    return make_portfolio(tmp_path / "portfolio")


def rows(app) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#projects", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def intro(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#home-where").render())


def test_sparkline_maps_the_scale_to_blocks() -> None:
    assert sparkline([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]) == "▁▁▂▃▄▅▆▇██"
    assert sparkline([]) == ""


async def test_every_project_is_listed_after_the_load(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        listed = rows(app)
        assert len(listed) == 31
        assert "31 projects" in intro(app) and "loading" not in intro(app)
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
        assert len(rows(app)) == 31


async def test_loading_state_in_the_intro(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.progress = ("read", 12, 31)
        home.show_where()
        assert "loading 12 of 31…" in intro(app)


async def test_sort_cycles_by_key(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "sorted by title" in intro(app)
        assert rows(app)[0][0] == "Project 00"
        await pilot.press("s")
        assert "sorted by score" in intro(app)
        scores = [float(r[2].split()[-1]) for r in rows(app) if r[2] != "—"]
        assert scores == sorted(scores, reverse=True) and scores[0] == 2.5
        await pilot.press("s")
        assert "sorted by signals" in intro(app)
        assert rows(app)[0][0] == "Project 07"
        await pilot.press("s")
        assert "sorted by last entry" in intro(app)
        dates = [r[5] for r in rows(app) if r[5][:1].isdigit()]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        assert "sorted by collaborative" in intro(app)  # none here: then by title
        assert rows(app)[0][0] == "Project 00"
        await pilot.press("s")
        assert "sorted by title" in intro(app)


async def test_filter_narrows_by_title_and_escape_clears(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"ject 1")
        await pilot.pause()
        assert [r[0] for r in rows(app)] == [f"Project {i}" for i in range(10, 20)]
        assert "10 shown" in intro(app)
        await pilot.press("q", "s", "n")  # typed, not quit / sort / new project
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert app.focused.value == "ject 1qsn"
        assert rows(app) == []
        await pilot.press("backspace", "backspace", "backspace", "9")
        await pilot.pause()
        assert [r[0] for r in rows(app)] == ["Project 19"]
        await pilot.press("enter")  # keeps the filter, back to the rows
        assert isinstance(app.focused, DataTable)
        assert len(rows(app)) == 1
        await pilot.press("escape")  # clears and closes it
        assert len(rows(app)) == 31
        assert not app.screen.query_one("#home-filter-input").display
        await pilot.press("slash", "9", "escape")
        assert len(rows(app)) == 31 and isinstance(app.focused, DataTable)


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
        await asyncio.wait_for(home.loaded_event.wait(), 10)
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "ject 2"
        assert [r[0] for r in rows(app)] == [f"Project {i}" for i in range(20, 30)]
        assert "sorted by title" in intro(app)


async def test_filter_on_many_projects_waits_for_a_pause_in_typing(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FILTER_AT_ONCE projects each key is shown at once and the rows follow when
    typing pauses (or at once on Enter), so that rebuilding the table holds up no key."""
    from qitui.screens import home

    monkeypatch.setattr(home, "FILTER_AT_ONCE", 10)  # the portfolio has 31
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("slash", *"ject 1")
        assert app.focused.value == "ject 1"
        assert len(rows(app)) == 31  # not yet narrowed
        assert "filter “ject 1”…" in intro(app)
        await pilot.pause(home.FILTER_PAUSE * 3)
        assert [r[0] for r in rows(app)] == [f"Project {i}" for i in range(10, 20)]
        assert "10 shown" in intro(app)
        await pilot.press("9", "enter")  # Enter narrows at once
        assert [r[0] for r in rows(app)] == ["Project 19"]
        assert isinstance(app.focused, DataTable)
        await pilot.press("escape")  # clears at once
        assert len(rows(app)) == 31
        await pilot.pause(home.FILTER_PAUSE * 3)
        assert len(rows(app)) == 31 and "filter" not in intro(app)
