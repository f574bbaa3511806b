"""Domain types of the Model for Improvement: no I/O, no Textual.

A :class:`Project` holds its aim, team, progress scores, driver diagram, measures, PDSA cycles
and review notes. Everything is a plain dataclass so that the store, the analysis and the
screens can share it. Empty strings and ``None`` mean "not filled in yet".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

MEASURE_TYPES = ("outcome", "process", "balancing")
CHART_TYPES = ("run", "i", "mr", "p", "u", "c", "pp", "up", "g", "t")
RATIO_CHARTS = ("p", "u", "pp", "up")
#: Charts of proportions (numerator <= denominator; shown in percent).
PROPORTION_CHARTS = ("p", "pp")
DIRECTIONS = ("up", "down")
RULE_SETS = ("default", "ihi-control", "mdc")
IMPORT_PERIODS = ("week", "fortnight", "month")
IMPORT_STATISTICS = ("count", "flag", "mean", "median")
PROJECT_STATUSES = ("active", "paused", "completed", "abandoned")
CYCLE_STATUSES = ("planned", "doing", "studying", "done", "abandoned")
CYCLE_PURPOSES = ("collect information", "develop a change", "test a change", "implement")
DECISIONS = ("adopt", "adapt", "abandon")
DRIVER_KINDS = ("primary", "secondary")

#: The IHI project progress scale (0.5-5.0); a project may ship its own variant as data.
IHI_PROGRESS_SCALE: dict[float, str] = {
    0.5: "Intent to participate: project identified, no charter or team yet",
    1.0: "Charter and team established, no work yet",
    1.5: "Planning has begun",
    2.0: "Activity, but no changes: baseline data, process study",
    2.5: "Changes tested, but no improvement; measures graphed with targets",
    3.0: "Modest improvement: some successful tests, some small-scale implementation",
    3.5: "Improvement towards the goals continues",
    4.0: "Significant improvement: expected results for major parts; about half of goals met",
    4.5: "Sustainable improvement: key measures begin to show sustained impact",
    5.0: "Outstanding sustainable results: all goals met, change made permanent",
}

_SLUG_KEEP = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"(?<=[A-Za-z0-9])'(?=[A-Za-z])")  # the ASCII encode drops U+2019
MAX_SLUG = 60
#: Names that Windows refuses as file names, whatever the extension.
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)


def slugify(text: str, fallback: str = "item") -> str:
    """A safe lower-case ``a-z0-9-`` slug: never empty, never a path, never a reserved name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = _APOSTROPHES.sub("", ascii_text)  # "children's" -> "childrens", not "children-s"
    slug = _SLUG_KEEP.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        # cut at a word boundary (if one is not too far back), not in the middle of a word
        if slug[MAX_SLUG] != "-" and cut.rfind("-") > MAX_SLUG // 2:
            cut = cut[: cut.rfind("-")]
        slug = cut.strip("-")
    if not slug:
        slug = fallback
    if slug in RESERVED_NAMES:
        slug = f"{slug}-1"
    return slug


def is_slug(text: str) -> bool:
    """True if ``text`` is already a safe slug (what ids and file stems must be)."""
    return bool(text) and slugify(text, fallback="") == text


@dataclass
class TeamMember:
    name: str
    role: str = ""


@dataclass
class Aim:
    """The aim, in parts; ``statement`` is the team's own sentence (composed if empty)."""

    what: str = ""
    how_much: str = ""
    by_when: date | None = None
    for_whom: str = ""
    where: str = ""
    statement: str = ""

    def sentence(self) -> str:
        """The statement, or a sentence composed from the parts."""
        if self.statement.strip():
            return self.statement.strip()
        parts = [self.what.strip()]
        if self.how_much.strip():
            parts.append(self.how_much.strip())
        if self.by_when:
            parts.append(f"by {self.by_when.day} {self.by_when:%B %Y}")
        if self.for_whom.strip():
            parts.append(f"for {self.for_whom.strip()}")
        if self.where.strip():
            parts.append(f"in {self.where.strip()}")
        text = " ".join(p for p in parts if p)
        return (text[:1].upper() + text[1:] + ".") if text else ""

    def is_empty(self) -> bool:
        return not any(
            [self.what, self.how_much, self.by_when, self.for_whom, self.where, self.statement]
        )


