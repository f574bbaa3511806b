"""A large measure's chart: analysed in a worker thread while the screen says "analysing…"
and keys are answered; then the same chart as when it is analysed at once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Static

from qitui import measure_analysis
from qitui.charts.spec_cache import clear_specs
from qitui.screens import chart as chart_screen
from qitui.screens.chart import ChartPlot, ChartScreen
from qitui.store import ProjectStore
from tests.helpers.pilot import ChartApp, settle


def verdict(app: Any) -> str:
    return str(app.screen.query_one("#chart-verdict", Static).render())


async def test_large_measure_analysed_in_a_worker(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_screen, "WORKER_POINTS", 10)  # every fixture measure is "large"
    gate = threading.Event()
    real = measure_analysis.analyse_measure

    def slow(meas: Any) -> Any:
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(10)  # the analysis takes as long as the test wants
        return real(meas)

    monkeypatch.setattr(measure_analysis, "analyse_measure", slow)
    app = ChartApp(chart_project, "reviews")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        assert "analysing 24 points…" in verdict(app)
        assert not screen.query_one(ChartPlot).display
        # keys are answered meanwhile: 2 says it is still analysing; n shows the next one
        await pilot.press("2")
        assert not screen.sigma2
        await pilot.press("n")
        assert screen.measure_id != "reviews" and "analysing" in verdict(app)
        await pilot.press("p")
        assert screen.measure_id == "reviews"
        gate.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert screen.query_one(ChartPlot).display
        assert "analysing" not in verdict(app) and "Shift" in verdict(app)
        assert screen.query_one(ChartPlot)._drawn is not None


async def test_worker_shows_what_the_screen_shows_at_once(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def shown(limit: int) -> tuple[str, str, str]:
        monkeypatch.setattr(chart_screen, "WORKER_POINTS", limit)
        app = ChartApp(chart_project, "booked")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await settle(pilot)
            await pilot.press("n")  # the next one, laid out ahead in the worker
            await app.workers.wait_for_complete()
            await settle(pilot)
            plot = app.screen.query_one(ChartPlot)
            return (
                verdict(app),
                str(app.screen.query_one("#chart-legend").render()),
                str(plot.render()),
            )

    assert await shown(10) == await shown(10_000)


async def test_worker_draws_the_picture_the_ui_thread_would(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker draws a large measure's chart itself (plotext off the UI thread): the very
    text, colours included, that the plot draws when the measure is small."""

    async def picture(limit: int) -> tuple[bool, str, list[Any]]:
        monkeypatch.setattr(chart_screen, "WORKER_POINTS", limit)
        app = ChartApp(chart_project, "booked")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await settle(pilot)
            await pilot.press("n")
            await app.workers.wait_for_complete()
            await settle(pilot)
            plot = app.screen.query_one(ChartPlot)
            text = plot.render()
            assert isinstance(text, Text)
            return plot._picture is not None, text.plain, list(text.spans)

    from_worker, at_once = await picture(10), await picture(10_000)
    assert from_worker[0] and not at_once[0]
    assert from_worker[1:] == at_once[1:]


async def test_large_measure_reopened_from_its_kept_spec(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_screen, "WORKER_POINTS", 10)  # every fixture measure is "large"
    clear_specs()
    calls: list[str] = []
    real = measure_analysis.analyse_measure

    def counted(meas: Any) -> Any:
        calls.append(meas.id)
        return real(meas)

    monkeypatch.setattr(measure_analysis, "analyse_measure", counted)

    async def opened() -> tuple[bool, str]:
        """Whether the chart was shown without "analysing…" (its spec kept), and its words."""
        app = ChartApp(chart_project, "reviews")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            at_once = "analysing" not in verdict(app)
            await app.workers.wait_for_complete()
            await settle(pilot)
            title = str(app.screen.query_one("#chart-title", Static).render())
            return at_once, title + "\n" + verdict(app)

    first = await opened()
    assert calls == ["reviews"]
    again = await opened()
    assert calls == ["reviews"] and again == (True, first[1])
    # a save changes the file's fingerprint: the measure is analysed again
    meas = chart_project.project.measure("reviews")
    assert meas is not None
    meas.target = 123.0
    chart_project.save_measure(meas)
    changed = await opened()
    assert calls == ["reviews", "reviews"] and "target 123" in changed[1]
    clear_specs()
