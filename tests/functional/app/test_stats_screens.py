"""The measure screen advises another chart; the chart screen shows the MDC icons."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Static

from qitui import model as m
from qitui.app import make_app
from qitui.screens.chart import ChartScreen
from qitui.screens.measure import MeasureScreen
from qitui.store import create_project


def _project(tmp_path: Path) -> Path:
    store = create_project(tmp_path / "falls", "Falls")
    day = date(2026, 1, 5)
    falls = m.Measure("falls", "Falls", chart="c", definition="falls a week")
    falls.points = [
        m.DataPoint(day + timedelta(weeks=i), 1.0 if i in (4, 11) else 0.0) for i in range(14)
    ]
    store.save_measure(falls)
    waits = m.Measure("waits", "Waits", chart="i", rules="mdc", better="down", target=1.0)
    waits.points = [
        m.DataPoint(day + timedelta(weeks=i), v)
        for i, v in enumerate([5, 6, 4, 5, 7, 3, 5, 6, 5, 4, 6, 5, 5, 6, 4, 5, 7, 6])
    ]
    store.save_measure(waits)
    return tmp_path / "falls"


async def test_measure_screen_advises_g_or_t(tmp_path: Path) -> None:
    app = make_app(_project(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(MeasureScreen(app.open_store(tmp_path / "falls"), "falls"))
        await pilot.pause()
        summary = str(app.screen.query_one("#data-summary", Static).render())
        assert "Which chart? c chart 'falls': 12 of 14 counts are 0" in summary


async def test_chart_screen_shows_variation_and_assurance(tmp_path: Path) -> None:
    app = make_app(_project(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ChartScreen(app.open_store(tmp_path / "falls"), "waits"))
        for _ in range(3):
            await pilot.pause()
        texts = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "(~) (F)" in texts
        assert "Making Data Count: variation (~) common cause variation; assurance (F)" in texts
