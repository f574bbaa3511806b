"""Reading measure data from CSV (``date,value`` or ``date,numerator,denominator``).

Strict on purpose: any bad row stops the import with its row number and value, so that
nothing half-imported ever reaches a project file. Dates and numbers follow the rules of
:mod:`qitui.parse`, the same as the app's forms: ISO (2026-01-31) or the UK ``dd/mm/yyyy``
that Excel exports; a slash date that could be read either way is refused unless the caller
says ``dayfirst`` or another date of the column shows the day first (day above 12).
"""

from __future__ import annotations

import csv
import io
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qitui import limits, parse
from qitui import model as m

MAX_CSV_BYTES = 50 * 1024 * 1024


class CsvError(ValueError):
    """A CSV problem, already worded as ``file:row N: message``."""


@dataclass
class CsvRow:
    row: int  # 1-based line number in the file
    date: date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None


@dataclass
class CsvData:
    path: Path
    ratio: bool  # True for date,numerator,denominator
    rows: list[CsvRow]


def _fail(path: Path | str, row: int, message: str) -> CsvError:
    return CsvError(f"{path}:row {row}: {message}")


def read_number(path: Path | str, row: int, column: str, text: str) -> float | None:
    """A value of the column (``63%`` reads as 63: what a chart of percentages shows)."""
    text = text.strip()
    if text.endswith("%") and column == "value":
        text = text[:-1].strip() or "%"
    value, error = parse.parse_number(text, required=False)
    if error:
        raise _fail(path, row, f"{column} {error}")
    problem = None if value is None else limits.number_problem(value)
    if problem:
        raise _fail(path, row, f"{column} '{text[:40]}' {problem}")
    return value


def read_csv(path: Path, dayfirst: bool = False) -> CsvData:
    """Parse and validate the whole file; raise :class:`CsvError` at the first bad row."""
    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a pipe?)"
            raise CsvError(f"{path}: {kind}: give a CSV file")
        size = st.st_size
        if size > MAX_CSV_BYTES:
            raise CsvError(f"{path}: file too large ({size:,} bytes; limit {MAX_CSV_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise CsvError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise _fail(path, line, "binary data (NUL byte): not a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(path, line, "not UTF-8 text (export the CSV as UTF-8)") from None
    try:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # old Mac (CR-only) exports too
        records = [(n, r) for n, r in enumerate(csv.reader(io.StringIO(text)), start=1)]
    except csv.Error as exc:
        raise CsvError(f"{path}: not a readable CSV file ({exc})") from None
    records = [(n, [c.strip() for c in r]) for n, r in records if any(c.strip() for c in r)]
    if not records:
        raise CsvError(f"{path}: empty file (expected date,value or date,numerator,denominator)")
    header_row, header = records[0]
    names = [c.lower() for c in header]
    has_header = not parse.is_date_like(header[0])
    if has_header:
        records = records[1:]
        if names[:2] == ["date", "value"] and len(names) == 2:
            ratio = False
        elif names[:3] == ["date", "numerator", "denominator"] and len(names) == 3:
            ratio = True
        else:
            raise _fail(
                path,
                header_row,
                f"header '{','.join(header)[:60]}' should be date,value or "
                "date,numerator,denominator",
            )
    else:
        if len(header) not in (2, 3):
            raise _fail(path, header_row, f"expected 2 or 3 columns, found {len(header)}")
        ratio = len(header) == 3
    if not records:
        raise CsvError(f"{path}: no data rows")
    width = 3 if ratio else 2
    for n, r in records:
        if len(r) != width:
            raise _fail(path, n, f"expected {width} columns, found {len(r)}")
    day_first = dayfirst or parse.shows_dayfirst(r[0] for _, r in records)
    rows: list[CsvRow] = []
    seen: dict[date, int] = {}
    for n, r in records:
        when = read_date(path, n, r[0], day_first)
        if when in seen:
            raise _fail(path, n, f"date {when} appears twice (rows {seen[when]} and {n})")
        seen[when] = n
        if ratio:
            num = read_number(path, n, "numerator", r[1])
            den = read_number(path, n, "denominator", r[2])
            problem = parse.ratio_problem(num or 0, den or 0, chart="")
            if problem:
                raise _fail(path, n, problem)
            if (num is None) != (den is None):
                raise _fail(path, n, "give both numerator and denominator, or neither")
            rows.append(CsvRow(n, when, numerator=num, denominator=den))
        else:
            rows.append(CsvRow(n, when, value=read_number(path, n, "value", r[1])))
    rows.sort(key=lambda row: row.date)
    return CsvData(path, ratio, rows)


def read_date(path: Path | str, row: int, text: str, day_first: bool) -> date:
    """A date of a row, by the rules of a CSV import (an error names file and row)."""
    when, error = parse.parse_date(text, dayfirst=day_first)
    if error or when is None:
        if "ambiguous" in (error or ""):
            error = f"{error}, or pass --dayfirst for dd/mm/yyyy"
        raise _fail(path, row, f"date {error}")
    return when


def check_against_chart(data: CsvData, chart: str) -> None:
    """Rows that the chart cannot take: p needs numerator <= denominator, c needs counts."""
    if data.ratio and chart not in m.RATIO_CHARTS:
        raise CsvError(
            f"{data.path}: numerator,denominator data needs a p, u, pp or up chart, not '{chart}'"
        )
    if not data.ratio and chart in m.RATIO_CHARTS:
        raise CsvError(f"{data.path}: a {chart} chart needs date,numerator,denominator columns")
    for row in data.rows:
        num, den = row.numerator, row.denominator
        problem = None if num is None or den is None else parse.ratio_problem(num, den, chart)
        if problem:
            raise _fail(data.path, row.row, problem)
        if chart == "c" and row.value is not None and row.value < 0:
            raise _fail(data.path, row.row, f"count {row.value:g} is negative")
        problem = None if row.value is None else m.value_problem(chart, row.value)
        if problem:
            raise _fail(data.path, row.row, problem)


def merge_into(measure: m.Measure, data: CsvData) -> tuple[int, int]:
    """Merge rows by date: a date already present takes the new value (its note and flags
    are kept). A point added or changed is marked ``imported`` (an unchanged one is left as
    it is). Returns (added, updated) counts; identical rows count as neither."""
    check_against_chart(data, measure.chart)
    by_date = {p.date: p for p in measure.points}
    added = updated = 0
    for row in data.rows:
        point = by_date.get(row.date)
        if point is None:
            measure.points.append(
                m.DataPoint(row.date, row.value, row.numerator, row.denominator, imported=True)
            )
            added += 1
        elif (point.value, point.numerator, point.denominator) != (
            row.value,
            row.numerator,
            row.denominator,
        ):
            point.value, point.numerator, point.denominator = (
                row.value,
                row.numerator,
                row.denominator,
            )
            point.imported = True
            updated += 1
    measure.sort_points()
    return added, updated
