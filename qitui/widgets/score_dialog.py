"""The progress score dialog: the scale with its descriptions, a justification and a date."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from qitui.model import ProgressScore
from qitui.safetext import text as safe_text
from qitui.widgets.dialogs import Dialog
from qitui.widgets.forms import DateValidator, MessageLine, TextInput, field_row, parse_date


class ScoreDialog(Dialog):
    """Answers a :class:`ProgressScore` or None."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="score-save")]

    def __init__(
        self, scale: dict[float, str], when: date, current: ProgressScore | None = None
    ) -> None:
        super().__init__()
        self.scale = dict(sorted(scale.items()))
        self.when = when
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-form", id="score-dialog"):
            yield Static("Progress score — choose the level that fits", classes="dialog-title")
            yield OptionList(
                *[
                    Option(safe_text(f"{score:.1f}  {meaning}"), id=str(score))
                    for score, meaning in self.scale.items()
                ],
                id="score-levels",
            )
            yield field_row(
                "Why",
                TextInput(
                    self.current.justification if self.current else "",
                    placeholder="one line of justification",
                    id="score-why",
                    compact=True,
                ),
            )
            yield field_row(
                "Date",
                TextInput(
                    self.when.isoformat(),
                    id="score-date",
                    validators=[DateValidator()],
                    compact=True,
                ),
            )
            yield MessageLine(id="score-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="score-ok", variant="primary")
                yield Button("Cancel (Esc)", id="score-cancel")

    def on_mount(self) -> None:
        levels = self.query_one("#score-levels", OptionList)
        keys = list(self.scale)
        if self.current is not None and self.current.score in keys:
            levels.highlighted = keys.index(self.current.score)
        else:
            levels.highlighted = 0
        levels.focus()

    @on(OptionList.OptionSelected)
    def level_chosen(self) -> None:
        self.query_one("#score-why", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "score-why":
            self.query_one("#score-date", Input).focus()
        else:
            self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "score-ok":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        levels = self.query_one("#score-levels", OptionList)
        error = self.query_one("#score-error", MessageLine)
        if levels.highlighted is None:
            error.say("✗ Score: choose a level")
            return
        when, problem = parse_date(self.query_one("#score-date", Input).value)
        if problem or when is None:
            error.say(f"✗ Date: {problem}")
            return
        score = list(self.scale)[levels.highlighted]
        why = self.query_one("#score-why", Input).value.strip()
        self.dismiss(ProgressScore(when, score, why))
