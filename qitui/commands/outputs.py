"""``qitui chart``, ``qitui report``, ``qitui review`` and ``qitui serve``: a measure's chart, a
project's report, what changed since a date, the app in a browser."""

from __future__ import annotations

import os
import shlex
import sys
from typing import TYPE_CHECKING

from qitui.commands.common import CommandError, find_measure, open_store
from qitui.safetext import visible

if TYPE_CHECKING:
    import argparse


def cmd_chart(ns: argparse.Namespace) -> int:
    from qitui.charts import render_text

    store = open_store(ns.dir)
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
    from qitui.cli import default_path
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
