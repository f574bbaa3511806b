"""Record-level extracts (one row per child, appointment, fall) aggregated into periods.

Weeks start on Monday; a point is dated on its period's first day (the Monday, the 1st of
the month); fortnights run in 14-day steps from a starting Monday (the Monday of the first
record's week, kept in the recipe so that later extracts fall on the same fortnights).
Every period from the first record's to the last record's is a point: one with no records
has no value (a count is 0), so a quiet week is never silently left out of the dates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from qitui import csvimport, parse
from qitui.dataio import DataError
from qitui.dataio.sheets import Cell, Sheet, cell_text

TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})
#: ``2026-01-05 14:30``, ``05/01/2026 09:00:15``: the time of day is dropped.
_TIME = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
#: Mean and median are rounded to this many decimals in the measure's file.
DECIMALS = 6


@dataclass(frozen=True)
class Record:
    row: int
    date: date
    flag: bool | None = None
    value: float | None = None  # None: the cell was empty (left out of mean and median)


@dataclass(frozen=True)
class Period:
    """One point: its first day, the value (or numerator/denominator) and its records."""

    start: date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    n: int = 0  # records in the period
    row: int = 0  # the first record's row (0 for an empty period)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_start(day: date, period: str, anchor: date | None = None) -> date:
    """The first day of the period that holds ``day``."""
    if period == "week":
        return monday(day)
    if period == "month":
        return day.replace(day=1)
    if period == "fortnight":
        base = anchor or monday(day)
        return base + timedelta(days=14 * ((day - base).days // 14))
    raise ValueError(period)


def next_start(start: date, period: str) -> date:
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if period == "week" else 14)


def period_range(first: date, last: date, period: str) -> list[date]:
    """Every period start from ``first`` to ``last`` (both period starts)."""
    out: list[date] = []
    day = first
    while day <= last:
        out.append(day)
        day = next_start(day, period)
    return out


# --------------------------------------------------------------------------- reading


def _column(sheet: Sheet, header: list[str], name: str, option: str) -> int:
    wanted = name.strip().casefold()
    for j, text in enumerate(header):
        if text.strip().casefold() == wanted:
            return j
    shown = ", ".join(f"'{h}'" for h in header if h) or "none"
    raise DataError(f"{sheet.where}: no column '{name}' ({option}); columns: {shown}")


def _fail(sheet: Sheet, row: int, message: str) -> DataError:
    return DataError(f"{sheet.where}:row {row}: {message}")


def _dates(
    sheet: Sheet, rows: Sequence[tuple[int, Cell]], column: str, dayfirst: bool
) -> dict[int, date]:
    """Dates of a column: Excel date cells as they are, text by csvimport's rules."""
    texts: list[tuple[int, list[str]]] = []
    first_row: dict[str, int] = {}  # each distinct text is read once (extracts repeat dates)
    of_row: dict[int, str] = {}
    for n, cell in rows:
        if cell is None:
            raise _fail(sheet, n, f"no date in column '{column}'")
        if isinstance(cell, datetime | date):
            continue
        if not isinstance(cell, str):
            raise _fail(sheet, n, f"'{cell_text(cell)}' in column '{column}' is not a date")
        match = _TIME.match(cell)
        text = match[1] if match else cell
        of_row[n] = text
        if text not in first_row:
            first_row[text] = n
            texts.append((n, [text]))
    label = sheet.where
    parsed: dict[str, date] = {}
    try:
        day_first = dayfirst or parse.shows_dayfirst(text for _n, (text,) in texts)
        for n, (text,) in texts:
            parsed[text] = csvimport.read_date(label, n, text, day_first)
    except csvimport.CsvError as exc:
        raise DataError(f"{exc} (column '{column}')") from None
    out = {n: parsed[text] for n, text in of_row.items()}
    for n, cell in rows:
        if isinstance(cell, datetime):
            out[n] = cell.date()
        elif isinstance(cell, date):
            out[n] = cell
    return out


def _flag(sheet: Sheet, n: int, cell: Cell, column: str) -> bool:
    if isinstance(cell, bool):
        return cell
    word = cell_text(cell).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    shown = cell_text(cell)[:40] or "(empty)"
    raise _fail(
        sheet, n, f"'{shown}' in column '{column}' is not yes/no (yes/y/true/1, no/n/false/0)"
    )


