"""Runs rules on plain lists: Anhøj (long run, few crossings) and IHI (shift, trend, runs).

Every function here works on the *useful* points of one phase, given as two parallel lists:
``idx`` (positions in the series, increasing) and ``signs`` (+1 above the centre line, -1
below; points on the line and missing points are left out by the caller). Trends work on
``idx`` and ``values`` of the non-missing points instead (the centre line plays no part).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, islice
from operator import ne, sub

from qitui.analysis.result import Stretch

#: Perla, Provost & Murray (2011), Table 1: useful points -> (lower, upper) limits for the
#: number of runs. Too few runs if runs < lower, too many if runs > upper. Covers n = 10..60.
PERLA_RUNS_LIMITS: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 20), 30: (11, 21), 31: (11, 22), 32: (11, 23), 33: (12, 23),
    34: (12, 24), 35: (12, 24), 36: (13, 25), 37: (13, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (15, 27), 42: (16, 28), 43: (16, 28), 44: (17, 29), 45: (17, 30),
    46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32), 50: (19, 33), 51: (20, 33),
    52: (20, 34), 53: (21, 34), 54: (21, 35), 55: (22, 35), 56: (22, 35), 57: (23, 36),
    58: (23, 37), 59: (24, 38), 60: (24, 38),
}  # fmt: skip

#: Below this many useful points the runs analysis gives numbers but no verdict.
MIN_USEFUL_POINTS = 10

IHI_SHIFT_MIN = 6
IHI_TREND_MIN = 5

_EXACT_MAX_TRIALS = 2000  # above this, qbinom uses a float tail sum (checked exactly if close)


def longest_run_max(n_useful: int) -> int:
    """Anhøj: a run longer than this is unusually long, ``round(log2(n)) + 3``."""
    return round(math.log2(n_useful)) + 3


def _binom_half_cdf_exact(x: int, m: int) -> tuple[int, int]:
    """P(X <= x) for X ~ Binomial(m, 1/2) as the exact fraction (numerator, 2**m)."""
    total = 0
    term = 1  # C(m, 0)
    for k in range(x + 1):
        total += term
        term = term * (m - k) // (k + 1)
    return total, 1 << m


def _binom_half_cdf_float(x: int, m: int) -> float:
    """P(X <= x) for X ~ Binomial(m, 1/2), summing the lower tail downwards in floats."""
    log_m1 = math.lgamma(m + 1) - m * math.log(2.0)
    total = 0.0
    k = x
    while k >= 0:
        term = math.exp(log_m1 - math.lgamma(k + 1) - math.lgamma(m - k + 1))
        total += term
        if term < total * 1e-18:
            break
        k -= 1
    return total


@lru_cache(maxsize=256)
def crossings_min(n_useful: int) -> int:
    """Anhøj: fewer crossings than this is a signal, ``qbinom(0.05, n - 1, 0.5)``.

    The smallest ``x`` with P(X <= x) >= 0.05 for X ~ Binomial(n - 1, 1/2), computed
    exactly with integers (``20 * sum(C(m, k)) >= 2**m``); for large ``n`` a float tail sum
    is used unless it is too close to 0.05 to decide, in which case the exact sum decides.
    """
    m = max(n_useful - 1, 0)
    if m <= _EXACT_MAX_TRIALS:
        total = 0
        term = 1
        for k in range(m + 1):
            total += term
            if 20 * total >= (1 << m):
                return k
            term = term * (m - k) // (k + 1)
        return m  # not reached: the whole cdf is 1

    def at_least(x: int) -> bool:
        p = _binom_half_cdf_float(x, m)
        if abs(p - 0.05) > 1e-9:
            return p >= 0.05
        num, den = _binom_half_cdf_exact(x, m)
        return 20 * num >= den

    # Start from the normal approximation and walk to the exact quantile.
    x = max(0, min(m, int(m / 2 - 1.6448536269514722 * math.sqrt(m) / 2)))
    if at_least(x):
        while x > 0 and at_least(x - 1):
            x -= 1
    else:
        while not at_least(x):
            x += 1
    return x


def perla_limits(n_useful: int) -> tuple[int, int] | None:
    """IHI runs limits (lower, upper) for ``n_useful`` points, or None outside 10..60."""
    return PERLA_RUNS_LIMITS.get(n_useful)


@dataclass(frozen=True)
class AnhojRuns:
    """Anhøj runs analysis of one phase (all None when there is no useful point)."""

    n_useful: int
    n_runs: int | None
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool | None  # None when n_useful < MIN_USEFUL_POINTS
    too_few_points: bool
    longest: Stretch | None  # the (first) longest run

    @property
    def long_run_signal(self) -> bool:
        return bool(
            self.runs_signal is not None
            and self.longest_run is not None
            and self.longest_run_max is not None
            and self.longest_run > self.longest_run_max
        )

    @property
    def few_crossings_signal(self) -> bool:
        return bool(
            self.runs_signal is not None
            and self.n_crossings is not None
            and self.n_crossings_min is not None
            and self.n_crossings < self.n_crossings_min
        )


def _boundaries(signs: list[int]) -> list[int]:
    """Start offsets of the runs of equal signs, plus ``len(signs)`` at the end."""
    n = len(signs)
    if n == 0:
        return [0]
    changes = compress(range(1, n), map(ne, islice(signs, 1, None), signs))
    return [0, *changes, n]


def side_runs(idx: list[int], signs: list[int], min_length: int = 1) -> list[Stretch]:
    """Maximal runs of equal signs of at least ``min_length`` points, as stretches."""
    b = _boundaries(signs)
    return [
        Stretch("above" if signs[a] > 0 else "below", idx[a], idx[z - 1], z - a)
        for a, z in zip(b, b[1:])  # noqa: B905
        if z - a >= min_length
    ]


def anhoj(idx: list[int], signs: list[int]) -> AnhojRuns:
    """Anhøj runs analysis of the useful points (signs +1/-1) of one phase."""
    n = len(signs)
    too_few = n < MIN_USEFUL_POINTS
    if n == 0:
        return AnhojRuns(0, None, None, None, None, None, None, True, None)
    b = _boundaries(signs)
    lengths = list(map(sub, b[1:], b))
    longest_len = max(lengths)
    j = lengths.index(longest_len)  # the first longest run
    a, z = b[j], b[j + 1]
    longest = Stretch("above" if signs[a] > 0 else "below", idx[a], idx[z - 1], z - a)
    n_runs = len(lengths)
    n_crossings = n_runs - 1
    lr_max = longest_run_max(n)
    cr_min = crossings_min(n)
    signal = None if too_few else (longest_len > lr_max or n_crossings < cr_min)
    return AnhojRuns(n, n_runs, longest_len, lr_max, n_crossings, cr_min, signal, too_few, longest)


def shifts(idx: list[int], signs: list[int], min_length: int = IHI_SHIFT_MIN) -> list[Stretch]:
    """Maximal runs of at least ``min_length`` useful points on one side of the centre."""
    return side_runs(idx, signs, min_length)


def trends(idx: list[int], values: list[float], min_length: int = IHI_TREND_MIN) -> list[Stretch]:
    """Runs of at least ``min_length`` points all going up or all going down.

    ``values`` are the non-missing, included points (in order, positions in ``idx``). A value
    equal to the previous one neither adds to nor breaks a trend; points are counted, not
    steps; the point where a rise turns into a fall ends one trend and starts the next. A
    trend starts at the last point of a flat start and ends at the first point of a flat end
    (``1, 2, 3, 3, 4, 5`` is one rising trend of 5 points from index 0 to index 5).
    """
    out: list[Stretch] = []
    n = len(values)
    if n < 2:
        return out
    direction = 0  # +1 rising, -1 falling, 0 not moving yet
    start = idx[0]  # position where the current movement starts
    count = 1  # points counted in the current movement (levels, not steps)
    last_change = idx[0]  # first point at the current level
    prev = values[0]
    for j in range(1, n):
        v = values[j]
        if v == prev:
            continue
        d = 1 if v > prev else -1
        if d == direction:
            count += 1
        else:
            if direction != 0 and count >= min_length:
                out.append(Stretch("up" if direction > 0 else "down", start, last_change, count))
            direction = d
            start = idx[j - 1]  # the turning point (last point of a flat turn) starts it
            count = 2
        last_change = idx[j]
        prev = v
    if direction != 0 and count >= min_length:
        out.append(Stretch("up" if direction > 0 else "down", start, last_change, count))
    return out