@dataclass
class AimRevision:
    """An earlier aim, kept when the aim changed (dated, with why it changed)."""

    date: date
    statement: str
    reason: str = ""


@dataclass
class ProgressScore:
    date: date
    score: float
    justification: str = ""


@dataclass
class ScaleLevel:
    """One level of a project's own progress scale (defaults to the IHI scale)."""

    score: float
    meaning: str


@dataclass
class Driver:
    """A primary or secondary driver; secondaries name the primaries they serve."""

    id: str
    name: str
    kind: str = "primary"
    parents: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class ChangeIdea:
    """A change idea; ``drivers`` are the ids of the drivers it serves (a graph, not a tree)."""

    id: str
    name: str
    drivers: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class DataPoint:
    """One period's value: ``value`` for run/I/MR/c charts, ``numerator``/``denominator``
    for p and u charts. ``excluded`` points are drawn but left out of the calculation;
    ``astronomical`` is the IHI rule 4 flag set by the user; ``imported``: the value was
    brought by an import (a value typed in the app clears it)."""

    date: date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    excluded: bool = False
    astronomical: bool = False
    imported: bool = False

    def y(self) -> float | None:
        """The plotted value: the value, or numerator / denominator (None if missing)."""
        if self.value is not None:
            return self.value
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


def value_problem(chart: str, value: float) -> str | None:
    """Why ``value`` cannot be a point of a ``chart`` chart (None when it can): counts and
    cases between events are never negative; a time between events is above 0."""
    if chart == "c" and value < 0:
        return f"a count cannot be negative ({value:g})"
    if chart == "g" and value < 0:
        return f"a G chart counts cases or days between events: it cannot be negative ({value:g})"
    if chart == "t" and not value > 0:
        return f"a T chart needs a time between events above 0 (got {value:g})"
    return None


@dataclass
class Phase:
    """A new phase of a measure's chart, starting at ``start``, with its recorded reason;
    ``freeze``: its own baseline, the first N points of the phase (None: the whole phase)."""

    start: date
    reason: str = ""
    freeze: int | None = None


@dataclass
class ImportRecipe:
    """How a measure's data are imported (``[import]`` in its file), kept so that the next
    extract needs only ``qitui import DIR FILE --measure NAME``. Without ``period`` the file
    is a table of ``date,value`` or ``date,numerator,denominator`` rows; with it, one row per
    record, aggregated per period by ``statistic`` (of ``column`` for flag, mean, median)."""

    period: str = ""  # week | fortnight | month
    date_column: str = ""
    statistic: str = ""  # count | flag | mean | median
    column: str = ""
    sheet: str = ""  # Excel: the sheet's name ("" = the first sheet)
    dayfirst: bool = False
    start: date | None = None  # fortnights: the Monday they count from
    first: date | None = None  # the span of the periods imported so far (to tell points
    last: date | None = None  # typed by hand from imported ones)


@dataclass
class Measure:
    id: str
    name: str
    type: str = "outcome"
    definition: str = ""
    numerator: str = ""
    denominator: str = ""
    inclusions: str = ""
    exclusions: str = ""
    unit: str = ""
    source: str = ""
    collected_by: str = ""
    frequency: str = ""
    sampling: str = ""
    chart: str = "run"
    better: str = ""
    target: float | None = None
    freeze: int | None = None
    rules: str = "default"
    phases: list[Phase] = field(default_factory=list)
    points: list[DataPoint] = field(default_factory=list)
    recipe: ImportRecipe | None = None

    @property
    def is_ratio(self) -> bool:
        return self.chart in RATIO_CHARTS

    def sort_points(self) -> None:
        self.points.sort(key=lambda p: p.date)

    def phase_starts(self) -> list[int]:
        """0-based indexes of the first point of each phase after the first (sorted points)."""
        return [idx for idx, _phase in self.started_phases()]

    def started_phases(self) -> list[tuple[int, Phase]]:
        """(index of its first point, phase) of each phase after the first that has points,
        in order; of two phases starting at the same point, the earlier one."""
        out: list[tuple[int, Phase]] = []
        taken: set[int] = set()
        n = len(self.points)
        for phase in sorted(self.phases, key=lambda p: p.start):
            # the first point on or after the start (points are sorted: one bisection)
            idx = bisect_left(self.points, phase.start, key=lambda p: p.date)
            if 0 < idx < n and idx not in taken:
                taken.add(idx)
                out.append((idx, phase))
        return out

    def baselines(self) -> list[int | None]:
        """The baseline length of each analysed phase, in order: the first phase's is the
        measure's ``freeze``, each later phase's its own (None: the whole phase)."""
        return [self.freeze] + [phase.freeze for _idx, phase in self.started_phases()]


