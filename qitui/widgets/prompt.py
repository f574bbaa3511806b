"""A small form in a dialog: the form engine's fields, answered as a dict of parsed values.

Enter confirms a dialog of one-line fields; in a dialog with a multi-line field (a note),
Enter is a new line or the next field and Ctrl+S confirms (the button says so). Nothing is
accepted while a field is invalid, and the message names the field. Escape or Ctrl+Q with
typed text asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from qitui.safetext import text as safe_text
from qitui.widgets.dialogs import Dialog
from qitui.widgets.form import Field, FieldSpec, Form
from qitui.widgets.forms import MessageLine, Tick

__all__ = ["Field", "FieldSpec", "PromptDialog"]

Values = dict[str, Any]


class PromptDialog(Dialog[Values | None]):
    """Answers a dict of parsed values by field name, or None."""

    TAKES_TEXT = True

    BINDINGS = [Binding("ctrl+s", "confirm", "Save", id="prompt-save")]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        confirm: str = "OK",
        on_submit: Callable[[Values], bool] | None = None,
        classes: str = "",
    ) -> None:
        """``on_submit(values)`` saves what was typed before the dialog closes: if it
        returns False (not saved), the dialog stays open with the text as typed.
        ``classes``: more classes of the dialog's box (a dialog's own layout in the tcss)."""
        super().__init__()
        self.title_text = title
        self.form = Form(fields, prefix="f-", area_classes="prompt-area")
        self.confirm = confirm
        self.on_submit = on_submit
        self.box_classes = classes

    def compose(self) -> ComposeResult:
        key = "Ctrl+S" if self.form.has_area() else "Enter"
        with Vertical(classes=f"dialog dialog-form {self.box_classes}".strip()):
            yield Static(safe_text(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                for spec in self.form.specs.values():
                    label = spec.label + (" *" if spec.required else "")
                    yield Label(safe_text(label), classes="prompt-label")
                    yield self.form.widget(spec.name)
            yield MessageLine(id="prompt-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm} ({key})", id="ok", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.form.mark_clean()
        first = next(iter(self.form.widgets.values()), None)
        if first is not None:
            first.focus()

    def values(self) -> tuple[Values, str | None]:
        values, error = self.form.read()
        return values or {}, error

    def is_dirty(self) -> bool:
        return self.form.dirty

    def save_form(self) -> bool:
        return self.action_confirm()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Tick.Changed)
    def changed(self) -> None:
        _, error = self.form.read()
        self.query_one("#prompt-error", MessageLine).say(f"✗ {error}" if error else "")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.form.has_area():
            self.focus_next()  # Enter is not "save" where Enter also makes new lines
        else:
            self.action_confirm()

    def action_confirm(self) -> bool:
        values, error = self.form.read()
        if error or values is None:
            self.query_one("#prompt-error", MessageLine).say(f"✗ {error}")
            self.app.bell()
            return False
        if self.on_submit is not None and not self.on_submit(values):
            self.query_one("#prompt-error", MessageLine).say("✗ not saved (see the message)")
            return False
        self.dismiss(values)
        return True

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_confirm()
        else:
            self.action_cancel()
