"""What a measure's Data tab shows, as plain text (no Textual): the columns and rows of its
points table, and the summary above it (definition in short, baselines and phases, which
chart, the warnings of ``qitui check``, the latest review note)."""

from __future__ import annotations

from qitui import baselines
from qitui import model as m
from qitui.chart_advice import chart_advice
from qitui.parse import fmt_number
from qitui.wording import plural


def point_note_cell(note: str, reviews: list[m.Note]) -> str:
    """A point's own note, then the latest review note about it ("✎2": two notes)."""
    if not reviews:
        return note
    last = reviews[-1]
    count = f"✎{len(reviews)}" if len(reviews) > 1 else "✎"
    said = f"{count} {last.author}: {' '.join(last.text.split())}"
    return f"{note} {said}" if note else said


def point_columns(meas: m.Measure) -> tuple[str, ...]:
    """The points table's headers: numerator and denominator for a ratio chart."""
    if meas.is_ratio:
        pct = meas.chart in m.PROPORTION_CHARTS
        return ("#", "Date", "Num", "Den", "%" if pct else "Rate", "Flags", "Note")
    return ("#", "Date", meas.unit or "Value", "Flags", "Note")


def point_rows(project: m.Project, meas: m.Measure) -> list[tuple[str, list[str]]]:
    """(row key: the point's date, cells) of each point, in the file's order; the flags say
    excluded, astronomical, a phase's first point and a baseline's last."""
    pct = meas.chart in m.PROPORTION_CHARTS
    starts = {meas.points[i].date for i in meas.phase_starts()}
    on_points = project.notes_on_points(meas.id)
    base_ends = baselines.baseline_end(meas)
    rows = []
    for i, p in enumerate(meas.points):
        flags = []
        if p.excluded:
            flags.append("excl")
        if p.astronomical:
            flags.append("astro")
        if p.date in starts:
            flags.append("▶phase")
        if i in base_ends:
            flags.append("┤base")
        cells: list[str]
        if meas.is_ratio:
            y = p.y()
            shown = "—" if y is None else (f"{y * 100:.1f}" if pct else f"{y:.3g}")
            cells = [fmt_number(p.numerator), fmt_number(p.denominator), shown]
        else:
            cells = [fmt_number(p.value) or "—"]
        rows.append(
            (
                p.date.isoformat(),
                [
                    str(i + 1),
                    p.date.isoformat(),
                    *cells,
                    " ".join(flags) or "",
                    point_note_cell(p.note, on_points.get(p.date, [])),
                ],
            )
        )
    return rows


def summary_text(project: m.Project, meas: m.Measure, width: int) -> str:
    """The lines above the points table for a screen ``width`` wide; a phase's reason and
    the latest review note are cut to one line each."""
    bits = [meas.type, f"{meas.chart} chart"]
    if meas.better:
        bits.append(f"better {'↑ up' if meas.better == 'up' else '↓ down'}")
    if meas.target is not None:
        target = meas.target
        pct = meas.chart in m.PROPORTION_CHARTS
        shown = f"{target * 100:g}%" if pct else fmt_number(target)
        bits.append(f"target {shown}")
    bits.append(plural(len(meas.points), "point"))
    base = baselines.describe(meas)
    text = " · ".join(bits) + "\n" + base
    room = max(width - 4, 20)  # the screen's width less the summary's frame
    for ph in sorted(meas.phases, key=lambda p: p.start):  # a line each (full on the chart)
        line = f"phase from {ph.start}: {' '.join(ph.reason.split())}"
        text += "\n" + (line if len(line) <= room else line[: room - 1] + "…")
    advice_given = chart_advice(meas)
    for advice in advice_given:
        text += f"\nWhich chart? {advice}"
    from qitui.lint import measure_warning_texts  # the same warnings as `qitui check`

    for warning in measure_warning_texts(meas):
        if warning not in advice_given:
            text += f"\n⚠ {warning.removeprefix(f'measure {meas.id!r}: ')}"
    notes = project.notes_about(f"measure:{meas.id}")
    if notes:
        last = notes[-1]
        more = f" (+{len(notes) - 1} more in Notes)" if len(notes) > 1 else ""
        line = f"✎ {last.date} {last.author}: {' '.join(last.text.split())}"
        room = max(width - 4 - len(more), 20)
        text += "\n" + (line if len(line) <= room else line[: room - 1] + "…") + more
    return text
