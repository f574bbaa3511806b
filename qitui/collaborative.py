"""Collaboratives: teams (projects) that share ``collaborative = "…"`` in project.toml.

A coach sees a collaborative as a whole: every team's IHI progress score by month, how many
teams stand at each score now, each team's outcome verdict in one line, a text chart of the
scores over time, and the practicum's milestones (training days, action sets) kept in
``collaboratives.toml`` beside the project folders (see docs/file-format.md). The Markdown
report, the CLI and the collaborative screen all use this module; nothing here imports Textual.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from qitui import model as m
from qitui.store import LoadedProject, Problem, _Reader
from qitui.store.schema import Field, allowed_keys
from qitui.tomlio import FileProblem, parse, read_source

MILESTONES_FILE = "collaboratives.toml"
MILESTONE_KINDS = ("training day", "action set", "other")
MILESTONE_MARKS = {"training day": "T", "action set": "A", "other": "*"}
#: team marks on the text chart: A, B, C… (then lower case, then digits)
TEAM_MARKS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SCORE_LEVELS = [x / 2 for x in range(10, 0, -1)]  # 5.0 … 0.5


#: collaboratives.toml (read only: written by hand), in the order of its keys
MILESTONE_FIELDS: tuple[Field, ...] = (
    Field(
        "milestones",
        "tables",
        (
            Field("collaborative", "str"),
            Field("date", "date"),
            Field("kind", "str", choices=MILESTONE_KINDS, default="other"),
            Field("name", "str"),
        ),
    ),
)


@dataclass(frozen=True)
class Milestone:
    collaborative: str
    date: date
    kind: str = "other"
    name: str = ""
    #: its position among the [[milestones]] of the file (for line numbers)
    row: int = field(default=0, compare=False)


@dataclass
class Collaborative:
    """One collaborative: its name, its teams (loaded projects) and its milestones."""

    name: str
    teams: list[LoadedProject] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    def projects(self) -> list[m.Project]:
        return [lp.project for lp in self.teams if lp.project is not None]


# --------------------------------------------------------------------------- the file


def milestones_file(folder: Path) -> Path:
    """Where the milestones of the collaboratives of a folder of projects are kept."""
    return Path(folder) / MILESTONES_FILE


def read_milestones(path: Path) -> tuple[list[Milestone], list[Problem]]:
    """The milestones in ``path`` (none if it does not exist) and the problems found."""
    problems: list[Problem] = []
    if not path.is_file():
        return [], problems
    try:
        text, _raw = read_source(path)
        data, text = parse(path, text)
    except FileProblem as exc:
        return [], [Problem(exc.path, exc.line, exc.message)]
    r = _Reader(path, text, problems)
    r.schema(data)
    r.check_keys(data, allowed_keys(MILESTONE_FIELDS), None)
    out: list[Milestone] = []
    table = MILESTONE_FIELDS[0]
    for i, row in enumerate(r.value(data, table)):
        values = r.read(row, table.fields, "milestones", i)
        name = " ".join(values["collaborative"].split())
        if not name or values["date"] is None:
            r.problem("a milestone needs a 'collaborative' and a 'date'", "milestones", None, i)
            continue
        label = " ".join(values["name"].split())
        out.append(Milestone(name, values["date"], values["kind"], label, row=i))
    return out, problems


def group(projects: list[LoadedProject], milestones: list[Milestone]) -> list[Collaborative]:
    """The collaboratives named by ``projects`` (sorted by name), each with its teams in
    title order and its milestones; projects without a collaborative are left out."""
    found: dict[str, Collaborative] = {}
    for lp in projects:
        name = lp.project.collaborative if lp.project else ""
        if name:
            found.setdefault(name, Collaborative(name)).teams.append(lp)
    for c in found.values():
        c.teams.sort(key=lambda lp: lp.title.casefold())
        c.milestones = sorted(
            (x for x in milestones if x.collaborative == c.name), key=lambda x: x.date
        )
    return [found[k] for k in sorted(found, key=str.casefold)]


# --------------------------------------------------------------------------- scores by month


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def months(collab: Collaborative, until: date | None = None) -> list[str]:
    """``YYYY-MM`` from the first score (or milestone) of the collaborative to the last
    (or to ``until``, when given and later)."""
    days = [s.date for p in collab.projects() for s in p.scores]
    days += [x.date for x in collab.milestones]
    if not days:
        return []
    first, last = month_of(min(days)), month_of(max(days))
    if until is not None and month_of(until) > last:
        last = month_of(until)
    out = [first]
    while out[-1] < last:
        out.append(_next_month(out[-1]))
    return out


def scores_by_month(project: m.Project, span: list[str]) -> list[tuple[float | None, bool]]:
    """For each month of ``span``: the score standing at its end, and whether it was
    recorded in that month (False: carried from an earlier month; None before any score)."""
    scores = sorted(project.scores, key=lambda s: s.date)
    out: list[tuple[float | None, bool]] = []
    for month in span:
        upto = [s for s in scores if month_of(s.date) <= month]
        if not upto:
            out.append((None, False))
        else:
            out.append((upto[-1].score, month_of(upto[-1].date) == month))
    return out


def standing_now(collab: Collaborative) -> list[tuple[str, int]]:
    """How many teams stand at each score now (their latest), highest first; and those
    with no score yet."""
    latest = [p.latest_score() for p in collab.projects()]
    counts = Counter(s.score for s in latest if s is not None)
    rows = [(f"{level:.1f}", counts.get(level, 0)) for level in SCORE_LEVELS]
    rows.append(("no score yet", sum(1 for s in latest if s is None)))
    return rows


# --------------------------------------------------------------------------- verdicts


def outcome_verdict(project: m.Project) -> str:
    """A team's outcome measures in one line: latest value, target, what the chart says."""
    from qitui.measure_analysis import analyse_measure
    from qitui.verdict import fmt_y

    outcomes = [x for x in project.measures if x.type == "outcome"]
    if not outcomes:
        return "no outcome measure yet"
    parts = []
    for meas in sorted(outcomes, key=lambda x: x.name.casefold()):
        try:
            result = analyse_measure(meas)
        except Exception:
            parts.append(f"{meas.name}: cannot be analysed")
            continue
        latest = next((pt.y for pt in reversed(result.points) if pt.y is not None), None)
        text = f"{meas.name}: latest {fmt_y(meas.chart, latest, meas.unit)}"
        if meas.target is not None:
            text += f", target {fmt_y(meas.chart, meas.target, meas.unit)}"
        text += " — " + _judgement(result)
        parts.append(text)
    return "; ".join(parts)


