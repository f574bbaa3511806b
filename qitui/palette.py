"""What the app offers on a screen, by name: the command palette's entries (Ctrl+P) and the
rows of the keys help (``?``), both from the screen's bindings.

Palette entries are named "category: action": the screen's own actions (its bindings with
an id, under its ``CATEGORY``), its extra commands, "Go:" to the other sections and
"Charts:" per measure (:func:`qitui.controller.go_commands`), then the app's.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from qitui import textual_compat

if TYPE_CHECKING:
    from qitui.app import QituiApp


def palette_commands(app: QituiApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Every palette entry on ``screen`` (a title may come twice: the app keeps the first)."""
    from qitui.controller import go_commands
    from qitui.screens.base import QituiScreen

    category = getattr(screen, "CATEGORY", "")
    if category:
        seen: set[str] = set()
        for _key, binding in textual_compat.node_bindings(screen):
            if not binding.id or not binding.description or binding.action in seen:
                continue
            if binding.action == "back":  # "Go: back" below
                continue
            if screen.check_action(binding.action, ()) is False:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                f"{category}: {binding.description.lower()}",
                binding.tooltip or f"{binding.description} ({app.key_display(binding)})",
                partial(screen.run_action, binding.action),
            )
    if isinstance(screen, QituiScreen):
        for title, help_text, callback in screen.palette_commands():
            if screen.read_only() and title in screen.EDIT_COMMANDS:
                continue
            yield SystemCommand(title, help_text, callback)
    store = screen._store if isinstance(screen, QituiScreen) else getattr(screen, "store", None)
    if store is not None:
        yield from go_commands(app, store, screen)
    if screen in app.screen_stack[1:]:  # Home has nowhere to go back to
        yield SystemCommand("Go: back", "Leave this screen (Escape)", app.action_back)
        yield SystemCommand("Go: home", "Every project in the folder", app.go_home)
    yield SystemCommand("App: keys of this screen", "Show the keys (?)", app.action_help)
    yield SystemCommand("App: quit", "Quit qitui (asks about unsaved edits)", app.action_quit)
    for command in App.get_system_commands(app, screen):
        if command.title in ("Quit", "Keys"):
            continue
        yield command._replace(title=f"App: {command.title.lower()}")


def help_rows(app: QituiApp, screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, description) of the keys help: the screen's keys, the app's ("Everywhere"),
    then Textual's own keys of the focused widget; a key not usable here says so."""
    groups: dict[str, list[tuple[str, str]]] = {"screen": [], "app": [], "widget": []}
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system:
            continue
        desc = binding.description or binding.action.replace("_", " ")
        shown = app.get_key_display(binding) or key
        if not active.enabled:
            desc += " (not here)"
        if (shown, desc) in seen:
            continue
        seen.add((shown, desc))
        if "super+" in shown:
            continue
        if binding.id and active.node is screen:
            group = "screen"
        elif binding.id and active.node is app:
            group = "app"
        else:
            group = "widget"  # Textual's own keys of the focused widget and the screen
        groups[group].append((shown, desc))
    groups["app"].append(("ctrl+p", "Command palette: every action by name"))
    rows: list[tuple[str, str]] = list(groups["screen"])
    rows += [("", ""), ("", "Everywhere")] + groups["app"]
    if groups["widget"]:
        rows += [("", ""), ("", "In the focused list or field")] + groups["widget"]
    return rows
