"""A small collaborative built through the store: three teams, monthly scores, outcome
measures, a ramp that scales up, notes on a cycle, a measure and a point, and milestones."""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

from qitui import model as m
from qitui.store import create_project

COLLAB = "Early years 2026"
MILESTONES = """schema = 1

[[milestones]]
collaborative = "Early years 2026"
date = 2026-01-15
kind = "training day"
name = "Training day 1"

[[milestones]]
collaborative = "Early years 2026"
date = 2026-03-10
kind = "action set"
name = "Action set 1"
"""


def _team(folder: Path, title: str, scores: list[float], shift: bool, collab: str = COLLAB):
    store = create_project(folder, title)
    p = store.project
    p.start = date(2026, 1, 5)
    p.collaborative = collab
    p.aim = m.Aim(what="more reviews on time", how_much="from 60% to 85%")
    p.scores = [
        m.ProgressScore(date(2026, 1 + i, 20), s, f"month {i + 1}") for i, s in enumerate(scores)
    ]
    p.change_ideas.append(m.ChangeIdea("sms", "Text reminders"))
    store.save_project()
    meas = m.Measure("on-time", "Reviews on time", type="outcome", chart="run", better="up")
    values = [5, 4, 6, 5, 4, 6, 5, 4, 6, 5] + ([9] * 8 if shift else [5, 4, 6, 5])
    meas.points = [
        m.DataPoint(date(2026, 1, 5) + timedelta(weeks=i), float(v)) for i, v in enumerate(values)
    ]
    store.save_measure(meas)
    return store


def build_collaborative(root: Path) -> Path:
    """``root`` with teams a, b (in the collaborative), c (in another) and d (in none)."""
    root.mkdir(parents=True, exist_ok=True)
    a = _team(root / "team-a", "Team Alder", [1.0, 1.5, 2.0, 2.5, 3.0], shift=True)
    _team(root / "team-b", "Team Birch", [1.0, 2.0], shift=False)
    _team(root / "team-c", "Team Cedar", [2.0], shift=False, collab="Schools 2026")
    _team(root / "team-d", "Team Damson", [], shift=False, collab="")
    (root / "collaboratives.toml").write_text(MILESTONES, encoding="utf-8")
    ramp = [
        ("1a", "5 families", 5, None, 14),
        ("1b", "11 families", 11, None, 14),
        ("1c", "3 teams", None, 3, 30),
        ("1d", "the locality", None, 8, 90),
    ]
    parent = ""
    for i, (label, scale, people, sites, days) in enumerate(ramp):
        cyc = m.Cycle(
            a.new_cycle_id(f"texts {label}"),
            label,
            "sms",
            f"Texts, {scale}",
            parent=parent,
            status="done" if i < 3 else "doing",
            start=date(2026, 1, 12) + timedelta(weeks=3 * i),
            scale=scale,
            scale_people=people,
            scale_sites=sites,
            scale_days=days,
        )
        cyc.act.decision = "adapt" if i < 3 else ""
        a.save_cycle(cyc)
        parent = cyc.id
    first = a.project.cycles[0]
    for about, text in (
        (f"cycle:{first.id}", "Good first test."),
        ("measure:on-time", "Watch the denominators."),
        (m.point_about("on-time", date(2026, 1, 5)), "This week was half-term."),
    ):
        a.save_note(
            m.Note(
                a.new_note_id("Priya", date(2026, 3, 2), text),
                "Priya",
                date(2026, 3, 2),
                text,
                about,
            )
        )
    return root


GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in ``repo``; ``when`` (YYYY-MM-DD) sets the author and committer dates."""
    env = dict(GIT_ENV)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}T12:00:00+00:00"
    out = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def commit(repo: Path, message: str, when: str) -> str:
    """Commit everything with the given date; returns the commit."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")
