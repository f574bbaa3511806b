"""Thinning a series denser than its plot (display only): which points a line keeps so that
each character column still shows its lowest and highest value, every gap still breaks the
line, and the points that must stay (ends, signals) stay."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence


def thin_indices(
    ys: Sequence[float | None],
    per_bucket: float,
    keep: Iterable[int] = (),
    origin: float = 0.0,
) -> list[int]:
    """Indexes of ``ys`` to draw when a series is denser than its canvas (display only).

    The indexes fall into buckets of ``per_bucket`` (index ``i`` in bucket
    ``floor((i - origin) / per_bucket)``: one bucket per canvas column). Kept, in order: the
    lowest and the highest value of each bucket (so spikes stay visible), the first and last
    point of each run of values between missing ones (so a gap still breaks the line), and
    every index in ``keep`` that has a value. Missing values are never returned. At most
    ``2 × buckets + 2 × runs + len(keep)`` indexes.
    """
    n = len(ys)
    chosen = {i for i in keep if 0 <= i < n and ys[i] is not None}
    i = 0
    while i < n:
        if ys[i] is None:
            i += 1
            continue
        j = i
        while j < n and ys[j] is not None:
            j += 1
        thin_run(i, ys[i:j], per_bucket, origin, chosen)  # type: ignore[arg-type]
        i = j
    return sorted(chosen)


def thin_run(
    first: int,
    ys: Sequence[float],
    per_bucket: float,
    origin: float,
    out: set[int],
    bucket_of: Callable[[int], int] | None = None,
) -> None:
    """Add to ``out`` the indexes kept of one run of values (``ys[k]`` is index ``first + k``):
    its first and last, and each bucket's lowest and highest (min/max over slices: C speed).

    ``bucket_of`` (default ``floor((i - origin) / per_bucket)``) gives an index's bucket: the
    layout passes its own column of each x, so that a bucket is exactly one column, also where
    the two computations round an index on a column's edge differently."""
    n = len(ys)
    if not n:
        return
    out.add(first)
    out.add(first + n - 1)
    if per_bucket <= 0:
        out.update(range(first, first + n))
        return
    inv = 1.0 / per_bucket

    def floor_bucket(i: int) -> int:
        return math.floor((i - origin) * inv)

    bucket_of = bucket_of or floor_bucket
    a = 0
    while a < n:
        bucket = bucket_of(first + a)
        b = math.ceil((bucket + 1) * per_bucket + origin - 1e-9) - first  # where it ends...
        b = min(max(b, a + 1), n)
        while b > a + 1 and bucket_of(first + b - 1) != bucket:  # ...to the index
            b -= 1
        while b < n and bucket_of(first + b) == bucket:
            b += 1
        part = ys[a:b]
        out.add(first + a + part.index(min(part)))
        out.add(first + a + part.index(max(part)))
        a = b
