"""Projects for tests, built through the store (never by hand-written paths): the small
project, the chart project, a portfolio of thirty, and where the shipped example lives."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from qitui import model as m
from qitui.store import ProjectStore, create_project

#: The repository, its shipped example projects and the richest of them.
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "projects"
HILLVIEW = EXAMPLES / "hillview-27-30-month-reviews"


def build_small_project(folder: Path) -> ProjectStore:
    store = create_project(folder, "Small test project")
    p = store.project
    p.start = date(2026, 1, 5)
    p.aim = m.Aim(
        "increase on-time reviews", "from 60% to 85%", date(2027, 3, 31), "families", "Hillview"
    )
    p.scores.append(m.ProgressScore(date(2026, 2, 1), 2.0, "baseline data"))
    p.drivers += [
        m.Driver("access", "Access"),
        m.Driver("reminders", "Reminders", "secondary", ["access"]),
    ]
    p.change_ideas.append(m.ChangeIdea("sms", "Text reminders", ["reminders"]))
    store.save_project()
    meas = m.Measure("on-time", "On-time reviews", chart="p", better="up", target=0.85)
    meas.points = [
        m.DataPoint(date(2026, 1, 5) + timedelta(weeks=i), numerator=10 + i, denominator=30)
        for i in range(12)
    ]
    store.save_measure(meas)
    cyc = m.Cycle(store.new_cycle_id("SMS test"), "1a", "sms", "SMS test", start=date(2026, 2, 2))
    cyc.plan.questions.append(m.Question("Will families reply?", "Half will"))
    store.save_cycle(cyc)
    return store


#: The first week of the chart project and of the portfolio's projects.
START = date(2026, 1, 5)

#: A run chart: 12 baseline weeks around 70, then a shift upwards after the PDSA cycles.
RUN_VALUES = [68, 71, 66, 73, 70, 69, 72, 67, 70, None, 71, 69,
              74, 76, 78, 75, 79, 80, 77, 81, 78, 82, 80, 83]  # fmt: skip
#: A p chart: numerators and varying denominators (small weeks give wide limits).
P_NUM = [14, 20, 9, 25, 12, 30, 18, 7, 22, 16, 28, 11, 19, 24, 10, 27, 21, 13, 26, 17]
P_DEN = [20, 30, 12, 35, 20, 40, 25, 10, 30, 22, 36, 15, 25, 30, 20, 34, 26, 16, 30, 20]
#: An I chart in two phases: waiting days before and after a new booking system.
I_VALUES = [12.5, 14.0, 11.0, 15.5, 13.0, 12.0, 16.0, 13.5, 14.5, 12.0, 13.0, 15.0, 11.5,
            14.0, 13.0, 27.0, 9.0, 8.5, 10.0, 7.5, 9.5, 8.0, 9.0, 10.5, 8.5, 9.0, 7.0, 9.5,
            8.0, 9.0]  # fmt: skip


def weeks(n: int) -> list[date]:
    return [START + timedelta(weeks=i) for i in range(n)]


def build_chart_project(folder: Path) -> ProjectStore:
    """One project with a run chart (shift, gap, PDSA cycles, frozen baseline), a p chart
    with varying denominators and a two-phase I chart."""
    store = create_project(folder, "Chart test project")
    p = store.project
    p.change_ideas.append(m.ChangeIdea("sms", "Text reminders"))
    p.change_ideas.append(m.ChangeIdea("slots", "Evening slots"))
    store.save_project()
    run = m.Measure("reviews", "Reviews on time", chart="run", better="up", target=85, freeze=12)
    run.points = [m.DataPoint(d, v) for d, v in zip(weeks(24), RUN_VALUES, strict=True)]
    store.save_measure(run)
    pm = m.Measure("booked", "Booked within 2 weeks", chart="p", better="up", target=0.8)
    pm.points = [
        m.DataPoint(d, numerator=a, denominator=b)
        for d, a, b in zip(weeks(20), P_NUM, P_DEN, strict=True)
    ]
    store.save_measure(pm)
    im = m.Measure(
        "wait", "Days to first review", chart="i", better="down", unit="days",
        phases=[m.Phase(START + timedelta(weeks=15), "New booking system from 20 April")],
    )  # fmt: skip
    im.points = [m.DataPoint(d, v) for d, v in zip(weeks(30), I_VALUES, strict=True)]
    store.save_measure(im)
    for label, idea, title, week in (
        ("1a", "sms", "SMS to 5 families", 9),
        ("1b", "sms", "SMS to all families", 11),
        ("2a", "slots", "One evening clinic", 12),
        ("1c", "sms", "SMS plus call", 16),
    ):
        cyc = m.Cycle(
            store.new_cycle_id(title), label, idea, title, start=START + timedelta(weeks=week)
        )
        store.save_cycle(cyc)
    return store


def make_project(folder: Path, title: str, scores: list[float], shift: bool = False) -> None:
    store = create_project(folder, title)
    p = store.project
    p.start = START
    p.aim = m.Aim(what="do better", by_when=date(2027, 1, 1))
    p.scores = [
        m.ProgressScore(START + timedelta(days=30 * i), s, "") for i, s in enumerate(scores)
    ]
    store.save_project()
    if shift:  # ten points around 5, then eight at 9: a shift in the latest phase
        meas = m.Measure(id="waits", name="Waits", chart="run")
        values = [5, 4, 6, 5, 4, 6, 5, 4, 6, 5] + [9] * 8
        for i, v in enumerate(values):
            meas.points.append(m.DataPoint(START + timedelta(weeks=i), value=float(v)))
        store.save_measure(meas)


def make_portfolio(root: Path) -> Path:
    """30 projects, one with a current signal, and one whose project.toml is broken."""
    root.mkdir()
    for i in range(30):
        scores = [1.0 + 0.5 * (k % 4) for k in range(i % 9)]
        make_project(root / f"p{i:02d}", f"Project {i:02d}", scores, shift=i == 7)
    broken = root / "zz-broken"
    broken.mkdir()
    (broken / "project.toml").write_text('schema = 1\ntitle = "x"\n[aim\n')
    return root
