"""The chart screen: one measure's run or control chart, its legend and its verdict.

``ChartScreen(store, measure_id)``; ``n``/``p`` go to the next/previous measure, ``2`` shows
or hides the 2-sigma lines, ``escape`` goes back. The analysis and the chart spec are computed
once per measure; a resize only lays the spec out again (cheap) before plotext draws it. A
measure of more than :data:`WORKER_POINTS` points is analysed in a thread worker while the
screen says "analysing…" and keys are answered; its chart is then laid out and drawn by
plotext in a thread too, for the plot's size (again on a resize), and the UI thread only
shows the finished text. Such a measure's spec is kept for its files' fingerprints
(:mod:`qitui.charts.spec_cache`): opened again, its chart is shown without analysing. A
measure of more than ``chart_process.PROCESS_POINTS`` points is analysed, built and drawn
in a forked process instead (:mod:`qitui.widgets.chart_process`): the app's interpreter
stays free for keys, and only the words and the finished picture come back.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual_plotext import PlotextPlot

from qitui import charts
from qitui import model as m
from qitui.charts.spec_cache import cached_spec, keep_spec, spec_key
from qitui.forked import ForkedError
from qitui.safetext import text as safe_text
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.store import ProjectStore
from qitui.widgets import chart_process
from qitui.widgets.chart_picture import picture, with_date_labels
from qitui.widgets.chart_process import RemoteChart
from qitui.widgets.footer import FitFooter

#: measures with more points than this are analysed in a worker thread (about 10 ms of
#: analysis and spec per 2,000 points: fewer are ready within the frame that opens them)
WORKER_POINTS = 2000
#: the interpreter's switch interval while the worker analyses (Python's default: 5 ms)
SWITCH_SECONDS = 0.001


@contextmanager
def ui_turns() -> Iterator[None]:
    """Work in a thread that leaves the UI thread its turns: the interpreter handed over
    every 1 ms, not 5 ms (a key waits for several such turns), and no cyclic garbage
    collection meanwhile (an analysis makes hundreds of thousands of objects and little
    garbage, which sets off full collections that walk every object of the loaded project
    with the interpreter held: 0.1-0.4 s without a frame)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_SECONDS))
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if collecting:
            gc.enable()


