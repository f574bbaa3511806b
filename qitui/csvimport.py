"""Reading measure data from CSV (``date,value`` or ``date,numerator,denominator``).

Strict on purpose: any bad row stops the import with its row number and value, so that
nothing half-imported ever reaches a project file. Dates are ISO (2026-01-31) or the UK
``dd/mm/yyyy`` that Excel exports; a column of slash dates that could be read either way
is refused unless the caller says ``dayfirst``.
"""

from __future__ import annotations

import csv
import io
import math
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qitui import limits
from qitui import model as m

MAX_CSV_BYTES = 50 * 1024 * 1024
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


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


def _fail(path: Path, row: int, message: str) -> CsvError:
    return CsvError(f"{path}:row {row}: {message}")


def _number(path: Path, row: int, column: str, text: str) -> float | None:
    text = text.strip()
    if text == "":
        return None
    if not _NUMBER.match(text):
        raise _fail(path, row, f"{column} '{text[:40]}' is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise _fail(path, row, f"{column} '{text[:40]}' is not a finite number")
    problem = limits.number_problem(value)
    if problem:
        raise _fail(path, row, f"{column} '{text[:40]}' {problem}")
    return value


def _iso(path: Path, row: int, text: str) -> date:
    match = _ISO.match(text)
    assert match
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise _fail(path, row, f"date '{text}' does not exist") from None


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
    has_header = not (_ISO.match(header[0]) or _SLASH.match(header[0]))
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
    day_first = _slash_order(path, records, dayfirst)
    rows: list[CsvRow] = []
    seen: dict[date, int] = {}
    for n, r in records:
        when = _parse_date(path, n, r[0], day_first)
        if when in seen:
            raise _fail(path, n, f"date {when} appears twice (rows {seen[when]} and {n})")
        seen[when] = n
        if ratio:
            num = _number(path, n, "numerator", r[1])
            den = _number(path, n, "denominator", r[2])
            for column, v in (("numerator", num), ("denominator", den)):
                if v is not None and v < 0:
                    raise _fail(path, n, f"{column} {v:g} is negative: counts cannot be")
            if (num is None) != (den is None):
                raise _fail(path, n, "give both numerator and denominator, or neither")
            rows.append(CsvRow(n, when, numerator=num, denominator=den))
        else:
            rows.append(CsvRow(n, when, value=_number(path, n, "value", r[1])))
    rows.sort(key=lambda row: row.date)
    return CsvData(path, ratio, rows)


def _slash_order(path: Path, records: list[tuple[int, list[str]]], dayfirst: bool) -> bool:
    """Decide how slash dates read: day first (UK) or refuse when it cannot be told."""
    slash = [(n, _SLASH.match(r[0])) for n, r in records]
    slash = [(n, mt) for n, mt in slash if mt]
    if not slash or dayfirst:
        return True
    for n, mt in slash:
        if int(mt[2]) > 12:
            raise _fail(
                path,
                n,
                f"date '{mt[0]}' reads as month/day (US order); use dd/mm/yyyy or YYYY-MM-DD",
            )
    if any(int(mt[1]) > 12 for _, mt in slash):
        return True
    n, mt = slash[0]
    raise _fail(
        path,
        n,
        f"date '{mt[0]}' is ambiguous (day/month or month/day?); use YYYY-MM-DD, "
        "or pass --dayfirst for UK dd/mm/yyyy",
    )


def _parse_date(path: Path, row: int, text: str, day_first: bool) -> date:
    if _ISO.match(text):
        return _iso(path, row, text)
    match = _SLASH.match(text)
    if not match:
        raise _fail(path, row, f"date '{text[:40]}' is not a date (use YYYY-MM-DD or dd/mm/yyyy)")
    day, month = int(match[1]), int(match[2])
    try:
        return date(int(match[3]), month, day)
    except ValueError:
        raise _fail(path, row, f"date '{text}' does not exist") from None


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
        if chart in m.PROPORTION_CHARTS and num is not None and den is not None and num > den:
            raise _fail(
                data.path,
                row.row,
                f"numerator {row.numerator:g} is above denominator {row.denominator:g}",
            )
        if chart == "c" and row.value is not None and row.value < 0:
            raise _fail(data.path, row.row, f"count {row.value:g} is negative")
        problem = None if row.value is None else m.value_problem(chart, row.value)
        if problem:
            raise _fail(data.path, row.row, problem)


def merge_into(measure: m.Measure, data: CsvData) -> tuple[int, int]:
    """Merge rows by date: a date already present takes the new value (its note and flags
    are kept). Returns (added, updated) counts; identical rows count as neither."""
    check_against_chart(data, measure.chart)
    by_date = {p.date: p for p in measure.points}
    added = updated = 0
    for row in data.rows:
        point = by_date.get(row.date)
        if point is None:
            measure.points.append(m.DataPoint(row.date, row.value, row.numerator, row.denominator))
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
            updated += 1
    measure.sort_points()
    return added, updated
