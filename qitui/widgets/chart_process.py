"""A very large measure's chart analysed, built and drawn in a forked process.

With more than :data:`PROCESS_POINTS` points, the chart screen does not analyse a measure
in a thread of the app (a thread holds the interpreter lock the UI needs: keys waited
55-119 ms while 100,000 points were analysed) but in a :class:`~qitui.forked.Forked`
process, a copy of the app made at that moment: it analyses the measure
(``analyse_measure_columns``), builds its spec from the columns
(:func:`~qitui.charts.spec_columns.build_spec_columns`), sends back the spec's words (a
:func:`light` spec: no points, no lines) and keeps the whole spec; each plot size, 2-sigma
setting or theme is then laid out and drawn there (:func:`~qitui.widgets.chart_picture.picture`)
and only the picture, its layout and the legend's lines come back. The picture is the one
the app draws itself (the same functions on the same spec: a test).

The last :data:`KEPT` such charts are kept with their processes (keyed like
:mod:`qitui.charts.spec_cache`): a chart opened again is drawn without analysing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

from rich.text import Text

from qitui import charts
from qitui import model as m
from qitui.forked import AVAILABLE, Forked

#: measures with more points than this are analysed and drawn in a forked process
PROCESS_POINTS = 10_000
#: how many such charts (and their processes) are kept for opening again
KEPT = 2


@dataclass
class RemoteChart:
    """A chart whose whole spec lives in a forked process; ``spec`` is its :func:`light`
    copy (words, header, whether it has sigma lines, its number of points)."""

    spec: charts.ChartSpec
    process: Forked

    def draw(
        self, width: int, height: int, sigma2: bool, theme: str, surface: tuple[int, int, int]
    ) -> tuple[charts.Layout, Text, list[str]]:
        """The chart laid out and drawn for a plot of ``width`` × ``height`` in plotext's
        ``theme`` (its colours sent along: the app may have made it after the fork): its
        layout, its picture and the legend's lines (markers, then cycles and phases)."""
        from qitui.charts.plotext_compat import theme_colours

        request = (width, height, sigma2, theme, theme_colours(theme), surface)
        return self.process.ask(request)


def light(spec: charts.ChartSpec) -> charts.ChartSpec:
    """``spec`` without its points, dates and lines (what the screen shows in words)."""
    return replace(spec, dates=(), segments=(), marks=(), lines=(), ends=frozenset(), light=True)


def _setup(project: m.Project, measure: m.Measure) -> tuple[charts.ChartSpec, charts.ChartSpec]:
    from qitui.charts.spec_columns import build_spec_columns
    from qitui.measure_analysis import analyse_measure_columns

    result, columns = analyse_measure_columns(measure)
    spec = build_spec_columns(project, measure, result, columns)
    spec.special_marks  # noqa: B018 - made once here, for every layout
    spec.median_gap  # noqa: B018
    return spec, light(spec)


def _draw(
    spec: charts.ChartSpec, request: tuple[Any, ...]
) -> tuple[charts.Layout, Text, list[str]]:
    from qitui.charts.plotext_compat import set_theme_colours
    from qitui.widgets.chart_picture import picture

    width, height, sigma2, theme, colours, surface = request
    if colours is not None:
        set_theme_colours(theme, colours)
    lay = charts.layout(spec, width, height, sigma2)
    shown = picture(spec, lay, (width, height), theme, surface)
    return lay, shown, [charts.marker_line(spec, lay), *charts.pdsa_lines(spec, lay)]


def start(project: m.Project, measure: m.Measure) -> RemoteChart:
    """Fork the process for ``measure``'s chart and wait for its words (call in a thread)."""
    # What the process imports, imported before the fork (see qitui.forked).
    import textual_plotext.plot  # noqa: F401

    import qitui.charts.spec_columns
    import qitui.measure_analysis
    import qitui.widgets.chart_picture  # noqa: F401

    process = Forked(lambda: _setup(project, measure), _draw)
    try:
        return RemoteChart(process.first(), process)
    except BaseException:
        process.close()
        raise


def usable(measure: m.Measure) -> bool:
    """Whether ``measure``'s chart is made in a forked process."""
    return AVAILABLE and len(measure.points) > PROCESS_POINTS


_kept: OrderedDict[Hashable, RemoteChart] = OrderedDict()
_lock = Lock()


def kept_chart(key: Hashable) -> RemoteChart | None:
    """The chart made for ``key`` before, if still kept."""
    with _lock:
        chart = _kept.get(key)
        if chart is not None and chart.process.closed:  # its process failed: forgotten
            del _kept[key]
            chart = None
        if chart is not None:
            _kept.move_to_end(key)
        return chart


def keep_chart(key: Hashable, chart: RemoteChart) -> None:
    """Keep ``chart`` for ``key``; the least recently used beyond :data:`KEPT` is ended."""
    with _lock:
        old = _kept.pop(key, None)
        if old is not None and old is not chart:
            old.process.close()
        _kept[key] = chart
        while len(_kept) > KEPT:
            _kept.popitem(last=False)[1].process.close()


def close_charts() -> None:
    """End every kept chart's process (tests and benchmarks)."""
    with _lock:
        while _kept:
            _kept.popitem()[1].process.close()
