"""Review notes by author and date, on the project, a measure or a cycle."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from qitui import model as m
from qitui.flows.notes import about_text, note_dialog
from qitui.messages import AddNote
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.flow import flow
from qitui.widgets.tables import RowTable
from qitui.widgets.text import show_text

#: The widest the Author and About columns get (longer ones end in "…"; the note's full
#: text is under the table).
AUTHOR_WIDTH = 18
ABOUT_WIDTH = 20


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class NotesScreen(QituiScreen):
    CATEGORY = "Notes"
    SCREEN_NAME = "Notes"
    ABOUT = (
        "Review notes on the project, a measure, a data point or a cycle. s sorts by date or "
        "author."
    )
    EDIT_ACTIONS = frozenset({"add", "edit", "delete"})
    BINDINGS = [
        Binding("a", "add", "Add note", id="notes-add"),
        Binding("enter", "edit", "Edit note", show=False, id="notes-edit"),
        Binding("s", "sort", "Sort date/author", id="notes-sort"),
        Binding("delete", "delete", "Delete note", id="notes-delete"),
    ]

    def __init__(self, store: Any) -> None:
        super().__init__(store)
        self.sort_by = "date"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="notes-intro", classes="screen-intro")
        yield RowTable(id="notes", cursor_type="row")
        with VerticalScroll(id="note-text-box"):
            yield Static("", id="note-text", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#notes", DataTable)
        table.add_columns("Date", "Author", "About", "Note")
        # in the frame that moves the cursor (RowHighlighted would come a frame later)
        self.watch(table, "cursor_coordinate", self.show_text, init=False)
        self.refresh_view()
        self.query_one("#notes", DataTable).focus()

    def ordered(self) -> list[m.Note]:
        if self.sort_by == "author":
            return sorted(self.project.notes, key=lambda n: (n.author.lower(), n.date, n.id))
        return sorted(self.project.notes, key=lambda n: (n.date, n.id), reverse=True)

    def refresh_view(self) -> None:
        self.update_titles()
        table = self.query_one("#notes", DataTable)
        row = table.cursor_row
        table.clear()
        notes = self.ordered()
        authors = [_fit(n.author, AUTHOR_WIDTH) for n in notes]
        abouts = [_fit(about_text(self.project, n.about), ABOUT_WIDTH) for n in notes]
        # the note gets the rest of the line (4 columns of 2 cells' padding, the bar, a margin)
        used = 10 + max(map(len, authors), default=6) + max(map(len, abouts), default=5) + 11
        width = max(12, self.app.size.width - used)
        for n, author, about in zip(notes, authors, abouts, strict=True):
            first = _fit(" ".join(n.text.split()), width)
            table.add_row(n.date.isoformat(), author, about, first, key=n.id)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        count = len(self.project.notes)
        self.query_one("#notes-intro", Static).update(
            f"{count} note{'s' if count != 1 else ''}, by {self.sort_by} · a adds · Enter edits"
            " · s sorts · Del deletes"
        )
        self.show_text()

    def current(self) -> m.Note | None:
        table = self.query_one("#notes", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((n for n in self.project.notes if n.id == key), None)

    def show_text(self) -> None:
        """The note under the cursor in full (called as the cursor moves)."""
        note = self.current()
        show_text(
            self.query_one("#note-text", Static),
            f"{note.author}, {note.date}, on {about_text(self.project, note.about)}:\n{note.text}"
            if note
            else "No notes yet: press a to write one.",
        )

    def action_sort(self) -> None:
        self.sort_by = "author" if self.sort_by == "date" else "date"
        self.refresh_view()

    def action_add(self) -> None:
        self.post_message(AddNote(self))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        if not self.read_only():
            self.action_edit()

    def action_edit(self) -> None:
        note = self.current()
        if note is None:
            return

        def write(values: dict[str, Any]) -> bool:
            def mutate() -> None:
                note.author = values["author"]
                note.date = values["date"]
                note.about = values["about"]
                note.text = values["text"]

            return self.save_note(note, mutate)

        self.app.push_screen(note_dialog(self.project, note, note.about, self.qapp.today(), write))

    @flow
    async def action_delete(self) -> None:
        note = self.current()
        if note is None:
            return
        question = ConfirmDialog(f"Delete the note of {note.author} ({note.date})?", yes="Delete")
        if await self.app.push_screen_wait(question):
            self.remove_item(note)
