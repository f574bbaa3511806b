"""Recovery files: the unsaved text of an app that had to stop, kept outside the projects.

When an error the app cannot show stops it, the text typed into fields and not saved is
written to ``$XDG_STATE_HOME/qitui/recovery/`` (``~/.local/state/qitui/recovery/`` when the
variable is not set), one JSON file per stop, readable only by its owner; the next start
shows it (literally) so that it can be copied back, then deletes it when asked. Nothing here
imports Textual: the app gathers the entries, this module keeps them.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    """One field's unsaved text: which screen, which field, what was typed."""

    screen: str
    field: str
    text: str


@dataclass
class Recovery:
    """What one stop left: when, where, why, and the unsaved fields."""

    path: Path
    when: str
    folder: str
    error: str
    entries: list[Entry] = field(default_factory=list)

    def as_text(self) -> str:
        """Everything in plain text (shown literally by the app)."""
        lines = [f"qitui stopped at {self.when} on {self.folder}", f"because: {self.error}", ""]
        for e in self.entries:
            lines += [f"── {e.screen} · {e.field}", e.text, ""]
        return "\n".join(lines)


def recovery_dir() -> Path:
    """Where recovery files live (not in a project folder: nothing there is committed)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "qitui" / "recovery"


def write(entries: list[Entry], folder: str, error: str) -> Path | None:
    """Keep ``entries`` in a new recovery file; None when there is nothing to keep or the
    file cannot be written (the app is stopping: this never raises)."""
    if not entries:
        return None
    try:
        target = recovery_dir()
        target.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = target / f"{stamp}-{os.getpid()}.json"
        data = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "folder": folder,
            "error": error,
            "entries": [{"screen": e.screen, "field": e.field, "text": e.text} for e in entries],
        }
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
        return path
    except (OSError, ValueError):
        return None


def pending() -> list[Recovery]:
    """Every recovery file left by earlier stops, oldest first (unreadable ones skipped)."""
    found: list[Recovery] = []
    folder = recovery_dir()
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = [
                Entry(str(e["screen"]), str(e["field"]), str(e["text"])) for e in data["entries"]
            ]
            found.append(
                Recovery(path, str(data["when"]), str(data["folder"]), str(data["error"]), entries)
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def discard(recoveries: list[Recovery]) -> None:
    """Delete the recovery files of ``recoveries`` (the user has their text back)."""
    for rec in recoveries:
        with contextlib.suppress(OSError):
            rec.path.unlink()
