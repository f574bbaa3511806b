"""A very large measure's chart made in a forked process: the same words, legend and picture
as when the app draws it itself; "analysing…" meanwhile; resized, 2σ lines and reopened."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Static

from qitui import forked
from qitui.charts.spec_cache import clear_specs
from qitui.screens import chart as chart_screen
from qitui.screens.chart import ChartPlot, ChartScreen
from qitui.store import ProjectStore
from qitui.widgets import chart_process
from tests.helpers.pilot import ChartApp, settle

pytestmark = pytest.mark.skipif(not forked.AVAILABLE, reason="needs os.fork")


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    clear_specs()
    chart_process.close_charts()
    yield
    chart_process.close_charts()
    clear_specs()


def shown_text(app: Any) -> tuple[str, str, str, list[Any]]:
    plot = app.screen.query_one(ChartPlot)
    text = plot.render()
    assert isinstance(text, Text)
    return (
        str(app.screen.query_one("#chart-verdict", Static).render()),
        str(app.screen.query_one("#chart-legend", Static).render()),
        text.plain,
        list(text.spans),
    )


async def opened(
    store: ProjectStore,
    measure_id: str,
    keys: tuple[str, ...] = (),
    size: tuple[int, int] = (100, 30),
) -> tuple[tuple[str, str, str, list[Any]], bool]:
    """What the chart screen shows once settled (after ``keys``), and whether a process drew it."""
    app = ChartApp(store, measure_id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await app.workers.wait_for_complete()
            await settle(pilot)
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        return shown_text(app), screen.measure_id in screen._remote


@pytest.mark.parametrize(
    ("measure_id", "keys"),
    [("reviews", ()), ("booked", ()), ("booked", ("n",)), ("reviews", ("2",))],
)
async def test_a_process_shows_what_the_app_draws_itself(
    chart_project: ProjectStore,
    monkeypatch: pytest.MonkeyPatch,
    measure_id: str,
    keys: tuple[str, ...],
) -> None:
    monkeypatch.setattr(chart_process, "PROCESS_POINTS", 10_000)
    at_once, remote = await opened(chart_project, measure_id, keys)
    assert not remote
    monkeypatch.setattr(chart_process, "PROCESS_POINTS", 10)  # every fixture measure
    monkeypatch.setattr(chart_screen, "WORKER_POINTS", 10)
    from_process, remote = await opened(chart_project, measure_id, keys)
    assert remote
    assert from_process == at_once


async def test_analysing_then_resized_and_reopened(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_process, "PROCESS_POINTS", 10)
    monkeypatch.setattr(chart_screen, "WORKER_POINTS", 10)
    started: list[str] = []
    real = chart_process.start

    def counted(project: Any, meas: Any) -> Any:
        started.append(meas.id)
        return real(project, meas)

    monkeypatch.setattr(chart_process, "start", counted)
    app = ChartApp(chart_project, "reviews")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        verdict = str(app.screen.query_one("#chart-verdict", Static).render())
        assert "analysing 24 points…" in verdict or started == ["reviews"]
        await app.workers.wait_for_complete()
        await settle(pilot)
        plot = app.screen.query_one(ChartPlot)
        assert plot._picture is not None and plot.display
        wide = plot.render()
        assert isinstance(wide, Text)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        narrow = plot.render()
        assert isinstance(narrow, Text) and narrow.plain != wide.plain
        assert max(len(line) for line in narrow.plain.splitlines()) <= 80
    assert started == ["reviews"]
    # opened again: the kept process draws it, nothing analysed again
    again, remote = await opened(chart_project, "reviews", size=(80, 24))
    assert remote and started == ["reviews"]
    assert again[2] == narrow.plain


async def test_a_chart_whose_process_is_gone_is_analysed_again(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_process, "PROCESS_POINTS", 10)
    monkeypatch.setattr(chart_screen, "WORKER_POINTS", 10)
    app = ChartApp(chart_project, "reviews")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        before = shown_text(app)
        chart_process.close_charts()  # e.g. no longer kept: its process ended
        await pilot.resize_terminal(90, 28)  # a new size asks the process for a drawing
        for _ in range(3):
            await settle(pilot)
            await app.workers.wait_for_complete()
        await settle(pilot)
        assert "reviews" in screen._remote and not screen._remote["reviews"].process.closed
        await pilot.resize_terminal(100, 30)
        for _ in range(3):
            await settle(pilot)
            await app.workers.wait_for_complete()
        await settle(pilot)
        assert shown_text(app) == before


async def test_an_analysis_that_fails_in_the_process_says_why(
    chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qitui import measure_analysis

    monkeypatch.setattr(chart_process, "PROCESS_POINTS", 10)
    monkeypatch.setattr(chart_screen, "WORKER_POINTS", 10)

    def refuse(meas: Any) -> Any:
        raise ValueError(f"{meas.id}: a G chart cannot take -1 (row 3)")

    monkeypatch.setattr(measure_analysis, "analyse_measure_columns", refuse)  # in the child too
    app = ChartApp(chart_project, "reviews")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await settle(pilot)
        verdict = str(app.screen.query_one("#chart-verdict", Static).render())
        assert "Cannot analyse this measure: reviews: a G chart cannot take -1 (row 3)" in verdict
        assert not app.screen.query_one(ChartPlot).display
