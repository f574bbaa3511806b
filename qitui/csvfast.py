"""Measure data from a CSV as columns, for ``qitui analyse --csv``: a fast path for clean
files, :func:`qitui.csvimport.read_csv` for everything else.

The fast path takes only what it can check in bulk (C-level searches, splits and
conversions, no Python per row): a ``date,value`` or ``date,numerator,denominator`` header,
dates written YYYY-MM-DD, plain numbers, no quotes, spaces or blank lines, no repeated date,
and nothing the chart refuses. Any other file goes through ``read_csv`` and the chart's checks,
which accept the same files (and more) and word every error with its row: the fast path
never decides that a file is bad. 100,000 rows: about 40 ms, against about 0.5 s.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import gt, lt, ne
from pathlib import Path

from qitui import model as m
from qitui.analysis.inputs import FiniteFloats, known_values
from qitui.limits import MAX_MAGNITUDE

#: charts whose checks the fast path knows (others take the full path and its checks)
FAST_CHARTS = ("run", "i", "mr", "p", "u", "c", "pp", "up", "g", "t")
#: what dates, numbers, commas and line ends are made of (a file with anything else takes
#: the full path)
_ALLOWED = b"0123456789eE.+-,\n"
_HEADERS = {"date,value": False, "date,numerator,denominator": True}


@dataclass
class Series:
    """The rows of a CSV in date order, as columns (``values`` or numerators and
    denominators, the others None)."""

    ratio: bool
    dates: list[date]
    values: list[float | None] | None = None
    numerators: list[float | None] | None = None
    denominators: list[float | None] | None = None
    #: the dates as YYYY-MM-DD, when the file gave them so
    iso: list[str] | None = None

    def iso_dates(self) -> list[str]:
        return self.iso if self.iso is not None else [d.isoformat() for d in self.dates]

    def points(self) -> list[m.DataPoint]:
        n = len(self.dates)
        values = self.values or [None] * n
        nums = self.numerators or [None] * n
        dens = self.denominators or [None] * n
        return [
            m.DataPoint(d, v, a, b)
            for d, v, a, b in zip(self.dates, values, nums, dens, strict=True)
        ]

    def phase_starts(self, starts: Sequence[date]) -> list[int]:
        """Index of the first point of each phase after the first, as
        :meth:`qitui.model.Measure.phase_starts` gives them."""
        found: list[int] = []
        for start in sorted(starts):
            idx = bisect_left(self.dates, start)
            if 0 < idx < len(self.dates) and idx not in found:
                found.append(idx)
        return found


def read_series(path: Path, chart: str, dayfirst: bool = False) -> Series:
    """The data of the CSV at ``path`` for a ``chart``; raises
    :class:`~qitui.csvimport.CsvError` as ``read_csv`` and the chart's checks do."""
    fast = read_clean(Path(path), chart)
    if fast is not None:
        return fast
    from qitui.csvimport import check_against_chart, read_csv

    data = read_csv(path, dayfirst=dayfirst)
    if chart != "run":
        check_against_chart(data, chart if chart != "mr" else "i")
    rows = data.rows
    dates = [r.date for r in rows]
    if data.ratio:
        return Series(
            True,
            dates,
            numerators=[r.numerator for r in rows],
            denominators=[r.denominator for r in rows],
        )
    return Series(False, dates, values=[r.value for r in rows])


def _floats(texts: list[str]) -> tuple[list[float | None], bool] | None:
    """The numbers (None for an empty cell, as :class:`FiniteFloats`: the engine takes them
    unchecked) and whether one is None; None if one is not finite or beyond the magnitude
    qitui accepts (the full path then names the row)."""
    if "" in texts:
        values: list[float | None] = FiniteFloats([float(t) if t else None for t in texts])
        known: list[float] = [v for v in values if v is not None]
        missing = True
    else:
        values = FiniteFloats(map(float, texts))
        known, missing = values, False
    # no NaN can get here (no letters but e), only infinities ("1e999")
    ok = not known or min(known) >= -MAX_MAGNITUDE and max(known) <= MAX_MAGNITUDE
    return (values, missing) if ok else None


