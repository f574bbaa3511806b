"""A CSV file read both ways, as four columns (dates, values, numerators, denominators) or
the error's text: the full reader (``csvimport.read_csv`` and its chart checks) and the fast
one ``analyse --csv`` uses (``csvfast.read_series``), for tests that compare them."""

from __future__ import annotations

from pathlib import Path

from qitui.csvfast import read_series
from qitui.csvimport import CsvError, check_against_chart, read_csv

Columns = tuple[list, list, list, list]


def full_read(path: Path, chart: str) -> Columns | str:
    """What the full path gives: columns, or the error's text (which names the row)."""
    try:
        data = read_csv(path)
        if chart != "run":
            check_against_chart(data, chart if chart != "mr" else "i")
    except CsvError as exc:
        return str(exc)
    rows = data.rows
    return (
        [r.date for r in rows],
        [r.value for r in rows],
        [r.numerator for r in rows],
        [r.denominator for r in rows],
    )


def fast_read(path: Path, chart: str) -> Columns | str:
    """What the fast path gives: columns (a column the file has not: all None), or the
    error's text."""
    try:
        s = read_series(path, chart)
    except CsvError as exc:
        return str(exc)
    n = len(s.dates)
    return (
        s.dates,
        s.values or [None] * n,
        s.numerators or [None] * n,
        s.denominators or [None] * n,
    )
