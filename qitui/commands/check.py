"""``qitui check``: validate project files (exit 0 clean, 1 problems)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from qitui.safetext import visible
from qitui.wording import plural

if TYPE_CHECKING:
    import argparse


def cmd_check(ns: argparse.Namespace) -> int:
    import json

    from qitui.lint import check_paths

    problems = check_paths(ns.paths)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    if ns.json:
        print(
            json.dumps(
                {
                    "errors": len(errors),
                    "warnings": len(warnings),
                    "problems": [
                        {
                            "path": str(p.path),
                            "line": p.line,
                            "level": p.level,
                            "message": p.message,
                        }
                        for p in problems
                    ],
                },
                indent=2,
            )
        )
    else:
        for p in problems:
            print(visible(p.describe()))
        if problems:
            counts = f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}"
            print(counts, file=sys.stderr)
    return 1 if errors or (ns.strict and warnings) else 0
