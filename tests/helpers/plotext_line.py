"""The chart with the data line drawn by plotext itself, the reference for qitui's braille
fast path (tests compare the two cell for cell)."""

from __future__ import annotations

from typing import Any
from unittest import mock

from qitui.charts import ChartSpec, drawing, look


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
