"""Home: the portfolio. Every project in the folder, one row each, with its progress-score
history and its open signals; broken projects are listed with their errors.

The app's Home (``quick=True``) shows the first screenful of rows in its first frame, their
titles read fast from each project.toml (:mod:`qitui.quicklist`), the other rows just after
it; then the projects are read by a thread worker (:meth:`load`), in two passes posted to the
screen in batches: first every project.toml (title, aim, scores:
every project is listed quickly), then each project in full with the analysis of its
measures (cycles under way, last entry, signals), as :mod:`qitui.portfolio` summaries; for
many projects those are read by worker processes, started as the listing begins. ``r`` and
:meth:`refresh_view` take the same path; :attr:`HomeScreen.loaded_event` is set when a load
has been shown (for tests).

The rows, their order and the words come from the view model
(:class:`qitui.home_model.HomeModel`: no Textual, tested without the pilot) and are drawn by
:class:`qitui.widgets.project_table.ProjectTable`, which keeps what it shows; the batches
come from :func:`qitui.portfolio.load_batches`. The store and the analysis engine are
imported by the worker, not before the first frame.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from qitui.folders import discover, is_project_dir
from qitui.home_model import HISTORY, PENDING, HomeModel, collaborative_of, is_quick, sparkline
from qitui.quicklist import quick_list
from qitui.screens.base import QituiScreen
from qitui.widgets.project_table import ProjectTable, preview_text
from qitui.widgets.text import show_text

if TYPE_CHECKING:
    from textual.timer import Timer

    from qitui.portfolio import Summary as Entry

__all__ = ["HISTORY", "PENDING", "HomeScreen", "sparkline"]  # tests and benches use these
#: up to this many projects the filter narrows the rows on each key; above, once typing
#: pauses for FILTER_PAUSE seconds (rebuilding hundreds of rows takes Textual's table
#: 30–100 ms, which would hold up the next key; the key itself is shown at once)
FILTER_AT_ONCE = 200
FILTER_PAUSE = 0.15
#: up to this many project folders, the first frame shows titles (read fast: about 20 µs a
#: folder); more, and it shows "listing…" until the worker's first batch
QUICK_MAX = 5000


def _model_attr(name: str) -> property:
    """An attribute of the screen's view model, as an attribute of the screen."""
    return property(
        lambda self: getattr(self.model, name), lambda self, value: setattr(self.model, name, value)
    )


