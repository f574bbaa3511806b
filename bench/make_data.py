"""Synthetic projects for the benchmarks (written through the store, like real ones)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from qitui import model as m
from qitui.store import create_project


def make_large_project(
    folder: Path, measures: int = 10, points: int = 5000, cycles: int = 300
) -> Path:
    """A project with ``measures`` × ``points`` data points and ``cycles`` PDSA cycles."""
    rng = random.Random(42)
    store = create_project(folder, "Large benchmark project")
    p = store.project
    p.aim = m.Aim("reduce waits", "by half", date(2030, 1, 1), "patients", "everywhere")
    p.drivers = [m.Driver("d", "Driver")]
    p.change_ideas = [m.ChangeIdea(f"idea-{i}", f"Idea {i}", ["d"]) for i in range(10)]
    store.save_project()
    start = date(2000, 1, 3)
    for k in range(measures):
        chart = ("run", "i", "p", "c")[k % 4]
        meas = m.Measure(f"measure-{k}", f"Measure {k}", chart=chart, freeze=20)
        for i in range(points):
            when = start + timedelta(days=i)
            if chart == "p":
                den = rng.randint(20, 40)
                meas.points.append(
                    m.DataPoint(when, numerator=rng.randint(0, den), denominator=den)
                )
            else:
                meas.points.append(m.DataPoint(when, float(rng.randint(0, 30))))
        store.save_measure(meas)
    for i in range(cycles):
        c = m.Cycle(
            f"{i + 1:03d}-cycle-{i}",
            f"{i % 10 + 1}{chr(97 + i // 10 % 26)}",
            f"idea-{i % 10}",
            f"Cycle {i}",
            start=start + timedelta(days=i * 10),
        )
        c.plan.objective = "Learn something " * 5
        c.plan.questions = [m.Question("Will it work?", "Yes", "It did")]
        store.save_cycle(c)
    return folder


def make_portfolio(folder: Path, projects: int = 500) -> Path:
    """``projects`` small projects (3 measures × 40 points, 5 cycles each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(projects):
        make_large_project(folder / f"project-{n:03d}", measures=3, points=40, cycles=5)
    return folder
