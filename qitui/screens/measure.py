"""One measure: its data (table, point editor, baseline freeze, phases) and its definition."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TabPane, TextArea

from qitui import model as m
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.screens.measures import CHART_NAMES
from qitui.widgets.dialogs import ConfirmDialog, Field, PromptDialog
from qitui.widgets.forms import (
    MessageLine,
    NumberValidator,
    TextInput,
    field_row,
    fmt_number,
    next_date,
    parse_number,
)
from qitui.widgets.point_editor import PointEditor
from qitui.widgets.tables import RowTable

TEXT_FIELDS = [
    ("name", "Name", "input"),
    ("definition", "Definition", "area"),
    ("numerator", "Numerator", "input"),
    ("denominator", "Denominator", "input"),
    ("inclusions", "Inclusions", "area"),
    ("exclusions", "Exclusions", "area"),
    ("unit", "Unit", "input"),
    ("source", "Data source", "input"),
    ("collected_by", "Collected by", "input"),
    ("frequency", "Frequency", "input"),
    ("sampling", "Sampling", "input"),
]
SELECTS = {
    "type": ("Type", [(t, t) for t in m.MEASURE_TYPES], False),
    "chart": ("Chart", [(CHART_NAMES[c], c) for c in m.CHART_TYPES], False),
    "better": ("Better when", [("up ↑", "up"), ("down ↓", "down")], True),
    "rules": ("Rules", [(r, r) for r in m.RULE_SETS], False),
}


class MeasureScreen(QituiScreen):
    CATEGORY = "Measures"
    SCREEN_NAME = "Measure"
    ABOUT = (
        "Data: a adds points (Enter saves each and offers the next date), Enter edits, Del "
        "deletes, x excludes, f freezes the baseline, p starts a phase, g shows the chart. "
        "Definition: Ctrl+S saves."
    )
    BINDINGS = [
        Binding("a", "add_point", "Add points", id="measure-add-point"),
        Binding("enter", "edit_point", "Edit point", show=False, id="measure-edit-point"),
        Binding("delete", "delete_point", "Delete point", id="measure-delete-point"),
        Binding("x", "toggle_excluded", "Exclude/include point", id="measure-exclude"),
        Binding("f", "freeze", "Freeze baseline", id="measure-freeze"),
        Binding("p", "phase", "Start a phase", id="measure-phase"),
        Binding("r", "remove_phase", "Remove phase", show=False, id="measure-remove-phase"),
        Binding("g", "chart", "Chart", id="measure-chart"),
        Binding("n", "note", "Add note", show=False, id="measure-note"),
        Binding("ctrl+n", "other_tab", "Data/definition", id="measure-other-tab"),
        Binding("1", "tab('data')", "Data tab", show=False, id="measure-tab-data"),
        Binding("2", "tab('definition')", "Definition tab", show=False, id="measure-tab-def"),
        Binding("ctrl+s", "save", "Save definition", id="measure-save"),
    ]

    def __init__(self, store: Any, measure_id: str) -> None:
        super().__init__(store)
        self.measure_id = measure_id
        self._clean: dict[str, Any] = {}

    @property
    def measure(self) -> m.Measure | None:
        return self.project.measure(self.measure_id)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with TabbedContent(initial="data", id="measure-tabs"):
            with TabPane("Data (1)", id="data"):
                yield Static("", id="data-summary", markup=False)
                yield RowTable(id="points", cursor_type="row")
            with (
                TabPane("Definition (2)", id="definition"),
                VerticalScroll(classes="form-scroll", id="def-form"),
            ):
                for name, label, kind in TEXT_FIELDS[:1]:
                    yield self._text_widget(name, label, kind)
                for name in ("type", "chart", "better"):
                    yield self._select(name)
                for name, label, kind in TEXT_FIELDS[1:]:
                    yield self._text_widget(name, label, kind)
                yield field_row(
                    "Target",
                    TextInput(
                        id="def-target",
                        validators=[NumberValidator(required=False)],
                        compact=True,
                        placeholder="a number on the chart's scale",
                    ),
                )
                yield field_row(
                    "Baseline",
                    TextInput(
                        id="def-freeze",
                        validators=[NumberValidator(required=False, minimum=1, integer=True)],
                        compact=True,
                        placeholder="freeze the centre line on the first N points",
                    ),
                )
                yield self._select("rules")
                yield MessageLine(id="def-error", classes="form-error")
                yield Static("Ctrl+S saves the definition · Escape leaves", classes="hint")
        yield from self.compose_footer()

    def _text_widget(self, name: str, label: str, kind: str) -> Any:
        if kind == "area":
            return field_row(label, TextArea(id=f"def-{name}", compact=True), "area-row")
        return field_row(label, TextInput(id=f"def-{name}", compact=True))

    def _select(self, name: str) -> Any:
        label, options, blank = SELECTS[name]
        return field_row(label, Select(options, id=f"def-{name}", allow_blank=blank, compact=True))

    def on_mount(self) -> None:
        super().on_mount()
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
            self.notify("This measure is gone (deleted or reloaded).", severity="warning")
            self.dismiss(None)
            return
        if self._clean and not self.is_dirty():
            self.load_form()  # follow changes made on the data tab (freeze)
        self.SCREEN_NAME = f"Measure: {meas.name}"
        self.update_titles()
        table = self.query_one("#points", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        if meas.is_ratio:
            table.add_columns(
                "#", "Date", "Num", "Den", "%" if meas.chart == "p" else "Rate", "Flags", "Note"
            )
        else:
            table.add_columns("#", "Date", meas.unit or "Value", "Flags", "Note")
        starts = {meas.points[i].date for i in meas.phase_starts()}
        for i, p in enumerate(meas.points):
            flags = []
            if p.excluded:
                flags.append("excl")
            if p.astronomical:
                flags.append("astro")
            if p.date in starts:
                flags.append("▶phase")
            if meas.freeze and i == meas.freeze - 1:
                flags.append("┤base")
            cells: list[str]
            if meas.is_ratio:
                y = p.y()
                shown = (
                    "—" if y is None else (f"{y * 100:.1f}" if meas.chart == "p" else f"{y:.3g}")
                )
                cells = [fmt_number(p.numerator), fmt_number(p.denominator), shown]
            else:
                cells = [fmt_number(p.value) or "—"]
            table.add_row(
                str(i + 1),
                p.date.isoformat(),
                *cells,
                " ".join(flags) or "",
                p.note,
                key=p.date.isoformat(),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.query_one("#data-summary", Static).update(visible(self.summary(meas), True))

    def summary(self, meas: m.Measure) -> str:
        bits = [meas.type, f"{meas.chart} chart"]
        if meas.better:
            bits.append(f"better {'↑ up' if meas.better == 'up' else '↓ down'}")
        if meas.target is not None:
            target = meas.target
            shown = f"{target * 100:g}%" if meas.chart == "p" else fmt_number(target)
            bits.append(f"target {shown}")
        bits.append(f"{len(meas.points)} points")
        base = (
            f"baseline: first {meas.freeze} points (frozen)"
            if meas.freeze
            else "baseline not frozen (f)"
        )
        phases = "; ".join(
            f"phase from {ph.start}: {ph.reason}"
            for ph in sorted(meas.phases, key=lambda p: p.start)
        )
        text = " · ".join(bits) + "\n" + base + (f" · {phases}" if phases else "")
        notes = self.project.notes_about(f"measure:{meas.id}")
        if notes:
            last = notes[-1]
            more = f" (+{len(notes) - 1} more in Notes)" if len(notes) > 1 else ""
            line = f"✎ {last.date} {last.author}: {' '.join(last.text.split())}"
            width = max(self.app.size.width - 4 - len(more), 20)
            text += "\n" + (line if len(line) <= width else line[: width - 1] + "…") + more
        return text

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
        data_only = {
            "add_point",
            "edit_point",
            "delete_point",
            "toggle_excluded",
            "freeze",
            "phase",
            "remove_phase",
        }
        if action in data_only and not self.on_data_tab():
            return False
        if action == "save" and self.on_data_tab():
            return None
        return True

    def action_other_tab(self) -> None:
        self.action_tab("definition" if self.on_data_tab() else "data")

    def action_tab(self, name: str) -> None:
        self.query_one("#measure-tabs", TabbedContent).active = name
        if name == "data":
            self.query_one("#points", DataTable).focus()
        else:
            self.query_one("#def-name", Input).focus()

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

    def action_add_point(self) -> None:
        meas = self.measure
        if meas is None:
            return
        dates = sorted(p.date for p in meas.points)
        if dates:
            default = next_date(dates[-1], meas.frequency, dates[-2] if len(dates) > 1 else None)
        else:
            default = None
        self.app.push_screen(PointEditor(meas, None, self.write_point, default), self._after_add)

    def _after_add(self, saved: int | None) -> None:
        self.refresh_view()
        table = self.query_one("#points", DataTable)
        if saved and table.row_count:
            table.move_cursor(row=table.row_count - 1)
        table.focus()

    def _after(self, saved: int | None) -> None:
        self.refresh_view()
        self.query_one("#points", DataTable).focus()

    def action_edit_point(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return
        self.app.push_screen(PointEditor(meas, point, self.write_point), self._after)

    @on(DataTable.RowSelected, "#points")
    def row_selected(self) -> None:
        self.action_edit_point()

    def action_delete_point(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return
        value = (
            f"{fmt_number(point.numerator)}/{fmt_number(point.denominator)}"
            if meas.is_ratio
            else fmt_number(point.value)
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.save_measure(
                    meas,
                    lambda: meas.points.__setitem__(
                        slice(None), [p for p in meas.points if p is not point]
                    ),
                )

        self.app.push_screen(
            ConfirmDialog(f"Delete the point of {point.date} ({value})?", yes="Delete"),
            confirmed,
        )

    def action_toggle_excluded(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None or point is None:
            return

        def mutate() -> None:
            point.excluded = not point.excluded

        if self.save_measure(meas, mutate):
            state = "excluded from" if point.excluded else "included in"
            self.notify(f"{point.date} is now {state} the calculation.")

    def action_freeze(self) -> None:
        meas = self.measure
        if meas is None:
            return
        table = self.query_one("#points", DataTable)
        default = table.cursor_row + 1 if table.row_count else (meas.freeze or "")

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            n = values["n"]

            def mutate() -> None:
                meas.freeze = int(n) if n else None

            if self.save_measure(meas, mutate):
                self.notify(
                    f"Baseline frozen on the first {int(n)} points."
                    if n
                    else "Baseline no longer frozen."
                )

        self.app.push_screen(
            PromptDialog(
                f"Freeze the baseline of {meas.name}: the centre line is computed on the first "
                "N points and extended. Empty = not frozen.",
                [
                    Field(
                        "n",
                        "Number of baseline points",
                        default,
                        kind="int",
                        check=lambda v: (
                            None
                            if v is None or 1 <= v <= max(len(meas.points), 1)
                            else f"between 1 and {len(meas.points)}"
                        ),
                    )
                ],
                confirm="Freeze",
            ),
            done,
        )

    def action_phase(self) -> None:
        meas, point = self.measure, self.current_point()
        if meas is None:
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            phase = m.Phase(values["start"], values["reason"])

            def mutate() -> None:
                meas.phases = [p for p in meas.phases if p.start != phase.start] + [phase]
                meas.phases.sort(key=lambda p: p.start)

            if self.save_measure(meas, mutate):
                self.notify(f"New phase from {phase.start}.")

        taken = {p.start for p in meas.phases}
        self.app.push_screen(
            PromptDialog(
                "Start a new phase: a new centre line from this date. A phase is a decision: "
                "say why (a sustained, understood change).",
                [
                    Field(
                        "start",
                        "First date of the phase",
                        point.date.isoformat() if point else "",
                        kind="date",
                        required=True,
                        check=lambda d: "a phase with this date exists" if d in taken else None,
                    ),
                    Field("reason", "Reason", required=True),
                ],
                confirm="Start phase",
            ),
            done,
        )

    def action_remove_phase(self) -> None:
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

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.save_measure(meas, lambda: meas.phases.remove(phase))

        self.app.push_screen(
            ConfirmDialog(f"Remove the phase from {phase.start} ({phase.reason})?", yes="Remove"),
            confirmed,
        )

    def action_chart(self) -> None:
        if self.is_dirty():
            self.notify("The definition has unsaved edits (Ctrl+S).", severity="warning")
        self.qapp.open_chart(self.store, self.measure_id)

    def action_note(self) -> None:
        from qitui.screens.notes import add_note

        add_note(self, f"measure:{self.measure_id}")

    # ------------------------------------------------------------------ definition tab
    def load_form(self) -> None:
        meas = self.measure
        if meas is None:
            return
        for name, _label, kind in TEXT_FIELDS:
            value = getattr(meas, name)
            if kind == "area":
                self.query_one(f"#def-{name}", TextArea).load_text(value)
            else:
                self.query_one(f"#def-{name}", Input).value = value
        for name, (_l, _o, blank) in SELECTS.items():
            value = getattr(meas, name)
            sel = self.query_one(f"#def-{name}", Select)
            sel.value = value if value else (Select.NULL if blank else sel.value)
        self.query_one("#def-target", Input).value = fmt_number(meas.target)
        self.query_one("#def-freeze", Input).value = str(meas.freeze) if meas.freeze else ""
        self._clean = self.form_values()

    def form_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, _label, _kind in TEXT_FIELDS:
            widget = self.query_one(f"#def-{name}")
            out[name] = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        for name in SELECTS:
            value = self.query_one(f"#def-{name}", Select).value
            out[name] = "" if value is Select.NULL else value
        out["target"] = self.query_one("#def-target", Input).value
        out["freeze"] = self.query_one("#def-freeze", Input).value
        return out

    def read_form(
        self, texts: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any] | None, str | None]:
        """Check the form (``texts`` from :meth:`form_values`, read now if not given)."""
        meas = self.measure
        values = dict(self.form_values() if texts is None else texts)
        if not values["name"].strip():
            return None, "Name: cannot be empty"
        target, error = parse_number(values["target"], required=False)
        if error:
            return None, f"Target: {error}"
        freeze, error = parse_number(values["freeze"], required=False, minimum=1, integer=True)
        if error:
            return None, f"Baseline: {error}"
        if (
            meas is not None
            and meas.points
            and (values["chart"] in m.RATIO_CHARTS) != meas.is_ratio
        ):
            return None, (
                "Chart: this measure has data as "
                + ("numerator/denominator" if meas.is_ratio else "single values")
                + f"; a {values['chart']} chart takes the other kind"
            )
        values["target"] = target
        values["freeze"] = int(freeze) if freeze is not None else None
        for name, _label, _kind in TEXT_FIELDS:
            values[name] = values[name].strip()
        return values, None

    def is_dirty(self) -> bool:
        if not self._clean or not self.is_mounted:
            return False
        return self.form_values() != self._clean

    def discard_form(self) -> None:
        self.load_form()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        if not self._clean or not self.is_mounted:
            return
        texts = self.form_values()
        _, error = self.read_form(texts)
        dirty = " · unsaved (Ctrl+S)" if texts != self._clean else ""
        self.query_one("#def-error", MessageLine).say(f"✗ {error}" if error else dirty)

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
        edited = {k for k, text in self.form_values().items() if text != self._clean.get(k)}

        def mutate() -> None:
            for key, value in values.items():
                if key in edited:
                    setattr(meas, key, value)

        ok = self.save_measure(meas, mutate)
        if ok:
            self._clean = self.form_values()
            self.changed()
            self.notify("Definition saved.")
        return ok
