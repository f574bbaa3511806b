"""Deterministic TOML text for project files, safe reading, and line numbers for errors.

Files are written with tomli-w, shaped so that keys keep a fixed order, data points sit one per
line (inline tables in an array, see "writing" below) and a save that changes one value changes
one line. Reading uses tomli (the parser the standard library's
:mod:`tomllib` is taken from, compiled, so about 2.4× faster); :func:`locate` finds the line of a
key so that schema errors can be reported as ``path:line: message``.
"""

from __future__ import annotations

import math
import re
import stat
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from qitui import safeio

SCHEMA = 1
MAX_FILE_BYTES = 5 * 1024 * 1024  # a project file larger than this is refused, not parsed
_CONFLICT = re.compile(r"^(<{7}( |$)|={7}$|>{7}( |$)|\|{7}( |$))")
_TOML_LINE = re.compile(r"at line (\d+)")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class FileProblem(Exception):
    """A file that cannot be read: ``line`` is 1-based (0 when it concerns the whole file)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


# --------------------------------------------------------------------------- writing
#
# Every key and value is written by tomli-w. The shape of the file is ours: tomli-w writes an
# array of tables inline, one table a line, only while every row fits in 100 columns, and
# otherwise turns the whole array into ``[[points]]`` sections; one long note would then turn a
# one-value edit into a rewrite of every point. So each row of an array (a data point, a phase)
# is an inline table joined here from tomli-w's ``key = value`` of each field, and sits on its
# own line whatever its length (for a row of scalars, one tomli-w call gives all its pairs).


def _toml_value(value: Any) -> Any:
    """``value`` as it is written: whole floats as integers (``18``, not ``18.0``)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot store {value!r}: numbers must be finite")
        if value == int(value) and abs(value) < 1e15:
            return int(value)
        return value
    if isinstance(value, list | tuple):
        return [_toml_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _toml_value(v) for k, v in value.items()}
    if value is None or not isinstance(value, bool | int | str | date):
        raise TypeError(f"cannot write {type(value).__name__} to TOML")
    return value


def fmt_pair(key: str, value: Any, inline: bool = False) -> str:
    """``key = value`` by tomli-w: text with line breaks as a ``\"\"\"`` block unless ``inline``
    (or unless it holds a carriage return, which a block would not keep)."""
    block = not inline and isinstance(value, str) and "\r" not in value
    text = tomli_w.dumps({key: _toml_value(value)}, multiline_strings=block, indent=2)
    return text.rstrip("\n")


def fmt_inline_table(fields: dict[str, Any]) -> str:
    """``{ key = value, … }`` on one line (rows hold no arrays and no tables)."""
    if not fields:
        return "{}"
    values = {k: _toml_value(v) for k, v in fields.items()}
    if any(isinstance(v, list | dict) for v in values.values()):
        body = ", ".join(fmt_pair(k, v, inline=True) for k, v in values.items())
    else:  # scalars: one tomli-w call gives a line per key (fewer calls than one per key)
        body = tomli_w.dumps(values).rstrip("\n").replace("\n", ", ")
    return "{ " + body + " }"


def _present(value: Any) -> bool:
    """Defaults and empty fields are left out of files."""
    return value is not None and value != "" and value != [] and value != {}


def kv_lines(fields: Iterable[tuple[str, Any]]) -> list[str]:
    """``key = value`` lines for the fields that have a value, in the given order."""
    return [fmt_pair(k, v) for k, v in fields if _present(v)]


def array_lines(key: str, rows: Sequence[dict[str, Any]]) -> list[str]:
    """An array of inline tables, one row per line (data points, phases)."""
    if not rows:
        return []
    body = [f"  {fmt_inline_table({k: v for k, v in r.items() if _present(v)})}," for r in rows]
    return [fmt_pair(key, []).removesuffix("[]") + "[", *body, "]"]


class Doc:
    """Builds a TOML document section by section, with blank lines between sections."""

    def __init__(self) -> None:
        self._blocks: list[list[str]] = []

    def top(self, fields: Iterable[tuple[str, Any]]) -> Doc:
        self._add(kv_lines(fields))
        return self

    def array(self, key: str, rows: Sequence[dict[str, Any]]) -> Doc:
        self._add(array_lines(key, rows))
        return self

    def table(self, name: str, fields: Iterable[tuple[str, Any]], always: bool = False) -> Doc:
        lines = kv_lines(fields)
        if lines or always:
            self._add([f"[{name}]", *lines])
        return self

    def array_of_tables(self, name: str, rows: Iterable[Iterable[tuple[str, Any]]]) -> Doc:
        for row in rows:
            self._add([f"[[{name}]]", *kv_lines(row)])
        return self

    def _add(self, lines: list[str]) -> None:
        if lines:
            self._blocks.append(lines)

    def text(self) -> str:
        return "\n\n".join("\n".join(b) for b in self._blocks) + "\n"


