"""What every qitui screen shares: the project store, safe saving, dirty forms, going back.

Saving goes through :meth:`QituiScreen.commit`: it applies a change to the model, writes it
through the store and, if the write fails, puts the model back as it was, so that what the
screen shows never claims a save that did not happen. A file changed on disk by someone else
asks "reload / keep mine / cancel"; read-only and other store errors are shown, never raised.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from qitui.textual_compat import Header

if TYPE_CHECKING:  # the store and the dialogs are imported when used: Home starts without them
    from qitui import model as m
    from qitui.app import QituiApp
    from qitui.store import ProjectStore

#: The fields of a Project that live in project.toml (what save_project writes).
PROJECT_FILE_FIELDS = (
    "title",
    "status",
    "start",
    "description",
    "team",
    "aim",
    "aim_history",
    "scores",
    "scale",
    "drivers",
    "change_ideas",
)

Restore = Callable[[], None]


class QituiScreen(Screen[Any]):
    """Base screen. ``CATEGORY`` names its actions in the command palette ("Measures: add")."""

    CATEGORY = "Go"
    SCREEN_NAME = ""
    ABOUT = ""  # one line shown at the top of the keys help

    def __init__(self, store: ProjectStore | None = None) -> None:
        super().__init__()
        self._store = store

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
        yield Footer()

    def on_mount(self) -> None:
        self.update_titles()

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
            from qitui.widgets.dialogs import UnsavedDialog

            def answer(choice: str | None) -> None:
                if choice == "save" and self.save_form() or choice == "discard":
                    if choice == "discard":
                        self.discard_form()
                    self.leave()

            self.app.push_screen(UnsavedDialog(self.SCREEN_NAME or "this screen"), answer)
        else:
            self.leave()

    def leave(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.dismiss(None)

    # ------------------------------------------------------------------ saving
    def commit(
        self,
        mutate: Callable[[], None],
        save: Callable[[bool], Any],
        backup: Callable[[], Restore] | None = None,
        on_done: Callable[[], None] | None = None,
        force: bool = False,
    ) -> bool:
        """Apply ``mutate`` to the model and ``save(force)`` it; undo the change on failure."""
        from qitui.store import ConflictError, ReadOnlyError, StoreError
        from qitui.widgets.dialogs import ConflictDialog

        restore = backup() if backup is not None else (lambda: None)
        try:
            mutate()
            save(force)
        except ConflictError as exc:
            restore()
            conflict = exc

            def answer(choice: str | None) -> None:
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

            self.app.push_screen(ConflictDialog(conflict.path), answer)
            return False
        except ReadOnlyError:
            restore()
            self.notify("Read-only: nothing was saved.", severity="error", title="Not saved")
            return False
        except StoreError as exc:
            restore()
            self.notify(str(exc), severity="error", title="Not saved")
            return False
        except Exception as exc:  # never crash on a save: keep the typed text
            restore()
            self.notify(f"{type(exc).__name__}: {exc}", severity="error", title="Not saved")
            return False
        self.refresh_view()
        if on_done is not None:
            on_done()
        return True

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

    def backup_project(self) -> Restore:
        project = self.project
        saved = {f: copy.deepcopy(getattr(project, f)) for f in PROJECT_FILE_FIELDS}

        def restore() -> None:
            for key, value in saved.items():
                setattr(project, key, value)

        return restore

    def backup_item(self, item: Any, items: list[Any]) -> Callable[[], Restore]:
        """A backup factory for a measure/cycle/note that may not be in ``items`` yet."""

        def make() -> Restore:
            saved = copy.deepcopy(item.__dict__)
            was_in = any(x is item for x in items)

            def restore() -> None:
                item.__dict__.update(saved)
                if not was_in:
                    items[:] = [x for x in items if x is not item]

            return restore

        return make

    def save_project(
        self, mutate: Callable[[], None], on_done: Callable[[], None] | None = None
    ) -> bool:
        return self.commit(
            mutate, lambda force: self.store.save_project(force), self.backup_project, on_done
        )

    def save_measure(
        self,
        measure: m.Measure,
        mutate: Callable[[], None],
        on_done: Callable[[], None] | None = None,
    ) -> bool:
        return self.commit(
            mutate,
            lambda force: self.store.save_measure(measure, force),
            self.backup_item(measure, self.project.measures),
            on_done,
        )

    def save_cycle(
        self,
        cycle: m.Cycle,
        mutate: Callable[[], None],
        on_done: Callable[[], None] | None = None,
    ) -> bool:
        return self.commit(
            mutate,
            lambda force: self.store.save_cycle(cycle, force),
            self.backup_item(cycle, self.project.cycles),
            on_done,
        )

    def save_note(
        self, note: m.Note, mutate: Callable[[], None], on_done: Callable[[], None] | None = None
    ) -> bool:
        return self.commit(
            mutate,
            lambda force: self.store.save_note(note, force),
            self.backup_item(note, self.project.notes),
            on_done,
        )


def noop() -> None:
    """A mutation that changes nothing (for deletes)."""
