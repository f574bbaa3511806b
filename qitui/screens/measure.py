"""One measure: its data (table, point editor, baseline freeze, phases) and its definition."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import AwaitMount
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TabPane, Tabs, TextArea

from qitui import baselines
from qitui import model as m
from qitui.measure_view import point_columns, point_rows, summary_text
from qitui.messages import AddNote, ImportIntoMeasure, OpenChart
from qitui.parse import fmt_number, next_date
from qitui.safetext import visible
from qitui.screens.base import QituiScreen, lock
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.flow import flow
from qitui.widgets.forms import MessageLine
from qitui.widgets.held_mount import HeldMounts
from qitui.widgets.lazy_form import LazyForm
from qitui.widgets.measure_definition import chart_problem, definition_fields, definition_pane
from qitui.widgets.point_editor import PointEditor
from qitui.widgets.prompt import Field, PromptDialog
from qitui.widgets.tables import RowTable
from qitui.widgets.text import show_text
from qitui.wording import plural


class MeasureScreen(QituiScreen):
    CATEGORY = "Measures"
    SCREEN_NAME = "Measure"
    ABOUT = (
        "Data: a adds points (Enter saves each and offers the next date), Enter edits, Del "
        "deletes, x excludes, i imports a CSV/Excel file, f freezes the baseline, "
        "p starts a phase, g shows the chart, "
        "n a review note on the measure, N on the point under the cursor (shown ✎). "
        "Definition: Ctrl+S saves."
    )
    EDIT_ACTIONS = frozenset(
        {
            "add_point",
            "edit_point",
            "delete_point",
            "toggle_excluded",
            "import_data",
            "freeze",
            "phase",
            "remove_phase",
            "note",
            "point_note",
            "save",
        }
    )
    BINDINGS = [
        Binding("a", "add_point", "Add points", id="measure-add-point"),
        Binding("enter", "edit_point", "Edit point", show=False, id="measure-edit-point"),
        Binding("delete", "delete_point", "Delete point", id="measure-delete-point"),
        Binding("x", "toggle_excluded", "Exclude/include point", id="measure-exclude"),
        Binding("i", "import_data", "Import CSV/Excel", show=False, id="measure-import"),
        Binding("f", "freeze", "Freeze baseline", id="measure-freeze"),
        Binding("p", "phase", "Start a phase", id="measure-phase"),
        Binding("r", "remove_phase", "Remove phase", show=False, id="measure-remove-phase"),
        Binding("g", "chart", "Chart", id="measure-chart"),
        Binding("n", "note", "Add note", show=False, id="measure-note"),
        Binding("N", "point_note", "Note on this point", show=False, id="measure-point-note"),
        Binding("ctrl+n", "other_tab", "Data/definition", id="measure-other-tab"),
        Binding("1", "tab('data')", "Data tab", show=False, id="measure-tab-data"),
        Binding("2", "tab('definition')", "Definition tab", show=False, id="measure-tab-def"),
        Binding("ctrl+s", "save", "Save definition", id="measure-save"),
    ]

    def __init__(self, store: Any, measure_id: str) -> None:
        super().__init__(store)
        self.measure_id = measure_id
        #: the columns and rows the points table shows (what ``refresh_view`` last put there)
        self._shown: tuple[Any, Any] | None = None
        #: the definition's fields are made when its tab is first shown (the form holds their
        #: values until then: loaded, read, checked and saved all the same)
        self.form = LazyForm(definition_fields(lambda: self.form), prefix="def-", cursor_home=False)
        #: the mount of the Definition tab's fields, once the tab was first shown
        self._definition: AwaitMount | None = None
        self._held = HeldMounts()  # drawing held back while the Definition tab mounts

    @property
    def measure(self) -> m.Measure | None:
        return self.project.measure(self.measure_id)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with TabbedContent(initial="data", id="measure-tabs"):
            with TabPane("Data (1)", id="data"):
                yield Static("", id="data-summary", markup=False)
                yield RowTable(id="points", cursor_type="row")
            yield TabPane("Definition (2)", id="definition")  # laid out when first shown
        yield from self.compose_footer()

    def definition_form(self) -> VerticalScroll:
        """The Definition tab's fields, made now (locked at once when read-only)."""
        pane = definition_pane(self.form)
        if self.read_only():
            lock(self.form.widgets.values())
        return pane

    def show_definition(self, name: str) -> None:
        """A tab is shown (by a key, a click or the code): the Definition tab's fields are
        made and mounted the first time, the screen's drawing held back until they are (as
        the PDSA worksheet's sections, screens/cycle.py)."""
        if name != "definition" or self._definition is not None:
            return
        pane = self.query_one("#definition", TabPane)
        # once mounted, the form's message line says what the form holds
        self._definition = self._held.mount(pane, self.definition_form(), then=self.changed)

    async def definition_ready(self) -> None:
        """Until the Definition tab's fields are mounted (when it is being laid out)."""
        if self._definition is not None:
            await self._definition

    def on_unmount(self) -> None:
        self._held.cancel()  # closed while the definition was mounting: draw

    def on_mount(self) -> None:
        super().on_mount()
        tabs = self.query_one("#measure-tabs", TabbedContent)
        self.watch(tabs, "active", self.show_definition)  # now too: opened on it, laid out
        meas = self.measure
        if meas is None:
            return
        self.load_form()
        self.refresh_view()
        self.query_one("#points", DataTable).focus()

    # ------------------------------------------------------------------ data tab
    def refresh_view(self) -> None:
        meas = self.measure
        if meas is None:
            gone = self.gone_message("measure", self.store.measure_file(self.measure_id))
            self.notify(gone, severity="warning")
            self.dismiss(None)
            return
        if self.form.loaded and not self.is_dirty():
            self.load_form()  # follow changes made on the data tab (freeze)
        self.SCREEN_NAME = f"Measure: {meas.name}"
        self.update_titles()
        table = self.query_one("#points", DataTable)
        row = table.cursor_row
        shown = (point_columns(meas), point_rows(self.project, meas))
        if shown != self._shown:  # unchanged (back from a dialog): the table is left as it is
            self._shown = shown
            table.clear(columns=True)
            table.add_columns(*shown[0])
            for key, cells in shown[1]:
                table.add_row(*cells, key=key)
            if table.row_count:
                table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        summary = summary_text(self.project, meas, self.app.size.width)
        show_text(self.query_one("#data-summary", Static), visible(summary, True))

    def current_point(self) -> m.DataPoint | None:
        meas = self.measure
        table = self.query_one("#points", DataTable)
        if meas is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in meas.points if p.date.isoformat() == key), None)

    def on_data_tab(self) -> bool:
        return self.query_one("#measure-tabs", TabbedContent).active == "data"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        data_only = {
            "add_point",
            "edit_point",
            "delete_point",
            "toggle_excluded",
            "import_data",
            "freeze",
            "phase",
            "remove_phase",
            "point_note",
        }
        if action in data_only and not self.on_data_tab():
            return False
        if action == "save" and self.on_data_tab():
            return None
        return True

    async def action_other_tab(self) -> None:  # Ctrl+N: into the other tab's first field
        await self.action_tab("definition" if self.on_data_tab() else "data", into=True)

    async def action_tab(self, name: str, into: bool = False) -> None:
        """1/2 show a tab and keep the focus out of its fields (the next digit is a tab key
        again, never typed); Ctrl+N goes into the first field."""
        self.query_one("#measure-tabs", TabbedContent).active = name
        if name == "data":
            self.query_one("#points", DataTable).focus()
        elif into:
            await self.definition_ready()  # shown the first time: its fields are mounting
            self.form.widget("name").focus()
        else:
            self.query_one("#measure-tabs", TabbedContent).query_one(Tabs).focus()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()

    def write_point(self, new: m.DataPoint, old: m.DataPoint | None) -> bool:
        meas = self.measure
        if meas is None:
            return False

        def mutate() -> None:
            if old is not None:
                meas.points[:] = [new if p is old else p for p in meas.points]
            else:
                meas.points.append(new)

        return self.save_measure(meas, mutate)

    @flow
    async def action_add_point(self) -> None:
        meas = self.measure
        if meas is None:
            return
        dates = sorted(p.date for p in meas.points)
        if dates:
            default = next_date(dates[-1], meas.frequency, dates[-2] if len(dates) > 1 else None)
        else:
            default = None
        saved = await self.app.push_screen_wait(PointEditor(meas, None, self.write_point, default))
        self.refresh_view()
        table = self.query_one("#points", DataTable)
        if saved and table.row_count:
            table.move_cursor(row=table.row_count - 1)
        table.focus()

    @flow
    async def action_edit_point(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return
        await self.app.push_screen_wait(PointEditor(meas, point, self.write_point))
        self.refresh_view()
        self.query_one("#points", DataTable).focus()

    @on(DataTable.RowSelected, "#points")
    def row_selected(self) -> None:
        if not self.read_only():
            self.action_edit_point()

    @flow
    async def action_delete_point(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return
        value = (
            f"{fmt_number(point.numerator)}/{fmt_number(point.denominator)}"
            if meas.is_ratio
            else fmt_number(point.value)
        )
        question = ConfirmDialog(f"Delete the point of {point.date} ({value})?", yes="Delete")
        if await self.app.push_screen_wait(question):
            self.save_measure(
                meas,
                lambda: meas.points.__setitem__(
                    slice(None), [p for p in meas.points if p is not point]
                ),
            )

    def action_import_data(self) -> None:
        """i: import a CSV or Excel file into this measure, after a preview."""
        self.post_message(ImportIntoMeasure(self, self.measure_id))

    @flow
    async def action_toggle_excluded(self) -> None:
        """x: exclude the point (asking why: the reason is kept as its note and shown under
        the chart) or include it again."""
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return
        reason = point.note
        if not point.excluded:
            from qitui.widgets.prompt import Field, PromptDialog

            values = await self.app.push_screen_wait(
                PromptDialog(
                    f"Exclude {point.date} from the calculation: why? (kept as its note)",
                    [Field("reason", "Reason", point.note, required=True)],
                    confirm="Exclude",
                )
            )
            if values is None:
                return
            reason = str(values["reason"]).strip()

        def mutate() -> None:
            point.excluded = not point.excluded
            point.note = reason

        if self.save_measure(meas, mutate):
            state = "excluded from" if point.excluded else "included in"
            self.notify(f"{point.date} is now {state} the calculation.")

    @flow
    async def action_freeze(self) -> None:
        meas = self.measure
        if meas is None:
            return
        table = self.query_one("#points", DataTable)
        span = baselines.span_of_row(meas, table.cursor_row if table.row_count else 0)
        which = f", {span.label()}" if len(baselines.spans(meas)) > 1 else ""
        size = max(span.last - span.first + 1, 1)  # the points of this phase
        default = table.cursor_row - span.first + 1 if table.row_count else (span.freeze or "")

        def write(values: dict[str, Any]) -> bool:
            n = values["n"]

            def mutate() -> None:
                baselines.set_baseline(meas, span.number, int(n) if n else None)

            if not self.save_measure(meas, mutate):
                return False
            self.notify(
                f"Baseline{which} frozen on its first {plural(int(n), 'point')}."
                if n
                else f"Baseline{which} no longer frozen."
            )
            return True

        await self.app.push_screen_wait(
            PromptDialog(
                f"Freeze the baseline of {meas.name}{which}: the centre line is computed on "
                "its first N points and extended. Empty = not frozen.",
                [
                    Field(
                        "n",
                        "Number of baseline points",
                        default,
                        kind="int",
                        check=lambda v: (
                            None if v is None or 1 <= v <= size else f"between 1 and {size}"
                        ),
                    )
                ],
                confirm="Freeze",
                on_submit=write,
            )
        )

    @flow
    async def action_phase(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None:
            return

        def write(values: dict[str, Any]) -> bool:
            phase = m.Phase(values["start"], values["reason"])

            def mutate() -> None:
                meas.phases = [p for p in meas.phases if p.start != phase.start] + [phase]
                meas.phases.sort(key=lambda p: p.start)

            if not self.save_measure(meas, mutate):
                return False
            self.notify(f"New phase from {phase.start}.")
            return True

        taken = {p.start for p in meas.phases}
        await self.app.push_screen_wait(
            PromptDialog(
                "Start a new phase: a new centre line from this date. A phase is a decision: "
                "say why (a sustained, understood change).",
                [
                    Field(
                        "start",
                        "First date of the phase",
                        point.date if point else None,
                        kind="date",
                        required=True,
                        check=lambda d: "a phase with this date exists" if d in taken else None,
                    ),
                    Field("reason", "Reason", required=True),
                ],
                confirm="Start phase",
                on_submit=write,
            )
        )

    @flow
    async def action_remove_phase(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return
        phase = next(
            (
                ph
                for ph in meas.phases
                if ph.start <= point.date
                and meas.points
                and next((p for p in meas.points if p.date >= ph.start), None) is point
            ),
            None,
        )
        if phase is None:
            self.notify("No phase starts at this point.")
            return
        question = ConfirmDialog(
            f"Remove the phase from {phase.start} ({phase.reason})?", yes="Remove"
        )
        if await self.app.push_screen_wait(question):
            self.save_measure(meas, lambda: meas.phases.remove(phase))

    def action_chart(self) -> None:
        if self.is_dirty():
            self.notify("The definition has unsaved edits (Ctrl+S).", severity="warning")
        self.post_message(OpenChart(self, self.measure_id))

    def action_note(self) -> None:
        self.post_message(AddNote(self, f"measure:{self.measure_id}"))

    def action_point_note(self) -> None:
        """A review note about the data point under the cursor."""
        point = self.current_point()
        if point is None:
            self.notify("No data point here yet.")
            return
        self.post_message(AddNote(self, m.point_about(self.measure_id, point.date)))

    # ------------------------------------------------------------------ definition tab
    def load_form(self) -> None:
        meas = self.measure
        if meas is None:
            return
        self.form.load_from(meas)  # the chart is loaded before the target that reads on it

    def read_form(self) -> tuple[dict[str, Any] | None, str | None]:
        """The definition's values, or the first problem."""
        values, error = self.form.read()
        if values is None:
            return None, error
        problem = chart_problem(self.measure, values)
        if problem:
            return None, problem
        values["better"] = values["better"] or ""
        return values, None

    def is_dirty(self) -> bool:
        return self.is_mounted and self.form.dirty

    def discard_form(self) -> None:
        self.load_form()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        if not self.form.loaded or not self.is_mounted:
            return
        lines = self.query("#def-error").results(MessageLine)
        line = next(lines, None)
        if line is None:  # the Definition tab not laid out yet: said once it is
            return
        _, error = self.read_form()
        dirty = " · unsaved (Ctrl+S)" if self.form.dirty else ""
        line.say(f"✗ {error}" if error else dirty)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        self.save_form()

    def save_form(self) -> bool:
        meas = self.measure
        values, error = self.read_form()
        if meas is None:
            return False
        if error or values is None:
            self.notify(error or "invalid", severity="error", title="Not saved")
            return False
        # only what was edited here: the data tab may have changed the freeze meanwhile
        edited = self.form.edited()
        ok = self.save_measure(meas, lambda: self.form.apply_to(meas, values, edited))
        if ok:
            self.form.mark_clean()
            self.changed()
            self.notify("Definition saved.")
        return ok
