"""The driver diagram as a tree: aim → primary drivers → secondary drivers → change ideas.

It is a graph: a secondary driver may serve several primaries and a change idea several
drivers; each appears under every driver it serves. Each change idea shows its ramp.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from qitui import model as m
from qitui.messages import GoToSection, OpenCycles, StartCycle
from qitui.safetext import text as safe_text
from qitui.safetext import visible
from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog, PickDialog
from qitui.widgets.fit_tree import FitTree
from qitui.widgets.flow import flow
from qitui.widgets.prompt import Field, PromptDialog
from qitui.wording import plural


class Item(NamedTuple):
    kind: str  # aim | primary | secondary | idea | unlinked
    id: str = ""
    via: str = ""  # the driver under which this node is shown


def ramp_text(project: m.Project, idea_id: str) -> str:
    ramp = project.ramp(idea_id)
    if not ramp:
        return "no cycle yet"
    parts = []
    grew = bool(m.ramp_scale(ramp))  # two or more cycles record a scale: show how it grew
    for c in ramp:
        word = c.act.decision if c.status == "done" and c.act.decision else c.status
        scale = " ".join(c.scale.split()) or c.scale_numbers()
        parts.append(f"{c.label} {word}" + (f" · {scale}" if grew and scale else ""))
    return " → ".join(parts)


def shown_nodes(tree: Tree[Any]) -> Iterator[TreeNode[Any]]:
    """The nodes on the tree's lines, top to bottom (the lines are built when first asked)."""
    line = 0
    while (node := tree.get_node_at_line(line)) is not None:
        yield node
        line += 1