def write_atomic(path: Path, text: str, tmp_dir: Path | None = None) -> bool:
    """Write ``text`` to ``path`` atomically (temp file, fsync, rename; the file keeps its
    mode). Returns False, touching nothing, when the file already holds exactly this text.
    See :func:`qitui.safeio.write_atomic`."""
    return safeio.write_atomic(path, text.encode("utf-8"), tmp_dir)


def is_temp_file(path: Path) -> bool:
    """Leftovers of an interrupted :func:`write_atomic` (ignored when loading)."""
    return safeio.is_temp_name(path.name)


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """The file's text, or :class:`FileProblem` for anything that is not a sane text file."""
    return read_source(path)[0]


def read_source(path: Path) -> tuple[str, bytes]:
    """The file's text and its bytes as read (one read: what is parsed is what is hashed),
    or :class:`FileProblem` for anything that is not a sane text file."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise FileProblem(path, 0, f"{what}: expected a TOML text file")
        size = st.st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem(path, 0, f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except FileProblem:
        raise
    except OSError as exc:
        raise FileProblem(path, 0, f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise FileProblem(path, 1, "empty file")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FileProblem(path, line, "binary data (NUL byte): not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(path, line, "not UTF-8 text (save the file as UTF-8)") from None
    return text.removeprefix("\ufeff"), data


def conflict_line(text: str) -> int:
    """The line of the first git conflict marker, or 0."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _CONFLICT.match(line):
            return number
    return 0


def parse(path: Path, text: str | None = None) -> tuple[dict[str, Any], str]:
    """Read and parse a TOML file; raise :class:`FileProblem` with a line number."""
    if text is None:
        text = read_text(path)
    line = conflict_line(text)
    if line:
        raise FileProblem(path, line, "unresolved merge conflict")
    try:
        data = tomli.loads(text)
    except RecursionError:
        raise FileProblem(path, _deep_line(text), "values nested too deeply") from None
    except tomli.TOMLDecodeError as exc:
        msg = str(exc)
        match = _TOML_LINE.search(msg)
        line = int(match.group(1)) if match else 1
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).rstrip(".")
        msg = re.sub(r"\s*\(at end of document\)", " (at end of file)", msg)
        raise FileProblem(path, line, f"TOML syntax error: {msg}") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise FileProblem(path, _long_number_line(text), f"unreadable value: {exc}") from None
    return data, text


_DIGITS = re.compile(r"\d{100,}")
MAX_NESTING = 100  # arrays and inline tables nested deeper than this are refused


def _deep_line(text: str) -> int:
    """The line where brackets first nest deeper than :data:`MAX_NESTING` (best effort)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for ch in line:
            if ch in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return number
            elif ch in "]}":
                depth -= 1
    return 1


def _long_number_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if _DIGITS.search(line):
            return number
    return 1


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\s*=")


def locate(text: str, table: str | None, key: str | None = None, index: int | None = None) -> int:
    """Best-effort 1-based line of ``key`` in ``table`` (``None`` = top level).

    ``table`` may name an array of tables (``[[scores]]``), then ``index`` picks its entry;
    for a top-level key holding an array of inline tables (``points = [``), ``index`` picks
    the element line (or, for ``[[points]]`` sections, the section). Falls back to the table's
    header, then to line 1.
    """
    lines = text.splitlines()
    if table is None and key is not None and index is not None:
        # ``key = [`` of inline tables, else (written by hand) its ``[[key]]`` sections
        return _locate_array_element(lines, key, index) or locate(text, key, None, index)
    current: str | None = None
    seen: dict[str, int] = {}
    section_line = 0
    for number, raw in enumerate(lines, start=1):
        header = _HEADER.match(raw)
        if header:
            if section_line:
                break  # left the wanted section without finding the key
            name = header.group(2).replace(" ", "")
            count = seen.get(name, 0)
            seen[name] = count + 1
            current = name
            if name == table and (index is None or index == count):
                section_line = number
                if key is None:
                    return number
            continue
        if key is not None and current == table and (table is None or section_line):
            match = _KEY.match(raw)
            if match and match.group(1).strip("\"'") == key:
                return number
    return section_line or 1


def _locate_array_element(lines: list[str], key: str, index: int) -> int:
    start = 0
    for number, raw in enumerate(lines, start=1):
        match = _KEY.match(raw)
        if match and match.group(1).strip("\"'") == key and not raw.startswith((" ", "\t")):
            start = number
            break
    if not start:
        return 0
    count = -1
    for number in range(start, len(lines) + 1):
        raw = lines[number - 1]
        stripped = raw.split("=", 1)[1] if number == start else raw
        count += stripped.count("{")
        if count >= index:
            return number
        if stripped.strip().startswith("]"):
            break
    return start
