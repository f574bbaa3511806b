"""A small, fixed project built through the store (for pilot and snapshot tests, and the
tmux smoke script). Every date is fixed so that what the screens render is deterministic."""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from pathlib import Path

from qitui import model as m
from qitui.store import ProjectStore, create_project

TODAY = date(2026, 6, 1)
FIXED_MTIME = 1_780_000_000  # 2026-05-28, for the "last change" column


def build_sample(folder: Path) -> ProjectStore:
    store = create_project(folder, "Hillview child health reviews")
    p = store.project
    p.start = date(2026, 1, 5)
    p.aim = m.Aim(
        what="increase the percentage of 27–30 month reviews completed on time",
        how_much="from 72% to 90%",
        by_when=date(2027, 6, 30),
        for_whom="families with a child of 27–30 months",
        where="Hillview",
    )
    p.aim_history = [
        m.AimRevision(date(2026, 1, 5), "Improve on-time reviews in Hillview.", "first draft")
    ]
    p.team = [m.TeamMember("Asha Patel", "lead"), m.TeamMember("Tom Reid", "data")]
    p.scores = [
        m.ProgressScore(date(2026, 2, 1), 2.0, "baseline data collected"),
        m.ProgressScore(date(2026, 4, 1), 2.5, "changes tested, no improvement yet"),
    ]
    p.drivers = [
        m.Driver("families-know", "Families know the review is due", "primary"),
        m.Driver("reminders", "Reminders reach families", "secondary", ["families-know"]),
        m.Driver("clinic-capacity", "Clinic capacity", "primary"),
    ]
    p.change_ideas = [
        m.ChangeIdea("text-reminder", "Text reminder a week before", ["reminders"]),
        m.ChangeIdea("evening-slots", "Evening clinic slots", ["clinic-capacity"]),
    ]
    store.save_project()
    on_time = m.Measure(
        id="on-time",
        name="Reviews on time",
        type="outcome",
        definition="Reviews completed within the 27–30 month window",
        numerator="reviews on time",
        denominator="reviews due",
        frequency="weekly",
        chart="p",
        better="up",
        target=0.9,
        freeze=10,
        source="child health system",
    )
    start = date(2026, 1, 5)
    for i, (num, den) in enumerate(
        [
            (14, 20),
            (15, 21),
            (13, 19),
            (16, 22),
            (14, 20),
            (15, 20),
            (13, 18),
            (15, 21),
            (14, 19),
            (16, 22),
            (18, 21),
            (19, 22),
        ]
    ):
        on_time.points.append(
            m.DataPoint(start + timedelta(weeks=i), numerator=num, denominator=den)
        )
    on_time.points[3].note = "school holiday"
    store.save_measure(on_time)
    dna = m.Measure(
        id="did-not-attend",
        name="Did not attend",
        type="balancing",
        chart="run",
        better="down",
        unit="families",
        frequency="weekly",
    )
    for i, v in enumerate([5, 6, 4, 7, 5, 6, 5, 4, 6, 5]):
        dna.points.append(m.DataPoint(start + timedelta(weeks=i), value=float(v)))
    dna.points[2].excluded = True
    store.save_measure(dna)
    c1 = m.Cycle(
        id="001-text-reminder",
        label="1a",
        change_idea="text-reminder",
        title="Text five families",
        purpose="test a change",
        status="done",
        start=date(2026, 2, 2),
        end=date(2026, 2, 9),
        owner="Asha Patel",
        scale="5 families",
    )
    c1.plan.objective = "Do families who get a text come on time?"
    c1.plan.questions = [m.Question("How many of 5 come on time?", "3 of 5", "4 of 5")]
    c1.plan.predicted_on = date(2026, 2, 1)
    c1.plan.who = "Asha"
    c1.do.as_planned = True
    c1.do.observations = "Two numbers were out of date."
    c1.study.learning = "Texts work when numbers are right."
    c1.study.studied_on = date(2026, 2, 10)
    c1.act.decision = "adapt"
    c1.act.next_steps = "Check numbers at booking, then text 20 families."
    store.save_cycle(c1)
    c2 = m.Cycle(
        id="002-text-reminder",
        label="1b",
        change_idea="text-reminder",
        title="Text twenty families",
        parent="001-text-reminder",
        purpose="test a change",
        status="doing",
        start=date(2026, 2, 16),
        owner="Asha Patel",
    )
    c2.plan.objective = "Check numbers at booking, then text 20 families."
    store.save_cycle(c2)
    store.save_note(
        m.Note(
            "2026-02-11-coach",
            "Coach",
            date(2026, 2, 11),
            "Good prediction written before the test.",
            "cycle:001-text-reminder",
        )
    )
    store.save_note(
        m.Note(
            "2026-03-01-coach",
            "Coach",
            date(2026, 3, 1),
            "Consider a p chart annotation for the holiday week.",
        )
    )
    fix_times(folder)
    return ProjectStore.open(folder)


def fix_times(folder: Path) -> None:
    for file in Path(folder).rglob("*.toml"):
        os.utime(file, (FIXED_MTIME, FIXED_MTIME))


if __name__ == "__main__":  # python -m tests.helpers.sample DIR
    target = Path(sys.argv[1])
    build_sample(target / "hillview")
    print(target / "hillview")