class ChangesScreen(QituiScreen):
    _pending: Item | None = None  # the node to select after the next refresh
    CATEGORY = "Changes"
    SCREEN_NAME = "Driver diagram"
    ABOUT = (
        "Aim → primary drivers → secondary drivers → change ideas. a adds under the "
        "cursor, i adds a change idea, r renames, m moves, l links to one more driver, Del "
        "deletes (asks), c starts a cycle, Enter opens an idea's cycles."
    )
    EDIT_ACTIONS = frozenset({"add", "add_idea", "rename", "move", "link", "delete", "new_cycle"})
    BINDINGS = [
        Binding("a", "add", "Add under", id="changes-add"),
        Binding("i", "add_idea", "Add change idea", id="changes-add-idea"),
        Binding("r", "rename", "Rename", id="changes-rename"),
        Binding("m", "move", "Move", id="changes-move"),
        Binding("l", "link", "Link to another driver", show=False, id="changes-link"),
        Binding("delete", "delete", "Delete", id="changes-delete"),
        Binding("c", "new_cycle", "New cycle", id="changes-new-cycle"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="changes-intro", classes="screen-intro", markup=False)
        yield FitTree("Aim", id="diagram")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        tree = self.query_one("#diagram", Tree)
        tree.auto_expand = False
        tree.show_root = True
        self.refresh_view()
        tree.focus()

    # ------------------------------------------------------------------ view
    def refresh_view(self, select: Item | None = None) -> None:
        self.update_titles()
        p = self.project
        tree: Tree[Item] = self.query_one("#diagram", Tree)
        if select is not None:
            self._pending = select
        elif getattr(self, "_pending", None) is None:
            self._pending = tree.cursor_node.data if tree.cursor_node else None
        aim = p.aim.sentence() or "(no aim yet)"
        tree.clear()
        tree.root.set_label(safe_text(f"AIM  {aim}"))
        tree.root.data = Item("aim")
        tree.root.expand()
        shown_secondary: set[str] = set()
        shown_ideas: set[str] = set()
        for primary in p.primary_drivers():
            pn = tree.root.add(
                safe_text(f"▸ PRIMARY  {primary.name}"), Item("primary", primary.id), expand=True
            )
            for sec in p.secondary_drivers(primary.id):
                shown_secondary.add(sec.id)
                sn = pn.add(
                    safe_text(f"▹ SECONDARY  {sec.name}"),
                    Item("secondary", sec.id, primary.id),
                    expand=True,
                )
                for idea in p.ideas_for(sec.id):
                    shown_ideas.add(idea.id)
                    self.add_idea_node(sn, idea, sec.id)
            for idea in p.ideas_for(primary.id):
                shown_ideas.add(idea.id)
                self.add_idea_node(pn, idea, primary.id)
        orphans_sec = [d for d in p.secondary_drivers() if d.id not in shown_secondary]
        orphans_idea = [c for c in p.change_ideas if c.id not in shown_ideas]
        if orphans_sec or orphans_idea:
            un = tree.root.add(
                Text("? NOT LINKED YET (m moves under a driver)"), Item("unlinked"), expand=True
            )
            for sec in orphans_sec:
                sn = un.add(
                    safe_text(f"▹ SECONDARY  {sec.name}"), Item("secondary", sec.id), expand=True
                )
                for idea in p.ideas_for(sec.id):
                    self.add_idea_node(sn, idea, sec.id)
            for idea in orphans_idea:
                self.add_idea_node(un, idea, "")
        counts = (
            f"{len(p.primary_drivers())} primary · {len(p.secondary_drivers())} secondary"
            f" · {len(p.change_ideas)} change ideas"
        )
        self.query_one("#changes-intro", Static).update(
            counts + " · a add · i idea · r rename · m move · Del delete · c cycle"
        )
        self.call_after_refresh(self.apply_selection)

    def apply_selection(self) -> None:
        wanted, self._pending = getattr(self, "_pending", None), None
        if wanted is not None:
            self.select(wanted)

    def add_idea_node(self, parent: TreeNode[Item], idea: m.ChangeIdea, via: str) -> None:
        label = safe_text(f"◆ IDEA  {idea.name}  ")
        label.append(visible(f"[{ramp_text(self.project, idea.id)}]"), style="italic")
        parent.add_leaf(label, Item("idea", idea.id, via))

    def select(self, wanted: Item | None) -> None:
        tree: Tree[Item] = self.query_one("#diagram", Tree)
        best = None
        for index, node in enumerate(shown_nodes(tree)):
            data = node.data
            if wanted is None or data is None:
                continue
            if data.kind == wanted.kind and data.id == wanted.id:
                if data.via == wanted.via:
                    best = index
                    break
                best = index if best is None else best
        tree.cursor_line = best or 0
        if tree.cursor_node is not None:
            tree.scroll_to_node(tree.cursor_node, animate=False)

    def current(self) -> Item:
        tree: Tree[Item] = self.query_one("#diagram", Tree)
        node = tree.cursor_node
        return node.data if node is not None and node.data is not None else Item("aim")

    # ------------------------------------------------------------------ helpers
    def name_of(self, item: Item) -> str:
        if item.kind in ("primary", "secondary"):
            d = self.project.driver(item.id)
            return d.name if d else item.id
        if item.kind == "idea":
            c = self.project.change_idea(item.id)
            return c.name if c else item.id
        return ""

    def new_driver_id(self, name: str) -> str:
        return self.project.unique_id(name, {d.id for d in self.project.drivers})

    def new_idea_id(self, name: str) -> str:
        return self.project.unique_id(name, {c.id for c in self.project.change_ideas})

    def ask_name(
        self, title: str, save: Callable[[str, str], bool], name: str = "", description: str = ""
    ) -> None:
        """A name and a description; ``save(name, description)`` writes them (the dialog
        stays open with the text if it could not)."""
        self.app.push_screen(
            PromptDialog(
                title,
                [
                    Field("name", "Name", name, required=True),
                    Field("description", "Description (optional)", description),
                ],
                confirm="Save",
                on_submit=lambda values: save(values["name"], values["description"]),
            )
        )

    # ------------------------------------------------------------------ actions
    def action_add(self) -> None:
        item = self.current()
        if item.kind == "aim":
            self.add_driver("primary", [])
        elif item.kind == "primary":
            self.add_driver("secondary", [item.id])
        elif item.kind == "secondary":
            self.add_idea([item.id])
        elif item.kind == "idea":
            self.add_idea([item.via] if item.via else [])
        else:
            self.add_idea([])

    def action_add_idea(self) -> None:
        item = self.current()
        if item.kind in ("primary", "secondary"):
            self.add_idea([item.id])
        elif item.kind == "idea" and item.via:
            self.add_idea([item.via])
        else:
            self.add_idea([])

    def add_driver(self, kind: str, parents: list[str]) -> None:
        under = f" under '{self.name_of(Item('primary', parents[0]))}'" if parents else ""

        def save(name: str, description: str) -> bool:
            driver = m.Driver(self.new_driver_id(name), name, kind, parents, description)
            return self.save_project(
                lambda: self.project.drivers.append(driver),
                on_done=lambda: self.refresh_view(
                    Item(kind, driver.id, parents[0] if parents else "")
                ),
            )

        self.ask_name(f"New {kind} driver{under}", save)

    def add_idea(self, drivers: list[str]) -> None:
        under = ""
        if drivers:
            d = self.project.driver(drivers[0])
            under = f" for '{d.name}'" if d else ""

        def save(name: str, description: str) -> bool:
            idea = m.ChangeIdea(self.new_idea_id(name), name, drivers, description)
            return self.save_project(
                lambda: self.project.change_ideas.append(idea),
                on_done=lambda: self.refresh_view(
                    Item("idea", idea.id, drivers[0] if drivers else "")
                ),
            )

        self.ask_name(f"New change idea{under}", save)

    def action_rename(self) -> None:
        item = self.current()
        if item.kind == "aim":
            self.post_message(GoToSection(self, "aim"))
            return
        target: Any = (
            self.project.driver(item.id)
            if item.kind in ("primary", "secondary")
            else self.project.change_idea(item.id)
        )
        if target is None:
            return
        obj_id, kind = target.id, item.kind

        def save(name: str, description: str) -> bool:
            def mutate() -> None:
                obj = (
                    self.project.driver(obj_id)
                    if kind != "idea"
                    else self.project.change_idea(obj_id)
                )
                assert obj is not None
                obj.name, obj.description = name, description

            return self.save_project(mutate)

        self.ask_name(f"Rename the {kind}", save, target.name, target.description)

    def action_move(self) -> None:
        self.relink(replace=True)

    def action_link(self) -> None:
        self.relink(replace=False)

    @flow
    async def relink(self, replace: bool) -> None:
        item = self.current()
        p = self.project
        if item.kind == "secondary":
            choices = [(f"PRIMARY  {d.name}", d.id) for d in p.primary_drivers()]
        elif item.kind == "idea":
            choices = [(f"{d.kind.upper()}  {d.name}", d.id) for d in p.drivers]
        else:
            self.notify("Select a secondary driver or a change idea to move or link.")
            return
        if not choices:
            self.notify("There is no driver to move it under yet: add one (a on the aim).")
            return
        verb = "Move" if replace else "Also link"
        name = self.name_of(item)

        target = await self.app.push_screen_wait(
            PickDialog(f"{verb} '{name}' under which driver?", choices, item.via or None)
        )
        if target:

            def mutate() -> None:
                obj: Any = p.driver(item.id) if item.kind == "secondary" else p.change_idea(item.id)
                links = obj.parents if item.kind == "secondary" else obj.drivers
                new = [x for x in links if not (replace and x == item.via)]
                if target not in new:
                    new.append(target)
                if item.kind == "secondary":
                    obj.parents = new
                else:
                    obj.drivers = new

            self.save_project(
                mutate, on_done=lambda: self.refresh_view(Item(item.kind, item.id, target))
            )

    @flow
    async def action_delete(self) -> None:
        item = self.current()
        p = self.project
        if item.kind in ("aim", "unlinked"):
            self.notify("Select a driver or a change idea to delete.")
            return
        name = self.name_of(item)
        if item.kind == "idea":
            cycles = p.ramp(item.id)
            if cycles:
                self.notify(
                    f"'{name}' has {plural(len(cycles), 'PDSA cycle')}: delete or move them first.",
                    severity="warning",
                )
                return
            message = f"Delete the change idea '{name}'?"

            def mutate() -> None:
                p.change_ideas = [c for c in p.change_ideas if c.id != item.id]
        else:
            children = p.secondary_drivers(item.id) if item.kind == "primary" else []
            ideas = p.ideas_for(item.id)
            message = f"Delete the {item.kind} driver '{name}'?"
            if children or ideas:
                message += (
                    f"\nIts {plural(len(children), 'secondary driver')} and "
                    f"{plural(len(ideas), 'change idea')} stay, unlinked from it."
                )

            def mutate() -> None:
                p.drivers = [d for d in p.drivers if d.id != item.id]
                for d in p.drivers:
                    d.parents = [x for x in d.parents if x != item.id]
                for c in p.change_ideas:
                    c.drivers = [x for x in c.drivers if x != item.id]

        if await self.app.push_screen_wait(ConfirmDialog(message, yes="Delete")):
            self.save_project(mutate)

    def action_new_cycle(self) -> None:
        item = self.current()
        if item.kind != "idea":
            self.notify("Select a change idea to test in a PDSA cycle.")
            return
        self.post_message(StartCycle(self, item.id))

    @on(Tree.NodeSelected)
    def node_selected(self, event: Tree.NodeSelected[Item]) -> None:
        data = event.node.data
        if data is not None and data.kind == "idea":
            self.post_message(OpenCycles(self, focus_idea=data.id))
        else:
            event.node.toggle()
