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

The store and the analysis engine are imported by the worker, not before the first frame.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from qitui.folders import discover, is_project_dir
from qitui.quicklist import quick_list
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.tables import RowTable
from qitui.widgets.text import show_text
from qitui.wording import plural

if TYPE_CHECKING:
    from textual.timer import Timer

    from qitui.portfolio import Summary as Entry
    from qitui.store import LoadedProject

HEADERS = ("Project", "Aim by", "Scores", "Signals", "Under way", "Last entry")
MIN_WIDTHS = (7, 10, 6, 9, 9, 10)  # room for what a project read in full shows
SORTS = ("title", "score", "signals", "last entry", "collaborative")
BLOCKS = "▁▂▃▄▅▆▇█"
HISTORY = 8  # progress scores shown in the sparkline
PENDING = "…"
BATCH_SECONDS = 0.25  # how often the worker posts rows
#: up to this many projects the filter narrows the rows on each key; above, once typing
#: pauses for FILTER_PAUSE seconds (rebuilding hundreds of rows takes Textual's table
#: 30–100 ms, which would hold up the next key; the key itself is shown at once)
FILTER_AT_ONCE = 200
FILTER_PAUSE = 0.15
#: up to this many project folders, the first frame shows titles (read fast: about 20 µs a
#: folder); more, and it shows "listing…" until the worker's first batch
QUICK_MAX = 5000


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def sparkline(scores: list[float]) -> str:
    """Block characters for progress scores on the 0.5–5.0 scale, one block per half point
    from 1.0 (▁) to 4.5 (█), where most projects move; 0.5 and 5.0 share the end blocks."""
    return "".join(BLOCKS[min(max(round(s * 2) - 2, 0), len(BLOCKS) - 1)] for s in scores)


def score_history(entry: Entry) -> list[float]:
    """The progress scores a row shows (the sparkline's), oldest first."""
    return entry.score_history(HISTORY)


def _sort_key(name: str, entry: Entry) -> tuple[Any, ...]:
    title = entry.title.casefold()
    if name == "score":
        history = score_history(entry)
        return (not history, -(history[-1] if history else 0), title)
    if name == "signals":
        count = entry.signal_count()
        return (count is None, -(count or 0), title)
    if name == "last entry":
        changed = entry.last_entry if entry.full else None
        return (changed is None, -(changed.toordinal() if changed else 0), title)
    if name == "collaborative":  # grouped by collaborative; projects in none last
        collab = entry.project.collaborative.casefold() if entry.project else ""
        return (not collab, collab, title)
    return (title, entry.key)


