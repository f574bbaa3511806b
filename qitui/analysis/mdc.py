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
from itertools import compress, islice
from operator import ne
from typing import Any

from qitui.analysis.result import Signal
from qitui.analysis.rules import PhasePoints, beyond_limits, make_signal
from qitui.analysis.spc import Zones

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


def _runs_of(codes: list[int]) -> list[tuple[int, int, int]]:
    """(first, last, code) of each maximal run of equal non-zero codes."""
    n = len(codes)
    if n == 0:
        return []
    b = [0, *compress(range(1, n), map(ne, islice(codes, 1, None), codes)), n]
    return [(a, z - 1, codes[a]) for a, z in zip(b, islice(b, 1, None)) if codes[a]]  # noqa: B905


def trend_stretches(ph: PhasePoints) -> list[tuple[int, int, int]]:
    """(first, last, +1/-1) positions in ``ph.y`` of each maximal strictly monotone stretch
    of at least TREND_MIN points; two stretches may share their turning point."""
    y = ph.y
    steps = [(b > a) - (b < a) for a, b in zip(y, islice(y, 1, None))]  # noqa: B905
    # a run of equal steps from step a to step z covers points a .. z + 1
    return [(a, z + 1, d) for a, z, d in _runs_of(steps) if z - a + 2 >= TREND_MIN]


def run_stretches(ph: PhasePoints) -> list[tuple[int, int, int]]:
    """(first, last, +1/-1) of each maximal run of at least RUN_MIN points on one side of
    the centre line; a point on the line breaks the run."""
    cl = ph.cl
    if cl is None:
        return []
    sides = [(v > cl) - (v < cl) for v in ph.y]
    return [(a, z, d) for a, z, d in _runs_of(sides) if z - a + 1 >= RUN_MIN]


def close_to_limit(ph: PhasePoints) -> list[int]:
    """Per point: +1 close to the upper limit (beyond the upper 2-sigma line, not above the
    limit), -1 close to the lower one, else 0."""
    if ph.zones is not None or ph.cl is None:
        return [0 if ph.beyond[j] else ph.beyond_sigma(j, 2) for j in range(len(ph.y))]
    cl = ph.cl
    return [
        0 if b or s is None else (v > cl + 2 * s) - (v < cl - 2 * s)
        for v, s, b in zip(ph.y, ph.sigma, ph.beyond)  # noqa: B905
    ]


def two_of_three_points(ph: PhasePoints) -> list[int]:
    """Per point: the side (+1/-1) of a close point flagged by "two of three", else 0."""
    n = len(ph.y)
    flagged = [0] * n
    centre = ph.mean
    if centre is None or n < 3:
        return flagged
    close = close_to_limit(ph)
    near = [c != 0 for c in close]
    sides: list[int] | None = None
    for j in range(n - 2):
        if near[j] + near[j + 1] + near[j + 2] < 2:
            continue
        if sides is None:
            sides = [(v > centre) - (v < centre) for v in ph.y]
        if abs(sides[j] + sides[j + 1] + sides[j + 2]) == 3:
            for k in (j, j + 1, j + 2):
                if near[k]:
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


def last_point_label(ph: PhasePoints) -> tuple[str, int] | None:
    """(rule, +1 high / -1 low) of the phase's last point that takes part, the first rule by
    PRIORITY winning; None when no rule flags it (or the phase has no such point).

    Only windows ending at the last point can flag it: the last 7 points strictly rising or
    falling (a trend, high when rising), the last 3 points for two of three, the last 7 on
    one side for a run."""
    y = ph.y
    n = len(y)
    if n == 0:
        return None
    if ph.beyond[-1]:
        return ("beyond-limits", ph.beyond[-1])
    if n >= TREND_MIN:
        tail = y[n - TREND_MIN :]
        steps = {(b > a) - (b < a) for a, b in zip(tail, tail[1:])}  # noqa: B905
        if len(steps) == 1 and 0 not in steps:
            return ("trend", steps.pop())
    if n >= 3:
        tail_ph = _tail(ph, 3)
        flags = two_of_three_points(tail_ph)
        if flags[-1]:
            return ("two-of-three", flags[-1])
    cl = ph.cl
    if cl is not None and n >= RUN_MIN:
        sides = {(v > cl) - (v < cl) for v in y[n - RUN_MIN :]}
        if len(sides) == 1 and 0 not in sides:
            return ("shift", sides.pop())
    return None


def _tail(ph: PhasePoints, k: int) -> PhasePoints:
    """The last ``k`` points of a phase, with their lines."""
    zones = ph.zones
    if zones is not None:
        zones = Zones(zones.hi1[-k:], zones.lo1[-k:], zones.hi2[-k:], zones.lo2[-k:])
    return PhasePoints(
        first=ph.first,
        last=ph.last,
        cl=ph.cl,
        idx=ph.idx[-k:],
        y=ph.y[-k:],
        sigma=ph.sigma[-k:],
        ucl=ph.ucl[-k:],
        lcl=ph.lcl[-k:],
        sign_idx=[],
        signs=[],
        beyond=ph.beyond[-k:],
        mid=ph.mid,
        zones=zones,
    )


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