def _judgement(result: object) -> str:
    from qitui.analysis.result import ChartResult

    assert isinstance(result, ChartResult)
    if not result.points or all(pt.y is None for pt in result.points):
        return "no data yet"
    last = result.phases[-1] if result.phases else None
    current = [s for s in result.signals if last is None or s.end >= last.first]
    if current:  # the signals reaching furthest say where the process stands now
        end = max(s.end for s in current)
        latest = [s for s in current if s.end == end]
        labels = ", ".join(sorted({s.label for s in latest}))
        said = {s.assessment for s in latest if s.assessment}  # phase-wide rules have none
        if said == {"improvement"}:
            return f"improving ({labels})"
        if said == {"concern"}:
            return f"getting worse ({labels})"
        if said:
            return f"mixed signals ({labels})"
        return f"a signal, no improvement direction set ({labels})"
    if last is not None and last.too_few_points:
        return "too few points to judge yet"
    return "no signal: random variation only"


# --------------------------------------------------------------------------- text


def progress_rows(collab: Collaborative, span: list[str]) -> list[list[str]]:
    """One row per team: its title, then its score for each month ("(2.5)" = carried)."""
    rows = []
    for p in collab.projects():
        cells = [" ".join(p.title.split())]
        for score, recorded in scores_by_month(p, span):
            if score is None:
                cells.append("–")
            else:
                cells.append(f"{score:.1f}" if recorded else f"({score:.1f})")
        rows.append(cells)
    return rows


