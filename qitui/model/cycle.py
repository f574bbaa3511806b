"""A PDSA cycle: its plan (with the questions and predictions), do, study and act, and the
ramp of cycles testing one change idea (re-exported by :mod:`qitui.model`). No I/O, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CYCLE_STATUSES = ("planned", "doing", "studying", "done", "abandoned")
CYCLE_PURPOSES = ("collect information", "develop a change", "test a change", "implement")
DECISIONS = ("adopt", "adapt", "abandon")


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


def ramp_scale(cycles: list[Cycle]) -> str:
    """How the scale grew along a ramp: "1a 5 families → 1b 11 families → …" ("" unless
    two or more of its cycles record a scale)."""
    steps = [f"{c.label} {c.scale_text()}" for c in cycles if c.scale_text()]
    return " → ".join(steps) if len(steps) > 1 else ""
