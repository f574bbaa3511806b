"""A CSV or Excel file read into cells with their row numbers (pandas; openpyxl for Excel).

Row numbers are the ones a person sees: the line of a CSV file, the row of a sheet. Excel
cells keep their own types (a date cell is a :class:`datetime.datetime`), CSV cells are text.
"""

from __future__ import annotations

import io
import math
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qitui.csvimport import MAX_CSV_BYTES, CsvData, CsvError, read_csv
from qitui.dataio import DataError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
OTHER_SPREADSHEETS = (".xls", ".ods", ".numbers")

Cell = Any  # None (empty), str, float, int, bool, datetime


@dataclass
class Sheet:
    """The non-empty rows of one CSV file or Excel sheet."""

    where: str  # how messages name it: "FILE" or "FILE (sheet 'Data')"
    rows: list[tuple[int, list[Cell]]]  # (row number, cells)


def is_excel(path: Path) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise DataError(f"{path}: {suffix} files cannot be read; save the sheet as .xlsx or .csv")
    return suffix in EXCEL_SUFFIXES


def _empty(cell: Cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _clean(cell: Cell) -> Cell:
    if _empty(cell):
        return None
    if isinstance(cell, str):
        return cell.strip()
    if hasattr(cell, "to_pydatetime"):  # a pandas Timestamp
        return cell.to_pydatetime()
    return cell


def _keep(where: str, frame: Any, text: bool = False) -> Sheet:
    """The non-empty rows of ``frame`` (``text``: every cell is a string, as from a CSV)."""
    rows: list[tuple[int, list[Cell]]] = []
    for index, values in enumerate(frame.to_numpy(dtype=object).tolist(), start=1):
        if text:
            cells = [(c.strip() or None) if isinstance(c, str) else _clean(c) for c in values]
        else:
            cells = [_clean(c) for c in values]
        if any(c is not None for c in cells):
            rows.append((index, cells))
    # Columns empty in every row (an Excel sheet that starts in column B) are dropped.
    width = max((len(c) for _, c in rows), default=0)
    used = [j for j in range(width) if any(j < len(c) and c[j] is not None for _, c in rows)]
    return Sheet(where, [(n, [c[j] if j < len(c) else None for j in used]) for n, c in rows])


def read_excel(path: Path, sheet: str = "") -> Sheet:
    """One sheet (the first when ``sheet`` is empty), every row with its sheet row number."""
    import pandas as pd

    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    except Exception:
        raise DataError(f"{path}: not an Excel .xlsx workbook (cannot be opened)") from None
    with book:
        names = list(book.sheet_names)
        if sheet and sheet not in names:
            listed = ", ".join(f"'{n}'" for n in names)
            raise DataError(f"{path}: no sheet '{sheet}' (sheets: {listed})")
        name = sheet or names[0]
        try:
            frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object)
        except Exception as exc:
            raise DataError(f"{path}: sheet '{name}' cannot be read ({exc})") from None
    where = f"{path} (sheet '{name}')" if len(names) > 1 or sheet else str(path)
    return Sheet(where, _keep(where, frame).rows)


def read_csv_cells(path: Path) -> Sheet:
    """A CSV file as text cells, each row with its line number."""
    import pandas as pd

    data = _csv_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:row {line}: not UTF-8 text (export the CSV as UTF-8)") from None
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: empty file") from None
    except (pd.errors.ParserError, ValueError) as exc:
        found = _FIELDS.search(str(exc))
        if found:
            raise DataError(
                f"{path}:row {found[2]}: expected {found[1]} columns (as the header), "
                f"found {found[3]}"
            ) from None
        raise DataError(f"{path}: not a readable CSV file ({str(exc).strip()})") from None
    return _keep(str(path), frame, text=True)


def _csv_bytes(path: Path) -> bytes:
    try:
        size = Path(path).stat().st_size
        if size > MAX_CSV_BYTES:
            raise DataError(f"{path}: file too large ({size:,} bytes; limit {MAX_CSV_BYTES:,})")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    if data.startswith(b"PK\x03\x04"):
        raise DataError(f"{path}: a zip or Excel file, not CSV text (name it .xlsx)")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DataError(f"{path}:row {line}: binary data (NUL byte): not a CSV text file")
    return data


def read_sheet(path: Path, sheet: str = "") -> Sheet:
    """A CSV or Excel file, by its name's suffix."""
    if is_excel(path):
        return read_excel(path, sheet)
    if sheet:
        raise DataError(f"{path}: --sheet is for Excel files; this is read as CSV")
    return read_csv_cells(path)


def cell_text(cell: Cell) -> str:
    """A cell as the text a CSV export of the sheet would hold (dates as YYYY-MM-DD)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return cell.strftime("%Y-%m-%d")
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        if math.isfinite(cell) and cell == int(cell) and abs(cell) < 1e15:
            return str(int(cell))
        return repr(cell)
    return str(cell)


def read_table(path: Path, sheet: str = "", dayfirst: bool = False) -> CsvData:
    """A file of ``date,value`` or ``date,numerator,denominator`` rows, by csvimport's rules.

    An Excel sheet is written out as CSV text (row for row, so row numbers stay the
    sheet's) and read by :func:`qitui.csvimport.read_csv`: one set of rules for both."""
    if not is_excel(path):
        if sheet:
            raise DataError(f"{path}: --sheet is for Excel files; this is read as CSV")
        try:
            return read_csv(path, dayfirst=dayfirst)
        except CsvError as exc:
            raise DataError(str(exc)) from None
    found = read_excel(path, sheet)
    last = max((n for n, _ in found.rows), default=0)
    by_row = dict(found.rows)
    import csv

    with tempfile.TemporaryDirectory(prefix="qitui-") as tmp:
        temp = Path(tmp) / "sheet.csv"
        with temp.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            for n in range(1, last + 1):
                writer.writerow([cell_text(c) for c in by_row.get(n, [])])
        try:
            data = read_csv(temp, dayfirst=dayfirst)
        except CsvError as exc:
            raise DataError(str(exc).replace(str(temp), found.where)) from None
    data.path = Path(path)
    return data
