"""The schema layer: folder names and the reader that turns parsed TOML values into model
values with located problems."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qitui import limits
from qitui.store.problems import Problem
from qitui.tomlio import (
    SCHEMA,
    Doc,
    locate,
)

MEASURES_DIR = "measures"
CYCLES_DIR = "cycles"
NOTES_DIR = "notes"
_FOLDERS = (MEASURES_DIR, CYCLES_DIR, NOTES_DIR)


#: The kinds of a :class:`Field` that hold other fields (the rest are values).
TABLE_KINDS = ("table", "tables", "rows")


@dataclass(frozen=True)
class Field:
    """One key of a file, in written order: how it is read, checked and written.

    ``kind`` is a value's kind as :meth:`_Reader.get` reads it (``"str"``, ``"date"``,
    ``"number"``, ``"int"``, ``"bool"``, ``"strlist"``), or one that holds ``fields``:
    ``"table"`` (a ``[name]`` section), ``"tables"`` (``[[name]]`` sections, one per row) or
    ``"rows"`` (an array of inline tables, one row a line: a measure's phases and points).
    ``choices`` are a text's allowed values; ``default`` is what a missing key reads as (None:
    ``""`` for text, an empty list or table, else None); an ``implicit`` default is left out
    of the file (a project's ``status = "active"``); an ``optional`` table is None in the model
    when the file has none, and written (its header at least) whenever it is there. ``attr``
    is the model attribute's name when it is not the key (``import`` is ``recipe``).
    """

    key: str
    kind: str
    fields: tuple[Field, ...] = ()
    choices: tuple[str, ...] | None = None
    default: Any = None
    implicit: bool = False
    optional: bool = False
    attr: str = ""

    @property
    def name(self) -> str:
        """The model attribute's name."""
        return self.attr or self.key

    @property
    def keys(self) -> tuple[str, ...]:
        """The allowed keys of a table (or of each row), in written order."""
        return tuple(f.key for f in self.fields)

    def missing(self) -> Any:
        """The value of a missing key (a new list or table each time)."""
        if self.default is not None:
            return self.default
        if self.kind == "table":
            return None if self.optional else {}
        return {"str": "", "strlist": [], "tables": [], "rows": []}.get(self.kind)

    def sub(self, key: str) -> Field:
        """The field ``key`` of this table."""
        return field_of(self.fields, key)


def allowed_keys(fields: tuple[Field, ...]) -> set[str]:
    """The keys a file may hold at the top: ``schema`` and the table's."""
    return {"schema", *(f.key for f in fields)}


def field_of(fields: tuple[Field, ...], key: str) -> Field:
    """The field ``key`` of a field table."""
    return next(f for f in fields if f.key == key)


def field_keys(fields: tuple[Field, ...], key: str) -> tuple[str, ...]:
    """The allowed keys of one table (or of each row of an array of tables)."""
    return field_of(fields, key).keys


# --------------------------------------------------------------------------- field writing


def written_pairs(obj: Any, fields: tuple[Field, ...]) -> list[tuple[str, Any]]:
    """``(key, value)`` of the value fields of ``obj``, in written order; an implicit default
    is None (so not written, as empty values are not)."""
    pairs = []
    for f in fields:
        if f.kind not in TABLE_KINDS:
            value = getattr(obj, f.name)
            pairs.append((f.key, None if f.implicit and value == f.default else value))
    return pairs


@functools.cache
def row_writer(fields: tuple[Field, ...]) -> Callable[[Any], dict[str, Any]]:
    """A function giving one row as written (``{key: value}``, an implicit default None): the
    rows of a measure are thousands of points, so the field table is worked out once."""
    keys = tuple(f.key for f in fields)
    values = operator.attrgetter(*(f.name for f in fields))
    implicit = tuple((f.key, f.default) for f in fields if f.implicit)

    def row(obj: Any) -> dict[str, Any]:
        out = dict(zip(keys, values(obj), strict=True))
        for key, default in implicit:
            if out[key] == default:
                out[key] = None
        return out

    return row


def file_text(obj: Any, fields: tuple[Field, ...], **values: Any) -> str:
    """A file's text from its field table: ``schema``, the values, then each table in order.
    ``values`` stand in for attributes of ``obj`` (a measure's points sorted by date)."""
    doc = Doc().top([("schema", SCHEMA), *written_pairs(obj, fields)])
    for f in fields:
        value = values[f.name] if f.name in values else getattr(obj, f.name)
        if f.kind == "table" and value is not None:
            _write_table(doc, f.key, value, f)
        elif f.kind == "tables":
            doc.array_of_tables(f.key, (written_pairs(row, f.fields) for row in value))
        elif f.kind == "rows":
            as_written = row_writer(f.fields)
            doc.array(f.key, [as_written(row) for row in value])
    return doc.text()


def _write_table(doc: Doc, name: str, obj: Any, table: Field) -> None:
    """``[name]`` with its values, then its own ``[[name.sub]]`` sections."""
    doc.table(name, written_pairs(obj, table.fields), always=table.optional)
    for f in table.fields:
        if f.kind == "tables":
            rows = getattr(obj, f.name)
            doc.array_of_tables(f"{name}.{f.key}", (written_pairs(row, f.fields) for row in rows))


# --------------------------------------------------------------------------- field reading


class _Reader:
    """Reads one parsed file into model values, collecting located problems."""

    def __init__(self, path: Path, text: str, problems: list[Problem]) -> None:
        self.path = path
        self.text = text
        self.problems = problems
        self.failed = False

    @classmethod
    def open(
        cls, path: Path, text: str, problems: list[Problem], fields: tuple[Field, ...]
    ) -> tuple[dict[str, Any], _Reader] | None:
        """Parse one entity file, check its schema and its top-level keys against its field
        table: the data and a reader, or None (the file's problem recorded) when it is not TOML
        qitui can read."""
        from qitui import store as store_package  # parse looked up late: see the package doc
        from qitui.tomlio import FileProblem

        try:
            data, text = store_package.parse(path, text)
        except FileProblem as exc:
            problems.append(Problem(exc.path, exc.line, exc.message))
            return None
        reader = cls(path, text, problems)
        reader.schema(data)
        reader.check_keys(data, allowed_keys(fields), None)
        return data, reader

    def problem(
        self,
        message: str,
        table: str | None = None,
        key: str | None = None,
        index: int | None = None,
    ) -> None:
        self.failed = True
        self.problems.append(Problem(self.path, locate(self.text, table, key, index), message))

    def check_keys(
        self, data: dict[str, Any], allowed: set[str], table: str | None, index: int | None = None
    ) -> None:
        for key in data:
            if key not in allowed:
                where = f" in [{table}]" if table else ""
                self.problem(f"unknown key '{key}'{where}", table, key, index)

    def value(
        self,
        data: dict[str, Any],
        f: Field,
        table: str | None = None,
        index: int | None = None,
        *,
        array: str | None = None,
    ) -> Any:
        """``data[f.key]`` read as the field says (kind, choices, default): see :meth:`get`."""
        kind = "tables" if f.kind == "rows" else f.kind
        return self.get(
            data, f.key, kind, table, index, choices=f.choices, default=f.missing(), array=array
        )

    def read(
        self,
        data: dict[str, Any],
        fields: tuple[Field, ...],
        table: str | None = None,
        index: int | None = None,
        *,
        array: str | None = None,
        check: bool = True,
    ) -> dict[str, Any]:
        """The value fields of ``data`` (a file's top, a table or one row), by model attribute
        name; its keys checked against ``fields`` first (unless ``check`` is False: the top,
        checked by :meth:`open`). The tables inside are left to the caller (:meth:`value`)."""
        if check and array is not None:
            allowed = {f.key for f in fields}
            for key in data:
                if key not in allowed:
                    self.problem(f"unknown key '{key}'", None, array, index)
        elif check:
            self.check_keys(data, {f.key for f in fields}, table, index)
        return {
            f.name: self.value(data, f, table, index, array=array)
            for f in fields
            if f.kind not in TABLE_KINDS
        }

    def get(
        self,
        data: dict[str, Any],
        key: str,
        kind: str,
        table: str | None = None,
        index: int | None = None,
        *,
        choices: tuple[str, ...] | None = None,
        default: Any = None,
        array: str | None = None,
    ) -> Any:
        """Fetch ``data[key]`` as ``kind`` (str, date, number, int, bool, strlist, table,
        tables); a wrong value is reported and gives ``default``. ``array`` names the
        top-level array of inline tables this row belongs to (for line numbers)."""
        if key not in data:
            return default
        value = data[key]

        def bad(message: str) -> Any:
            if array is not None:
                self.problem(message, None, array, index)
            else:
                self.problem(message, table, key, index)
            return default

        name = f"'{key}'"
        if kind == "str":
            if not isinstance(value, str):
                return bad(f"{name} must be text, not {_kind(value)}")
            if choices is not None and value not in choices:
                return bad(f"{name} must be one of {', '.join(choices)}; got '{value}'")
            return value
        if kind == "date":
            if isinstance(value, datetime) or not isinstance(value, date):
                if isinstance(value, str):
                    return bad(f"{name} must be a date like 2026-01-31 (unquoted); got '{value}'")
                return bad(f"{name} must be a date like 2026-01-31, not {_kind(value)}")
            return value
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return bad(f"{name} must be a number, not {_kind(value)}")
            problem = limits.number_problem(value)
            if problem:
                return bad(f"{name} {problem}")
            return float(value)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return bad(f"{name} must be a whole number, not {_kind(value)}")
            problem = limits.number_problem(value)
            if problem:
                return bad(f"{name} {problem}")
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                return bad(f"{name} must be true or false, not {_kind(value)}")
            return value
        if kind == "strlist":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return bad(f'{name} must be a list of text, like ["a", "b"]')
            return list(value)
        if kind == "table":
            if not isinstance(value, dict):
                return bad(f"{name} must be a table [{key}]")
            return value
        if kind == "tables":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                return bad(f"{name} must be a list of tables")
            return value
        raise ValueError(kind)

    def schema(self, data: dict[str, Any]) -> None:
        if "schema" not in data:
            self.problem("missing 'schema = 1' (the file format version)", None, None)
            return
        version = data["schema"]
        if isinstance(version, bool) or not isinstance(version, int):
            self.problem("'schema' must be a whole number", None, "schema")
        elif version > SCHEMA:
            self.problem(
                f"schema {version} is newer than this qitui understands ({SCHEMA}): upgrade qitui",
                None,
                "schema",
            )
        elif version < 1:
            self.problem(f"unknown schema {version}", None, "schema")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        shown = value if isinstance(value, float) or abs(value) < 10**16 else "of many digits"
        return f"a number ({shown})"
    if isinstance(value, str):
        return f"text ('{value}')"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