def _value(sheet: Sheet, n: int, cell: Cell, column: str) -> float | None:
    if cell is None:
        return None
    if isinstance(cell, bool | datetime | date):
        raise _fail(sheet, n, f"'{cell_text(cell)}' in column '{column}' is not a number")
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise _fail(sheet, n, f"'{cell}' in column '{column}' is not a finite number")
        return float(cell)
    try:
        return csvimport.read_number(sheet.where, n, f"'{column}'", str(cell))
    except csvimport.CsvError as exc:
        raise DataError(str(exc).replace(f"'{column}' '", f"column '{column}': '")) from None


def header_of(sheet: Sheet) -> list[str]:
    """The names in the first row (the header of an extract)."""
    return [cell_text(c) for c in sheet.rows[0][1]] if sheet.rows else []


def spelled(sheet: Sheet, name: str) -> str:
    """``name`` as the file's header spells it (columns are matched ignoring case)."""
    header = header_of(sheet)
    return header[_column(sheet, header, name, "")] if name else name


def read_records(
    sheet: Sheet, date_column: str, statistic: str, column: str = "", dayfirst: bool = False
) -> list[Record]:
    """The records of an extract (its first row is the header), validated row by row."""
    if not sheet.rows:
        raise DataError(f"{sheet.where}: empty file (expected a header row, then records)")
    header = header_of(sheet)
    body = sheet.rows[1:]
    if not body:
        raise DataError(f"{sheet.where}: no records under the header row")
    dj = _column(sheet, header, date_column, "--date-column")
    vj = _column(sheet, header, column, f"--{statistic}") if statistic != "count" else -1

    def at(cells: list[Cell], j: int) -> Cell:
        return cells[j] if j < len(cells) else None

    days = _dates(sheet, [(n, at(c, dj)) for n, c in body], header[dj], dayfirst)
    out: list[Record] = []
    for n, cells in body:
        if statistic == "flag":
            out.append(Record(n, days[n], flag=_flag(sheet, n, at(cells, vj), header[vj])))
        elif statistic in ("mean", "median"):
            out.append(Record(n, days[n], value=_value(sheet, n, at(cells, vj), header[vj])))
        else:
            out.append(Record(n, days[n]))
    return out


# --------------------------------------------------------------------------- aggregating


def aggregate(
    records: Iterable[Record], period: str, statistic: str, anchor: date | None = None
) -> list[Period]:
    """One :class:`Period` for every period from the first record's to the last record's."""
    import pandas as pd

    records = list(records)
    if not records:
        return []
    if period == "fortnight" and anchor is None:
        anchor = monday(min(r.date for r in records))
    frame = pd.DataFrame(
        {
            "start": [period_start(r.date, period, anchor) for r in records],
            "row": [r.row for r in records],
            "flag": [bool(r.flag) for r in records],
            "value": [math.nan if r.value is None else r.value for r in records],
        }
    )
    groups = frame.groupby("start", sort=True)
    stats = pd.DataFrame(
        {
            "n": groups.size(),
            "row": groups["row"].min(),
            "flags": groups["flag"].sum(),
            "mean": groups["value"].mean(),
            "median": groups["value"].median(),
        }
    )
    starts = period_range(min(stats.index), max(stats.index), period)
    stats = stats.reindex(starts)
    return [
        _period(day, row, statistic) for day, row in zip(starts, stats.itertuples(), strict=True)
    ]


def _period(day: date, row: Any, statistic: str) -> Period:
    n = 0 if math.isnan(row.n) else int(row.n)
    first = 0 if n == 0 else int(row.row)
    if statistic == "count":
        return Period(day, value=float(n), n=n, row=first)
    if statistic == "flag":
        if n == 0:
            return Period(day, n=0)
        return Period(day, numerator=float(row.flags), denominator=float(n), n=n, row=first)
    y = getattr(row, statistic)
    value = None if y is None or math.isnan(y) else round(float(y), DECIMALS)
    return Period(day, value=value, n=n, row=first)
