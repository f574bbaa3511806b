"""The PDSA worksheet of one cycle: Cycle, Plan, Do, Study, Act, every field of the model.

The Study section shows each question with its prediction (read-only) beside the result, so
that the team compares results with what it predicted, one by one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)

from qitui import model as m
from qitui.cycle_flow import prediction_date, status_for_work
from qitui.messages import NextCycle
from qitui.safetext import text as safe_text
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.forms import MessageLine, field_row, show_text

SECTIONS = ["cycle", "plan", "do", "study", "act"]
#: the scale as numbers, beside its free text: (field, label)
SCALE_NUMBERS = [("scale_people", "People"), ("scale_sites", "Sites"), ("scale_days", "Days")]
YES_NO = [("yes: carried out as planned", "yes"), ("no: not as planned", "no")]
QUESTION_PARTS = ("question", "prediction", "result")
#: the IHI PDSA worksheet's prompts, shown in each empty field (a blank Plan reads as a
#: worksheet to fill)
WORKSHEET = {
    "objective": "What do we want to learn from this test?",
    "question": "What question will this test answer?",
    "prediction": "What do we predict will happen?",
    "who": "Who will carry out the test?",
    "what": "What will be done?",
    "where": "Where will it happen?",
    "when": "When? (dates, times)",
    "data": "What data will we collect, and how?",
    "observations": "What happened? What did we observe?",
    "problems": "What problems or surprises came up?",
    "result": "What actually happened?",
    "learning": "How do the results compare with the predictions? What did we learn?",
    "next_steps": "What will we do next? (adopt, adapt, abandon: the next cycle's plan)",
}


def _not_negative(value: Any) -> str | None:
    return "is below 0" if value is not None and value < 0 else None


def _blank_is_empty(value: Any) -> tuple[Any, str | None]:
    return value or "", None


def _choice(
    name: str, label: str, options: list[tuple[str, str]], prompt: str, **kw: Any
) -> FieldSpec:
    return FieldSpec(
        name, label, kind="select", options=options, placeholder=prompt, parse=_blank_is_empty, **kw
    )


def cycle_fields(ideas: list[tuple[Any, str]]) -> list[FieldSpec]:
    """Every field of the worksheet but the questions, with its place in the model."""

    def text(
        name: str, label: str, attr: str = "", kind: str = "text", hint: str = ""
    ) -> FieldSpec:
        return FieldSpec(name, label, kind=kind, attr=attr, placeholder=hint)

    return [
        FieldSpec("label", "Label", required=True, placeholder="1a, 1b…"),
        text("title", "Title"),
        _choice("change_idea", "Change idea", ideas, "(none)"),
        _choice("purpose", "Purpose", [(p, p) for p in m.CYCLE_PURPOSES], "(none)"),
        FieldSpec(
            "status",
            "Status",
            kind="select",
            options=[(x, x) for x in m.CYCLE_STATUSES],
            required=True,
        ),
        FieldSpec("start", "Start", kind="date"),
        FieldSpec("end", "End", kind="date"),
        text("owner", "Responsible"),
        text("scale", "Scale", hint="who, how many, how long"),
        *[
            FieldSpec(
                k,
                label,
                kind="int",
                placeholder=f"how many {label.lower()} (a whole number)",
                check=_not_negative,
            )
            for k, label in SCALE_NUMBERS
        ],
        text("objective", "Objective", "plan.objective", "area", WORKSHEET["objective"]),
        FieldSpec("predicted_on", "Predicted on", kind="date", attr="plan.predicted_on"),
        *[
            text(k, k.capitalize(), f"plan.{k}", hint=WORKSHEET[k])
            for k in ("who", "what", "where", "when")
        ],
        text("data", "Data", "plan.data", "area", WORKSHEET["data"]),
        FieldSpec(
            "as_planned",
            "As planned?",
            kind="select",
            options=YES_NO,
            placeholder="(not yet known)",
            attr="do.as_planned",
            parse=lambda v: ({"yes": True, "no": False}.get(v or ""), None),
            format=lambda v: None if v is None else ("yes" if v else "no"),
        ),
        text("observations", "Observations", "do.observations", "area", WORKSHEET["observations"]),
        text("problems", "Problems", "do.problems", "area", WORKSHEET["problems"]),
        text("learning", "Learning", "study.learning", "area", WORKSHEET["learning"]),
        FieldSpec("studied_on", "Studied on", kind="date", attr="study.studied_on"),
        _choice(
            "decision",
            "Decision",
            [(d, d) for d in m.DECISIONS],
            "(not decided)",
            attr="act.decision",
        ),
        text("next_steps", "Next steps", "act.next_steps", "area", WORKSHEET["next_steps"]),
    ]


class CycleScreen(QituiScreen):
    CATEGORY = "Cycles"
    SCREEN_NAME = "PDSA worksheet"
    #: the title field at once (not the tabs first: a restyle of the whole worksheet)
    AUTO_FOCUS = "#c-title"
    ABOUT = (
        "Cycle / Plan / Do / Study / Act. Tab moves between fields, Ctrl+N (or Ctrl+PgDn) to "
        "the next section, Ctrl+PgUp back, 1-5 jump when no text field has focus. Ctrl+S saves."
    )
    EDIT_ACTIONS = frozenset({"save"})
    EDIT_COMMANDS = frozenset({"Cycles: next cycle", "Cycles: add question"})
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
        self.form = Form(cycle_fields(idea_options(self.project, self.cycle)), prefix="c-")
        #: the questions: q<i>-question, q<i>-prediction, q<i>-result, one more per question
        self.questions = Form([], prefix="")
        self.n_questions = 0
        self._shown: list[Static] = []  # per question, its block on the Study section
        #: (from, to, why) when the last save moved the status with the work
        self.moved: tuple[str, str, str] | None = None

    @property
    def cycle(self) -> m.Cycle | None:
        return self.project.cycle(self.cycle_id)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        c = self.cycle
        f = self.form
        yield from self.compose_header()
        yield Static("", id="cycle-head", classes="aim-sentence", markup=False)
        yield Static("", id="cycle-warnings", classes="hint warnings", markup=False)
        with TabbedContent(initial="cycle", id="cycle-tabs"):
            with TabPane("1 Cycle", id="cycle"), VerticalScroll(classes="form-scroll"):
                yield from f.rows("label", "title", "change_idea", "purpose", "status")
                yield from f.rows("start", "end", "owner", "scale", *(k for k, _ in SCALE_NUMBERS))
                parent = self.project.cycle(c.parent) if c and c.parent else None
                yield Static(
                    visible(f"Grew from cycle {parent.label}: {parent.title}")
                    if parent
                    else "First cycle of its ramp.",
                    classes="hint",
                    markup=False,
                )
                yield Static("", id="cycle-notes", classes="hint", markup=False)
            with TabPane("2 Plan", id="plan"), VerticalScroll(classes="form-scroll"):
                yield f.row("objective")
                yield Static(
                    "Questions and predictions (write predictions before the test)",
                    classes="section-title",
                )
                yield Vertical(id="plan-questions", classes="question-list")
                yield Button("+ Add a question", id="add-question")
                yield from f.rows("predicted_on", "who", "what", "where", "when", "data")
            with TabPane("3 Do", id="do"), VerticalScroll(classes="form-scroll"):
                yield from f.rows("as_planned", "observations", "problems")
            with TabPane("4 Study", id="study"), VerticalScroll(classes="form-scroll"):
                yield Static("Results against the predictions, one by one", classes="section-title")
                yield Vertical(id="study-questions", classes="question-list")
                yield from f.rows("learning", "studied_on")
            with TabPane("5 Act", id="act"), VerticalScroll(classes="form-scroll"):
                yield from f.rows("decision", "next_steps")
                yield Static(
                    "Adapt or adopt: n on the cycles list starts the next cycle with "
                    "these next steps as its Plan.",
                    classes="hint",
                )
        yield MessageLine(id="cycle-error", classes="form-error")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        if self.cycle is None:
            return
        self.load_form()
        self.refresh_view()
        self.form.widget("title").focus()

    # ------------------------------------------------------------------ questions
    def add_question_rows(self, q: m.Question | None = None) -> tuple[Input, AwaitComplete]:
        """Mount the fields of one question (Plan and Study); returns its question field and
        the awaitable of the mounts (a caller that focuses the field awaits it first)."""
        i = self.n_questions
        self.n_questions += 1
        q = q or m.Question("")
        fields = {
            part: self.questions.add(
                FieldSpec(f"q{i}-{part}", part, getattr(q, part), placeholder=WORKSHEET[part])
            )
            for part in QUESTION_PARTS
        }
        shown = Static("", id=f"q{i}-shown", classes="readonly-block", markup=False)
        self._shown.append(shown)
        plan = self.query_one("#plan-questions", Vertical)
        mounted_plan = plan.mount(
            Vertical(
                field_row(f"Question {i + 1}", fields["question"]),
                field_row("Prediction", fields["prediction"]),
                classes="question-row",
            )
        )
        study = self.query_one("#study-questions", Vertical)
        mounted_study = study.mount(
            Vertical(shown, field_row("Result", fields["result"]), classes="question-row")
        )
        question = fields["question"]
        assert isinstance(question, Input)
        return question, AwaitComplete(mounted_plan, mounted_study)

    def read_questions(self) -> list[m.Question]:
        raw = self.questions.texts()
        questions = []
        for i in range(self.n_questions):
            q = m.Question(*(str(raw.get(f"q{i}-{k}", "")).strip() for k in QUESTION_PARTS))
            if q.question or q.prediction or q.result:
                questions.append(q)
        return questions

    def show_predictions(self) -> None:
        raw = self.questions.texts()
        for i, shown in enumerate(self._shown):
            show_text(
                shown,
                f"Q{i + 1} {raw.get(f'q{i}-question') or '(no question)'}\n"
                f"Predicted: {raw.get(f'q{i}-prediction') or '(no prediction written)'}",
            )

    @on(Button.Pressed, "#add-question")
    async def add_question(self) -> None:
        """A new, empty question, focused once its fields are mounted (never looked up by id:
        an id looked up before the mount is done is not found)."""
        question, mounted = self.add_question_rows()
        await mounted
        self.action_goto("plan", focus=False)
        question.focus()
        self.changed()

    # ------------------------------------------------------------------ form
    def load_form(self) -> None:
        c = self.cycle
        if c is None:
            return
        self.form.load_from(c)
        for row in self.query(".question-row"):
            row.remove()
        self.questions = Form([], prefix="")
        self.n_questions = 0
        self._shown = []
        for q in c.plan.questions or [m.Question("")]:
            self.add_question_rows(q)
        self.questions.mark_clean()
        self.show_predictions()
        self.changed()

    def read_form(self) -> tuple[Callable[[m.Cycle], None] | None, str | None]:
        """Check the form; the change it makes to a cycle, or the first problem."""
        values, error = self.form.read()
        if values is None:
            return None, error
        if values["start"] and values["end"] and values["end"] < values["start"]:
            return None, "End: before the start date"
        questions = self.read_questions()
        today = self.qapp.today()

        def apply(c: m.Cycle) -> None:
            before = c.status
            self.form.apply_to(c, values)
            c.status = c.status or "planned"
            c.plan.questions = questions
            if c.plan.predicted_on is None and any(q.prediction for q in questions):
                c.plan.predicted_on = prediction_date(c, today)
            self.moved = None
            if c.status == before:  # a status picked by hand wins over the one the work implies
                moved = status_for_work(c)
                if moved:
                    self.moved = (before, *moved)
                    c.status = self.moved[1]
            if c.study.studied_on is None and (
                c.study.learning or any(q.result for q in questions)
            ):
                c.study.studied_on = today

        return apply, None

    def is_dirty(self) -> bool:
        return self.is_mounted and (self.form.dirty or self.questions.dirty)

    def discard_form(self) -> None:
        self.load_form()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        if not self.form.loaded:
            return
        _, error = self.read_form()
        if error:
            text = f"✗ {error}"
        elif self.form.dirty or self.questions.dirty:
            text = "unsaved edits · Ctrl+S saves"
        else:
            text = ""
        self.query_one("#cycle-error", MessageLine).say(text)
        self.show_predictions()
        self.show_warnings()

    def show_warnings(self) -> None:
        """The methodology warnings ``qitui check`` would give this cycle as the form now
        stands (saved or not), from lint's own functions, so that the two never disagree."""
        from qitui.lint import cycle_warning_texts

        c = self.cycle
        apply, _ = self.read_form()
        if c is None or apply is None:
            return
        draft = copy.deepcopy(c)
        moved = self.moved
        apply(draft)
        self.moved = moved
        prefix = f"cycle {draft.label}: "
        texts = [w.removeprefix(prefix) for w in cycle_warning_texts(draft)]
        widget = self.query_one("#cycle-warnings", Static)
        show_text(widget, "\n".join(f"⚠ {t}" for t in texts))
        widget.display = bool(texts)

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
            moved = (
                f" Status {self.moved[0]} → {self.moved[1]} ({self.moved[2]})."
                if self.moved
                else ""
            )
            self.notify(f"Cycle {c.label} saved.{moved}")
            self.refresh_view()
        return ok

    # ------------------------------------------------------------------ view
    def refresh_view(self) -> None:
        c = self.cycle
        if c is None:
            gone = self.gone_message("cycle", self.store.cycle_file(self.cycle_id))
            self.notify(gone, severity="warning")
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
        notes = self.project.notes_about(f"cycle:{c.id}")
        show_text(
            self.query_one("#cycle-notes", Static),
            "\n".join(f"✎ {n.date} {n.author}: {' '.join(n.text.split())}" for n in notes)
            if notes
            else "No review notes on this cycle (Notes screen: a adds one).",
        )

    def action_section(self, step: int) -> None:  # Ctrl+N, Ctrl+PgUp/PgDn: into the fields
        tabs = self.query_one("#cycle-tabs", TabbedContent)
        index = SECTIONS.index(tabs.active) if tabs.active in SECTIONS else 0
        tabs.active = SECTIONS[(index + step) % len(SECTIONS)]
        self.call_after_refresh(self.focus_first, tabs.active)

    def action_goto(self, name: str, focus: bool = True) -> None:
        """1–5: show a section with the focus on the section bar, out of the fields, so that
        the next digit is a section key again and is never typed into a field."""
        tabs = self.query_one("#cycle-tabs", TabbedContent)
        tabs.active = name
        if focus:
            tabs.query_one(Tabs).focus()

    def focus_first(self, name: str) -> None:
        pane = self.query_one(f"#{name}", TabPane)
        for widget in pane.query("Input, TextArea, Select"):
            if widget.focusable:
                widget.focus()
                return

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        def start_next() -> None:
            if self.is_dirty():
                self.notify("Save this cycle first (Ctrl+S).", severity="warning")
                return
            self.post_message(NextCycle(self, self.cycle_id))

        return [
            ("Cycles: next cycle", "Start the next cycle of this ramp", start_next),
            ("Cycles: add question", "A question and its prediction", self.add_question),
        ]


def idea_options(project: m.Project, cycle: m.Cycle | None) -> list[tuple[Any, str]]:
    """The change ideas to pick from; a cycle's idea that is missing from the driver diagram
    (a hand edit, a merge) stays as it is, never silently cleared by a save."""
    options: list[tuple[Any, str]] = [(safe_text(i.name), i.id) for i in project.change_ideas]
    if cycle is not None and cycle.change_idea and project.change_idea(cycle.change_idea) is None:
        missing = safe_text(f"{cycle.change_idea} (not in the driver diagram)")
        options.append((missing, cycle.change_idea))
    return options
