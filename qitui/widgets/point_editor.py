"""The data point editor: date, value (or numerator/denominator), note, flags.

Validates as you type and refuses to save while anything is wrong, naming the field. In add
mode, a saved point leaves the dialog open with the next date filled in (the measure's
frequency), so that a run of points is typed as: value, Enter, value, Enter…
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from qitui.model import DataPoint, Measure
from qitui.safetext import text as safe_text
from qitui.widgets.dialogs import Dialog
from qitui.widgets.forms import (
    DateValidator,
    MessageLine,
    NumberValidator,
    TextInput,
    Tick,
    field_row,
    fmt_date,
    fmt_number,
    next_date,
    parse_date,
    parse_number,
)


class PointEditor(Dialog):
    """Add (``point=None``) or edit one point. ``on_save(new, old)`` writes it and returns
    True when it was saved; the dialog answers how many points were saved."""

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
        self.default_date = default_date
        self.saved = 0

    @property
    def ratio(self) -> bool:
        return self.measure.is_ratio

    def compose(self) -> ComposeResult:
        p = self.point
        title = (
            f"{'Edit' if p else 'Add'} a point — {self.measure.name} ({self.measure.chart} chart)"
        )
        with Vertical(classes="dialog dialog-form", id="point-editor"):
            yield Static(safe_text(title), classes="dialog-title")
            when = p.date if p else self.default_date
            yield field_row(
                "Date",
                TextInput(
                    fmt_date(when),
                    placeholder="YYYY-MM-DD or dd/mm/yyyy",
                    id="pt-date",
                    validators=[DateValidator()],
                    compact=True,
                ),
            )
            if self.ratio:
                den_label = "Denominator" if self.measure.chart == "p" else "Exposure"
                yield field_row(
                    "Numerator",
                    TextInput(
                        fmt_number(p.numerator) if p else "",
                        id="pt-num",
                        validators=[NumberValidator(minimum=0)],
                        compact=True,
                    ),
                )
                yield field_row(
                    den_label,
                    TextInput(
                        fmt_number(p.denominator) if p else "",
                        id="pt-den",
                        validators=[NumberValidator(minimum=0)],
                        compact=True,
                    ),
                )
            else:
                minimum = 0 if self.measure.chart == "c" else None
                yield field_row(
                    "Value",
                    TextInput(
                        fmt_number(p.value) if p else "",
                        id="pt-value",
                        placeholder=self.measure.unit,
                        validators=[NumberValidator(minimum=minimum)],
                        compact=True,
                    ),
                )
            yield field_row("Note", TextInput(p.note if p else "", id="pt-note", compact=True))
            with Horizontal(classes="field"):
                yield Tick(
                    "Excluded from calculation",
                    p.excluded if p else False,
                    id="pt-excluded",
                    compact=True,
                )
                yield Tick(
                    "Astronomical", p.astronomical if p else False, id="pt-astro", compact=True
                )
            yield MessageLine(id="pt-error", classes="form-error")
            yield MessageLine(id="pt-status", classes="form-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Enter)", id="pt-save", variant="primary")
                yield Button("Close (Esc)", id="pt-close")

    def on_mount(self) -> None:
        first = "#pt-num" if self.ratio else "#pt-value"
        if self.query_one("#pt-date", Input).value:
            self.query_one(first, Input).focus()
        else:
            self.query_one("#pt-date", Input).focus()

    # -------------------------------------------------------------- validation
    def read(self) -> tuple[DataPoint | None, str | None]:
        when, error = parse_date(self.query_one("#pt-date", Input).value)
        if error:
            return None, f"Date: {error}"
        assert when is not None
        for other in self.measure.points:
            if other.date == when and other is not self.point:
                return None, f"Date: there is already a point for {when}"
        point = DataPoint(date=when)
        if self.ratio:
            num, error = parse_number(self.query_one("#pt-num", Input).value, minimum=0)
            if error:
                return None, f"Numerator: {error}"
            den, error = parse_number(self.query_one("#pt-den", Input).value, minimum=0)
            if error:
                return None, f"Denominator: {error}"
            assert num is not None and den is not None
            if self.measure.chart == "p" and num > den:
                return None, f"Numerator: {num:g} is above the denominator {den:g}"
            point.numerator, point.denominator = num, den
        else:
            minimum = 0 if self.measure.chart == "c" else None
            value, error = parse_number(self.query_one("#pt-value", Input).value, minimum=minimum)
            if error:
                return None, f"Value: {error}"
            point.value = value
        point.note = self.query_one("#pt-note", Input).value.strip()
        point.excluded = self.query_one("#pt-excluded", Tick).value
        point.astronomical = self.query_one("#pt-astro", Tick).value
        return point, None

    @on(Input.Changed)
    def changed(self) -> None:
        _, error = self.read()
        if error and "is needed" in error:
            error = None  # an empty field is only refused on save, not while typing
        self.query_one("#pt-error", MessageLine).say(f"✗ {error}" if error else "")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pt-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(self.saved)

    def action_save(self) -> None:
        point, error = self.read()
        message = self.query_one("#pt-error", MessageLine)
        if error or point is None:
            message.say(f"✗ {error} — nothing saved")
            self.app.bell()
            return
        if not self.on_save(point, self.point):
            message.say("✗ not saved (see the message)")
            return
        self.saved += 1
        if self.point is not None:
            self.dismiss(self.saved)
            return
        # add mode: stay open for the next point
        dates = sorted(p.date for p in self.measure.points)
        prev = dates[-2] if len(dates) > 1 else None
        nxt = next_date(max(dates), self.measure.frequency, prev)
        shown = (
            f"{fmt_number(point.numerator)}/{fmt_number(point.denominator)}"
            if self.ratio
            else fmt_number(point.value)
        )
        self.query_one("#pt-date", Input).value = nxt.isoformat()
        for wid in ("#pt-num", "#pt-den", "#pt-value", "#pt-note"):
            for widget in self.query(wid).results(Input):
                widget.value = ""
        self.query_one("#pt-excluded", Tick).value = False
        self.query_one("#pt-astro", Tick).value = False
        self.query_one("#pt-num" if self.ratio else "#pt-value", Input).focus()
        self.query_one("#pt-status", MessageLine).say(
            f"✓ saved {point.date} = {shown} ({self.saved} this time) · next {nxt} · Esc closes"
        )
