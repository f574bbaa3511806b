"""Project settings in the app: title, description, start date, status, collaborative.

Reached from the Overview (``s``) and the palette. The start date is never made up: when the
project has none, the dialog offers the date of the earliest data point; a start later than
the data is said in the dialog (the team decides). The team is kept on the Aim screen (``t``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qitui import model as m
from qitui.screens.base import QituiScreen
from qitui.widgets.prompt import Field, PromptDialog


def earliest_data(project: m.Project) -> date | None:
    """The date of the earliest data point of any measure, None without data."""
    return min((p.date for x in project.measures for p in x.points), default=None)


def settings_fields(project: m.Project) -> list[Field]:
    first = earliest_data(project)
    start = project.start or first
    return [
        Field("title", "Title", project.title, required=True),
        Field("description", "Description", project.description, kind="area"),
        Field(
            "start",
            "Start date",
            start,
            kind="date",
            placeholder=f"first data point {first}" if first else "YYYY-MM-DD",
        ),
        Field(
            "status",
            "Status",
            project.status,
            kind="select",
            options=[(s, s) for s in m.PROJECT_STATUSES],
            required=True,
        ),
        Field(
            "collaborative",
            "Collaborative",
            project.collaborative,
            placeholder="e.g. Early years 2026 (empty for none)",
        ),
    ]


def settings_intro(project: m.Project) -> str:
    first = earliest_data(project)
    lines = ["Project settings (the team is on the Aim screen: t adds a member)."]
    if project.start is None and first is not None:
        lines.append(f"No start date yet: offered the first data point, {first}.")
    elif project.start and first and first < project.start:
        lines.append(f"The data begins {first}, before this start date: is the start right?")
    return "\n".join(lines)


def open_settings(screen: QituiScreen) -> None:
    """The settings dialog; its save writes project.toml (the dialog stays open with its text
    when the save fails)."""
    project = screen.project

    def save(values: dict[str, Any]) -> bool:
        def mutate() -> None:
            project.title = " ".join(str(values["title"]).split())
            project.description = str(values["description"] or "").strip()
            project.start = values["start"]
            project.status = values["status"] or project.status
            project.collaborative = " ".join(str(values["collaborative"] or "").split())

        if not screen.save_project(mutate):
            return False
        screen.notify("Project settings saved.")
        screen.refresh_view()
        return True

    screen.app.push_screen(
        PromptDialog(settings_intro(project), settings_fields(project), "Save", on_submit=save)
    )
