"""PDSA cycles grouped by change idea (ramps), with status and decision."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from qitui import model as m
from qitui.screens.base import QituiScreen
from qitui.screens.changes import STATUS_MARK
from qitui.widgets.dialogs import ConfirmDialog, PickDialog
from qitui.widgets.flow import flow, guarded
from qitui.widgets.prompt import Field, PromptDialog
from qitui.widgets.tables import RowTable
from qitui.widgets.text import show_text
from qitui.wording import plural

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


def open_worksheet(screen: QituiScreen, cycle_id: str) -> None:
    from qitui.screens.cycle import CycleScreen

    screen.app.push_screen(CycleScreen(screen.store, cycle_id))


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
            label=label,
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
            label=label,
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
        f"Cycle {label} started from {parent.label}; its Act is in the Plan.",
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
    done: str = "",
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
            if done:
                screen.notify(done)
            open_worksheet(screen, made[-1].id)

    dialog.on_submit = write
    screen.run_worker(guarded(screen, ask(), "new cycle"), group="new-cycle", exit_on_error=False)


class CyclesScreen(QituiScreen):
    CATEGORY = "Cycles"
    SCREEN_NAME = "PDSA cycles"
    ABOUT = (
        "Cycles grouped by change idea (ramps). Enter opens the worksheet, a starts a cycle, "
        "n starts the next cycle of a ramp (carrying the Act into the Plan)."
    )
    EDIT_ACTIONS = frozenset({"add", "next", "delete"})
    BINDINGS = [
        Binding("enter", "open", "Open worksheet", show=False, id="cycles-open"),
        Binding("a", "add", "New cycle", id="cycles-add"),
        Binding("n", "next", "Next cycle", id="cycles-next"),
        Binding("delete", "delete", "Delete cycle", id="cycles-delete"),
    ]

    def __init__(self, store: Any, focus_idea: str | None = None) -> None:
        super().__init__(store)
        self.focus_idea = focus_idea

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="cycles-intro", classes="screen-intro", markup=False)
        yield RowTable(id="cycles", cursor_type="row")
        yield Static("", id="cycle-detail", classes="hint", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#cycles", DataTable).add_columns(
            "Change idea", "Cycle", "Title", "Status", "Decision", "Start"
        )
        self.refresh_view()
        table = self.query_one("#cycles", DataTable)
        # in the frame that moves the cursor (RowHighlighted would come a frame later)
        self.watch(table, "cursor_coordinate", self.show_detail, init=False)
        if self.focus_idea:
            for i, key in enumerate(self.row_keys):
                if key.endswith(self.focus_idea) or self.cycle_idea(key) == self.focus_idea:
                    table.move_cursor(row=i)
                    break
        table.focus()

    def cycle_idea(self, key: str) -> str:
        if key.startswith("idea:"):
            return key[5:]
        c = self.project.cycle(key)
        return c.change_idea if c else ""

    def refresh_view(self) -> None:
        self.update_titles()
        p = self.project
        table = self.query_one("#cycles", DataTable)
        row = table.cursor_row
        table.clear()
        self.row_keys: list[str] = []
        spare = self.app.size.width - 49  # fixed columns, padding, border, scrollbar
        idea_width = max(12, spare * 2 // 5)
        width = max(12, spare - idea_width)

        def cut(text: str, limit: int = width) -> str:
            return text if len(text) <= limit else text[: limit - 1] + "…"

        groups = [(idea.name, idea.id) for idea in p.change_ideas]
        if any(not c.change_idea or p.change_idea(c.change_idea) is None for c in p.cycles):
            groups.append(("(no change idea)", ""))
        for name, idea_id in groups:
            if idea_id:
                ramp = p.ramp(idea_id)
            else:
                ramp = [
                    c for c in p.cycles if not c.change_idea or p.change_idea(c.change_idea) is None
                ]
            if not ramp:
                table.add_row(
                    cut(name, idea_width),
                    "—",
                    cut("no cycle yet (a starts one)"),
                    "",
                    "",
                    "",
                    key=f"idea:{idea_id}",
                )
                self.row_keys.append(f"idea:{idea_id}")
                continue
            for i, c in enumerate(ramp):
                table.add_row(
                    cut(name, idea_width) if i == 0 else "  └",
                    c.label,
                    cut(c.title),
                    STATUS_MARK.get(c.status, c.status),
                    c.act.decision or "—",
                    c.start.isoformat() if c.start else "—",
                    key=c.id,
                )
                self.row_keys.append(c.id)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        under_way = sum(1 for c in p.cycles if c.status in ("planned", "doing", "studying"))
        self.query_one("#cycles-intro", Static).update(
            f"{plural(len(p.cycles), 'cycle')} · {under_way} under way · Enter opens · a new · "
            "n next in ramp · Del deletes"
        )
        self.show_detail()

    def current_key(self) -> str | None:
        table = self.query_one("#cycles", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def current(self) -> m.Cycle | None:
        key = self.current_key()
        return self.project.cycle(key) if key else None

    def show_detail(self) -> None:
        """The cycle under the cursor, in words (called as the cursor moves)."""
        c = self.current()
        detail = self.query_one("#cycle-detail", Static)
        if c is None:
            show_text(detail, "")
            return
        bits = [f"{c.label}: {c.title}"]
        if c.scale_text():
            bits[0] += f" · scale {c.scale_text()}"
        ramp = self.project.ramp(c.change_idea) if c.change_idea else []
        grew = m.ramp_scale(ramp) if len(ramp) > 1 else ""
        if grew:
            bits.append(f"Scale-up: {grew}")
        notes = self.project.notes_about(f"cycle:{c.id}")
        if notes:
            last = notes[-1]
            bits.append(f"✎ {last.date} {last.author}: {' '.join(last.text.split())}")
        if c.plan.objective:
            bits.append(f"Plan: {c.plan.objective}")
        if c.act.next_steps:
            bits.append(f"Act ({c.act.decision or 'no decision'}): {c.act.next_steps}")
        show_text(detail, "\n".join(bits))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        key = self.current_key()
        if key is None:
            return
        if key.startswith("idea:"):
            self.action_add()
            return
        open_worksheet(self, key)

    @flow
    async def action_add(self) -> None:
        key = self.current_key()
        if key is not None:
            idea = self.cycle_idea(key)
            if idea:
                start_cycle(self, idea)
                return
        ideas = [(c.name, c.id) for c in self.project.change_ideas]
        if not ideas:
            self.notify("No change ideas yet: add one on the driver diagram (Changes).")
            return
        idea_id = await self.app.push_screen_wait(PickDialog("Test which change idea?", ideas))
        if idea_id:
            start_cycle(self, idea_id)

    def action_next(self) -> None:
        c = self.current()
        if c is None:
            self.action_add()
            return
        ramp = self.project.ramp(c.change_idea) if c.change_idea else [c]
        next_cycle(self, ramp[-1].id if ramp else c.id)

    @flow
    async def action_delete(self) -> None:
        c = self.current()
        if c is None:
            return
        children = [x for x in self.project.cycles if x.parent == c.id]
        if children:
            self.notify(
                f"Cycle {c.label} has a next cycle ({children[0].label}): delete that first.",
                severity="warning",
            )
            return
        if self.project.notes_about(f"cycle:{c.id}"):
            self.notify(f"Cycle {c.label} has review notes: delete them first.", severity="warning")
            return
        question = ConfirmDialog(
            f"Delete cycle {c.label} ({c.title})?\n(its file cycles/{c.id}.toml is removed)",
            yes="Delete",
        )
        if await self.app.push_screen_wait(question):
            self.remove_item(c)
