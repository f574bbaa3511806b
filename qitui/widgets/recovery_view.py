"""Unsaved text at a stop, and showing it again at the next start.

:func:`collect_unsaved` gathers what a person typed and did not save: every non-empty text
field of a screen that holds an unsaved edit (``is_dirty()``) and of every open dialog.
:class:`RecoveryDialog` shows what earlier stops kept, as plain text the user can select
and copy back (``Ctrl+C`` in the text copies the selection), and deletes it when asked.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static, TextArea

from qitui.recovery import Entry, Recovery
from qitui.safetext import one_line


def _label_of(widget: Any) -> str:
    """The field's label (the Label beside it in a form row), else its id."""
    parent = widget.parent
    if parent is not None:
        for child in parent.children:
            if isinstance(child, Label):
                return one_line(str(child.render())).strip() or str(widget.id)
    return str(widget.id or type(widget).__name__)


def _holds_edit(screen: Screen[Any]) -> bool:
    if isinstance(screen, ModalScreen):
        return True  # an open dialog: what is typed in it is not saved yet
    is_dirty = getattr(screen, "is_dirty", None)
    if is_dirty is None:
        return False
    try:
        return bool(is_dirty())
    except Exception:  # the screen is broken: keep its text rather than guess
        return True


def collect_unsaved(screens: list[Screen[Any]]) -> list[Entry]:
    """The text typed and not saved in ``screens`` (the app's screen stack). Never raises."""
    entries: list[Entry] = []
    for screen in screens:
        try:
            if not _holds_edit(screen):
                continue
            name = str(getattr(screen, "SCREEN_NAME", "") or type(screen).__name__)
            for widget in screen.query("Input, TextArea"):
                if isinstance(widget, Input) and not widget.password:
                    text = widget.value
                elif isinstance(widget, TextArea) and not widget.read_only:
                    text = widget.text
                else:
                    continue
                if text.strip():
                    entries.append(Entry(name, _label_of(widget), text))
        except Exception:
            continue
    return entries


class RecoveryDialog(ModalScreen[None]):
    """Text kept when qitui had to stop: shown literally, deleted only when asked."""

    DEFAULT_CSS = "RecoveryDialog { align: center middle; }"
    BINDINGS = [
        Binding("escape", "keep", "Keep for later", id="recovery-keep"),
        Binding("ctrl+d", "delete", "Delete it", priority=True, id="recovery-delete"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True, show=False, id="recovery-quit"),
    ]

    def __init__(self, recoveries: list[Recovery]) -> None:
        super().__init__()
        self.recoveries = recoveries

    def compose(self) -> ComposeResult:
        text = "\n".join(r.as_text() for r in self.recoveries)
        with Vertical(classes="dialog", id="recovery"):
            yield Static(
                "qitui stopped last time with text that was not saved. Here it is: select it "
                "(shift+arrows) and copy it (Ctrl+C) back where it belongs.",
                classes="dialog-title",
                markup=False,
            )
            yield TextArea(text, read_only=True, id="recovery-text", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep for later (Esc)", id="recovery-keep")
                yield Button("Delete it (Ctrl+D)", id="recovery-delete", variant="error")

    def on_mount(self) -> None:
        # taller than the app's dialogs: the text is what this dialog is for
        self.query_one("#recovery").styles.height = 22
        text = self.query_one("#recovery-text", TextArea)
        text.styles.height = "1fr"
        text.styles.max_height = None
        text.focus()

    def action_keep(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        from qitui.recovery import discard

        discard(self.recoveries)
        self.notify("The recovered text is deleted.")
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "recovery-delete":
            self.action_delete()
        else:
            self.action_keep()
