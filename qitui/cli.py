"""The ``qitui`` command line: the app, and the same engine for scripts, CI and coaches.

Exit codes: 0 success, 1 problems found (or the command failed on bad input), 2 usage.
Every failure is one clear line on stderr; no traceback reaches the user.
"""

from __future__ import annotations

import functools
import gc
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qitui import __version__
from qitui.safetext import visible

if TYPE_CHECKING:
    import argparse

    from qitui import model as m

# qitui.model, argparse and json are imported where they are used, not by ``qitui`` starting
# the app on a folder (about 15 ms before the first frame: docs/performance.md)

from qitui.cliguard import GuardError
from qitui.wording import plural

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


class CommandError(Exception):
    """A failure worth one line on stderr (exit 1)."""


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
            ns = command_parser().parse_args(args)
            handler = HANDLERS[ns.command]
            return handler(ns)
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


# --------------------------------------------------------------------------- new / import


def cmd_new(ns: argparse.Namespace) -> int:
    from qitui import model as m
    from qitui.cliguard import text_arg
    from qitui.store import StoreError, create_project

    text_arg(ns.title, "--title")
    if not m.is_slug(ns.dir.name):
        raise CommandError(
            f"{ns.dir}: use a folder name of lower-case letters, digits and - "
            f"(e.g. {m.slugify(ns.dir.name or ns.title)})"
        )
    start = None
    if ns.start is not None:
        from qitui.parse import parse_date

        start, error = parse_date(text_arg(ns.start, "--start"))
        if error:
            raise CommandError(f"--start: {error}")
    try:
        create_project(ns.dir, ns.title, start)
    except (StoreError, OSError) as exc:
        raise CommandError(str(exc)) from None
    print(f"made {ns.dir / 'project.toml'}")
    if start is None:
        print("no start date yet: give --start DATE, or set it in the app (s on the project)")
    return 0


def _open_store(folder: Path):  # -> ProjectStore
    from qitui.cliguard import project_folder
    from qitui.store import ProjectStore, load_project

    loaded = load_project(project_folder(folder))
    if loaded.project is None or loaded.errors:
        lines = "\n".join(str(p) for p in loaded.errors)
        raise CommandError(f"{folder}: the project has problems; fix them first:\n{lines}")
    return ProjectStore(loaded)


def find_measure(project: m.Project, key: str) -> m.Measure | None:
    return next(
        (x for x in project.measures if x.id == key or x.name.casefold() == key.casefold()),
        None,
    )


def cmd_import(ns: argparse.Namespace) -> int:
    from qitui.cliguard import project_folder, text_arg
    from qitui.locking import LockError, project_lock

    text_arg(ns.measure, "--measure")
    try:  # one writer at a time, from reading the measure to writing it: no update is lost
        with project_lock(project_folder(ns.dir)):
            return _import_locked(ns)
    except LockError as exc:
        raise CommandError(f"{exc}; nothing was imported") from None


def _import_locked(ns: argparse.Namespace) -> int:
    from qitui.csvimport import CsvError
    from qitui.dataio import DataError
    from qitui.dataio.engine import ImportRequest, apply_import, plan_import, preview_lines
    from qitui.store import StoreError

    statistic = next((s for s in ("count", "flag", "mean", "median") if getattr(ns, s)), None)
    column = getattr(ns, statistic) if statistic and statistic != "count" else None
    request = ImportRequest(
        file=ns.file,
        measure=ns.measure,
        chart=ns.chart,
        type=ns.type,
        sheet=ns.sheet,
        dayfirst=ns.dayfirst,
        period=ns.period,
        date_column=ns.date_column,
        statistic=statistic,
        column=column,
    )
    store = _open_store(ns.dir)
    try:
        existing = find_measure(store.project, ns.measure)
        new_id = "" if existing else store.new_measure_id(ns.measure)
        plan = plan_import(store.project, request, new_id)
        target = store.measure_file(plan.measure.id)
        if not ns.dry_run:
            apply_import(store, plan)
    except (CsvError, DataError, StoreError, OSError) as exc:
        raise CommandError(f"{exc}; nothing was imported") from None
    print("\n".join(preview_lines(plan, target, dry_run=ns.dry_run)))
    return 0


