"""The data point editor: date, value (or numerator/denominator), note, flags.

Validates as you type and refuses to save while anything is wrong, naming the field. In add
mode, a saved point leaves the dialog open with the next date filled in (the measure's
frequency), so that a run of points is typed as: value, Enter, value, Enter…
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from qitui.entry_checks import entry_warnings
from qitui.model import PROPORTION_CHARTS, DataPoint, Measure, value_problem
from qitui.parse import (
    DATE_HINT,
    fmt_number,
    fmt_on_scale,
    next_date,
    parse_number,
    parse_on_scale,
    ratio_problem,
)
from qitui.widgets.dialogs import Dialog
from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.forms import MessageLine


def point_fields(
    measure: Measure, point: DataPoint | None, default_date: date | None = None
) -> list[FieldSpec]:
    count = partial(parse_number, minimum=0, required=False)
    when = point.date if point else default_date
    fields = [FieldSpec("date", "Date", when, kind="date", required=True, placeholder=DATE_HINT)]
    if measure.is_ratio:
        den_label = "Denominator" if measure.chart in PROPORTION_CHARTS else "Exposure"
        fields += [
            FieldSpec("num", "Numerator", point.numerator if point else None, parse=count),
            FieldSpec("den", den_label, point.denominator if point else None, parse=count),
        ]
        for f in fields[1:]:
            f.format = fmt_number
    else:
        minimum = 0 if measure.chart in ("c", "g") else None
        fields.append(
            FieldSpec(
                "value",
                "Value",
                point.value if point else None,
                parse=partial(
                    parse_on_scale,
                    chart=measure.chart,
                    unit=measure.unit,
                    minimum=minimum,
                    required=False,
                ),
                format=partial(fmt_on_scale, chart=measure.chart),
                placeholder=measure.unit,
            )
        )
    gap = point is not None and (
        point.value is None if not measure.is_ratio else point.numerator is None
    )
    return fields + [
        FieldSpec("missing", "Missing (a gap)", gap, kind="check"),
        FieldSpec("note", "Note", point.note if point else "", placeholder="excluded: why?"),
        FieldSpec(
            "excluded",
            "Excluded from calculation",
            point.excluded if point else False,
            kind="check",
        ),
        FieldSpec("astro", "Astronomical", point.astronomical if point else False, kind="check"),
    ]


class PointEditor(Dialog[int]):
    """Add (``point=None``) or edit one point. ``on_save(new, old)`` writes it and returns
    True when it was saved; the dialog answers how many points were saved."""

    TAKES_TEXT = True

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="point-save")]

    def __init__(
        self,
        measure: Measure,
        point: DataPoint | None,
        on_save: Callable[[DataPoint, DataPoint | None], bool],
        default_date: date | None = None,
    ) -> None:
        super().__init__()
        self.measure = measure
        self.point = point
        self.on_save = on_save
        self.saved = 0
        self.form = Form(point_fields(measure, point, default_date), prefix="pt-")

    @property
    def ratio(self) -> bool:
        return self.measure.is_ratio

    def compose(self) -> ComposeResult:
        p = self.point
        title = (
            f"{'Edit' if p else 'Add'} a point — {self.measure.name} ({self.measure.chart} chart)"
        )
        with Vertical(classes="dialog dialog-form", id="point-editor"):
            yield Static(title, classes="dialog-title", markup=False)
            for name in ("date", "num", "den", "value", "note"):
                if name in self.form.specs:
                    yield self.form.row(name)
            with Horizontal(classes="field"):
                yield self.form.widget("missing")
                yield self.form.widget("excluded")
                yield self.form.widget("astro")
            yield MessageLine(id="pt-error", classes="form-error")
            yield MessageLine(id="pt-warn", classes="form-warning")
            yield MessageLine(id="pt-status", classes="form-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Enter)", id="pt-save", variant="primary")
                yield Button("Close (Esc)", id="pt-close")

    def on_mount(self) -> None:
        self.form.mark_clean()
        first = self.form.widget("num" if self.ratio else "value")
        if self.form.raw("date"):
            first.focus()
        else:
            self.form.widget("date").focus()

    # -------------------------------------------------------------- validation
    def read(self) -> tuple[DataPoint | None, str | None]:
        values, error = self.form.read()
        if values is None:
            return None, error
        when = values["date"]
        for other in self.measure.points:
            if other.date == when and other is not self.point:
                return None, f"Date: there is already a point for {when}"
        point = DataPoint(date=when, note=values["note"])
        missing = values["missing"]
        if self.ratio:
            num, den = values["num"], values["den"]
            if not missing:
                if num is None or den is None:
                    name = "Numerator" if num is None else self.form.specs["den"].label
                    return None, f"{name}: a number is needed (or tick Missing for a gap)"
                problem = ratio_problem(num, den, self.measure.chart)
                if problem:
                    return None, problem[0].upper() + problem[1:]
                point.numerator, point.denominator = num, den
        elif not missing:
            if values["value"] is None:
                return None, "Value: a number is needed (or tick Missing for a gap)"
            problem = value_problem(self.measure.chart, values["value"])
            if problem:
                return None, f"Value: {problem}"
            point.value = values["value"]
        if values["excluded"] and not point.note.strip():
            return None, "Note: why is this point excluded? (the reason shows on the chart)"
        point.excluded = values["excluded"]
        point.astronomical = values["astro"]
        old = self.point
        if old is not None and (old.value, old.numerator, old.denominator) == (
            point.value,
            point.numerator,
            point.denominator,
        ):
            point.imported = old.imported  # a new value typed here is no longer imported
        return point, None

    def is_dirty(self) -> bool:
        return self.form.dirty

    def cancelled(self) -> int:
        return self.saved

    def save_form(self) -> bool:
        return self.action_save()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def changed(self) -> None:
        point, error = self.read()
        if error and ("is needed" in error or "excluded?" in error):
            error = None  # an empty field is only refused on save, not while typing
        self.query_one("#pt-error", MessageLine).say(f"✗ {error}" if error else "")
        warnings = entry_warnings(self.measure, point, self.today()) if point else []
        lines = [f"⚠ {w}" for w in warnings]
        if lines:
            lines.append("  (only warnings: Enter saves anyway)")
        self.query_one("#pt-warn", MessageLine).say("\n".join(lines))

    def today(self) -> date:
        today = getattr(self.app, "today", None)
        return today() if callable(today) else date.today()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pt-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> bool:
        point, error = self.read()
        message = self.query_one("#pt-error", MessageLine)
        if error or point is None:
            message.say(f"✗ {error} — nothing saved")
            self.app.bell()
            return False
        if not self.on_save(point, self.point):
            message.say("✗ not saved (see the message)")
            return False
        self.saved += 1
        if self.point is not None:
            self.dismiss(self.saved)
            return True
        # add mode: stay open for the next point
        dates = sorted(p.date for p in self.measure.points)
        prev = dates[-2] if len(dates) > 1 else None
        nxt = next_date(max(dates), self.measure.frequency, prev)
        shown = (
            "missing"
            if point.value is None and point.numerator is None
            else f"{fmt_number(point.numerator)}/{fmt_number(point.denominator)}"
            if self.ratio
            else fmt_on_scale(point.value, self.measure.chart)
        )
        self.form.load(
            {
                "date": nxt,
                "num": None,
                "den": None,
                "value": None,
                "note": "",
                "missing": False,
                "excluded": False,
                "astro": False,
            }
        )
        self.form.widget("num" if self.ratio else "value").focus()
        self.query_one("#pt-status", MessageLine).say(
            f"✓ saved {point.date} = {shown} ({self.saved} this time) · next {nxt} · Esc closes"
        )
        return True
