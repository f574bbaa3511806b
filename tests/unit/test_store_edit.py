"""ProjectStore.edit: one call applies an edit and writes it, or puts everything back."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from qitui import model as m
from qitui.store import ConflictError, ProjectStore, ReadOnlyError, StoreError, load_project


def test_an_edit_is_written(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    assert meas is not None
    assert store.edit(meas, lambda: setattr(meas, "name", "Renamed"))
    assert load_project(small_project).project.measure("on-time").name == "Renamed"
    store.edit_project(lambda: setattr(store.project.aim, "what", "more"))
    assert load_project(small_project).project.aim.what == "more"


def test_a_conflict_rolls_the_object_back(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    assert meas is not None
    before = copy.deepcopy(meas)
    path = store.measure_file("on-time")
    theirs = path.read_text().replace("On-time reviews", "Theirs")
    path.write_text(theirs)

    def mutate() -> None:
        meas.name = "Mine"
        meas.points.pop()
        meas.target = 0.5

    with pytest.raises(ConflictError) as caught:
        store.edit(meas, mutate)
    assert meas == before  # the object is as it was
    assert path.read_text() == theirs  # theirs is untouched
    assert "Mine" in (caught.value.text or "")  # what we tried to write, for "keep mine"


def test_read_only_rolls_the_project_back(small_project: Path) -> None:
    store = ProjectStore.open(small_project, read_only=True)
    before = copy.deepcopy(store.project.aim), list(store.project.team)
    with pytest.raises(ReadOnlyError):
        store.edit_project(
            lambda: (
                setattr(store.project.aim, "what", "x"),
                store.project.team.append(m.TeamMember("New")),
            )
        )
    assert (store.project.aim, store.project.team) == before


def test_a_new_item_that_fails_is_not_left_in_the_project(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    note = m.Note("../escape", "Asha", date(2026, 3, 1), "text")
    with pytest.raises(StoreError):
        store.edit(note)
    assert note not in store.project.notes
    cycle = m.Cycle(store.new_cycle_id("New"), "2a", "sms", "New")
    store.edit(cycle)
    assert cycle in store.project.cycles


def test_a_failing_write_or_mutation_rolls_back(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProjectStore.open(small_project)
    cycle = store.project.cycles[0]
    before = copy.deepcopy(cycle)

    def disk_full(*_args: object, **_kw: object) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write", disk_full)
    with pytest.raises(OSError):
        store.edit(cycle, lambda: cycle.plan.questions.append(m.Question("q")))
    assert cycle == before
    monkeypatch.undo()

    def half_done() -> None:
        cycle.title = "half"
        raise ValueError("bug in the middle of an edit")

    with pytest.raises(ValueError):
        store.edit(cycle, half_done)
    assert cycle == before
    assert load_project(small_project).project.cycles[0] == before


def test_remove(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    cycle = store.project.cycles[0]
    store.remove(cycle)
    assert cycle not in store.project.cycles
    assert not store.cycle_file(cycle.id).exists()
