"""Every use of plotext's internals, in one place (``tests/unit/charts/test_plotext_compat.py``
fails loudly if a plotext upgrade changes any of them).

- :func:`unlimited_size`: plotext's ``limit_size``, which textual-plotext's ``PlotextPlot.plt``
  has only as the private ``_limit_size``, so that a chart is not cut to the terminal's size.
- :func:`braille_marker` and :func:`matrix_data`: ``plotext._utility``'s braille table and
  its coordinates, so that our fast data line has plotext's very dots.
- :func:`stamp_label_row`: the date labels written into the blank row that plotext's
  ``build()`` leaves under the frame's corner ``└``.
- :func:`theme_colours` and :func:`set_theme_colours`: plotext's table of themes
  (``plotext._dict.themes``), so that a chart's forked process draws with a theme the app
  made after the fork.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def unlimited_size(plt: Any) -> None:
    """Let ``plt`` (the plotext module or ``PlotextPlot.plt``) draw beyond the terminal."""
    limit = getattr(plt, "limit_size", None) or plt._limit_size
    limit(False, False)


def braille_marker(dots: tuple[int, ...]) -> str:
    """plotext's braille character for a cell's eight dots (top row first, left to right)."""
    import plotext._utility as ut

    return str(ut.get_hd_marker(dots))


def matrix_data(values: Sequence[float], lim: tuple[float, float], n: int) -> list[int]:
    """The dot (of ``n`` spanning ``lim``) plotext gives each value."""
    import plotext._utility as ut

    return list(ut.get_matrix_data(values, lim, n))


def label_row(plain_lines: Sequence[str]) -> tuple[int, int] | None:
    """(row of the date labels, column of the frame's corner) in a built plot, or None."""
    for i, line in enumerate(plain_lines):
        col = line.find("└")
        if col >= 0 and i + 1 < len(plain_lines):
            return i + 1, col
    return None


def stamp_label_row(built: str, line_for: Callable[[int], str]) -> str:
    """``built`` (plotext's output) with its label row replaced by ``line_for(corner column)``."""
    import plotext

    lines = built.split("\n")
    found = label_row([plotext.uncolorize(line) for line in lines])
    if found is None:
        return built
    row, col = found
    lines[row] = line_for(col)
    return "\n".join(lines)


def set_plot_size(plot: Any, width: int, height: int) -> None:
    """Size a textual-plotext figure as ``PlotextPlot.render`` does: ``plotsize``, then the
    private ``_set_size`` that its author found needed as well."""
    plot.plotsize(width, height)
    plot._set_size(width, height)


def theme_colours(name: str) -> Any:
    """The colours of plotext's theme ``name`` (None if plotext has no such theme)."""
    from plotext._dict import themes

    return themes.get(name)


def set_theme_colours(name: str, colours: Any) -> None:
    """Make (or replace) plotext's theme ``name`` with ``colours`` from :func:`theme_colours`."""
    from plotext._dict import themes

    themes[name] = colours
