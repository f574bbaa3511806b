"""What every qitui screen shares: the project store, saving, dirty forms, going back.

An edit is one call into the store (:meth:`QituiScreen.apply_edit` →
:meth:`qitui.store.ProjectStore.edit`): the store applies it, writes it atomically and puts
the model back if the write fails, so that what the screen shows never claims a save that
did not happen. The screen only shows the outcome: a file changed on disk by someone else
asks "reload / keep mine / cancel"; read-only and other store errors are shown, never raised.
Dialogs are awaited in flows (:func:`qitui.widgets.flow.flow`), not chained callbacks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen

from qitui import textual_compat
from qitui.textual_compat import Header
from qitui.widgets.flow import flow
from qitui.widgets.type_ahead import expect_dialog

if TYPE_CHECKING:  # the store and the dialogs are imported when used: Home starts without them
    from textual.message import Message

    from qitui import model as m
    from qitui.app import QituiApp
    from qitui.store import ConflictError, ProjectStore

Item = Any  # a measure, cycle or note; None for project.toml


class QituiScreen(Screen[Any]):
    """Base screen. ``CATEGORY`` names its actions in the command palette ("Measures: add")."""

    CATEGORY = "Go"
    SCREEN_NAME = ""
    ABOUT = ""  # one line shown at the top of the keys help
    #: actions that write: in read-only no key, footer entry or palette entry offers them
    EDIT_ACTIONS: frozenset[str] = frozenset()
    #: palette entries (from :meth:`palette_commands`) that write, left out in read-only
    EDIT_COMMANDS: frozenset[str] = frozenset()

    #: how many times the screen has shown its model (``refresh_view``, counted)
    _views = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        view = cls.__dict__.get("refresh_view")
        if view is not None:  # counted, for on_screen_resume

            @functools.wraps(view)
            def refresh_view(self: QituiScreen, *args: Any, **kw: Any) -> Any:
                self._views += 1
                return view(self, *args, **kw)

            cls.refresh_view = refresh_view  # type: ignore[method-assign]

    def __init__(self, store: ProjectStore | None = None) -> None:
        super().__init__()
        self._store = store

    def post_message(self, message: Message) -> bool:
        """A request for a flow's dialog: keys typed from now on are held for the dialog
        (see :mod:`qitui.widgets.type_ahead`)."""
        if getattr(message, "OPENS_DIALOG", False):
            expect_dialog(self, message)
        return super().post_message(message)

    # ------------------------------------------------------------------ basics
    @property
    def qapp(self) -> QituiApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> ProjectStore:
        assert self._store is not None
        return self._store

    @property
    def project(self) -> m.Project:
        return self.store.project

    def compose_header(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")  # qitui.textual_compat.Header

    def compose_footer(self) -> ComposeResult:
        from qitui.widgets.footer import FitFooter

        yield FitFooter()

    def on_mount(self) -> None:
        self.update_titles()
        if self.read_only():
            self.call_after_refresh(self.lock_fields)

    def read_only(self) -> bool:
        return self.qapp.is_read_only(self._store)

    def lock_fields(self) -> None:
        """Read-only: the fields show their text but cannot be typed into (see :func:`lock`)."""
        lock(self.query("TextArea, Input, Select, Button"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.EDIT_ACTIONS and self.read_only())

    def update_titles(self) -> None:
        parts = []
        if self._store is not None:
            parts.append(self.project.title)
        if self.SCREEN_NAME:
            parts.append(self.SCREEN_NAME)
        if self.qapp.is_read_only(self._store):
            parts.append("read-only")
        self.sub_title = " · ".join(parts)

    def on_screen_resume(self) -> None:
        """Coming back: show the model again. Not when the screen first comes to the front
        right after ``on_mount`` showed it (its model, analysis included, was worked out
        twice); a screen whose ``on_mount`` did not (its item is gone) still shows it here."""
        if self.stack_updates == 0 and self._views:  # Textual counts it just after this
            return
        self.refresh_view()

    def refresh_view(self) -> None:
        """Show the model again (after a save elsewhere, or a reload)."""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """Extra (title, help, callback) entries for the command palette."""
        return []

    # ------------------------------------------------------------------ forms
    def is_dirty(self) -> bool:
        """True while the screen holds an edit that is not saved."""
        return False

    def save_form(self) -> bool:
        """Save the pending edit; True if it was saved (or nothing was pending)."""
        return True

    def discard_form(self) -> None:
        """Forget the pending edit."""

    def request_back(self) -> None:
        """Escape: leave, asking first if an edit is not saved."""
        if self.is_dirty():
            self.ask_before_leaving()
        else:
            self.leave()

    @flow
    async def ask_before_leaving(self) -> None:
        from qitui.widgets.dialogs import UnsavedDialog

        choice = await self.app.push_screen_wait(UnsavedDialog(self.SCREEN_NAME or "this screen"))
        if choice == "save" and self.save_form():
            self.leave()
        elif choice == "discard":
            self.discard_form()
            self.leave()

    def leave(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.dismiss(None)

    # ------------------------------------------------------------------ saving
    def apply_edit(
        self,
        item: Item,
        mutate: Callable[[], object] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> bool:
        """One edit through the store (``item`` None: project.toml); True if it was written.
        On failure the model is as before and the screen says why."""
        return self._store_call(lambda: self.store.edit(item, mutate), on_done)

    def remove_item(self, item: Item) -> bool:
        """Delete a measure, cycle or note (its file) through the store."""
        return self._store_call(lambda: self.store.remove(item))

    def _store_call(
        self, call: Callable[[], object], on_done: Callable[[], None] | None = None
    ) -> bool:
        from qitui.store import ConflictError, ReadOnlyError, StoreError

        try:
            call()
        except ConflictError as exc:
            self.resolve_conflict(exc)
            return False
        except ReadOnlyError:
            self.notify("Read-only: nothing was saved.", severity="error", title="Not saved")
            return False
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Not saved")
            return False
        except Exception as exc:  # never crash on a save: keep the typed text
            self.notify(f"{type(exc).__name__}: {exc}", severity="error", title="Not saved")
            return False
        if not textual_compat.not_live(self):  # saved through a dialog whose screen has gone
            self.refresh_view()
        if on_done is not None:
            on_done()
        return True

    def gone_message(self, what: str, path: Any) -> str:
        """Why the item this screen shows is no longer in the project: its file has a
        problem on disk (say which), or it was deleted."""
        found = [p for p in self.store.loaded.problems if p.path == path]
        if found:
            first = found[0]
            return (
                f"{path.name}:{first.line}: {first.message}. The {what} is left out, and its "
                "file never overwritten, until this is fixed (then Ctrl+R)."
            )
        return f"This {what} is gone (deleted or reloaded)."

    @flow
    async def resolve_conflict(self, conflict: ConflictError) -> None:
        """Theirs changed on disk: reload theirs, keep mine as a copy beside it, or cancel."""
        from qitui.store import StoreError
        from qitui.widgets.dialogs import ConflictDialog

        choice = await self.app.push_screen_wait(ConflictDialog(conflict.path))
        if choice == "keep" and conflict.text is not None:
            try:
                copy = self.store.write_copy(conflict.path, conflict.text)
            except (StoreError, OSError) as err:
                self.notify(str(err), severity="error", title="Not saved")
                return
            self.notify(
                f"Your version is kept in {copy.name}; showing theirs.",
                title="Kept as a copy",
                timeout=8,
            )
            self.reload_store()
        elif choice == "reload":
            self.reload_store()

    def reload_store(self) -> None:
        from qitui.store import StoreError

        try:
            self.store.reload()
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Reload failed")
            return
        self.discard_form()
        self.notify("Reloaded from disk.")
        self.refresh_view()

    def save_project(
        self, mutate: Callable[[], object], on_done: Callable[[], None] | None = None
    ) -> bool:
        return self.apply_edit(None, mutate, on_done)

    def save_measure(
        self,
        measure: m.Measure,
        mutate: Callable[[], object] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> bool:
        return self.apply_edit(measure, mutate, on_done)

    def save_cycle(
        self,
        cycle: m.Cycle,
        mutate: Callable[[], object] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> bool:
        return self.apply_edit(cycle, mutate, on_done)

    def save_note(
        self,
        note: m.Note,
        mutate: Callable[[], object] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> bool:
        return self.apply_edit(note, mutate, on_done)


def lock(widgets: Iterable[Any]) -> None:
    """Read-only: these fields show their text but cannot be typed into (a TextArea stays
    focusable to scroll and copy; inputs, selects and buttons are disabled). Also for fields
    made after the screen's mount (mounted or not yet)."""
    from textual.widgets import Button, Input, Select, TextArea

    for widget in widgets:
        if isinstance(widget, TextArea):
            widget.read_only = True
        elif isinstance(widget, Input | Select | Button):
            widget.disabled = True


def noop() -> None:
    """A mutation that changes nothing (a new item's first save)."""
