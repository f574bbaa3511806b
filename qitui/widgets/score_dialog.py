"""The progress score dialog: the scale with its descriptions, a justification and a date."""

from __future__ import annotations

from collections.abc import Callable
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
from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.forms import MessageLine


class ScoreDialog(Dialog[ProgressScore | None]):
    """Answers a :class:`ProgressScore` or None. ``on_submit(score)`` saves it before the
    dialog closes (False: not saved, the dialog stays open as typed)."""

    TAKES_TEXT = True

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="score-save")]

    def __init__(
        self,
        scale: dict[float, str],
        when: date,
        current: ProgressScore | None = None,
        on_submit: Callable[[ProgressScore], bool] | None = None,
    ) -> None:
        super().__init__()
        self.on_submit = on_submit
        self.form = Form(
            [
                FieldSpec(
                    "why",
                    "Why",
                    current.justification if current else "",
                    placeholder="one line of justification",
                ),
                FieldSpec("date", "Date", when, kind="date", required=True),
            ],
            prefix="score-",
        )
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
            yield from self.form.rows()
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
        self.form.mark_clean()

    def is_dirty(self) -> bool:
        return self.form.dirty

    def save_form(self) -> bool:
        return self.action_save()

    @on(OptionList.OptionSelected)
    def level_chosen(self) -> None:
        self.form.widget("why").focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "score-why":
            self.form.widget("date").focus()
        else:
            self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "score-ok":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> bool:
        levels = self.query_one("#score-levels", OptionList)
        error = self.query_one("#score-error", MessageLine)
        if levels.highlighted is None:
            error.say("✗ Score: choose a level")
            return False
        values, problem = self.form.read()
        if values is None:
            error.say(f"✗ {problem}")
            return False
        score = list(self.scale)[levels.highlighted]
        result = ProgressScore(values["date"], score, values["why"])
        if self.on_submit is not None and not self.on_submit(result):
            error.say("✗ not saved (see the message)")
            return False
        self.dismiss(result)
        return True
