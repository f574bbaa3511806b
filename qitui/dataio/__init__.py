"""Data in and out: Excel and record-level imports, exports, charts for board papers.

The only part of qitui that uses pandas and openpyxl, and only inside functions, so that
starting the app, ``check``, ``chart`` and ``analyse`` never load them.

- :mod:`qitui.dataio.sheets`: a CSV or Excel file read into cells, with row numbers;
- :mod:`qitui.dataio.records`: one row per record aggregated into weekly, fortnightly or
  monthly points (count, flag, mean, median);
- :mod:`qitui.dataio.engine`: the import as plan → preview → apply, with the recipe kept in
  the measure (the command line and, later, the app's import action use it);
- :mod:`qitui.dataio.export`: a measure's data with its analysis, one row per point;
- :mod:`qitui.dataio.board`: charts and reports as SVG or self-contained HTML (Rich's own
  console export; no pandas there).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class DataError(ValueError):
    """Bad input, already worded as one line naming the file and the column or row.

    Line breaks and other control characters that a file's cells bring into the message
    are shown as spaces: the message stays one line."""

    def __init__(self, message: str) -> None:
        super().__init__("".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in message))


def write_file(path: Path, data: bytes) -> None:
    """Atomic: a temporary file in the same folder, fsynced, renamed over ``path``. The file
    gets the usual permissions (the umask's), not the temporary file's private ones: an
    export is made to be shared."""
    from qitui.safeio import OutputError, check_output

    path = Path(path)
    try:  # never over a project file, a folder, a device or a FIFO
        check_output(path)
    except OutputError as exc:
        raise DataError(str(exc)) from None
    folder = path.parent
    if not folder.is_dir():
        raise DataError(f"{path}: no such folder: {folder}")
    temp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


__all__ = ["DataError", "write_file"]
