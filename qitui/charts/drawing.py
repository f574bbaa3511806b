"""Step 3: a laid-out spec on a plotext figure, and the whole chart as text."""

from __future__ import annotations

from typing import Any

from qitui import model as m
from qitui.charts.braille import _braille_runs, _marker_cells, _stack_runs, _step_cells
from qitui.charts.layout_ticks import Layout, layout
from qitui.charts.legend import legend_lines, wrap
from qitui.charts.look import (
    COLOURS,
    LINE_CENTRE,
    LINE_EXTENSION,
    LINE_LIMIT,
    LINE_SIGMA2,
    LINE_TARGET,
    MARK_EXCLUDED,
    MARK_POINT,
    MARK_SIGNAL,
    RGB,
)
from qitui.charts.plotext_compat import label_row, stamp_label_row, unlimited_size
from qitui.charts.spec import ChartSpec, build_spec

# --------------------------------------------------------------------------- drawing


def _colour(name: str, mode: str) -> Any:
    rgb = COLOURS.get(name, COLOURS["data"])
    if mode == "256":
        return _xterm256(rgb)
    return rgb


def _xterm256(rgb: RGB) -> int:
    """The nearest xterm-256 colour (the 6×6×6 cube or the grey ramp): safe over SSH."""
    r, g, b = rgb
    if r == g == b:
        if r < 8:
            return 16
        if r > 238:
            return 231
        return 232 + round((r - 8) / 247 * 24)

    def q(v: int) -> int:
        return 0 if v < 48 else 1 if v < 115 else (v - 35) // 40

    return 16 + 36 * q(r) + 6 * q(g) + q(b)


