"""The legend under a chart: markers, lines and PDSA codes in words."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from qitui.charts.layout_ticks import Layout
from qitui.charts.look import (
    LINE_CENTRE,
    LINE_EXTENSION,
    LINE_LIMIT,
    LINE_SIGMA2,
    LINE_TARGET,
    MARK_EXCLUDED,
    MARK_PDSA,
    MARK_PHASE,
    MARK_POINT,
    MARK_SIGNAL,
)
from qitui.charts.spec import ChartSpec
from qitui.verdict import (
    centre_name,
)

# --------------------------------------------------------------------------- legend

#: Joins a marker to its words in the marker line, so that wrapping (:func:`wrap`, which
#: turns it back into a space) never leaves "═" at the end of one line and "target" on the
#: next.
GLUE = "\u00a0"


def legend_lines(spec: ChartSpec, lay: Layout) -> list[str]:
    """What the markers mean (only those drawn), then the PDSA cycles and phase reasons."""
    return [marker_line(spec, lay), *pdsa_lines(spec, lay)] if spec.n else []


def marker_line(spec: ChartSpec, lay: Layout) -> str:
    """One line naming the markers and lines drawn, e.g. "• value  ◆ signal  ─ median"
    (each marker glued to its words by :data:`GLUE`: wrap it with :func:`wrap`)."""
    cname = centre_name(spec.chart)
    kinds = {line.kind for line in spec.lines}
    items = []
    if spec.marks:
        items.append(f"{MARK_POINT}{GLUE}value" if not lay.dense else f"⠒{GLUE}values")
    if any(mk.kind == "signal" for mk in spec.special_marks):
        items.append(f"{MARK_SIGNAL}{GLUE}signal")
    if any(mk.kind == "excluded" for mk in spec.special_marks):
        items.append(f"{MARK_EXCLUDED}{GLUE}excluded")
    if "centre" in kinds:
        items.append(f"{LINE_CENTRE}{GLUE}{cname}")
    if "extension" in kinds:
        items.append(f"{LINE_EXTENSION}{GLUE}{cname}{GLUE}extended")
    if "ucl" in kinds or "lcl" in kinds:
        items.append(f"{LINE_LIMIT}{GLUE}3σ{GLUE}limits")
    if lay.sigma2:
        items.append(f"{LINE_SIGMA2}{GLUE}2σ")
    if "target" in kinds:
        items.append(f"{LINE_TARGET}{GLUE}target")
    if spec.phases:
        items.append(f"{MARK_PHASE}{GLUE}phase")
    if spec.pdsa:
        items.append(f"{MARK_PDSA}{GLUE}PDSA")
    return "  ".join(items)


def _short(text: str, limit: int = 40) -> str:
    return textwrap.shorten(text, limit, placeholder="…")


def pdsa_lines(spec: ChartSpec, lay: Layout) -> list[str]:
    """The PDSA cycles marked (with their codes if the chart uses codes), the phases'
    reasons, and a note when the series is thinned for display."""
    out: list[str] = []
    if spec.pdsa:
        parts = []
        fmt = "%-d %b" if len({p.start.year for p in spec.pdsa}) == 1 else "%-d %b %Y"
        for p in spec.pdsa:
            name = f"{p.code}={p.label}" if lay.pdsa_codes else p.label
            title = f" {_short(p.title)}" if p.title else ""
            parts.append(f"{name}{title} ({p.start.strftime(fmt)})")
        out.append("PDSA: " + "; ".join(parts))
    for ph in spec.phases:
        reason = f": {ph.reason}" if ph.reason else ""
        out.append(f"P{ph.phase} from {ph.start:%-d %b %Y}{reason}")
    if lay.thinned:
        out.append(f"{spec.n} points, thinned for display (every signal shown)")
    return out


def wrap(lines: Iterable[str], width: int, indent: str = "  ") -> list[str]:
    """Lines wrapped to ``width`` columns (continuations indented)."""
    out: list[str] = []
    for line in lines:
        if not line:
            out.append("")
            continue
        out += textwrap.wrap(
            line, width, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False
        ) or [""]
    return [x.replace(GLUE, " ") for x in out]