class HomeScreen(QituiScreen):
    CATEGORY = "Project"
    SCREEN_NAME = "Home"
    ABOUT = (
        "Every project in the folder. Enter opens one; n starts a new one; "
        "s sorts (or groups by collaborative); / filters by title or collaborative; "
        "v shows what changed since your last review; c a collaborative's progress."
    )
    BINDINGS = [
        Binding("enter", "open", "Open", id="home-open"),
        Binding("n", "new_project", "New project", id="home-new"),
        Binding(
            "s", "sort", "Sort", id="home-sort", tooltip="Sort by title, score, signals, last entry"
        ),
        # priority: handled before the keys typed after it are passed on, so they land in the field
        Binding(
            "slash",
            "filter",
            "Filter",
            id="home-filter",
            tooltip="Narrow the rows by title",
            priority=True,
        ),
        Binding("r", "reload", "Reload", id="home-reload", show=False),
        Binding(
            "v",
            "review",
            "Review",
            id="home-review",
            show=False,
            tooltip="What changed in each project since your last review",
        ),
        Binding(
            "c",
            "collaborative",
            "Collaborative",
            id="home-collaborative",
            show=False,
            tooltip="A collaborative's progress: scores by month, verdicts, milestones",
        ),
        # Escape clears an open filter; otherwise Home has nothing to go back to
        Binding("escape", "clear_filter", "Clear filter", id="home-clear-filter"),
    ]

    class Loaded(Message):
        """Rows from the loading worker (posted from its thread)."""

        def __init__(
            self,
            entries: list[Entry],
            done: int,
            total: int,
            stage: str,
            keys: list[str] | None = None,
        ) -> None:
            super().__init__()
            self.entries = entries
            self.done = done
            self.total = total
            self.stage = stage  # "list" (project.toml), "read" (in full) or "done"
            self.keys = keys  # every project folder, on the first message of a load

    def __init__(self, root: Path, quick: bool = False) -> None:
        """``quick``: show the first screenful of titles in the first frame (the app's Home;
        otherwise the rows come with the first load)."""
        super().__init__(None)
        self.root = Path(root)
        self.quick = quick
        self.model = HomeModel(self.root)  # the rows and the words: no Textual in it
        self._filter_timer: Timer | None = None  # a filter waiting for a pause in typing
        self._table: ProjectTable | None = None  # mounted when the first load starts
        self._detail: Static | None = None
        self._moved = False  # the person moved the cursor (else it stays on the first row)
        self.loaded_event = asyncio.Event()
        self.started = False  # a load has been asked for

    # the view model's state, read (and set) on the screen too
    sort_by = _model_attr("sort_by")
    filter_text = _model_attr("filter_text")
    progress = _model_attr("progress")

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="home-where", classes="screen-intro", markup=False)
        # The table and the detail box are mounted when the first load starts, just after
        # the first frame (which shows the title, "listing…" and the keys), and the filter
        # field by the first /: each costs milliseconds to style that the frame need not wait
        # for (docs/performance.md).
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        if self.quick:
            self.quick_rows()
        self.show_where()
        # the projects are read once the first frame is on screen (QituiApp.on_ready)

    def quick_rows(self) -> None:
        """Before the first frame: every project's title, read fast, and the first screenful
        of them in the table (the rest are added just after that frame)."""
        try:
            folders = discover(self.root)
        except OSError:
            return  # the load says why
        if not folders or len(folders) > QUICK_MAX:
            return
        self.model.entries = {e.key: e for e in quick_list(folders)}  # type: ignore[misc]
        count, avail = max(self.app.size.height, 10), self.app.size.width - 1
        preview = Static(preview_text(self.model, count, avail), id="home-preview")
        self.mount(preview, after="#home-where")

    def table(self) -> ProjectTable | None:
        """The projects table, or None before the first load has mounted it."""
        return self._table

    def mount_rows(self) -> None:
        """Mount the table and the detail box (once, when the first load starts)."""
        if self.table() is not None or not self.is_attached:
            return
        for preview in self.query("#home-preview"):
            preview.remove()  # the table takes its place, in the same frame
        table = ProjectTable()
        self._detail = Static("", id="home-detail", markup=False)
        self._table = table
        self.mount(table, VerticalScroll(self._detail, id="home-detail-box"), after="#home-where")
        # in the frame of the key (RowHighlighted would come a frame later)
        self.watch(table, "cursor_coordinate", self.show_detail, init=False)
        self.watch(table, "cursor_coordinate", self._cursor_moved, init=False)
        if not isinstance(self.app.focused, Input):
            table.focus()

    def _cursor_moved(self) -> None:
        if self._table is not None and not self._table.filling:
            self._moved = True

    @property
    def new_root(self) -> Path:
        return self.model.new_root

    def filled(self) -> set[str]:
        """The keys of the projects in the table's rows."""
        return self._table.shows() if self._table is not None else set()

    # ------------------------------------------------------------------ loading
    def action_reload(self) -> None:
        self.mount_rows()
        if not self.started and len(self.filled()) < len(self.model.entries):
            self.fill()  # the rows after the first screenful
        self.started = True
        self.loaded_event.clear()
        self.load()

    def refresh_view(self) -> None:
        if self.started:  # coming back to Home; the first load waits for the first frame
            self.action_reload()

    @work(thread=True, exclusive=True, group="home-load", exit_on_error=False)
    def load(self) -> None:
        """Read every project and post the rows in batches: project.toml of each in this
        thread, then each in full (in worker processes for many projects, see
        :func:`qitui.portfolio.read_summaries`)."""
        worker = get_current_worker()
        from qitui.portfolio import load_batches

        for b in load_batches(self.root, lambda: worker.is_cancelled):
            self.post_message(self.Loaded(b.entries, b.done, b.total, b.stage, b.keys))

    @on(Worker.StateChanged)
    def load_failed(self, event: Worker.StateChanged) -> None:
        """A load that fails (say, the folder cannot be listed) says so and stops waiting."""
        if event.worker.group == "home-load" and event.state == WorkerState.ERROR:
            self.progress = None
            self.show_where()
            self.notify(str(event.worker.error), severity="error", title="Cannot read the folder")
            self.loaded_event.set()

    @on(Loaded)
    def take_rows(self, message: Loaded) -> None:
        self.model.take(message.entries, message.keys)  # forgets gone, keeps full rows
        if message.stage == "done":
            self.progress = None
            # the final sort: the table is rebuilt only if rows move
            self.fill(follow=self._moved)
            self.loaded_event.set()
            return
        self.progress = (message.stage, message.done, message.total)
        shown = self.filled()
        if message.stage == "list" and not all(e.key in shown for e in message.entries):
            self.fill(follow=self._moved)  # new rows: in their sorted places
        else:
            # known rows (read in full, or listed where a quick title was), more columns:
            # in place, sorted once at the end
            self.update_rows(message.entries)

    def update_rows(self, entries: list[Entry]) -> None:
        """Fill in the columns known once a project is read in full, without a rebuild
        (that comes once, when every project is read, with the final sort)."""
        table = self.table()
        if table is None:
            return
        table.update(self.model, entries)
        self.model.refresh_shown()
        self.show_where()
        self.show_detail()

    # ------------------------------------------------------------------ showing
    def fill(self, limit: int | None = None, follow: bool = True) -> None:
        """Rebuild the table: rows sorted and filtered, columns fitted to the width (left as
        it is when it already shows those rows in those widths); only the first ``limit``
        rows, if given (the first screenful). ``follow``: the cursor stays on its project
        (else on the first row: rows sorted again as projects are read, before the person
        has moved the cursor, do not carry it away)."""
        table = self.table()
        if table is None:
            return
        current = self.current()
        self.model.narrow()
        if not table.size.width and self.size.width > 2:  # not laid out yet: fit it once it is
            self.call_after_refresh(self.fill)
        at = current.key if follow and current is not None else None
        table.show(self.model, self.app.size.width - 1, limit, at)
        self.show_where()
        self.show_detail()

    def on_resize(self) -> None:
        """A new terminal size: the title column takes the room there is."""
        if self.model.entries:
            self.call_after_refresh(self.fill)

    def show_where(self) -> None:
        text = self.model.where_text(filter_waiting=self._filter_timer is not None)
        show_text(self.query_one("#home-where", Static), text)  # one line: no layout per key

    def row(self, entry: Entry, spark: int = HISTORY) -> list[str]:
        """The cells of a row (see :meth:`qitui.home_model.HomeModel.row`)."""
        return self.model.row(entry, spark)

    def current(self) -> Entry | None:
        table = self.table()
        if table is None or not self.model.shown or table.cursor_row < 0:
            return None
        return self.model.shown[min(table.cursor_row, len(self.model.shown) - 1)]

    def show_detail(self) -> None:
        """The project under the cursor, in words (called as the cursor moves)."""
        detail = self._detail
        if detail is None or self._table is None or self._table.filling:
            return  # not mounted yet, or fill() shows it once its rows are in
        entry = self.current()
        text = self.model.no_detail() if entry is None else self.model.detail_text(entry)
        show_text(detail, text)

    def detail_text(self, entry: Entry) -> str:
        """What the detail box shows of ``entry``."""
        return self.model.detail_text(entry)

    # ------------------------------------------------------------------ sort, filter
    def action_sort(self) -> None:
        self.model.next_sort()
        self.fill()  # the intro line names the sort

    def focus_rows(self) -> None:
        table = self.table()
        if table is not None:
            table.focus()

    def filter_box(self) -> Input | None:
        found = self.query("#home-filter-input")
        return found.only_one(Input) if found else None

    async def action_filter(self) -> None:
        box = self.filter_box()
        if box is None:
            # keys typed right after / wait behind this action, so they land in the field
            box = Input(
                placeholder="filter by title or collaborative (Escape clears)",
                id="home-filter-input",
            )
            await self.mount(box, after="#home-where")
            # in the frame of the key (Input.Changed would come a frame later)
            self.watch(box, "value", self.filter_changed, init=False)
        box.add_class("-open")
        # styled and focused now, not on the next idle: keys typed right after / (already
        # queued behind it in a real terminal) must land in the field, not on the table
        self.app.stylesheet.update(box)
        self.set_focus(box)
        self.refresh_bindings()

    def filter_changed(self, value: str) -> None:
        """The rows narrowed to the filter (called as the field changes)."""
        self.filter_text = value.strip()
        self._stop_filter_timer()
        if len(self.model.entries) <= FILTER_AT_ONCE:
            self.fill()
            return
        self._filter_timer = self.set_timer(FILTER_PAUSE, self.apply_filter)
        self.show_where()

    def _stop_filter_timer(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None

    def apply_filter(self) -> None:
        """Narrow the rows to the filter now (after a pause in typing, or on Enter)."""
        self._stop_filter_timer()
        self.fill()

    @on(Input.Submitted, "#home-filter-input")
    def filter_done(self, event: Input.Submitted) -> None:
        """Enter keeps the filter and goes to the rows."""
        if self._filter_timer is not None:
            self.apply_filter()
        if not event.value.strip():
            event.input.remove_class("-open")
        self.focus_rows()

    def clear_filter(self) -> None:
        box = self.filter_box()
        if box is not None:
            box.value = ""
            box.remove_class("-open")
        self.filter_text = ""
        self.focus_rows()
        self.apply_filter()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        self.clear_filter()

    def filter_open(self) -> bool:
        box = self.filter_box()
        return bool(self.filter_text) or (box is not None and box.has_class("-open"))

    def request_back(self) -> None:
        """Escape clears and closes the filter first."""
        box = self.filter_box()
        if self.filter_text or (box is not None and box.has_class("-open")):
            self.clear_filter()
            return
        super().request_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # while the filter has focus, letters are typed into it
        if action == "clear_filter":
            return self.filter_open()
        if action == "new_project" and self.qapp.is_read_only():
            return False  # read-only: nothing is offered that would write
        typing = isinstance(self.focused, Input)  # this screen's (not the palette's) field
        return not (
            typing
            and action in ("new_project", "sort", "filter", "reload", "review", "collaborative")
        )

    # ------------------------------------------------------------------ coaches
    def action_review(self) -> None:
        """What changed since the last review (see :mod:`qitui.screens.review`)."""
        from qitui.messages import OpenReview

        self.post_message(OpenReview(self, self.root))

    def action_collaborative(self) -> None:
        """The collaborative of the project under the cursor (else the first one)."""
        entry = self.current()
        name = collaborative_of(entry) if entry is not None else ""
        from qitui.messages import OpenCollaborative

        self.post_message(OpenCollaborative(self, self.new_root, name or None))

    # ------------------------------------------------------------------ open, new
    def action_open(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.project is None and not is_quick(entry):
            self.notify(
                "This project's files cannot be read; fix the errors listed below.",
                severity="error",
            )
            return
        store = self.qapp.open_store(entry.path)
        if store is not None:
            if store.loaded.problems:
                self.notify(
                    "Some files have problems; they are left out and not overwritten.",
                    severity="warning",
                )
            from qitui.messages import OpenProject

            self.post_message(OpenProject(self, store))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()

    def action_new_project(self) -> None:
        if self.qapp.read_only:
            self.notify("Read-only: no new project.", severity="error")
            return
        from qitui.flows.new_project import new_project

        new_project(self, self.new_root, reload=not is_project_dir(self.root))
