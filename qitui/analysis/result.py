"""Plain result types of the analysis engine (no I/O, no Textual, no pandas).

Indexes are 0-based positions in the input series. ``None`` means "does not apply" or
"missing"; it becomes ``null`` in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from qitui.analysis.mdc import MdcSummary

ChartKind = Literal["run", "i", "mr", "p", "u", "c", "pp", "up", "g", "t"]
RULE_SETS = ("anhoj", "ihi-run", "sigma", "ihi-control", "mdc")


@dataclass(frozen=True)
class Stretch:
    """A shift, trend or other run of points found by a rule (inclusive indexes)."""

    direction: str  # "above"/"below" for shifts and runs, "up"/"down" for trends
    start: int
    end: int
    length: int  # counted points (points on the centre line or missing are not counted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "start": self.start,
            "end": self.end,
            "length": self.length,
        }


@dataclass(frozen=True)
class Signal:
    """One signal of a named rule set, e.g. ``Signal("ihi-run", "shift", ...)``."""

    rule_set: str  # one of RULE_SETS
    rule: str  # e.g. "shift", "trend", "too-few-runs", "beyond-limits", "two-of-three"
    label: str  # human name, e.g. "Shift (IHI rule 1)"
    start: int
    end: int
    direction: str | None = None  # "above"/"below"/"up"/"down" where it has one
    assessment: str | None = None  # "improvement" / "concern" / None (no direction set)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set,
            "rule": self.rule,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "direction": self.direction,
            "assessment": self.assessment,
        }


_SIGNAL_FIELDS = tuple(f.name for f in fields(Signal))
_new = object.__new__


def signal_fields(*values: Any) -> dict[str, Any]:
    """The fields of ``Signal(*values)`` as a dict, in order (for :func:`signal_at`)."""
    return dict(zip(_SIGNAL_FIELDS, values, strict=True))


def signal_at(values: dict[str, Any], start: int, end: int) -> Signal:
    """``Signal(**values)`` from ``start`` to ``end``, made without the frozen class's
    ``__init__`` (one attribute set at a time: 4 times slower; a chart of 100,000 points
    may have 25,000 signals beyond its limits). Equal to the one ``__init__`` makes (a test)."""
    made = _new(Signal)
    made.__dict__.update(values)
    made.__dict__["start"] = start
    made.__dict__["end"] = end
    return made


def new_signal(
    rule_set: str,
    rule: str,
    label: str,
    start: int,
    end: int,
    direction: str | None = None,
    assessment: str | None = None,
) -> Signal:
    """``Signal(rule_set, rule, ...)`` made without the frozen class's ``__init__`` (as
    :func:`signal_at`: a run chart of 100,000 points may have 12,000 shifts and trends)."""
    made = _new(Signal)
    made.__dict__.update(
        rule_set=rule_set,
        rule=rule,
        label=label,
        start=start,
        end=end,
        direction=direction,
        assessment=assessment,
    )
    return made


@dataclass(frozen=True)
class IhiRuns:
    """IHI run-chart rules (Perla, Provost & Murray 2011) for one phase."""

    median: float | None
    n_runs: int | None
    runs_lower_limit: int | None  # None outside the table's 10..60 useful points
    runs_upper_limit: int | None
    too_few_runs: bool | None
    too_many_runs: bool | None
    shifts: list[Stretch] = field(default_factory=list)
    trends: list[Stretch] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "n_runs": self.n_runs,
            "runs_lower_limit": self.runs_lower_limit,
            "runs_upper_limit": self.runs_upper_limit,
            "too_few_runs": self.too_few_runs,
            "too_many_runs": self.too_many_runs,
            "shifts": [s.to_dict() for s in self.shifts],
            "trends": [t.to_dict() for t in self.trends],
        }


@dataclass(frozen=True)
class PhaseResult:
    """Runs statistics (Anhøj) of one phase, plus IHI rules on run charts."""

    phase: int  # 1-based
    first: int
    last: int
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool | None  # None when too few useful points (< 10) for a verdict
    too_few_points: bool
    baseline_last: int  # index of the last baseline point of this phase
    cl: float | None  # centre line of the phase (median or mean)
    ihi: IhiRuns | None = None  # run charts only

    def to_dict(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "first": self.first,
            "last": self.last,
            "n_obs": self.n_obs,
            "n_useful": self.n_useful,
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "n_crossings": self.n_crossings,
            "n_crossings_min": self.n_crossings_min,
            "runs_signal": self.runs_signal,
            "too_few_points": self.too_few_points,
            "baseline_last": self.baseline_last,
            "cl": self.cl,
            "ihi": self.ihi.to_dict() if self.ihi is not None else None,
        }


@dataclass(frozen=True)
class PointResult:
    """One point of the chart: the plotted value and the lines at that position."""

    y: float | None  # the plotted value (a proportion for p charts); None = missing
    cl: float | None
    ucl: float | None
    lcl: float | None
    sigma: float | None  # the point's sigma (for 1 and 2 sigma lines); None on run charts
    sigma_signal: bool
    phase: int  # 1-based
    baseline: bool  # inside the phase's baseline (frozen part)
    excluded: bool

    def to_dict(self, date: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {"date": date} if date is not None else {}
        d.update(
            {
                "y": self.y,
                "cl": self.cl,
                "ucl": self.ucl,
                "lcl": self.lcl,
                "sigma_signal": self.sigma_signal,
                "phase": self.phase,
                "sigma": self.sigma,
                "baseline": self.baseline,
                "excluded": self.excluded,
            }
        )
        return d


@dataclass(frozen=True)
class ChartResult:
    chart: ChartKind
    points: list[PointResult]
    phases: list[PhaseResult]
    signals: list[Signal]  # every signal of every applied rule set, in index order
    rule_sets: tuple[str, ...]  # the rule sets that were applied, e.g. ("anhoj", "ihi-run")
    screened: bool = True  # I, P′, U′, T charts: moving ranges screened (Nelson)
    mdc: MdcSummary | None = None  # variation and assurance, when the "mdc" rules applied

    def to_dict(self, dates: list[str] | None = None) -> dict[str, Any]:
        """The JSON contract of DESIGN.md (``qitui analyse --json``), plus extra keys."""
        return {
            "chart": self.chart,
            "points": [
                p.to_dict(dates[i] if dates is not None else None)
                for i, p in enumerate(self.points)
            ],
            "phases": [ph.to_dict() for ph in self.phases],
            "signals": [s.to_dict() for s in self.signals],
            "rule_sets": list(self.rule_sets),
            **({"mdc": self.mdc.to_dict()} if self.mdc is not None else {}),
        }
