"""Named rule sets, turned into :class:`Signal` objects.

Rule sets (names as in ``result.RULE_SETS``):

* ``"ihi-run"`` (run charts): shift (6+ on one side), trend (5+ up/down), too few / too many
  runs (Perla's table, 10..60 useful points).
* ``"anhoj"`` (all charts): unusually long run, too few crossings (phase-wide).
* ``"sigma"`` (control charts): a point strictly beyond the 3-sigma limits.
* ``"ihi-control"``: 8 in a row on one side, 6 trending, 2 of 3 beyond 2 sigma on one side,
  15 in a row within 1 sigma.
* ``"mdc"`` (NHS England, Making Data Count, as NHSRplotthedots computes it; see
  :mod:`qitui.analysis.mdc`): outside the limits, 7 strictly trending, 2 of 3 close to a
  limit with all three on one side of the mean, 7 in a row on one side of the mean.

All rules look only at the points that take part in calculations (not missing, not
excluded), inside one phase; "consecutive" means consecutive among those points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, groupby
from operator import attrgetter
from typing import Any

from qitui.analysis.result import Signal, Stretch, new_signal, signal_at, signal_fields
from qitui.analysis.runs import AnhojRuns, shifts, trends
from qitui.analysis.spc import Zones

CONTROL_RULE_SETS = ("ihi-control", "mdc")

LABELS: dict[tuple[str, str], str] = {
    ("ihi-run", "shift"): "Shift (IHI rule 1)",
    ("ihi-run", "trend"): "Trend (IHI rule 2)",
    ("ihi-run", "too-few-runs"): "Too few runs (IHI rule 3)",
    ("ihi-run", "too-many-runs"): "Too many runs (IHI rule 3)",
    ("anhoj", "long-run"): "Unusually long run (Anhøj)",
    ("anhoj", "few-crossings"): "Too few crossings (Anhøj)",
    ("sigma", "beyond-limits"): "Point beyond the 3-sigma limits (Shewhart)",
    ("ihi-control", "shift"): "8 in a row on one side (IHI control)",
    ("ihi-control", "trend"): "6 points trending (IHI control)",
    ("ihi-control", "two-of-three"): "2 of 3 beyond 2 sigma (IHI control)",
    ("ihi-control", "within-1-sigma"): "15 in a row within 1 sigma (IHI control)",
    ("mdc", "beyond-limits"): "Point beyond the limits (Making Data Count)",
    ("mdc", "trend"): "7 points trending (Making Data Count)",
    ("mdc", "two-of-three"): "2 of 3 close to a limit (Making Data Count)",
    ("mdc", "shift"): "7 in a row on one side (Making Data Count)",
}

_KIND = attrgetter("rule_set", "rule")
_SPAN = attrgetter("start", "end")
_RULE_SET_ORDER = {"sigma": 0, "ihi-run": 1, "anhoj": 2, "ihi-control": 3, "mdc": 4}


def assess(direction: str | None, better: str | None) -> str | None:
    """ "improvement" / "concern" for a signal's direction given the improvement direction."""
    if better is None or direction is None:
        return None
    up = direction in ("above", "up")
    return "improvement" if up == (better == "up") else "concern"


def make_signal(
    rule_set: str, rule: str, start: int, end: int, direction: str | None, better: str | None
) -> Signal:
    return new_signal(
        rule_set, rule, LABELS[(rule_set, rule)], start, end, direction, assess(direction, better)
    )


def sort_signals(signals: list[Signal]) -> list[Signal]:
    """Signals in index order (then by end, rule set and rule, for a stable order)."""
    # Two stable sorts, the tie-breaker first: each rule gives its signals in a run, so the
    # runs are ordered by rule set and rule, then everything by (start, end) at C speed.
    runs = [list(run) for _, run in groupby(signals, key=_KIND)]
    runs.sort(key=lambda r: (_RULE_SET_ORDER.get(r[0].rule_set, 9), r[0].rule))
    return sorted(chain.from_iterable(runs), key=_SPAN)


@dataclass
class PhasePoints:
    """The points of one phase that take part in calculations, with their lines."""

    first: int
    last: int
    cl: float | None
    idx: list[int]  # positions of the points (not missing, not excluded)
    y: list[float]
    sigma: list[float | None]
    ucl: list[float | None]
    lcl: list[float | None]
    sign_idx: list[int]  # positions of the useful points (not on the centre line)
    signs: list[int]  # +1 above, -1 below
    beyond: list[int]  # per point: +1 above the upper limit, -1 below the lower limit, 0
    mid: float | None = None  # centre of the sigma zones when not cl (G: the mean), else None
    zones: Zones | None = None  # the points' 1- and 2-sigma lines when not cl ± k·sigma

    @property
    def mean(self) -> float | None:
        """The centre of the sigma zones: ``mid`` where set, else the centre line."""
        return self.cl if self.mid is None else self.mid

    def beyond_sigma(self, j: int, k: int) -> int:
        """+1 when point ``j`` is strictly above the ``k``-sigma line, -1 strictly below
        the lower one, else 0 (also when there is no sigma)."""
        v = self.y[j]
        if self.zones is not None:
            hi = (self.zones.hi1 if k == 1 else self.zones.hi2)[j]
            lo = (self.zones.lo1 if k == 1 else self.zones.lo2)[j]
            if hi is not None and v > hi:
                return 1
            if lo is not None and v < lo:
                return -1
            return 0
        s, cl = self.sigma[j], self.cl
        if s is None or cl is None:
            return 0
        if v > cl + k * s:
            return 1
        if v < cl - k * s:
            return -1
        return 0

    def within_one_sigma(self, j: int) -> bool:
        """Point ``j`` strictly inside the 1-sigma lines (never when sigma is 0 or None)."""
        if self.zones is not None:
            hi, lo = self.zones.hi1[j], self.zones.lo1[j]
            return hi is not None and lo is not None and lo < self.y[j] < hi
        s, cl = self.sigma[j], self.cl
        return s is not None and cl is not None and abs(self.y[j] - cl) < s


