"""A measure of a project: its operational definition, phases, data points and import recipe
(re-exported by :mod:`qitui.model`). No I/O, no Textual."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

MEASURE_TYPES = ("outcome", "process", "balancing")
CHART_TYPES = ("run", "i", "mr", "p", "u", "c", "pp", "up", "g", "t")
RATIO_CHARTS = ("p", "u", "pp", "up")
#: Charts of proportions (numerator <= denominator; shown in percent).
PROPORTION_CHARTS = ("p", "pp")
DIRECTIONS = ("up", "down")
RULE_SETS = ("default", "ihi-control", "mdc")
IMPORT_PERIODS = ("week", "fortnight", "month")
IMPORT_STATISTICS = ("count", "flag", "mean", "median")
#: the parts of a measure's operational definition, as people see them named (the definition
#: form, the report)
DEFINITION_LABELS: dict[str, str] = {
    "definition": "Definition",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "inclusions": "Inclusions",
    "exclusions": "Exclusions",
    "unit": "Unit",
    "source": "Data source",
    "collected_by": "Collected by",
    "frequency": "Frequency",
    "sampling": "Sampling",
}


@dataclass
class DataPoint:
    """One period's value: ``value`` for run/I/MR/c charts, ``numerator``/``denominator``
    for p and u charts. ``excluded`` points are drawn but left out of the calculation;
    ``astronomical`` is the IHI rule 4 flag set by the user; ``imported``: the value was
    brought by an import (a value typed in the app clears it)."""

    date: date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    excluded: bool = False
    astronomical: bool = False
    imported: bool = False

    def y(self) -> float | None:
        """The plotted value: the value, or numerator / denominator (None if missing)."""
        if self.value is not None:
            return self.value
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


def value_problem(chart: str, value: float) -> str | None:
    """Why ``value`` cannot be a point of a ``chart`` chart (None when it can): counts and
    cases between events are never negative; a time between events is above 0."""
    if chart == "c" and value < 0:
        return f"a count cannot be negative ({value:g})"
    if chart == "g" and value < 0:
        return f"a G chart counts cases or days between events: it cannot be negative ({value:g})"
    if chart == "t" and not value > 0:
        return f"a T chart needs a time between events above 0 (got {value:g})"
    return None


@dataclass
class Phase:
    """A new phase of a measure's chart, starting at ``start``, with its recorded reason;
    ``freeze``: its own baseline, the first N points of the phase (None: the whole phase)."""

    start: date
    reason: str = ""
    freeze: int | None = None


@dataclass
class ImportRecipe:
    """How a measure's data are imported (``[import]`` in its file), kept so that the next
    extract needs only ``qitui import DIR FILE --measure NAME``. Without ``period`` the file
    is a table of ``date,value`` or ``date,numerator,denominator`` rows; with it, one row per
    record, aggregated per period by ``statistic`` (of ``column`` for flag, mean, median)."""

    period: str = ""  # week | fortnight | month
    date_column: str = ""
    statistic: str = ""  # count | flag | mean | median
    column: str = ""
    sheet: str = ""  # Excel: the sheet's name ("" = the first sheet)
    dayfirst: bool = False
    start: date | None = None  # fortnights: the Monday they count from
    first: date | None = None  # the span of the periods imported so far (to tell points
    last: date | None = None  # typed by hand from imported ones)


@dataclass
class Measure:
    id: str
    name: str
    type: str = "outcome"
    definition: str = ""
    numerator: str = ""
    denominator: str = ""
    inclusions: str = ""
    exclusions: str = ""
    unit: str = ""
    source: str = ""
    collected_by: str = ""
    frequency: str = ""
    sampling: str = ""
    chart: str = "run"
    better: str = ""
    target: float | None = None
    freeze: int | None = None
    rules: str = "default"
    phases: list[Phase] = field(default_factory=list)
    points: list[DataPoint] = field(default_factory=list)
    recipe: ImportRecipe | None = None

    @property
    def is_ratio(self) -> bool:
        return self.chart in RATIO_CHARTS

    def sort_points(self) -> None:
        self.points.sort(key=lambda p: p.date)

    def phase_starts(self) -> list[int]:
        """0-based indexes of the first point of each phase after the first (sorted points)."""
        return [idx for idx, _phase in self.started_phases()]

    def started_phases(self) -> list[tuple[int, Phase]]:
        """(index of its first point, phase) of each phase after the first that has points,
        in order; of two phases starting at the same point, the earlier one."""
        out: list[tuple[int, Phase]] = []
        taken: set[int] = set()
        n = len(self.points)
        for phase in sorted(self.phases, key=lambda p: p.start):
            # the first point on or after the start (points are sorted: one bisection)
            idx = bisect_left(self.points, phase.start, key=lambda p: p.date)
            if 0 < idx < n and idx not in taken:
                taken.add(idx)
                out.append((idx, phase))
        return out

    def baselines(self) -> list[int | None]:
        """The baseline length of each analysed phase, in order: the first phase's is the
        measure's ``freeze``, each later phase's its own (None: the whole phase)."""
        return [self.freeze] + [phase.freeze for _idx, phase in self.started_phases()]
