"""The look of a chart: markers, line characters, colours and margins."""

from __future__ import annotations

# --------------------------------------------------------------------------- look

#: Markers: each kind of thing on the chart has its own character, so colour is optional.
MARK_POINT = "•"
MARK_SIGNAL = "◆"
MARK_EXCLUDED = "○"
LINE_CENTRE = "─"
LINE_EXTENSION = "┈"
LINE_LIMIT = "╌"
LINE_SIGMA2 = "·"
LINE_TARGET = "═"
MARK_PHASE = "│"
MARK_PDSA = "▲"
DATA_LINE = "braille"

RGB = tuple[int, int, int]
#: RGB colours (DESIGN.md: named colours are remapped by Textual themes). Chosen to stay
#: distinct when downgraded to 16 colours: bright blue, red, green, grey, yellow, magenta.
COLOURS: dict[str, RGB] = {
    "data": (30, 144, 255),
    "signal": (255, 99, 71),
    "excluded": (150, 150, 150),
    "centre": (0, 160, 80),
    "limit": (150, 150, 150),
    "sigma2": (150, 150, 150),
    "target": (200, 140, 0),
    "phase": (170, 70, 200),
    "pdsa": (170, 70, 200),
}

#: Above this many points per column of the plot, the line is thinned for display (never for
#: the analysis): a braille cell has two dots across, so more points than this are invisible.
THIN_PER_COLUMN = 4
#: Phase-wide rules: they mark no particular points.
_PHASE_WIDE = {"few-crossings", "too-few-runs", "too-many-runs"}
_CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Columns left empty before the first point: half the longest date label ("12 Jan 2026").
LEFT_MARGIN = 6
