"""Making Data Count: the rules as NHSRplotthedots computes them, variation and assurance.

``nhs_point_types`` below is an independent transcription of NHSRplotthedots'
ptd_special_cause_type / ptd_point_type (sliding windows, as the R code does them), used as
the oracle for the engine's variation on every prefix of random series.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qitui.analysis import ChartResult, analyse

# I chart, frozen baseline of 6: cl = 1, sigma = 2/1.128 = 1.773050, 2-sigma line 4.546099,
# ucl 6.319149, lcl -4.319149.
BASE = [2.0, 0.0, 2.0, 0.0, 2.0, 0.0]


def mdc_sig(r: ChartResult) -> list[tuple]:
    return [(s.rule, s.start, s.end, s.direction) for s in r.signals if s.rule_set == "mdc"]


def mdc(values, better=None, target=None, **kw) -> ChartResult:
    return analyse("i", values, freeze=6, rules=("mdc",), better=better, target=target, **kw)


def test_close_means_beyond_two_sigma_but_not_outside() -> None:
    # 7.0 is outside (not close), 5.0 close, 2.0 above the mean: only one close point
    r = mdc(BASE + [7.0, 5.0, 2.0])
    assert mdc_sig(r) == [("beyond-limits", 6, 6, "above")]
    # IHI's 2 of 3 counts the point beyond the limit
    r = analyse("i", BASE + [7.0, 5.0, 2.0], freeze=6, rules=("ihi-control",))
    assert ("two-of-three", 6, 7) in [(s.rule, s.start, s.end) for s in r.signals]


def test_two_of_three_needs_all_three_on_one_side() -> None:
    assert mdc_sig(mdc(BASE + [5.0, 2.0, 5.0])) == [("two-of-three", 6, 8, "above")]
    assert mdc_sig(mdc(BASE + [5.0, 0.5, 5.0])) == []
    assert mdc_sig(mdc(BASE + [5.0, 1.0, 5.0])) == []  # a point on the mean is no side
    assert mdc_sig(mdc(BASE + [-3.0, -3.0, 0.5])) == [("two-of-three", 6, 7, "below")]


def test_only_close_points_are_flagged_and_labelled() -> None:
    r = mdc(BASE + [5.0, 2.0, 5.0, 2.0], better="down")
    assert mdc_sig(r) == [("two-of-three", 6, 8, "above")]
    # the last point (2.0) is above the mean but not close: common cause
    assert r.mdc is not None and r.mdc.variation == "common_cause"
    r = mdc(BASE + [5.0, 2.0, 5.0], better="down")
    assert r.mdc is not None and r.mdc.variation == "special_cause_concern"


def test_trend_of_seven_broken_by_an_equal_value() -> None:
    rising = [-1.0, -0.5, 0.0, 0.5, 0.6, 0.7, 0.8]
    assert mdc_sig(mdc(BASE + rising)) == [
        ("shift", 5, 12, "below"),  # the baseline's last point (0.0) is below the mean too
        ("trend", 6, 12, "up"),
    ]
    flat = [-1.0, -0.5, 0.0, 0.0, 0.5, 0.6, 0.7, 0.8]
    assert [s[0] for s in mdc_sig(mdc(BASE + flat))] == ["shift"]
    # the IHI trend skips the equal value
    r = analyse("i", BASE + flat, freeze=6, rules=("ihi-control",))
    assert ("trend", 6, 13) in [(s.rule, s.start, s.end) for s in r.signals]


def test_turning_point_shared_by_two_trends() -> None:
    up = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    down = [0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
    trends = [s for s in mdc_sig(mdc(BASE + up + down)) if s[0] == "trend"]
    assert trends == [("trend", 6, 12, "up"), ("trend", 12, 18, "down")]


def test_run_of_seven_broken_by_a_point_on_the_mean() -> None:
    assert mdc_sig(mdc(BASE + [2.0] * 7)) == [("shift", 6, 12, "above")]
    assert mdc_sig(mdc(BASE + [2.0] * 3 + [1.0] + [2.0] * 4)) == []
    # (the IHI and Anhøj runs skip points on the line instead)
    r = analyse("i", BASE + [2.0] * 3 + [1.0] + [2.0] * 5, freeze=6, rules=("ihi-control",))
    assert ("shift", 6, 14) in [(s.rule, s.start, s.end) for s in r.signals]


def test_missing_and_excluded_points_are_skipped() -> None:
    vals = BASE + [2.0, 2.0, None, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert mdc_sig(mdc(vals)) == [("shift", 6, 13, "above")]
    excl = [False] * 8 + [True] + [False] * 5
    vals = BASE + [2.0, 2.0, -3.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert mdc_sig(mdc(vals, excluded=excl)) == [("shift", 6, 13, "above")]


@pytest.mark.parametrize(
    ("tail", "better", "variation"),
    [
        ([2.0], "up", "common_cause"),
        ([7.0], "up", "special_cause_improvement"),
        ([7.0], "down", "special_cause_concern"),
        ([7.0], None, "special_cause_neutral_high"),
        ([-5.0], None, "special_cause_neutral_low"),
        ([2.0] * 7, "down", "special_cause_concern"),
        ([0.0] * 7, "down", "special_cause_improvement"),
    ],
)
def test_variation(tail: list[float], better: str | None, variation: str) -> None:
    r = mdc(BASE + tail, better=better)
    assert r.mdc is not None and r.mdc.variation == variation


def test_labels_by_priority_trend_before_run() -> None:
    # the last point is in a rising trend and in a run of 7 below the mean: trend wins
    r = mdc(BASE + [-1.0, -0.5, 0.0, 0.5, 0.6, 0.7, 0.8], better="up")
    assert r.mdc is not None
    assert (r.mdc.rule, r.mdc.direction) == ("trend", "high")
    assert r.mdc.variation == "special_cause_improvement"


def test_labels_by_priority_outside_before_trend() -> None:
    r = mdc(BASE + [-1.0, -0.5, 0.0, 0.5, 0.6, 0.7, 6.5], better="down")
    assert r.mdc is not None and r.mdc.rule == "beyond-limits"
    assert r.mdc.variation == "special_cause_concern"


@pytest.mark.parametrize(
    ("target", "better", "assurance"),
    [
        (7.0, "up", "consistent_fail"),
        (7.0, "down", "consistent_pass"),
        (-5.0, "up", "consistent_pass"),
        (-5.0, "down", "consistent_fail"),
        (3.0, "up", "inconsistent"),
        (1 + 6 / 1.128, "up", "inconsistent"),  # exactly on the limit: not beyond it
        (None, "up", None),
        (3.0, None, None),
    ],
)
def test_assurance(target: float | None, better: str | None, assurance: str | None) -> None:
    r = mdc(BASE + [1.5, 0.5], better=better, target=target)
    assert r.mdc is not None and r.mdc.assurance == assurance


def test_assurance_uses_the_last_phase() -> None:
    vals = BASE + [20.0, 22.0, 20.0, 22.0]
    r = analyse("i", vals, phase_starts=[6], rules=("mdc",), better="up", target=10.0)
    # phase 2: mean 21, limits 21 ± 3 * 2/1.128: the target 10 is below them
    assert r.mdc is not None and r.mdc.assurance == "consistent_pass"


def test_mdc_in_json_only_with_the_rule_set() -> None:
    assert "mdc" not in analyse("i", BASE).to_dict()
    d = mdc(BASE + [7.0], better="up", target=3.0).to_dict()
    assert d["mdc"] == {"variation": "special_cause_improvement", "assurance": "inconsistent"}


def test_no_data_has_no_variation() -> None:
    r = analyse("i", [None, None], rules=("mdc",))
    assert r.mdc is not None and r.mdc.variation is None


# --------------------------------------------------------------------- the NHS oracle


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


def nhs_point_types(y, mean, upl, lpl, nupl, nlpl, direction):
    """Transcription of NHSRplotthedots (ptd_spc_standard + ptd_calculate_point_type)."""
    n = len(y)
    rtm = [_sign(v - mean) for v in y]
    outside = [v > upl or v < lpl for v in y]
    close = [int(not o and (v < nlpl or v > nupl)) for v, o in zip(y, outside, strict=True)]

    def part_of_seven(v):
        vp = v + [0] * 6
        return [any(abs(vp[i + k]) == 1 for k in range(7)) for i in range(n)]

    vp = [0] * 6 + rtm
    one_side = [
        int(all(vp[i] == vp[i - k] for k in range(1, 7)) and vp[i] != 0) for i in range(6, n + 6)
    ]
    trend = [0] * n
    for i in range(6, n):
        d = [_sign(y[i - k] - y[i - k - 1]) for k in range(6)]
        trend[i] = 1 if all(x == 1 for x in d) else -1 if all(x == -1 for x in d) else 0
    cp = [0, 0, *close, 0, 0]
    rp = [0, 0, *rtm, 0, 0]
    two = [
        any(sum(cp[j : j + 3]) >= 2 and abs(sum(rp[j : j + 3])) == 3 for j in range(i, i + 3))
        for i in range(n)
    ]
    part_two = [t and c == 1 for t, c in zip(two, close, strict=True)]
    part_trend = part_of_seven(trend)
    part_side = part_of_seven(one_side)
    sdy = [_sign(b - a) for a, b in zip(y, y[1:])]  # noqa: B905
    types = []
    for i in range(n):
        nxt = part_trend[i + 1] if i + 1 < n else False
        if nxt and part_trend[i]:
            s = sdy[i] if i < n - 1 else sdy[-1]
        else:
            s = 0 if i == 0 else sdy[i - 1]
        if outside[i]:
            v = 1 if rtm[i] == 1 else -1
        elif part_trend[i]:
            v = 1 if s == 1 else -1
        elif part_two[i] or part_side[i]:
            v = 1 if rtm[i] > 0 else -1
        else:
            v = 0
        if v == 0:
            types.append("common_cause")
        elif direction == 0:
            types.append("special_cause_neutral_high" if v > 0 else "special_cause_neutral_low")
        else:
            good = v * direction > 0
            types.append("special_cause_improvement" if good else "special_cause_concern")
    return types


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(st.integers(0, 8).map(float), min_size=9, max_size=30),
    better=st.sampled_from([None, "up", "down"]),
)
def test_variation_matches_nhsrplotthedots_on_every_prefix(
    values: list[float], better: str | None
) -> None:
    direction = {"up": 1, "down": -1, None: 0}[better]
    full = analyse("i", values, freeze=8, rules=("mdc",), better=better)
    p = full.points[0]
    if p.sigma is None or p.ucl is None or p.lcl is None or p.cl is None:
        return
    oracle = nhs_point_types(
        values, p.cl, p.ucl, p.lcl, p.cl + 2 * p.sigma, p.cl - 2 * p.sigma, direction
    )
    for k in range(8, len(values) + 1):
        r = analyse("i", values[:k], freeze=8, rules=("mdc",), better=better)
        assert r.mdc is not None
        expected = nhs_point_types(
            values[:k], p.cl, p.ucl, p.lcl, p.cl + 2 * p.sigma, p.cl - 2 * p.sigma, direction
        )[-1]
        assert r.mdc.variation == expected, (k, values[:k])
    assert full.mdc is not None and full.mdc.variation == oracle[-1]
