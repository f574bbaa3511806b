"""The ``qitui`` command line: the app, and the same engine for scripts, CI and coaches.

Exit codes: 0 success, 1 problems found (or the command failed on bad input), 2 usage.
Every failure is one clear line on stderr; no traceback reaches the user.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qitui import __version__
from qitui.safetext import visible

if TYPE_CHECKING:
    import argparse

# qitui.model, argparse and json are imported where they are used, not by ``qitui`` starting
# the app on a folder (about 15 ms before the first frame: docs/performance.md)

from qitui.cliguard import GuardError
from qitui.commands.common import CommandError

COMMANDS = (
    "new",
    "import",
    "export",
    "check",
    "analyse",
    "analyze",
    "chart",
    "report",
    "review",
    "serve",
)


def _version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"qitui {__version__}")


def app_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="qitui",
        description="A terminal workbook for quality improvement. Opens the app on PATH; "
        f"subcommands: {', '.join(c for c in COMMANDS if c != 'analyze')} "
        "(qitui COMMAND --help for each).",
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help="a folder of projects or one project (default: ./projects, else the example)",
    )
    parser.add_argument("--read-only", action="store_true", help="open without allowing changes")
    _version(parser)
    return parser


def command_parser() -> argparse.ArgumentParser:
    import argparse

    from qitui import model as m

    parser = argparse.ArgumentParser(prog="qitui")
    _version(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("new", help="make a project folder")
    p.add_argument("dir", type=Path)
    p.add_argument("--title", required=True)
    p.add_argument(
        "--start",
        metavar="DATE",
        help="the project's start date (YYYY-MM-DD or dd/mm/yyyy); left out: no start date",
    )
    _version(p)

    p = sub.add_parser("import", help="add or update a measure's data from CSV or Excel")
    p.add_argument("dir", type=Path, help="the project folder")
    p.add_argument(
        "file",
        type=Path,
        help="CSV or .xlsx: date,value or date,numerator,denominator, "
        "or one row per record with --period",
    )
    p.add_argument("--measure", required=True, help="the measure's id or name (made if new)")
    p.add_argument("--chart", choices=m.CHART_TYPES, help="chart type of a new measure")
    p.add_argument("--type", choices=m.MEASURE_TYPES, help="measure type of a new measure")
    p.add_argument("--dayfirst", action="store_true", help="read slash dates as dd/mm/yyyy")
    p.add_argument("--sheet", help="Excel: the sheet to read (default: the first)")
    p.add_argument("--period", choices=m.IMPORT_PERIODS, help="records: one point per period")
    p.add_argument("--date-column", metavar="COL", help="records: the column of dates")
    stat = p.add_mutually_exclusive_group()
    stat.add_argument("--count", action="store_true", help="records: records per period")
    stat.add_argument("--flag", metavar="COL", help="records: share of records whose COL is yes")
    stat.add_argument("--mean", metavar="COL", help="records: mean of COL per period")
    stat.add_argument("--median", metavar="COL", help="records: median of COL per period")
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    _version(p)

    p = sub.add_parser("export", help="a measure's data with its analysis, as CSV or Excel")
    p.add_argument("dir", type=Path, help="the project folder")
    p.add_argument("measure", help="the measure's id or name")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.xlsx")
    _version(p)

    p = sub.add_parser("check", help="validate project files (exit 0 clean, 1 problems)")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _version(p)

    for name in ("analyse", "analyze"):
        p = sub.add_parser(name, help="run/control chart analysis" if name == "analyse" else None)
        p.add_argument("dir", type=Path, nargs="?", help="a project folder")
        p.add_argument("--measure", help="only this measure (id or name)")
        p.add_argument("--csv", type=Path, help="analyse a bare CSV instead of a project")
        p.add_argument("--chart", choices=m.CHART_TYPES, help="chart type (with --csv)")
        p.add_argument("--freeze", type=int, help="baseline: first N points of each phase")
        p.add_argument(
            "--phase-start", action="append", default=[], metavar="DATE", help="new phase"
        )
        p.add_argument("--no-screen", action="store_true", help="I chart: no MR screening")
        p.add_argument(
            "--rules",
            choices=("ihi-control", "mdc"),
            action="append",
            default=[],
            help="extra control-chart rule set",
        )
        p.add_argument("--better", choices=m.DIRECTIONS, help="improvement direction (--csv)")
        p.add_argument(
            "--target", type=float, help="target, for the Making Data Count assurance (--csv)"
        )
        p.add_argument("--dayfirst", action="store_true", help="read slash dates as dd/mm/yyyy")
        p.add_argument("--json", action="store_true", help="JSON (contract in docs/cli.md)")
        p.add_argument("--pretty", action="store_true", help="JSON indented (with --json)")
        _version(p)

    p = sub.add_parser("chart", help="draw a measure's chart to stdout")
    p.add_argument("dir", type=Path)
    p.add_argument("measure")
    p.add_argument("--width", type=int, help="columns (default: the terminal's, else 80)")
    p.add_argument("--height", type=int, help="rows of the plot (default: 20)")
    p.add_argument("--svg", type=Path, metavar="FILE", help="save the chart as SVG (in colour)")
    p.add_argument("--html", type=Path, metavar="FILE", help="save the chart as HTML")
    _version(p)

    p = sub.add_parser("report", help="a Markdown report of a project or a folder of projects")
    p.add_argument("dir", type=Path)
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p.add_argument("--html", type=Path, metavar="FILE", help="one HTML file, charts in colour")
    _version(p)

    p = sub.add_parser("review", help="what changed in each project since a date or revision")
    p.add_argument("dir", type=Path, help="a folder of projects, or one project")
    p.add_argument(
        "--since",
        required=True,
        metavar="DATE|REV",
        help="a date (YYYY-MM-DD: the last commit before it) or a git revision",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _version(p)

    p = sub.add_parser(
        "serve", help="serve the app to a browser (textual-serve), read-only unless --edit"
    )
    p.add_argument("path", nargs="?", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--edit", action="store_true", help="allow changes (default: read-only)")
    p.add_argument("--read-only", action="store_true", help="the default; kept for scripts")
    p.add_argument("--public-url", help="the address browsers use, behind a proxy")
    p.add_argument(
        "--origin",
        action="append",
        default=[],
        metavar="URL",
        help="another page origin allowed to open the app (a proxy's https://host)",
    )
    _version(p)
    return parser


def default_path() -> Path:
    """``./projects`` if it exists, else the example projects shipped beside the package."""
    here = Path("projects")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "projects"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            import importlib

            ns = command_parser().parse_args(args)
            module, _, name = HANDLERS[ns.command].partition(":")
            handler = getattr(importlib.import_module(module), name)
            return int(handler(ns))
        if len(args) <= 1 and not (args and args[0].startswith("-")):
            # the app on a folder, or on the default one: no parser to build
            from types import SimpleNamespace

            return run_app(SimpleNamespace(path=args[0] if args else None, read_only=False))  # type: ignore[arg-type]
        ns = app_parser().parse_args(args)
        return run_app(ns)
    except (CommandError, GuardError) as exc:
        print(f"qitui: {visible(exc, multiline=True)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run_app(ns: argparse.Namespace) -> int:
    from qitui.cliguard import app_folder

    path = app_folder(Path(ns.path) if ns.path else default_path())
    from qitui.app import make_app
    from qitui.keymap import keymap_path

    app = make_app(path, read_only=ns.read_only, keymap=keymap_path())
    app.run()
    if app.recovery_path is not None:
        print(
            f"qitui: your unsaved text is kept in {app.recovery_path}; the next start shows it",
            file=sys.stderr,
        )
    return app.return_code or 0  # 1 when an error stopped the app


#: Each command's function, as ``module:function`` (imported when the command runs).
HANDLERS: dict[str, str] = {
    "new": "qitui.commands.data:cmd_new",
    "import": "qitui.commands.data:cmd_import",
    "export": "qitui.commands.data:cmd_export",
    "check": "qitui.commands.check:cmd_check",
    "analyse": "qitui.commands.analyse:cmd_analyse",
    "analyze": "qitui.commands.analyse:cmd_analyse",
    "chart": "qitui.commands.outputs:cmd_chart",
    "report": "qitui.commands.outputs:cmd_report",
    "review": "qitui.commands.outputs:cmd_review",
    "serve": "qitui.commands.outputs:cmd_serve",
}
