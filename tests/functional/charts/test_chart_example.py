"""Every measure of the shipped example project draws, fits and has its verdict (skipped when
the example is not in this checkout)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App

from qitui.charts import render_text
from qitui.measure_analysis import analyse_measure
from qitui.screens.chart import ChartPlot, ChartScreen
from qitui.store import ProjectStore, discover, load_project
from qitui.verdict import verdict_lines
from tests.helpers.projects import EXAMPLES

EXAMPLES = Path(os.environ.get("QITUI_EXAMPLES", EXAMPLES))
FOLDERS = discover(EXAMPLES) if EXAMPLES.is_dir() else []
pytestmark = pytest.mark.skipif(not FOLDERS, reason="no example project in this checkout")


def stores() -> list[ProjectStore]:
    out = []
    for folder in FOLDERS:
        loaded = load_project(folder)
        assert loaded.project is not None and not loaded.errors, loaded.errors
        out.append(ProjectStore(loaded))
    return out


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 35)])
def test_every_example_measure_on_stdout(width: int, height: int) -> None:
    for store in stores():
        for meas in store.project.measures:
            text = render_text(store.project, meas, width=width, height=height)
            lines = text.splitlines()
            assert all(len(x) <= width for x in lines), (meas.id, max(lines, key=len))
            assert "\x1b" not in text
            flat = " ".join(x.strip() for x in lines)
            for line in verdict_lines(meas, analyse_measure(meas)):
                assert line in flat
            if any(c.start for c in store.project.cycles):
                assert "PDSA" in text


class ExampleApp(App[None]):
    def __init__(self, store: ProjectStore) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(ChartScreen(self.store, self.store.project.measures_in_order()[0].id))

    def is_read_only(self, store: ProjectStore | None = None) -> bool:
        """What a screen on qitui's common base asks of the app."""
        return False


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_every_example_measure_in_the_app(size: tuple[int, int]) -> None:
    for store in stores():
        app = ExampleApp(store)
        async with app.run_test(size=size) as pilot:
            for meas in store.project.measures_in_order():  # the Measures list's order
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ChartScreen) and screen.measure_id == meas.id
                plot = screen.query_one(ChartPlot)
                assert plot.size.width == size[0] and plot.size.height >= 8
                assert "┤" in plot.render().plain  # y ticks drawn: a real chart
                await pilot.press("n")
