"""Review, for a coach: what changed in each project since the last review.

The same as ``qitui review``: git history where the folder is in a repository, else the dates
in the files. The date of the last review is remembered per person (``git config user.name``,
else the login name) outside the project folder (:func:`qitui.review.state_file`); ``m`` marks
today as reviewed, ``d`` compares with another date or a git revision.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from qitui.messages import OpenProject
from qitui.screens.base import QituiScreen
from qitui.widgets.tables import RowTable

if TYPE_CHECKING:
    from qitui.review import Review

#: without a remembered review, the changes of this many days are shown
DEFAULT_DAYS = 30


class ReviewScreen(QituiScreen):
    CATEGORY = "Review"
    SCREEN_NAME = "What changed"
    ABOUT = (
        "What changed in each project since your last review (git history where there is "
        "one). Enter opens the project; m marks today as reviewed; d compares with another "
        "date or git revision."
    )
    BINDINGS = [
        Binding("enter", "open", "Open project", show=False, id="review-open"),
        Binding("m", "mark", "Mark reviewed", id="review-mark"),
        Binding("d", "since", "Since…", id="review-since"),
        Binding("r", "reload", "Reload", show=False, id="review-reload"),
    ]

    class Done(Message):
        def __init__(self, result: Review, since: str, remembered: bool) -> None:
            super().__init__()
            self.result = result
            self.since = since
            self.remembered = remembered

    def __init__(self, root: Path, since: str | None = None) -> None:
        super().__init__(None)
        self.root = Path(root)
        self.since = since
        self.result: Review | None = None
        self.remembered = False  # since is the date of this person's last review
        self.row_paths: list[Path | None] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="review-intro", classes="screen-intro", markup=False)
        yield RowTable(id="review-changes", cursor_type="row")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#review-changes", DataTable).add_columns("Project", "What changed")
        self.action_reload()
        self.query_one("#review-changes", DataTable).focus()

    def person(self) -> str:
        from qitui.identity import current_author

        return current_author()

    def default_since(self) -> tuple[str, bool]:
        """The last review remembered for this person and folder, else 30 days ago."""
        from qitui.review import last_review

        day = last_review(self.root, self.person())
        if day is not None:
            return day.isoformat(), True
        return (self.qapp.today() - timedelta(days=DEFAULT_DAYS)).isoformat(), False

    # ------------------------------------------------------------------ loading
    def action_reload(self) -> None:
        self.say(f"Looking for changes since {self.since or 'your last review'}…")
        self.compute(self.since)

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def compute(self, since: str | None) -> None:
        """The review, in a thread (git, and every project read twice); ``since`` None: the
        last review remembered (the state file and git config are read here, not on a key)."""
        from qitui.review import review

        remembered = False
        if since is None:
            since, remembered = self.default_since()
        self.post_message(self.Done(review(self.root, since), since, remembered))

    @on(Worker.StateChanged)
    def failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "review" and event.state == WorkerState.ERROR:
            self.say(f"✗ {event.worker.error}")
            self.notify(str(event.worker.error), severity="error", title="Cannot review")

    @on(Done)
    def show(self, message: Done) -> None:
        self.result = message.result
        self.since, self.remembered = message.since, message.remembered
        self.fill()

    def say(self, text: str) -> None:
        self.query_one("#review-intro", Static).update(text)

    def fill(self) -> None:
        from qitui.review import describe

        result = self.result
        if result is None:
            return
        table = self.query_one("#review-changes", DataTable)
        table.clear()
        self.row_paths = []
        changed = 0
        width = max(20, self.app.size.width - 24)
        for pr in result.projects:
            title = " ".join(pr.title.split())
            lines = [describe(c) for c in pr.changes] or ["no changes"]
            changed += bool(pr.changes)
            for i, line in enumerate(lines):
                shown = line if len(line) <= width else line[: width - 1] + "…"
                table.add_row(Text(title[:18] if i == 0 else ""), Text(shown), key=f"{pr.path}:{i}")
                self.row_paths.append(pr.path)
        whose = (
            f"since your last review ({self.person()})"
            if self.remembered
            else f"no review remembered: the last {DEFAULT_DAYS} days"
        )
        n = len(result.projects)
        self.say(
            f"{result.baseline.describe()}.\n{changed} of {n} project(s) changed · {whose} · "
            "m marks today reviewed · d another date"
        )

    # ------------------------------------------------------------------ actions
    def action_open(self) -> None:
        table = self.query_one("#review-changes", DataTable)
        if not self.row_paths or table.cursor_row < 0:
            return
        path = self.row_paths[min(table.cursor_row, len(self.row_paths) - 1)]
        if path is None:
            return
        store = self.qapp.open_store(path)
        if store is not None:
            self.post_message(OpenProject(self, store))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()

    def action_mark(self) -> None:
        from qitui.review import remember_review

        today: date = self.qapp.today()
        try:
            remember_review(self.root, self.person(), today)
        except OSError as exc:
            self.notify(str(exc), severity="error", title="Not remembered")
            return
        self.notify(f"Reviewed on {today}: next time, changes since then are shown.")

    def action_since(self) -> None:
        from qitui.widgets.prompt import Field, PromptDialog

        def show(values: dict[str, Any]) -> bool:
            since = str(values.get("since", "")).strip()
            if since:
                self.since = since
                self.action_reload()
            return True

        self.app.push_screen(
            PromptDialog(
                "Changes since when?",
                [
                    Field(
                        "since",
                        "A date (YYYY-MM-DD) or a git revision",
                        self.since or "",
                        required=True,
                    )
                ],
                confirm="Show",
                on_submit=show,
            )
        )