class ChartPlot(PlotextPlot):
    """A PlotextPlot that lays its spec out for its own size, and says so (for the legend)."""

    class Laid(Message):
        """The plot was laid out again (new size, measure or 2-sigma setting)."""

        def __init__(self, layout: charts.Layout, legend: list[str] | None = None) -> None:
            super().__init__()
            self.layout = layout
            self.legend = legend  # made with the picture, by a chart's process

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._spec: charts.ChartSpec | None = None
        self._sigma2 = False
        self._drawn: tuple[int, int, int, bool, str] | None = None
        self._layout: charts.Layout | None = None
        #: a layout and picture drawn in a thread for (width, height, spec, sigma2, theme)
        self.prepared: tuple[tuple[int, int, int, bool, str], charts.Layout, Text] | None = None
        self._picture: Text | None = None  # the prepared picture shown, while it fits
        self._pending: tuple[int, int, int, bool, str] | None = None  # drawing in a thread
        self._remote: RemoteChart | None = None  # the process that holds the whole spec
        self._legend: list[str] | None = None

    def show(self, spec: charts.ChartSpec, sigma2: bool, remote: RemoteChart | None = None) -> None:
        """Draw ``spec`` (on the next render, at whatever size the widget has then);
        ``remote``: ``spec`` is light, its chart is drawn by that process."""
        self._spec = spec
        self._remote = remote
        self._sigma2 = sigma2
        self._drawn = None
        self.refresh()

    def render(self):  # noqa: ANN201 - Textual's RenderResult
        spec = self._spec
        width, height = self.size.width, self.size.height
        key = (width, height, id(spec), self._sigma2, self.app.theme)
        if spec is not None and spec.light and self._remote is None:
            return Text("")  # its process is gone: nothing to draw it from
        if spec is not None and width > 0 and height > 0 and key != self._drawn:
            ahead, self.prepared = self.prepared, None
            self._picture = None
            made = (width, height, id(spec), self._sigma2, self.theme_name())
            legend = None
            if ahead is not None and ahead[0] == made:
                lay, self._picture, legend = ahead[1], ahead[2], self._legend
            elif spec.n > WORKER_POINTS or self._remote is not None:
                # drawn in a thread (or a chart's process); the picture comes when ready
                if self._pending != made:
                    self._pending = made
                    self._draw_in_thread(spec, made, self.surface())
                return Text("")
            else:
                lay = charts.layout(spec, width, height, self._sigma2)
                charts.draw(self.plt, spec, lay, "rgb", background=self.surface())
            self._drawn = key
            self._layout = lay
            self.post_message(self.Laid(lay, legend))
        if self._picture is not None and key == self._drawn:
            return self._picture  # drawn by the worker
        text = super().render()
        if self._layout is None or not isinstance(text, Text):
            return text
        return with_date_labels(text, self._layout)

    def _draw_in_thread(
        self,
        spec: charts.ChartSpec,
        made: tuple[int, int, int, bool, str],
        surface: tuple[int, int, int],
    ) -> None:
        """Lay ``spec`` out and draw it for ``made`` (size, spec, 2σ, theme) in a thread."""

        remote = self._remote

        def draw() -> None:
            width, height, _, sigma2, theme = made
            legend = None
            if remote is not None:  # drawn by the process (the UI's interpreter stays free)
                try:
                    with ui_turns():
                        lay, shown, legend = remote.draw(width, height, sigma2, theme, surface)
                except ForkedError as exc:
                    self.app.call_from_thread(self._failed, made, exc)
                    return
            else:
                with ui_turns():
                    lay = charts.layout(spec, width, height, sigma2)
                    shown = picture(spec, lay, (width, height), theme, surface)
            self.app.call_from_thread(self._drew, made, lay, shown, legend)

        # a description: Textual would otherwise repr the work (and its 100,000 points)
        self.run_worker(draw, group="chart-draw", description="chart drawing", thread=True)

    def _drew(
        self,
        made: tuple[int, int, int, bool, str],
        lay: charts.Layout,
        shown: Text,
        legend: list[str] | None = None,
    ) -> None:
        if made == self._pending:
            self._pending = None
            self.prepared = (made, lay, shown)
            self._legend = legend
            self.refresh()

    def _failed(self, made: tuple[int, int, int, bool, str], exc: Exception) -> None:
        if made == self._pending:
            self._pending = None
            self._remote = None
            self.post_message(self.Lost(str(exc)))

    class Lost(Message):
        """The process that held the chart is gone (ended, or its chart no longer kept)."""

        def __init__(self, why: str) -> None:
            super().__init__()
            self.why = why

    def surface(self) -> tuple[int, int, int]:
        """The colour labels sit on: the plot's canvas (PlotextPlot's "auto" theme: $surface)."""
        return Color.parse(self.app.theme_variables.get("surface", "black")).rgb

    def theme_name(self) -> str:
        """plotext's name of the theme the plot draws in."""
        return self._get_plotext_theme_name(self.app.theme)


