"""Run and control charts in the terminal: the one package that calls plotext.

Three steps, so that the app and the command line draw the same chart:

1. :func:`build_spec` turns a measure and its analysis (:class:`~qitui.analysis.ChartResult`)
   into a :class:`ChartSpec`: data segments split at gaps, centre lines per phase (baseline
   and frozen extension apart), stepped limits, 2-sigma lines, target, phase boundaries,
   signal points and PDSA marks. Every number comes from the analysis; p charts are in
   percent. Pure, no plotext; computed once per measure.
2. :func:`layout` fits a spec into a width and height: the plot's columns and rows, y and x
   ticks (dates), labels at the right of the lines, and whether PDSA cycles are labelled by
   their own names or by short codes explained in the legend. Pure and cheap.
3. :func:`draw` puts a laid-out spec on a plotext figure: plotext's own module for
   :func:`render_text` (``qitui chart``), or ``PlotextPlot.plt`` in the app.

Signals are told by marker and words as well as by colour, so that charts read the same with
``NO_COLOR``, in 16 colours or in monochrome over SSH.

The package: :mod:`~qitui.charts.look` (markers, colours), :mod:`~qitui.charts.spec` (step 1),
:mod:`~qitui.charts.layout_ticks` (step 2), :mod:`~qitui.charts.legend`,
:mod:`~qitui.charts.drawing` (step 3 and the whole chart as text), :mod:`~qitui.charts.braille`
(the data line's fast path) and :mod:`~qitui.charts.plotext_compat` (every use of plotext's
internals). Import from ``qitui.charts``.
"""

from __future__ import annotations

