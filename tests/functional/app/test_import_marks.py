"""The point editor and the ``imported`` mark: a value typed over an imported one drops the
mark (the next import will name it as typed by hand); a note alone keeps it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from qitui.screens.measure import MeasureScreen
from qitui.store import ProjectStore, load_project
from qitui.widgets.point_editor import PointEditor

SIZE = (100, 30)


async def edit_point(app, pilot, values: dict[str, str]) -> None:  # noqa: ANN001
    await pilot.pause()
    await app.push_screen(MeasureScreen(app.screen.store, "on-time"))
    await pilot.pause()
    await pilot.press("enter")  # the first point
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, PointEditor)
    for wid, text in values.items():
        editor.query_one(f"#{wid}", Input).value = text
    await pilot.pause()
    assert editor.action_save()
    await pilot.pause()


def mark_all_imported(projects: Path) -> None:
    store = ProjectStore.open(projects / "hillview")
    meas = store.project.measure("on-time")
    assert meas is not None
    store.edit(meas, lambda: [setattr(p, "imported", True) for p in meas.points])


def first_point(projects: Path):  # noqa: ANN201
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None
    return meas.points[0]


async def test_a_new_value_drops_the_mark(app_on, projects: Path) -> None:
    mark_all_imported(projects)
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await edit_point(app, pilot, {"pt-num": "9"})
    point = first_point(projects)
    assert point.numerator == 9 and not point.imported


async def test_a_note_alone_keeps_the_mark(app_on, projects: Path) -> None:
    mark_all_imported(projects)
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await edit_point(app, pilot, {"pt-note": "checked against the register"})
    point = first_point(projects)
    assert point.note == "checked against the register" and point.imported
