"""Making Data Count (NHS England), as its reference implementation NHSRplotthedots computes it.

Per phase, over the points that take part (missing and excluded points are skipped, so
"consecutive" means consecutive among the others):

* **outside the limits**: strictly above the upper or below the lower limit;
* **trend**: 7 or more consecutive points each strictly higher (or lower) than the one before;
  an equal value breaks the trend;
* **two of three**: a point is *close* to a limit when it is beyond the 2-sigma line but not
  outside the limit; a window of three consecutive points with at least two close ones fires
  when all three points are on the same side of the mean (none on it); only the close
  points are flagged;
* **run**: 7 or more consecutive points on the same side of the centre line; a point on the
  line breaks the run.

Each point takes the label of the first rule that flags it, in that order. The **variation**
of a chart is the type of its last point; the **assurance** compares a target with the last
phase's limits. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qitui.analysis.result import Signal
from qitui.analysis.rules import PhasePoints, beyond_limits, make_signal

TREND_MIN = 7
RUN_MIN = 7

VARIATIONS = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
ASSURANCES = ("consistent_pass", "consistent_fail", "inconsistent")
#: Rules by priority: a point flagged by several takes the first one's label.
PRIORITY = ("beyond-limits", "trend", "two-of-three", "shift")


@dataclass(frozen=True)
class MdcSummary:
    """The two icons of an NHS board paper: variation (of the last point) and assurance."""

    variation: str | None  # one of VARIATIONS; None when no point takes part
    assurance: str | None  # one of ASSURANCES; None without a target, a direction or limits
    rule: str | None = None  # the rule that labelled the last point (None: common cause)
    direction: str | None = None  # "high"/"low" of a special cause (None: common cause)

    def to_dict(self) -> dict[str, Any]:
        return {"variation": self.variation, "assurance": self.assurance}


def _sign(v: float, centre: float) -> int:
    return 1 if v > centre else -1 if v < centre else 0


def trend_stretches(ph: PhasePoints) -> list[tuple[int, int, int]]:
    """(first, last, +1/-1) positions in ``ph.y`` of each maximal strictly monotone stretch
    of at least TREND_MIN points; two stretches may share their turning point."""
    out: list[tuple[int, int, int]] = []
    n = len(ph.y)
    j = 1
    while j < n:
        d = _sign(ph.y[j], ph.y[j - 1])
        if d == 0:
            j += 1
            continue
        k = j
        while k + 1 < n and _sign(ph.y[k + 1], ph.y[k]) == d:
            k += 1
        if k - j + 2 >= TREND_MIN:
            out.append((j - 1, k, d))
        j = k + 1
    return out


def run_stretches(ph: PhasePoints) -> list[tuple[int, int, int]]:
    """(first, last, +1/-1) of each maximal run of at least RUN_MIN points on one side of
    the centre line; a point on the line breaks the run."""
    out: list[tuple[int, int, int]] = []
    if ph.cl is None:
        return out
    sides = [_sign(v, ph.cl) for v in ph.y]
    j = 0
    n = len(sides)
    while j < n:
        k = j
        while k + 1 < n and sides[k + 1] == sides[j]:
            k += 1
        if sides[j] != 0 and k - j + 1 >= RUN_MIN:
            out.append((j, k, sides[j]))
        j = k + 1
    return out


def close_to_limit(ph: PhasePoints) -> list[int]:
    """Per point: +1 close to the upper limit (beyond the upper 2-sigma line, not above the
    limit), -1 close to the lower one, else 0."""
    return [0 if ph.beyond[j] else ph.beyond_sigma(j, 2) for j in range(len(ph.y))]


def two_of_three_points(ph: PhasePoints) -> list[int]:
    """Per point: the side (+1/-1) of a close point flagged by "two of three", else 0."""
    n = len(ph.y)
    flagged = [0] * n
    centre = ph.mean
    if centre is None or n < 3:
        return flagged
    close = close_to_limit(ph)
    sides = [_sign(v, centre) for v in ph.y]
    for j in range(n - 2):
        window = range(j, j + 3)
        if sum(1 for k in window if close[k]) >= 2 and abs(sum(sides[k] for k in window)) == 3:
            for k in window:
                if close[k]:
                    flagged[k] = close[k]
    return flagged


def _chains(flags: list[int]) -> list[tuple[int, int, int]]:
    """Flagged points on one side, each within 2 positions of the next, as (first, last, side)."""
    out: list[tuple[int, int, int]] = []
    for side in (1, -1):
        hits = [j for j, f in enumerate(flags) if f == side]
        t = 0
        while t < len(hits):
            u = t
            while u + 1 < len(hits) and hits[u + 1] - hits[u] <= 2:
                u += 1
            out.append((hits[t], hits[u], side))
            t = u + 1
    return out


def _side(d: int) -> str:
    return "above" if d > 0 else "below"


def mdc_signals(ph: PhasePoints, better: str | None) -> list[Signal]:
    """Signals of the "mdc" rule set in one phase, each stretch from its first to its last
    flagged point."""
    rs = "mdc"
    idx = ph.idx
    out = beyond_limits(ph, rs, better)
    for a, z, d in trend_stretches(ph):
        out.append(make_signal(rs, "trend", idx[a], idx[z], "up" if d > 0 else "down", better))
    for a, z, d in _chains(two_of_three_points(ph)):
        out.append(make_signal(rs, "two-of-three", idx[a], idx[z], _side(d), better))
    for a, z, d in run_stretches(ph):
        out.append(make_signal(rs, "shift", idx[a], idx[z], _side(d), better))
    return out


def point_labels(ph: PhasePoints) -> dict[int, tuple[str, int]]:
    """Position in the series -> (rule, +1 high / -1 low) of every flagged point of the phase,
    the first rule by PRIORITY winning. A trend's point is high when the trend rises there
    (a turning point takes the direction of the trend that starts at it)."""
    labels: dict[int, tuple[str, int]] = {}
    runs: dict[int, int] = {}
    for a, z, d in run_stretches(ph):
        for j in range(a, z + 1):
            runs[j] = d
    two = two_of_three_points(ph)
    trend: dict[int, int] = {}
    for a, z, d in reversed(trend_stretches(ph)):  # later stretches first: a turning
        for j in range(a, z + 1):  # point keeps the direction of the one it starts
            trend.setdefault(j, d)
    for j in range(len(ph.y)):
        if ph.beyond[j]:
            labels[ph.idx[j]] = ("beyond-limits", ph.beyond[j])
        elif j in trend:
            labels[ph.idx[j]] = ("trend", trend[j])
        elif two[j]:
            labels[ph.idx[j]] = ("two-of-three", two[j])
        elif j in runs:
            labels[ph.idx[j]] = ("shift", runs[j])
    return labels


def variation(label: tuple[str, int] | None, better: str | None) -> str:
    """The variation type of a point from its label and the improvement direction."""
    if label is None:
        return "common_cause"
    d = label[1]
    if better is None:
        return "special_cause_neutral_high" if d > 0 else "special_cause_neutral_low"
    good = 1 if better == "up" else -1
    return "special_cause_improvement" if d == good else "special_cause_concern"


def assurance(
    target: float | None, better: str | None, ucl: float | None, lcl: float | None
) -> str | None:
    """Target against the process limits: beyond them on the bad side "consistent_fail", on
    the good side "consistent_pass", between (or on) them "inconsistent"; None without a
    target, a direction or both limits."""
    if target is None or better is None or ucl is None or lcl is None:
        return None
    up = better == "up"
    if target > ucl:
        return "consistent_fail" if up else "consistent_pass"
    if target < lcl:
        return "consistent_pass" if up else "consistent_fail"
    return "inconsistent"


def summarise(
    last_index: int | None,
    label: tuple[str, int] | None,
    better: str | None,
    target: float | None,
    ucl: float | None,
    lcl: float | None,
) -> MdcSummary:
    """The MdcSummary of a chart whose last taking-part point is ``last_index`` (None: no
    point) with its label, and the last phase's limits at its last row with limits."""
    if last_index is None:
        return MdcSummary(None, assurance(target, better, ucl, lcl))
    rule = label[0] if label else None
    direction = None if label is None else ("high" if label[1] > 0 else "low")
    return MdcSummary(
        variation(label, better), assurance(target, better, ucl, lcl), rule, direction
    )
