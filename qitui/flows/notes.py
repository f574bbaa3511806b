"""Writing a review note, shared by the Notes and Measure screens: the note dialog
(author, date, what it is about, text) and what a note can be about, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qitui import model as m
from qitui.screens.base import QituiScreen
from qitui.widgets.prompt import Field, PromptDialog


def about_options(project: m.Project, keep: str = "") -> list[tuple[str, str]]:
    """What a note can be about; ``keep``: the note's own subject (a data point, ``point:…``,
    is offered as well), kept even when it no longer exists (a save never silently changes
    what a note was about)."""
    options = [("the project", "project")]
    options += [(f"measure: {x.name}", f"measure:{x.id}") for x in project.measures]
    options += [(f"cycle {c.label}: {c.title}", f"cycle:{c.id}") for c in project.cycles]
    if m.point_of(keep) is not None:
        options.insert(1, (about_text(project, keep), keep))
    elif keep and keep not in {v for _label, v in options}:
        options.append((f"{keep} (does not exist)", keep))
    return options


def about_text(project: m.Project, about: str) -> str:
    kind, _, ref = about.partition(":")
    if kind == "measure":
        meas = project.measure(ref)
        return f"measure {meas.name if meas else ref}"
    if kind == "cycle":
        cyc = project.cycle(ref)
        return f"cycle {cyc.label if cyc else ref}"
    point = m.point_of(about)
    if point is not None:
        meas = project.measure(point[0])
        return f"point {point[1]} of {meas.name if meas else point[0]}"
    return "project"


def default_author() -> str:
    """Who is writing: ``git config user.name``, else the login name."""
    from qitui.identity import current_author

    return current_author()


def note_dialog(
    project: m.Project,
    note: m.Note | None,
    about: str,
    today: Any,
    on_submit: Callable[[dict[str, Any]], bool],
) -> PromptDialog:
    """The note's fields; ``on_submit`` writes it (the dialog stays open if it could not)."""
    return PromptDialog(
        "Review note" if note is None else f"Review note of {note.date}",
        [
            Field("author", "Author", note.author if note else default_author(), required=True),
            Field(
                "date",
                "Date",
                (note.date if note else today).isoformat(),
                kind="date",
                required=True,
            ),
            Field(
                "about",
                "About",
                note.about if note else about,
                kind="select",
                required=True,
                options=about_options(project, note.about if note else about),
            ),
            Field("text", "Note", note.text if note else "", kind="area", required=True),
        ],
        confirm="Save note",
        on_submit=on_submit,
    )


def add_note(screen: QituiScreen, about: str = "project") -> None:
    """Open the note dialog from any screen and save what is typed."""
    project = screen.project

    def write(values: dict[str, Any]) -> bool:
        note = m.Note(
            id=screen.store.new_note_id(values["author"], values["date"], values["text"]),
            author=values["author"],
            date=values["date"],
            text=values["text"],
            about=values["about"],
        )
        if not screen.save_note(note):
            return False
        screen.notify(f"Note saved ({about_text(project, note.about)}).")
        return True

    screen.app.push_screen(note_dialog(project, None, about, screen.qapp.today(), write))
