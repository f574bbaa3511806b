"""Critical values: Anhøj's table and Perla's Table 1, copied from QI-REFERENCE.md."""

from __future__ import annotations

import math

import pytest

from qitui.analysis import analyse
from qitui.analysis.runs import (
    PERLA_RUNS_LIMITS,
    _binom_half_cdf_exact,
    crossings_min,
    longest_run_max,
    perla_limits,
)

# n: (longest run >, crossings <)
ANHOJ = {
    10: (6, 2), 12: (7, 3), 14: (7, 4), 16: (7, 4), 18: (7, 5), 20: (7, 6), 22: (7, 7),
    24: (8, 8), 30: (8, 10), 36: (8, 13), 40: (8, 14), 46: (9, 17), 50: (9, 19), 60: (9, 23),
}  # fmt: skip

PERLA_TEXT = """
   n: lower-upper   10:3-9   11:3-10  12:3-11  13:4-11  14:4-12  15:5-12  16:5-13  17:5-13
   18:6-14  19:6-15  20:6-16  21:7-16  22:7-17  23:7-17  24:8-18  25:8-18  26:9-19  27:10-19
   28:10-20 29:10-20 30:11-21 31:11-22 32:11-23 33:12-23 34:12-24 35:12-24 36:13-25 37:13-25
   38:14-26 39:14-26 40:15-27 41:15-27 42:16-28 43:16-28 44:17-29 45:17-30 46:17-31 47:18-31
   48:18-32 49:19-32 50:19-33 51:20-33 52:20-34 53:21-34 54:21-35 55:22-35 56:22-35 57:23-36
   58:23-37 59:24-38 60:24-38
"""


def _perla_from_text() -> dict[int, tuple[int, int]]:
    out = {}
    for tok in PERLA_TEXT.split():
        if ":" in tok and tok[0].isdigit():
            n, lim = tok.split(":")
            lo, hi = lim.split("-")
            out[int(n)] = (int(lo), int(hi))
    return out


PERLA = _perla_from_text()


@pytest.mark.parametrize(("n", "expected"), sorted(ANHOJ.items()))
def test_anhoj_critical_values(n: int, expected: tuple[int, int]) -> None:
    assert (longest_run_max(n), crossings_min(n)) == expected


@pytest.mark.parametrize(("n", "limits"), sorted(PERLA.items()))
def test_perla_table(n: int, limits: tuple[int, int]) -> None:
    assert perla_limits(n) == limits


def test_perla_table_is_complete() -> None:
    assert sorted(PERLA) == list(range(10, 61))
    assert PERLA_RUNS_LIMITS == PERLA
    assert perla_limits(9) is None
    assert perla_limits(61) is None


def _qbinom_reference(n: int) -> int:
    """Smallest x with P(X <= x) >= 0.05, X ~ Binomial(n - 1, 1/2), with math.comb."""
    m = n - 1
    total = 0
    for x in range(m + 1):
        total += math.comb(m, x)
        if 20 * total >= 2**m:
            return x
    return m


@pytest.mark.parametrize("n", [1, 2, 3, 5, 9, 10, 11, 17, 33, 64, 100, 257, 1000])
def test_crossings_min_matches_exact_definition(n: int) -> None:
    assert crossings_min(n) == _qbinom_reference(n)


@pytest.mark.parametrize("n", [2001, 2002, 2500, 4099, 10_000])
def test_crossings_min_large_n_float_path(n: int) -> None:
    x = crossings_min(n)
    num, den = _binom_half_cdf_exact(x, n - 1)
    assert 20 * num >= den  # P(X <= x) >= 0.05
    num, den = _binom_half_cdf_exact(x - 1, n - 1)
    assert 20 * num < den  # and x is the smallest such


@pytest.mark.parametrize(("n", "expected"), sorted(ANHOJ.items()))
def test_anhoj_values_reported_by_analyse(n: int, expected: tuple[int, int]) -> None:
    values = [float(k % 2) for k in range(n)]  # alternating: n useful points
    ph = analyse("i", values).phases[0]
    assert ph.n_useful == n
    assert (ph.longest_run_max, ph.n_crossings_min) == expected
