"""``qitui report``: Markdown for one project, or a portfolio of a folder of projects.

Plain GitHub/GitLab-flavoured Markdown: tables, fenced code blocks for the charts, nested
lists for the driver diagram. Charts are drawn without colour codes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qitui import model as m
from qitui.chart_names import chart_name
from qitui.measure_analysis import analyse_measure, current_signals
from qitui.store import LoadedProject, discover, is_project_dir, load_project
from qitui.verdict import fmt_y, phase_line, verdict_lines
from qitui.wording import line_decimals, plural

CHART_WIDTH = 100
CHART_HEIGHT = 18
ACTIVE = ("planned", "doing", "studying")
#: Draws a measure's chart for the report (text inside a fenced block).
ChartFn = Callable[[m.Project, m.Measure], str]
#: The operational definition after its sentence, in the file's order: every field is
#: printed when it is filled in.
#: the definition's parts listed under a measure (its sentence is shown on its own)
DEFINITION_FIELDS = tuple((k, v) for k, v in m.DEFINITION_LABELS.items() if k != "definition")


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell (one line, no stray pipes)."""
    return " ".join(str(text).split()).replace("|", "\\|") or "–"


def report_markdown(path: Path, chart: ChartFn | None = None) -> str:
    """The report of one project folder, or a portfolio of every project in a folder.
    ``chart`` draws each chart (default: plain text, no colour codes)."""
    path = Path(path)
    if is_project_dir(path):
        return project_markdown(load_project(path), level=1, chart=chart)
    loaded = [load_project(folder) for folder in discover(path)]
    return portfolio_markdown(path, loaded, chart)


def _collaboratives(folder: Path, projects: list[LoadedProject]) -> list[str]:
    """Each collaborative's progress (see :mod:`qitui.collaborative`)."""
    from qitui.collaborative import collaborative_markdown, group, milestones_file, read_milestones

    milestones, problems = read_milestones(milestones_file(folder))
    out: list[str] = []
    if problems:
        out += ["> **Problems in the milestones file** (left out):", ">"]
        out += [f"> - `{cell(prob)}`" for prob in problems] + [""]
    for collab in group(projects, milestones):
        out += [collaborative_markdown(collab, h=2).rstrip("\n"), ""]
    return out


def _h(level: int, text: str) -> str:
    return f"{'#' * level} {text}"


