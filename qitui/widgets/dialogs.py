"""Modal dialogs: confirm, choice, pick, unsaved changes, conflict, error, help (the small
form is :mod:`qitui.widgets.prompt`).

Every dialog is a ``ModalScreen[T]`` that answers by ``dismiss(value)``; ``None`` means
cancelled. Callers await the answer in a worker (``await app.push_screen_wait(dialog)``).
Escape cancels, Enter confirms, and Ctrl+Q still reaches the app's quit. A dialog holding
typed text that is not saved (:meth:`Dialog.is_dirty`) asks before Escape or Ctrl+Q throws
it away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from qitui import textual_compat
from qitui.safetext import text as safe_text
from qitui.widgets.flow import flow

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """Base of all dialogs: Escape cancels (asking first if typed text would be lost),
    Ctrl+Q quits (the app asks about unsaved text, dialogs included)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True, show=False, id="dialog-quit"),
    ]

    def is_dirty(self) -> bool:
        """True while the dialog holds typed text that is not saved."""
        return False

    def save_form(self) -> bool:
        """Confirm the dialog as Enter or Ctrl+S would; True if it answered."""
        return False

    def cancelled(self) -> Any:
        """The answer when the dialog is cancelled."""
        return None

    #: a dialog with text fields: characters typed while it opens are kept for its field
    TAKES_TEXT = False
    #: how many refreshes to wait, at most, for the dialog's first field to have the focus
    SETTLE_TRIES = 5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._early_keys: list[tuple[str, str | None]] = []
        self._settled = False
        self._settle_tries = 0
        self._cancel_early = False

    def on_mount(self) -> None:
        self.call_after_refresh(self._settle)

    def take_early_key(self, event: events.Key) -> bool:
        """A character typed straight after the key that opened this dialog, faster than the
        dialog was built: it went to the screen below and came back to the app unused. It is
        kept (True) and given to the field that has the focus once the dialog is ready, so
        that "n" and a title typed at once loses nothing. Only dialogs with text fields keep
        keys, and only until they are ready: a question's y/n is never answered early."""
        if not self.TAKES_TEXT or self._settled:
            return False
        if not (event.is_printable and event.character) and not self._early_keys:
            return False  # an Enter or Escape typed before any text: the dialog's at once
        self._early_keys.append((event.key, event.character))  # after text: kept in order
        return True

    def take_held_keys(self, keys: list[tuple[str, str | None]]) -> None:
        """Keys typed while a flow was opening this dialog (see :mod:`qitui.widgets.type_ahead`):
        typed into its first field once it is ready, before any typed since. A question
        (no text field) drops them, its y/n is never answered early; an Escape among them
        still cancels it once it is up."""
        if self.TAKES_TEXT and not self._settled:
            self._early_keys[:0] = keys
            return
        self._cancel_early = any(key == "escape" for key, _character in keys)
        if keys and not self._cancel_early:
            self.app.bell()

    def _settle(self) -> None:
        focused = self.focused
        if not _takes_text(focused) and self._settle_tries < self.SETTLE_TRIES:
            self._settle_tries += 1  # the first field's focus() is still on its way
            self.call_after_refresh(self._settle)
            return
        self._settled = True
        keys, self._early_keys = self._early_keys, []
        if focused is not None and _takes_text(focused):
            for key, character in keys:
                focused.post_message(events.Key(key, character))
        elif self._cancel_early or any(key == "escape" for key, _character in keys):
            self.action_cancel()  # Escape typed while it opened: no field to type into

    def action_cancel(self) -> None:
        if self.is_dirty():
            self.ask_before_discarding()
        else:
            self.dismiss(self.cancelled())

    @flow
    async def ask_before_discarding(self) -> None:
        choice = await self.app.push_screen_wait(UnsavedDialog("this dialog"))
        if choice == "save":
            if self.save_form():  # Escape asked to close: saved, it closes (if still open)
                self.dismiss(self.cancelled())
        elif choice == "discard":
            self.dismiss(self.cancelled())


def _takes_text(widget: Any) -> bool:
    """True for a one-line or multi-line text field that can be typed into."""
    from textual.widgets import Input

    if isinstance(widget, Input):
        return not widget.disabled
    text_area = textual_compat.text_area_class()  # loaded where it is used
    return (
        text_area is not None
        and isinstance(widget, text_area)
        and not widget.read_only
        and not widget.disabled
    )


class ConfirmDialog(Dialog[bool | None]):
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


class ChoiceDialog(Dialog[str | None]):
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


class PickDialog(Dialog[str | None]):
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


class HelpScreen(Dialog[None]):
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
