"""Collaboratives: the project.toml key, the milestones file, progress by month in the report,
notes about a point, and the scale of a cycle as numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qitui import model as m
from qitui.cli import main
from qitui.collaborative import (
    Collaborative,
    group,
    milestones_file,
    months,
    read_milestones,
    score_chart,
    scores_by_month,
    standing_now,
)
from qitui.store import ProjectStore, load_project
from tests.helpers.collab import COLLAB, build_collaborative


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return build_collaborative(tmp_path / "collab")


def test_collaborative_key_round_trips_and_is_checked(folder: Path) -> None:
    pfile = folder / "team-a" / "project.toml"
    assert f'collaborative = "{COLLAB}"' in pfile.read_text()
    assert load_project(folder / "team-a").project.collaborative == COLLAB
    assert "collaborative" not in (folder / "team-d" / "project.toml").read_text()
    pfile.write_text(pfile.read_text().replace(f'"{COLLAB}"', "3"))
    problems = load_project(folder / "team-a").problems
    assert any("'collaborative' must be text" in p.message for p in problems)


def test_cycle_scale_numbers_round_trip_and_are_checked(folder: Path) -> None:
    store = ProjectStore.open(folder / "team-a")
    first = store.project.cycles[0]
    assert (first.scale, first.scale_people, first.scale_sites, first.scale_days) == (
        "5 families",
        5,
        None,
        14,
    )
    assert first.scale_text() == "5 families (5 people · 14 days)"
    text = (folder / "team-a" / "cycles" / f"{first.id}.toml").read_text()
    assert 'scale = "5 families"\nscale_people = 5\nscale_days = 14\n' in text
    path = folder / "team-a" / "cycles" / f"{first.id}.toml"
    path.write_text(text.replace("scale_people = 5", "scale_people = -2"))
    problems = load_project(folder / "team-a").problems
    assert any("'scale_people' cannot be negative" in p.message for p in problems)
    path.write_text(text.replace("scale_people = 5", 'scale_people = "five"'))
    assert any("whole number" in p.message for p in load_project(folder / "team-a").problems)


def test_ramp_scale_line() -> None:
    cycles = [
        m.Cycle("001-a", "1a", scale="5 families", scale_people=5),
        m.Cycle("002-b", "1b", scale="11 families"),
        m.Cycle("003-c", "1c"),
        m.Cycle("004-d", "1d", scale_sites=3),
    ]
    assert m.ramp_scale(cycles) == "1a 5 families (5 people) → 1b 11 families → 1d 3 sites"
    assert m.ramp_scale([m.Cycle("001-a", "1a", scale="one family")]) == ""  # no growth yet


def test_note_about_a_point(folder: Path) -> None:
    p = load_project(folder / "team-a").project
    assert m.point_of("point:on-time:2026-01-05") == ("on-time", date(2026, 1, 5))
    assert m.point_of("measure:on-time") is None and m.point_of("point:x:nodate") is None
    notes = p.notes_on_points("on-time")
    assert [n.text for n in notes[date(2026, 1, 5)]] == ["This week was half-term."]
    note = next(iter(notes.values()))[0]
    file = folder / "team-a" / "notes" / f"{note.id}.toml"
    file.write_text(file.read_text().replace("2026-01-05", "2026-01-06"))
    lp = load_project(folder / "team-a")
    (warn,) = [x for x in lp.problems if "no data point" in x.message]
    assert warn.level == "warning" and warn.line == 4
    file.write_text(file.read_text().replace("point:on-time", "point:nope"))
    lp = load_project(folder / "team-a")
    assert any(x.level == "error" and "does not exist" in x.message for x in lp.problems)


def test_milestones_file_read_and_checked(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    milestones, problems = read_milestones(milestones_file(folder))
    assert problems == [] and [x.kind for x in milestones] == ["training day", "action set"]
    assert main(["check", str(folder)]) == 0
    assert "collaboratives.toml" not in capsys.readouterr().out
    file = milestones_file(folder)
    file.write_text(
        file.read_text()
        + '\n[[milestones]]\ncollaborative = "Nobody"\ndate = 2026-05-01\nkind = "party"\n'
    )
    assert main(["check", str(file)]) == 1
    out = capsys.readouterr().out
    assert "collaboratives.toml:18: error: 'kind' must be one of" in out
    file.write_text(file.read_text().replace('kind = "party"\n', ""))
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "collaboratives.toml:15: warning: milestone of 'Nobody'" in out
    # a milestone left out (no date) does not shift the line of the ones after it
    text = file.read_text().replace("date = 2026-03-10\n", "")
    file.write_text(text)
    assert main(["check", str(file)]) == 1
    out = capsys.readouterr().out
    assert "collaboratives.toml:9: error: a milestone needs" in out
    assert "collaboratives.toml:14: warning: milestone of 'Nobody'" in out


def test_scores_by_month_and_standing(folder: Path) -> None:
    projects = [load_project(p) for p in sorted(folder.iterdir()) if p.is_dir()]
    collabs = group(projects, read_milestones(milestones_file(folder))[0])
    assert [c.name for c in collabs] == [COLLAB, "Schools 2026"]
    ey = collabs[0]
    assert [lp.title for lp in ey.teams] == ["Team Alder", "Team Birch"]
    span = months(ey)
    assert span == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    birch = ey.projects()[1]
    assert scores_by_month(birch, span) == [
        (1.0, True),
        (2.0, True),
        (2.0, False),
        (2.0, False),
        (2.0, False),
    ]
    assert months(ey, until=date(2026, 7, 2))[-1] == "2026-07"
    standing = dict(standing_now(ey))
    assert standing["3.0"] == 1 and standing["2.0"] == 1 and standing["no score yet"] == 0
    assert sum(standing.values()) == 2


def test_score_chart_marks_teams_and_milestones(folder: Path) -> None:
    projects = [load_project(p) for p in sorted(folder.iterdir()) if p.is_dir()]
    ey = group(projects, read_milestones(milestones_file(folder))[0])[0]
    lines = score_chart(ey, months(ey))
    assert lines[0].startswith(" 5.0│")
    row_30 = next(line for line in lines if line.startswith(" 3.0│"))
    assert row_30.endswith("A")  # Alder at 3.0 in the last month
    row_10 = next(line for line in lines if line.startswith(" 1.0│"))
    assert row_10 == " 1.0│ 2  ·  ·  ·  ·"  # both teams at 1.0 in the first month
    assert lines[-1] == "      T     A"  # training day in January, action set in March
    assert score_chart(Collaborative("x"), []) == ["(no progress scores yet)"]
    assert all(len(line) <= 40 for line in score_chart(ey, months(ey) * 4, width=40))


def test_report_of_a_folder_shows_each_collaborative(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "## Collaborative: Early years 2026" in out and "## Collaborative: Schools 2026" in out
    assert "| Team | 2026-01 | 2026-02 | 2026-03 | 2026-04 | 2026-05 |" in out
    assert "| Team Alder | 1.0 | 1.5 | 2.0 | 2.5 | 3.0 |" in out
    assert "| Team Birch | 1.0 | 2.0 | (2.0) | (2.0) | (2.0) |" in out
    assert "| 3.0 | 1 |" in out
    assert "- **Team Alder**: Reviews on time: latest 9 — improving (Shift (IHI rule 1)" in out
    assert "- **Team Birch**: Reviews on time: latest 5 — too few points to judge yet" in out
    assert "T 2026-01-15 training day: Training day 1" in out
    # scale-up along the ramp, and notes beside what they are about
    assert (
        "- Scale-up of Text reminders: 1a 5 families (5 people · 14 days) → 1b 11 families "
        "(11 people · 14 days) → 1c 3 teams (3 sites · 30 days) → 1d the locality "
        "(8 sites · 90 days)" in out
    )
    assert "- ✎ 2026-03-02, Priya (on the point of 2026-01-05): This week was half-term." in out
    assert "- ✎ 2026-03-02, Priya (on cycle 1a): Good first test." in out
    assert "(on the point of 2026-01-05 of “Reviews on time”)" in out
    assert "Team Damson" in out and "## Collaborative: \n" not in out
