"""The schema layer: folder names and the reader that turns parsed TOML values into model
values with located problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qitui import limits
from qitui.store.problems import Problem
from qitui.tomlio import (
    SCHEMA,
    locate,
)

MEASURES_DIR = "measures"
CYCLES_DIR = "cycles"
NOTES_DIR = "notes"
_FOLDERS = (MEASURES_DIR, CYCLES_DIR, NOTES_DIR)


@dataclass(frozen=True)
class Field:
    """One top-level key of a file, in file order: how it is read, checked and written.

    ``kind`` is what :meth:`_Reader.get` expects (``"str"``, ``"date"``, ``"table"``,
    ``"tables"``...); ``keys`` are the allowed keys, in written order, of a table or of each row
    of an array of tables. The key is also the model attribute's name.
    """

    key: str
    kind: str
    keys: tuple[str, ...] = ()


def allowed_keys(fields: tuple[Field, ...]) -> set[str]:
    """The keys a file may hold at the top: ``schema`` and the table's."""
    return {"schema", *(f.key for f in fields)}


def field_keys(fields: tuple[Field, ...], key: str) -> tuple[str, ...]:
    """The allowed keys of one table (or of each row of an array of tables)."""
    return next(f.keys for f in fields if f.key == key)


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
        cls, path: Path, text: str, problems: list[Problem], keys: set[str]
    ) -> tuple[dict[str, Any], _Reader] | None:
        """Parse one entity file, check its schema and top-level keys: the data and a reader,
        or None (the file's problem recorded) when it is not TOML qitui can read."""
        from qitui import store as store_package  # parse looked up late: see the package doc
        from qitui.tomlio import FileProblem

        try:
            data, text = store_package.parse(path, text)
        except FileProblem as exc:
            problems.append(Problem(exc.path, exc.line, exc.message))
            return None
        reader = cls(path, text, problems)
        reader.schema(data)
        reader.check_keys(data, keys, None)
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
