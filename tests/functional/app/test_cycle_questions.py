"""The cycle worksheet's questions: adding one never closes the app, and it is saved."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input

from qitui.app import make_app
from qitui.screens.cycle import CycleScreen
from qitui.store import load_project
from tests.helpers.pilot import home_loaded, until
from tests.helpers.projects import EXAMPLES
from tests.helpers.sample import TODAY

SIZE = (80, 24)


async def open_first_cycle(app, pilot) -> None:  # noqa: ANN001
    await pilot.press("enter", "c")
    for _ in range(10):
        if app.screen.current() is not None:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def add_question_and_save(app, pilot) -> CycleScreen:  # noqa: ANN001
    screen = app.screen
    assert isinstance(screen, CycleScreen)
    await pilot.press("ctrl+n")  # Plan, laid out when first shown
    await until(pilot, lambda: bool(screen.query("#add-question")), "the Plan section")
    screen.query_one("#add-question").focus()
    await pilot.press("enter")

    def on_new_question() -> bool:
        focused = app.focused
        return isinstance(focused, Input) and (focused.id or "").endswith("-question")

    await until(pilot, lambda: not app.is_running or on_new_question(), "the new question")
    assert app.is_running
    assert isinstance(app.screen, CycleScreen)
    focused = app.focused
    assert isinstance(focused, Input) and focused.id.endswith("-question")
    await pilot.press(*"Does it help?")
    await pilot.press("tab", *"yes")
    await pilot.press("ctrl+s")
    await pilot.pause()
    return screen


async def test_add_a_question_on_the_sample(app_on, projects: Path) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await open_first_cycle(app, pilot)
        screen = await add_question_and_save(app, pilot)
        cycle_id = screen.cycle_id
        assert app.is_running
    cycle = load_project(projects / "hillview").project.cycle(cycle_id)
    assert cycle is not None
    questions = cycle.plan.questions
    assert any(q.question == "Does it help?" and q.prediction == "yes" for q in questions)


async def test_add_a_question_on_the_shipped_example(tmp_path: Path) -> None:
    root = tmp_path / "projects"
    shutil.copytree(EXAMPLES, root)
    app = make_app(root, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await open_first_cycle(app, pilot)
        screen = await add_question_and_save(app, pilot)
        cycle_id = screen.cycle_id
        assert app.is_running
    folder = next(p for p in root.iterdir() if p.is_dir())
    cycle = load_project(folder).project.cycle(cycle_id)
    assert cycle is not None
    assert [q for q in cycle.plan.questions if q.question == "Does it help?"]
