"""``qitui analyse --json`` written fast: compact JSON by Python's C encoder, and a chart's
points (100,000 objects) column by column, in chunks, straight to the output.

``json.dumps(..., indent=2)`` runs the pure-Python encoder (4 s for 100,000 points), and
the points as dicts, all at once, took most of the memory. The output parses to exactly
what ``json.dumps(result.to_dict(dates))`` gives; ``--pretty`` writes that, indented.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain, repeat
from math import copysign
from operator import attrgetter, getitem
from typing import Any, TextIO

from qitui.analysis.columns import BeyondColumns, PhaseColumns, PointColumns
from qitui.analysis.result import ChartResult, Signal, signal_at

COMPACT = (",", ":")
_FLOATS = {float, type(None)}
#: characters that a JSON string holds as they are (a date's YYYY-MM-DD)
_PLAIN = b"0123456789-"
#: points encoded at a time (bounds the memory the text takes)
CHUNK = 10_000


class Points:
    """A list of objects in a JSON document (a chart's points, its signals): the dicts of
    their ``to_dict`` (given ``dates[i]`` for the i-th, with ``dates``), encoded when written."""

    def __init__(self, points: Sequence[Any], dates: Sequence[str] | None = None) -> None:
        self.points = points
        self.dates = dates

    def dicts(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        dates = self.dates
        stop = len(self.points) if stop is None else stop
        if dates is None:
            return [self.points[i].to_dict() for i in range(start, stop)]
        return [self.points[i].to_dict(dates[i]) for i in range(start, stop)]

    def chunks(self) -> Iterator[str]:
        """The compact JSON text of the list of points, in pieces."""
        points = self.points
        if not points:
            yield "[]"
            return
        keys = list(self.dicts(0, 1)[0])
        yield "["
        for start in range(0, len(points), CHUNK):
            stop = min(start + CHUNK, len(points))
            text = self._columns(keys, start, stop)
            if text is None:  # a value the columns cannot take: the plain way
                text = json.dumps(self.dicts(start, stop), separators=COMPACT)[1:-1]
            yield ("," if start else "") + text
        yield "]"

    def _columns(self, keys: list[str], start: int, stop: int) -> str | None:
        """Points ``start`` to ``stop`` as JSON objects from their attributes (None when a
        key is not an attribute of the point); see :func:`_rows`."""
        part = self.points[start:stop]
        columns: list[tuple[str, Any]] = []
        for key in keys:
            if key == "date":
                columns.append((key, list(self.dates[start:stop])))  # type: ignore[index]
            elif hasattr(part[0], key):
                columns.append((key, list(map(attrgetter(key), part))))
            else:
                return None
        return _rows(columns, len(part))


class ColumnPoints:
    """A chart's points as the engine's columns (:class:`PointColumns`), written as the
    list of ``PointResult.to_dict(dates[i])`` would be, without making the objects."""

    def __init__(self, points: PointColumns, dates: Sequence[str]) -> None:
        self.points = points
        self.dates = dates
        #: the texts of the floats written so far (a chart's values repeat across chunks)
        self.known: dict[Any, str] = {}

    def dicts(self) -> list[dict[str, Any]]:
        dates = self.dates
        return [p.to_dict(dates[i]) for i, p in enumerate(self.points.results())]

    def chunks(self) -> Iterator[str]:
        """The compact JSON text of the list of points, in pieces."""
        yield "["
        sep = ""
        for ph in self.points:
            cuts = sorted({0, len(ph), min(ph.nbase, len(ph)), *range(0, len(ph), CHUNK)})
            for a, b in zip(cuts, cuts[1:]):  # noqa: B905
                text = self._columns(ph, a, b)
                if text is None:  # a value the columns cannot take: the plain way
                    first = ph.first
                    dicts = [
                        p.to_dict(self.dates[first + a + k])
                        for k, p in enumerate(ph.results()[a:b])
                    ]
                    text = json.dumps(dicts, separators=COMPACT)[1:-1]
                yield sep + text
                sep = ","
        yield "]"

    def _columns(self, ph: PhaseColumns, a: int, b: int) -> str | None:
        n = b - a
        first = ph.first
        dates = self.dates[first + a : first + b]
        lines = _keyed_lines(ph, a, b)
        return _rows(
            [
                ("date", _Quoted(dates) if _plain(dates) else list(dates)),
                ("y", ph.y[a:b]),
                ("cl", _Same(ph.cl)),
                *(
                    [("ucl", lines)]
                    if lines is not None
                    else [
                        ("ucl", ph.ucl[a:b]),
                        ("lcl", ph.lcl[a:b]),
                        ("sigma_signal", ph.sigma_signal[a:b]),
                        ("phase", _Same(ph.phase)),
                        ("sigma", ph.sigma[a:b]),
                    ]
                ),
                ("baseline", _Same(a < ph.nbase)),
                ("excluded", ph.excluded[a:b]),
            ],
            n,
            self.known,
        )


class ColumnSignals(Points):
    """A chart's signals: the result's (``others``) and those beyond the limits kept as
    columns (:class:`BeyondColumns`), written in the order ``rules.sort_signals`` gives
    them all, as the list of their ``to_dict()`` would be."""

    #: start and end of the signal whose text is cut into the pieces around them
    _START, _END = 7_391_002_113_554_601, 8_266_130_591_004_337

    def __init__(self, others: list[Signal], beyond: BeyondColumns) -> None:
        super().__init__(others)
        self.beyond = beyond

    def dicts(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        beyond = self.beyond
        every: list[Signal] = []
        for s in beyond.merged(self.points):
            if isinstance(s, Signal):
                every.append(s)
            else:
                every += BeyondColumns(
                    beyond.positions[s[0] : s[1]], beyond.sides[s[0] : s[1]], beyond.fields
                ).signals()
        return [s.to_dict() for s in every[start:stop]]

    def chunks(self) -> Iterator[str]:
        """The compact JSON text of the list of signals, in pieces."""
        if not self.beyond.positions:
            yield from super().chunks()
            return
        # each side's text cut around its start and end: before, between and after them
        cut: dict[int, tuple[str, str, str]] = {}
        for side, values in self.beyond.fields.items():
            text = json.dumps(
                signal_at(values, self._START, self._END).to_dict(), separators=COMPACT
            )
            before, _, rest = text.partition(str(self._START))
            between, _, after = rest.partition(str(self._END))
            cut[side] = (before, between, after + ",")
        yield "["
        sep = ""
        for s in self.beyond.merged(self.points):
            if isinstance(s, Signal):
                yield sep + json.dumps(s.to_dict(), separators=COMPACT)
            else:
                yield sep + self._beyond_text(cut, *s)
            sep = ","
        yield "]"

    def _beyond_text(self, cut: dict[int, tuple[str, str, str]], a: int, b: int) -> str:
        """Signals ``a`` to ``b`` of the columns, without the enclosing brackets."""
        sides = self.beyond.sides[a:b]
        rows = list(map(str, self.beyond.positions[a:b]))  # an int's JSON text
        before = {d: c[0] for d, c in cut.items()}
        between = {d: c[1] for d, c in cut.items()}
        after = {d: c[2] for d, c in cut.items()}
        parts = zip(  # noqa: B905
            map(before.__getitem__, sides),
            rows,
            map(between.__getitem__, sides),
            rows,
            map(after.__getitem__, sides),
        )
        return "".join(chain.from_iterable(parts))[:-1]


_NO_LINES = (None, None, None)


def _keyed_lines(ph: PhaseColumns, a: int, b: int) -> _Table | None:
    """Rows ``a`` to ``b`` of a phase whose lines the engine gave by key (p and u charts:
    by denominator): the text of each row's values from ``ucl`` to ``sigma`` (keys between),
    made once per distinct key and flag; None when the phase has no keys, or too many."""
    keys, by_key = ph.keys, ph.by_key
    if keys is None or by_key is None or b - a <= 64:
        return None
    part = keys[a:b]
    flags = ph.sigma_signal[a:b]
    distinct = list(dict.fromkeys(part))
    if len(distinct) * 2 >= b - a or not set(map(type, flags)) <= {bool}:
        return None
    rows = [by_key.get(d, _NO_LINES) for d in distinct]
    sigma, ucl, lcl = (_texts([row[j] for row in rows]) for j in range(3))
    if sigma is None or ucl is None or lcl is None:
        return None
    phase = json.dumps(ph.phase)

    def make(before: str, after: str) -> list[str]:
        tables = [
            {
                d: f'{before}{hi},"lcl":{lo},"sigma_signal":{flag},"phase":{phase},'
                f'"sigma":{s}{after}'
                for d, s, hi, lo in zip(distinct, sigma, ucl, lcl, strict=True)
            }
            for flag in ("false", "true")
        ]
        return list(map(getitem, map(tables.__getitem__, flags), part))

    return _Table(make)


def _plain(texts: Sequence[str]) -> bool:
    """Whether ``texts`` are made of digits and dashes only (written between quotes as they are)."""
    joined = "".join(texts)
    return joined.isascii() and not joined.encode("ascii").translate(None, _PLAIN)


class _Same:
    """A column of one value throughout."""

    def __init__(self, value: Any) -> None:
        self.value = value


class _Table:
    """A column whose texts are a few distinct ones, looked up per row: ``make(before,
    after)`` gives each row's text with ``before`` and ``after`` written around it (the
    text between this column and the ones beside it, added once per distinct text instead
    of once per row). Its text may hold the keys and values of the columns after it (see
    :func:`_keyed_lines`)."""

    def __init__(self, make: Callable[[str, str], list[str]]) -> None:
        self.make = make


class _Quoted:
    """A column of strings whose JSON text is each between quotes (nothing to escape)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts


