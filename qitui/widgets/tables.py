"""A row table: Home and End move to the first and last row (not sideways), and the page
below and the page above the visible one are drawn ahead, after each frame.

Drawing a page of rows the table has not drawn before costs Textual's DataTable about 0.1 ms
a cell (Rich renders each cell); PageDown in a 5,000-row table at 120×40 took 20 ms, more
than a frame. The table keeps what it has drawn in a cache, so drawing the neighbouring pages
once a frame is on screen (in the time between keys) leaves PageDown and PageUp little to do.
This uses DataTable's own line renderer (`_render_line`), as `render_line` does: textual is
pinned to one version, and tests/app/test_tables.py checks the pages are drawn ahead.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable


class RowTable(DataTable[str | Text]):
    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawn_ahead: tuple[object, ...] | None = None  # the view last drawn around

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        view = (self.scroll_offset, self.size, self._update_count, self._pseudo_class_state)
        if view != self._drawn_ahead:
            self._drawn_ahead = view
            self.call_after_refresh(self.draw_ahead)
        return lines

    def draw_ahead(self) -> None:
        """Draw (into the table's caches) the page below and the page above the view."""
        if not self.is_mounted or self.row_count == 0:
            return
        width, height = self.size
        scroll_x, scroll_y = self.scroll_offset
        total = self.virtual_size.height
        lines = [
            *range(scroll_y + height, scroll_y + 2 * height),
            *range(scroll_y - height, scroll_y),
        ]
        for y in lines:
            if 0 <= y < total:
                self._render_line(y, scroll_x, scroll_x + width, self.rich_style)
