"""Laney's P′ and U′ charts: p and u limits widened by the spread of the z-scores.

With very large denominators the binomial (p) or Poisson (u) sigma is tiny and nearly every
point falls outside the limits, because real processes vary more from period to period than
sampling alone explains (overdispersion). Laney (2002) measures that extra spread on the
baseline: ``z_i = (y_i − cl) / sigma_i`` and ``sigma_z = mean moving range of z / 1.128``
(moving ranges screened as on the I chart); the limits are ``cl ± 3·sigma_i·sigma_z``.
``sigma_z`` is 1 when the data vary exactly as the binomial or Poisson model says.

The arithmetic follows qicharts2's ``qic.pp`` and ``qic.up`` step by step (which do not
screen; ``screen=False`` gives their numbers).
"""

from __future__ import annotations

import math
from itertools import repeat
from math import isfinite
from operator import itemgetter

from qitui.analysis.spc import PhaseLines, _none_lines, _ratio_centre, finite, i_sigma

_INF = math.inf
_NO_LINES: tuple[None, None, None] = (None, None, None)


def binomial_sigmas(
    num: list[float | None], den: list[float | None], cl: float, var: float
) -> list[float | None]:
    """``sqrt(var / n_i)`` per row with a value (var = cl(1 − cl) for p, cl for u)."""
    keys = _keys(num, den)
    return list(map(_sigma_by_key(keys, var).get, keys))


def _keys(num: list[float | None], den: list[float | None]) -> list[float | None]:
    """Each row's denominator, None where the row has no value."""
    if len(num) != len(den):
        raise ValueError("numerators and denominators differ in length")
    return den if None not in num else [None if a is None else d for a, d in zip(num, den)]  # noqa: B905


def _sigma_by_key(keys: list[float | None], var: float) -> dict[float | None, float | None]:
    """``sqrt(var / n)`` for each distinct denominator ``n`` (worked out once each)."""
    out: dict[float | None, float | None] = {}
    for d in dict.fromkeys(keys):
        if d is not None:
            s = math.sqrt(var / d)
            out[d] = s if s != _INF else None
    return out


def sigma_z(
    y: list[float | None],
    use: list[bool],
    nbase: int,
    cl: float,
    sigmas: list[float | None],
    screen: bool = True,
) -> float | None:
    """Laney's sigma_z: mean moving range of the baseline z-scores / 1.128 (screened).

    Moving ranges are taken between consecutive baseline rows that both take part (no
    bridging over a gap or an excluded row). None when there is no moving range, or when a
    sigma is 0 (p̄ of 0 or 1: no z-score exists).
    """
    m = min(nbase, len(y))
    fast = _whole_z(y[:m], use[:m], sigmas[:m], cl)
    if fast is not None:
        return finite(i_sigma(fast, screen))
    z: list[float | None] = []
    for k in range(m):
        v, s = y[k], sigmas[k]
        if not use[k] or v is None or s is None:
            z.append(None)
        elif s == 0:
            return None
        else:
            z.append(finite((v - cl) / s))
    mrs = [
        abs(b - a)
        for a, b in zip(z, z[1:])  # noqa: B905
        if a is not None and b is not None
    ]
    return finite(i_sigma(mrs, screen))


def _whole_z(
    y: list[float | None], use: list[bool], sigmas: list[float | None], cl: float
) -> list[float] | None:
    """The moving ranges of z of a baseline whose rows all take part, with a sigma above 0
    and a finite z (what :func:`sigma_z`'s loop gives them, in bulk); else None."""
    if False in use:
        return None
    try:  # a None (TypeError) or a sigma of 0: the loop's way
        z = [(v - cl) / s for v, s in zip(y, sigmas)]  # type: ignore[operator]  # noqa: B905
    except (TypeError, ZeroDivisionError):
        return None
    if not all(map(isfinite, z)):
        return None
    return [abs(b - a) for a, b in zip(z, z[1:])]  # noqa: B905


def laney_lines(
    y: list[float | None],
    num: list[float | None],
    den: list[float | None],
    use: list[bool],
    nbase: int,
    screen: bool = True,
    proportion: bool = True,
) -> PhaseLines:
    """P′ (``proportion``) or U′ chart of one phase: cl = Σnum/Σden of the baseline,
    sigma_i·sigma_z per row, limits clamped to [0, 1] (P′) or at 0 (U′).

    A centre of 0 (or 1 on P′) has no spread at all: sigma is 0 and the limits equal the
    centre line, as on the p chart. A phase with no moving range of z gets no limits.
    """
    n = len(num)
    cl = _ratio_centre(num, den, use, nbase)
    if cl is None:
        return _none_lines(n, None)
    var = cl * (1 - cl) if proportion else cl
    if var < 0:  # numerators above denominators, or a negative rate: no model sigma
        return _none_lines(n, cl)
    keys = _keys(num, den)
    by_sigma = _sigma_by_key(keys, var)
    sigmas = list(map(by_sigma.get, keys))
    if var == 0:
        sz: float | None = 0.0
    else:
        sz = sigma_z(y, use, nbase, cl, sigmas, screen)
    if sz is None:
        return _none_lines(n, cl)
    # the lines of a row depend on its denominator only: each distinct one worked out once
    by_key: dict[float | None, tuple[float | None, float | None, float | None]] = {}
    for d, s in by_sigma.items():
        if s is None:
            continue
        stdev = finite(s * sz)
        if stdev is None:
            continue
        hi = cl + 3 * stdev
        lo = cl - 3 * stdev
        by_key[d] = (stdev, 1.0 if proportion and hi > 1 else finite(hi), 0.0 if lo < 0 else lo)
    rows = list(map(by_key.get, keys, repeat(_NO_LINES)))
    sigma, ucl, lcl = (list(map(itemgetter(j), rows)) for j in range(3))
    return PhaseLines(cl, sigma, ucl, lcl, keys=keys, by_key=by_key)


def overdispersion(
    y: list[float | None],
    num: list[float | None],
    den: list[float | None],
    use: list[bool],
    proportion: bool = True,
) -> float | None:
    """sigma_z of a whole series (one phase, all of it the baseline, screened): how many
    times the period-to-period spread exceeds the binomial (p) or Poisson (u) one."""
    n = len(y)
    cl = _ratio_centre(num, den, use, n)
    if cl is None:
        return None
    var = cl * (1 - cl) if proportion else cl
    if var <= 0:
        return None
    return sigma_z(y, use, n, cl, binomial_sigmas(num, den, cl, var), True)
