"""Coaches in the app: Home grouped and filtered by collaborative, the review screen (last
review remembered outside the folder), the collaborative screen, the collaborative set on a
project's overview, notes on a data point, and a cycle's scale as numbers."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from qitui.app import make_app
from qitui.screens.collaborative import CollaborativeScreen
from qitui.screens.cycle import CycleScreen
from qitui.screens.cycles import CyclesScreen
from qitui.screens.home import HomeScreen
from qitui.screens.measure import MeasureScreen
from qitui.screens.project import ProjectScreen
from qitui.screens.review import ReviewScreen
from qitui.store import ProjectStore, load_project
from tests.helpers.collab import build_collaborative, commit, git
from tests.helpers.pilot import home_loaded, until
from tests.helpers.sample import TODAY

SIZE = (80, 24)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return build_collaborative(tmp_path / "collab")


@pytest.fixture(autouse=True)
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return tmp_path / "state" / "qitui" / "reviews.json"


def table_rows(app, selector: str) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector).render())


async def test_home_groups_and_filters_by_collaborative(folder: Path) -> None:
    app = make_app(folder, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("s", "s", "s", "s")
        home = app.screen
        assert isinstance(home, HomeScreen) and home.sort_by == "collaborative"
        titles = [r[0] for r in table_rows(app, "#projects")]
        assert titles == ["Team Alder", "Team Birch", "Team Cedar", "Team Damson"]
        assert "Collaborative: Early years 2026" in text_of(app, "#home-detail")
        await pilot.press("slash", *"schools", "enter")
        assert [r[0] for r in table_rows(app, "#projects")] == ["Team Cedar"]
        assert "Collaborative: Schools 2026" in text_of(app, "#home-detail")
        table = app.screen.query_one("#projects", DataTable)
        assert table.virtual_size.width <= table.size.width  # still fits in 80 columns
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Project: review", "Project: collaborative"} <= titles


async def test_collaborative_screen(folder: Path) -> None:
    app = make_app(folder, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("down", "c")  # Team Birch's collaborative
        screen = app.screen
        assert isinstance(screen, CollaborativeScreen)
        await until(pilot, lambda: screen.collabs)
        assert "Early years 2026 · 2 team(s) · 1 of 2 collaboratives" in text_of(
            app, "#collab-intro"
        )
        table = screen.query_one("#collab-scores", DataTable)
        headers = [str(c.label) for c in table.ordered_columns]
        assert headers == ["Team", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
        rows = table_rows(app, "#collab-scores")
        assert table.size.height >= 3  # the header and both teams are on screen
        assert rows[0] == ["Team Alder", "1.0", "1.5", "2.0", "2.5", "3.0", "(3.0)"]
        assert "3.0: 1  2.0: 1" in text_of(app, "#collab-now")
        verdicts = text_of(app, "#collab-verdicts")
        assert "Team Alder: Reviews on time: latest 9 — improving" in verdicts
        chart = text_of(app, "#collab-chart")
        assert " 3.0│" in chart and "A = Team Alder" in chart
        assert "T 2026-01-15 training day: Training day 1" in chart
        await pilot.press("n")
        assert "Schools 2026" in text_of(app, "#collab-intro")
        await pilot.press("p", "enter")  # open the first team
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project.title == "Team Alder"


async def test_collaborative_screen_without_any(tmp_path: Path) -> None:
    root = tmp_path / "none"
    root.mkdir()
    app = make_app(root, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CollaborativeScreen)
        await until(pilot, lambda: "No collaborative" in text_of(app, "#collab-intro"))


async def test_set_collaborative_on_the_overview(folder: Path) -> None:
    app = make_app(folder / "team-d", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("o")
        field = app.screen.query_one(Input)
        field.value = "Schools 2026"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert load_project(folder / "team-d").project.collaborative == "Schools 2026"
        assert "collaborative Schools 2026" in text_of(app, "#project-summary")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
async def test_review_screen_remembers_the_last_review(
    tmp_path: Path, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qitui.identity.current_author", lambda: "Priya Coach")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    folder = build_collaborative(repo / "projects")
    commit(repo, "start", "2026-04-10")
    store = ProjectStore.open(folder / "team-b")
    meas = store.project.measure("on-time")
    assert meas is not None
    meas.points[0].value = 8.0  # a late correction of January
    store.save_measure(meas)
    commit(repo, "fix", "2026-05-20")
    app = make_app(folder, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await until(pilot, lambda: screen.result is not None)
        assert screen.since == "2026-05-02"  # no review remembered: the last 30 days
        intro = text_of(app, "#review-intro")
        assert "compared with commit" in intro and "no review remembered" in intro
        rows = table_rows(app, "#review-changes")
        birch = [r for r in rows if "late entry" in r[1]]
        assert birch and birch[0][0] == "Team Birch"
        assert "Reviews on time 2026-01-05: 8 (was 5)" in birch[0][1]
        assert ["Team Alder", "no changes"] in rows
        await pilot.press("m")
        saved = json.loads(state.read_text())
        assert saved == {str(folder.resolve()): {"Priya Coach": "2026-06-01"}}
        assert not any(p.name == "reviews.json" for p in folder.rglob("*"))
        # another date, by hand
        await pilot.press("d")
        field = app.screen.query_one(Input)
        field.value = "2026-01-01"
        await pilot.press("enter")
        await until(pilot, lambda: screen.result is not None and screen.since == "2026-01-01")
        await until(pilot, lambda: "no commit before" in text_of(app, "#review-intro"))
        # Enter opens the project of the row
        await pilot.press("home", "enter")
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("escape", "escape")
        await pilot.press("v")
        again = app.screen
        assert isinstance(again, ReviewScreen)
        await until(pilot, lambda: again.result is not None)
        assert again.since == "2026-06-01"
        assert "since your last review" in text_of(app, "#review-intro")


async def test_review_screen_without_git_says_so(folder: Path) -> None:
    app = make_app(folder, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await until(pilot, lambda: screen.result is not None)
        assert "not a git repository" in text_of(app, "#review-intro")
        await pilot.press("d")
        app.screen.query_one(Input).value = "HEAD~2"
        await pilot.press("enter")
        await until(pilot, lambda: "needs a date" in text_of(app, "#review-intro"))


async def test_note_on_a_data_point_shows_beside_it(folder: Path) -> None:
    store = ProjectStore.open(folder / "team-a")
    app = make_app(folder / "team-a", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(MeasureScreen(app.screen.store, "on-time"))
        await pilot.pause()
        rows = table_rows(app, "#points")
        assert rows[0][-1] == "✎ Priya: This week was half-term."
        assert rows[1][-1] == ""
        await pilot.press("down", "N")  # a note on the second point
        await pilot.pause()
        fields = list(app.screen.query(Input))
        assert fields[0].value  # the author is filled in
        area = app.screen.query_one("TextArea")
        area.load_text("Odd week")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)
        assert table_rows(app, "#points")[1][-1].endswith(": Odd week")
        store.reload()
        notes = store.project.notes_on_points("on-time")
        assert [n.text for n in notes[date(2026, 1, 12)]] == ["Odd week"]


async def test_cycle_scale_numbers_and_notes_on_the_worksheet(folder: Path) -> None:
    app = make_app(folder / "team-a", today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        store = app.screen.store
        first = store.project.cycles[0]
        app.push_screen(CyclesScreen(store))
        await pilot.pause()
        detail = text_of(app, "#cycle-detail")
        assert "1a: Texts, 5 families · scale 5 families (5 people · 14 days)" in detail
        assert "Scale-up: 1a 5 families (5 people · 14 days) → 1b 11 families" in detail
        assert "✎ 2026-03-02 Priya: Good first test." in detail
        app.push_screen(CycleScreen(store, first.id))
        await pilot.pause()
        await pilot.pause()
        assert "Good first test." in text_of(app, "#cycle-notes")
        people = app.screen.query_one("#c-scale_people", Input)
        assert people.value == "5"
        people.value = "six"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_project(folder / "team-a").project.cycles[0].scale_people == 5
        people.value = "6"
        app.screen.query_one("#c-scale_sites", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = load_project(folder / "team-a").project.cycles[0]
        assert (saved.scale_people, saved.scale_sites, saved.scale_days) == (6, 2, 14)
        assert saved.scale_text() == "5 families (6 people · 2 sites · 14 days)"


def test_driver_diagram_ramp_shows_the_scale_growing(folder: Path) -> None:
    from qitui.screens.changes import ramp_text

    p = load_project(folder / "team-a").project
    assert ramp_text(p, "sms") == (
        "1a adapt · 5 families → 1b adapt · 11 families → 1c adapt · 3 teams → "
        "1d doing · the locality"
    )
    p.cycles[1].scale = p.cycles[2].scale = p.cycles[3].scale = ""
    p.cycles[1].scale_people = p.cycles[2].scale_sites = p.cycles[3].scale_sites = None
    p.cycles[1].scale_days = p.cycles[2].scale_days = p.cycles[3].scale_days = None
    assert ramp_text(p, "sms") == "1a adapt → 1b adapt → 1c adapt → 1d doing"
