"""The Textual app: screen stack, global keys, command palette; built by :func:`make_app`.

Keys (contract, see docs/app.md): Enter opens, Escape goes back (Backspace too, outside text
fields, for terminals where Escape is slow), ``?`` or F1 shows the keys of the current screen,
``q`` quits where no text field has focus, Ctrl+Q always, Ctrl+P opens the palette where
every action is named "category: action".
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from qitui import textual_compat
from qitui.folders import is_project_dir
from qitui.messages import ScreenRequest
from qitui.safetext import visible
from qitui.stop_trace import error_origin, stop_caller
from qitui.widgets.flow import flow
from qitui.widgets.type_ahead import TypeAhead

if TYPE_CHECKING:
    from textual.content import Content
    from textual.notifications import SeverityLevel

    from qitui.store import ProjectStore

# The store, the dialogs and every screen but Home are imported where they are first used, so
# that the first frame costs little more than a bare Textual app (see docs/performance.md).

#: How often the app looks for files changed on disk by someone else (seconds).
DISK_CHECK_SECONDS = 2.0
#: More unexpected errors than this within ERROR_STORM_SECONDS and the app must stop.
ERROR_STORM = 5
ERROR_STORM_SECONDS = 2.0


def __getattr__(name: str) -> Any:
    if name == "QuitDialog":  # kept importable from here
        from qitui.widgets.dialogs import QuitDialog

        return QuitDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class QituiApp(App[None]):
    CSS_PATH = "qitui.tcss"
    TITLE = "qitui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("q", "quit_key", "Quit (outside text fields)", show=False, id="quit-q"),
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("f1", "help", "Keys", show=False, id="help-f1"),
        Binding("escape", "back", "Back", id="back"),
        Binding("backspace", "back_key", "Back (outside text fields)", show=False, id="back-alt"),
        Binding("ctrl+r", "reload_disk", "Reload from disk", show=False, id="reload-disk"),
    ]

    def __init__(
        self,
        path: Path | str,
        read_only: bool = False,
        today: date | None = None,
        keymap: Path | None = None,
    ):
        super().__init__()
        self.root_path = Path(path)
        self.read_only = read_only
        self._today = today
        self._seen_changes: tuple[Path, ...] = ()
        self.keymap_file = keymap  # the user's keymap.toml (the CLI's; tests: none)
        self._clash_told = False
        #: unexpected errors shown in a panel (the tests read it), and when they came
        self.errors: list[BaseException] = []
        #: errors of widgets and screens that had already gone (see textual_compat)
        self.dropped_errors: list[BaseException] = []
        self._error_times: list[float] = []
        #: where the unsaved text went when the app had to stop
        self.recovery_path: Path | None = None
        #: why the app stopped or is stopping (who asked, or the error), for people and tests
        self.stop_reason: str | None = None
        #: keys held while a flow's dialog is on its way (see qitui.widgets.type_ahead)
        self.type_ahead = TypeAhead(self)
        textual_compat.install()

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        textual_compat.install()  # a screen with a text area: its text shows controls too
        pushed = super().push_screen(*args, **kwargs)
        self.type_ahead.pushed(self.screen_stack[-1] if self.screen_stack else None)
        return pushed

    # ------------------------------------------------------------------ text
    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: titles name projects and measures, so their controls are shown."""
        return super().format_title(visible(title), visible(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Messages quote names and values: always plain text with controls shown,
        never markup (``markup`` is ignored: a screen's ``notify`` passes True by default)."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # ------------------------------------------------------------------ helpers
    def today(self) -> date:
        """Today's date (fixed in tests, so that what is rendered is deterministic)."""
        return self._today or date.today()

    def is_read_only(self, store: ProjectStore | None = None) -> bool:
        return self.read_only or bool(store is not None and store.read_only)

    def open_store(self, folder: Path) -> ProjectStore | None:
        from qitui.store import ProjectStore, StoreError

        try:
            return ProjectStore.open(folder, read_only=self.read_only)
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Cannot open")
            return None

    def text_focused(self) -> bool:
        focused = self.focused
        if isinstance(focused, Input):
            return True
        # TextArea is imported by the screens that use it; if it is not loaded, none has focus
        text_area = textual_compat.text_area_class()
        return text_area is not None and isinstance(focused, text_area)

    def get_default_screen(self) -> Screen[Any]:
        from qitui.screens.home import HomeScreen

        return HomeScreen(self.root_path, quick=True)  # titles in the first frame

    def current_store(self) -> ProjectStore | None:
        return getattr(self.screen, "_store", None)

    def check_disk(self) -> None:
        """Notice files changed on disk (a git pull, an editor, a second qitui)."""
        store = self.current_store()
        if store is None:
            return
        try:
            changed = tuple(store.changed_on_disk())
        except OSError:
            return
        if changed and changed != self._seen_changes:
            from qitui.wording import plural

            names = ", ".join(p.name for p in changed[:3]) + ("…" if len(changed) > 3 else "")
            self.notify(
                f"{plural(len(changed), 'file')} changed on disk: {names}. Ctrl+R reloads "
                f"{'it' if len(changed) == 1 else 'them'}.",
                title="Changed on disk",
                severity="warning",
                timeout=10,
            )
        self._seen_changes = changed

    def action_reload_disk(self) -> None:
        from qitui.screens.base import QituiScreen

        screen = self.screen
        if not isinstance(screen, QituiScreen) or screen._store is None:
            return
        if screen.is_dirty():
            self.notify("Save (Ctrl+S) or undo your edit first, then reload.", severity="warning")
            return
        screen.reload_store()
        self._seen_changes = ()

    async def run_action(
        self, action: Any, default_namespace: Any = None, namespaces: Any = None
    ) -> bool:
        """Every key and palette action: an unexpected error shows a panel, not a crash."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as exc:
            if textual_compat.not_live(default_namespace):
                # a key for a screen that an earlier key of the same burst closed, or opened
                # and it is not built yet
                self.note_dropped_error(exc)
                return True
            if not self.report_error(exc, f"'{action}'"):
                raise
            return True

    # ------------------------------------------------------------------ errors
    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        if self.stop_reason is None:
            self.stop_reason = f"exit({return_code}) from {stop_caller()}"
        super().exit(result, return_code, message)

    def loop_ended(self, error: BaseException | None) -> None:
        """The app's message loop ended and nobody asked it to (see textual_compat): a
        stop like any other, with the unsaved text kept and exit status 1."""
        self.stop_reason = f"the app's loop ended without exit(): {error!r}"
        textual_compat.set_return_code(self, 1)
        self.keep_unsaved(error or RuntimeError(self.stop_reason))

    def report_error(self, error: BaseException, where: str) -> bool:
        """An unexpected error from an action, a handler, a callback, a timer or a worker
        (see :mod:`qitui.textual_compat`): shown in a panel over the screen, whose typed text
        stays (True). When the app cannot go on (not running yet or any more, or errors
        coming in a storm, as from drawing) the unsaved text is written to a recovery file
        and False lets Textual stop the app with exit status 1."""
        from textual.worker import WorkerFailed

        from qitui.widgets.dialogs import ErrorDialog

        if isinstance(error, WorkerFailed) and isinstance(error.error, BaseException):
            error = error.error
        self.errors.append(error)
        now = time.monotonic()
        self._error_times = [t for t in self._error_times if now - t < ERROR_STORM_SECONDS]
        self._error_times.append(now)
        if self.is_running and self.screen_stack and len(self._error_times) <= ERROR_STORM:
            if isinstance(self.screen, ErrorDialog):
                return True  # one panel at a time; the error is kept in self.errors
            try:
                self.push_screen(ErrorDialog(where or error_origin(error), error))
                return True
            except Exception:
                pass
        self.log.error("must stop:", repr(error), "running:", self.is_running)
        self.stop_reason = self.stop_reason or f"must stop after {type(error).__name__}: {error}"
        self.keep_unsaved(error)
        return False

    def note_dropped_error(self, error: BaseException) -> None:
        """An error of a widget or screen that had already gone: kept for the record only."""
        self.dropped_errors.append(error)
        self.log.warning("error in a widget that has gone:", repr(error))

    def keep_unsaved(self, error: BaseException) -> None:
        """The app must stop: write the text typed and not saved to a recovery file."""
        from qitui import recovery
        from qitui.widgets.recovery_view import collect_unsaved

        if self.recovery_path is not None:
            return
        try:
            screens = list(self.screen_stack)
        except Exception:
            screens = []
        entries = collect_unsaved(screens)
        self.recovery_path = recovery.write(
            entries, str(self.root_path), f"{type(error).__name__}: {error}"
        )

    def offer_recovery(self) -> None:
        """Text kept when qitui last had to stop: show it (see widgets/recovery_view.py)."""
        from qitui import recovery

        kept = recovery.pending()
        if kept:
            from qitui.widgets.recovery_view import RecoveryDialog

            self.push_screen(RecoveryDialog(kept))

    def on_ready(self) -> None:
        """The first frame is on screen: now Home reads the projects (in a worker)."""
        from qitui.screens.home import HomeScreen

        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, HomeScreen) and not home.started:
            home.action_reload()
        self.offer_recovery()

    def on_mount(self) -> None:
        self.set_interval(DISK_CHECK_SECONDS, self.check_disk, name="disk-check")
        if self.keymap_file is not None and self.keymap_file.is_file():
            self.load_keymap(self.keymap_file)
        if is_project_dir(self.root_path):
            store = self.open_store(self.root_path)
            if store is not None:
                if store.loaded.problems:  # as Home says when it opens such a project
                    self.notify(
                        "Some files have problems; they are left out and not overwritten.",
                        severity="warning",
                    )
                self.open_project(store)

    def open_project(self, store: ProjectStore) -> None:
        from qitui import controller

        controller.open_project(self, store)

    def open_chart(self, store: ProjectStore, measure_id: str) -> None:
        from qitui import controller

        controller.open_chart(self, store, measure_id)

    @on(ScreenRequest)
    def screen_request(self, request: ScreenRequest) -> None:
        """A screen asks for another screen or a shared flow (see qitui.messages)."""
        from qitui import controller

        request.stop()
        if controller.in_front(self, request.origin):
            controller.handle(request, self)
        else:
            self.log.warning("request from a screen no longer in front:", request)
        self.type_ahead.done(request)  # asked for no dialog (a flow of its own, if any, did)

    async def on_event(self, event: events.Event) -> None:
        """Keys typed while a flow's dialog is on its way are held for it (see
        qitui.widgets.type_ahead)."""
        if isinstance(event, events.Key) and not event.is_forwarded and self.type_ahead.hold(event):
            return
        await super().on_event(event)

    # ------------------------------------------------------------------ keys
    def on_key(self, event: Any) -> None:
        """A key typed for a dialog that was still opening, or on its way from a flow (the
        key had reached the screen first), is the dialog's, not an app or screen key (see
        ``Dialog.take_early_key``, qitui.widgets.type_ahead)."""
        take = getattr(self.screen, "take_early_key", None)
        if self.type_ahead.hold(event) or (callable(take) and take(event)):
            event.prevent_default()
            event.stop()

    def load_keymap(self, path: Path) -> None:
        """Rebind keys from ``path`` (binding id = keys); bad lines are told, not applied."""
        from qitui.keymap import read_keymap

        found = read_keymap(path)
        if found.keys:
            self.set_keymap(found.keys)
        if found.problems:
            shown = "\n".join(found.problems[:5])
            more = f"\n(and {len(found.problems) - 5} more)" if len(found.problems) > 5 else ""
            self.notify(
                f"{shown}{more}\nThe default keys are kept for these.",
                title="Keymap not fully applied",
                severity="error",
                timeout=20,
                markup=False,
            )

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: Any) -> None:
        """A keymap gave one key to two actions of one screen: say so once."""
        if self._clash_told:
            return
        self._clash_told = True
        names = ", ".join(sorted(b.id or b.action for b in clashed_bindings))
        self.notify(
            f"The keymap gives one key to several actions here ({names}); "
            "the first one wins. Check keymap.toml.",
            title="Keymap clash",
            severity="warning",
            timeout=15,
            markup=False,
        )

    def key_display(self, binding: Binding) -> str:
        """The keys of ``binding`` as shown to people, after the user's keymap."""
        keys = textual_compat.app_keymap(self).get(binding.id or "")
        if not keys:
            return self.get_key_display(binding)
        return ", ".join(
            self.get_key_display(dataclasses.replace(binding, key=key)) for key in keys.split(",")
        )

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back", "back_key"):
            base = next((s for s in reversed(self.screen_stack) if not s.is_modal), None)
            if base is not None and base is self.screen_stack[0]:
                return False  # Home (a dialog over it has its own Escape): nowhere to go back
        return not (action in ("quit_key", "back_key") and self.text_focused())

    def dirty_screens(self) -> list[Any]:
        """Screens and dialogs holding typed text that is not saved, top first."""
        return [s for s in reversed(self.screen_stack) if getattr(s, "is_dirty", _no)()]

    async def action_quit(self) -> None:
        from qitui.widgets.dialogs import QuitDialog

        if isinstance(self.screen, QuitDialog):
            self.exit()
            return
        dirty = self.dirty_screens()
        if not dirty:
            self.exit()
            return
        self.ask_before_quitting(dirty)

    @flow
    async def ask_before_quitting(self, dirty: list[Any]) -> None:
        from qitui.widgets.dialogs import QuitDialog

        names = ", ".join(getattr(s, "SCREEN_NAME", "") or "a dialog" for s in dirty)
        choice = await self.push_screen_wait(
            QuitDialog(names + " (Ctrl+Q again quits without saving)")
        )
        if choice == "save":
            for screen in dirty:  # a dialog first: its save writes before the screen's
                if not screen.save_form():
                    return
            self.exit()
        elif choice == "discard":
            self.exit()

    async def action_quit_key(self) -> None:
        if not self.text_focused():
            await self.action_quit()

    async def action_back(self) -> None:
        from qitui.screens.base import QituiScreen

        if isinstance(self.screen, QituiScreen):
            self.screen.request_back()
        elif len(self.screen_stack) > 1 and not self.screen.is_modal:  # the chart screen
            self.pop_screen()

    async def action_back_key(self) -> None:
        if not self.text_focused():
            await self.action_back()

    def action_help(self) -> None:
        from qitui.palette import help_rows
        from qitui.widgets.dialogs import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        title = getattr(screen, "SCREEN_NAME", "") or screen_name(screen)
        about = getattr(screen, "ABOUT", "")
        self.push_screen(HelpScreen(title, help_rows(self, screen), about))

    # ------------------------------------------------------------------ palette
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The screen's own actions (its bindings with an id), then where to go, then the
        app's; each title once (the Overview's keys are "Go:" entries themselves)."""
        from qitui.palette import palette_commands

        titles: set[str] = set()
        for command in palette_commands(self, screen):
            if command.title not in titles:
                titles.add(command.title)
                yield command

    def go_home(self) -> None:
        if self.dirty_screens():
            self.notify("Save (Ctrl+S) or leave (Escape) this screen first.", severity="warning")
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()


def _no() -> bool:
    return False


def screen_name(screen: Screen[Any]) -> str:
    """A screen's name for people, from its class: PointEditor -> "Point editor"."""
    name = re.sub(r"(Screen|Dialog)$", "", type(screen).__name__) or type(screen).__name__
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", name)
    return " ".join(words).capitalize() if words else name


def make_app(
    path: Path | str,
    read_only: bool = False,
    today: date | None = None,
    keymap: Path | None = None,
) -> QituiApp:
    """The app on a folder of projects (Home) or on one project (its overview); ``keymap``:
    a keymap.toml to rebind keys (the CLI passes the user's, see qitui.keymap)."""
    return QituiApp(path, read_only=read_only, today=today, keymap=keymap)
