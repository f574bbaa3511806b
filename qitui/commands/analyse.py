"""``qitui analyse``: the run/control chart analysis of a project's measures or of a bare CSV,
as text or JSON (the contract in docs/cli.md)."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qitui.commands.common import CommandError, find_measure, open_store
from qitui.safetext import visible

if TYPE_CHECKING:
    import argparse


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

    store = open_store(ns.dir)
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
    from dataclasses import replace
    from datetime import date

    from qitui import model as m
    from qitui.analysis.engine import AnalysisError, analyse_columns
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
        result, points = analyse_columns(  # the points as columns (qitui.analysis.columns)
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
            beyond_signals=not ns.json,  # JSON: those signals written from columns
        )
    except AnalysisError as exc:
        raise CommandError(str(exc)) from None
    if ns.json:
        from qitui.jsonout import columns_json, write_json

        write_json(columns_json(result, points, data.iso_dates()), sys.stdout, pretty=ns.pretty)
        return 0
    result = replace(result, points=points.results())
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
