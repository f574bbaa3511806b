"""Fixture projects for the chart tests: fixed dates and data, built through the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from qitui import model as m
from qitui.charts import ChartSpec, drawing, look
from qitui.store import ProjectStore, create_project

START = date(2026, 1, 5)

#: A run chart: 12 baseline weeks around 70, then a shift upwards after the PDSA cycles.
RUN_VALUES = [68, 71, 66, 73, 70, 69, 72, 67, 70, None, 71, 69,
              74, 76, 78, 75, 79, 80, 77, 81, 78, 82, 80, 83]  # fmt: skip
#: A p chart: numerators and varying denominators (small weeks give wide limits).
P_NUM = [14, 20, 9, 25, 12, 30, 18, 7, 22, 16, 28, 11, 19, 24, 10, 27, 21, 13, 26, 17]
P_DEN = [20, 30, 12, 35, 20, 40, 25, 10, 30, 22, 36, 15, 25, 30, 20, 34, 26, 16, 30, 20]
#: An I chart in two phases: waiting days before and after a new booking system.
I_VALUES = [12.5, 14.0, 11.0, 15.5, 13.0, 12.0, 16.0, 13.5, 14.5, 12.0, 13.0, 15.0, 11.5,
            14.0, 13.0, 27.0, 9.0, 8.5, 10.0, 7.5, 9.5, 8.0, 9.0, 10.5, 8.5, 9.0, 7.0, 9.5,
            8.0, 9.0]  # fmt: skip


def weeks(n: int) -> list[date]:
    return [START + timedelta(weeks=i) for i in range(n)]


def build_chart_project(folder: Path) -> ProjectStore:
    """One project with a run chart (shift, gap, PDSA cycles, frozen baseline), a p chart
    with varying denominators and a two-phase I chart."""
    store = create_project(folder, "Chart test project")
    p = store.project
    p.change_ideas.append(m.ChangeIdea("sms", "Text reminders"))
    p.change_ideas.append(m.ChangeIdea("slots", "Evening slots"))
    store.save_project()
    run = m.Measure("reviews", "Reviews on time", chart="run", better="up", target=85, freeze=12)
    run.points = [m.DataPoint(d, v) for d, v in zip(weeks(24), RUN_VALUES, strict=True)]
    store.save_measure(run)
    pm = m.Measure("booked", "Booked within 2 weeks", chart="p", better="up", target=0.8)
    pm.points = [
        m.DataPoint(d, numerator=a, denominator=b)
        for d, a, b in zip(weeks(20), P_NUM, P_DEN, strict=True)
    ]
    store.save_measure(pm)
    im = m.Measure(
        "wait", "Days to first review", chart="i", better="down", unit="days",
        phases=[m.Phase(START + timedelta(weeks=15), "New booking system from 20 April")],
    )  # fmt: skip
    im.points = [m.DataPoint(d, v) for d, v in zip(weeks(30), I_VALUES, strict=True)]
    store.save_measure(im)
    for label, idea, title, week in (
        ("1a", "sms", "SMS to 5 families", 9),
        ("1b", "sms", "SMS to all families", 11),
        ("2a", "slots", "One evening clinic", 12),
        ("1c", "sms", "SMS plus call", 16),
    ):
        cyc = m.Cycle(
            store.new_cycle_id(title), label, idea, title, start=START + timedelta(weeks=week)
        )
        store.save_cycle(cyc)
    return store


@pytest.fixture
def chart_project(tmp_path: Path) -> ProjectStore:
    return build_chart_project(tmp_path / "charts")


class _PlotextLineUnderMarks:
    """A plotext figure that draws the data line with plotext's own ``plot(marker="braille")``
    just before the first marker or text (so markers and labels are drawn over it, as over our
    text runs); everything else goes straight to plotext."""

    def __init__(self, plt: Any, lay: Any, colour: Any) -> None:
        self._plt, self._lay, self._colour = plt, lay, colour
        self._line_drawn = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plt, name)

    def _line(self) -> None:
        if not self._line_drawn:
            self._line_drawn = True
            for seg in self._lay.segments:
                if len(seg.xs) > 1:
                    self._plt.plot(
                        list(seg.xs), list(seg.ys), marker=look.DATA_LINE, color=self._colour
                    )

    def scatter(self, *args: Any, marker: str = "", **kwargs: Any) -> None:
        if marker in (look.MARK_POINT, look.MARK_EXCLUDED, look.MARK_SIGNAL):
            self._line()
        self._plt.scatter(*args, marker=marker, **kwargs)

    def text(self, *args: Any, **kwargs: Any) -> None:
        self._line()
        self._plt.text(*args, **kwargs)


def plotext_line_chart_text(spec: ChartSpec, width: int, height: int, colour: bool) -> str:
    """:func:`qitui.charts.chart_text` with the data line drawn by plotext itself instead of
    our runs of braille text: the reference the fast path must equal, colours included."""
    real_draw = drawing.draw

    def draw(
        plt: Any, spec: ChartSpec, lay: Any, mode: str = "rgb", background: Any = "default"
    ) -> None:
        figure = _PlotextLineUnderMarks(plt, lay, drawing._colour("data", mode))
        real_draw(figure, spec, lay, mode, background)
        figure._line()

    with (
        mock.patch.object(drawing, "draw", draw),
        mock.patch.object(drawing, "_braille_runs", lambda lay, skip: []),
    ):
        return drawing.chart_text(spec, width, height, colour)


@pytest.fixture(scope="session")
def plotext_line_chart() -> Callable[[ChartSpec, int, int, bool], str]:
    """:func:`plotext_line_chart_text` (the chart with plotext's own data line)."""
    return plotext_line_chart_text