def _stretch_signals(
    stretches: list[Stretch], rule_set: str, rule: str, better: str | None
) -> list[Signal]:
    return [make_signal(rule_set, rule, s.start, s.end, s.direction, better) for s in stretches]


def anhoj_signals(ph: PhasePoints, runs: AnhojRuns, better: str | None) -> list[Signal]:
    """Anhøj: long run (the longest run's stretch) and few crossings (the whole phase)."""
    out: list[Signal] = []
    if runs.long_run_signal and runs.longest is not None:
        lr = runs.longest
        out.append(make_signal("anhoj", "long-run", lr.start, lr.end, lr.direction, better))
    if runs.few_crossings_signal:
        out.append(make_signal("anhoj", "few-crossings", ph.first, ph.last, None, better))
    return out


def beyond_fields(rule_set: str, better: str | None) -> dict[int, dict[str, Any]]:
    """The fields of a signal beyond the upper (+1) and the lower (-1) limit, as
    :func:`~qitui.analysis.result.signal_fields` gives them (start and end 0)."""
    label = LABELS[(rule_set, "beyond-limits")]
    return {
        d: signal_fields(
            rule_set, "beyond-limits", label, 0, 0, direction, assess(direction, better)
        )
        for d, direction in ((1, "above"), (-1, "below"))
    }


def beyond_limits(ph: PhasePoints, rule_set: str, better: str | None) -> list[Signal]:
    """One signal per point strictly beyond its upper or lower limit."""
    side = beyond_fields(rule_set, better)
    return [
        signal_at(side[b], i, i)
        for i, b in zip(ph.idx, ph.beyond)  # noqa: B905
        if b
    ]


def two_of_three(ph: PhasePoints, rule_set: str, better: str | None) -> list[Signal]:
    """2 of 3 consecutive points strictly beyond 2 sigma on the same side of the centre.

    Two such points at most 2 positions apart (among the phase's points) fit in a window of
    3 and fire the rule. Chains of them (each within 2 positions of the next) are reported as
    one signal, from the first to the last point beyond 2 sigma in the chain.
    """
    out: list[Signal] = []
    cl = ph.cl
    if cl is None or len(ph.y) < 3:
        return out
    sides = [ph.beyond_sigma(j, 2) for j in range(len(ph.y))]
    for direction, d in (("above", 1), ("below", -1)):
        hits = [j for j, side in enumerate(sides) if side == d]
        t = 0
        while t < len(hits) - 1:
            u = t
            while u + 1 < len(hits) and hits[u + 1] - hits[u] <= 2:
                u += 1
            if u > t:
                start, end = ph.idx[hits[t]], ph.idx[hits[u]]
                out.append(make_signal(rule_set, "two-of-three", start, end, direction, better))
            t = u + 1
    return out


def within_one_sigma(
    ph: PhasePoints, rule_set: str, better: str | None, min_length: int = 15
) -> list[Signal]:
    """``min_length`` or more consecutive points strictly within 1 sigma of the centre."""
    out: list[Signal] = []
    cl = ph.cl
    if cl is None:
        return out
    run_start = -1
    n = len(ph.y)
    for j in range(n + 1):
        inside = False
        if j < n:
            inside = ph.within_one_sigma(j)
        if inside:
            if run_start < 0:
                run_start = j
        elif run_start >= 0:
            if j - run_start >= min_length:
                out.append(
                    make_signal(
                        rule_set, "within-1-sigma", ph.idx[run_start], ph.idx[j - 1], None, better
                    )
                )
            run_start = -1
    return out


def _ihi_control(ph: PhasePoints, better: str | None) -> list[Signal]:
    rs = "ihi-control"
    return (
        _stretch_signals(shifts(ph.sign_idx, ph.signs, 8), rs, "shift", better)
        + _stretch_signals(trends(ph.idx, ph.y, 6), rs, "trend", better)
        + two_of_three(ph, rs, better)
        + within_one_sigma(ph, rs, better, 15)
    )


def _mdc(ph: PhasePoints, better: str | None) -> list[Signal]:
    from qitui.analysis.mdc import mdc_signals

    return mdc_signals(ph, better)


CONTROL_RULES: dict[str, Callable[[PhasePoints, str | None], list[Signal]]] = {
    "ihi-control": _ihi_control,
    "mdc": _mdc,
}
