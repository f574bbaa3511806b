"""Home: every project in the folder, one row each; broken ones listed with their errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from qitui import model as m
from qitui.screens.base import QituiScreen
from qitui.screens.signals import current_signals
from qitui.store import LoadedProject, StoreError, create_project, discover, is_project_dir
from qitui.store import load_project as _load
from qitui.widgets.dialogs import Field, PromptDialog
from qitui.widgets.tables import RowTable

UNDER_WAY = ("planned", "doing", "studying")


def last_change(loaded: LoadedProject) -> date | None:
    """The latest date written in the project (not file times, which a git checkout resets)."""
    return loaded.project.last_activity() if loaded.project else None


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class HomeScreen(QituiScreen):
    CATEGORY = "Project"
    SCREEN_NAME = "Home"
    ABOUT = "Every project in the folder. Enter opens one; n starts a new one."
    BINDINGS = [
        Binding("enter", "open", "Open", id="home-open"),
        Binding("n", "new_project", "New project", id="home-new"),
        Binding("r", "reload", "Reload", id="home-reload"),
    ]

    def __init__(self, root: Path) -> None:
        super().__init__(None)
        self.root = Path(root)
        self.loaded: list[LoadedProject] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="home-where", classes="screen-intro")
        yield RowTable(id="projects", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="home-detail-box"):
            yield Static("", id="home-detail", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#projects", DataTable)
        table.add_columns("Project", "Aim by", "Score", "Signals", "Under way", "Last entry")
        self.action_reload()
        table.focus()

    @property
    def new_root(self) -> Path:
        return self.root.parent if is_project_dir(self.root) else self.root

    def action_reload(self) -> None:
        self.loaded = [_load(folder) for folder in discover(self.root)]
        self.fill()

    def refresh_view(self) -> None:
        self.action_reload()

    def fill(self) -> None:
        table = self.query_one("#projects", DataTable)
        row = table.cursor_row
        table.clear()
        width = max(16, self.app.size.width - 58)
        for loaded in self.loaded:
            table.add_row(*self.row(loaded, width), key=str(loaded.path))
        if self.loaded:
            table.move_cursor(row=min(row, len(self.loaded) - 1))
        n = len(self.loaded)
        where = f"{self.root.name or self.root}/  ·  {n} project{'s' if n != 1 else ''}"
        if not n:
            where += "  ·  none yet: press n to start one"
        self.query_one("#home-where", Static).update(where)
        self.show_detail()

    def row(self, loaded: LoadedProject, width: int) -> list[str]:
        p = loaded.project
        if p is None:
            first = loaded.errors[0].message if loaded.errors else "cannot be read"
            return [
                short(f"✗ {loaded.path.name}", width),
                "—",
                "—",
                "—",
                "—",
                short(f"ERROR: {first}", 30),
            ]
        mark = "✗ " if loaded.errors else ""
        score = p.latest_score()
        signals: list[str] = []
        known = True
        for meas in p.measures:
            labels = current_signals(meas)
            if labels is None:
                known = False
            elif labels:
                signals.append(meas.name)
        if signals:
            sig = f"⚑ {len(signals)} of {len(p.measures)}"
        elif known and p.measures:
            sig = f"none of {len(p.measures)}"
        else:
            sig = "—"
        under_way = sum(1 for c in p.cycles if c.status in UNDER_WAY)
        changed = last_change(loaded)
        return [
            short(mark + p.title, width),
            p.aim.by_when.isoformat() if p.aim.by_when else "—",
            f"{score.score:.1f}" if score else "—",
            sig,
            str(under_way),
            changed.isoformat() if changed else "—",
        ]

    def current(self) -> LoadedProject | None:
        table = self.query_one("#projects", DataTable)
        if not self.loaded or table.cursor_row < 0:
            return None
        return self.loaded[min(table.cursor_row, len(self.loaded) - 1)]

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        loaded = self.current()
        detail = self.query_one("#home-detail", Static)
        if loaded is None:
            detail.update("")
            return
        lines = []
        p = loaded.project
        if p is not None:
            lines.append(p.aim.sentence() or "(no aim yet)")
            score = p.latest_score()
            if score:
                lines.append(f"Progress {score.score:.1f} on {score.date}: {score.justification}")
            lines.append(
                f"{len(p.measures)} measures · {len(p.change_ideas)} change ideas · "
                f"{len(p.cycles)} cycles · {len(p.notes)} notes"
            )
        if loaded.problems:
            lines.append(f"✗ {len(loaded.problems)} problem(s) in the files:")
            lines += [
                f"  {self.relative(pr.path)}:{pr.line}: {pr.level}: {pr.message}"
                for pr in loaded.problems[:8]
            ]
        detail.update("\n".join(lines))

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.new_root))
        except ValueError:
            return str(path)

    def action_open(self) -> None:
        loaded = self.current()
        if loaded is None:
            return
        if loaded.project is None:
            self.notify(
                "This project's files cannot be read; fix the errors listed below.",
                severity="error",
            )
            return
        store = self.qapp.open_store(loaded.path)
        if store is not None:
            if loaded.problems:
                self.notify(
                    "Some files have problems; they are left out and not overwritten.",
                    severity="warning",
                )
            self.qapp.open_project(store)

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()

    def action_new_project(self) -> None:
        if self.qapp.read_only:
            self.notify("Read-only: no new project.", severity="error")
            return

        def create(values: dict[str, str] | None) -> None:
            if not values:
                return
            title = values["title"]
            taken = {p.name for p in self.new_root.iterdir()} if self.new_root.is_dir() else set()
            slug = m.Project(slug="", title=title).unique_id(values.get("slug") or title, taken)
            try:
                store = create_project(self.new_root / slug, title)
            except (StoreError, OSError) as exc:
                self.notify(str(exc), severity="error", title="Not created")
                return
            if not is_project_dir(self.root):
                self.action_reload()
            self.notify(f"Created {store.path}")
            self.qapp.open_project(store)

        self.app.push_screen(
            PromptDialog(
                f"New project in {self.new_root.name or self.new_root}/",
                [
                    Field("title", "Title", required=True),
                    Field("slug", "Folder name (optional)", placeholder="from the title"),
                ],
                confirm="Create",
            ),
            create,
        )
