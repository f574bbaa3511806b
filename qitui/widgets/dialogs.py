"""Modal dialogs: confirm, prompt (a small form), choice, unsaved changes, conflict, help.

Every dialog answers by ``dismiss(value)``; ``None`` means cancelled. Escape cancels, Enter
confirms, and Ctrl+Q still reaches the app's quit (which asks about unsaved edits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from qitui.safetext import text as safe_text
from qitui.widgets.forms import (
    DateValidator,
    MessageLine,
    NumberValidator,
    TextInput,
    Tick,
    parse_date,
    parse_number,
)


class Dialog(ModalScreen[Any]):
    """Base of all dialogs: Escape cancels, Ctrl+Q quits."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True, show=False, id="dialog-quit"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """A yes/no question; answers True or None."""

    BINDINGS = [
        Binding("y", "confirm", "Yes", id="confirm-yes"),
        Binding("n", "cancel", "No", id="confirm-no"),
    ]

    def __init__(self, message: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe_text(self.message, multiline=True), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True if event.button.id == "yes" else None)


class ChoiceDialog(Dialog):
    """Pick one of several answers with keys (each option may name a key)."""

    def __init__(
        self, message: str, choices: Sequence[tuple[str, str, str]], default: str | None = None
    ) -> None:
        """``choices`` are (key, label, value)."""
        super().__init__()
        self.message = message
        self.choices = list(choices)
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe_text(self.message, multiline=True), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for key, label, value in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}")

    def on_mount(self) -> None:
        if self.default:
            self.query_one(f"#choice-{self.default}", Button).focus()

    def on_key(self, event: Any) -> None:
        for key, _label, value in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))


class UnsavedDialog(ChoiceDialog):
    """Answers "save", "discard" or None (cancel: stay and keep editing)."""

    def __init__(self, what: str = "this screen") -> None:
        super().__init__(
            f"Unsaved changes on {what}.\nSave them, discard them, or go back to editing?",
            [("s", "Save", "save"), ("d", "Discard", "discard"), ("c", "Cancel", "cancel")],
            default="save",
        )

    def dismiss(self, result: Any = None) -> Any:
        return super().dismiss(None if result == "cancel" else result)


class ErrorDialog(ChoiceDialog):
    """An unexpected error, shown instead of crashing; the screen below keeps its text."""

    def __init__(self, where: str, error: BaseException) -> None:
        import traceback

        frames = traceback.extract_tb(error.__traceback__)[-3:]
        trail = "\n".join(
            f"  {f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in frames
        )
        super().__init__(
            f"Something went wrong in {where}:\n{type(error).__name__}: {error}\n{trail}\n\n"
            "Nothing was written half-way, and your unsaved text is still on the screen "
            "behind this message. Please report this with the lines above.",
            [("o", "OK", "ok")],
            default="ok",
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe_text(self.message, multiline=True), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (o)", id="choice-ok")


class QuitDialog(UnsavedDialog):
    """Asked when quitting with unsaved edits (a second Ctrl+Q quits anyway)."""


class ConflictDialog(ChoiceDialog):
    """A file changed on disk: answers "reload", "keep" (keep mine as a copy) or None."""

    def __init__(self, path: Any) -> None:
        super().__init__(
            f"{path}\nchanged on disk since it was opened (someone else saved it).\n"
            "Reload theirs (your edit here is dropped), keep yours as a copy beside it "
            "(<file>.mine, theirs stays) and reload, or cancel (your text stays in the form).",
            [("r", "Reload", "reload"), ("k", "Keep mine", "keep"), ("c", "Cancel", "cancel")],
            default="cancel",
        )

    def dismiss(self, result: Any = None) -> Any:
        return super().dismiss(None if result == "cancel" else result)


@dataclass
class Field:
    """One field of a :class:`PromptDialog`."""

    name: str
    label: str
    value: Any = ""
    kind: str = "text"  # text | date | number | int | select | area | check
    required: bool = False
    options: Sequence[tuple[str, Any]] = field(default_factory=list)
    placeholder: str = ""
    check: Callable[[Any], str | None] | None = None  # extra check on the parsed value


class PromptDialog(Dialog):
    """A small form; answers a dict of parsed values, or None. Enter (or Ctrl+S) confirms;
    nothing is accepted while a field is invalid, and the message names the field."""

    BINDINGS = [Binding("ctrl+s", "confirm", "Save", id="prompt-save")]

    def __init__(self, title: str, fields: Sequence[Field], confirm: str = "OK") -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-form"):
            yield Static(safe_text(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                for f in self.fields:
                    yield Label(
                        safe_text(f.label + (" *" if f.required else "")), classes="prompt-label"
                    )
                    yield self._widget(f)
            yield MessageLine(id="prompt-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm} (Enter)", id="ok", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def _widget(self, f: Field) -> Any:
        wid = f"f-{f.name}"
        if f.kind == "select":
            return Select(
                [(safe_text(label), value) for label, value in f.options],
                value=f.value if f.value in [v for _, v in f.options] else Select.NULL,
                allow_blank=not f.required,
                id=wid,
                compact=True,
            )
        if f.kind == "area":
            return TextArea(str(f.value or ""), id=wid, classes="prompt-area")
        if f.kind == "check":
            return Tick(f.label, bool(f.value), id=wid)
        validators = []
        if f.kind == "date":
            validators = [DateValidator(f.required)]
        elif f.kind in ("number", "int"):
            validators = [NumberValidator(f.required, integer=f.kind == "int")]
        return TextInput(
            str(f.value) if f.value is not None else "",
            placeholder=f.placeholder,
            validators=validators,
            id=wid,
            compact=True,
        )

    def on_mount(self) -> None:
        first = self.query(".dialog-fields > *").exclude(".prompt-label").first()
        first.focus()

    def values(self) -> tuple[dict[str, Any], str | None]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            error: str | None = None
            value: Any
            if isinstance(widget, Select):
                value = None if widget.value is Select.NULL else widget.value
                if f.required and value is None:
                    error = "choose one"
            elif isinstance(widget, TextArea):
                value = widget.text.strip()
                if f.required and not value:
                    error = "cannot be empty"
            elif isinstance(widget, Checkbox):
                value = widget.value
            else:
                assert isinstance(widget, Input)
                text = widget.value
                if f.kind == "date":
                    value, error = parse_date(text, f.required)
                elif f.kind in ("number", "int"):
                    value, error = parse_number(text, f.required, integer=f.kind == "int")
                else:
                    value = text.strip()
                    if f.required and not value:
                        error = "cannot be empty"
            if error is None and f.check is not None:
                error = f.check(value)
            if error:
                return out, f"{f.label}: {error}"
            out[f.name] = value
        return out, None

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def changed(self) -> None:
        _, error = self.values()
        self.query_one("#prompt-error", MessageLine).say(f"✗ {error}" if error else "")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        values, error = self.values()
        if error:
            self.query_one("#prompt-error", MessageLine).say(f"✗ {error}")
            self.app.bell()
            return
        self.dismiss(values)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_confirm()
        else:
            self.dismiss(None)


class PickDialog(Dialog):
    """Pick one item from a list (Enter); answers its value or None."""

    def __init__(
        self, title: str, items: Sequence[tuple[str, str]], current: str | None = None
    ) -> None:
        """``items`` are (label, value)."""
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-pick"):
            yield Static(safe_text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(safe_text(label), id=value) for label, value in self.items])
            yield Static("Enter choose · Esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current is not None:
            for i, (_, value) in enumerate(self.items):
                if value == self.current:
                    options.highlighted = i

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class HelpScreen(Dialog):
    """The keys of the screen underneath: key, what it does."""

    BINDINGS = [
        Binding("question_mark", "cancel", "Close", id="help-close"),
        Binding("q", "cancel", "Close", show=False, id="help-close-q"),
        Binding("enter", "cancel", "Close", show=False, id="help-close-enter"),
    ]

    def __init__(self, title: str, rows: Sequence[tuple[str, str]], about: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)
        self.about = about

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.rows), default=4) + 2
        lines = [f"{key:<{width}}{desc}" for key, desc in self.rows]
        with Vertical(classes="dialog dialog-help"):
            yield Static(safe_text(f"Keys — {self.title_text}"), classes="dialog-title")
            if self.about:
                yield Static(self.about, classes="help-about")
            with VerticalScroll(id="help-body"):
                yield Static("\n".join(lines), id="help-keys", markup=False)
            yield Static(
                "Esc, ? or Enter closes · Ctrl+P lists every action", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
