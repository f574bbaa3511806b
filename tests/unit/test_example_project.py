"""The shipped example project: loads cleanly, is rich enough to learn from, and is stable
(saving it unchanged rewrites nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qitui.model import MEASURE_TYPES
from qitui.store import ProjectStore, load_project
from tests.helpers.projects import HILLVIEW

EXAMPLE = HILLVIEW


@pytest.fixture(scope="module")
def loaded():
    return load_project(EXAMPLE)


@pytest.fixture(scope="module")
def project(loaded):
    assert loaded.project is not None
    return loaded.project


def test_loads_with_zero_problems(loaded) -> None:
    assert [p.describe() for p in loaded.problems] == []
    assert loaded.ok


def test_has_enough_files() -> None:
    files = [f for f in EXAMPLE.rglob("*.toml") if f.is_file()]
    assert len(files) >= 6


def test_aim_and_history(project) -> None:
    assert project.status == "active"
    aim = project.aim
    assert aim.what and aim.how_much and aim.by_when and aim.for_whom and aim.where
    assert aim.statement
    assert 1 <= len(project.aim_history) <= 2
    assert all(rev.reason for rev in project.aim_history)
    assert 5 <= len(project.team) <= 6


def test_four_measures_of_all_three_types(project) -> None:
    assert len(project.measures) == 4
    assert {x.type for x in project.measures} == set(MEASURE_TYPES)
    for meas in project.measures:
        assert len(meas.points) >= 30, meas.id
        assert meas.definition and meas.better, meas.id


def test_outcome_has_baseline_shift_and_one_exclusion(project) -> None:
    (outcome,) = [x for x in project.measures if x.type == "outcome"]
    assert outcome.chart == "p" and outcome.freeze and outcome.target
    assert outcome.phases and all(ph.reason for ph in outcome.phases)
    excluded = [pt for x in project.measures for pt in x.points if pt.excluded]
    assert len(excluded) == 1 and excluded[0].note


def test_cycles_in_ramps(project) -> None:
    assert len(project.cycles) >= 8
    ramps = {c.change_idea for c in project.cycles}
    assert sum(1 for idea in ramps if len(project.ramp(idea)) >= 2) >= 2
    first = min(pt.date for x in project.measures for pt in x.points)
    last = max(pt.date for x in project.measures for pt in x.points)
    for c in project.cycles:
        assert c.start and first <= c.start <= last, c.id
        assert c.plan.predicted_on and c.plan.predicted_on < c.start, c.id
        assert c.plan.questions, c.id
        if c.parent:
            assert project.cycle(c.parent).change_idea == c.change_idea, c.id
    assert any(c.act.decision == "abandon" for c in project.cycles)


def test_driver_diagram(project) -> None:
    assert len(project.change_ideas) >= 5
    assert 2 <= len(project.primary_drivers()) <= 3
    assert len(project.secondary_drivers()) >= 5
    assert any(len(idea.drivers) >= 2 for idea in project.change_ideas)


def test_progress_scores_and_notes(project) -> None:
    assert len(project.scores) >= 6
    assert all(s.justification for s in project.scores)
    assert project.notes
    assert {n.about.partition(":")[0] for n in project.notes} == {"project", "measure", "cycle"}


def test_save_all_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / EXAMPLE.name
    shutil.copytree(EXAMPLE, copy)
    before = {f: f.read_bytes() for f in copy.rglob("*") if f.is_file()}
    assert ProjectStore(load_project(copy)).save_all() == 0
    after = {f: f.read_bytes() for f in copy.rglob("*") if f.is_file()}
    assert after == before
