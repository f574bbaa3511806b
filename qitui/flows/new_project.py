"""A new project from Home: the dialog (title, folder name, start date) and its creation;
the new project then opens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from qitui import model as m
from qitui.messages import OpenProject
from qitui.store import StoreError, create_project
from qitui.widgets.prompt import Field, PromptDialog

if TYPE_CHECKING:
    from qitui.screens.home import HomeScreen


def new_project(home: HomeScreen, root: Path, reload: bool) -> None:
    """Ask for the project; ``reload``: Home lists ``root``, which the new folder joins."""

    def create(values: dict[str, Any]) -> bool:
        title = values["title"]
        taken = {p.name for p in root.iterdir()} if root.is_dir() else set()
        slug = m.Project(slug="", title=title).unique_id(values.get("slug") or title, taken)
        try:
            store = create_project(root / slug, title, values.get("start"))
        except (StoreError, OSError) as exc:
            home.notify(str(exc), severity="error", title="Not created")
            return False
        if reload:
            home.action_reload()
        home.notify(f"Created {store.path}")
        home.call_later(home.post_message, OpenProject(home, store))
        return True

    home.app.push_screen(
        PromptDialog(
            f"New project in {root.name or root}/",
            [
                Field("title", "Title", required=True),
                Field("slug", "Folder name (optional)", placeholder="from the title"),
                Field(
                    "start",
                    "Start date",
                    home.qapp.today(),
                    kind="date",
                    placeholder="YYYY-MM-DD, or empty until the team decides",
                ),
            ],
            confirm="Create",
            on_submit=create,
        )
    )
