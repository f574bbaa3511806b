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
from textual.widget import AwaitMount, Widget
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
from qitui.safetext import visible
from qitui.screens.base import QituiScreen, lock
from qitui.widgets.form import FieldSpec
from qitui.widgets.forms import MessageLine, field_row, show_text
from qitui.widgets.held_mount import HeldMounts
from qitui.widgets.lazy_form import LazyForm
from qitui.widgets.pdsa_fields import (
    QUESTION_PARTS,
    SCALE_NUMBERS,
    WORKSHEET,
    cycle_fields,
    idea_options,
)

SECTIONS = ["cycle", "plan", "do", "study", "act"]
TITLES = {"cycle": "1 Cycle", "plan": "2 Plan", "do": "3 Do", "study": "4 Study", "act": "5 Act"}


class QuestionList(Vertical):
    """A list of question rows, made when the list is composed (from the questions as they
    are then: a list laid out before it is mounted never shows questions gone since)."""

    def __init__(self, rows: Callable[[], list[Widget]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows = rows
        self.composed = False  # until then, a question added is in the rows it composes

    def compose(self) -> ComposeResult:
        self.composed = True
        yield from self._rows()


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
        #: a field's widget is made when its section is first shown (the form holds its value
        #: until then: loaded, read, checked and saved all the same)
        self.form = LazyForm(cycle_fields(idea_options(self.project, self.cycle)), prefix="c-")
        #: the questions: q<i>-question, q<i>-prediction, q<i>-result, one more per question
        self.questions = LazyForm([], prefix="")
        self.n_questions = 0
        self._shown: list[Static] = []  # per question, its block on the Study section
        #: the sections laid out so far (each when first shown), with the mount of its fields
        self._built: dict[str, AwaitMount | None] = {}
        #: the question lists of the Plan and Study sections, once laid out
        self._lists: dict[str, QuestionList] = {}
        self._held = HeldMounts()  # drawing held back while a section mounts
        #: (from, to, why) when the last save moved the status with the work
        self.moved: tuple[str, str, str] | None = None

    @property
    def cycle(self) -> m.Cycle | None:
        return self.project.cycle(self.cycle_id)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="cycle-head", classes="aim-sentence", markup=False)
        yield Static("", id="cycle-warnings", classes="hint warnings", markup=False)
        with TabbedContent(initial="cycle", id="cycle-tabs"):
            # the Cycle section now; each other one the first time it is shown (show_section)
            self._built["cycle"] = None
            yield TabPane(TITLES["cycle"], self.section("cycle"), id="cycle")
            for name in SECTIONS[1:]:
                yield TabPane(TITLES[name], id=name)
        yield MessageLine(id="cycle-error", classes="form-error")
        yield from self.compose_footer()

    def section(self, name: str) -> VerticalScroll:
        """The fields of a section, made now."""
        f = self.form
        parts: list[Widget]
        if name == "cycle":
            c = self.cycle
            parent = self.project.cycle(c.parent) if c and c.parent else None
            parts = [
                *f.rows("label", "title", "change_idea", "purpose", "status"),
                *f.rows("start", "end", "owner", "scale", *(k for k, _ in SCALE_NUMBERS)),
                Static(
                    visible(f"Grew from cycle {parent.label}: {parent.title}")
                    if parent
                    else "First cycle of its ramp.",
                    classes="hint",
                    markup=False,
                ),
                Static("", id="cycle-notes", classes="hint", markup=False),
            ]
        elif name == "plan":
            parts = [
                f.row("objective"),
                Static(
                    "Questions and predictions (write predictions before the test)",
                    classes="section-title",
                ),
                self.question_list("plan"),
                Button("+ Add a question", id="add-question"),
                *f.rows("predicted_on", "who", "what", "where", "when", "data"),
            ]
        elif name == "do":
            parts = [*f.rows("as_planned", "observations", "problems")]
        elif name == "study":
            parts = [
                Static("Results against the predictions, one by one", classes="section-title"),
                self.question_list("study"),
                *f.rows("learning", "studied_on"),
            ]
        else:
            parts = [
                *f.rows("decision", "next_steps"),
                Static(
                    "Adapt or adopt: n on the cycles list starts the next cycle with "
                    "these next steps as its Plan.",
                    classes="hint",
                ),
            ]
        if self.read_only():  # locked before they are mounted (questions: question_row)
            lock([*f.widgets.values(), *(p for p in parts if isinstance(p, Button))])
        return VerticalScroll(*parts, classes="form-scroll")

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.query_one("#cycle-tabs", TabbedContent), "active", self.show_section)
        if self.cycle is None:
            return
        self.load_form()
        self.refresh_view()
        self.form.widget("title").focus()

    def show_section(self, name: str) -> None:
        """A section is shown (by a key, a click or the code): its fields are made and
        mounted the first time. The screen is not laid out or drawn until they all are:
        mounted a level at a time, they would each lay the whole screen out again."""
        if name not in SECTIONS or name in self._built:
            return
        pane = self.query_one(f"#{name}", TabPane)
        self._built[name] = self._held.mount(pane, self.section(name))

    def on_unmount(self) -> None:
        self._held.cancel()  # closed while a section was being mounted: draw

    async def section_ready(self, name: str) -> None:
        """Until the section's fields are mounted (shown first, they are being mounted)."""
        mounted = self._built.get(name)
        if mounted is not None:
            await mounted

    # ------------------------------------------------------------------ questions
    def question_list(self, section: str) -> QuestionList:
        """The questions of the Plan (question, prediction) or of the Study (each with its
        prediction shown, and its result), as they are when the list is mounted."""
        box = QuestionList(
            lambda: [self.question_row(section, i) for i in range(self.n_questions)],
            id=f"{section}-questions",
            classes="question-list",
        )
        self._lists[section] = box
        return box

    def question_row(self, section: str, i: int) -> Vertical:
        q = self.questions
        if section == "plan":
            fields = [q.widget(f"q{i}-question"), q.widget(f"q{i}-prediction")]
            labels = [f"Question {i + 1}", "Prediction"]
            parts: list[Widget] = []
        else:
            fields, labels = [q.widget(f"q{i}-result")], ["Result"]
            shown = Static(
                visible(self.prediction_text(i, q.texts()), multiline=True),
                id=f"q{i}-shown",
                classes="readonly-block",
                markup=False,
            )
            self._shown.append(shown)
            parts = [shown]
        if self.read_only():
            lock(fields)
        rows = [field_row(label, field) for label, field in zip(labels, fields, strict=True)]
        return Vertical(*parts, *rows, classes="question-row")

    def add_question_rows(self, q: m.Question | None = None) -> AwaitComplete:
        """Add one question, and its fields to the question lists laid out (Plan, Study);
        returns the awaitable of their mounts."""
        i = self.n_questions
        self.n_questions += 1
        q = q or m.Question("")
        for part in QUESTION_PARTS:
            spec = FieldSpec(f"q{i}-{part}", part, getattr(q, part), placeholder=WORKSHEET[part])
            self.questions.declare(spec)
        # a list not composed yet composes every question when it is
        boxes = [(s, box) for s, box in self._lists.items() if box.composed]
        return AwaitComplete(*(box.mount(self.question_row(s, i)) for s, box in boxes))

    def read_questions(self) -> list[m.Question]:
        raw = self.questions.texts()
        questions = []
        for i in range(self.n_questions):
            q = m.Question(*(str(raw.get(f"q{i}-{k}", "")).strip() for k in QUESTION_PARTS))
            if q.question or q.prediction or q.result:
                questions.append(q)
        return questions

    @staticmethod
    def prediction_text(i: int, raw: dict[str, Any]) -> str:
        return (
            f"Q{i + 1} {raw.get(f'q{i}-question') or '(no question)'}\n"
            f"Predicted: {raw.get(f'q{i}-prediction') or '(no prediction written)'}"
        )

    def show_predictions(self) -> None:
        raw = self.questions.texts()
        for i, shown in enumerate(self._shown):
            show_text(shown, self.prediction_text(i, raw))

    @on(Button.Pressed, "#add-question")
    async def add_question(self) -> None:
        """A new, empty question, focused once its fields are mounted (never looked up by id:
        an id looked up before the mount is done is not found)."""
        self.action_goto("plan", focus=False)
        await self.section_ready("plan")
        await self.add_question_rows()
        self.questions.widget(f"q{self.n_questions - 1}-question").focus()
        self.changed()

    # ------------------------------------------------------------------ form
    def load_form(self) -> None:
        c = self.cycle
        if c is None:
            return
        self.form.load_from(c)
        for row in self.query(".question-row"):
            row.remove()
        self.questions = LazyForm([], prefix="")
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

    async def action_section(self, step: int) -> None:  # Ctrl+N, Ctrl+PgUp/PgDn: into the fields
        tabs = self.query_one("#cycle-tabs", TabbedContent)
        index = SECTIONS.index(tabs.active) if tabs.active in SECTIONS else 0
        tabs.active = SECTIONS[(index + step) % len(SECTIONS)]
        await self.section_ready(tabs.active)  # shown the first time: its fields are mounting
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
