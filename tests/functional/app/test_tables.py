"""RowTable draws the pages next to the view ahead, so that PageDown finds them drawn."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from qitui.textual_compat import table_drawn_rows
from qitui.widgets.tables import RowTable


class TableApp(App[None]):
    def __init__(self, table_class: type[DataTable[str]]) -> None:
        super().__init__()
        self.table_class = table_class

    def compose(self) -> ComposeResult:
        yield self.table_class(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Date", "Value")
        for i in range(500):
            table.add_row(str(i), f"2026-01-{i % 28 + 1:02d}", str(i * 7 % 31))
        table.focus()


async def screen_after(table_class: type[DataTable[str]], keys: list[str]) -> list[str]:
    app = TableApp(table_class)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        table = app.query_one(DataTable)
        return [table.render_line(y).text for y in range(table.size.height)]


async def test_pagedown_finds_the_next_page_drawn() -> None:
    app = TableApp(RowTable)
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.pause()
        await pilot.pause()
        drawn = table_drawn_rows(table)  # the keys of the rows drawn
        await pilot.press("pagedown")
        await pilot.pause()
        top = table.scroll_offset.y
        on_screen = range(top, min(top + table.size.height - 1, table.row_count))
        keys = {table.coordinate_to_cell_key(Coordinate(r, 0)).row_key for r in on_screen}
        assert keys <= drawn


async def test_drawing_ahead_shows_what_a_plain_table_shows() -> None:
    for keys in (["pagedown"], ["pagedown", "pagedown", "pageup", "down"]):
        assert await screen_after(RowTable, keys) == await screen_after(DataTable, keys)
