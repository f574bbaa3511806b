"""Lines worked out once per denominator (p, u, P′, U′ charts) are the lines worked out row
by row, their ``keys``/``by_key`` agree with the rows, and the JSON written from them
(:func:`qitui.jsonout._keyed_lines`) is byte for byte what ``json.dumps`` writes."""

from __future__ import annotations

import io
import json
import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qitui.analysis import analyse
from qitui.analysis.engine import analyse_columns
from qitui.analysis.laney import laney_lines, sigma_z
from qitui.analysis.spc import _ratio_centre, finite
from qitui.jsonout import COMPACT, columns_json, write_json

START = date(2020, 1, 1)
den = st.one_of(st.none(), st.sampled_from([20.0, 21.0, 50.0, 200.0, 1e300]), st.integers(1, 30))
row = st.tuples(st.one_of(st.none(), st.integers(0, 20).map(float)), den)


def assert_same(got: str, expected: str) -> None:
    """Equal texts (a failure names the first difference, not a diff of megabytes)."""
    at = next((k for k, (a, b) in enumerate(zip(got, expected)) if a != b), None)  # noqa: B905
    if at is not None or len(got) != len(expected):
        at = min(len(got), len(expected)) if at is None else at
        raise AssertionError(
            f"differ at {at}: {got[at - 40 : at + 40]!r} / {expected[at - 40 : at + 40]!r}"
        )


def plain_laney(num, den, y, use, nbase, screen, proportion):  # type: ignore[no-untyped-def]
    """The row-by-row P′/U′ lines (the loops before lines were worked out by key)."""
    n = len(num)
    cl = _ratio_centre(num, den, use, nbase)
    if cl is None:
        return None, [None] * n, [None] * n, [None] * n
    var = cl * (1 - cl) if proportion else cl
    if var < 0:
        return cl, [None] * n, [None] * n, [None] * n
    sigmas = []
    for a, d in zip(num, den, strict=True):
        s = None if a is None or d is None else math.sqrt(var / d)
        sigmas.append(None if s == math.inf else s)
    sz = 0.0 if var == 0 else sigma_z(y, use, nbase, cl, sigmas, screen)
    if sz is None:
        return cl, [None] * n, [None] * n, [None] * n
    sigma, ucl, lcl = [None] * n, [None] * n, [None] * n
    for k, s in enumerate(sigmas):
        stdev = None if s is None else finite(s * sz)
        if stdev is None:
            continue
        sigma[k] = stdev
        hi, lo = cl + 3 * stdev, cl - 3 * stdev
        ucl[k] = 1.0 if proportion and hi > 1 else finite(hi)
        lcl[k] = 0.0 if lo < 0 else lo
    return cl, sigma, ucl, lcl


def columns(rows: list[tuple[float | None, float | None]], proportion: bool):  # type: ignore[no-untyped-def]
    num = [a if a is None or d is None else (min(a, d) if proportion else a) for a, d in rows]
    den = [None if a is None else d for a, d in rows]
    num = [None if d is None else a for a, d in zip(num, den, strict=True)]
    return num, den


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=60), st.booleans(), st.booleans(), st.integers(1, 60))
def test_laney_lines_as_row_by_row(rows, proportion, screen, nbase) -> None:  # type: ignore[no-untyped-def]
    num, den = columns(rows, proportion)
    y = [None if a is None or d is None else a / d for a, d in zip(num, den, strict=True)]
    use = [v is not None for v in y]
    lines = laney_lines(y, num, den, use, nbase, screen, proportion)
    assert (lines.cl, lines.sigma, lines.ucl, lines.lcl) == plain_laney(
        num, den, y, use, nbase, screen, proportion
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(row, min_size=1, max_size=300),
    st.sampled_from(["p", "u", "pp", "up"]),
    st.lists(st.integers(1, 299), max_size=2),
    st.sets(st.integers(0, 299), max_size=5),
)
def test_keyed_lines_and_their_json(rows, chart, starts, excluded) -> None:  # type: ignore[no-untyped-def]
    num, den = columns(rows, chart in ("p", "pp"))
    n = len(num)
    starts = sorted({s for s in starts if s < n})
    excl = [k in excluded for k in range(n)]
    result, points = analyse_columns(
        chart, numerators=num, denominators=den, phase_starts=starts, excluded=excl
    )
    for ph in points:
        if ph.keys is not None:
            assert ph.by_key is not None
            for k, key in enumerate(ph.keys):
                assert (ph.sigma[k], ph.ucl[k], ph.lcl[k]) == ph.by_key.get(key, (None,) * 3)
    dates = [(START + timedelta(days=k)).isoformat() for k in range(n)]
    out = io.StringIO()
    write_json(columns_json(result, points, dates), out)
    plain = analyse(chart, numerators=num, denominators=den, phase_starts=starts, excluded=excl)
    assert_same(out.getvalue(), json.dumps(plain.to_dict(dates), separators=COMPACT) + "\n")


def test_json_of_many_rows_takes_the_keyed_lines() -> None:
    """Enough rows for the keyed text (more than 64 a piece, few denominators)."""
    n = 5000
    den = [float(20 + k % 7) for k in range(n)]
    num = [float(k % 5) if k % 97 else None for k in range(n)]
    den = [None if a is None else d for a, d in zip(num, den, strict=True)]
    for chart in ("p", "u", "pp", "up"):
        result, points = analyse_columns(
            chart, numerators=num, denominators=den, phase_starts=[2500]
        )
        assert all(ph.keys is not None for ph in points)
        dates = [(START + timedelta(days=k)).isoformat() for k in range(n)]
        out = io.StringIO()
        write_json(columns_json(result, points, dates), out)
        plain = analyse(chart, numerators=num, denominators=den, phase_starts=[2500])
        assert_same(out.getvalue(), json.dumps(plain.to_dict(dates), separators=COMPACT) + "\n")
