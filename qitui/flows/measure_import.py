"""Import a CSV or Excel file into a measure from the app, with a preview before applying.

The same engine as ``qitui import`` (``qitui.dataio.engine``): the file is read and planned,
the preview (points added, points changed, values typed by hand that would be overwritten)
is shown, and only a yes applies it through the store.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from qitui.screens.base import QituiScreen
from qitui.widgets.dialogs import ConfirmDialog
from qitui.widgets.prompt import Field, PromptDialog


async def import_into_measure(screen: QituiScreen, measure_id: str) -> bool:
    """Ask for a file, preview what it adds and changes, apply on yes; True if applied."""
    from qitui.csvimport import CsvError
    from qitui.dataio import DataError
    from qitui.dataio.engine import ImportRequest, apply_import, plan_import, preview_lines
    from qitui.store import StoreError

    meas = screen.project.measure(measure_id)
    if meas is None:
        return False
    values = await screen.app.push_screen_wait(
        PromptDialog(
            f"Import into {meas.name}: a CSV (date,value or date,numerator,denominator) "
            "or an Excel file. Nothing is written before you see what changes.",
            [
                Field("file", "File", required=True, placeholder="path/to/data.csv or .xlsx"),
                Field("sheet", "Sheet", placeholder="Excel only: the sheet's name (optional)"),
            ],
            confirm="Preview",
        )
    )
    if values is None:
        return False
    path = Path(str(values["file"])).expanduser()
    request = ImportRequest(file=path, measure=meas.id, sheet=values.get("sheet") or None)
    try:
        plan = plan_import(screen.project, request)
    except (CsvError, DataError, StoreError, OSError) as exc:
        screen.notify(f"{exc}; nothing was imported", severity="error", title="Not imported")
        return False
    target = screen.store.measure_file(meas.id)
    lines = preview_lines(plan, target.relative_to(screen.store.path), dry_run=True)
    head, _, counts = lines[0].partition(": ")
    lines[:1] = [f"{head}:", f"  {counts}"]  # two short lines: no word left alone at 80 columns
    if not plan.writes:
        screen.notify("Nothing new: every point of the file is already there.")
        return False
    answer = await screen.app.push_screen_wait(
        ConfirmDialog(Text("\n".join([*lines, "", "Apply this import?"])), yes="Import")  # type: ignore[arg-type]
    )
    if not answer:
        return False
    if screen.qapp.is_read_only(screen.store):
        screen.notify("Read-only: nothing was imported.", severity="error")
        return False
    try:
        apply_import(screen.store, plan)
    except (StoreError, OSError) as exc:
        screen.notify(f"{exc}; nothing was imported", severity="error", title="Not imported")
        return False
    screen.notify(f"{head.replace('would update', 'updated')}: {counts}", title="Imported")
    return True
