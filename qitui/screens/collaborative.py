"""A collaborative's progress: every team's IHI progress score by month, how many teams stand
at each score now, each team's outcome verdict, and a text chart of the scores over time with
the practicum's milestones (from collaboratives.toml, see :mod:`qitui.collaborative`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from qitui.messages import OpenProject
from qitui.screens.base import QituiScreen
from qitui.widgets.tables import RowTable

if TYPE_CHECKING:
    from qitui.collaborative import Collaborative
    from qitui.store import Problem


class CollaborativeScreen(QituiScreen):
    CATEGORY = "Collaborative"
    SCREEN_NAME = "Collaborative"
    ABOUT = (
        "A collaborative's teams: progress score by month ((2.5) = carried from an earlier "
        "month), how many stand at each score, outcome verdicts, and the scores over time with "
        "the milestones (T training day, A action set). n / p: next / previous collaborative; "
        "Enter opens a team."
    )
    DEFAULT_CSS = """
    CollaborativeScreen #collab-now, CollaborativeScreen #collab-verdicts {
        margin-bottom: 1;
    }
    """
    BINDINGS = [
        Binding("enter", "open", "Open team", show=False, id="collab-open"),
        Binding("n", "step(1)", "Next collaborative", id="collab-next"),
        Binding("p", "step(-1)", "Previous collaborative", id="collab-prev"),
        Binding("r", "reload", "Reload", show=False, id="collab-reload"),
    ]

    class Loaded(Message):
        def __init__(self, collabs: list[Collaborative], problems: list[Problem]) -> None:
            super().__init__()
            self.collabs = collabs
            self.problems = problems

    def __init__(self, root: Path, name: str | None = None) -> None:
        super().__init__(None)
        self.root = Path(root)
        self.name_wanted = name
        self.collabs: list[Collaborative] = []
        self.problems: list[Problem] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("Reading the projects…", id="collab-intro", classes="screen-intro")
        with VerticalScroll(id="collab-body"):
            yield RowTable(id="collab-scores", cursor_type="row")
            yield Static("", id="collab-now", markup=False)
            yield Static("", id="collab-verdicts", markup=False)
            yield Static("", id="collab-chart", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#collab-scores", DataTable)
        # inline: the app's stylesheet gives every table the screen's height (1fr)
        table.styles.height = "auto"
        table.styles.max_height = 14
        self.action_reload()
        self.query_one("#collab-scores", DataTable).focus()

    # ------------------------------------------------------------------ loading
    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="collaborative", exit_on_error=False)
    def load(self) -> None:
        from qitui.collaborative import group, milestones_file, read_milestones
        from qitui.store import discover, load_project

        milestones, problems = read_milestones(milestones_file(self.root))
        projects = [load_project(folder) for folder in discover(self.root)]
        self.post_message(self.Loaded(group(projects, milestones), problems))

    @on(Worker.StateChanged)
    def failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "collaborative" and event.state == WorkerState.ERROR:
            self.query_one("#collab-intro", Static).update(f"✗ {event.worker.error}")

    @on(Loaded)
    def take(self, message: Loaded) -> None:
        self.collabs, self.problems = message.collabs, message.problems
        names = [c.name for c in self.collabs]
        if self.name_wanted in names:
            self.index = names.index(self.name_wanted)
        self.fill()

    def current(self) -> Collaborative | None:
        return self.collabs[self.index % len(self.collabs)] if self.collabs else None

    # ------------------------------------------------------------------ showing
    def fill(self) -> None:
        from qitui.collaborative import (
            legend,
            months,
            outcome_verdict,
            progress_rows,
            score_chart,
            standing_now,
        )

        intro = self.query_one("#collab-intro", Static)
        table = self.query_one("#collab-scores", DataTable)
        collab = self.current()
        if collab is None:
            intro.update(
                Text(
                    'No collaborative here: set collaborative = "…" in a project (o on its '
                    "overview) to group teams."
                )
            )
            return
        self.SCREEN_NAME = f"Collaborative: {collab.name}"
        self.update_titles()
        span = months(collab, self.qapp.today())
        bits = [f"{collab.name}", f"{len(collab.teams)} team(s)"]
        if len(self.collabs) > 1:
            bits.append(f"{self.index + 1} of {len(self.collabs)} collaboratives (n/p)")
        if self.problems:
            bits.append(f"✗ milestones file: {self.problems[0]}")
        intro.update(Text(" · ".join(bits)))
        table.clear(columns=True)
        table.add_columns(*map(Text, ["Team", *span]))
        for lp, row in zip(collab.teams, progress_rows(collab, span), strict=False):
            table.add_row(*map(Text, row), key=str(lp.path))
        now = "  ".join(f"{score}: {count}" for score, count in standing_now(collab) if count)
        self.query_one("#collab-now", Static).update(f"Teams at each score now — {now}")
        verdicts = ["Outcome verdicts:"]
        verdicts += [
            f"  {' '.join(p.title.split())}: {outcome_verdict(p)}" for p in collab.projects()
        ]
        self.query_one("#collab-verdicts", Static).update("\n".join(verdicts))
        width = max(30, self.app.size.width - 4)
        chart = ["Progress scores over time:", *score_chart(collab, span, width), ""]
        self.query_one("#collab-chart", Static).update("\n".join(chart + legend(collab)))

    def action_step(self, step: int) -> None:
        if self.collabs:
            self.index = (self.index + step) % len(self.collabs)
            self.fill()

    def action_open(self) -> None:
        table = self.query_one("#collab-scores", DataTable)
        if table.row_count == 0 or table.cursor_row < 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        store = self.qapp.open_store(Path(str(key)))
        if store is not None:
            self.post_message(OpenProject(self, store))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()