def draw(
    plt: Any, spec: ChartSpec, lay: Layout, mode: str = "rgb", background: Any = "default"
) -> None:
    """Draw ``spec`` as laid out by ``lay`` on a plotext figure (module or PlotextPlot.plt).

    ``mode``: "rgb" (the app), "256" (a terminal) or "none" (no colour codes wanted; the
    caller strips them after building). ``background``: the canvas colour behind labels
    ("default" in a terminal; the theme's surface colour in the app).
    """
    plt.clear_figure()
    # Not limited to the terminal's size: `qitui chart --width 120` in an 80-column pipe.
    unlimited_size(plt)
    plt.plotsize(lay.width, lay.height)
    plt.xlim(*lay.xlim)
    plt.ylim(*lay.ylim)
    plt.yticks([v for v, _ in lay.yticks], [t for _, t in lay.yticks])
    # Tick marks only: the date labels are written by :func:`x_label_line`, because plotext
    # nudges labels by a column depending on hash ordering (not reproducible run to run).
    plt.xticks([float(i) for i, _ in lay.xticks], [" " for _ in lay.xticks])

    def col(name: str) -> Any:
        return _colour(name, mode)

    if spec.n == 0:
        plt.text(
            "No data yet",
            lay.x_at(lay.cols // 2 - 5),
            lay.y_at(lay.rows // 2),
            color=col("data"),
            background=background,
            alignment="left",
        )
        return
    for ph in spec.phases:
        plt.vline(ph.x, col("phase"))
    styles = {
        "sigma2": (LINE_SIGMA2, "sigma2"),
        "ucl": (LINE_LIMIT, "limit"),
        "lcl": (LINE_LIMIT, "limit"),
        "target": (LINE_TARGET, "target"),
        "extension": (LINE_EXTENSION, "centre"),
        "centre": (LINE_CENTRE, "centre"),
    }
    for kind in ("sigma2", "ucl", "lcl", "target", "extension", "centre"):
        if kind == "sigma2" and not lay.sigma2:
            continue
        marker, colour = styles[kind]
        xs: list[float] = []
        ys: list[float] = []
        for line in spec.lines:
            if line.kind != kind:
                continue
            if len(line.path.xs) == 2:
                plt.plot(list(line.path.xs), list(line.path.ys), marker=marker, color=col(colour))
                continue
            for hx, hy in _step_cells(line.path, lay):
                xs.append(hx)
                ys.append(hy)
        if xs:
            plt.scatter(xs, ys, marker=marker, color=col(colour))
    for kind, marker, colour in (
        ("point", MARK_POINT, "data"),
        ("excluded", MARK_EXCLUDED, "excluded"),
        ("signal", MARK_SIGNAL, "signal"),
    ):
        if kind == "point" and lay.dense:
            continue
        pts = [mk for mk in lay.marks if mk.kind == kind]
        if pts:
            plt.scatter(
                [float(mk.x) for mk in pts],
                [mk.y for mk in pts],
                marker=marker,
                color=col(colour),
            )
    if lay.dense:
        # A lone point between two gaps has no line: give it a marker.
        lone = [s for s in lay.segments if len(s.xs) == 1]
        if lone:
            plt.scatter(
                [s.xs[0] for s in lone],
                [s.ys[0] for s in lone],
                marker=MARK_POINT,
                color=col("data"),
            )
    # The data line, drawn by us in plotext's braille dots, as runs of cells in a row (plotext
    # spends ~5 µs on each dot of a line: 0.2 s for a dense series), runs that start in the same
    # column stacked into one text; the cells of the markers are left out (drawn over the line).
    for col0, row, text in _stack_runs(_braille_runs(lay, _marker_cells(lay))):
        plt.text(
            text,
            lay.canvas_x_at(col0),
            lay.y_at(row),
            color=col("data"),
            background=background,
            alignment="left",
        )
    for lab in lay.labels:
        plt.text(
            lab.text,
            lay.x_at(lab.col),
            lay.y_at(lab.row),
            color=col(_LABEL_COLOURS.get(lab.colour, "data")),
            background=background,
            alignment="left",
        )


_LABEL_COLOURS = {
    "centre": "centre",
    "ucl": "limit",
    "lcl": "limit",
    "target": "target",
    "phase": "phase",
    "pdsa": "pdsa",
}


def x_label_line(lay: Layout, frame_col: int) -> str:
    """The date labels under the x axis, each centred on its tick (``frame_col`` is where
    the frame's corner └ is), kept inside the width and apart from each other."""
    line = [" "] * lay.width
    end = -2
    for idx, text in lay.xticks:
        c = frame_col + 1 + lay.canvas_col_of(float(idx))
        start = min(max(c - len(text) // 2, 0), lay.width - len(text))
        if start < end + 1 or start < 0:
            continue
        line[start : start + len(text)] = list(text)
        end = start + len(text)
    return "".join(line).rstrip()


x_label_row = label_row  # the name the app's chart screen knows


def stamp_x_labels(built: str, lay: Layout) -> str:
    """Write the date labels into plotext's (blank) label row of ``built``."""
    return stamp_label_row(built, lambda col: x_label_line(lay, col))


def chart_text(spec: ChartSpec, width: int, height: int, colour: bool, sigma2: bool = False) -> str:
    """The plot alone, as text (ANSI colour codes only if ``colour``)."""
    import plotext

    lay = layout(spec, width, height, sigma2)
    draw(plotext, spec, lay, "256" if colour else "none")
    plotext.theme("clear")
    text = stamp_x_labels(plotext.build(), lay)
    plotext.clear_figure()
    if not colour:
        text = plotext.uncolorize(text)
        return "\n".join(line.rstrip() for line in text.splitlines())
    return "\n".join(text.splitlines())


def render_text(
    project: m.Project,
    measure: m.Measure,
    *,
    width: int = 80,
    height: int = 20,
    colour: bool = False,
    sigma2: bool = False,
) -> str:
    """The whole chart for a terminal: header, plot (``height`` rows), legend, verdict and the
    chart in words; every line within ``width`` columns."""
    from qitui.measure_analysis import analyse_measure
    from qitui.safetext import visible

    result = analyse_measure(measure)
    spec = build_spec(project, measure, result)
    lay = layout(spec, width, height, sigma2)
    shown = visible  # names, titles and notes: control characters shown, never sent
    out = wrap([shown(x) for x in spec.header], width)
    out.append(chart_text(spec, width, height, colour, sigma2))
    out += wrap([shown(x) for x in legend_lines(spec, lay)], width)
    out.append("")
    out += wrap([shown(x) for x in spec.verdict], width)
    out += wrap([shown(x) for x in spec.words], width)
    from qitui.entry_checks import excluded_summary

    excluded = excluded_summary(measure)  # each excluded point with its reason
    if excluded:
        out += wrap([shown(excluded)], width)
    return "\n".join(out)
