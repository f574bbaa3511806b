"""Who is writing: the author of review notes."""

from __future__ import annotations

import getpass
import shutil
import subprocess
from functools import cache


@cache
def current_author() -> str:
    """``git config user.name``, else the login name, else "unknown"."""
    git = shutil.which("git")
    if git:
        try:
            out = subprocess.run(
                [git, "config", "user.name"], capture_output=True, text=True, timeout=2
            )
            name = out.stdout.strip()
            if out.returncode == 0 and name:
                return name
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):
        return "unknown"
