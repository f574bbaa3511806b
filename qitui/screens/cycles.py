"""PDSA cycles grouped by change idea (ramps), with status and decision."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from qitui import model as m
from qitui.messages import NextCycle, OpenCycle, StartCycle
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog, PickDialog
from qitui.widgets.flow import flow
from qitui.widgets.marks import STATUS_MARK
from qitui.widgets.tables import RowTable
from qitui.widgets.text import show_text
from qitui.wording import plural


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
        self.post_message(OpenCycle(self, key))

    @flow
    async def action_add(self) -> None:
        key = self.current_key()
        if key is not None:
            idea = self.cycle_idea(key)
            if idea:
                self.post_message(StartCycle(self, idea))
                return
        ideas = [(c.name, c.id) for c in self.project.change_ideas]
        if not ideas:
            self.notify("No change ideas yet: add one on the driver diagram (Changes).")
            return
        idea_id = await self.app.push_screen_wait(PickDialog("Test which change idea?", ideas))
        if idea_id:
            self.post_message(StartCycle(self, idea_id))

    def action_next(self) -> None:
        c = self.current()
        if c is None:
            self.action_add()
            return
        ramp = self.project.ramp(c.change_idea) if c.change_idea else [c]
        self.post_message(NextCycle(self, ramp[-1].id if ramp else c.id))

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
