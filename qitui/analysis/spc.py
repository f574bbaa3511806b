"""Centre lines and limits of one phase, per chart type (run, I, MR, p, u, c; P′, U′, G and
T are in :mod:`laney` and :mod:`rare`).

Each function gets the phase's plotted values ``y`` (None = missing), a parallel ``use`` mask
(True = the point takes part in calculations: not missing, not excluded) and ``nbase``, the
number of leading rows of the phase that form its baseline. Centre and sigma come from the
baseline points with ``use`` only; the lines are returned for every row of the phase.
The arithmetic follows qicharts2 step by step, so that results agree to the last bits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import compress
from typing import Any

#: d2 for moving ranges of two (sigma = mean MR / 1.128) and D4 (MR upper limit factor).
D2 = 1.128
D4 = 3.267


@dataclass
class Zones:
    """Per-row 1- and 2-sigma lines of a chart whose zones are not ``cl ± k·sigma`` (G, T)."""

    hi1: list[float | None]
    lo1: list[float | None]
    hi2: list[float | None]
    lo2: list[float | None]


@dataclass
class PhaseLines:
    """Centre line of a phase and its per-row sigma and limits (None where not defined).

    ``mid`` and ``zones`` are set only where the sigma zones are not centred on ``cl`` (a G
    chart draws its median but has its limits about the mean; a T chart is symmetric only
    on its transformed scale): the rules then use them instead of ``cl ± k·sigma``.
    """

    cl: float | None
    sigma: list[float | None]
    ucl: list[float | None]
    lcl: list[float | None]
    mid: float | None = None
    zones: Zones | None = None
    #: where the lines of a row depend on one key only (p and u charts: its denominator,
    #: None for a row without a value): the key per row, and (sigma, ucl, lcl) per key;
    #: a writer may encode each distinct row of lines once (``qitui.jsonout``)
    keys: list[Any] | None = None
    by_key: dict[Any, tuple[float | None, float | None, float | None]] | None = None


_INF = math.inf


def finite(v: float | None) -> float | None:
    """``v`` if it is a finite number, else None (lines never hold inf or NaN)."""
    return v if v is not None and -_INF < v < _INF else None


def mean(xs: list[float]) -> float | None:
    """Arithmetic mean (exactly rounded sum), None for an empty list or a non-finite mean."""
    n = len(xs)
    if n == 0:
        return None
    try:
        m = math.fsum(xs) / n
    except (OverflowError, ValueError):  # huge values: divide first
        m = sum(x / n for x in xs)
    return finite(m)


def median(xs: list[float]) -> float | None:
    """Median (mean of the two middle values for an even count), None for an empty list."""
    n = len(xs)
    if n == 0:
        return None
    s = sorted(xs)
    h = n // 2
    if n % 2:
        return s[h]
    m = (s[h - 1] + s[h]) / 2
    return m if -_INF < m < _INF else s[h - 1] / 2 + s[h] / 2


def _base_values(y: list[float | None], use: list[bool], nbase: int) -> list[float]:
    if False not in use[:nbase]:  # every row takes part
        return y[:nbase]  # type: ignore[return-value]
    return [v for v, u in zip(y[:nbase], use[:nbase], strict=True) if u]  # type: ignore[misc]


def _none_lines(n: int, cl: float | None) -> PhaseLines:
    return PhaseLines(cl, [None] * n, [None] * n, [None] * n)


def _constant_lines(
    n: int, cl: float, sigma: float, lower_bound: float | None = None
) -> PhaseLines:
    ucl = finite(cl + 3 * sigma)
    lcl = finite(cl - 3 * sigma)
    if lower_bound is not None and (lcl is None or lcl < lower_bound):
        lcl = lower_bound
    return PhaseLines(cl, [finite(sigma)] * n, [ucl] * n, [lcl] * n)


def run_lines(y: list[float | None], use: list[bool], nbase: int) -> PhaseLines:
    """Run chart: the median of the baseline, no limits."""
    return _none_lines(len(y), median(_base_values(y, use, nbase)))


def moving_ranges_of_baseline(
    y: list[float | None], use: list[bool], nbase: int, cl: float
) -> list[float]:
    """Moving ranges between consecutive baseline rows that both take part (no bridging)."""
    m = min(nbase, len(y))
    # Same operation order as qicharts2: abs(diff(y - cl)).
    if False not in use[:m]:  # every row takes part
        return [abs((b - cl) - (a - cl)) for a, b in zip(y[: m - 1], y[1:m])]  # type: ignore[operator]  # noqa: B905
    return [
        abs((b - cl) - (a - cl))  # type: ignore[operator]
        for a, b, ua, ub in zip(y[: m - 1], y[1:m], use[: m - 1], use[1:m])  # noqa: B905
        if ua and ub
    ]


def i_sigma(mrs: list[float], screen: bool = True) -> float | None:
    """Sigma of an I chart from its moving ranges: mean MR / 1.128.

    With ``screen``, moving ranges >= 3.267 x their mean are dropped once and the mean is
    recomputed (Nelson 1982). When the mean MR is 0 nothing is screened (qicharts2 would drop
    every range and give no limits; qitui draws limits equal to the centre line).
    """
    amr = mean(mrs)
    if amr is None:
        return None
    if screen and amr > 0:
        ulmr = D4 * amr
        amr = mean([r for r in mrs if r < ulmr])
        if amr is None:  # not reachable when amr > 0, kept for safety
            return None
    return amr / D2


def i_lines(y: list[float | None], use: list[bool], nbase: int, screen: bool = True) -> PhaseLines:
    """I (XmR) chart: mean of the baseline, limits at +-3 sigma (negative lower limit kept)."""
    n = len(y)
    cl = mean(_base_values(y, use, nbase))
    if cl is None:
        return _none_lines(n, None)
    sigma = finite(i_sigma(moving_ranges_of_baseline(y, use, nbase, cl), screen))
    if sigma is None:
        return _none_lines(n, cl)
    return _constant_lines(n, cl, sigma)


def moving_range_series(y: list[float | None]) -> list[float | None]:
    """The MR chart's values: |y[k] - y[k-1]|, None for the first row and next to a gap."""
    out: list[float | None] = [None] * len(y)
    for k in range(1, len(y)):
        a = y[k - 1]
        b = y[k]
        if a is not None and b is not None:
            out[k] = finite(abs(b - a))
    return out