def portfolio_markdown(
    folder: Path, projects: list[LoadedProject], chart: ChartFn | None = None
) -> str:
    lines = [_h(1, f"Portfolio: {folder.resolve().name}"), ""]
    lines += [
        f"{plural(len(projects), 'project')}.",
        "",
        "| Project | Progress | Aim by | Signals now | Cycles under way | Last activity |",
        "|---|---|---|---|---|---|",
    ]
    for lp in projects:
        p = lp.project
        if p is None:
            first = lp.problems[0] if lp.problems else "cannot be read"
            lines.append(f"| {cell(lp.path.name)} | – | – | ⚠ {cell(first)} | – | – |")
            continue
        score = p.latest_score()
        signals = sum(bool(current_signals(analyse_measure(x))) for x in p.measures)
        active = sum(c.status in ACTIVE for c in p.cycles)
        lines.append(
            f"| {cell(p.title)} | {f'{score.score:.1f}' if score else '–'} "
            f"| {p.aim.by_when or '–'} | {signals} of {plural(len(p.measures), 'measure')} "
            f"| {active} | {p.last_activity() or '–'} |"
        )
    lines.append("")
    lines += _collaboratives(folder, projects)
    for lp in projects:
        lines += ["", project_markdown(lp, level=2, chart=chart).rstrip("\n"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def project_markdown(lp: LoadedProject, level: int = 1, chart: ChartFn | None = None) -> str:
    if lp.project is None:
        out = [_h(level, lp.path.name), "", "This project cannot be read:", ""]
        out += [f"- `{cell(p)}`" for p in lp.problems]
        return "\n".join(out) + "\n"
    p = lp.project
    h = level + 1
    out = [_h(level, p.title), ""]
    meta = [f"Status: {p.status}"]
    if p.collaborative:
        meta.append(f"collaborative {p.collaborative}")
    if p.start:
        meta.append(f"started {p.start}")
    if p.last_activity():
        meta.append(f"last activity {p.last_activity()}")
    out += [" · ".join(meta), ""]
    if p.description:
        out += [p.description, ""]
    if lp.problems:
        out += ["> **Problems in the files** (these parts are left out below):", ">"]
        out += [f"> - `{cell(prob)}`" for prob in lp.problems]
        out.append("")
    out += _aim(p, h) + _progress(p, h) + _team(p, h) + _measures(p, h, chart or _chart_text)
    out += _drivers(p, h) + _ramps(p, h) + _notes(p, h)
    return "\n".join(out).rstrip("\n") + "\n"


def _aim(p: m.Project, h: int) -> list[str]:
    out = [_h(h, "Aim"), ""]
    sentence = p.aim.sentence()
    out += [f"> {sentence}" if sentence else "_No aim written yet._", ""]
    parts = [
        ("What", p.aim.what),
        ("How much", p.aim.how_much),
        ("By when", p.aim.by_when or ""),
        ("For whom", p.aim.for_whom),
        ("Where", p.aim.where),
    ]
    if any(v for _, v in parts):
        out += ["| Part | |", "|---|---|"] + [f"| {k} | {cell(v)} |" for k, v in parts] + [""]
    if p.aim_history:
        out += ["Earlier aims:", ""]
        for a in sorted(p.aim_history, key=lambda a: a.date):
            reason = f" — _{a.reason}_" if a.reason else ""
            out.append(f"- {a.date}: “{' '.join(a.statement.split())}”{reason}")
        out.append("")
    return out


def _progress(p: m.Project, h: int) -> list[str]:
    if not p.scores:
        return []
    scale = p.progress_scale()
    out = [
        _h(h, "Progress scores"),
        "",
        "| Date | Score | Meaning | Justification |",
        "|---|---|---|---|",
    ]
    for s in sorted(p.scores, key=lambda s: s.date):
        out.append(
            f"| {s.date} | {s.score:.1f} | {cell(scale.get(s.score, ''))} | "
            f"{cell(s.justification)} |"
        )
    return [*out, ""]


def _team(p: m.Project, h: int) -> list[str]:
    if not p.team:
        return []
    return (
        [_h(h, "Team"), ""]
        + [f"- {t.name}" + (f" — {t.role}" if t.role else "") for t in p.team]
        + [""]
    )


def _measures(p: m.Project, h: int, chart: ChartFn) -> list[str]:
    if not p.measures:
        return [_h(h, "Measures"), "", "_No measures yet._", ""]
    out = [_h(h, "Measures"), ""]
    out += [
        "| Measure | Type | Chart | Latest | Target | Signals now |",
        "|---|---|---|---|---|---|",
    ]
    analysed = []
    for meas in p.measures_in_order():
        res = analyse_measure(meas)
        analysed.append((meas, res))
        latest = next((pt for pt in reversed(res.points) if pt.y is not None), None)
        target = fmt_y(meas.chart, meas.target, meas.unit) if meas.target is not None else "–"
        signals = "; ".join(current_signals(res)) or "none"
        out.append(
            f"| {cell(meas.name)} | {meas.type} | {meas.chart} | "
            f"{fmt_y(meas.chart, latest.y if latest else None, meas.unit)} | {target} | "
            f"{cell(signals)} |"
        )
    out.append("")
    for meas, res in analysed:
        out += [_h(h + 1, meas.name), ""]
        if meas.definition:
            out += [f"_{' '.join(meas.definition.split())}_", ""]
        facts = [(label, getattr(meas, key)) for key, label in DEFINITION_FIELDS]
        out += [f"- {k}: {' '.join(v.split())}" for k, v in facts if v]
        out += [f"- {chart_name(meas.chart)}; improvement is {meas.better or 'not set'}"]
        dates = [pt.date for pt in sorted(meas.points, key=lambda pt: pt.date)]
        dec = line_decimals(meas)
        out += [f"- {phase_line(meas, res, ph, dates, dec)}" for ph in res.phases]
        for ph in meas.phases:
            out.append(f"- New phase from {ph.start}: {ph.reason or 'no reason recorded'}")
        out.append("")
        if meas.points:
            out += ["```text", chart(p, meas), "```", ""]
        out += [f"- {line}" for line in verdict_lines(meas, res)] + [""]
        out += _notes_beside(p, [f"measure:{meas.id}"], meas.id)
    return out


def _notes_beside(p: m.Project, abouts: list[str], measure_id: str = "") -> list[str]:
    """The review notes about these things (and the points of ``measure_id``), as a list."""
    notes = [n for n in p.notes if n.about in abouts]
    points = p.notes_on_points(measure_id) if measure_id else {}
    notes += [n for group in points.values() for n in group]
    if not notes:
        return []
    out = ["Review notes:", ""]
    for n in sorted(notes, key=lambda n: (n.date, n.id)):
        point, cycle = m.point_of(n.about), p.cycle(n.about.partition(":")[2])
        on = f" (on the point of {point[1]})" if point else ""
        if n.about.startswith("cycle:") and cycle is not None:
            on = f" (on cycle {cycle.label})"
        out.append(f"- ✎ {n.date}, {n.author or 'anonymous'}{on}: {' '.join(n.text.split())}")
    return [*out, ""]


def _chart_text(p: m.Project, meas: m.Measure) -> str:
    from qitui.charts import render_text

    try:
        return render_text(p, meas, width=CHART_WIDTH, height=CHART_HEIGHT, colour=False).rstrip()
    except (ArithmeticError, ValueError) as exc:  # values no check foresaw: say so, go on
        return f"(the chart cannot be drawn: {exc})"


def _drivers(p: m.Project, h: int) -> list[str]:
    if not p.drivers and not p.change_ideas:
        return []
    out = [_h(h, "Driver diagram"), ""]
    sentence = p.aim.sentence()
    out.append(f"- **Aim:** {sentence or p.title}")

    def ideas(driver_id: str, indent: str) -> None:
        for idea in p.ideas_for(driver_id):
            ramp = " → ".join(c.label for c in p.ramp(idea.id))
            out.append(f"{indent}- 💡 {idea.name}" + (f" (cycles {ramp})" if ramp else ""))

    for prim in p.primary_drivers():
        out.append(f"  - **Primary driver:** {prim.name}")
        ideas(prim.id, "      ")
        for sec in p.secondary_drivers(prim.id):
            out.append(f"      - Secondary driver: {sec.name}")
            ideas(sec.id, "          ")
    orphans = [c for c in p.change_ideas if not c.drivers]
    for idea in orphans:
        out.append(f"  - 💡 {idea.name} (not linked to a driver)")
    return [*out, ""]


def _ramps(p: m.Project, h: int) -> list[str]:
    if not p.cycles:
        return []
    out = [_h(h, "PDSA ramps"), ""]
    out += [
        "| Change idea | Cycle | Dates | Scale | Status | Decision |",
        "|---|---|---|---|---|---|",
    ]
    ideas = [c.id for c in p.change_ideas] + [""]
    for idea_id in ideas:
        idea = p.change_idea(idea_id)
        for cyc in p.ramp(idea_id):
            dates = f"{cyc.start or '?'} – {cyc.end or ''}".strip(" –")
            out.append(
                f"| {cell(idea.name if idea else '(none)')} | {cell(cyc.label)}: "
                f"{cell(cyc.title)} | {dates} | {cell(cyc.scale_text())} | {cyc.status} "
                f"| {cyc.act.decision or '–'} |"
            )
    out.append("")
    for idea_id in ideas:
        idea = p.change_idea(idea_id)
        grew = m.ramp_scale(p.ramp(idea_id))
        if grew:
            out.append(f"- Scale-up of {idea.name if idea else '(no change idea)'}: {grew}")
    if out[-1] != "":
        out.append("")
    out += _notes_beside(p, [f"cycle:{c.id}" for c in p.cycles])
    return out


def _notes(p: m.Project, h: int) -> list[str]:
    if not p.notes:
        return []
    out = [_h(h, "Review notes"), ""]
    for n in sorted(p.notes, key=lambda n: (n.date, n.id)):
        about = n.about
        kind, _, ref = n.about.partition(":")
        if kind == "measure" and (named := p.measure(ref)):
            about = f"measure “{named.name}”"
        elif kind == "cycle" and (cycle := p.cycle(ref)):
            about = f"cycle {cycle.label}"
        elif (point := m.point_of(n.about)) and (meas := p.measure(point[0])):
            about = f"the point of {point[1]} of “{meas.name}”"
        out.append(
            f"- **{n.date}, {n.author or 'anonymous'}** (on {about}): {' '.join(n.text.split())}"
        )
    return [*out, ""]
