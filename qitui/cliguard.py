"""Checks of command-line arguments that turn would-be tracebacks into one clear line.

Each function raises :class:`GuardError` (the CLI prints it and exits 1) or returns the
checked value.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from qitui import limits
from qitui.folders import PROJECT_FILE


class GuardError(Exception):
    """A bad argument, worded for one line on stderr."""


def text_arg(value: str, flag: str) -> str:
    """``value`` as typed, refused if it holds bytes that are not UTF-8 (argv is decoded with
    surrogate escapes, which can be neither written to a file nor printed)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise GuardError(
            f"{flag}: not valid UTF-8 text (check the terminal's or the script's encoding)"
        ) from None
    return value


def project_folder(path: Path) -> Path:
    """``path`` if it is a folder holding a project, else a clear reason why not."""
    if not path.exists():
        if path.is_symlink():
            raise GuardError(f"{path}: a symlink to nothing")
        raise GuardError(f"{path}: no such folder")
    if not path.is_dir():
        raise GuardError(f"{path}: not a folder (give a project folder)")
    if not (path / PROJECT_FILE).exists() and not (path / PROJECT_FILE).is_symlink():
        raise GuardError(
            f"{path}: not a project (no {PROJECT_FILE}; make one with qitui new {path} --title T)"
        )
    return path


def app_folder(path: Path) -> Path:
    """What the app (and ``serve``) may open: an existing folder, not a file."""
    if not path.exists():
        raise GuardError(f"{path}: no such folder")
    if not path.is_dir():
        hint = ""
        if path.suffix.lower() == ".csv":
            hint = f" (to add its data to a project: qitui import DIR {path} --measure NAME)"
        raise GuardError(f"{path}: not a folder; give a folder of projects or a project{hint}")
    return path


def chart_size(width: int | None, height: int | None, terminal: int) -> tuple[int, int]:
    """``--width``/``--height``: too small is refused, too large is reduced."""
    w = terminal if width is None else width
    h = 20 if height is None else height
    if width is not None and width < limits.MIN_WIDTH:
        raise GuardError(f"--width must be at least {limits.MIN_WIDTH}; got {width}")
    if height is not None and height < limits.MIN_HEIGHT:
        raise GuardError(f"--height must be at least {limits.MIN_HEIGHT}; got {height}")
    w = max(limits.MIN_WIDTH, min(w, limits.MAX_WIDTH))
    return w, min(h, limits.MAX_HEIGHT)


def free_port(host: str, port: int) -> None:
    """Refuse a port that is out of range or already in use, before the server starts."""
    if not 0 < port < 65536:
        raise GuardError(f"--port must be between 1 and 65535; got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise GuardError(f"--host {host}: cannot be resolved ({exc})") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        if hasattr(socket, "SO_REUSEADDR"):  # as the server binds: a closed port is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise GuardError(
                    f"port {port} on {host} is already in use: stop what uses it, or give "
                    "another --port"
                ) from None
            raise GuardError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