def collaborative_of(entry: Entry) -> str:
    return entry.project.collaborative if entry.project else ""


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
        self.entries: dict[str, Entry] = {}  # in folder order
        self.shown: list[Entry] = []  # sorted and filtered: the table's rows
        self.sort_by = SORTS[0]
        self.filter_text = ""
        self._filter_timer: Timer | None = None  # a filter waiting for a pause in typing
        self._table: DataTable[str | Text] | None = None  # mounted when the first load starts
        self._detail: Static | None = None
        self._filling = False  # rows being added: the cursor moves, the detail waits
        self._moved = False  # the person moved the cursor (else it stays on the first row)
        self.progress: tuple[str, int, int] | None = ("list", 0, 0)
        self.loaded_event = asyncio.Event()
        self.started = False  # a load has been asked for
        self._spark = 0  # width of the sparklines shown
        self._title_width = 12
        self._filled: tuple[list[Entry], list[int]] = ([], [])  # the table's rows and widths
        #: each entry's row cells for a sparkline width (an entry is replaced, not changed)
        self._cells: dict[str, tuple[Entry, int, list[str]]] = {}

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
        self.entries = {e.key: e for e in quick_list(folders)}  # type: ignore[misc]
        rows = sorted(self.entries.values(), key=lambda e: _sort_key(self.sort_by, e))
        preview = Static(self.preview(rows[: max(self.app.size.height, 10)]), id="home-preview")
        self.mount(preview, after="#home-where")

    def preview(self, entries: list[Entry]) -> Text:
        """The first screenful of rows as one text, laid out as the table lays them out:
        drawing it costs a fraction of a table's first page (a Rich render per cell),
        which is mounted in its place just after the first frame."""
        cells = [self.row(e, 0) for e in entries]
        widths = [
            max([least] + [cell_len(r[i]) for r in cells]) for i, least in enumerate(MIN_WIDTHS)
        ]
        room = self.app.size.width - 1 - sum(widths[1:]) - 2 * len(HEADERS)
        widths[0] = max(12, min(widths[0], room))

        def line(row: list[str]) -> str:
            row = [short(row[0], widths[0]), *row[1:]]
            return "".join(
                f" {c}{' ' * (w - cell_len(c))} " for c, w in zip(row, widths, strict=True)
            )

        text = Text(no_wrap=True, overflow="crop")
        text.append(line(list(HEADERS)), style="bold")
        for row in cells:
            text.append("\n" + line(row))
        return text

    def table(self) -> DataTable[str | Text] | None:
        """The projects table, or None before the first load has mounted it."""
        return self._table

    def mount_rows(self) -> None:
        """Mount the table and the detail box (once, when the first load starts)."""
        if self.table() is not None or not self.is_attached:
            return
        for preview in self.query("#home-preview"):
            preview.remove()  # the table takes its place, in the same frame
        table = RowTable(id="projects", cursor_type="row", zebra_stripes=False)
        table.add_columns(*map(Text, HEADERS))  # Text: no markup to parse
        self._detail = Static("", id="home-detail", markup=False)
        self._table = table
        self.mount(table, VerticalScroll(self._detail, id="home-detail-box"), after="#home-where")
        # in the frame of the key (RowHighlighted would come a frame later)
        self.watch(table, "cursor_coordinate", self.show_detail, init=False)
        self.watch(table, "cursor_coordinate", self._cursor_moved, init=False)
        if not isinstance(self.app.focused, Input):
            table.focus()

    def _cursor_moved(self) -> None:
        if not self._filling:
            self._moved = True

    @property
    def new_root(self) -> Path:
        return self.root.parent if is_project_dir(self.root) else self.root

    # ------------------------------------------------------------------ loading
    def action_reload(self) -> None:
        self.mount_rows()
        if not self.started and len(self._filled[0]) < len(self.entries):
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
        from qitui.portfolio import Reading, list_project, summarise
        from qitui.store import discover

        folders = discover(self.root)
        total = len(folders)
        self.post_message(self.Loaded([], 0, total, "list", [str(f) for f in folders]))
        listed: list[LoadedProject] = []

        def listing() -> Iterator[Entry]:
            for folder in folders:
                listed.append(list_project(folder))
                yield summarise(listed[-1])

        # a pool, if any, starts reading now, while this thread lists
        with Reading(folders, listed, lambda: worker.is_cancelled) as reading:
            for stage, entries in (("list", listing()), ("read", iter(reading))):
                batch: list[Entry] = []
                posted = time.monotonic()
                for done, entry in enumerate(entries, 1):
                    if worker.is_cancelled:
                        return
                    batch.append(entry)
                    if time.monotonic() - posted >= BATCH_SECONDS:
                        self.post_message(self.Loaded(batch, done, total, stage))
                        batch, posted = [], time.monotonic()
                if worker.is_cancelled:
                    return
                self.post_message(self.Loaded(batch, total, total, stage))
        self.post_message(self.Loaded([], total, total, "done"))

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
        if message.keys is not None:  # a (re)load begins: forget projects that are gone
            keep = set(message.keys)
            self.entries = {k: e for k, e in self.entries.items() if k in keep}
        for entry in message.entries:
            old = self.entries.get(entry.key)
            if old is not None and old.full and not entry.full:
                continue  # a reload: keep the full row until it is read again
            self.entries[entry.key] = entry
        if message.stage == "done":
            self.progress = None
            # the final sort: the table is rebuilt only if rows move
            self.fill(follow=self._moved)
            self.loaded_event.set()
            return
        self.progress = (message.stage, message.done, message.total)
        shown = {e.key for e in self._filled[0]}
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
        in_table, widths = self._filled
        keys = {e.key for e in in_table}
        spark = self._spark
        for entry in entries:
            if entry.key not in keys:
                continue
            cells = self.row(entry, spark)
            cells[0] = short(cells[0], self._title_width)
            before = table.get_row(entry.key)
            for column, cell, old in zip(HEADERS, cells, before, strict=True):
                if str(old) != cell:  # each update costs the table a re-render
                    table.update_cell(entry.key, column, Text(cell))
        self.shown = [self.entries.get(e.key, e) for e in self.shown]
        # the table shows these entries now (updated in place), in the widths of the last fill
        self._filled = ([self.entries.get(e.key, e) for e in in_table], widths)
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
        needle = self.filter_text.casefold()
        rows = [
            e
            for e in self.entries.values()
            if needle in e.title.casefold()
            or needle in e.path.name.casefold()
            or needle in collaborative_of(e).casefold()
        ]
        self.shown = sorted(rows, key=lambda e: _sort_key(self.sort_by, e))
        spark = max((len(score_history(e)) for e in self.shown), default=0)
        cells = [self.row(e, spark) for e in self.shown]
        least_widths = list(MIN_WIDTHS)
        if any(getattr(e, "quick", False) for e in self.shown):
            least_widths[2] = HISTORY + 4  # room for the scores still to come (▁▂▃… 2.5)
        widths = [
            max([least] + [cell_len(r[i]) for r in cells]) for i, least in enumerate(least_widths)
        ]
        # the title column shrinks first: cell padding of 1 each side, the scrollbar if any
        if not table.size.width and self.size.width > 2:  # not laid out yet: fit it once it is
            self.call_after_refresh(self.fill)
        avail = table.size.width or self.app.size.width - 1
        if len(self.shown) > table.size.height - 1:
            avail -= table.styles.scrollbar_size_vertical
        room = avail - sum(widths[1:]) - 2 * len(HEADERS)
        widths[0] = max(12, min(widths[0], room))
        self._spark, self._title_width = spark, widths[0]
        filled, filled_widths = self._filled
        if (
            widths == filled_widths
            and len(self.shown) == len(filled)
            and all(a is b for a, b in zip(self.shown, filled, strict=True))
        ):
            # the table shows these rows already (a filter key that leaves them all, or the
            # end of a load whose rows were updated in place): a rebuild would cost a few ms
            # per hundred rows for nothing
            self.show_where()
            self.show_detail()
            return
        count = len(self.shown) if limit is None else min(limit, len(self.shown))
        self._filled = (self.shown[:count], widths)
        self._filling = True  # each row added moves the cursor: no detail for each
        try:
            table.clear(columns=True)  # column widths only ever grow otherwise
            for header, width in zip(HEADERS, widths, strict=True):
                table.add_column(Text(header), width=width, key=header)
            # Text cells: titles are not markup, and the table need not parse them
            for entry, r in zip(self.shown[:count], cells[:count], strict=True):
                table.add_row(Text(short(r[0], widths[0])), *map(Text, r[1:]), key=entry.key)
            if self.shown:
                keys = [e.key for e in self.shown]
                keep = follow and current is not None and current.key in keys
                at = keys.index(current.key) if keep and current is not None else 0
                table.move_cursor(row=at)
        finally:
            self._filling = False
        self.show_where()
        self.show_detail()

    def on_resize(self) -> None:
        """A new terminal size: the title column takes the room there is."""
        if self.entries:
            self.call_after_refresh(self.fill)

    def show_where(self) -> None:
        n = len(self.entries)
        parts = [f"{self.root.name or self.root}/", f"{n} project{'s' if n != 1 else ''}"]
        if self.progress is not None:
            stage, done, total = self.progress
            verb = "listing" if stage == "list" else "loading"
            parts.append(f"{verb} {done} of {total}…" if total else f"{verb}…")
        elif not n:
            parts.append("none yet: press n to start one")
        parts.append(f"sorted by {self.sort_by}")
        if self.filter_text and self._filter_timer is not None:
            parts.append(f"filter “{self.filter_text}”…")
        elif self.filter_text:
            parts.append(f"filter “{self.filter_text}”: {len(self.shown)} shown")
        self.query_one("#home-where", Static).update(visible("  ·  ".join(parts)))

    def row(self, entry: Entry, spark: int = HISTORY) -> list[str]:
        """The cells of a row (the title in full); ``spark`` aligns the sparklines.

        Worked out once per entry and width (an entry is replaced, not changed, when its
        project is read again), so that a filter key does not redo it for every project."""
        known = self._cells.get(entry.key)
        if known is None or known[0] is not entry or known[1] != spark:
            known = self._cells[entry.key] = (entry, spark, self._row(entry, spark))
        return list(known[2])

    def _row(self, entry: Entry, spark: int) -> list[str]:
        p = entry.project
        if p is None and getattr(entry, "quick", False):  # a title read fast, for now
            return [" ".join(entry.title.split()), *[PENDING] * (len(HEADERS) - 1)]
        if p is None:
            first = entry.errors[0].message if entry.errors else "cannot be read"
            return [visible(f"✗ {entry.path.name}: {first}"), "—", "—", "—", "—", "ERROR"]
        mark = "✗ " if entry.errors else ""
        history = score_history(entry)
        score = f"{sparkline(history):>{spark}} {history[-1]:.1f}" if history else "—"
        if not entry.full:
            sig = under_way = changed_text = PENDING
        else:
            count = entry.signal_count() or 0
            n_meas = entry.measures
            if count:
                sig = f"⚑ {count} of {n_meas}"
            elif n_meas and not entry.unknown:
                sig = f"none of {n_meas}"
            else:
                sig = "—"
            under_way = str(entry.under_way)
            changed_text = entry.last_entry.isoformat() if entry.last_entry else "—"
        return [
            mark + visible(" ".join(p.title.split())),
            p.aim.by_when.isoformat() if p.aim.by_when else "—",
            score,
            sig,
            under_way,
            changed_text,
        ]

    def current(self) -> Entry | None:
        table = self.table()
        if table is None or not self.shown or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def show_detail(self) -> None:
        """The project under the cursor, in words (called as the cursor moves)."""
        detail = self._detail
        if detail is None or self._filling:
            return  # not mounted yet, or fill() shows it once its rows are in
        entry = self.current()
        if entry is None:
            show_text(detail, "no project matches the filter" if self.filter_text else "")
        else:
            show_text(detail, self.detail_text(entry))

    def detail_text(self, entry: Entry) -> str:
        """What the detail box shows of ``entry``."""
        lines = []
        p = entry.project
        if p is None and getattr(entry, "quick", False):
            return f"{' '.join(entry.title.split())}\nReading project.toml…"
        if p is not None:
            lines.append(" ".join(p.title.split()))
            lines.append(p.aim.sentence() or "(no aim yet)")
            if p.collaborative:
                lines.append(f"Collaborative: {p.collaborative} (c shows its progress)")
            history = score_history(entry)
            if history:
                score = p.latest_score()
                assert score is not None
                trail = " → ".join(f"{s:.1f}" for s in history)
                why = f": {score.justification}" if score.justification.strip() else ""
                lines.append(f"Progress {trail} (latest {score.date}{why})")
            if entry.full:
                lines.append(
                    f"{plural(entry.measures, 'measure')} · "
                    f"{plural(len(p.change_ideas), 'change idea')} · "
                    f"{plural(entry.cycles, 'cycle')} · {plural(entry.notes, 'note')}"
                )
                for name, labels in entry.flagged or []:
                    lines.append(f"⚑ {name}: {', '.join(labels)}")
                if entry.unknown:
                    lines.append("Some measures cannot be analysed yet (too few points).")
            else:
                lines.append("Reading the measures and cycles…")
        if entry.problems:
            lines.append(f"✗ {plural(len(entry.problems), 'problem')} in the files:")
            lines += [
                f"  {self.relative(pr.path)}:{pr.line}: {pr.level}: {pr.message}"
                for pr in entry.problems[:8]
            ]
        return "\n".join(lines)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.new_root))
        except ValueError:
            return str(path)

    # ------------------------------------------------------------------ sort, filter
    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
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
        if len(self.entries) <= FILTER_AT_ONCE:
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
        if entry.project is None and not getattr(entry, "quick", False):
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
        from qitui import model as m
        from qitui.messages import OpenProject
        from qitui.store import StoreError, create_project
        from qitui.widgets.prompt import Field, PromptDialog

        def create(values: dict[str, Any]) -> bool:
            title = values["title"]
            taken = {p.name for p in self.new_root.iterdir()} if self.new_root.is_dir() else set()
            slug = m.Project(slug="", title=title).unique_id(values.get("slug") or title, taken)
            try:
                store = create_project(self.new_root / slug, title, values.get("start"))
            except (StoreError, OSError) as exc:
                self.notify(str(exc), severity="error", title="Not created")
                return False
            if not is_project_dir(self.root):
                self.action_reload()
            self.notify(f"Created {store.path}")
            self.call_later(self.post_message, OpenProject(self, store))
            return True

        self.app.push_screen(
            PromptDialog(
                f"New project in {self.new_root.name or self.new_root}/",
                [
                    Field("title", "Title", required=True),
                    Field("slug", "Folder name (optional)", placeholder="from the title"),
                    Field(
                        "start",
                        "Start date",
                        self.qapp.today(),
                        kind="date",
                        placeholder="YYYY-MM-DD, or empty until the team decides",
                    ),
                ],
                confirm="Create",
                on_submit=create,
            )
        )
