"""A tree whose long labels end in "…" at the edge of the screen, instead of a word cut off
in the middle (the driver diagram at 80 columns). Uses Tree's documented ``render_label``
hook; the width is the tree's own (resizing draws the lines again: the line cache is keyed
by width)."""

from __future__ import annotations

from typing import TypeVar

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

T = TypeVar("T")


class FitTree(Tree[T]):
    """A :class:`Tree` that never scrolls sideways: every label fits its line."""

    DEFAULT_CSS = """
    FitTree {
        overflow-x: hidden;
    }
    """

    def render_label(self, node: TreeNode[T], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text
