"""The chart screen: snapshots at 80×24 and 120×40 (one with NO_COLOR) and its keys."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from qitui.screens.chart import ChartPlot, ChartScreen
from qitui.store import ProjectStore
from tests.helpers.pilot import ChartApp, settle


def test_run_chart_shift_and_pdsa_80x24(snap_compare, chart_project: ProjectStore) -> None:
    assert snap_compare(
        ChartApp(chart_project, "reviews"), terminal_size=(80, 24), run_before=settle
    )


def test_run_chart_shift_and_pdsa_120x40(snap_compare, chart_project: ProjectStore) -> None:
    assert snap_compare(
        ChartApp(chart_project, "reviews"), terminal_size=(120, 40), run_before=settle
    )


def test_p_chart_varying_limits_80x24(snap_compare, chart_project: ProjectStore) -> None:
    assert snap_compare(
        ChartApp(chart_project, "booked"), terminal_size=(80, 24), run_before=settle
    )


def test_two_phase_i_chart_120x40(snap_compare, chart_project: ProjectStore) -> None:
    assert snap_compare(ChartApp(chart_project, "wait"), terminal_size=(120, 40), run_before=settle)


def test_two_phase_i_chart_no_color_80x24(
    snap_compare, chart_project: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(ChartApp(chart_project, "wait"), terminal_size=(80, 24), run_before=settle)


async def test_keys_switch_measures_toggle_sigma_and_go_back(chart_project: ProjectStore) -> None:
    app = ChartApp(chart_project, "reviews")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        title = screen.query_one("#chart-title", Static)
        assert "Reviews on time" in str(title.render())
        await pilot.press("n")
        assert screen.measure_id == "booked"
        await pilot.press("n", "n")
        assert screen.measure_id == "reviews"
        await pilot.press("p")
        assert screen.measure_id == "wait"
        await pilot.press("2")
        assert screen.sigma2
        await pilot.pause()
        legend = str(screen.query_one("#chart-legend", Static).render())
        assert "2σ" in legend
        await pilot.press("n")  # a run chart has no sigma lines: the toggle says so
        await pilot.press("2")
        assert screen.measure_id == "reviews"
        await pilot.press("escape")
        assert not isinstance(app.screen, ChartScreen)


async def test_spec_is_built_once_per_measure(chart_project: ProjectStore) -> None:
    app = ChartApp(chart_project, "booked")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        spec = screen.spec()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.spec() is spec
        plot = screen.query_one(ChartPlot)
        assert plot.size.width == 120


async def test_unknown_measure_falls_back_to_the_first(chart_project: ProjectStore) -> None:
    app = ChartApp(chart_project, "nope")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChartScreen)
        assert app.screen.measure_id == chart_project.project.measures_in_order()[0].id
