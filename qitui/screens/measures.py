"""The family of measures, grouped by type (outcome, process, balancing)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from qitui import model as m
from qitui.chart_names import chart_options
from qitui.messages import OpenChart, OpenMeasure
from qitui.parse import fmt_number
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.flow import flow
from qitui.widgets.marks import signal_text
from qitui.widgets.prompt import Field, PromptDialog
from qitui.widgets.tables import RowTable
from qitui.widgets.text import show_text
from qitui.wording import plural


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` with "…" (the name column)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def latest_text(meas: m.Measure) -> str:
    if not meas.points:
        return "—"
    last = max(meas.points, key=lambda p: p.date)
    y = last.y()
    if y is None:
        return f"{last.date} —"
    shown = f"{y * 100:.1f}%" if meas.chart in m.PROPORTION_CHARTS else fmt_number(round(y, 4))
    return f"{last.date} {shown}"


def measure_fields(current: m.Measure | None = None) -> list[Field]:
    return [
        Field("name", "Name", current.name if current else "", required=True),
        Field(
            "type",
            "Type",
            current.type if current else "outcome",
            kind="select",
            required=True,
            options=[(t, t) for t in m.MEASURE_TYPES],
        ),
        Field(
            "chart",
            "Chart",
            current.chart if current else "run",
            kind="select",
            required=True,
            options=chart_options(),
        ),
        Field(
            "better",
            "Better when the line goes",
            current.better if current else "",
            kind="select",
            options=[("up", "up"), ("down", "down")],
        ),
        Field(
            "frequency",
            "Frequency",
            current.frequency if current else "weekly",
            placeholder="weekly, monthly…",
        ),
    ]


class MeasuresScreen(QituiScreen):
    CATEGORY = "Measures"
    SCREEN_NAME = "Measures"
    ABOUT = "The family of measures: outcome, process and balancing. Enter opens a measure."
    EDIT_ACTIONS = frozenset({"add", "delete"})
    #: the rows the table shows (what ``refresh_view`` last put there)
    _shown: list[tuple[str, list[str]]] | None = None
    BINDINGS = [
        Binding("enter", "open", "Open", id="measures-open"),
        Binding("a", "add", "Add measure", id="measures-add"),
        Binding("g", "chart", "Chart", id="measures-chart"),
        Binding("delete", "delete", "Delete measure", id="measures-delete"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="measures-intro", classes="screen-intro")
        yield RowTable(id="measures", cursor_type="row")
        yield Static("", id="measures-detail", markup=False)  # the whole name of the row
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#measures", DataTable).add_columns(
            "Type", "Measure", "Chart", "Better", "Points", "Latest", "Signals"
        )
        self.refresh_view()
        table = self.query_one("#measures", DataTable)
        table.focus()
        self.watch(table, "cursor_coordinate", self.show_detail)  # in the key's own frame

    def ordered(self) -> list[m.Measure]:
        return self.project.measures_in_order()

    def refresh_view(self) -> None:
        self.update_titles()
        table = self.query_one("#measures", DataTable)
        row = table.cursor_row
        rows = [
            (
                meas,
                [
                    meas.type,
                    meas.chart,
                    {"up": "↑ up", "down": "↓ down"}.get(meas.better, "—"),
                    str(len(meas.points)),
                    latest_text(meas),
                    signal_text(meas),
                ],
            )
            for meas in self.ordered()
        ]
        # the name takes what the other columns leave (each has a cell of padding either
        # side; 2 more for the scroll bar), so that no header or value is cut
        others = [
            max([len(h)] + [len(cells[k]) for _m, cells in rows]) + 2
            for k, h in enumerate(("Type", "Chart", "Better", "Points", "Latest", "Signals"))
        ]
        width = max(10, self.app.size.width - sum(others) - 4)
        shown = [(meas.id, [cells[0], cut(meas.name, width), *cells[1:]]) for meas, cells in rows]
        if shown != self._shown:  # unchanged (back from a measure): the table is left as it is
            self._shown = shown
            table.clear()
            for key, cells in shown:
                table.add_row(*cells, key=key)
            if table.row_count:
                table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        n = len(self.project.measures)
        intro = f"{plural(n, 'measure')}. " + (
            "Enter opens · a adds · g chart · Del deletes" if n else "Press a to add the first."
        )
        shown_intro = self.query_one("#measures-intro", Static)
        if str(shown_intro.content) != intro:
            shown_intro.update(intro)
        self.show_detail()

    def show_detail(self) -> None:
        """The selected measure in full: its name (cut in the table at 80 columns) and the
        start of its definition."""
        meas = self.current()
        text = ""
        if meas is not None:
            width = max(self.app.size.width - 4, 20)
            definition = " ".join(meas.definition.split()) or "no operational definition yet"
            line = f"{meas.type} · {meas.chart} chart · {definition}"
            text = short(meas.name, width) + "\n" + short(line, width)
        show_text(self.query_one("#measures-detail", Static), text)

    def current(self) -> m.Measure | None:
        table = self.query_one("#measures", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.project.measure(str(key))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        meas = self.current()
        if meas is not None:
            self.post_message(OpenMeasure(self, meas.id))

    def action_chart(self) -> None:
        meas = self.current()
        if meas is not None:
            self.post_message(OpenChart(self, meas.id))

    @flow
    async def action_add(self) -> None:
        created: list[m.Measure] = []

        def write(values: dict[str, Any]) -> bool:
            meas = m.Measure(
                id=self.store.new_measure_id(values["name"]),
                name=values["name"],
                type=values["type"],
                chart=values["chart"],
                better=values["better"] or "",
                frequency=values["frequency"],
            )
            created.append(meas)
            return self.save_measure(meas)

        dialog = PromptDialog("New measure", measure_fields(), "Create", on_submit=write)
        if await self.app.push_screen_wait(dialog) is not None:
            self.post_message(OpenMeasure(self, created[-1].id))

    @flow
    async def action_delete(self) -> None:
        meas = self.current()
        if meas is None:
            return
        notes = self.project.notes_about(f"measure:{meas.id}")
        if notes:
            self.notify(
                f"{meas.name} has {plural(len(notes), 'review note')}: delete them first "
                "(Notes screen).",
                severity="warning",
            )
            return
        question = ConfirmDialog(
            f"Delete the measure '{meas.name}' and its "
            f"{plural(len(meas.points), 'data point')}?\n"
            f"(its file measures/{meas.id}.toml is removed)",
            yes="Delete",
        )
        if await self.app.push_screen_wait(question):
            self.remove_item(meas)