def _rows(
    columns: list[tuple[str, Any]], n: int, known: dict[Any, str] | None = None
) -> str | None:
    """``n`` JSON objects with the keys and values of ``columns`` (a list of values, or
    :class:`_Same`, :class:`_Quoted`, :class:`_Table`), without the enclosing brackets:
    built from one JSON text per column (each encoded by the C encoder at once; a column of
    one value, such as a phase's centre line, is written into the text between the others,
    and that text into a column of few distinct texts); None when a value's JSON has a
    comma in it. ``known``: the texts of floats encoded before (see :func:`_table`)."""
    # each column that is not one value, with the text before it
    parts: list[tuple[str, _Quoted | _Table | list[Any]]] = []
    literal = ""
    for i, (key, values) in enumerate(columns):
        literal += ("{" if i == 0 else ",") + json.dumps(key) + ":"
        if isinstance(values, _Quoted):
            parts.append((literal + '"', values))
            literal = '"'
            continue
        if isinstance(values, _Table):
            parts.append((literal, values))
            literal = ""
            continue
        if isinstance(values, _Same):
            same: str | None = json.dumps(values.value, separators=COMPACT)
        else:
            same = _constant(values)
        if same is not None:
            literal += same
            continue
        parts.append((literal, _table(values, known) or values))
        literal = ""
    literal += "},"
    if not parts:  # every column of one value
        return (literal * n)[:-1]
    pieces: list[Iterable[str]] = []  # text that repeats, then a column, then text...
    for k, (before, values) in enumerate(parts):
        if isinstance(values, _Table):
            last = k == len(parts) - 1
            pieces.append(values.make(before, literal if last else ""))
            if last:
                literal = ""
            continue
        if before:
            pieces.append(repeat(before))
        if isinstance(values, _Quoted):
            pieces.append(values.texts)
            continue
        texts = _texts(values)
        if texts is None:
            return None
        pieces.append(texts)
    if literal:
        pieces.append(repeat(literal))
    # repeat() is endless: zip stops with the columns
    return "".join(chain.from_iterable(zip(*pieces)))[:-1]  # noqa: B905