def mr_lines(mr: list[float | None], use: list[bool], nbase: int) -> PhaseLines:
    """MR chart: mean of the baseline moving ranges, upper 3.267 x mean, lower 0.

    Sigma is reported as (ucl - cl) / 3, so that 1- and 2-sigma zones can be drawn and used.
    """
    n = len(mr)
    cl = mean(_base_values(mr, use, nbase))
    if cl is None:
        return _none_lines(n, None)
    ucl = finite(D4 * cl)
    sigma = None if ucl is None else (ucl - cl) / 3
    return PhaseLines(cl, [sigma] * n, [ucl] * n, [None if ucl is None else 0.0] * n)


def c_lines(y: list[float | None], use: list[bool], nbase: int) -> PhaseLines:
    """c chart: mean count, sigma sqrt(mean), lower limit clamped at 0."""
    n = len(y)
    cl = mean(_base_values(y, use, nbase))
    if cl is None or cl < 0:
        return _none_lines(n, cl)
    return _constant_lines(n, cl, math.sqrt(cl), lower_bound=0.0)


def _ratio_centre(
    num: list[float | None], den: list[float | None], use: list[bool], nbase: int
) -> float | None:
    base = use[: min(nbase, len(num))]
    sn: list[float] = list(compress(num, base))  # type: ignore[arg-type]
    sd: list[float] = list(compress(den, base))  # type: ignore[arg-type]
    try:
        total = math.fsum(sd)
        if not sd or total <= 0:
            return None
        return finite(math.fsum(sn) / total)
    except (OverflowError, ValueError):
        return None


def p_lines(
    num: list[float | None], den: list[float | None], use: list[bool], nbase: int
) -> PhaseLines:
    """p chart: cl = sum(num)/sum(den) of the baseline, sigma_i = sqrt(cl(1-cl)/n_i),
    limits clamped to [0, 1]; no limits on rows without a value."""
    n = len(num)
    cl = _ratio_centre(num, den, use, nbase)
    if cl is None:
        return _none_lines(n, None)
    var = cl * (1 - cl)
    if var < 0:  # numerators above denominators: no binomial sigma
        return _none_lines(n, cl)
    return _ratio_limits(num, den, cl, var, cap=1.0)


def u_lines(
    num: list[float | None], den: list[float | None], use: list[bool], nbase: int
) -> PhaseLines:
    """u chart: cl = sum(count)/sum(exposure) of the baseline, sigma_i = sqrt(cl/n_i),
    lower limit clamped at 0; no limits on rows without a value."""
    n = len(num)
    cl = _ratio_centre(num, den, use, nbase)
    if cl is None:
        return _none_lines(n, None)
    if cl < 0:
        return _none_lines(n, cl)
    return _ratio_limits(num, den, cl, cl, cap=None)


def _ratio_limits(
    num: list[float | None], den: list[float | None], cl: float, var: float, cap: float | None
) -> PhaseLines:
    """Per-row limits cl ± 3·sqrt(var/n_i) of p and u charts: the lower clamped at 0, the
    upper at ``cap`` (1 for proportions); no limits on rows without a value. The lines
    depend on the row's denominator only: each distinct one is worked out once."""
    keys = den if None not in num else [None if a is None else d for a, d in zip(num, den)]  # noqa: B905
    sigma: dict[float | None, float | None] = {}
    ucl: dict[float | None, float | None] = {}
    lcl: dict[float | None, float | None] = {}
    for d in dict.fromkeys(keys):
        if d is None:
            continue
        s = math.sqrt(var / d)
        if s == _INF:
            continue
        sigma[d] = s
        hi = cl + 3 * s
        lo = cl - 3 * s
        ucl[d] = cap if cap is not None and hi > cap else finite(hi)
        lcl[d] = 0.0 if lo < 0 else lo
    by_key = {d: (sigma[d], ucl[d], lcl[d]) for d in sigma}
    return PhaseLines(
        cl,
        list(map(sigma.get, keys)),
        list(map(ucl.get, keys)),
        list(map(lcl.get, keys)),
        keys=keys,
        by_key=by_key,
    )
