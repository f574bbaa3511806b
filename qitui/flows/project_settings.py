"""Project settings in the app: title, description, start date, status, team, collaborative.

Reached from the Overview (``s``) and the palette. The start date is never made up: when the
project has none, the dialog offers the date of the earliest data point; a start later than
the data is said in the dialog (the team decides). The team is one member a line,
``Name — role`` (also ``Name - role``); the Aim screen edits it row by row too (``t``).
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


#: What separates a member's name from their role on a line of the team field.
_ROLE_MARKS = (" — ", "—", " - ")


def team_text(team: list[m.TeamMember]) -> str:
    """The team as the field shows it: one member a line, ``Name — role``."""
    return "\n".join(f"{t.name} — {t.role}" if t.role else t.name for t in team)


def parse_team(text: str) -> tuple[list[m.TeamMember] | None, str | None]:
    """The team field's lines as members (blank lines skipped), or the first bad line."""
    team: list[m.TeamMember] = []
    for number, line in enumerate(str(text).splitlines(), 1):
        if not line.strip():
            continue
        name, role = line, ""
        for mark in _ROLE_MARKS:
            if mark in line:
                name, role = line.split(mark, 1)
                break
        name, role = " ".join(name.split()), " ".join(role.split())
        if not name:
            return None, f"line {number}: a member needs a name before the role"
        team.append(m.TeamMember(name, role))
    return team, None


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
            "team",
            "Team (one a line: Name — role)",
            project.team,
            kind="area",
            placeholder="Sam Okafor — Health visitor lead\nPriya Shah - QI coach",
            parse=parse_team,
            format=team_text,
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
    lines = ["Project settings"]
    if project.start is None and first is not None:
        lines.append(f"no start date yet: offered the first data point, {first}")
    elif project.start and first and first < project.start:
        lines.append(f"the data begin {first}, before this start date")
    return " · ".join(lines)  # one paragraph: the dialog shows a line break as a symbol


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
            if values["team"] != parse_team(team_text(project.team))[0]:
                project.team = values["team"]  # untouched text leaves the team as it was

        if not screen.save_project(mutate):
            return False
        screen.notify("Project settings saved.")
        screen.refresh_view()
        return True

    screen.app.push_screen(
        PromptDialog(
            settings_intro(project),
            settings_fields(project),
            "Save",
            on_submit=save,
            classes="settings-dialog",
        )
    )
