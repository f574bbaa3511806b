"""Atomic writes that keep a file's mode, and guarded writes of outputs (``report -o``).

A write goes to a temporary file, is flushed and fsynced, gets the mode of the file it
replaces (a new file: what the umask allows, as ``open()`` would give), and is renamed over
the target; the folder is then fsynced. A ``kill -9`` at any moment leaves the old file or the
new one, never a mix, and at worst a temporary file that :func:`remove_leftovers` clears.

Temporary files are named ``.<name>.<random>.tmp``. The store puts them in the project's own
work folder (``<project>/.qitui/``, ignored by git through its ``.gitignore``), so that
``git add -A`` never picks one up.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from pathlib import Path

TEMP_SUFFIX = ".tmp"
_UMASK_GUARD = threading.Lock()


class OutputError(Exception):
    """An output that must not or cannot be written, worded for one line on stderr."""


def current_umask() -> int:
    """The process umask (read by setting and restoring it)."""
    with _UMASK_GUARD:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def is_temp_name(name: str) -> bool:
    """A leftover of an interrupted :func:`write_atomic` (ignored when loading)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _same_content(path: Path, data: bytes, st: os.stat_result | None) -> bool:
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
        return False
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def write_atomic(path: Path, data: bytes, tmp_dir: Path | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; False (nothing touched) if it already holds it.

    ``tmp_dir``: where the temporary file is made (same file system as ``path``; default:
    beside it). The file keeps its mode; a new file gets ``0o666`` less the umask.
    """
    path = Path(path)
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    if _same_content(path, data, st):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    if st is not None and stat.S_ISREG(st.st_mode):
        mode = stat.S_IMODE(st.st_mode)
    else:
        mode = 0o666 & ~current_umask()
    folder = tmp_dir if tmp_dir is not None else path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            with contextlib.suppress(OSError):  # a file system without modes
                os.fchmod(handle.fileno(), mode)
            if st is not None and hasattr(os, "fchown"):
                with contextlib.suppress(OSError):  # keep the group, where we may
                    os.fchown(handle.fileno(), -1, st.st_gid)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: some systems cannot)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftovers(folders: list[Path]) -> list[Path]:
    """Delete the temporary files of interrupted saves in ``folders``; returns them.

    Call it only while holding the project's lock (no save of ours is under way then)."""
    removed: list[Path] = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def has_leftovers(folders: list[Path]) -> bool:
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                if any(is_temp_name(e.name) for e in entries):
                    return True
        except OSError:
            continue
    return False


# --------------------------------------------------------------------------- outputs

PROJECT_FILE = "project.toml"
_PROJECT_FOLDERS = ("measures", "cycles", "notes")


def is_project_file(path: Path) -> bool:
    """``path`` is (or would be) a file qitui reads as part of a project."""
    name = path.name.lower()
    if name == PROJECT_FILE:
        return True
    parent = path.parent
    return (
        name.endswith(".toml")
        and parent.name in _PROJECT_FOLDERS
        and (parent.parent / PROJECT_FILE).exists()
    )


def check_output(path: Path) -> None:
    """Refuse an output path that is a project file, a folder or not a regular file."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, RuntimeError):
        raise OutputError(f"{path}: cannot resolve the path (a symlink loop?)") from None
    if is_project_file(Path(path)) or is_project_file(real):
        raise OutputError(f"{path}: is a project file; refusing to write a report over it")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise OutputError(f"{path}: no such folder: {real.parent}") from None
        return
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name, e.g. {Path(path) / 'report.md'}")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{path}: is not a regular file (a device, a pipe or a socket); "
            "write to a file, or leave out -o to write to standard output"
        )


def write_output(path: Path, text: str) -> bool:
    """Write a report or an export to ``path``: checked by :func:`check_output`, atomic,
    and every OS failure turned into :class:`OutputError`."""
    check_output(path)
    real = Path(os.path.realpath(path))
    try:
        return write_atomic(real, text.encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputError(f"{path}: cannot write: {reason}; nothing was written") from None
