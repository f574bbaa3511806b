"""The PDSA worksheet of one cycle: Cycle, Plan, Do, Study, Act, every field of the model.

The Study section shows each question with its prediction (read-only) beside the result, so
that the team compares results with what it predicted, one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TabbedContent, TabPane, TextArea

from qitui import model as m
from qitui.safetext import text as safe_text
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.forms import (
    DateValidator,
    MessageLine,
    TextInput,
    field_row,
    fmt_date,
    parse_date,
    show_text,
)

SECTIONS = ["cycle", "plan", "do", "study", "act"]
DATE_FIELDS = {"start", "end", "predicted_on", "studied_on"}
YES_NO = [("yes: carried out as planned", "yes"), ("no: not as planned", "no")]


class CycleScreen(QituiScreen):
    CATEGORY = "Cycles"
    SCREEN_NAME = "PDSA worksheet"
    ABOUT = (
        "Cycle / Plan / Do / Study / Act. Tab moves between fields, Ctrl+N (or Ctrl+PgDn) to "
        "the next section, Ctrl+PgUp back, 1-5 jump when no text field has focus. Ctrl+S saves."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="cycle-save"),
        Binding("ctrl+n,ctrl+pagedown", "section(1)", "Next section", id="cycle-next-section"),
        Binding(
            "ctrl+pageup", "section(-1)", "Previous section", show=False, id="cycle-prev-section"
        ),
        Binding("1", "goto('cycle')", "Cycle section", show=False, id="cycle-goto-cycle"),
        Binding("2", "goto('plan')", "Plan section", show=False, id="cycle-goto-plan"),
        Binding("3", "goto('do')", "Do section", show=False, id="cycle-goto-do"),
        Binding("4", "goto('study')", "Study section", show=False, id="cycle-goto-study"),
        Binding("5", "goto('act')", "Act section", show=False, id="cycle-goto-act"),
    ]

    def __init__(self, store: Any, cycle_id: str) -> None:
        super().__init__(store)
        self.cycle_id = cycle_id
        self.n_questions = 0
        self._clean: dict[str, Any] = {}
        self._fields: list[Widget] | None = None  # the c-… fields, found once
        #: per question: its question, prediction and result fields, and its Study block
        self._questions: list[tuple[Input, Input, Input, Static]] = []

    @property
    def cycle(self) -> m.Cycle | None:
        return self.project.cycle(self.cycle_id)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        c = self.cycle
        yield from self.compose_header()
        yield Static("", id="cycle-head", classes="aim-sentence", markup=False)
        with TabbedContent(initial="cycle", id="cycle-tabs"):
            with TabPane("1 Cycle", id="cycle"), VerticalScroll(classes="form-scroll"):
                yield field_row(
                    "Label", TextInput(id="c-label", compact=True, placeholder="1a, 1b…")
                )
                yield field_row("Title", TextInput(id="c-title", compact=True))
                yield field_row(
                    "Change idea",
                    Select(
                        [(safe_text(i.name), i.id) for i in self.project.change_ideas],
                        id="c-change_idea",
                        compact=True,
                        prompt="(none)",
                    ),
                )
                yield field_row(
                    "Purpose",
                    Select(
                        [(p, p) for p in m.CYCLE_PURPOSES],
                        id="c-purpose",
                        compact=True,
                        prompt="(none)",
                    ),
                )
                yield field_row(
                    "Status",
                    Select(
                        [(s, s) for s in m.CYCLE_STATUSES],
                        id="c-status",
                        compact=True,
                        allow_blank=False,
                    ),
                )
                yield field_row("Start", self.date_input("c-start"))
                yield field_row("End", self.date_input("c-end"))
                yield field_row("Responsible", TextInput(id="c-owner", compact=True))
                yield field_row(
                    "Scale",
                    TextInput(id="c-scale", compact=True, placeholder="who, how many, how long"),
                )
                parent = self.project.cycle(c.parent) if c and c.parent else None
                yield Static(
                    visible(f"Grew from cycle {parent.label}: {parent.title}")
                    if parent
                    else "First cycle of its ramp.",
                    classes="hint",
                    markup=False,
                )
            with TabPane("2 Plan", id="plan"), VerticalScroll(classes="form-scroll"):
                yield field_row("Objective", TextArea(id="c-objective", compact=True), "area-row")
                yield Static(
                    "Questions and predictions (write predictions before the test)",
                    classes="section-title",
                )
                yield Vertical(id="plan-questions", classes="question-list")
                yield Button("+ Add a question", id="add-question")
                yield field_row("Predicted on", self.date_input("c-predicted_on"))
                yield field_row("Who", TextInput(id="c-who", compact=True))
                yield field_row("What", TextInput(id="c-what", compact=True))
                yield field_row("Where", TextInput(id="c-where", compact=True))
                yield field_row("When", TextInput(id="c-when", compact=True))
                yield field_row("Data", TextArea(id="c-data", compact=True), "area-row")
            with TabPane("3 Do", id="do"), VerticalScroll(classes="form-scroll"):
                yield field_row(
                    "As planned?",
                    Select(YES_NO, id="c-as_planned", compact=True, prompt="(not yet known)"),
                )
                yield field_row(
                    "Observations", TextArea(id="c-observations", compact=True), "area-row"
                )
                yield field_row("Problems", TextArea(id="c-problems", compact=True), "area-row")
            with TabPane("4 Study", id="study"), VerticalScroll(classes="form-scroll"):
                yield Static("Results against the predictions, one by one", classes="section-title")
                yield Vertical(id="study-questions", classes="question-list")
                yield field_row("Learning", TextArea(id="c-learning", compact=True), "area-row")
                yield field_row("Studied on", self.date_input("c-studied_on"))
            with TabPane("5 Act", id="act"), VerticalScroll(classes="form-scroll"):
                yield field_row(
                    "Decision",
                    Select(
                        [(d, d) for d in m.DECISIONS],
                        id="c-decision",
                        compact=True,
                        prompt="(not decided)",
                    ),
                )
                yield field_row("Next steps", TextArea(id="c-next_steps", compact=True), "area-row")
                yield Static(
                    "Adapt or adopt: n on the cycles list starts the next cycle with "
                    "these next steps as its Plan.",
                    classes="hint",
                )
        yield MessageLine(id="cycle-error", classes="form-error")
        yield from self.compose_footer()

    @staticmethod
    def date_input(wid: str) -> Input:
        return TextInput(
            id=wid,
            compact=True,
            placeholder="YYYY-MM-DD",
            validators=[DateValidator(required=False)],
        )

    def on_mount(self) -> None:
        super().on_mount()
        if self.cycle is None:
            return
        self.load_form()
        self.refresh_view()
        self.query_one("#c-title", Input).focus()

    # ------------------------------------------------------------------ questions
    def add_question_rows(self, q: m.Question | None = None) -> int:
        i = self.n_questions
        self.n_questions += 1
        q = q or m.Question("")
        question = TextInput(q.question, id=f"q{i}-question", compact=True)
        prediction = TextInput(q.prediction, id=f"q{i}-prediction", compact=True)
        result = TextInput(q.result, id=f"q{i}-result", compact=True)
        shown = Static("", id=f"q{i}-shown", classes="readonly-block", markup=False)
        self._questions.append((question, prediction, result, shown))
        plan = self.query_one("#plan-questions", Vertical)
        plan.mount(
            Vertical(
                field_row(f"Question {i + 1}", question),
                field_row("Prediction", prediction),
                classes="question-row",
            )
        )
        study = self.query_one("#study-questions", Vertical)
        study.mount(Vertical(shown, field_row("Result", result), classes="question-row"))
        return i

    def show_predictions(self) -> None:
        for i, (question, prediction, _result, shown) in enumerate(self._questions):
            show_text(
                shown,
                f"Q{i + 1} {question.value or '(no question)'}\n"
                f"Predicted: {prediction.value or '(no prediction written)'}",
            )

    @on(Button.Pressed, "#add-question")
    def add_question(self) -> None:
        i = self.add_question_rows()
        self.call_after_refresh(lambda: self.query_one(f"#q{i}-question", Input).focus())

    # ------------------------------------------------------------------ form
    def load_form(self) -> None:
        c = self.cycle
        if c is None:
            return
        values: dict[str, Any] = {
            "label": c.label,
            "title": c.title,
            "change_idea": c.change_idea,
            "purpose": c.purpose,
            "status": c.status,
            "start": fmt_date(c.start),
            "end": fmt_date(c.end),
            "owner": c.owner,
            "scale": c.scale,
            "objective": c.plan.objective,
            "predicted_on": fmt_date(c.plan.predicted_on),
            "who": c.plan.who,
            "what": c.plan.what,
            "where": c.plan.where,
            "when": c.plan.when,
            "data": c.plan.data,
            "as_planned": "" if c.do.as_planned is None else ("yes" if c.do.as_planned else "no"),
            "observations": c.do.observations,
            "problems": c.do.problems,
            "learning": c.study.learning,
            "studied_on": fmt_date(c.study.studied_on),
            "decision": c.act.decision,
            "next_steps": c.act.next_steps,
        }
        for key, value in values.items():
            widget = self.query_one(f"#c-{key}")
            if isinstance(widget, TextArea):
                widget.load_text(value)
            elif isinstance(widget, Select):
                options = [v for _label, v in widget._options]
                widget.value = value if value in options else Select.NULL
            elif isinstance(widget, Input):
                widget.value = value
                widget.cursor_position = 0
        for row in self.query(".question-row"):
            row.remove()
        self.n_questions = 0
        self._questions = []
        for q in c.plan.questions:
            self.add_question_rows(q)
        if not c.plan.questions:
            self.add_question_rows()
        self.call_after_refresh(self.mark_clean)

    def mark_clean(self) -> None:
        self._clean = self.form_values()
        self.show_predictions()
        self.changed()

    def form_values(self) -> dict[str, Any]:
        """Every field's text by widget id (on every key: no search of the screen)."""
        if self._fields is None:
            self._fields = [
                w for w in self.query("Input, TextArea, Select") if (w.id or "").startswith("c-")
            ]
        out: dict[str, Any] = {}
        for widget in self._fields:
            wid = widget.id or ""
            if isinstance(widget, TextArea):
                out[wid] = widget.text
            elif isinstance(widget, Select):
                out[wid] = "" if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                out[wid] = widget.value
        for fields in self._questions:
            for field in fields[:3]:
                out[field.id or ""] = field.value
        return out

    def read_form(
        self, values: dict[str, Any] | None = None
    ) -> tuple[Callable[[m.Cycle], None] | None, str | None]:
        """Check the form (``values`` from :meth:`form_values`, read now if not given)."""
        v = self.form_values() if values is None else values
        if not v["c-label"].strip():
            return None, "Label: cannot be empty (e.g. 1a)"
        dates: dict[str, Any] = {}
        for name in DATE_FIELDS:
            value, error = parse_date(v[f"c-{name}"], required=False)
            if error:
                return None, f"{name.replace('_', ' ').capitalize()}: {error}"
            dates[name] = value
        if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
            return None, "End: before the start date"
        questions = []
        for i in range(self.n_questions):
            q = m.Question(
                *(v.get(f"q{i}-{k}", "").strip() for k in ("question", "prediction", "result"))
            )
            if q.question or q.prediction or q.result:
                questions.append(q)
        today = self.qapp.today()

        def apply(c: m.Cycle) -> None:
            c.label = v["c-label"].strip()
            c.title = v["c-title"].strip()
            c.change_idea = v["c-change_idea"]
            c.purpose = v["c-purpose"]
            c.status = v["c-status"] or "planned"
            c.start, c.end = dates["start"], dates["end"]
            c.owner, c.scale = v["c-owner"].strip(), v["c-scale"].strip()
            c.plan.objective = v["c-objective"].strip()
            c.plan.questions = questions
            c.plan.predicted_on = dates["predicted_on"]
            if c.plan.predicted_on is None and any(q.prediction for q in questions):
                c.plan.predicted_on = today
            for k in ("who", "what", "where", "when"):
                setattr(c.plan, k, v[f"c-{k}"].strip())
            c.plan.data = v["c-data"].strip()
            c.do.as_planned = {"yes": True, "no": False}.get(v["c-as_planned"])
            c.do.observations = v["c-observations"].strip()
            c.do.problems = v["c-problems"].strip()
            c.study.learning = v["c-learning"].strip()
            c.study.studied_on = dates["studied_on"]
            if c.study.studied_on is None and (
                c.study.learning or any(q.result for q in questions)
            ):
                c.study.studied_on = today
            c.act.decision = v["c-decision"]
            c.act.next_steps = v["c-next_steps"].strip()

        return apply, None

    def is_dirty(self) -> bool:
        return bool(self._clean) and self.is_mounted and self.form_values() != self._clean

    def discard_form(self) -> None:
        self.load_form()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        if not self._clean:
            return
        values = self.form_values()
        _, error = self.read_form(values)
        if error:
            text = f"✗ {error}"
        elif values != self._clean:
            text = "unsaved edits · Ctrl+S saves"
        else:
            text = ""
        self.query_one("#cycle-error", MessageLine).say(text)
        self.show_predictions()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        self.save_form()

    def save_form(self) -> bool:
        c = self.cycle
        apply, error = self.read_form()
        if c is None:
            return False
        if error or apply is None:
            self.notify(error or "invalid", severity="error", title="Not saved")
            return False
        ok = self.save_cycle(c, lambda: apply(c))
        if ok:
            self.load_form()
            self.notify(f"Cycle {c.label} saved.")
        return ok

    # ------------------------------------------------------------------ view
    def refresh_view(self) -> None:
        c = self.cycle
        if c is None:
            self.notify("This cycle is gone (deleted or reloaded).", severity="warning")
            self.dismiss(None)
            return
        self.SCREEN_NAME = f"Cycle {c.label}"
        self.update_titles()
        idea = self.project.change_idea(c.change_idea)
        self.query_one("#cycle-head", Static).update(
            visible(
                f"Cycle {c.label} · {c.title or '(untitled)'} · {c.status}"
                + (f" · {c.act.decision}" if c.act.decision else "")
                + f"\nChange idea: {idea.name if idea else '(none)'}",
                multiline=True,
            )
        )

    def action_section(self, step: int) -> None:
        tabs = self.query_one("#cycle-tabs", TabbedContent)
        index = SECTIONS.index(tabs.active) if tabs.active in SECTIONS else 0
        self.action_goto(SECTIONS[(index + step) % len(SECTIONS)])

    def action_goto(self, name: str) -> None:
        tabs = self.query_one("#cycle-tabs", TabbedContent)
        tabs.active = name
        self.call_after_refresh(self.focus_first, name)

    def focus_first(self, name: str) -> None:
        pane = self.query_one(f"#{name}", TabPane)
        for widget in pane.query("Input, TextArea, Select"):
            if widget.focusable:
                widget.focus()
                return

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from qitui.screens.cycles import next_cycle

        def start_next() -> None:
            if self.is_dirty():
                self.notify("Save this cycle first (Ctrl+S).", severity="warning")
                return
            next_cycle(self, self.cycle_id)

        return [
            ("Cycles: next cycle", "Start the next cycle of this ramp", start_next),
            ("Cycles: add question", "A question and its prediction", self.add_question),
        ]
