"""Files that live well in git: two branches editing different parts merge cleanly, and a
conflicted file is reported, never loaded half-way nor overwritten."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from qitui import model as m
from qitui.store import ProjectStore, StoreError, load_project
from tests.helpers.projects import build_small_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=ENV, capture_output=True, text=True, check=check
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    store = build_small_project(repo / "proj")
    store.save_measure(
        m.Measure(
            "waits",
            "Days waiting",
            type="process",
            chart="i",
            points=[m.DataPoint(date(2026, 1, 5), 4.0)],
        )
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    return repo


def test_two_branches_merge_without_conflict(repo: Path) -> None:
    proj = repo / "proj"
    git(repo, "checkout", "-q", "-b", "alice")
    store = ProjectStore.open(proj)
    meas = store.project.measure("on-time")
    meas.points.append(m.DataPoint(date(2026, 4, 6), numerator=20, denominator=30))
    store.save_measure(meas)
    cyc = store.project.cycles[0]
    cyc.status = "done"
    cyc.act.decision = "adapt"
    store.save_cycle(cyc)
    note = m.Note(
        store.new_note_id("Alice", date(2026, 4, 7), "Nice shift"),
        "Alice",
        date(2026, 4, 7),
        "Nice shift",
        "measure:on-time",
    )
    store.save_note(note)
    git(repo, "commit", "-q", "-am", "alice")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "alice note")

    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "bob")
    store = ProjectStore.open(proj)
    waits = store.project.measure("waits")
    waits.points.append(m.DataPoint(date(2026, 1, 12), 6.0))
    store.save_measure(waits)
    new = m.Cycle(store.new_cycle_id("Phone call"), "2a", "sms", "Phone call")
    store.save_cycle(new)
    note = m.Note(
        store.new_note_id("Alice", date(2026, 4, 7), "Check the waits"),
        "Alice",
        date(2026, 4, 7),
        "Check the waits",
        "measure:waits",
    )
    store.save_note(note)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "bob")

    merged = git(repo, "merge", "--no-edit", "alice", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    loaded = load_project(proj)
    assert loaded.problems == []
    p = loaded.project
    assert len(p.measure("on-time").points) == 13
    assert len(p.measure("waits").points) == 2
    assert len(p.cycles) == 2 and len(p.notes) == 2
    assert p.cycle(cyc.id).act.decision == "adapt"


def test_conflicted_file_is_reported_and_never_overwritten(repo: Path) -> None:
    proj = repo / "proj"
    for branch, value in (("a", 25), ("b", 26)):
        git(repo, "checkout", "-q", "main")
        git(repo, "checkout", "-q", "-b", branch)
        store = ProjectStore.open(proj)
        meas = store.project.measure("on-time")
        meas.points[0].numerator = value
        store.save_measure(meas)
        git(repo, "commit", "-q", "-am", branch)
    assert git(repo, "merge", "--no-edit", "a", check=False).returncode != 0
    file = proj / "measures" / "on-time.toml"
    conflicted = file.read_bytes()
    loaded = load_project(proj)
    problem = next(p for p in loaded.problems if p.path == file)
    assert problem.message == "unresolved merge conflict"
    assert problem.line == conflicted.decode().splitlines().index("<<<<<<< HEAD") + 1
    assert loaded.project.measure("on-time") is None
    store = ProjectStore(loaded)
    with pytest.raises(StoreError):
        store.save_measure(m.Measure("on-time", "Overwrite", chart="p"))
    assert file.read_bytes() == conflicted


def test_two_branches_adding_the_next_cycle_are_flagged_after_the_merge(repo: Path) -> None:
    proj = repo / "proj"
    made = {}
    for branch, title in (("a", "Phone call"), ("b", "Letter")):
        git(repo, "checkout", "-q", "main")
        git(repo, "checkout", "-q", "-b", branch)
        store = ProjectStore.open(proj)
        cyc = m.Cycle(store.new_cycle_id(title), "1b", "sms", title, parent="001-sms-test")
        store.save_cycle(cyc)
        made[branch] = cyc.id
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", branch)
    assert made["a"].split("-")[0] == made["b"].split("-")[0] == "002"
    assert git(repo, "merge", "--no-edit", "a", check=False).returncode == 0
    loaded = load_project(proj)
    flagged = [p for p in loaded.problems if "also used by" in p.message]
    assert {p.level for p in flagged} == {"error", "warning"}
    label = next(p for p in flagged if p.level == "error")
    assert "cycle label '1b'" in label.message and label.line == 2
    assert len(loaded.project.cycles) == 3  # both are kept and shown, neither lost


def test_a_conflicted_cycle_does_not_blame_its_children(repo: Path) -> None:
    proj = repo / "proj"
    store = ProjectStore.open(proj)
    parent = store.project.cycles[0]
    child = m.Cycle(store.new_cycle_id("Child"), "1b", "sms", "Child", parent=parent.id)
    store.save_cycle(child)
    note = m.Note("2026-04-07-t-aaaaaa", "T", date(2026, 4, 7), "On 1a", f"cycle:{parent.id}")
    store.save_note(note)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "child")
    for branch, owner in (("a", "Ann"), ("b", "Bob")):
        git(repo, "checkout", "-q", "main")
        git(repo, "checkout", "-q", "-b", branch)
        store = ProjectStore.open(proj)
        store.project.cycle(parent.id).owner = owner
        store.save_cycle(store.project.cycle(parent.id))
        git(repo, "commit", "-q", "-am", branch)
    assert git(repo, "merge", "--no-edit", "a", check=False).returncode != 0
    loaded = load_project(proj)
    blamed = {p.path.name for p in loaded.problems}
    assert blamed == {f"{parent.id}.toml"}, loaded.problems
