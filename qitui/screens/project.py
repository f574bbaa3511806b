"""Project overview: the aim first, then one line per section with the key that opens it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from qitui.portfolio import UNDER_WAY
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import PickDialog

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
    BINDINGS = [
        Binding("a", "section('aim')", "Aim", id="project-aim"),
        Binding("m", "section('measures')", "Measures", id="project-measures"),
        Binding("d", "section('changes')", "Changes", id="project-changes"),
        Binding("c", "section('cycles')", "Cycles", id="project-cycles"),
        Binding("g", "section('charts')", "Charts", id="project-charts"),
        Binding("n", "section('notes')", "Notes", id="project-notes"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="aim-sentence", classes="aim-sentence", markup=False)
        yield Static("", id="project-summary", classes="screen-intro", markup=False)
        yield OptionList(id="sections")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_view()
        self.query_one("#sections", OptionList).focus()

    def refresh_view(self) -> None:
        p = self.project
        self.update_titles()
        self.query_one("#aim-sentence", Static).update(
            visible("Aim: " + (p.aim.sentence() or "not written yet — press a"), True)
        )
        bits = []
        if p.aim.by_when:
            bits.append(f"by {p.aim.by_when}")
        score = p.latest_score()
        bits.append(f"progress {score.score:.1f} ({score.date})" if score else "no progress score")
        bits.append(f"team of {len(p.team)}" if p.team else "no team yet")
        bits.append(f"status {p.status}")
        self.query_one("#project-summary", Static).update(visible(" · ".join(bits)))
        under_way = sum(1 for c in p.cycles if c.status in UNDER_WAY)
        primaries = len(p.primary_drivers())
        secondaries = len(p.secondary_drivers())
        counts = {
            "aim": f"{len(p.aim_history)} earlier aim(s) · {len(p.scores)} score(s)",
            "measures": ", ".join(
                f"{sum(1 for x in p.measures if x.type == t)} {t}"
                for t in ("outcome", "process", "balancing")
            ),
            "changes": f"{primaries} primary · {secondaries} secondary · "
            f"{len(p.change_ideas)} idea(s)",
            "cycles": f"{len(p.cycles)} cycle(s) · {under_way} under way",
            "charts": f"{len(p.measures)} measure(s) to chart",
            "notes": f"{len(p.notes)} note(s)",
        }
        options = self.query_one("#sections", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for name, key, label in SECTIONS:
            options.add_option(Option(f"{key}  {label:<31} {counts[name]}", id=name))
        options.highlighted = highlighted if highlighted is not None else 0

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_section(event.option.id)

    def action_section(self, name: str) -> None:
        if name == "charts":
            self.open_charts()
            return
        from qitui.screens import navigation

        factories = {
            "aim": 1,
            "measures": 2,
            "changes": 3,
            "cycles": 4,
            "notes": 5,
        }
        _title, _help, factory = navigation.destinations()[factories[name]]
        self.app.push_screen(factory(self.store))

    def open_charts(self) -> None:
        measures = self.project.measures
        if not measures:
            self.notify("No measures yet: add one on the Measures screen (m).")
            return
        if len(measures) == 1:
            self.qapp.open_chart(self.store, measures[0].id)
            return

        def chosen(measure_id: str | None) -> None:
            if measure_id:
                self.qapp.open_chart(self.store, measure_id)

        self.app.push_screen(
            PickDialog(
                "Chart of which measure?",
                [(visible(f"{x.name} ({x.type}, {x.chart} chart)"), x.id) for x in measures],
            ),
            chosen,
        )
