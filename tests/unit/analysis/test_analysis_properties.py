"""Hypothesis properties of the analysis engine."""

from __future__ import annotations

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qitui.analysis import ChartResult, analyse

SETTINGS = settings(max_examples=60, deadline=None)

ints_or_none = st.lists(st.one_of(st.none(), st.integers(-50, 50).map(float)), max_size=40)
shifts_c = st.integers(-1000, 1000).map(float)
RULES = ("ihi-control", "mdc")


@st.composite
def options(draw: st.DrawFn, n: int) -> dict:
    starts = draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=3)) if n else []
    return {
        "phase_starts": starts,
        "freeze": draw(st.one_of(st.none(), st.integers(1, 12))),
        "excluded": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
    }


def signal_keys(r: ChartResult) -> list[tuple]:
    return [(s.rule_set, s.rule, s.start, s.end, s.direction) for s in r.signals]


def runs_stats(r: ChartResult) -> list[tuple]:
    return [
        (p.n_useful, p.longest_run, p.n_crossings, p.runs_signal, p.too_few_points)
        for p in r.phases
    ]


def near_a_line(r: ChartResult) -> bool:
    """A point within rounding noise of a limit or of a 1- or 2-sigma line."""
    for p in r.points:
        if p.y is None or p.cl is None or p.sigma is None:
            continue
        lines = [p.cl + k * p.sigma for k in (-2, -1, 1, 2)] + [p.ucl, p.lcl]
        for line in lines:
            if line is not None and p.y != line and abs(p.y - line) < 1e-7 * (1 + abs(line)):
                return True
    return False


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-7)


@SETTINGS
@given(data=st.data(), values=ints_or_none, c=shifts_c, chart=st.sampled_from(["run", "i"]))
def test_adding_a_constant_moves_lines_and_keeps_signals(
    data: st.DataObject, values: list[float | None], c: float, chart: str
) -> None:
    opts = data.draw(options(len(values)))
    a = analyse(chart, values, rules=RULES, **opts)
    b = analyse(chart, [None if v is None else v + c for v in values], rules=RULES, **opts)
    assume(not near_a_line(a) and not near_a_line(b))
    for p, q in zip(a.points, b.points, strict=True):
        for x, y in ((p.cl, q.cl), (p.ucl, q.ucl), (p.lcl, q.lcl)):
            assert close(None if x is None else x + c, y)
        assert close(p.sigma, q.sigma)
        assert p.sigma_signal == q.sigma_signal
    assert signal_keys(a) == signal_keys(b)
    assert runs_stats(a) == runs_stats(b)


_FLIP = {"up": "down", "down": "up", "above": "below", "below": "above", None: None}


@SETTINGS
@given(data=st.data(), values=ints_or_none)
def test_negating_swaps_directions(data: st.DataObject, values: list[float | None]) -> None:
    opts = data.draw(options(len(values)))
    a = analyse("run", values, better="up", **opts)
    b = analyse("run", [None if v is None else -v for v in values], better="up", **opts)
    assert runs_stats(a) == runs_stats(b)
    assert sorted((s.rule_set, s.rule, s.start, s.end, _FLIP[s.direction]) for s in a.signals) == (
        sorted(signal_keys(b))
    )
    for pa, pb in zip(a.phases, b.phases, strict=True):
        assert pa.ihi is not None and pb.ihi is not None
        assert [(t.start, t.end, _FLIP[t.direction]) for t in pa.ihi.trends] == [
            (t.start, t.end, t.direction) for t in pb.ihi.trends
        ]
        assert [(s.start, s.end, _FLIP[s.direction]) for s in pa.ihi.shifts] == [
            (s.start, s.end, s.direction) for s in pb.ihi.shifts
        ]
    i_a = analyse("i", values, **opts)
    i_b = analyse("i", [None if v is None else -v for v in values], **opts)
    for p, q in zip(i_a.points, i_b.points, strict=True):
        assert close(None if p.cl is None else -p.cl, q.cl)
        assert close(None if p.ucl is None else -p.ucl, q.lcl)


@SETTINGS
@given(
    data=st.data(),
    values=st.lists(st.one_of(st.none(), st.integers(0, 6).map(float)), max_size=80),
    chart=st.sampled_from(["run", "i", "c", "mr"]),
)
def test_runs_signal_matches_its_definition(
    data: st.DataObject, values: list[float | None], chart: str
) -> None:
    r = analyse(chart, values, **data.draw(options(len(values))))
    for ph in r.phases:
        assert ph.too_few_points == (ph.n_useful < 10)
        if ph.n_useful == 0:
            assert ph.longest_run is None and ph.runs_signal is None
            continue
        assert ph.longest_run_max == round(math.log2(ph.n_useful)) + 3
        assert ph.n_crossings is not None and ph.longest_run is not None
        if ph.too_few_points:
            assert ph.runs_signal is None
        elif chart == "mr":
            assert ph.runs_signal is False
        else:
            assert ph.n_crossings_min is not None and ph.longest_run_max is not None
            assert ph.runs_signal == (
                ph.longest_run > ph.longest_run_max or ph.n_crossings < ph.n_crossings_min
            )
        if ph.ihi is not None:
            assert ph.ihi.n_runs == ph.n_crossings + 1


any_float = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5))


@SETTINGS
@given(
    data=st.data(),
    values=st.lists(any_float, max_size=30),
    chart=st.sampled_from(["run", "i", "mr", "c"]),
    screen=st.booleans(),
    better=st.sampled_from([None, "up", "down"]),
)
def test_no_exceptions_for_values(
    data: st.DataObject, values: list, chart: str, screen: bool, better: str | None
) -> None:
    r = analyse(
        chart, values, screen=screen, better=better, rules=RULES, **data.draw(options(len(values)))
    )
    assert len(r.points) == len(values)
    for p in r.points:
        for v in (p.y, p.cl, p.ucl, p.lcl, p.sigma):
            assert v is None or math.isfinite(v)


@SETTINGS
@given(
    data=st.data(),
    rows=st.lists(st.tuples(any_float, any_float), max_size=30),
    chart=st.sampled_from(["p", "u", "run", "pp", "up"]),
)
def test_no_exceptions_for_ratios(data: st.DataObject, rows: list, chart: str) -> None:
    num = [a for a, _ in rows]
    den = [b for _, b in rows]
    opts = data.draw(options(len(rows)))
    r = analyse(chart, numerators=num, denominators=den, rules=RULES, **opts)
    assert len(r.points) == len(rows)
    assert [p.phase for p in r.points] == sorted(p.phase for p in r.points)


positive_or_missing = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.just(float("inf")),
    st.floats(min_value=1e-9, max_value=1e12),
    st.integers(1, 50),
)


@SETTINGS
@given(
    data=st.data(),
    values=st.lists(positive_or_missing, max_size=30),
    chart=st.sampled_from(["g", "t"]),
    screen=st.booleans(),
    better=st.sampled_from([None, "up", "down"]),
)
def test_no_exceptions_for_rare_event_charts(
    data: st.DataObject, values: list, chart: str, screen: bool, better: str | None
) -> None:
    opts = data.draw(options(len(values)))
    r = analyse(chart, values, screen=screen, better=better, rules=RULES, target=3.0, **opts)
    assert len(r.points) == len(values)
    for p in r.points:
        for v in (p.y, p.cl, p.ucl, p.lcl):
            assert v is None or math.isfinite(v)
        assert p.lcl is None or p.lcl >= 0
        assert p.sigma is None
    assert r.mdc is not None
