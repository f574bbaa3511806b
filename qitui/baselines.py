"""A baseline belongs to a phase: which phase a data row is in, each phase's baseline
length (the measure's ``freeze`` for the first phase, each later phase's own ``freeze``),
and the warnings a coach would give about them (a short baseline, too few useful points
for the runs rules). No Textual: the screens, ``qitui check`` and the verdict share it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qitui import model as m
from qitui.analysis.result import ChartResult
from qitui.wording import plural

#: A frozen baseline of fewer points than this gets a warning (Provost & Murray suggest
#: 12 or more before limits are trusted; the IHI run-chart guidance 10-20).
MIN_BASELINE = 12
#: Fewer useful points than this in a phase: the runs rules give no verdict.
MIN_USEFUL = 10


@dataclass(frozen=True)
class PhaseSpan:
    """One phase of a measure's data: its number (1-based), its rows (0-based, inclusive,
    in date order), the recorded phase (None for the first) and its baseline setting."""

    number: int
    first: int
    last: int
    phase: m.Phase | None
    freeze: int | None

    @property
    def start(self) -> date | None:
        return self.phase.start if self.phase is not None else None

    def label(self) -> str:
        """E.g. "phase 2 (from 2026-03-09)", "phase 1"."""
        start = f" (from {self.start})" if self.start else ""
        return f"phase {self.number}{start}"


def spans(measure: m.Measure) -> list[PhaseSpan]:
    """The phases of ``measure`` as analysed (points in date order, as the store keeps them)."""
    n = len(measure.points)
    started = measure.started_phases()
    firsts = [0] + [idx for idx, _phase in started]
    lasts = [idx - 1 for idx, _phase in started] + [n - 1]
    phases: list[m.Phase | None] = [None] + [phase for _idx, phase in started]
    freezes = measure.baselines()
    return [
        PhaseSpan(k + 1, first, last, phase, freeze)
        for k, (first, last, phase, freeze) in enumerate(
            zip(firsts, lasts, phases, freezes, strict=True)
        )
    ]


def span_of_row(measure: m.Measure, row: int) -> PhaseSpan:
    """The phase that data row ``row`` (0-based, date order) belongs to."""
    found = spans(measure)
    return next((s for s in reversed(found) if s.first <= row), found[0])


def set_baseline(measure: m.Measure, number: int, freeze: int | None) -> None:
    """Freeze phase ``number``'s baseline on its first ``freeze`` points (None: not frozen);
    the other phases keep theirs."""
    span = next((s for s in spans(measure) if s.number == number), None)
    if span is None or span.phase is None:
        measure.freeze = freeze
    else:
        span.phase.freeze = freeze


def baseline_end(measure: m.Measure) -> set[int]:
    """Rows (0-based) that end a frozen baseline, one per frozen phase (for the data table)."""
    return {
        s.first + s.freeze - 1
        for s in spans(measure)
        if s.freeze is not None and s.first + s.freeze - 1 <= s.last
    }


def describe(measure: m.Measure) -> str:
    """The baselines in words, e.g. "baseline: first 14 points (frozen) · phase 2: not frozen"."""
    found = spans(measure)
    several = len(found) > 1
    parts = []
    for s in found:
        what = f"first {plural(s.freeze, 'point')} (frozen)" if s.freeze else "not frozen (f)"
        parts.append(f"phase {s.number} baseline: {what}" if several else f"baseline: {what}")
    return " · ".join(parts)


@dataclass(frozen=True)
class BaselineWarning:
    phase: int  # 1-based
    kind: str  # "short-baseline" | "few-useful"
    text: str


def baseline_warnings(measure: m.Measure, result: ChartResult) -> list[BaselineWarning]:
    """A warning for each frozen baseline of fewer than MIN_BASELINE points that take part,
    and for each phase with fewer than MIN_USEFUL useful points for the runs rules (points
    on the centre line, missing and excluded points are not useful)."""
    found = spans(measure)
    several = len(found) > 1
    out: list[BaselineWarning] = []
    for s in found:
        ph = next((p for p in result.phases if p.first == s.first), None)
        if ph is None:
            continue
        if s.freeze is not None and (s.freeze < MIN_BASELINE or ph.baseline_last < ph.last):
            base = result.points[ph.first : ph.baseline_last + 1]
            counted = sum(1 for p in base if p.y is not None and not p.excluded)
            if counted < MIN_BASELINE:
                where = f" of phase {s.number}" if several else ""
                text = (
                    f"Short baseline{where}: {plural(counted, 'point')} "
                    f"({MIN_BASELINE} or more give a steadier centre line)"
                )
                out.append(BaselineWarning(s.number, "short-baseline", text))
        if ph.too_few_points and result.chart != "mr":
            where = f" in phase {s.number}" if several else ""
            text = (
                f"Too few points for the runs rules{where} "
                f"({plural(ph.n_useful, 'useful point')}; {MIN_USEFUL} needed)"
            )
            out.append(BaselineWarning(s.number, "few-useful", text))
    return out
