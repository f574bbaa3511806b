"""The start date is a person's choice (never today by itself), and the team is edited in the
project settings dialog, through the form engine and the store's edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from qitui import model as m
from qitui.app import make_app
from qitui.cli import main
from qitui.flows.project_settings import parse_team, settings_fields, team_text
from qitui.screens.project import ProjectScreen
from qitui.store import load_project
from qitui.widgets.prompt import PromptDialog
from tests.helpers.sample import TODAY

SIZE = (100, 30)


def test_qitui_new_writes_no_start_unless_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "a"), "--title", "A"]) == 0
    out = capsys.readouterr().out
    assert "no start date yet" in out
    assert "start" not in (tmp_path / "a" / "project.toml").read_text()
    assert load_project(tmp_path / "a").project.start is None
    assert main(["new", str(tmp_path / "b"), "--title", "B", "--start", "15/09/2025"]) == 0
    assert load_project(tmp_path / "b").project.start == date(2025, 9, 15)
    assert main(["new", str(tmp_path / "c"), "--title", "C", "--start", "soon"]) == 1
    assert "--start:" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


async def test_new_project_dialog_offers_today_and_takes_what_is_typed(tmp_path: Path) -> None:
    root = tmp_path / "projects"
    root.mkdir()
    app = make_app(root, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert dialog.query_one("#f-start", Input).value == str(TODAY)  # offered, visible
        dialog.query_one("#f-title", Input).value = "Falls"
        dialog.query_one("#f-start", Input).value = ""  # not decided yet
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
    assert load_project(root / "falls").project.start is None


def test_settings_offer_the_first_data_date_when_no_start_was_chosen(
    projects: Path,
) -> None:
    project = load_project(projects / "hillview").project
    project.start = None
    start = next(f for f in settings_fields(project) if f.name == "start")
    first = min(p.date for x in project.measures for p in x.points)
    assert start.value == first


def test_team_text_round_trips_and_refuses_a_role_without_a_name() -> None:
    team = [m.TeamMember("Sam Okafor", "Health visitor lead"), m.TeamMember("Jo Bloggs")]
    assert team_text(team) == "Sam Okafor — Health visitor lead\nJo Bloggs"
    assert parse_team(team_text(team)) == (team, None)
    parsed, error = parse_team("Priya Shah - QI coach\n\n  Ann   Lee —  data  \n")
    assert error is None and parsed == [
        m.TeamMember("Priya Shah", "QI coach"),
        m.TeamMember("Ann Lee", "data"),
    ]
    assert parse_team("Ann\n — coach") == (None, "line 2: a member needs a name before the role")


async def test_settings_dialog_edits_the_team(app_on, projects: Path) -> None:
    before = load_project(projects / "hillview").project.team
    assert before
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        area = dialog.query_one("#f-team", TextArea)
        assert area.text == team_text(before)
        area.load_text(area.text + "\nNew Person - Receptionist")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PromptDialog)
    after = load_project(projects / "hillview").project.team
    assert after == [*before, m.TeamMember("New Person", "Receptionist")]


async def test_settings_refuse_a_bad_team_line_and_keep_the_text(app_on, projects: Path) -> None:
    file = projects / "hillview" / "project.toml"
    text = file.read_text()
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#f-team", TextArea).load_text("— a role alone")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "line 1: a member needs a name" in str(dialog.query_one("#prompt-error").render())
    assert file.read_text() == text


async def test_untouched_team_text_leaves_an_odd_name_alone(app_on, projects: Path) -> None:
    """A name holding the separator (typed on the Aim screen) survives a settings save."""
    from qitui.store import ProjectStore

    store = ProjectStore.open(projects / "hillview")
    store.edit_project(lambda: store.project.team.append(m.TeamMember("Lee — Smith", "nurse")))
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#f-title", Input).value = "Renamed"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    project = load_project(projects / "hillview").project
    assert project.title == "Renamed"
    assert project.team[-1] == m.TeamMember("Lee — Smith", "nurse")
