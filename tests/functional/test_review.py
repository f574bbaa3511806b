"""`qitui review`: what changed since a date or a revision, from real git repositories made
here (commit dates set), and from the dates in the files where there is no git."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from qitui import model as m
from qitui.cli import main
from qitui.review import last_review, remember_review, review, state_file
from qitui.store import ProjectStore
from tests.helpers.collab import build_collaborative, commit, git

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose projects/ folder is committed on 2026-02-10, then changed on
    2026-03-15: a late point for January, a new point, a cycle studied and adapted, a new
    score, a new aim, a note; team-b is not touched."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    build_collaborative(repo / "projects")
    commit(repo, "start", "2026-02-10")
    store = ProjectStore.open(repo / "projects" / "team-a")
    meas = store.project.measure("on-time")
    assert meas is not None
    meas.points[1].value = 7.0  # a corrected January value
    meas.points.append(m.DataPoint(date(2026, 6, 1), 10.0))
    store.save_measure(meas)
    cyc = store.project.cycles[3]
    cyc.status, cyc.act.decision = "done", "adopt"
    store.save_cycle(cyc)
    store.project.scores.append(m.ProgressScore(date(2026, 6, 20), 3.5, "spread"))
    store.project.aim.statement = "All reviews on time by 2027."
    store.save_project()
    store.save_note(m.Note("2026-03-14-sam-abc123", "Sam", date(2026, 3, 14), "Looks good"))
    commit(repo, "March work", "2026-03-15")
    return repo


def kinds(changes: list[dict]) -> list[str]:
    return [c["kind"] for c in changes]


@needs_git
def test_review_since_a_date_lists_late_entries_and_leaves_quiet_projects_empty(
    repo: Path,
) -> None:
    result = review(repo / "projects", "2026-03-01").to_json()
    assert result["since"] == "2026-03-01" and result["method"] == "git"
    by_path = {Path(p["path"]).name: p for p in result["projects"]}
    assert by_path["team-b"]["changes"] == [] and by_path["team-c"]["changes"] == []
    a = by_path["team-a"]
    assert a["title"] == "Team Alder"
    points = [c for c in a["changes"] if c["kind"] == "point"]
    late = next(c for c in points if c["date"] == "2026-01-12")
    assert late["change"] == "changed" and late["value"] == 7.0 and late["was"] == 4.0
    assert late["late"] is True  # a January point entered after the review date
    new = next(c for c in points if c["date"] == "2026-06-01")
    assert new["change"] == "added" and new["value"] == 10.0 and "late" not in new
    cycle = next(c for c in a["changes"] if c["kind"] == "cycle")
    assert (cycle["label"], cycle["status"], cycle["decision"]) == ("1d", "done", "adopt")
    assert (cycle["status_was"], cycle["decision_was"]) == ("doing", None)
    assert cycle["title"] == "Texts, the locality"
    score = next(c for c in a["changes"] if c["kind"] == "score")
    assert score["score"] == 3.5 and score["date"] == "2026-06-20"
    aim = next(c for c in a["changes"] if c["kind"] == "aim")
    assert aim["now"] == "All reviews on time by 2027."
    note = next(c for c in a["changes"] if c["kind"] == "note")
    assert note["author"] == "Sam" and note["text"] == "Looks good"
    assert note["about"] == "project" and note["on"] == "the project"


@needs_git
def test_review_since_a_revision_and_before_any_commit(repo: Path) -> None:
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    by_rev = review(repo / "projects", first).to_json()
    by_date = review(repo / "projects", "2026-03-01").to_json()
    assert by_rev["projects"] == by_date["projects"]
    assert review(repo / "projects", "HEAD").to_json()["projects"][0]["changes"] == []
    everything = review(repo / "projects", "2026-01-01").to_json()
    assert everything["commit"] is None
    for p in everything["projects"]:
        assert p["changes"][0] == {"kind": "project", "change": "added"}


@needs_git
def test_review_of_one_project_and_uncommitted_work(repo: Path) -> None:
    store = ProjectStore.open(repo / "projects" / "team-b")
    meas = store.project.measure("on-time")
    assert meas is not None
    meas.points.append(m.DataPoint(date(2026, 7, 6), 6.0))
    store.save_measure(meas)  # in the working tree, not committed
    result = review(repo / "projects" / "team-b", "2026-03-01").to_json()
    assert len(result["projects"]) == 1
    (change,) = result["projects"][0]["changes"]
    assert change["kind"] == "point" and change["date"] == "2026-07-06"


@needs_git
def test_new_signal_is_listed(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    build_collaborative(repo)
    store = ProjectStore.open(repo / "team-b")
    meas = store.project.measure("on-time")
    assert meas is not None
    commit(repo, "start", "2026-02-01")
    meas.points += [m.DataPoint(date(2026, 6, 1 + i), 9.0) for i in range(9)]
    store.save_measure(meas)
    commit(repo, "more", "2026-06-10")
    changes = next(
        p["changes"]
        for p in review(repo, "2026-03-01").to_json()["projects"]
        if p["title"] == "Team Birch"
    )
    signals = [c for c in changes if c["kind"] == "signal"]
    assert signals and all(c["measure"] == "on-time" for c in signals)
    assert any("Shift" in c["label"] for c in signals)


def test_review_without_git_uses_the_dates_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = build_collaborative(tmp_path / "plain")
    assert main(["review", str(folder), "--since", "2026-03-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "dates" and out["commit"] is None
    a = next(p for p in out["projects"] if p["title"] == "Team Alder")
    assert {c["kind"] for c in a["changes"]} >= {"point", "score", "note", "cycle"}
    assert all(c["date"] >= "2026-03-01" for c in a["changes"] if c["kind"] == "point")
    assert main(["review", str(folder), "--since", "2026-03-01"]) == 0
    text = capsys.readouterr().out
    assert "not a git repository" in text and "dates written in the files" in text
    assert "Team Alder" in text and "progress score 2.0 on 2026-03-20" in text
    assert main(["review", str(folder), "--since", "HEAD~1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qitui: ") and "needs a date" in err and err.count("\n") == 1


@needs_git
def test_cli_review_text_and_bad_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(repo / "projects"), "--since", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "compared with commit" in out
    assert "~ Reviews on time 2026-01-12: 7 (was 4) — late entry" in out
    assert "~ cycle 1d Texts, the locality: done, adopt (was doing)" in out
    assert "Team Birch" in out and "no changes" in out
    assert "✎ note by Sam (2026-03-14, on the project): Looks good" in out
    assert main(["review", str(repo / "projects"), "--since", "no-such-rev"]) == 1
    assert "neither a date" in capsys.readouterr().err
    assert main(["review", str(repo / "nowhere"), "--since", "2026-03-01"]) == 1


def test_last_review_is_remembered_per_person_outside_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "projects"
    folder.mkdir()
    assert last_review(folder, "Priya") is None
    path = remember_review(folder, "Priya", date(2026, 3, 1))
    assert path == state_file() and path.is_relative_to(tmp_path / "state")
    remember_review(folder, "Sam", date(2026, 4, 1))
    assert last_review(folder, "Priya") == date(2026, 3, 1)
    assert last_review(folder, "Sam") == date(2026, 4, 1)
    assert list(folder.iterdir()) == []  # nothing written beside the projects
    state_file().write_text("not json")
    assert last_review(folder, "Priya") is None  # a broken state file is no review


@needs_git
def test_a_symlink_leading_out_of_the_folder_is_left_out(repo: Path) -> None:
    link = repo / "projects" / "team-b" / "measures" / "outside.toml"
    link.symlink_to("/etc/hostname")
    commit(repo, "a bad link", "2026-03-20")
    result = review(repo / "projects", "2026-03-21").to_json()  # reads that commit
    birch = next(p for p in result["projects"] if p["title"] == "Team Birch")
    assert birch["changes"] == []
