"""Oracle properties for every chart, the new ones included: phases never share anything
(a phase analysed inside the series equals the phase analysed alone), and a missing row is a
gap (it is treated exactly like an excluded point by every calculation)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from qitui.analysis import ChartResult, analyse
from qitui.analysis.engine import CHARTS

SETTINGS = settings(max_examples=40, deadline=None)
RULES = ("ihi-control", "mdc")
RATIO = ("p", "u", "pp", "up")


@st.composite
def series(draw: st.DrawFn, chart: str) -> dict:
    """Arguments of one analysis of ``chart``: data that chart accepts, with gaps."""
    n = draw(st.integers(0, 30))
    if chart in RATIO:
        rows = []
        for _ in range(n):
            den = draw(st.one_of(st.none(), st.integers(0, 3000).map(float)))
            top = int(den) if den and chart in ("p", "pp") else 400
            num = draw(st.one_of(st.none(), st.integers(0, top).map(float)))
            rows.append((num, den))
        data = {"numerators": [a for a, _ in rows], "denominators": [b for _, b in rows]}
    else:
        low = {"g": 0, "t": 1}.get(chart, -20)
        values = st.integers(low, 40).map(float)
        data = {"values": draw(st.lists(st.one_of(st.none(), values), min_size=n, max_size=n))}
    return data


def _data_len(data: dict) -> int:
    return len(data.get("values") or data.get("numerators") or [])


def _slice(data: dict, a: int, b: int) -> dict:
    return {k: v[a:b] for k, v in data.items()}


def _shift_signals(r: ChartResult, offset: int) -> list[tuple]:
    return [
        (s.rule_set, s.rule, s.start + offset, s.end + offset, s.direction, s.assessment)
        for s in r.signals
    ]


def _phase_key(ph, offset: int) -> tuple:
    d = ph.to_dict()
    for k in ("first", "last", "baseline_last"):
        d[k] += offset
    d.pop("phase")
    if d["ihi"] is not None:
        for key in ("shifts", "trends"):
            for s in d["ihi"][key]:
                s["start"] += offset
                s["end"] += offset
    return tuple(sorted((k, repr(v)) for k, v in d.items()))


@SETTINGS
@given(data=st.data(), chart=st.sampled_from(CHARTS), better=st.sampled_from([None, "up"]))
def test_phases_never_share_anything(data: st.DataObject, chart: str, better: str | None) -> None:
    args = data.draw(series(chart))
    n = _data_len(args)
    starts = data.draw(st.lists(st.integers(1, max(n - 1, 1)), max_size=3)) if n > 1 else []
    freeze = data.draw(st.one_of(st.none(), st.integers(1, 10)))
    excluded = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    opts = {"freeze": freeze, "rules": RULES, "better": better, "target": 5.0}
    whole = analyse(chart, **args, phase_starts=starts, excluded=excluded, **opts)
    signals: list[tuple] = []
    for ph in whole.phases:
        a, b = ph.first, ph.last + 1
        part = analyse(chart, **_slice(args, a, b), excluded=excluded[a:b], **opts)
        assert [replace(p, phase=ph.phase) for p in part.points] == whole.points[a:b]
        assert [_phase_key(q, a) for q in part.phases] == [_phase_key(ph, 0)]
        signals += _shift_signals(part, a)
        if ph is whole.phases[-1] and ph.n_useful and whole.mdc is not None:
            assert part.mdc == whole.mdc
    assert sorted(signals) == sorted(_shift_signals(whole, 0))


def _lines(r: ChartResult, skip: int | None = None) -> list[tuple]:
    return [
        (p.cl, p.ucl, p.lcl, p.sigma, p.sigma_signal, p.phase, p.baseline)
        for i, p in enumerate(r.points)
        if i != skip
    ]


def _runs(r: ChartResult) -> list[tuple]:
    return [(p.n_useful, p.longest_run, p.n_crossings, p.runs_signal, p.cl) for p in r.phases]


@SETTINGS
@given(data=st.data(), chart=st.sampled_from(CHARTS))
def test_a_missing_row_is_a_gap(data: st.DataObject, chart: str) -> None:
    args = data.draw(series(chart))
    n = _data_len(args)
    if n == 0:
        return
    k = data.draw(st.integers(0, n - 1))
    starts = data.draw(st.lists(st.integers(1, max(n - 1, 1)), max_size=2)) if n > 1 else []
    freeze = data.draw(st.one_of(st.none(), st.integers(1, 10)))
    opts = {"phase_starts": starts, "freeze": freeze, "rules": RULES, "better": "down"}
    missing = {key: [None if i == k else v for i, v in enumerate(vs)] for key, vs in args.items()}
    excl = [i == k for i in range(n)]
    gap = analyse(chart, **missing, **opts)
    out = analyse(chart, **args, excluded=excl, **opts)
    assert gap.points[k].y is None and not gap.points[k].sigma_signal
    # ratio rows without a value have no limits; every other line is the same
    skip = k if chart in RATIO else None
    assert _lines(gap, skip) == _lines(out, skip)
    assert _runs(gap) == _runs(out)
    assert [s.to_dict() for s in gap.signals] == [s.to_dict() for s in out.signals]
    assert gap.mdc == out.mdc


def _present_pairs(y: list[float | None]) -> list[tuple[float, float]]:
    return [(a, b) for a, b in zip(y, y[1:]) if a is not None and b is not None]  # noqa: B905


@SETTINGS
@given(data=st.data(), chart=st.sampled_from(["i", "t", "pp", "up"]))
def test_moving_ranges_never_bridge_a_gap(data: st.DataObject, chart: str) -> None:
    """Sigma (without screening) from the moving ranges of consecutive present rows only."""
    args = data.draw(series(chart))
    r = analyse(chart, **args, screen=False)
    if not r.points or r.points[0].cl is None:
        return
    cl = r.points[0].cl
    if chart == "i":
        z = args["values"]
    elif chart == "t":
        z = [None if v is None else v ** (1 / 3.6) for v in args["values"]]
    else:
        z = []
        for a, d in zip(args["numerators"], args["denominators"], strict=True):
            var = cl * (1 - cl) if chart == "pp" else cl
            if a is None or not d or var <= 0:
                z.append(None)
            else:
                z.append((a / d - cl) / (var / d) ** 0.5)
    pairs = _present_pairs(z)
    if not pairs or (chart in ("pp", "up") and not 0 < cl < (1 if chart == "pp" else 1e9)):
        return
    expected = sum(abs(b - a) for a, b in pairs) / len(pairs) / 1.128
    if chart == "i":
        got = r.points[0].sigma
    elif chart == "t":
        m = sum(v for v in z if v is not None) / sum(v is not None for v in z)
        got = None if r.points[0].ucl is None else (r.points[0].ucl ** (1 / 3.6) - m) / 3
    else:
        k = next(i for i, v in enumerate(z) if v is not None)
        var = cl * (1 - cl) if chart == "pp" else cl
        sigma_i = (var / args["denominators"][k]) ** 0.5
        got = r.points[k].sigma / sigma_i  # type: ignore[operator]
    assert got is not None
    assert abs(got - expected) <= 1e-6 * (1 + abs(expected))
