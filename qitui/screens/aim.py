"""Aim: its parts and the sentence they make, earlier aims, the team, the progress score."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static

from qitui import model as m
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.flow import flow
from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.forms import MessageLine, show_text
from qitui.widgets.prompt import Field, PromptDialog
from qitui.widgets.score_dialog import ScoreDialog
from qitui.widgets.tables import RowTable

WHOM = "e.g. families with a child of 27–30 months"
OWN = "optional: your own sentence (else composed)"


def aim_fields() -> list[FieldSpec]:
    return [
        FieldSpec("what", "What", placeholder="e.g. increase on-time reviews"),
        FieldSpec("how_much", "How much", placeholder="e.g. from 72% to 90%"),
        FieldSpec("by_when", "By when", kind="date"),
        FieldSpec("for_whom", "For whom", placeholder="e.g. families with a child of 27–30 months"),
        FieldSpec("where", "Where", placeholder="e.g. Hillview"),
        FieldSpec(
            "statement", "Own words", placeholder="optional: your own sentence (else composed)"
        ),
    ]


class AimScreen(QituiScreen):
    CATEGORY = "Aim"
    SCREEN_NAME = "Aim"
    #: focus the first field at once (Textual would focus the first focusable, the scroll
    #: box, then the field: two restyles of the whole form on every opening)
    AUTO_FOCUS = "#aim-what"
    ABOUT = (
        "Edit the parts of the aim; Ctrl+S saves (the earlier aim is kept with its date). "
        "t adds a team member, p a progress score; Enter edits the row under the cursor."
    )
    EDIT_ACTIONS = frozenset({"save", "add_member", "add_score", "delete_row"})
    BINDINGS = [
        Binding("ctrl+s", "save", "Save aim", id="aim-save"),
        Binding("t", "add_member", "Add team member", id="aim-add-member"),
        Binding("p", "add_score", "Add progress score", id="aim-add-score"),
        Binding("delete", "delete_row", "Delete row", id="aim-delete-row"),
    ]

    def compose(self) -> ComposeResult:
        self.form = Form(aim_fields(), prefix="aim-")
        yield from self.compose_header()
        with VerticalScroll(id="aim-body"):
            yield Static("Aim — what, how much, by when, for whom, where", classes="section-title")
            yield from self.form.rows()
            yield Static("", id="aim-preview", classes="aim-sentence", markup=False)
            yield Static("", id="aim-warnings", classes="hint", markup=False)
            yield MessageLine(id="aim-error", classes="form-error")
            yield Static("Earlier aims", classes="section-title")
            yield Static("", id="aim-history", markup=False, classes="hint")
            yield Static("Team (t adds · Enter edits · Del removes)", classes="section-title")
            yield RowTable(id="team", cursor_type="row", classes="inline-table")
            yield Static("Progress score (p adds · Del removes)", classes="section-title")
            yield Static("", id="score-latest", markup=False, classes="hint")
            yield RowTable(id="scores", cursor_type="row", classes="inline-table")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#team", DataTable).add_columns("Name", "Role")
        self.query_one("#scores", DataTable).add_columns("Date", "Score", "Justification")
        self.load_form()
        # the preview follows each key in the key's own frame (Input.Changed comes a frame later)
        for widget in self.form.widgets.values():
            self.watch(widget, "value", self.changed, init=False)
        self.refresh_view()
        self.form.widget("what").focus()

    # ------------------------------------------------------------------ form
    def load_form(self) -> None:
        self.form.load_from(self.project.aim)
        self.changed()

    def read_form(self) -> tuple[m.Aim | None, str | None]:
        values, error = self.form.read()
        return (None, error) if values is None else (m.Aim(**values), None)

    def is_dirty(self) -> bool:
        return hasattr(self, "form") and self.form.dirty

    def discard_form(self) -> None:
        self.load_form()

    def changed(self) -> None:
        """Check the form and preview the sentence (as each field changes)."""
        if not self.form.loaded:
            return
        aim, error = self.read_form()
        self.query_one("#aim-error", MessageLine).say(f"✗ {error}" if error else "")
        sentence = aim.sentence() if aim else ""
        mark = " (unsaved: Ctrl+S)" if self.form.dirty else ""
        show_text(
            self.query_one("#aim-preview", Static),
            f"Statement{mark}: {sentence or '(fill in the parts above)'}",
        )
        from qitui.lint import aim_warning_texts  # the same warnings as `qitui check`

        warnings = aim_warning_texts(aim) if aim else []
        box = self.query_one("#aim-warnings", Static)
        box.display = bool(warnings)
        show_text(box, "\n".join(f"⚠ {w}" for w in warnings))

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.focus_next()

    @flow
    async def action_save(self) -> None:
        """Save the aim; a changed aim asks why first (the reason is required)."""
        aim, error = self.read_form()
        if error or aim is None:
            self.notify(error or "invalid", severity="error", title="Not saved")
            return
        if not self.aim_changes(aim) or self.qapp.is_read_only(self.store):
            self.save_aim(aim, "")  # read-only: refused at once, with no question
            return
        values = await self.app.push_screen_wait(
            PromptDialog(
                "The aim changes: the earlier aim is kept with today's date and the reason.",
                [Field("reason", "Why does it change?", required=True)],
                confirm="Save aim",
            )
        )
        if values is not None:
            self.save_aim(aim, str(values.get("reason", "")).strip())

    def aim_changes(self, aim: m.Aim) -> bool:
        old = self.project.aim.sentence()
        return bool(old) and aim.sentence() != old

    def save_form(self) -> bool:
        """Every save path of the form (Ctrl+S, Escape or Ctrl+Q → save) asks why a changed
        aim changes: here the question is put and nothing is saved yet (the caller stays)."""
        aim, error = self.read_form()
        if error or aim is None:
            self.notify(error or "invalid", severity="error", title="Not saved")
            return False
        if self.aim_changes(aim):
            self.action_save()
            return False
        return self.save_aim(aim, "")

    def save_aim(self, aim: m.Aim, reason: str) -> bool:
        old = self.project.aim.sentence()
        today = self.qapp.today()

        def mutate() -> None:
            if old and aim.sentence() != old:
                self.project.aim_history.append(m.AimRevision(today, old, reason))
            self.project.aim = aim

        ok = self.save_project(mutate)
        if ok:
            self.form.mark_clean()
            self.changed()
            self.notify("Aim saved.")
        return ok

    # ------------------------------------------------------------------ view
    def refresh_view(self) -> None:
        p = self.project
        self.update_titles()
        history = "\n".join(
            f"{a.date}  {a.statement}" + (f"  (why: {a.reason})" if a.reason else "")
            for a in sorted(p.aim_history, key=lambda a: a.date, reverse=True)
        )
        self.query_one("#aim-history", Static).update(
            visible(history or "none: this is the first aim", True)
        )
        team = self.query_one("#team", DataTable)
        team.clear()
        for i, member in enumerate(p.team):
            team.add_row(member.name, member.role or "—", key=str(i))
        scores = self.query_one("#scores", DataTable)
        scores.clear()
        for i, s in sorted(enumerate(p.scores), key=lambda x: x[1].date, reverse=True):
            scores.add_row(s.date.isoformat(), f"{s.score:.1f}", s.justification or "—", key=str(i))
        latest = p.latest_score()
        scale = p.progress_scale()
        self.query_one("#score-latest", Static).update(
            visible(
                f"Latest: {latest.score:.1f} — {scale.get(latest.score, '')}"
                if latest
                else "No score yet: p chooses one on the 0.5–5.0 scale.",
                True,
            )
        )
        self.changed()

    # ------------------------------------------------------------------ team
    def action_add_member(self) -> None:
        self.edit_member(None)

    @flow
    async def edit_member(self, index: int | None) -> None:
        current = self.project.team[index] if index is not None else m.TeamMember("")

        def write(values: dict[str, Any]) -> bool:
            member = m.TeamMember(values["name"], values["role"])

            def mutate() -> None:
                if index is None:
                    self.project.team.append(member)
                else:
                    self.project.team[index] = member

            return self.save_project(mutate)

        await self.app.push_screen_wait(
            PromptDialog(
                "Team member",
                [
                    Field("name", "Name", current.name, required=True),
                    Field("role", "Role", current.role, placeholder="e.g. lead, data, sponsor"),
                ],
                confirm="Save",
                on_submit=write,
            )
        )

    @on(DataTable.RowSelected, "#team")
    def team_selected(self, event: DataTable.RowSelected) -> None:
        if not self.read_only():
            self.edit_member(int(str(event.row_key.value)))

    # ------------------------------------------------------------------ scores
    @flow
    async def action_add_score(self) -> None:
        def write(score: m.ProgressScore) -> bool:
            return self.save_project(lambda: self.project.scores.append(score))

        await self.app.push_screen_wait(
            ScoreDialog(
                self.project.progress_scale(),
                self.qapp.today(),
                self.project.latest_score(),
                on_submit=write,
            )
        )

    @flow
    async def action_delete_row(self) -> None:
        focused = self.focused
        if not isinstance(focused, DataTable) or focused.row_count == 0:
            self.notify("Move to the team or the scores table first (Tab).")
            return
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        index = int(str(key))
        if focused.id == "team":
            name = self.project.team[index].name
            items = "team"
        else:
            s = self.project.scores[index]
            name = f"the score {s.score:.1f} of {s.date}"
            items = "scores"
        if await self.app.push_screen_wait(ConfirmDialog(f"Remove {name}?", yes="Remove")):
            self.save_project(lambda: getattr(self.project, items).pop(index))
