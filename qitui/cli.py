"""The ``qitui`` command line: the app, and the same engine for scripts, CI and coaches.

Exit codes: 0 success, 1 problems found (or the command failed on bad input), 2 usage.
Every failure is one clear line on stderr; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from qitui import __version__
from qitui import model as m
from qitui.safetext import visible

COMMANDS = ("new", "import", "check", "analyse", "analyze", "chart", "report", "serve")


class CommandError(Exception):
    """A failure worth one line on stderr (exit 1)."""


def _version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"qitui {__version__}")


def app_parser() -> argparse.ArgumentParser:
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
    parser = argparse.ArgumentParser(prog="qitui")
    _version(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("new", help="make a project folder")
    p.add_argument("dir", type=Path)
    p.add_argument("--title", required=True)
    _version(p)

    p = sub.add_parser("import", help="add or update a measure's data from CSV")
    p.add_argument("dir", type=Path, help="the project folder")
    p.add_argument("file", type=Path, help="CSV: date,value or date,numerator,denominator")
    p.add_argument("--measure", required=True, help="the measure's id or name (made if new)")
    p.add_argument("--chart", choices=m.CHART_TYPES, help="chart type of a new measure")
    p.add_argument("--type", choices=m.MEASURE_TYPES, help="measure type of a new measure")
    p.add_argument("--dayfirst", action="store_true", help="read slash dates as dd/mm/yyyy")
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
        p.add_argument("--dayfirst", action="store_true", help="read slash dates as dd/mm/yyyy")
        p.add_argument("--json", action="store_true", help="JSON (contract in docs/cli.md)")
        _version(p)

    p = sub.add_parser("chart", help="draw a measure's chart to stdout")
    p.add_argument("dir", type=Path)
    p.add_argument("measure")
    p.add_argument("--width", type=int, help="columns (default: the terminal's, else 80)")
    p.add_argument("--height", type=int, help="rows of the plot (default: 20)")
    _version(p)

    p = sub.add_parser("report", help="a Markdown report of a project or a folder of projects")
    p.add_argument("dir", type=Path)
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    _version(p)

    p = sub.add_parser("serve", help="serve the app to a browser (textual-serve)")
    p.add_argument("path", nargs="?", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--read-only", action="store_true")
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
        ns = app_parser().parse_args(args)
        return run_app(ns)
    except CommandError as exc:
        print(f"qitui: {visible(exc, multiline=True)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run_app(ns: argparse.Namespace) -> int:
    path = Path(ns.path) if ns.path else default_path()
    if not path.exists():
        raise CommandError(f"{path}: no such folder")
    from qitui.app import make_app

    app = make_app(path, read_only=ns.read_only)
    app.run()
    if app.recovery_path is not None:
        print(
            f"qitui: your unsaved text is kept in {app.recovery_path}; the next start shows it",
            file=sys.stderr,
        )
    return app.return_code or 0  # 1 when an error stopped the app


# --------------------------------------------------------------------------- new / import


def cmd_new(ns: argparse.Namespace) -> int:
    from qitui.store import StoreError, create_project

    if not m.is_slug(ns.dir.name):
        raise CommandError(
            f"{ns.dir}: use a folder name of lower-case letters, digits and - "
            f"(e.g. {m.slugify(ns.dir.name or ns.title)})"
        )
    try:
        create_project(ns.dir, ns.title)
    except (StoreError, OSError) as exc:
        raise CommandError(str(exc)) from None
    print(f"made {ns.dir / 'project.toml'}")
    return 0


def _open_store(folder: Path):  # -> ProjectStore
    from qitui.store import ProjectStore, load_project

    loaded = load_project(folder)
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
    from qitui.csvimport import CsvError, check_against_chart, merge_into, read_csv
    from qitui.store import StoreError

    try:
        data = read_csv(ns.file, dayfirst=ns.dayfirst)
    except CsvError as exc:
        raise CommandError(f"{exc}; nothing was imported") from None
    store = _open_store(ns.dir)
    measure = find_measure(store.project, ns.measure)
    created = measure is None
    if measure is None:
        chart = ns.chart or ("p" if data.ratio else "run")
        measure = m.Measure(
            id=store.new_measure_id(ns.measure),
            name=ns.measure,
            type=ns.type or "outcome",
            chart=chart,
        )
    elif ns.chart and ns.chart != measure.chart:
        raise CommandError(
            f"measure '{measure.id}' is a {measure.chart} chart; --chart {ns.chart} would "
            "change it (edit the measure instead); nothing was imported"
        )
    try:
        check_against_chart(data, measure.chart)
        added, updated = merge_into(measure, data)
        if created or added or updated:
            store.save_measure(measure)
    except CsvError as exc:
        raise CommandError(f"{exc}; nothing was imported") from None
    except (StoreError, OSError) as exc:
        raise CommandError(f"{exc}; nothing was imported") from None
    verb = "made" if created else "updated"
    print(
        f"{verb} {store.measure_file(measure.id)}: {added} added, {updated} changed, "
        f"{len(data.rows) - added - updated} unchanged"
    )
    return 0


# --------------------------------------------------------------------------- check


def cmd_check(ns: argparse.Namespace) -> int:
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
            print(f"{len(errors)} error(s), {len(warnings)} warning(s)", file=sys.stderr)
    return 1 if errors or (ns.strict and warnings) else 0


# --------------------------------------------------------------------------- analyse


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
        out = {
            "project": project.title,
            "measures": [measure_json(meas, res) for meas, res in results],
        }
        print(json.dumps(out, indent=2))
    else:
        for meas, res in results:
            print(visible("\n".join(summary_lines(meas, res)), multiline=True))
            print()
    return 0


def _analyse_csv(ns: argparse.Namespace) -> int:
    from datetime import date

    from qitui.analysis import AnalysisError, analyse
    from qitui.csvimport import CsvError, check_against_chart, read_csv
    from qitui.verdict import summary_lines

    if not ns.chart:
        raise CommandError("--csv needs --chart run|i|mr|p|u|c")
    try:
        data = read_csv(ns.csv, dayfirst=ns.dayfirst)
        if ns.chart != "run":
            check_against_chart(data, ns.chart if ns.chart != "mr" else "i")
    except CsvError as exc:
        raise CommandError(str(exc)) from None
    starts: list[date] = []
    for text in ns.phase_start:
        try:
            starts.append(date.fromisoformat(text))
        except ValueError:
            raise CommandError(f"--phase-start '{text}' is not a date (YYYY-MM-DD)") from None
    if ns.freeze is not None and ns.freeze < 1:
        raise CommandError("--freeze must be 1 or more")
    meas = m.Measure(
        id="csv",
        name=ns.csv.stem,
        chart=ns.chart,
        freeze=ns.freeze,
        better=ns.better or "",
        phases=[m.Phase(s, "--phase-start") for s in starts],
        points=[m.DataPoint(r.date, r.value, r.numerator, r.denominator) for r in data.rows],
    )
    dates = [p.date.isoformat() for p in meas.points]
    try:
        result = analyse(
            ns.chart,
            values=None if data.ratio else [p.value for p in meas.points],
            numerators=[p.numerator for p in meas.points] if data.ratio else None,
            denominators=[p.denominator for p in meas.points] if data.ratio else None,
            phase_starts=meas.phase_starts(),
            freeze=ns.freeze,
            screen=not ns.no_screen,
            rules=tuple(ns.rules),
            better=ns.better,
        )
    except AnalysisError as exc:
        raise CommandError(str(exc)) from None
    if ns.json:
        print(json.dumps(result.to_dict(dates), indent=2))
    else:
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
    width = ns.width or (os.get_terminal_size().columns if sys.stdout.isatty() else 80)
    if width < 40 or (ns.height is not None and ns.height < 8):
        raise CommandError("--width must be at least 40 and --height at least 8")
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print(render_text(store.project, meas, width=width, height=ns.height or 20, colour=colour))
    return 0


def cmd_report(ns: argparse.Namespace) -> int:
    from qitui.report import report_markdown
    from qitui.tomlio import write_atomic

    if not ns.dir.is_dir():
        raise CommandError(f"{ns.dir}: no such folder")
    text = visible(report_markdown(ns.dir), multiline=True)  # Markdown, controls shown
    if ns.output:
        write_atomic(ns.output, text)
        print(f"wrote {ns.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_serve(ns: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError("qitui serve needs textual-serve: pip install 'qitui[serve]'") from None
    path = ns.path or default_path()
    ro = " --read-only" if ns.read_only else ""
    command = f"{shlex.quote(sys.executable)} -m qitui {shlex.quote(str(path))}{ro}"
    Server(command, host=ns.host, port=ns.port).serve()
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new,
    "import": cmd_import,
    "check": cmd_check,
    "analyse": cmd_analyse,
    "analyze": cmd_analyse,
    "chart": cmd_chart,
    "report": cmd_report,
    "serve": cmd_serve,
}
