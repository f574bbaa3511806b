"""One field table per file kind (qitui/store/): it matches the model, and every form field of
the app and every key list elsewhere names a field of it, so no list can drift on its own."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from qitui import model as m
from qitui.report import DEFINITION_FIELDS
from qitui.store import cycle_text, measure_text, note_text, project_text
from qitui.store.cycle import CYCLE_FIELDS
from qitui.store.measure import MEASURE_FIELDS, point_row
from qitui.store.note import NOTE_FIELDS
from qitui.store.project import PROJECT_FIELDS
from qitui.store.schema import TABLE_KINDS, Field, field_of
from qitui.widgets.form import FieldSpec
from tests.helpers.projects import EXAMPLES

#: model attributes that are not keys of the entity's file (its name, or its other files)
NOT_IN_FILE = {
    m.Project: {"slug", "measures", "cycles", "notes"},
    m.Measure: {"id"},
    m.Cycle: {"id"},
    m.Note: {"id"},
}
TABLES = [
    (m.Project, PROJECT_FIELDS),
    (m.Measure, MEASURE_FIELDS),
    (m.Cycle, CYCLE_FIELDS),
    (m.Note, NOTE_FIELDS),
]
#: the dataclass each table (or each row) of a file holds
PARTS = {
    "aim": m.Aim,
    "aim_history": m.AimRevision,
    "team": m.TeamMember,
    "scores": m.ProgressScore,
    "scale": m.ScaleLevel,
    "drivers": m.Driver,
    "change_ideas": m.ChangeIdea,
    "phases": m.Phase,
    "points": m.DataPoint,
    "import": m.ImportRecipe,
    "plan": m.Plan,
    "questions": m.Question,
    "do": m.Do,
    "study": m.Study,
    "act": m.Act,
}


def attributes(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def check_fields(cls: type, fields: tuple[Field, ...], skip: set[str]) -> None:
    assert {f.name for f in fields} == attributes(cls) - skip, cls.__name__
    assert len({f.key for f in fields}) == len(fields), f"a key twice in {cls.__name__}'s table"
    for f in fields:
        if f.kind in TABLE_KINDS:
            check_fields(PARTS[f.key], f.fields, set())
        else:
            assert not f.fields, f.key
        if f.implicit:
            assert f.default is not None, f"{f.key}: an implicit default needs a default"


@pytest.mark.parametrize(("cls", "fields"), TABLES, ids=lambda x: getattr(x, "__name__", ""))
def test_each_table_names_every_model_attribute_once(cls: type, fields: tuple[Field, ...]) -> None:
    """A model attribute added without its place in the file fails here."""
    check_fields(cls, fields, NOT_IN_FILE[cls])


def test_defaults_are_the_models() -> None:
    """A missing key reads as the model's own default (an empty file is a new object)."""
    for cls, fields in TABLES:
        for f in fields:
            if f.kind in TABLE_KINDS:
                continue
            model_default = next(x for x in dataclasses.fields(cls) if x.name == f.name).default
            if model_default is not dataclasses.MISSING:
                assert f.missing() == model_default, f"{cls.__name__}.{f.name}"


def resolve(fields: tuple[Field, ...], path: str) -> Field:
    """The field at a dotted model path (``plan.objective``)."""
    head, _, rest = path.partition(".")
    found = next(f for f in fields if f.name == head)
    return resolve(found.fields, rest) if rest else found


def forms() -> list[tuple[tuple[Field, ...], list[FieldSpec]]]:
    from qitui.flows.cycles import cycle_fields
    from qitui.flows.project_settings import settings_fields
    from qitui.screens.aim import aim_fields
    from qitui.screens.cycle import cycle_fields as worksheet_fields
    from qitui.screens.measures import measure_fields
    from qitui.widgets.measure_definition import definition_fields

    project = m.Project("p", "P")
    return [
        (field_of(PROJECT_FIELDS, "aim").fields, aim_fields()),
        (PROJECT_FIELDS, settings_fields(project)),
        (MEASURE_FIELDS, measure_fields()),
        (MEASURE_FIELDS, definition_fields(lambda: None)),  # type: ignore[arg-type, return-value]
        (CYCLE_FIELDS, cycle_fields("t", "o", date(2026, 1, 5))),
        (CYCLE_FIELDS, worksheet_fields([])),
    ]