def cmd_export(ns: argparse.Namespace) -> int:
    from qitui.dataio import DataError
    from qitui.dataio.export import export_measure

    store = _open_store(ns.dir)
    meas = find_measure(store.project, ns.measure)
    if meas is None:
        ids = ", ".join(x.id for x in store.project.measures) or "none"
        raise CommandError(f"no measure '{ns.measure}' in {ns.dir} (measures: {ids})")
    try:
        rows = export_measure(meas, ns.output)
    except (DataError, OSError) as exc:
        raise CommandError(f"{exc}; nothing was written") from None
    print(f"wrote {ns.output}: {rows} point(s) of '{meas.name}'")
    return 0


# --------------------------------------------------------------------------- check


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


# --------------------------------------------------------------------------- analyse


def _without_gc(command: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """Run ``command`` with Python's cyclic garbage collector off: an analysis of 100,000
    points makes a million objects and next to no cycles, which the collector would walk
    again and again (10-20% of the run)."""

    @functools.wraps(command)
    def run(ns: argparse.Namespace) -> int:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return command(ns)
        finally:
            if collecting:
                gc.enable()

    return run


@_without_gc
def cmd_analyse(ns: argparse.Namespace) -> int:
    if ns.csv is not None:
        if ns.dir is not None:
            raise CommandError("give either a project folder or --csv FILE, not both")
        return _analyse_csv(ns)
    if ns.dir is None:
        raise CommandError("give a project folder, or --csv FILE --chart C")
    from qitui.measure_analysis import analyse_measure, measure_json
    from qitui.verdict import summary_lines

    store = _open_store(ns.dir)
    project = store.project
    measures = project.measures
    if ns.measure:
        one = find_measure(project, ns.measure)
        if one is None:
            raise CommandError(f"no measure '{ns.measure}' in {ns.dir}")
        measures = [one]
    results = [(meas, analyse_measure(meas)) for meas in measures]
    if ns.json:
        from dataclasses import replace

        from qitui.jsonout import Points, write_json

        encoded: list[dict[str, Any]] = []
        out = {"project": project.title, "measures": encoded}
        for meas, res in results:  # the points encoded as they are written (qitui.jsonout)
            dates = [p.date.isoformat() for p in sorted(meas.points, key=lambda p: p.date)]
            row = measure_json(meas, replace(res, points=[], signals=[]))
            row["points"] = Points(res.points, dates)
            row["signals"] = Points(res.signals)
            encoded.append(row)
        write_json(out, sys.stdout, pretty=ns.pretty)
    else:
        for meas, res in results:
            print(visible("\n".join(summary_lines(meas, res)), multiline=True))
            print()
    return 0


def _analyse_csv(ns: argparse.Namespace) -> int:
    from datetime import date

    from qitui import model as m
    from qitui.analysis import AnalysisError, analyse
    from qitui.csvfast import read_series
    from qitui.csvimport import CsvError
    from qitui.parse import parse_date
    from qitui.verdict import summary_lines

    if not ns.chart:
        raise CommandError(f"--csv needs --chart {'|'.join(m.CHART_TYPES)}")
    try:
        data = read_series(ns.csv, ns.chart, dayfirst=ns.dayfirst)  # columns, fast if clean
    except CsvError as exc:
        raise CommandError(str(exc)) from None
    starts: list[date] = []
    for text in ns.phase_start:
        when, error = parse_date(text, dayfirst=ns.dayfirst)
        if when is None:
            raise CommandError(f"--phase-start {error}")
        starts.append(when)
    if ns.freeze is not None and ns.freeze < 1:
        raise CommandError("--freeze must be 1 or more")
    try:
        result = analyse(
            ns.chart,
            values=data.values,
            numerators=data.numerators,
            denominators=data.denominators,
            phase_starts=data.phase_starts(starts),
            freeze=ns.freeze,
            screen=not ns.no_screen,
            rules=tuple(ns.rules),
            better=ns.better,
            target=ns.target,
        )
    except AnalysisError as exc:
        raise CommandError(str(exc)) from None
    if ns.json:
        from qitui.jsonout import result_json, write_json

        write_json(result_json(result, data.iso_dates()), sys.stdout, pretty=ns.pretty)
        return 0
    meas = m.Measure(
        id="csv",
        name=ns.csv.stem,
        chart=ns.chart,
        freeze=ns.freeze,
        better=ns.better or "",
        phases=[m.Phase(s, "--phase-start") for s in starts],
        points=data.points(),
    )
    print(visible("\n".join(summary_lines(meas, result)), multiline=True))
    return 0


# --------------------------------------------------------------------------- chart / report


def cmd_chart(ns: argparse.Namespace) -> int:
    from qitui.charts import render_text

    store = _open_store(ns.dir)
    meas = find_measure(store.project, ns.measure)
    if meas is None:
        ids = ", ".join(x.id for x in store.project.measures) or "none"
        raise CommandError(f"no measure '{ns.measure}' in {ns.dir} (measures: {ids})")
    from qitui.cliguard import chart_size

    terminal = 80
    if ns.width is None and sys.stdout.isatty():
        terminal = os.get_terminal_size().columns
    width, height = chart_size(ns.width, ns.height, terminal)
    if ns.svg or ns.html:
        from qitui.dataio import DataError
        from qitui.dataio.board import save_charts

        files = {"svg": ns.svg, "html": ns.html}
        try:
            size = (width if ns.width else 100, height if ns.height else 20)
            for path in save_charts(store.project, meas, files, *size):
                print(f"wrote {path}")
        except DataError as exc:
            raise CommandError(f"{exc}; nothing was written") from None
        except OSError as exc:
            raise CommandError(
                f"{exc.filename or ''}: cannot write: {exc.strerror or exc}"
            ) from None
        return 0
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    try:
        text = render_text(store.project, meas, width=width, height=height, colour=colour)
    except (ArithmeticError, ValueError) as exc:  # values no check foresaw: a line, not a trace
        raise CommandError(f"{meas.name}: the chart cannot be drawn ({exc})") from None
    print(text)
    return 0


def cmd_report(ns: argparse.Namespace) -> int:
    from qitui.cliguard import app_folder
    from qitui.report import report_markdown
    from qitui.safeio import OutputError, check_output, write_output

    app_folder(ns.dir)
    if ns.html:
        from qitui.dataio import DataError, write_file
        from qitui.dataio.board import report_html

        try:
            write_file(ns.html, report_html(ns.dir).encode("utf-8"))
        except DataError as exc:
            raise CommandError(f"{exc}; nothing was written") from None
        except OSError as exc:
            raise CommandError(f"{ns.html}: cannot write: {exc.strerror or exc}") from None
        print(f"wrote {ns.html}")
        if not ns.output:
            return 0
    try:
        if ns.output:
            check_output(ns.output)  # before the work: a bad -o fails fast
        text = visible(report_markdown(ns.dir), multiline=True)  # Markdown, controls shown
        if ns.output:
            write_output(ns.output, text)
    except OutputError as exc:
        raise CommandError(str(exc)) from None
    if ns.output:
        print(f"wrote {ns.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_review(ns: argparse.Namespace) -> int:
    import json

    from qitui.review import ReviewError, review, review_text

    try:
        result = review(ns.dir, ns.since)
    except ReviewError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:  # git missing half-way, a timeout, an unreadable folder
        raise CommandError(f"{ns.dir}: {exc}") from None
    if ns.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(review_text(result))
    return 0


def cmd_serve(ns: argparse.Namespace) -> int:
    from qitui.cliguard import app_folder, free_port

    try:
        from qitui.serve import make_server
    except ImportError:
        raise CommandError("qitui serve needs textual-serve: pip install 'qitui[serve]'") from None
    if ns.edit and ns.read_only:
        raise CommandError("give --edit or --read-only, not both")
    path = app_folder(ns.path or default_path()).resolve()
    free_port(ns.host, ns.port)
    ro = "" if ns.edit else " --read-only"
    command = f"{shlex.quote(sys.executable)} -m qitui {shlex.quote(str(path))}{ro}"
    try:
        server = make_server(command, ns.host, ns.port, ns.public_url, ns.origin)
    except ImportError:
        raise CommandError("qitui serve needs textual-serve: pip install 'qitui[serve]'") from None
    server.serve()
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new,
    "import": cmd_import,
    "export": cmd_export,
    "check": cmd_check,
    "analyse": cmd_analyse,
    "analyze": cmd_analyse,
    "chart": cmd_chart,
    "report": cmd_report,
    "review": cmd_review,
    "serve": cmd_serve,
}
