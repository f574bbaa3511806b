"""A chart's picture as Rich text, made anywhere (a worker thread too): plotext draws the
spec on a figure of its own, as :class:`~textual_plotext.PlotextPlot` would draw it on its
``plt``, and the date labels are written under the frame.

The chart screen makes the picture of a large measure in its analysis worker, so that the
UI thread only shows the finished text (plotext's drawing of 100,000 points: 0.2 s).
"""

from __future__ import annotations

from rich.text import Text

from qitui import charts
from qitui.charts.plotext_compat import set_plot_size


def with_date_labels(text: Text, lay: charts.Layout) -> Text:
    """``text`` (plotext's built chart) with qitui's date labels in the row under the frame."""
    lines = text.split("\n", allow_blank=True)
    found = charts.x_label_row([line.plain for line in lines])
    if found is None:
        return text
    row, col = found
    lines[row] = Text(charts.x_label_line(lay, col), style=lines[row].style)
    return Text("\n").join(lines)


def picture(
    spec: charts.ChartSpec,
    lay: charts.Layout,
    size: tuple[int, int],
    theme: str,
    surface: tuple[int, int, int],
) -> Text:
    """The chart of ``spec`` laid out as ``lay``, at ``size`` (the plot's width and height)
    in plotext's ``theme`` (registered by the plot widget), labels on ``surface``."""
    from textual_plotext.plot import Plot

    plot = Plot()
    charts.draw(plot, spec, lay, "rgb", background=surface)
    set_plot_size(plot, *size)  # as PlotextPlot.render does
    plot.theme(theme)
    return with_date_labels(Text.from_ansi(plot.build()), lay)
