"""Domain types of the Model for Improvement: no I/O, no Textual.

A :class:`Project` holds its aim, team, progress scores, driver diagram, measures, PDSA cycles
and review notes. Everything is a plain dataclass so that the store, the analysis and the
screens can share it. Empty strings and ``None`` mean "not filled in yet".

This module holds the project and its parts (aim, team, scores, driver diagram, notes);
:mod:`qitui.model.measure` the measures and their points, :mod:`qitui.model.cycle` the PDSA
cycles. Everything is re-exported here: ``from qitui import model as m`` and ``m.Measure``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from qitui.model.cycle import CYCLE_PURPOSES as CYCLE_PURPOSES
from qitui.model.cycle import CYCLE_STATUSES as CYCLE_STATUSES
from qitui.model.cycle import DECISIONS as DECISIONS
from qitui.model.cycle import Act as Act
from qitui.model.cycle import Cycle as Cycle
from qitui.model.cycle import Do as Do
from qitui.model.cycle import Plan as Plan
from qitui.model.cycle import Question as Question
from qitui.model.cycle import Study as Study
from qitui.model.cycle import ramp_scale as ramp_scale
from qitui.model.measure import CHART_TYPES as CHART_TYPES
from qitui.model.measure import DEFINITION_LABELS as DEFINITION_LABELS
from qitui.model.measure import DIRECTIONS as DIRECTIONS
from qitui.model.measure import IMPORT_PERIODS as IMPORT_PERIODS
from qitui.model.measure import IMPORT_STATISTICS as IMPORT_STATISTICS
from qitui.model.measure import MEASURE_TYPES as MEASURE_TYPES
from qitui.model.measure import PROPORTION_CHARTS as PROPORTION_CHARTS
from qitui.model.measure import RATIO_CHARTS as RATIO_CHARTS
from qitui.model.measure import RULE_SETS as RULE_SETS
from qitui.model.measure import DataPoint as DataPoint
from qitui.model.measure import ImportRecipe as ImportRecipe
from qitui.model.measure import Measure as Measure
from qitui.model.measure import Phase as Phase
from qitui.model.measure import value_problem as value_problem

PROJECT_STATUSES = ("active", "paused", "completed", "abandoned")
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
class Note:
    """A review note. ``about`` is "project", "measure:<id>", "cycle:<id>" or
    "point:<measure id>:<YYYY-MM-DD>" (one data point of a measure)."""

    id: str
    author: str
    date: date
    text: str
    about: str = "project"


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