def team_marks(collab: Collaborative) -> list[tuple[str, m.Project]]:
    return [(TEAM_MARKS[i % len(TEAM_MARKS)], p) for i, p in enumerate(collab.projects())]


def score_chart(collab: Collaborative, span: list[str], width: int = 78) -> list[str]:
    """The scores over time as text: one row per score (5.0 at the top), one column of 3
    per month; each team by its letter (a digit: that many teams in one cell), and a row of
    milestone marks (T training day, A action set) under the months. Only the last months
    that fit in ``width`` are drawn."""
    per = 3
    label = 5
    fit = max(1, (width - label - 1) // per)
    shown = span[-fit:]
    if not shown:
        return ["(no progress scores yet)"]
    grid: dict[tuple[float, int], list[str]] = {}
    for mark, p in team_marks(collab):
        for col, (score, _recorded) in enumerate(scores_by_month(p, shown)):
            if score is not None:
                grid.setdefault((score, col), []).append(mark)
    lines = []
    for level in SCORE_LEVELS:
        cells = []
        for col in range(len(shown)):
            marks = grid.get((level, col), [])
            cell = marks[0] if len(marks) == 1 else (str(min(len(marks), 9)) if marks else "·")
            cells.append(cell.center(per))
        lines.append(f"{level:>4.1f}│" + "".join(cells).rstrip())
    lines.append("    └" + "─" * (per * len(shown)))
    lines.append("     " + "".join(mo[5:].center(per) for mo in shown).rstrip())
    years = [" "] * (per * len(shown) + 4)
    for col, mo in enumerate(shown):
        if col == 0 or mo.endswith("-01"):
            years[col * per + 1 : col * per + 5] = list(mo[:4])
    lines.append("     " + "".join(years).rstrip())
    marks_row = [" " * per for _ in shown]
    for x in collab.milestones:
        mo = month_of(x.date)
        if mo in shown:
            marks_row[shown.index(mo)] = MILESTONE_MARKS.get(x.kind, "*").center(per)
    if collab.milestones:
        lines.append("     " + "".join(marks_row).rstrip())
    return lines


def legend(collab: Collaborative) -> list[str]:
    lines = [f"{mark} = {' '.join(p.title.split())}" for mark, p in team_marks(collab)]
    for x in collab.milestones:
        mark = MILESTONE_MARKS.get(x.kind, "*")
        lines.append(f"{mark} {x.date} {x.kind}" + (f": {x.name}" if x.name else ""))
    return lines


def collaborative_markdown(collab: Collaborative, h: int = 2, today: date | None = None) -> str:
    """A collaborative's progress in Markdown: scores by month, standing now, verdicts,
    the text chart with its milestones."""
    from qitui.report import cell

    span = months(collab, today)
    out = [f"{'#' * h} Collaborative: {collab.name}", ""]
    teams = collab.projects()
    out += [f"{len(teams)} team(s).", ""]
    if span:
        out += [
            "| Team | " + " | ".join(span) + " |",
            "|---|" + "---|" * len(span),
        ]
        out += [
            "| " + " | ".join(cell(c) for c in row) + " |" for row in progress_rows(collab, span)
        ]
        out += [
            "",
            "IHI progress score at the end of each month; (2.5): carried from an "
            "earlier month, no score recorded that month.",
            "",
        ]
    else:
        out += ["_No progress scores yet._", ""]
    out += ["| Score now | Teams |", "|---|---|"]
    out += [f"| {score} | {count} |" for score, count in standing_now(collab) if count]
    out += ["", "Outcome verdicts:", ""]
    out += [f"- **{cell(p.title)}**: {cell(outcome_verdict(p))}" for p in teams]
    out += ["", "```text", *score_chart(collab, span, width=100), "", *legend(collab), "```", ""]
    return "\n".join(out)
