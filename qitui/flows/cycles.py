"""Starting a PDSA cycle, shared by the Changes, Cycles and worksheet screens: the dialog, the
cycle's label (1a, 1b… in a ramp), the Act of the cycle before carried into the Plan, then the
new cycle's worksheet (an :class:`~qitui.messages.OpenCycle` request)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from qitui import model as m
from qitui.messages import OpenCycle
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.flow import start_guarded
from qitui.widgets.prompt import Field, PromptDialog

_LABEL = re.compile(r"^(\d+)([a-z]*)$")


def ramp_number(project: m.Project, idea_id: str) -> int:
    """The number of an idea's ramp (1 in 1a, 1b…): its own, or the next free one."""
    numbers: dict[str, int] = {}
    for c in project.cycles:
        match = _LABEL.match(c.label.strip().lower())
        if match:
            numbers.setdefault(c.change_idea, int(match.group(1)))
    if idea_id in numbers:
        return numbers[idea_id]
    return max(numbers.values(), default=0) + 1


def next_label(project: m.Project, label: str, idea_id: str) -> str:
    """1a → 1b (→ … 1z → 1za); a label of another shape gets the ramp's next letter."""
    taken = {c.label for c in project.cycles}
    match = _LABEL.match(label.strip().lower())
    if match:
        number, letters = match.group(1), match.group(2) or "a"
    else:
        number, letters = str(ramp_number(project, idea_id)), "a"
    while True:
        if letters[-1] == "z":
            letters += "a"
        else:
            letters = letters[:-1] + chr(ord(letters[-1]) + 1)
        if f"{number}{letters}" not in taken:
            return f"{number}{letters}"


def cycle_fields(title: str, owner: str, today: Any, purpose: str = "test a change") -> list[Field]:
    return [
        Field("title", "What is tested (title)", title, required=True),
        Field("start", "Start date", today.isoformat(), kind="date", required=True),
        Field("owner", "Person responsible", owner),
        Field(
            "purpose", "Purpose", purpose, kind="select", options=[(x, x) for x in m.CYCLE_PURPOSES]
        ),
        Field("scale", "Scale (who, how many, how long)", ""),
    ]


def free_label(project: m.Project, label: str, idea_id: str) -> str:
    """``label`` if no cycle has taken it since the dialog opened (another dialog, another
    person's save), else the ramp's next free one: two cycles never share a label."""
    if label not in {c.label for c in project.cycles}:
        return label
    return next_label(project, label, idea_id)


def open_worksheet(screen: QituiScreen, cycle_id: str) -> None:
    screen.post_message(OpenCycle(screen, cycle_id))


def start_cycle(screen: QituiScreen, idea_id: str) -> None:
    """A first (or further) cycle on a change idea: label Na for a new ramp."""
    project = screen.project
    idea = project.change_idea(idea_id)
    ramp = project.ramp(idea_id)
    if ramp:
        next_cycle(screen, ramp[-1].id)
        return
    label = f"{ramp_number(project, idea_id)}a"
    owner = project.team[0].name if project.team else ""

    def make(values: dict[str, Any]) -> m.Cycle:
        return m.Cycle(
            id=screen.store.new_cycle_id(values["title"]),
            label=free_label(screen.project, label, idea_id),
            change_idea=idea_id,
            title=values["title"],
            purpose=values["purpose"] or "",
            status="planned",
            start=values["start"],
            owner=values["owner"],
            scale=values["scale"],
        )

    ask_new_cycle(
        screen,
        PromptDialog(
            f"Cycle {label} — first test of '{idea.name if idea else idea_id}'",
            cycle_fields(idea.name if idea else "", owner, screen.qapp.today()),
            confirm="Start cycle",
        ),
        make,
    )


def next_cycle(screen: QituiScreen, parent_id: str) -> None:
    """The next cycle of a ramp: same change idea, the parent's Act carried into the Plan."""
    project = screen.project
    parent = project.cycle(parent_id)
    if parent is None:
        return
    label = next_label(project, parent.label, parent.change_idea)

    def make(values: dict[str, Any]) -> m.Cycle:
        carried = parent.act.next_steps.strip()
        cycle = m.Cycle(
            id=screen.store.new_cycle_id(values["title"]),
            label=free_label(screen.project, label, parent.change_idea),
            change_idea=parent.change_idea,
            title=values["title"],
            parent=parent.id,
            purpose=values["purpose"] or "",
            status="planned",
            start=values["start"],
            owner=values["owner"],
            scale=values["scale"],
        )
        cycle.plan.objective = carried or parent.plan.objective
        cycle.plan.questions = [m.Question(q.question) for q in parent.plan.questions]
        cycle.plan.who, cycle.plan.what = parent.plan.who, parent.plan.what
        cycle.plan.where, cycle.plan.data = parent.plan.where, parent.plan.data
        return cycle

    decision = f" ({parent.act.decision})" if parent.act.decision else ""
    ask_new_cycle(
        screen,
        PromptDialog(
            f"Cycle {label} — next in the ramp after {parent.label}{decision}.\n"
            f"Carried into the Plan: {parent.act.next_steps or '(no Act written yet)'}",
            cycle_fields(
                parent.title, parent.owner, screen.qapp.today(), parent.purpose or "test a change"
            ),
            confirm="Start cycle",
        ),
        make,
        lambda made: f"Cycle {made.label} started from {parent.label}; its Act is in the Plan.",
        first=None
        if parent.act.decision
        else (
            "This cycle has no Act decision yet (adopt, adapt or abandon): the next cycle "
            "usually follows what was learned. Start the next cycle anyway?"
        ),
    )


def ask_new_cycle(
    screen: QituiScreen,
    dialog: PromptDialog,
    make: Callable[[dict[str, Any]], m.Cycle],
    done: Callable[[m.Cycle], str] | None = None,
    first: str | None = None,
) -> None:
    """Show the dialog (after the question ``first``, when there is one, is answered yes);
    what it answers is saved as a new cycle, then its worksheet opens."""
    made: list[m.Cycle] = []

    def write(values: dict[str, Any]) -> bool:
        made.append(make(values))
        return screen.save_cycle(made[-1])

    async def ask() -> None:
        if first and not await screen.app.push_screen_wait(
            ConfirmDialog(first, yes="Start anyway")
        ):
            return
        if await screen.app.push_screen_wait(dialog) is not None and made:
            if done is not None:
                screen.notify(done(made[-1]))
            open_worksheet(screen, made[-1].id)

    dialog.on_submit = write
    start_guarded(screen, ask(), "new cycle", group="new-cycle")
