"""The plotext internals qitui relies on (all in :mod:`qitui.charts.plotext_compat`): these tests
fail loudly when a plotext upgrade changes one of them."""

from __future__ import annotations

import importlib.metadata

import plotext
import pytest

from qitui.charts import plotext_compat as compat


def test_the_plotext_version_is_the_one_these_internals_were_checked_on() -> None:
    version = importlib.metadata.version("plotext")
    assert version.startswith("5."), f"plotext {version}: check qitui/charts/plotext_compat.py"


def test_limit_size_exists_on_plotext_and_privately_on_the_apps_plot() -> None:
    from textual_plotext import PlotextPlot

    assert callable(plotext.limit_size)
    plt = PlotextPlot().plt
    assert callable(plt._limit_size), "PlotextPlot.plt._limit_size is gone: see unlimited_size"
    plotext.clear_figure()
    compat.unlimited_size(plotext)
    plotext.plotsize(300, 10)
    plotext.scatter([1, 2], [1, 2])
    assert max(len(plotext.uncolorize(x)) for x in plotext.build().splitlines()) == 300
    plotext.clear_figure()


@pytest.mark.parametrize(
    ("dots", "char"),
    [
        ((1, 0, 0, 0, 0, 0, 0, 0), "⠁"),
        ((0, 0, 0, 0, 0, 0, 0, 1), "⢀"),
        ((1, 1, 1, 1, 1, 1, 1, 1), "⣿"),
    ],
)
def test_braille_marker_is_plotexts_table(dots: tuple[int, ...], char: str) -> None:
    assert compat.braille_marker(dots) == char


def test_matrix_data_is_plotexts_coordinates() -> None:
    assert compat.matrix_data([0.0, 5.0, 10.0], (0.0, 10.0), 11) == [0, 5, 10]
    assert compat.matrix_data([2.5], (0.0, 10.0), 5) == [1]


def test_build_leaves_a_blank_label_row_under_the_frame_corner() -> None:
    plotext.clear_figure()
    compat.unlimited_size(plotext)
    plotext.plotsize(40, 10)
    plotext.theme("clear")
    plotext.scatter([1.0, 2.0, 3.0], [1.0, 3.0, 2.0])
    plotext.xticks([1.0, 2.0, 3.0], [" ", " ", " "])
    built = plotext.build()
    plotext.clear_figure()
    plain = [plotext.uncolorize(line) for line in built.split("\n")]
    found = compat.label_row(plain)
    assert found is not None, "no └ with a row under it in plotext's output"
    row, col = found
    assert plain[row].strip() == "", "plotext now writes something in the date label row"
    stamped = compat.stamp_label_row(built, lambda c: "x" * (c + 1))
    assert plotext.uncolorize(stamped.split("\n")[row]) == "x" * (col + 1)


def test_set_plot_size_sizes_a_textual_plotext_figure_as_its_widget_does() -> None:
    from textual_plotext.plot import Plot

    plot = Plot()
    compat.set_plot_size(plot, 40, 12)
    plot.plot([1, 2, 3])
    lines = [plotext.uncolorize(line) for line in plot.build().split("\n")]
    assert [len(line) for line in lines if line] == [40] * 12


def test_theme_colours_are_plotexts_theme_table() -> None:
    from plotext._dict import themes

    assert compat.theme_colours("pro") is themes["pro"]
    assert compat.theme_colours("no such theme") is None
    compat.set_theme_colours("qitui-test", themes["pro"])
    try:
        assert compat.theme_colours("qitui-test") is themes["pro"]
    finally:
        del themes["qitui-test"]
