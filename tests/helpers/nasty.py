"""A project whose every text field holds markup-like brackets and terminal controls, and
helpers to read what the screen shows (for the text-safety and key-storm tests)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from qitui import model as m
from qitui.store import ProjectStore, create_project

#: What every text field holds: closing tags, tags, brackets, a clear-screen and a bell.
NASTY = "[/x] [bold]B Wait time [days] \x1b[2J\x07 end"
#: How the control characters show on screen.
SHOWN_CONTROLS = "␛[2J␇"


def nasty(tag: str) -> str:
    """A short ``tag`` first (so that a shortened cell still names the field), then NASTY."""
    return f"{tag} {NASTY}"


def build_nasty(folder: Path) -> ProjectStore:
    store = create_project(folder, nasty("Seen [/cancelled]"))
    p = store.project
    p.start = date(2026, 1, 5)
    p.description = nasty("desc")
    p.aim = m.Aim(nasty("what"), nasty("how"), date(2027, 6, 30), nasty("whom"), nasty("where"))
    p.aim_history = [m.AimRevision(date(2026, 1, 5), nasty("old aim"), nasty("reason"))]
    p.team = [m.TeamMember(nasty("member"), nasty("role"))]
    p.scores = [m.ProgressScore(date(2026, 2, 1), 2.0, nasty("why"))]
    p.drivers = [
        m.Driver("primary", nasty("primary"), "primary", description=nasty("pd")),
        m.Driver("secondary", nasty("secondary"), "secondary", ["primary"]),
        m.Driver("loose", nasty("loose"), "secondary"),
    ]
    p.change_ideas = [
        m.ChangeIdea("idea", nasty("idea"), ["secondary"], nasty("idea desc")),
        m.ChangeIdea("lone", nasty("lone idea"), []),
    ]
    store.save_project()
    meas = m.Measure(
        id="wait",
        name="Wait time [days] \x1b[2J\x07",
        type="outcome",
        definition=nasty("def"),
        numerator=nasty("num"),
        denominator=nasty("den"),
        inclusions=nasty("inc"),
        exclusions=nasty("exc"),
        unit="[days]\x1b[2J",
        source=nasty("src"),
        collected_by=nasty("by"),
        frequency="weekly",
        sampling=nasty("sampling"),
        chart="i",
        better="down",
        phases=[m.Phase(date(2026, 3, 2), nasty("phase"))],
    )
    start = date(2026, 1, 5)
    for i in range(14):
        meas.points.append(m.DataPoint(start + timedelta(weeks=i), value=float(10 + i % 4)))
    meas.points[1].note = nasty("point note")
    meas.points[2].note = "[/x] typo"
    store.save_measure(meas)
    second = m.Measure(id="seen", name="Seen [/cancelled]", chart="p", better="up")
    second.points = [
        m.DataPoint(start + timedelta(weeks=i), numerator=5 + i % 3, denominator=10)
        for i in range(10)
    ]
    store.save_measure(second)
    cyc = m.Cycle(
        id="001-nasty",
        label="1a",
        change_idea="idea",
        title=nasty("cycle"),
        purpose="test a change",
        status="doing",
        start=date(2026, 2, 2),
        scale=nasty("scale"),
        owner=nasty("owner"),
    )
    cyc.plan.objective = nasty("objective")
    cyc.plan.questions = [m.Question(nasty("question"), nasty("prediction"), nasty("result"))]
    cyc.plan.who = nasty("who")
    cyc.plan.what = nasty("plan what")
    cyc.plan.where = nasty("plan where")
    cyc.plan.when = nasty("when")
    cyc.plan.data = nasty("data")
    cyc.do.observations = nasty("observations")
    cyc.do.problems = nasty("problems")
    cyc.study.learning = nasty("learning")
    cyc.act.decision = "adapt"
    cyc.act.next_steps = nasty("next")
    store.save_cycle(cyc)
    store.save_note(m.Note("n1", nasty("author"), date(2026, 2, 11), nasty("note"), "project"))
    store.save_note(
        m.Note("n2", "[/x]", date(2026, 2, 12), "Wait time [days]\nline 2", "measure:wait")
    )
    return ProjectStore.open(folder)


def screen_lines(app: Any) -> list[str]:
    """The text of every line the current screen shows (with the screens below a dialog)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def control_segments(app: Any) -> list[str]:
    """Text of the rendered segments that would send a control character to the terminal."""
    bad = []
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            if seg.control or any(c < " " or "\x7f" <= c <= "\x9f" for c in seg.text):
                bad.append(repr(seg.text))
    return bad
