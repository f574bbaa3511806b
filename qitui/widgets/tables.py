"""A row table: Home and End move to the first and last row (not sideways), and the page
below and the page above the visible one are drawn ahead, after each frame.

Drawing a page of rows the table has not drawn before costs Textual's DataTable about 0.1 ms
a cell (Rich renders each cell); PageDown in a 5,000-row table at 120×40 took 20 ms, more
than a frame. The table keeps what it has drawn in a cache, so drawing the neighbouring pages
once a frame is on screen (in the time between keys) leaves PageDown and PageUp little to do.
This uses DataTable's own line renderer, as `render_line` does, through
:mod:`qitui.textual_compat` (textual is pinned to one version;
tests/functional/app/test_textual_compat.py checks the internals are there and
tests/functional/app/test_tables.py that the pages are drawn ahead).

Cells and column headers are user text: a string is shown literally (DataTable would read it
as markup) with its control characters made visible (see :mod:`qitui.safetext`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

from qitui.safetext import has_control, one_line
from qitui.textual_compat import draw_table_line, table_view_stamp


def cell_text(value: Any) -> Any:
    """A cell or header as shown: a string (or a Text holding control characters) becomes a
    plain one-line Text; anything else is left to the table."""
    if isinstance(value, str):
        return Text(one_line(value))
    if isinstance(value, Text) and ("\n" in value.plain or has_control(value.plain)):
        return Text(one_line(value.plain), style=value.style)
    return value


class RowTable(DataTable[str | Text]):
    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawn_ahead: tuple[object, ...] | None = None  # the view last drawn around

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> Any:
        return super().add_column(cell_text(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*map(cell_text, cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        # update_cell_at comes here too
        super().update_cell(row_key, column_key, cell_text(value), **kwargs)

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        view = (self.scroll_offset, self.size, *table_view_stamp(self))
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
                draw_table_line(self, y, scroll_x, scroll_x + width)
