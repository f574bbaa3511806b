"""Project overview: the aim first, then one line per section with the key that opens it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from qitui.messages import SECTIONS as SECTION_NAMES
from qitui.messages import GoToSection, OpenChart, OpenSettings
from qitui.portfolio import UNDER_WAY
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import PickDialog
from qitui.widgets.text import show_text
from qitui.wording import plural

if TYPE_CHECKING:
    from qitui.store import ProjectStore
from qitui.widgets.flow import flow

SECTIONS = [
    ("aim", "a", "Aim, team & progress"),
    ("measures", "m", "Measures & data"),
    ("changes", "d", "Driver diagram & change ideas"),
    ("cycles", "c", "PDSA cycles"),
    ("charts", "g", "Charts"),
    ("notes", "n", "Review notes"),
]


class ProjectScreen(QituiScreen):
    CATEGORY = "Go"
    SCREEN_NAME = "Overview"
    ABOUT = "The aim, then each step of the Model for Improvement. Enter or a letter opens."
    EDIT_ACTIONS = frozenset({"settings", "collaborative"})
    BINDINGS = [
        Binding("a", "section('aim')", "Aim", id="project-aim"),
        Binding("m", "section('measures')", "Measures", id="project-measures"),
        Binding("d", "section('changes')", "Changes", id="project-changes"),
        Binding("c", "section('cycles')", "Cycles", id="project-cycles"),
        Binding("g", "section('charts')", "Charts", id="project-charts"),
        Binding("n", "section('notes')", "Notes", id="project-notes"),
        Binding("s", "settings", "Project settings", id="project-settings"),
        Binding(
            "o",
            "collaborative",
            "Set collaborative",
            show=False,
            id="project-collaborative",
            tooltip="Set the collaborative this project belongs to",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="aim-sentence", classes="aim-sentence", markup=False)
        yield Static("", id="project-summary", classes="screen-intro", markup=False)
        yield Static("", id="project-problems", classes="screen-intro", markup=False)
        yield OptionList(id="sections")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_view()
        self.query_one("#sections", OptionList).focus()

    def refresh_view(self) -> None:
        p = self.project
        self.update_titles()
        show_text(  # unchanged (back from a section): nothing drawn, nothing laid out
            self.query_one("#aim-sentence", Static),
            visible("Aim: " + (p.aim.sentence() or "not written yet — press a"), True),
        )
        bits = []
        if p.aim.by_when:
            bits.append(f"by {p.aim.by_when}")
        score = p.latest_score()
        bits.append(f"progress {score.score:.1f} ({score.date})" if score else "no progress score")
        bits.append(f"team of {len(p.team)}" if p.team else "no team yet")
        bits.append(f"status {p.status}")
        if p.collaborative:
            bits.append(f"collaborative {p.collaborative}")
        show_text(self.query_one("#project-summary", Static), visible(" · ".join(bits)))
        problems = self.query_one("#project-problems", Static)
        lines = problem_lines(self.store)
        if str(problems.content) != "\n".join(lines):
            problems.update("\n".join(lines))
        problems.display = bool(lines)
        under_way = sum(1 for c in p.cycles if c.status in UNDER_WAY)
        primaries = len(p.primary_drivers())
        secondaries = len(p.secondary_drivers())
        counts = {
            "aim": f"{plural(len(p.aim_history), 'earlier aim')} · "
            f"{plural(len(p.scores), 'score')}",
            "measures": ", ".join(
                f"{sum(1 for x in p.measures if x.type == t)} {t}"
                for t in ("outcome", "process", "balancing")
            ),
            "changes": f"{primaries} primary · {secondaries} secondary · "
            f"{plural(len(p.change_ideas), 'idea')}",
            "cycles": f"{plural(len(p.cycles), 'cycle')} · {under_way} under way",
            "charts": f"{plural(len(p.measures), 'measure')} to chart",
            "notes": plural(len(p.notes), "note"),
        }
        options = self.query_one("#sections", OptionList)
        pad = max(len(label) for _name, _key, label in SECTIONS) + 2
        # one line each, whatever the width: the counts end in "…" rather than wrap
        rows = [(name, f"{key}  {label:<{pad}}{counts[name]}") for name, key, label in SECTIONS]
        if [(o.id, str(o.prompt)) for o in options.options] == rows:
            return  # the same sections (back from one): the list is left as it is
        highlighted = options.highlighted
        options.clear_options()
        for name, line in rows:
            options.add_option(Option(Text(line), id=name))
        options.highlighted = highlighted if highlighted is not None else 0

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_section(event.option.id)

    def action_section(self, name: str) -> None:
        if name == "charts":
            self.open_charts()
            return
        if name in SECTION_NAMES:
            self.post_message(GoToSection(self, name))

    def action_settings(self) -> None:
        """Title, description, start date, status, collaborative (flows/project_settings.py)."""
        self.post_message(OpenSettings(self))

    def action_collaborative(self) -> None:
        """Set or clear ``collaborative`` in project.toml (a one-field dialog that stays open
        with its text if the save fails)."""
        from qitui.widgets.prompt import Field, PromptDialog

        def save(values: dict[str, str]) -> bool:
            name = " ".join(str(values.get("collaborative", "")).split())

            def mutate() -> None:
                self.project.collaborative = name

            if not self.save_project(mutate):
                return False
            self.notify(
                f"Collaborative: {name}." if name else "No collaborative now.", title="Saved"
            )
            return True

        self.app.push_screen(
            PromptDialog(
                "The collaborative (programme, cohort) this project belongs to; empty for none.",
                [
                    Field(
                        "collaborative",
                        "Collaborative",
                        self.project.collaborative,
                        placeholder="e.g. Early years 2026",
                    )
                ],
                confirm="Save",
                on_submit=save,
            )
        )

    @flow
    async def open_charts(self) -> None:
        measures = self.project.measures_in_order()
        if not measures:
            self.notify("No measures yet: add one on the Measures screen (m).")
            return
        if len(measures) == 1:
            self.post_message(OpenChart(self, measures[0].id))
            return

        measure_id = await self.app.push_screen_wait(
            PickDialog(
                "Chart of which measure?",
                [(visible(f"{x.name} ({x.type}, {x.chart} chart)"), x.id) for x in measures],
            )
        )
        if measure_id:
            self.post_message(OpenChart(self, measure_id))


def problem_lines(store: ProjectStore, limit: int = 8) -> list[str]:
    """What Home lists for a project with problems, for the project itself: files left out
    (never overwritten) and the checks that concern the whole project."""
    problems = store.loaded.problems
    if not problems:
        return []
    root = store.path

    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    lines = [f"✗ {len(problems)} problem(s) in the files (run qitui check for all):"]
    lines += [f"  {shown(p.path)}:{p.line}: {p.level}: {p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  … and {len(problems) - limit} more")
    return lines