def test_every_form_field_is_a_field_of_the_file() -> None:
    """The app's forms keep their labels and help, but each names a field of the table, and
    a list of choices offers only what the file accepts."""
    for fields, specs in forms():
        for spec in specs:
            f = resolve(fields, spec.attr or spec.name)
            if spec.kind == "select" and f.choices is not None:
                offered = {value for _label, value in spec.options}
                assert offered <= set(f.choices), spec.name


def test_other_key_lists_name_fields_of_the_tables() -> None:
    from qitui.edits import PROJECT_FILE_FIELDS
    from qitui.screens.cycle import QUESTION_PARTS, SCALE_NUMBERS

    assert tuple(f.name for f in PROJECT_FIELDS) == PROJECT_FILE_FIELDS
    assert {key for key, _label in DEFINITION_FIELDS} <= {f.key for f in MEASURE_FIELDS}
    questions = resolve(CYCLE_FIELDS, "plan.questions")
    assert questions.keys == QUESTION_PARTS
    assert all(resolve(CYCLE_FIELDS, key).kind == "int" for key, _label in SCALE_NUMBERS)


def test_writing_follows_the_table_order() -> None:
    """Keys are written in the table's order (the order every file has: a diff-friendly,
    fixed order); a default the table calls implicit is left out."""
    project = m.Project("p", "T", status="paused", description="d", start=date(2026, 1, 5))
    project.aim = m.Aim("w", "h", date(2027, 1, 1), "f", "x", "s")
    meas = m.Measure("x", "X", definition="d", unit="u", target=3, freeze=4, rules="mdc")
    meas.points = [m.DataPoint(date(2026, 1, 5), 1, note="n", excluded=True)]
    meas.phases = [m.Phase(date(2026, 1, 5), "r", 2)]
    meas.recipe = m.ImportRecipe(period="week", date_column="d", statistic="count")
    cyc = m.Cycle("001-x", "1a", "idea", "T", start=date(2026, 1, 5), owner="o")
    cyc.plan = m.Plan("obj", [m.Question("q", "p")], date(2026, 1, 4), who="w")
    note = m.Note("n", "a", date(2026, 1, 5), "t", about="measure:x")
    for text, fields in (
        (project_text(project), PROJECT_FIELDS),
        (measure_text(meas), MEASURE_FIELDS),
        (cycle_text(cyc), CYCLE_FIELDS),
        (note_text(note), NOTE_FIELDS),
    ):
        keys = [line.split(" = ")[0] for line in text.splitlines() if " = " in line[:30]]
        top = [k for k in keys if k in {f.key for f in fields}]
        order = [f.key for f in fields]
        assert top == sorted(top, key=order.index), text
    assert point_row(m.DataPoint(date(2026, 1, 5), 2)) == {
        "date": date(2026, 1, 5),
        "value": 2,
        "numerator": None,
        "denominator": None,
        "imported": None,
        "excluded": None,
        "astronomical": None,
        "note": "",
    }
    assert "status" not in project_text(m.Project("p", "T"))


def test_every_example_file_is_written_back_byte_for_byte(tmp_path: Path) -> None:
    """The example project read and written again: the same bytes, file for file."""
    from qitui.store import load_project

    example = EXAMPLES
    checked = 0
    for folder in sorted(p for p in example.iterdir() if (p / "project.toml").is_file()):
        loaded = load_project(folder)
        assert loaded.project is not None and not loaded.problems
        p = loaded.project
        files: dict[Path, Any] = {folder / "project.toml": project_text(p)}
        files |= {folder / "measures" / f"{x.id}.toml": measure_text(x) for x in p.measures}
        files |= {folder / "cycles" / f"{x.id}.toml": cycle_text(x) for x in p.cycles}
        files |= {folder / "notes" / f"{x.id}.toml": note_text(x) for x in p.notes}
        for path, text in files.items():
            assert path.read_text(encoding="utf-8") == text, path
            checked += 1
    assert checked >= 10
