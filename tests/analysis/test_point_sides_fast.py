"""The bulk comparisons of :mod:`qitui.analysis.point_sides` give what the plain loops give,
and a signal made by :func:`qitui.analysis.result.signal_at` is the one ``Signal`` makes."""

from __future__ import annotations

import pickle
from dataclasses import asdict, replace

from hypothesis import given
from hypothesis import strategies as st

from qitui.analysis.point_sides import beyond_sides, plain_beyond_sides, plain_sides, sides
from qitui.analysis.result import Signal, signal_at, signal_fields

small = st.sampled_from([-1.5, -0.0, 0.0, 0.25, 1.0, 2.0, 3.5])
limit = st.one_of(st.none(), small)


@given(st.lists(st.tuples(small, limit, limit), max_size=40), small)
def test_sides_as_the_loops(
    rows: list[tuple[float, float | None, float | None]], cl: float
) -> None:
    vals = [v for v, _, _ in rows]
    ucl = [hi for _, hi, _ in rows]
    lcl = [lo for _, _, lo in rows]
    idx = [3 + 2 * k for k in range(len(rows))]
    assert sides(idx, vals, cl) == plain_sides(idx, vals, cl)
    got = beyond_sides(vals, ucl, lcl)
    assert got == plain_beyond_sides(vals, ucl, lcl)
    assert all(type(b) is int for b in got)
    full = [0.0 if hi is None else hi for hi in ucl], [0.0 if lo is None else lo for lo in lcl]
    got = beyond_sides(vals, *full)  # no limit missing: the bulk path
    assert got == plain_beyond_sides(vals, *full)
    assert all(type(b) is int for b in got)


def test_signal_at_is_the_signal() -> None:
    made = signal_at(signal_fields("sigma", "beyond-limits", "L", 0, 0, "above", None), 7, 9)
    plain = Signal("sigma", "beyond-limits", "L", 7, 9, "above", None)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert asdict(made) == asdict(plain) and made.to_dict() == plain.to_dict()
    assert list(vars(made)) == list(vars(plain))
    assert pickle.loads(pickle.dumps(made)) == plain
    assert replace(made, end=10) == Signal("sigma", "beyond-limits", "L", 7, 10, "above", None)