from qitui.charts.braille import (
    _RUN as _RUN,
)
from qitui.charts.braille import (
    _braille_grid as _braille_grid,
)
from qitui.charts.braille import (
    _braille_pairs as _braille_pairs,
)
from qitui.charts.braille import (
    _braille_runs as _braille_runs,
)
from qitui.charts.braille import (
    _braille_table as _braille_table,
)
from qitui.charts.braille import (
    _dot_cells as _dot_cells,
)
from qitui.charts.braille import (
    _line_dots as _line_dots,
)
from qitui.charts.braille import (
    _marker_cells as _marker_cells,
)
from qitui.charts.braille import (
    _stack_runs as _stack_runs,
)
from qitui.charts.braille import (
    _step_cells as _step_cells,
)
from qitui.charts.drawing import (
    _LABEL_COLOURS as _LABEL_COLOURS,
)
from qitui.charts.drawing import (
    _colour as _colour,
)
from qitui.charts.drawing import (
    _xterm256 as _xterm256,
)
from qitui.charts.drawing import (
    chart_text as chart_text,
)
from qitui.charts.drawing import (
    draw as draw,
)
from qitui.charts.drawing import (
    render_text as render_text,
)
from qitui.charts.drawing import (
    stamp_x_labels as stamp_x_labels,
)
from qitui.charts.drawing import (
    x_label_line as x_label_line,
)
from qitui.charts.drawing import (
    x_label_row as x_label_row,
)
from qitui.charts.layout_ticks import (
    Label as Label,
)
from qitui.charts.layout_ticks import (
    Layout as Layout,
)
from qitui.charts.layout_ticks import (
    _Axis as _Axis,
)
from qitui.charts.layout_ticks import (
    _cells as _cells,
)
from qitui.charts.layout_ticks import (
    _date_label as _date_label,
)
from qitui.charts.layout_ticks import (
    _decimals as _decimals,
)
from qitui.charts.layout_ticks import (
    _earlier_centre_labels as _earlier_centre_labels,
)
from qitui.charts.layout_ticks import (
    _labelled as _labelled,
)
from qitui.charts.layout_ticks import (
    _last_phase as _last_phase,
)
from qitui.charts.layout_ticks import (
    _line_start_label as _line_start_label,
)
from qitui.charts.layout_ticks import (
    _nice_step as _nice_step,
)
from qitui.charts.layout_ticks import (
    _pdsa_collide as _pdsa_collide,
)
from qitui.charts.layout_ticks import (
    _pdsa_groups as _pdsa_groups,
)
from qitui.charts.layout_ticks import (
    _right_labels as _right_labels,
)
from qitui.charts.layout_ticks import (
    _thin_for as _thin_for,
)
from qitui.charts.layout_ticks import (
    _tick_label as _tick_label,
)
from qitui.charts.layout_ticks import (
    _tick_steps as _tick_steps,
)
from qitui.charts.layout_ticks import (
    _ticks_fit as _ticks_fit,
)
from qitui.charts.layout_ticks import (
    _y_range as _y_range,
)
from qitui.charts.layout_ticks import (
    _y_ticks as _y_ticks,
)
from qitui.charts.layout_ticks import (
    _ylabel_width as _ylabel_width,
)
from qitui.charts.layout_ticks import (
    layout as layout,
)
from qitui.charts.layout_ticks import (
    x_ticks as x_ticks,
)
from qitui.charts.legend import (
    _short as _short,
)
from qitui.charts.legend import (
    legend_lines as legend_lines,
)
from qitui.charts.legend import (
    marker_line as marker_line,
)
from qitui.charts.legend import (
    pdsa_lines as pdsa_lines,
)
from qitui.charts.legend import (
    wrap as wrap,
)
from qitui.charts.look import (
    _CODES as _CODES,
)
from qitui.charts.look import (
    _PHASE_WIDE as _PHASE_WIDE,
)
from qitui.charts.look import (
    DATA_LINE as DATA_LINE,
)
from qitui.charts.look import (
    LEFT_MARGIN as LEFT_MARGIN,
)
from qitui.charts.look import (
    LINE_CENTRE as LINE_CENTRE,
)
from qitui.charts.look import (
    LINE_EXTENSION as LINE_EXTENSION,
)
from qitui.charts.look import (
    LINE_LIMIT as LINE_LIMIT,
)
from qitui.charts.look import (
    LINE_SIGMA2 as LINE_SIGMA2,
)
from qitui.charts.look import (
    LINE_TARGET as LINE_TARGET,
)
from qitui.charts.look import (
    MARK_EXCLUDED as MARK_EXCLUDED,
)
from qitui.charts.look import (
    MARK_PDSA as MARK_PDSA,
)
from qitui.charts.look import (
    MARK_PHASE as MARK_PHASE,
)
from qitui.charts.look import (
    MARK_POINT as MARK_POINT,
)
from qitui.charts.look import (
    MARK_SIGNAL as MARK_SIGNAL,
)
from qitui.charts.look import (
    RGB as RGB,
)
from qitui.charts.look import (
    THIN_PER_COLUMN as THIN_PER_COLUMN,
)
from qitui.charts.plotext_compat import (
    braille_marker as braille_marker,
)
from qitui.charts.plotext_compat import (
    label_row as label_row,
)
from qitui.charts.plotext_compat import (
    matrix_data as matrix_data,
)
from qitui.charts.plotext_compat import (
    stamp_label_row as stamp_label_row,
)
from qitui.charts.plotext_compat import (
    unlimited_size as unlimited_size,
)
from qitui.charts.spec import (
    ChartSpec as ChartSpec,
)
from qitui.charts.spec import (
    Path as Path,
)
from qitui.charts.spec import (
    PdsaMark as PdsaMark,
)
from qitui.charts.spec import (
    PhaseMark as PhaseMark,
)
from qitui.charts.spec import (
    PointMark as PointMark,
)
from qitui.charts.spec import (
    RefLine as RefLine,
)
from qitui.charts.spec import (
    _inside_two_sigma as _inside_two_sigma,
)
from qitui.charts.spec import (
    _median_gap as _median_gap,
)
from qitui.charts.spec import (
    _pdsa_marks as _pdsa_marks,
)
from qitui.charts.spec import (
    _scale as _scale,
)
from qitui.charts.spec import (
    _segments as _segments,
)
from qitui.charts.spec import (
    _steps as _steps,
)
from qitui.charts.spec import (
    build_spec as build_spec,
)
from qitui.charts.spec import (
    header_lines as header_lines,
)
from qitui.charts.spec import (
    signal_points as signal_points,
)
from qitui.charts.spec import (
    verdict_text as verdict_text,
)
from qitui.charts.spec import (
    words_lines as words_lines,
)
from qitui.charts.thinning import (
    thin_indices as thin_indices,
)

__all__ = [
    "COLOURS",
    "ChartSpec",
    "Layout",
    "build_spec",
    "chart_text",
    "draw",
    "layout",
    "legend_lines",
    "render_text",
    "signal_points",
    "thin_indices",
    "verdict_text",
    "x_ticks",
]
