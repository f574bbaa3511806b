"""Charts for rare events: G (cases or days between events) and T (time between events).

* **G**: limits from the mean ḡ of the baseline, ``ḡ ± 3·sqrt(ḡ(ḡ + 1))`` (geometric
  distribution), lower limit 0; the centre line is *drawn* at the baseline median, and the
  runs rules use that drawn line.
* **T**: ``y -> y^(1/3.6)`` makes times between events roughly normal; an I chart (with its
  moving-range screening) on the transformed values; centre and limits back-transformed
  with ``^3.6``, a negative transformed lower limit giving 0.

Both report no per-point sigma (their 1- and 2-sigma zones are not symmetric about the
drawn centre line); the zones the rules need are returned in :class:`~spc.Zones`. The
arithmetic follows qicharts2's ``qic.g`` and ``qic.t``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from qitui.analysis.spc import (
    PhaseLines,
    Zones,
    _base_values,
    _none_lines,
    finite,
    i_lines,
    mean,
    median,
)

#: The T chart's transformation: y -> y^(1/EXPONENT), back with ^EXPONENT (Nelson 1994).
T_EXPONENT = 3.6


def g_lines(y: list[float | None], use: list[bool], nbase: int) -> PhaseLines:
    """G chart of one phase: centre line at the baseline median, limits ḡ ± 3·sqrt(ḡ(ḡ+1))
    from the baseline mean ḡ, lower limit clamped at 0."""
    n = len(y)
    base = _base_values(y, use, nbase)
    gbar = mean(base)
    med = median(base)
    if gbar is None or gbar < 0:
        return _none_lines(n, med)
    s = finite(math.sqrt(gbar * (gbar + 1)))
    if s is None:
        return _none_lines(n, med)
    ucl = finite(gbar + 3 * s)
    lo = gbar - 3 * s
    lcl = 0.0 if lo < 0 else lo
    zones = Zones(
        hi1=[finite(gbar + s)] * n,
        lo1=[gbar - s] * n,
        hi2=[finite(gbar + 2 * s)] * n,
        lo2=[gbar - 2 * s] * n,
    )
    return PhaseLines(med, [None] * n, [ucl] * n, [lcl] * n, mid=gbar, zones=zones)


def to_t_scale(v: float | None) -> float | None:
    """y^(1/3.6) of a time between events (None stays None; the caller checks y > 0)."""
    return None if v is None else finite(v ** (1 / T_EXPONENT))


def from_t_scale(v: float | None) -> float | None:
    """Back-transform a line: v^3.6, and 0 for a negative v (qicharts2: NaN -> 0)."""
    if v is None:
        return None
    if v < 0:
        return 0.0
    try:
        return finite(v**T_EXPONENT)
    except OverflowError:
        return None


def _each(
    f: Callable[[float | None], float | None], values: list[float | None]
) -> list[float | None]:
    """``[f(v) for v in values]``, ``f`` called once per distinct value (a phase's lines
    repeat one value; ``f`` gives the same for 0.0 and -0.0)."""
    if values and values.count(values[0]) == len(values):  # one value (at C speed)
        return [f(values[0])] * len(values)
    done = {v: f(v) for v in set(values)}
    return list(map(done.__getitem__, values))


def t_lines(y: list[float | None], use: list[bool], nbase: int, screen: bool = True) -> PhaseLines:
    """T chart of one phase: an I chart on y^(1/3.6), centre and limits back-transformed."""
    n = len(y)
    ty = _each(to_t_scale, y)
    tuse = [u and v is not None for u, v in zip(use, ty, strict=True)]
    lines = i_lines(ty, tuse, nbase, screen)
    if lines.cl is None:
        return _none_lines(n, None)
    cl = from_t_scale(lines.cl)
    ucl = _each(from_t_scale, lines.ucl)
    lcl = _each(from_t_scale, lines.lcl)

    def zone(k: int) -> list[float | None]:
        centre: float = lines.cl  # type: ignore[assignment]
        return _each(lambda s: None if s is None else from_t_scale(centre + k * s), lines.sigma)

    zones = Zones(hi1=zone(1), lo1=zone(-1), hi2=zone(2), lo2=zone(-2))
    return PhaseLines(cl, [None] * n, ucl, lcl, mid=cl, zones=zones)