def _negative_zero(values: list[Any], distinct: list[Any]) -> bool:
    """Whether ``values`` hold -0.0 (which equals 0.0, so a dict would give it 0.0's text)."""
    return 0.0 in distinct and any(copysign(1.0, v) < 0 for v in values if v == 0)


def _constant(values: list[Any]) -> str | None:
    """The JSON text of each of ``values`` when they are one value of one type (not a
    zero float: -0.0 equals 0.0 but is written otherwise); else None."""
    first, last = values[0], values[-1]
    if last is not first and last != first:  # not one value (found without a pass)
        return None
    if values.count(first) != len(values) or len(set(map(type, values))) != 1:
        return None
    if isinstance(first, float) and first == 0:
        return None
    try:
        return json.dumps(first, separators=COMPACT)
    except (TypeError, ValueError):
        return None


def _table(values: list[Any], known: dict[Any, str] | None = None) -> _Table | None:
    """A column of floats that repeat (a phase's limits, proportions of small counts) as a
    :class:`_Table`, each distinct one encoded once (or found in ``known``, the texts of
    the floats encoded before, which it adds to); None for any other column."""
    if len(values) <= 64 or not set(map(type, values)) <= _FLOATS:
        return None
    distinct = list(dict.fromkeys(values))
    if len(distinct) * 2 >= len(values) or _negative_zero(values, distinct):
        return None
    if known is None:
        known = {}
    new = [v for v in distinct if v not in known]
    if new:  # floats and None: no comma in their text
        known.update(zip(new, json.dumps(new, separators=COMPACT)[1:-1].split(","), strict=True))

    def make(before: str, after: str) -> list[str]:
        table = {v: f"{before}{known[v]}{after}" for v in distinct}
        return list(map(table.__getitem__, values))

    return _Table(make)