@dataclass
class Question:
    """A question of the Plan, its prediction (written before the test) and the result
    found in the Study."""

    question: str
    prediction: str = ""
    result: str = ""


@dataclass
class Plan:
    objective: str = ""
    questions: list[Question] = field(default_factory=list)
    predicted_on: date | None = None
    who: str = ""
    what: str = ""
    where: str = ""
    when: str = ""
    data: str = ""


@dataclass
class Do:
    as_planned: bool | None = None
    observations: str = ""
    problems: str = ""


@dataclass
class Study:
    learning: str = ""
    studied_on: date | None = None


@dataclass
class Act:
    decision: str = ""
    next_steps: str = ""


@dataclass
class Cycle:
    """One PDSA cycle. ``id`` is its file stem (``NNN-slug``); ``label`` is what teams call
    it (1a, 1b…); ``parent`` is the id of the cycle it grew from (its ramp)."""

    id: str
    label: str
    change_idea: str = ""
    title: str = ""
    parent: str = ""
    purpose: str = ""
    status: str = "planned"
    start: date | None = None
    end: date | None = None
    scale: str = ""
    #: the scale as numbers (how many people, sites, days), beside the free text
    scale_people: int | None = None
    scale_sites: int | None = None
    scale_days: int | None = None
    owner: str = ""
    plan: Plan = field(default_factory=Plan)
    do: Do = field(default_factory=Do)
    study: Study = field(default_factory=Study)
    act: Act = field(default_factory=Act)

    @property
    def number(self) -> int:
        head = self.id.split("-", 1)[0]
        return int(head) if head.isdigit() else 0

    def scale_numbers(self) -> str:
        """The structured scale in words ("5 people · 1 site · 14 days"), "" if none."""
        parts = []
        for n, one, many in (
            (self.scale_people, "person", "people"),
            (self.scale_sites, "site", "sites"),
            (self.scale_days, "day", "days"),
        ):
            if n is not None:
                parts.append(f"{n} {one if n == 1 else many}")
        return " · ".join(parts)

    def scale_text(self) -> str:
        """The free text and the numbers together: "5 families (5 people · 14 days)"."""
        words, numbers = " ".join(self.scale.split()), self.scale_numbers()
        if words and numbers:
            return f"{words} ({numbers})"
        return words or numbers


@dataclass
class Note:
    """A review note. ``about`` is "project", "measure:<id>", "cycle:<id>" or
    "point:<measure id>:<YYYY-MM-DD>" (one data point of a measure)."""

    id: str
    author: str
    date: date
    text: str
    about: str = "project"


def ramp_scale(cycles: list[Cycle]) -> str:
    """How the scale grew along a ramp: "1a 5 families → 1b 11 families → …" ("" unless
    two or more of its cycles record a scale)."""
    steps = [f"{c.label} {c.scale_text()}" for c in cycles if c.scale_text()]
    return " → ".join(steps) if len(steps) > 1 else ""


def point_about(measure_id: str, when: date) -> str:
    """The ``about`` of a note on one data point: ``point:<measure id>:<date>``."""
    return f"point:{measure_id}:{when.isoformat()}"


def point_of(about: str) -> tuple[str, date] | None:
    """(measure id, date) of a ``point:`` about, None if it is not one (or is malformed)."""
    kind, _, ref = about.partition(":")
    if kind != "point":
        return None
    measure_id, _, when = ref.rpartition(":")
    try:
        return measure_id, date.fromisoformat(when)
    except ValueError:
        return None