class ChartScreen(QituiScreen):
    """A measure's chart with signals, phases and PDSA cycles, and its verdict in words."""

    CSS_PATH = "chart.tcss"
    CATEGORY = "Charts"  # its actions in the palette: "Charts: next measure"
    SCREEN_NAME = "Chart"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_measure", "Next measure", id="chart.next"),
        Binding("p", "previous_measure", "Previous measure", id="chart.previous"),
        Binding("2", "toggle_sigma2", "2σ lines", id="chart.sigma2"),
        Binding("escape", "back", "Back", id="chart.back"),
    ]

    def __init__(self, store: ProjectStore, measure_id: str) -> None:
        super().__init__(store)
        ids = [meas.id for meas in store.project.measures_in_order()]
        self.measure_id = measure_id if measure_id in ids else (ids[0] if ids else "")
        self.sigma2 = False
        self._specs: dict[str, charts.ChartSpec] = {}
        self._errors: dict[str, str] = {}
        self._legend: list[str] = []
        self._analysing: set[str] = set()  # measures being analysed by the worker
        self._remote: dict[str, RemoteChart] = {}  # charts drawn by a forked process

    # ------------------------------------------------------------------ building
    def compose(self) -> ComposeResult:
        yield Static(id="chart-title", markup=False)
        yield ChartPlot(id="chart-plot")
        with VerticalScroll(id="chart-notes"):
            yield Static(id="chart-legend", markup=False)
            yield Static(id="chart-verdict", markup=False)
            yield Static(id="chart-pdsa", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.show_measure()
        self.query_one("#chart-notes").focus()

    @property
    def measure(self) -> m.Measure | None:
        return self.store.project.measure(self.measure_id)

    def spec(self) -> charts.ChartSpec | None:
        """The current measure's spec, computed once (the analysis runs here, not on render)."""
        meas = self.measure
        if meas is None:
            return None
        if meas.id not in self._specs and meas.id not in self._errors:
            self._compute(meas)
        return self._specs.get(meas.id)

    def _compute(self, meas: m.Measure, key: object = None) -> None:
        """Analyse ``meas`` and build its spec, or record why it cannot be (in any thread:
        each dict gets one assignment); a large measure's spec is kept under ``key``."""
        from qitui.measure_analysis import analyse_measure

        try:
            result = analyse_measure(meas)
            spec = charts.build_spec(self.store.project, meas, result)
        except (ValueError, ArithmeticError) as exc:  # AnalysisError, or extreme values
            self._errors[meas.id] = f"Cannot analyse this measure: {exc}"
            return
        self._specs[meas.id] = spec
        if key is not None:
            keep_spec(key, spec)

    def ready(self, meas: m.Measure) -> bool:
        """Whether ``meas`` can be shown now; else its analysis is started in the worker."""
        if meas.id in self._specs or meas.id in self._errors:
            return True
        if len(meas.points) <= WORKER_POINTS:
            return True  # spec() computes it at once
        key = spec_key(self.store, meas)  # on the UI thread, where the store changes
        if chart_process.usable(meas):
            chart = chart_process.kept_chart(key)
            if chart is not None:  # made before, from the same files: drawn at once
                self._specs[meas.id], self._remote[meas.id] = chart.spec, chart
                return True
            if meas.id not in self._analysing:
                self._analysing.add(meas.id)
                self.analyse_in_process(meas, key)
            return False
        kept = cached_spec(key)
        if kept is not None:  # made before, from the same files: shown at once
            self._specs[meas.id] = kept
            return True
        if meas.id not in self._analysing:
            self._analysing.add(meas.id)
            self.analyse_in_background(meas, key)
        return False

    # a description: Textual would otherwise repr the arguments (100,000 points: 0.8 s)
    @work(thread=True, group="chart-analysis", exit_on_error=False, description="analysis")
    def analyse_in_background(self, meas: m.Measure, key: object = None) -> None:
        """Analyse a large measure and build its spec off the UI (:func:`ui_turns`); the
        plot then lays it out and draws it in a thread of its own, at its size then."""
        try:
            with ui_turns():
                self._compute(meas, key)
        except Exception as exc:  # shown, never a crash of a thread nobody waits for
            self._errors[meas.id] = f"Cannot analyse this measure: {exc}"
        self.app.call_from_thread(self._analysed, meas.id)

    @work(thread=True, group="chart-analysis", exit_on_error=False, description="analysis")
    def analyse_in_process(self, meas: m.Measure, key: object) -> None:
        """Analyse a very large measure, build and keep its spec in a forked process
        (:mod:`qitui.widgets.chart_process`); this thread only waits for its words."""
        try:
            with ui_turns():  # no collection walking the big project meanwhile
                chart = chart_process.start(self.store.project, meas)
        except Exception as exc:  # shown, never a crash of a thread nobody waits for
            self._errors[meas.id] = f"Cannot analyse this measure: {exc}"
        else:
            chart_process.keep_chart(key, chart)
            self._remote[meas.id] = chart
            self._specs[meas.id] = chart.spec
        self.app.call_from_thread(self._analysed, meas.id)

    def _analysed(self, measure_id: str) -> None:
        self._analysing.discard(measure_id)
        if measure_id == self.measure_id and self.is_attached:
            self.show_measure()

    def show_measure(self) -> None:
        measures = self.store.project.measures_in_order()  # as the Measures screen lists them
        meas = self.measure
        title = self.query_one("#chart-title", Static)
        verdict = self.query_one("#chart-verdict", Static)
        plot = self.query_one(ChartPlot)
        self._legend = []
        for name in ("#chart-legend", "#chart-pdsa"):
            self.query_one(name, Static).update("")
        if meas is None:
            title.update("No measures yet")
            verdict.update("Add a measure and its data to see its chart.")
            plot.display = False
            return
        place = f"  ({measures.index(meas) + 1}/{len(measures)})" if len(measures) > 1 else ""
        if not self.ready(meas):
            title.update(Text(meas.name + place))
            verdict.update(Text(f"analysing {len(meas.points):,} points…", style="italic"))
            plot.display = False
            return
        spec = self.spec()
        if spec is None:
            title.update(safe_text(meas.name + place))
            verdict.update(safe_text(self._errors.get(meas.id, ""), multiline=True))
            plot.display = False
            return
        plot.display = True
        title.update(safe_text(" · ".join(x for x in spec.header if x) + place))
        body = Text()
        for line in spec.verdict:
            body.append(visible(line) + "\n", style="bold")
        body.append(visible("\n".join(spec.words), multiline=True))
        from qitui.entry_checks import excluded_summary

        excluded = excluded_summary(meas)
        if excluded:
            body.append("\n" + visible(excluded, multiline=True))
        verdict.update(body)
        plot.show(spec, self.sigma2, self._remote.get(meas.id))

    def on_chart_plot_lost(self, message: ChartPlot.Lost) -> None:
        """The chart's process is gone: the measure is analysed again (in a new one)."""
        for meas_id, chart in list(self._remote.items()):
            if chart.process.closed:
                del self._remote[meas_id]
                self._specs.pop(meas_id, None)
        self.show_measure()

    def on_chart_plot_laid(self, message: ChartPlot.Laid) -> None:
        if self.measure_id in self._analysing:
            return  # a layout of the measure before
        spec = self.spec()
        if spec is None:
            return
        # The verdict comes right after the marker line; cycles and phases below it.
        legend = message.legend
        if legend is None:
            legend = [charts.marker_line(spec, message.layout)]
            legend += charts.pdsa_lines(spec, message.layout)
        box = self.query_one("#chart-legend", Static)
        width = max(box.size.width or message.layout.width - 4, 20)
        if [*legend, str(width)] != self._legend:
            self._legend = [*legend, str(width)]
            lines = charts.wrap(legend[:1], width, indent="")
            box.update(safe_text("\n".join(lines), multiline=True))
            pdsa = safe_text("\n".join(legend[1:]), multiline=True)
            self.query_one("#chart-pdsa", Static).update(pdsa)

    # ------------------------------------------------------------------ actions
    def _step(self, delta: int) -> None:
        ids = [meas.id for meas in self.store.project.measures_in_order()]
        if len(ids) < 2 or self.measure_id not in ids:
            return
        self.measure_id = ids[(ids.index(self.measure_id) + delta) % len(ids)]
        self.show_measure()

    def action_next_measure(self) -> None:
        """Show the next measure's chart."""
        self._step(1)

    def action_previous_measure(self) -> None:
        """Show the previous measure's chart."""
        self._step(-1)

    def action_toggle_sigma2(self) -> None:
        """Show or hide the 2-sigma lines of a control chart."""
        if self.measure_id in self._analysing:
            self.notify("Still analysing this measure.", timeout=3)
            return
        spec = self.spec()
        if spec is None or not spec.has_sigma:
            self.notify("Only control charts have sigma lines.", timeout=3)
            return
        self.sigma2 = not self.sigma2
        self.query_one(ChartPlot).show(spec, self.sigma2, self._remote.get(self.measure_id))

    def reload_store(self) -> None:
        """Ctrl+R: the project read again from disk, and the chart analysed again."""
        super().reload_store()
        self._specs.clear()
        self._errors.clear()
        self._remote.clear()
        ids = [meas.id for meas in self.store.project.measures_in_order()]
        if self.measure_id not in ids:
            self.measure_id = ids[0] if ids else ""
        self.show_measure()

    def action_back(self) -> None:
        """Back to the screen before."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