def _texts(values: list[Any]) -> list[str] | None:
    """The JSON text of each of ``values``; None if one has a comma in it. A column of
    floats that repeat has each distinct one encoded once (:func:`_table`)."""
    table = _table(values)
    if table is not None:
        return table.make("", "")
    texts = json.dumps(values, separators=COMPACT)[1:-1].split(",")
    return texts if len(texts) == len(values) else None


def columns_json(result: ChartResult, points: PointColumns, dates: Sequence[str]) -> dict[str, Any]:
    """``result.to_dict(dates)`` with ``points`` as the result's points (the columns of
    :func:`qitui.analysis.engine.analyse_columns`), its points and signals encoded when
    written."""
    out = replace(result, points=[], signals=[]).to_dict([])
    out["points"] = ColumnPoints(points, dates)
    beyond = points.beyond
    out["signals"] = (
        Points(result.signals) if beyond is None else ColumnSignals(result.signals, beyond)
    )
    return out


def result_json(result: ChartResult, dates: Sequence[str] | None) -> dict[str, Any]:
    """``result.to_dict(dates)``, its points and signals as :class:`Points` (encoded when
    written)."""
    out = replace(result, points=[], signals=[]).to_dict([])
    out["points"] = Points(result.points, dates)
    out["signals"] = Points(result.signals)
    return out


def write_json(obj: Any, out: TextIO, pretty: bool = False) -> None:
    """Write ``obj`` (which may hold :class:`Points`) as JSON and a newline: compact, or
    indented by two spaces with ``pretty``."""
    if pretty:
        text = json.dumps(obj, indent=2, default=lambda o: o.dicts())
        out.write(text + "\n")
        return
    found: list[Points | ColumnPoints] = []
    token = f"qitui-points-{secrets.token_hex(8)}"

    def mark(o: Any) -> str:
        if not isinstance(o, Points | ColumnPoints):
            raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")
        found.append(o)
        return token

    text = json.dumps(obj, separators=COMPACT, default=mark)
    pieces = text.split(json.dumps(token))
    for piece, points in zip(pieces, found, strict=False):
        out.write(piece)
        for chunk in points.chunks():
            out.write(chunk)
    out.write(pieces[-1] + "\n")
