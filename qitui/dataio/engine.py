"""The import as three steps, for the command line and (later) the app's import action.

1. :func:`plan_import` reads and checks the whole file and works out, on a copy of the
   measure, what would be added and changed: nothing is written, and any bad input raises
   :class:`~qitui.dataio.DataError` (or :class:`~qitui.csvimport.CsvError`) as one line.
2. :func:`preview_lines` says it in words (``--dry-run`` prints only this).
3. :func:`apply_import` saves the measure through the store.

The recipe (how the file is read: sheet, date column, period, statistic) is kept in the
measure's ``[import]`` table, so that the next extract needs only the file and the measure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qitui import model as m
from qitui.csvimport import CsvData, CsvRow, check_against_chart, merge_into
from qitui.dataio import DataError
from qitui.dataio.records import Period, aggregate, monday, read_records, spelled
from qitui.dataio.sheets import is_excel, read_sheet, read_table

if TYPE_CHECKING:
    from qitui.store import ProjectStore

#: How many changed points the summary lists one by one.
SHOW_CHANGES = 20
#: Up to this many added points are listed by date (more: the first and last).
SHOW_ADDED = 6


@dataclass
class ImportRequest:
    """What the user asked for: the options of ``qitui import`` (None = not given)."""

    file: Path
    measure: str
    chart: str | None = None
    type: str | None = None
    sheet: str | None = None
    dayfirst: bool = False
    period: str | None = None
    date_column: str | None = None
    statistic: str | None = None  # count | flag | mean | median
    column: str | None = None  # for flag, mean, median


@dataclass
class Change:
    date: date
    old: str
    new: str
    by_hand: bool  # the old value was typed by hand: not marked ``imported`` (nor inside
    # the span of a recipe's earlier imports, for points imported before the mark existed)


@dataclass
class ImportPlan:
    """What an import would do; :func:`apply_import` carries it out."""

    file: Path
    measure: m.Measure  # the measure as it will be saved (a copy until applied)
    original: m.Measure | None  # the project's measure (None: a new measure)
    rows: int  # points in the file (after aggregating)
    added: list[date] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    recipe_changed: bool = False
    recipe_before: m.ImportRecipe | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return self.original is None

    @property
    def unchanged(self) -> int:
        return self.rows - len(self.added) - len(self.changed)

    @property
    def writes(self) -> bool:
        return self.created or bool(self.added or self.changed or self.recipe_changed)


def _find(project: m.Project, key: str) -> m.Measure | None:
    return next(
        (x for x in project.measures if x.id == key or x.name.casefold() == key.casefold()),
        None,
    )


def resolve_recipe(request: ImportRequest, stored: m.ImportRecipe | None) -> m.ImportRecipe:
    """The stored recipe with the options given this time laid over it."""
    recipe = copy.copy(stored) if stored is not None else m.ImportRecipe()
    if request.sheet is not None:
        recipe.sheet = request.sheet
    if request.dayfirst:
        recipe.dayfirst = True
    given = (request.period, request.date_column, request.statistic)
    if any(v is not None for v in given):
        if request.period is not None and request.period != recipe.period:
            recipe.start = None
        recipe.period = request.period or recipe.period
        recipe.date_column = request.date_column or recipe.date_column
        if request.statistic is not None:
            recipe.statistic = request.statistic
            recipe.column = request.column or ""
    if recipe.period or recipe.statistic or recipe.date_column:
        missing = [
            option
            for option, value in (
                ("--period week|fortnight|month", recipe.period),
                ("--date-column COL", recipe.date_column),
                ("one of --count, --flag COL, --mean COL, --median COL", recipe.statistic),
            )
            if not value
        ]
        if missing:
            raise DataError(f"a record-level import needs {' and '.join(missing)}")
    return recipe


def _period_rows(
    file: Path, recipe: m.ImportRecipe, sheet_name: str
) -> tuple[CsvData, list[Period]]:
    sheet = read_sheet(file, sheet_name)
    records = read_records(
        sheet, recipe.date_column, recipe.statistic, recipe.column, recipe.dayfirst
    )
    recipe.date_column = spelled(sheet, recipe.date_column)
    recipe.column = spelled(sheet, recipe.column)
    if recipe.period == "fortnight" and recipe.start is None:
        recipe.start = monday(min(r.date for r in records))
    periods = aggregate(records, recipe.period, recipe.statistic, recipe.start)
    ratio = recipe.statistic == "flag"
    rows = [CsvRow(p.row, p.start, p.value, p.numerator, p.denominator) for p in periods]
    return CsvData(Path(file), ratio, rows), periods


def _shown(point: m.DataPoint | CsvRow | None) -> str:
    if point is None:
        return "–"
    if point.numerator is not None or point.denominator is not None:
        return f"{_num(point.numerator)}/{_num(point.denominator)}"
    return _num(point.value)


def _num(value: float | None) -> str:
    return "no value" if value is None else f"{value:g}"


def plan_import(project: m.Project, request: ImportRequest, new_id: str = "") -> ImportPlan:
    """Read and check the file; work out the import on a copy of the measure.

    ``new_id``: the id a new measure gets (the store's ``new_measure_id``)."""
    original = _find(project, request.measure)
    stored = original.recipe if original is not None else None
    recipe = resolve_recipe(request, stored)
    periods: list[Period] = []
    excel = is_excel(request.file)
    if request.sheet and not excel:
        raise DataError(f"{request.file}: --sheet is for Excel files; this is read as CSV")
    sheet = recipe.sheet if excel else ""  # a kept sheet does not apply to a CSV file
    if recipe.period:
        data, periods = _period_rows(request.file, recipe, sheet)
    else:
        data = read_table(request.file, sheet, recipe.dayfirst)
    if original is None:
        chart = request.chart or ("p" if data.ratio else "run")
        measure = m.Measure(
            id=new_id or m.slugify(request.measure),
            name=request.measure,
            type=request.type or "outcome",
            chart=chart,
        )
    else:
        if request.chart and request.chart != original.chart:
            raise DataError(
                f"measure '{original.id}' is a {original.chart} chart; --chart {request.chart} "
                "would change it (edit the measure instead)"
            )
        measure = copy.deepcopy(original)
    check_against_chart(data, measure.chart)
    keep = bool(recipe.period or recipe.sheet or recipe.dayfirst or stored)
    before = measure.recipe
    span_before = None
    if before is not None and before.first is not None and before.last is not None:
        span_before = (before.first, before.last)
    if keep and data.rows:
        span = [r.date for r in data.rows]
        firsts = [d for d in (recipe.first, min(span)) if d is not None]
        lasts = [d for d in (recipe.last, max(span)) if d is not None]
        recipe = replace(recipe, first=min(firsts), last=max(lasts))
    plan = ImportPlan(Path(request.file), measure, original, len(data.rows))
    by_date = {p.date: p for p in measure.points}
    for row in data.rows:
        old = by_date.get(row.date)
        if old is None:
            plan.added.append(row.date)
        elif (old.value, old.numerator, old.denominator) != (
            row.value,
            row.numerator,
            row.denominator,
        ):
            spanned = span_before is not None and span_before[0] <= row.date <= span_before[1]
            by_hand = not (old.imported or spanned)
            plan.changed.append(Change(row.date, _shown(old), _shown(row), by_hand))
    merge_into(measure, data)
    if keep:
        plan.recipe_changed = recipe != before
        plan.recipe_before = before
        measure.recipe = recipe
    plan.notes += _edge_notes(plan, periods, recipe.period)
    return plan


def _edge_notes(plan: ImportPlan, periods: list[Period], period: str) -> list[str]:
    """A changed first or last period may be a part period: an extract that starts or ends
    in the middle of a week or month."""
    if not periods:
        return []
    changed = {c.date for c in plan.changed}
    notes = []
    for which, p in (("first", periods[0]), ("last", periods[-1])):
        if p.start in changed:
            notes.append(
                f"the extract's {which} {period} ({p.start}) replaced a value: if the extract "
                f"does not cover the whole {period}, that point now holds part of it"
            )
        if len(periods) == 1:
            break
    return notes


def preview_lines(plan: ImportPlan, target: Path, dry_run: bool = False) -> list[str]:
    """The summary: the counts, the points added (as a range) and each point changed."""
    if dry_run:
        verb = "would make" if plan.created else "would update"
    else:
        verb = "made" if plan.created else "updated"
        if not plan.writes:
            verb = "left"
    lines = [
        f"{verb} {target}: {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{plan.unchanged} unchanged"
    ]
    if plan.added:
        added = sorted(plan.added)
        if len(added) <= SHOW_ADDED:
            lines.append(f"  added: {', '.join(str(d) for d in added)}")
        else:
            lines.append(f"  added: {len(added)} points from {added[0]} to {added[-1]}")
    for change in plan.changed[:SHOW_CHANGES]:
        hand = " (typed by hand)" if change.by_hand else ""
        lines.append(f"  changed {change.date}: {change.old} -> {change.new}{hand}")
    if len(plan.changed) > SHOW_CHANGES:
        lines.append(f"  … and {len(plan.changed) - SHOW_CHANGES} more changed")
    lines += hand_typed_lines(plan, dry_run)
    recipe, before = plan.measure.recipe, plan.recipe_before
    span: dict[str, Any] = {"first": None, "last": None}
    if recipe is not None and (
        before is None or replace(recipe, **span) != replace(before, **span)
    ):
        lines.append(f"  recipe kept in the measure's [import]: {describe(recipe)}")
    lines += [f"  note: {n}" for n in plan.notes]
    return lines


def hand_typed_lines(plan: ImportPlan, dry_run: bool) -> list[str]:
    """The values typed by hand that the import overwrites, named by date (all of them, up
    to :data:`SHOW_CHANGES`): the line a person must not miss."""
    hands = [c for c in plan.changed if c.by_hand]
    if not hands:
        return []
    verb = "would be" if dry_run else "were"
    named = ", ".join(f"{c.date} ({c.old})" for c in hands[:SHOW_CHANGES])
    more = f" and {len(hands) - SHOW_CHANGES} more" if len(hands) > SHOW_CHANGES else ""
    return [f"  ⚠ {len(hands)} value(s) typed by hand {verb} overwritten: {named}{more}"]


def describe(recipe: m.ImportRecipe) -> str:
    parts = []
    if recipe.period:
        stat = recipe.statistic + (f" of '{recipe.column}'" if recipe.column else "")
        parts.append(f"{stat} per {recipe.period} by '{recipe.date_column}'")
    else:
        parts.append("one row per period")
    if recipe.sheet:
        parts.append(f"sheet '{recipe.sheet}'")
    if recipe.dayfirst:
        parts.append("dd/mm dates")
    return ", ".join(parts)


def apply_import(store: ProjectStore, plan: ImportPlan) -> bool:
    """Save the planned measure; the project's own measure object takes the new content
    (screens holding it see the import). Returns whether the file changed."""
    if not plan.writes:
        return False
    if plan.original is None:
        return store.save_measure(plan.measure)
    measures = store.project.measures
    i = next(k for k, x in enumerate(measures) if x is plan.original)
    measures[i] = plan.measure
    try:
        changed = store.save_measure(plan.measure)
    finally:
        measures[i] = plan.original
    for f in fields(m.Measure):
        setattr(plan.original, f.name, getattr(plan.measure, f.name))
    return changed