@dataclass
class Project:
    slug: str
    title: str
    status: str = "active"
    start: date | None = None
    description: str = ""
    #: the collaborative (programme, cohort) the project belongs to, "" if none
    collaborative: str = ""
    team: list[TeamMember] = field(default_factory=list)
    aim: Aim = field(default_factory=Aim)
    aim_history: list[AimRevision] = field(default_factory=list)
    scores: list[ProgressScore] = field(default_factory=list)
    scale: list[ScaleLevel] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    change_ideas: list[ChangeIdea] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def progress_scale(self) -> dict[float, str]:
        """The project's own scale if it ships one, else the IHI scale."""
        if self.scale:
            return {lvl.score: lvl.meaning for lvl in self.scale}
        return dict(IHI_PROGRESS_SCALE)

    def latest_score(self) -> ProgressScore | None:
        return max(self.scores, key=lambda s: s.date) if self.scores else None

    def last_activity(self) -> date | None:
        """The latest date written anywhere in the project (points, cycles, scores, notes).

        Derived from content rather than file times, so that it survives git checkouts."""
        dates: list[date] = [d for d in (self.start,) if d]
        dates += [s.date for s in self.scores] + [n.date for n in self.notes]
        dates += [a.date for a in self.aim_history]
        for meas in self.measures:
            dates += [p.date for p in meas.points[-1:]]
        for c in self.cycles:
            dates += [d for d in (c.start, c.study.studied_on, c.plan.predicted_on) if d]
        return max(dates, default=None)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def measures_in_order(self) -> list[Measure]:
        """The family of measures as every screen and the report list it: outcome, process,
        balancing, then by name."""
        rank = {t: i for i, t in enumerate(MEASURE_TYPES)}
        return sorted(self.measures, key=lambda x: (rank.get(x.type, 9), x.name.casefold()))

    def cycle(self, cycle_id: str) -> Cycle | None:
        return next((c for c in self.cycles if c.id == cycle_id), None)

    def change_idea(self, idea_id: str) -> ChangeIdea | None:
        return next((c for c in self.change_ideas if c.id == idea_id), None)

    def driver(self, driver_id: str) -> Driver | None:
        return next((d for d in self.drivers if d.id == driver_id), None)

    def primary_drivers(self) -> list[Driver]:
        return [d for d in self.drivers if d.kind == "primary"]

    def secondary_drivers(self, primary_id: str | None = None) -> list[Driver]:
        return [
            d
            for d in self.drivers
            if d.kind == "secondary" and (primary_id is None or primary_id in d.parents)
        ]

    def ideas_for(self, driver_id: str) -> list[ChangeIdea]:
        return [c for c in self.change_ideas if driver_id in c.drivers]

    def ramp(self, idea_id: str) -> list[Cycle]:
        """The cycles testing one change idea, in order (a ramp)."""
        return sorted(
            (c for c in self.cycles if c.change_idea == idea_id),
            key=lambda c: (c.start or date.max, c.number),
        )

    def notes_on_points(self, measure_id: str) -> dict[date, list[Note]]:
        """The notes about single data points of a measure, by the point's date."""
        out: dict[date, list[Note]] = {}
        for n in sorted(self.notes, key=lambda n: n.date):
            ref = point_of(n.about)
            if ref is not None and ref[0] == measure_id:
                out.setdefault(ref[1], []).append(n)
        return out

    def notes_about(self, about: str) -> list[Note]:
        return sorted((n for n in self.notes if n.about == about), key=lambda n: n.date)

    def next_cycle_number(self) -> int:
        return max((c.number for c in self.cycles), default=0) + 1

    def unique_id(self, base: str, taken: set[str]) -> str:
        """``base`` made unique among ``taken`` by a numeric suffix."""
        slug = slugify(base)
        if slug not in taken:
            return slug
        n = 2
        while True:
            suffix = f"-{n}"
            candidate = slug[: MAX_SLUG - len(suffix)].rstrip("-") + suffix  # still a slug
            if candidate not in taken:
                return candidate
            n += 1
