"""``qitui new``, ``qitui import`` and ``qitui export``: make a project, bring a measure's data
in from CSV or Excel, take it out with its analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qitui.commands.common import CommandError, find_measure, open_store

if TYPE_CHECKING:
    import argparse


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
    store = open_store(ns.dir)
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

    store = open_store(ns.dir)
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