def _cells(body: str, width: int) -> tuple[list[str], list[str]] | None:
    """The dates (first cells) and all the cells of ``body``'s lines, or None unless every
    line has ``width`` cells and its first is 10 characters long.

    Each line end is written ",\n" before the split at commas, so that a line end begins
    the cell after it: each cell holds at most one, first. When the first cells of lines 2
    on hold every line end between them, each line has ``width`` cells and no other cell
    holds a line end (``float`` would take "5\n"); the dates are then those cells joined
    and cut at the line ends, all at C speed."""
    lines = body.count("\n") + 1
    cells = body.replace("\n", ",\n").split(",")
    if len(cells) != width * lines:
        return None
    joined = "".join(cells[0::width])
    if joined.count("\n") != lines - 1 or len(joined) != 11 * lines - 1:
        return None
    return joined.split("\n"), cells


def read_clean(path: Path, chart: str) -> Series | None:
    """The fast path: the data of a clean file, or None (the caller reads it in full)."""
    from qitui.csvimport import MAX_CSV_BYTES

    if chart not in FAST_CHARTS:
        return None
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    head, _, body = text.partition("\n")
    ratio = _HEADERS.get(head.lower())
    if ratio is None or (chart != "run" and ratio != (chart in m.RATIO_CHARTS)):
        return None
    body = body.rstrip("\n")
    if not body or not body.isascii() or body.encode("ascii").translate(None, _ALLOWED):
        return None  # no rows, or a space, a quote, a letter...: the full path
    width = 3 if ratio else 2
    split = _cells(body, width)
    if split is None:
        return None  # a blank line, a row with too few or too many cells, an odd date
    iso, cells = split
    try:
        dates = list(map(date.fromisoformat, iso))
        columns = [_floats(cells[k::width]) for k in range(1, width)]
    except ValueError:
        return None  # a date that does not exist, a number that is not one
    if set(map(len, iso)) != {10}:
        # a date written otherwise than YYYY-MM-DD (the only form of 10 characters that
        # date.fromisoformat takes with no W in it, which _ALLOWED keeps out)
        return None
    if any(c is None for c in columns):
        return None  # a number not finite
    ordered = all(map(lt, iso, iso[1:]))  # in order, none repeated (ISO dates sort as text)
    if not ordered and len(set(iso)) != len(iso):
        return None  # a repeated date (read_csv names both rows)
    missing = [c[1] for c in columns]  # type: ignore[index]
    values_of = [c[0] for c in columns]  # type: ignore[index]
    if not ordered:
        order = sorted(range(len(iso)), key=iso.__getitem__)
        dates = [dates[i] for i in order]
        iso = [iso[i] for i in order]
        values_of = [FiniteFloats([c[i] for i in order]) for c in values_of]
    for column, none in zip(values_of, missing, strict=True):
        column.missing = none  # type: ignore[union-attr]  # FiniteFloats
    if not ratio:
        values = values_of[0]
        known = known_values(values) if missing[0] else values
        if chart in ("c", "g") and known and min(known) < 0:
            return None  # a negative count (the full path names the row)
        if chart == "t" and known and not min(known) > 0:
            return None  # a time between events not above 0
        return Series(False, dates, values=values, iso=iso)
    nums, dens = values_of
    if any(missing) and any(map(ne, map(_is_none, nums), map(_is_none, dens))):
        return None  # a numerator without its denominator, or the other way round
    if any(missing):  # both None on the same rows (checked above)
        nums_known: list[float] = [a for a in nums if a is not None]
        dens_known: list[float] = [b for b in dens if b is not None]
    else:
        nums_known, dens_known = nums, dens  # type: ignore[assignment]
    if nums_known and min(min(nums_known), min(dens_known)) < 0:
        return None
    if chart in ("p", "pp") and any(map(gt, nums_known, dens_known)):
        return None
    return Series(True, dates, numerators=nums, denominators=dens, iso=iso)


def _is_none(value: object) -> bool:
    return value is None
