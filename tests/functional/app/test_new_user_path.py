"""A new user's whole path, by keyboard alone, at 80×24; then every value is read back from
disk: new project → aim → team and score → measure → 12 points → definition → baseline →
driver diagram → change idea → cycle 1a planned, done, studied, adapted → 1b from 1a."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, TextArea

from qitui.app import make_app
from qitui.screens.aim import AimScreen
from qitui.screens.changes import ChangesScreen
from qitui.screens.chart import ChartScreen
from qitui.screens.cycle import CycleScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.project import ProjectScreen
from qitui.store import load_project
from qitui.widgets.point_editor import PointEditor
from qitui.widgets.prompt import PromptDialog
from qitui.widgets.score_dialog import ScoreDialog
from tests.helpers.pilot import home_loaded, typed, until
from tests.helpers.sample import TODAY
from tests.helpers.worksheet import show_section

SIZE = (80, 24)
VALUES = [12, 15, 11, 14, 13, 16, 12, 9, 8, 7, 9, 6]


async def write(pilot: Pilot, text: str) -> None:
    await typed(pilot, text)


async def tab_to(pilot: Pilot, widget_id: str, limit: int = 40) -> None:
    """Press Tab until the widget with this id has focus."""
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"could not tab to #{widget_id}; focus on {pilot.app.focused}")


async def choose(pilot: Pilot, select_id: str, downs: int) -> None:
    """Open a Select from the keyboard and move down ``downs`` options."""
    await tab_to(pilot, select_id)
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    await pilot.press("enter")
    await until(pilot, lambda: select.expanded, f"#{select_id} open")
    await pilot.press(*(["down"] * downs), "enter")
    await until(pilot, lambda: not select.expanded, f"#{select_id} closed")


def screen_is(pilot: Pilot, kind: type) -> Callable[[], bool]:
    return lambda: isinstance(pilot.app.screen, kind)


async def test_new_user_path(tmp_path: Path) -> None:
    root = tmp_path / "projects"
    root.mkdir()
    app = make_app(root, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        # ---------------------------------------------------------- new project
        await pilot.press("n")
        assert isinstance(app.screen, PromptDialog)
        await write(pilot, "Ward 7 falls")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, ProjectScreen))
        assert isinstance(app.screen, ProjectScreen)
        folder = root / "ward-7-falls"
        assert (folder / "project.toml").is_file()

        # ---------------------------------------------------------- aim
        await pilot.press("a")
        assert isinstance(app.screen, AimScreen)
        await write(pilot, "reduce falls")
        await pilot.press("tab")
        await write(pilot, "by 50%")
        await pilot.press("tab")
        await write(pilot, "30/06/2027")  # dd/mm/yyyy is accepted
        await pilot.press("tab")
        await write(pilot, "older inpatients")
        await pilot.press("tab")
        await write(pilot, "Ward 7")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.screen.is_dirty(), "the aim saved")
        assert "Reduce falls by 50% by 30 June 2027" in str(
            app.screen.query_one("#aim-preview").render()
        )
        # team member and progress score
        await tab_to(pilot, "team")
        await pilot.press("t")
        await write(pilot, "Sam Lee")
        await pilot.press("tab")
        await write(pilot, "lead")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, AimScreen))
        await pilot.press("p")
        assert isinstance(app.screen, ScoreDialog)
        await pilot.press("down", "down", "enter")  # 1.5 planning has begun
        await write(pilot, "charter agreed")
        await pilot.press("enter", "enter")
        await until(pilot, screen_is(pilot, AimScreen))
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectScreen)

        # ---------------------------------------------------------- measure
        await pilot.press("m")
        assert isinstance(app.screen, MeasuresScreen)
        await pilot.press("a")
        await write(pilot, "Falls per week")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, MeasureScreen))
        # 12 points: the first date, then only values (the next date is offered)
        await pilot.press("a")
        assert isinstance(app.screen, PointEditor)
        assert isinstance(app.focused, Input) and app.focused.id == "pt-date"
        await write(pilot, "2026-01-05")
        await pilot.press("tab")
        points = app.screen_stack[-2].query_one("#points", DataTable)
        for n, value in enumerate(VALUES, 1):
            await write(pilot, str(value))
            await pilot.press("enter")
            await until(pilot, lambda n=n: points.row_count == n, f"point {n} saved")
        await pilot.press("escape")
        assert isinstance(app.screen, MeasureScreen)
        assert app.screen.query_one("#points", DataTable).row_count == 12
        # a note and an exclusion on point 8
        await pilot.press("home", *["down"] * 7, "enter")
        assert isinstance(app.screen, PointEditor)
        await tab_to(pilot, "pt-note")
        await write(pilot, "new mats")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, MeasureScreen))
        on_measure = app.screen
        await pilot.press("x")  # asks why: the note written above is offered
        await until(pilot, screen_is(pilot, ModalScreen))
        await pilot.press("enter")
        await until(pilot, lambda: on_measure.measure.points[7].excluded, "point 8 excluded")
        # freeze the baseline on the first 8 points (cursor is on point 8)
        await pilot.press("f", "enter")
        await until(pilot, lambda: on_measure.measure.freeze == 8, "the baseline frozen")
        # phase from point 9
        await pilot.press("down", "p")
        await tab_to(pilot, "f-reason")
        await write(pilot, "mats on every bed")
        await pilot.press("enter")
        await until(pilot, lambda: len(on_measure.measure.phases) == 1, "the phase started")
        # the definition
        await pilot.press("ctrl+n")
        assert app.focused is not None and app.focused.id == "def-name"
        await choose(pilot, "def-chart", 1)  # run -> i (individual values)
        await tab_to(pilot, "def-definition")
        await write(pilot, "Falls recorded in the incident system")
        await tab_to(pilot, "def-unit")
        await write(pilot, "falls")
        await tab_to(pilot, "def-target")
        await write(pilot, "5")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.screen.is_dirty(), "the definition saved")
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ProjectScreen)

        # ---------------------------------------------------------- driver diagram
        await pilot.press("d")
        assert isinstance(app.screen, ChangesScreen)
        await pilot.press("a")
        await write(pilot, "Safe environment")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, ChangesScreen))
        await pilot.press("a")
        await write(pilot, "Nothing to trip on")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, ChangesScreen))
        await pilot.press("a")
        await write(pilot, "Non-slip mats")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, ChangesScreen))
        tree = app.screen.query_one("#diagram")
        await until(pilot, lambda: tree.cursor_node.data.kind == "idea", "the idea selected")

        # ---------------------------------------------------------- cycle 1a
        await pilot.press("c")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+u")
        await write(pilot, "Mats on two beds")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, CycleScreen))
        sheet = app.screen
        await tab_to(pilot, "c-start")  # the test ran in February, within the data
        await pilot.press("end", "ctrl+u")
        await write(pilot, "2026-02-16")
        await pilot.press("ctrl+n")  # Plan
        assert isinstance(app.focused, TextArea)
        await write(pilot, "Do mats stop slips at night?")
        await tab_to(pilot, "q0-question")
        await write(pilot, "How many slips in a week?")
        await pilot.press("tab")
        await write(pilot, "none")
        await tab_to(pilot, "c-who")
        await write(pilot, "Sam")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not sheet.is_dirty(), "the plan saved")
        # Do
        await pilot.press("ctrl+n")
        assert app.focused.id == "c-as_planned"
        as_planned = app.focused
        await pilot.press("enter")
        await until(pilot, lambda: as_planned.expanded, "the choice open")
        await pilot.press("down", "enter")
        await until(pilot, lambda: not as_planned.expanded, "the choice made")
        await tab_to(pilot, "c-observations")
        await write(pilot, "One mat curled")
        # Study: the prediction is shown beside the result
        await pilot.press("ctrl+n")
        shown = str(sheet.query_one("#q0-shown").render())
        assert "Predicted: none" in shown
        assert app.focused.id == "q0-result"
        await write(pilot, "one slip")
        await pilot.press("tab")
        await write(pilot, "Mats must be taped")
        # Act
        await pilot.press("ctrl+n")
        assert app.focused.id == "c-decision"
        decision = app.focused
        await pilot.press("enter")
        await until(pilot, lambda: decision.expanded, "the choice open")
        await pilot.press("down", "down", "enter")  # adapt
        await until(pilot, lambda: not decision.expanded, "the choice made")
        await tab_to(pilot, "c-next_steps")
        await write(pilot, "Tape mats on ten beds")
        # status done
        await pilot.press("ctrl+n")  # back to Cycle
        await choose(pilot, "c-status", 3)  # planned -> doing -> studying -> done
        await tab_to(pilot, "c-end")
        await write(pilot, "2026-06-08")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not sheet.is_dirty(), "the cycle saved")
        await pilot.press("escape")
        assert isinstance(app.screen, ChangesScreen)

        # ---------------------------------------------------------- cycle 1b from 1a
        await pilot.press("c")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+u")
        await write(pilot, "Taped mats on ten beds")
        await pilot.press("enter")
        await until(pilot, screen_is(pilot, CycleScreen))
        await show_section(pilot, app.screen, "plan")
        assert app.screen.query_one("#c-objective", TextArea).text == "Tape mats on ten beds"
        await pilot.press("escape")
        assert isinstance(app.screen, ChangesScreen)
        label = str(app.screen.query_one("#diagram").cursor_node.label)
        assert "1a adapt → 1b planned" in label

        # ---------------------------------------------------------- the chart shows 1a
        await pilot.press("escape")
        await pilot.press("g")
        await until(pilot, lambda: not isinstance(app.screen, ProjectScreen), "g answered")
        if not isinstance(app.screen, ChartScreen):  # a picker when there are several
            await pilot.press("enter")
        await until(pilot, screen_is(pilot, ChartScreen))
        spec = app.screen.spec()
        assert [mark.label for mark in spec.pdsa][:1] == ["1a"]
        assert "1a" in str(app.screen.query_one("#chart-pdsa").render())

    # -------------------------------------------------------------- read back from disk
    loaded = load_project(folder)
    assert loaded.ok, loaded.problems
    p = loaded.project
    assert p.title == "Ward 7 falls"
    assert (p.aim.what, p.aim.how_much, p.aim.by_when) == (
        "reduce falls",
        "by 50%",
        date(2027, 6, 30),
    )
    assert (p.aim.for_whom, p.aim.where, p.aim.statement) == ("older inpatients", "Ward 7", "")
    assert p.aim_history == []
    assert [(t.name, t.role) for t in p.team] == [("Sam Lee", "lead")]
    assert [(s.date, s.score, s.justification) for s in p.scores] == [
        (TODAY, 1.5, "charter agreed")
    ]
    assert [(d.id, d.name, d.kind, d.parents) for d in p.drivers] == [
        ("safe-environment", "Safe environment", "primary", []),
        ("nothing-to-trip-on", "Nothing to trip on", "secondary", ["safe-environment"]),
    ]
    assert [(c.id, c.name, c.drivers) for c in p.change_ideas] == [
        ("non-slip-mats", "Non-slip mats", ["nothing-to-trip-on"])
    ]
    (meas,) = p.measures
    assert (meas.id, meas.name, meas.type) == ("falls-per-week", "Falls per week", "outcome")
    assert meas.chart == "i"
    assert meas.definition == "Falls recorded in the incident system"
    assert (meas.unit, meas.target, meas.freeze, meas.frequency) == ("falls", 5.0, 8, "weekly")
    dates = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(12)]
    assert [p_.date for p_ in meas.points] == dates
    assert [p_.value for p_ in meas.points] == [float(v) for v in VALUES]
    assert [p_.note for p_ in meas.points][7] == "new mats"
    assert [p_.excluded for p_ in meas.points] == [i == 7 for i in range(12)]
    assert [(ph.start, ph.reason) for ph in meas.phases] == [(dates[8], "mats on every bed")]
    c1, c2 = sorted(p.cycles, key=lambda c: c.id)
    assert (c1.id, c1.label, c1.change_idea, c1.title) == (
        "001-mats-on-two-beds",
        "1a",
        "non-slip-mats",
        "Mats on two beds",
    )
    assert (c1.status, c1.start, c1.end, c1.purpose) == (
        "done",
        date(2026, 2, 16),
        date(2026, 6, 8),
        "test a change",
    )
    assert c1.plan.objective == "Do mats stop slips at night?"
    assert [(q.question, q.prediction, q.result) for q in c1.plan.questions] == [
        ("How many slips in a week?", "none", "one slip")
    ]
    # predictions typed after the test started (2026-02-16) are not dated today
    assert (c1.plan.predicted_on, c1.plan.who) == (None, "Sam")
    assert (c1.do.as_planned, c1.do.observations) == (True, "One mat curled")
    assert (c1.study.learning, c1.study.studied_on) == ("Mats must be taped", TODAY)
    assert (c1.act.decision, c1.act.next_steps) == ("adapt", "Tape mats on ten beds")
    assert (c2.label, c2.parent, c2.change_idea, c2.status) == (
        "1b",
        c1.id,
        "non-slip-mats",
        "planned",
    )
    assert (c2.title, c2.start) == ("Taped mats on ten beds", TODAY)
    assert c2.plan.objective == "Tape mats on ten beds"
    assert [q.question for q in c2.plan.questions] == ["How many slips in a week?"]
    assert [q.prediction for q in c2.plan.questions] == [""]
    assert p.ramp("non-slip-mats") == [c1, c2]
