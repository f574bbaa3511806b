"""Home's table of projects: it draws :class:`qitui.home_model.HomeModel`'s rows and keeps
what it shows (the entries and the column widths), so that showing the same rows again costs
nothing and a project read in full is updated in place, cell by cell.

Rebuilding a table of hundreds of rows costs Textual's DataTable a few ms per hundred; a
filter key that leaves every row, or the end of a load whose rows were updated in place,
would pay that for nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.css.scalar import Unit

from qitui.home_model import HEADERS, HomeModel, column_widths, least_widths, short
from qitui.widgets.tables import RowTable

if TYPE_CHECKING:
    from qitui.portfolio import Summary as Entry


def preview_text(model: HomeModel, count: int, avail: int) -> Text:
    """The first ``count`` rows as one text laid out as the table lays them out (for the
    first frame: drawing it costs a fraction of a table's first page, a Rich render per
    cell)."""
    header, *lines = model.preview_lines(count, avail)
    text = Text(no_wrap=True, overflow="crop")
    text.append(header, style="bold")
    for line in lines:
        text.append("\n" + line)
    return text


class ProjectTable(RowTable):
    """The projects, one row each, keyed by folder."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("id", "projects")
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.add_columns(*map(Text, HEADERS))  # Text: no markup to parse
        #: the entries in the rows, and the column widths they were laid out in
        self.filled: list[Entry] = []
        self.widths: list[int] = []
        self.filling = False  # rows being added: each moves the cursor
        self.spark = 0  # width of the sparklines shown
        self.title_width = 12

    def room(self, rows: int, fallback: int) -> int:
        """Cells for the columns: the table's width (``fallback`` before it is laid out),
        less the scroll bar if ``rows`` do not fit (before it is laid out: unless they fit
        in its least height, else the rows were built twice, the second time without it)."""
        avail = self.size.width or fallback
        if rows > (self.size.height or self.least_height()) - 1:
            avail -= self.styles.scrollbar_size_vertical
        return avail

    def least_height(self) -> int:
        """The fewest lines the table is given (its ``min-height`` in the tcss), or 0."""
        least = self.styles.min_height
        return int(least.value) if least is not None and least.unit == Unit.CELLS else 0

    def show(self, model: HomeModel, fallback: int, limit: int | None, at: str | None) -> None:
        """Show ``model.shown`` (only the first ``limit`` rows, if given), columns fitted to
        the width; left as it is when it shows those rows in those widths already. The
        cursor goes to the row of key ``at`` if shown, else to the first row."""
        shown = model.shown
        spark = model.spark_width()
        cells = [model.row(e, spark) for e in shown]
        widths = column_widths(cells, least_widths(shown), self.room(len(shown), fallback))
        self.spark, self.title_width = spark, widths[0]
        if (
            widths == self.widths
            and len(shown) == len(self.filled)
            and all(a is b for a, b in zip(shown, self.filled, strict=True))
        ):
            return
        count = len(shown) if limit is None else min(limit, len(shown))
        self.filled, self.widths = shown[:count], widths
        self.filling = True
        try:
            self.clear(columns=True)  # column widths only ever grow otherwise
            for header, width in zip(HEADERS, widths, strict=True):
                self.add_column(Text(header), width=width, key=header)
            # Text cells: titles are not markup, and the table need not parse them
            for entry, r in zip(shown[:count], cells[:count], strict=True):
                self.add_row(Text(short(r[0], widths[0])), *map(Text, r[1:]), key=entry.key)
            if shown:
                keys = [e.key for e in shown]
                self.move_cursor(row=keys.index(at) if at in keys else 0)
        finally:
            self.filling = False

    def shows(self) -> set[str]:
        """The keys of the entries in the rows."""
        return {e.key for e in self.filled}

    def update(self, model: HomeModel, entries: list[Entry]) -> None:
        """Fill in the cells of ``entries`` that are in the rows, in place (in the widths of
        the last :meth:`show`)."""
        keys = self.shows()
        for entry in entries:
            if entry.key not in keys:
                continue
            cells = model.row(entry, self.spark)
            cells[0] = short(cells[0], self.title_width)
            before = self.get_row(entry.key)
            for column, cell, old in zip(HEADERS, cells, before, strict=True):
                if str(old) != cell:  # each update costs the table a re-render
                    self.update_cell(entry.key, column, Text(cell))
        self.filled = [model.entries.get(e.key, e) for e in self.filled]
