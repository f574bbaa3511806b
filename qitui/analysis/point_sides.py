"""Which side of the centre line and of the limits each point lies, in bulk: the per-point
comparisons of :func:`qitui.analysis.engine._phase_points` by ``map`` over ``operator``
functions (C speed) instead of a Python loop. :func:`plain_sides` and
:func:`plain_beyond_sides` are the loops they replace; the tests compare the two."""

from __future__ import annotations

from itertools import compress, repeat
from operator import add, gt, lt, ne, sub


def sides(idx: list[int], vals: list[float], cl: float) -> tuple[list[int], list[int]]:
    """The positions of the points not on the centre line ``cl``, and +1 (above) or -1
    (below) for each of them."""
    off = list(map(ne, vals, repeat(cl)))
    above = list(map(gt, compress(vals, off), repeat(cl)))
    return list(compress(idx, off)), list(map(sub, map(add, above, above), repeat(1)))


def beyond_sides(vals: list[float], ucl: list[float | None], lcl: list[float | None]) -> list[int]:
    """Per point: +1 strictly above its upper limit, else -1 strictly below its lower
    limit, else 0 (a missing limit is never crossed)."""
    if None in ucl or None in lcl:
        return plain_beyond_sides(vals, ucl, lcl)
    above = list(map(gt, vals, ucl))  # type: ignore[arg-type]
    below_only = map(gt, map(lt, vals, lcl), above)  # type: ignore[arg-type]  # below, not above
    return list(map(sub, above, below_only))


def plain_sides(idx: list[int], vals: list[float], cl: float) -> tuple[list[int], list[int]]:
    """:func:`sides`, one point at a time."""
    sign_idx = [i for i, v in zip(idx, vals) if v != cl]  # noqa: B905
    signs = [1 if v > cl else -1 for v in vals if v != cl]
    return sign_idx, signs


def plain_beyond_sides(
    vals: list[float], ucl: list[float | None], lcl: list[float | None]
) -> list[int]:
    """:func:`beyond_sides`, one point at a time."""
    return [
        1 if hi is not None and v > hi else -1 if lo is not None and v < lo else 0
        for v, hi, lo in zip(vals, ucl, lcl)  # noqa: B905
    ]
