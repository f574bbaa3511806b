"""Located problems and the errors a save can raise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    level: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


class StoreError(Exception):
    """A save that cannot be done (read-only, unsafe name, broken file on disk)."""


class ConflictError(StoreError):
    """The file changed on disk since it was loaded: saving would overwrite someone's work."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        super().__init__(f"{path}: changed on disk since it was opened")
        self.path = path
        self.text = text  # what we meant to write (for "keep mine")


class ReadOnlyError(StoreError):
    pass
