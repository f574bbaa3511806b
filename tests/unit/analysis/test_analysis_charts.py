"""Hand-worked examples for every chart type, freeze, phases, missing and excluded points."""

from __future__ import annotations

import math

import pytest
from pytest import approx

from qitui.analysis import AnalysisError, ChartResult, analyse


def lines(r: ChartResult, i: int) -> tuple[float | None, float | None, float | None]:
    p = r.points[i]
    return p.cl, p.ucl, p.lcl


# --- I chart ------------------------------------------------------------------------------


def test_i_chart_with_screened_moving_ranges() -> None:
    y = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12]
    # cl = 136 / 10 = 13.6
    # MRs: 2 1 2 1 18 18 1 2 1 -> mean 46/9 = 5.111; 3.267 * 5.111 = 16.70
    # screening drops 18, 18 -> 2 1 2 1 1 2 1 -> mean 10/7 = 1.428571
    # sigma = 1.428571 / 1.128 = 1.266464; limits 13.6 +- 3.799392
    r = analyse("i", y)
    sigma = (10 / 7) / 1.128
    assert r.screened
    assert r.points[0].sigma == approx(sigma)
    assert lines(r, 0) == approx((13.6, 13.6 + 3 * sigma, 13.6 - 3 * sigma))
    assert lines(r, 0) == approx((13.6, 17.399392, 9.800608), abs=1e-6)
    assert [p.sigma_signal for p in r.points] == [k == 5 for k in range(10)]
    assert [s.start for s in r.signals if s.rule_set == "sigma"] == [5]


def test_i_chart_without_screening() -> None:
    y = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12]
    r = analyse("i", y, screen=False)
    sigma = (46 / 9) / 1.128  # 4.531206
    assert not r.screened
    assert r.points[0].ucl == approx(13.6 + 3 * sigma)
    assert r.points[0].lcl == approx(13.6 - 3 * sigma)  # negative lower limits are kept


def test_i_chart_negative_lower_limit_is_kept() -> None:
    r = analyse("i", [0, 5, 0, 5, 0, 5])
    # cl 2.5, MRs all 5, sigma 5/1.128 = 4.4326; lcl = 2.5 - 13.2979 < 0
    assert r.points[0].lcl == approx(2.5 - 3 * 5 / 1.128)
    assert r.points[0].lcl < 0


def test_i_chart_missing_value_breaks_moving_ranges() -> None:
    r = analyse("i", [1, None, 3, 4])
    # cl = 8/3; MRs: (1, None) and (None, 3) give none; (3, 4) -> 1; sigma = 1/1.128
    assert r.points[1].y is None
    assert lines(r, 1) == approx((8 / 3, 8 / 3 + 3 / 1.128, 8 / 3 - 3 / 1.128))
    assert not r.points[1].sigma_signal


def test_nan_is_missing() -> None:
    a = analyse("i", [1, math.nan, 3, 4])
    b = analyse("i", [1, None, 3, 4])
    assert a == b


# --- MR chart -----------------------------------------------------------------------------


def test_mr_chart() -> None:
    r = analyse("mr", [3, 5, 4, None, 8, 6])
    # MRs: None, 2, 1, None, None, 2 -> cl = 5/3; ucl = 3.267 * 5/3 = 5.445; lcl = 0
    assert [p.y for p in r.points] == [None, 2, 1, None, None, 2]
    cl = 5 / 3
    assert lines(r, 0) == approx((cl, 5.445, 0.0))
    assert r.points[2].sigma == approx((5.445 - cl) / 3)
    assert r.rule_sets == ("sigma",)


def test_mr_chart_restarts_each_phase() -> None:
    r = analyse("mr", [1, 2, 3, 10, 12, 14], phase_starts=[3])
    assert [p.y for p in r.points] == [None, 1, 1, None, 2, 2]
    assert r.phases[0].cl == approx(1)
    assert r.phases[1].cl == approx(2)


# --- p chart ------------------------------------------------------------------------------


def test_p_chart_varying_denominators_and_clamped_lower_limit() -> None:
    num = [1, 8, 2, 5]
    den = [5, 40, 10, 20]
    # cl = 16 / 75 = 0.213333 (sum of numerators / sum of denominators)
    # n=5:  sigma = sqrt(0.213333 * 0.786667 / 5) = 0.183206 -> ucl 0.762951, lcl < 0 -> 0
    # n=40: sigma = 0.064773 -> ucl 0.407653, lcl 0.019014
    r = analyse("p", numerators=num, denominators=den)
    cl = 16 / 75
    assert [p.y for p in r.points] == approx([0.2, 0.2, 0.2, 0.25])
    s5 = math.sqrt(cl * (1 - cl) / 5)
    assert lines(r, 0) == approx((cl, cl + 3 * s5, 0.0))
    assert lines(r, 0) == approx((0.213333, 0.762951, 0.0), abs=1e-6)
    s40 = math.sqrt(cl * (1 - cl) / 40)
    assert lines(r, 1) == approx((cl, cl + 3 * s40, cl - 3 * s40))
    assert lines(r, 1) == approx((0.213333, 0.407653, 0.019014), abs=1e-6)
    assert r.points[1].sigma == approx(s40)


def test_p_chart_clamped_upper_limit() -> None:
    # cl = 42 / 45 = 0.933333; n=5: sigma = sqrt(0.933333 * 0.066667 / 5) = 0.111555
    # ucl = 1.268 -> 1; lcl = 0.598669
    r = analyse("p", numerators=[9, 10, 19, 4], denominators=[10, 10, 20, 5])
    assert lines(r, 3) == approx((0.933333, 1.0, 0.598669), abs=1e-6)
    assert r.points[3].ucl == 1.0


def test_p_chart_denominator_zero_and_missing_rows() -> None:
    r = analyse("p", numerators=[1, 3, 2, None, 4], denominators=[10, 0, 10, 10, None])
    # rows 1 (den 0), 3 (num missing), 4 (den missing) are missing as a whole
    # cl = (1 + 2) / (10 + 10) = 0.15
    assert [p.y for p in r.points] == [0.1, None, 0.2, None, None]
    for i in (1, 3, 4):
        assert lines(r, i) == (0.15, None, None)
        assert r.points[i].sigma is None
        assert not r.points[i].sigma_signal
    assert r.points[0].ucl == approx(0.15 + 3 * math.sqrt(0.15 * 0.85 / 10))


# --- u and c charts -----------------------------------------------------------------------


def test_u_chart() -> None:
    # cl = 11 / 20 = 0.55
    # n=4:  sigma = sqrt(0.55 / 4) = 0.370810 -> ucl 1.662430, lcl < 0 -> 0
    # n=10: sigma = sqrt(0.055) = 0.234521 -> ucl 1.253563, lcl 0
    r = analyse("u", numerators=[2, 6, 3], denominators=[4, 10, 6])
    assert [p.y for p in r.points] == approx([0.5, 0.6, 0.5])
    assert lines(r, 0) == approx((0.55, 1.662430, 0.0), abs=1e-6)
    assert lines(r, 1) == approx((0.55, 1.253563, 0.0), abs=1e-6)
    assert r.points[0].sigma == approx(math.sqrt(0.55 / 4))


def test_u_chart_positive_lower_limit() -> None:
    # cl = 300 / 100 = 3; n=50: sigma = sqrt(3/50) = 0.244949; lcl = 2.265153
    r = analyse("u", numerators=[150, 150], denominators=[50, 50])
    assert lines(r, 0) == approx((3.0, 3.734847, 2.265153), abs=1e-6)


def test_c_chart() -> None:
    # cl = 20 / 4 = 5; sigma = sqrt(5) = 2.236068; ucl = 11.708204; lcl = 5 - 6.708 -> 0
    r = analyse("c", [4, 9, 2, 5])
    assert lines(r, 0) == approx((5.0, 11.708204, 0.0), abs=1e-6)
    r = analyse("c", [100, 110, 90, 145])
    # cl = 111.25, sigma = 10.547512 -> ucl 142.892535 (145 is beyond), lcl 79.607465
    assert lines(r, 0) == approx((111.25, 142.892535, 79.607465), abs=1e-6)
    assert [p.sigma_signal for p in r.points] == [False, False, False, True]


def test_c_chart_missing_count_keeps_limits() -> None:
    r = analyse("c", [4, None, 6])
    assert r.points[1].y is None
    assert lines(r, 1) == approx((5.0, 5 + 3 * math.sqrt(5), 0.0))


# --- run chart, freeze, phases --------------------------------------------------------------


def test_run_chart_freeze() -> None:
    r = analyse("run", list(range(1, 11)), freeze=4)
    # median of 1, 2, 3, 4 = 2.5, frozen over the phase; runs cover all 10 points
    ph = r.phases[0]
    assert ph.cl == 2.5
    assert ph.baseline_last == 3
    assert [p.baseline for p in r.points] == [k < 4 for k in range(10)]
    assert all(p.cl == 2.5 and p.ucl is None and p.sigma is None for p in r.points)
    # below, below, then 8 above: runs 2, longest 8 > 6, crossings 1 < 2
    assert (ph.n_useful, ph.longest_run, ph.n_crossings) == (10, 8, 1)
    assert ph.runs_signal is True
    assert ph.ihi is not None
    assert ph.ihi.median == 2.5
    assert [(s.direction, s.start, s.end, s.length) for s in ph.ihi.shifts] == [("above", 2, 9, 8)]
    assert [(t.direction, t.start, t.end, t.length) for t in ph.ihi.trends] == [("up", 0, 9, 10)]


def test_freeze_longer_than_phase_is_whole_phase() -> None:
    r = analyse("i", [1, 2, 3], freeze=10)
    assert r.phases[0].baseline_last == 2
    assert r.phases[0].cl == 2


def test_two_phases_i_chart() -> None:
    r = analyse("i", [1, 2, 1, 2, 10, 11, 10, 11], phase_starts=[4])
    # phase 1: cl 1.5, MRs 1 1 1; phase 2: cl 10.5, MRs 1 1 1 (no MR 2 -> 10 across phases)
    s = 1 / 1.128
    assert lines(r, 0) == approx((1.5, 1.5 + 3 * s, 1.5 - 3 * s))
    assert lines(r, 7) == approx((10.5, 10.5 + 3 * s, 10.5 - 3 * s))
    assert [(p.phase, p.first, p.last, p.n_obs) for p in r.phases] == [(1, 0, 3, 4), (2, 4, 7, 4)]
    assert [p.phase for p in r.points] == [1] * 4 + [2] * 4
    assert not any(p.sigma_signal for p in r.points)


def test_freeze_and_phases_together() -> None:
    r = analyse("run", [1, 2, 3, 4, 5, 10, 20, 30, 40, 50], phase_starts=[5], freeze=2)
    # each phase: its own first 2 rows are the baseline
    assert [p.cl for p in r.phases] == [1.5, 15]
    assert [p.baseline_last for p in r.phases] == [1, 6]
    assert [p.baseline for p in r.points] == [True, True, False, False, False] * 2
    assert [p.cl for p in r.points] == [1.5] * 5 + [15] * 5


def test_point_on_centre_line_is_skipped() -> None:
    # baseline [5] -> median 5; then above, above, above, ON, above, above, above
    r = analyse("run", [5, 6, 6, 6, 5, 6, 6, 6], freeze=1)
    ph = r.phases[0]
    assert ph.n_obs == 8
    assert ph.n_useful == 6
    assert ph.longest_run == 6
    assert ph.ihi is not None and ph.ihi.n_runs == 1
    assert [(s.direction, s.start, s.end, s.length) for s in ph.ihi.shifts] == [("above", 1, 7, 6)]


def test_trend_with_equal_values() -> None:
    r = analyse("run", [1, 2, 3, 3, 4, 5])
    ph = r.phases[0]
    assert ph.ihi is not None
    assert [(t.direction, t.start, t.end, t.length) for t in ph.ihi.trends] == [("up", 0, 5, 5)]
    assert [(s.rule, s.start, s.end) for s in r.signals if s.rule_set == "ihi-run"] == [
        ("trend", 0, 5)
    ]


def test_too_few_points() -> None:
    r = analyse("run", [1, 3, 2, 5, 4, 7, 6])
    ph = r.phases[0]
    # median 4: below below below ON above above above -> 6 useful, 2 runs
    assert ph.n_useful == 6
    assert ph.too_few_points is True
    assert ph.runs_signal is None
    assert (ph.longest_run, ph.n_crossings) == (3, 1)
    assert ph.longest_run_max == round(math.log2(6)) + 3
    assert ph.ihi is not None
    assert ph.ihi.too_few_runs is None and ph.ihi.runs_lower_limit is None
    assert not [s for s in r.signals if s.rule_set == "anhoj"]


def test_seven_useful_points_is_too_few() -> None:
    r = analyse("i", [1, 9, 2, 8, 3, 7, 4])
    assert r.phases[0].n_useful == 7
    assert r.phases[0].too_few_points and r.phases[0].runs_signal is None


@pytest.mark.parametrize("chart", ["run", "i", "mr", "c"])
def test_empty(chart: str) -> None:
    r = analyse(chart, [])
    assert (r.points, r.phases, r.signals) == ([], [], [])


@pytest.mark.parametrize("chart", ["p", "u"])
def test_empty_ratio(chart: str) -> None:
    r = analyse(chart, numerators=[], denominators=[])
    assert (r.points, r.phases, r.signals) == ([], [], [])


@pytest.mark.parametrize("chart", ["run", "i", "mr", "c"])
def test_all_missing(chart: str) -> None:
    r = analyse(chart, [None, None, math.nan])
    assert all(p.y is None and p.cl is None and p.ucl is None for p in r.points)
    ph = r.phases[0]
    assert ph.n_useful == 0 and ph.runs_signal is None and ph.longest_run is None
    assert ph.n_crossings is None and ph.n_crossings_min is None and ph.longest_run_max is None


def test_constant_series() -> None:
    r = analyse("i", [5.0] * 12)
    assert all(lines(r, i) == (5.0, 5.0, 5.0) for i in range(12))
    assert r.points[0].sigma == 0
    assert not any(p.sigma_signal for p in r.points)
    ph = r.phases[0]
    assert ph.n_useful == 0 and ph.runs_signal is None
    assert analyse("c", [3] * 5).points[0].ucl == approx(3 + 3 * math.sqrt(3))
    p = analyse("p", numerators=[0, 0, 0], denominators=[10, 20, 30])
    assert lines(p, 0) == (0.0, 0.0, 0.0)
    assert analyse("mr", [2] * 5).points[1].ucl == 0.0


def test_phase_with_one_point() -> None:
    r = analyse("i", [1, 2, 3, 4], phase_starts=[3])
    assert r.phases[1].n_obs == 1
    assert lines(r, 3) == (4.0, None, None)  # no moving range: no sigma
    r = analyse("run", [1, 2, 3, 4], phase_starts=[3])
    assert r.phases[1].cl == 4 and r.phases[1].n_useful == 0


def test_excluded_points() -> None:
    y = [1, 2, 1, 2, 50, 1, 2]
    ex = [False] * 7
    ex[4] = True
    r = analyse("i", y, excluded=ex)
    # cl = mean(1 2 1 2 1 2) = 1.5; MRs (1,2) (2,1) (1,2) (1,2): no range next to point 4
    s = 1 / 1.128
    assert lines(r, 0) == approx((1.5, 1.5 + 3 * s, 1.5 - 3 * s))
    p = r.points[4]
    assert p.y == 50 and p.excluded and not p.sigma_signal
    assert r.phases[0].n_useful == 6
    assert not [sig for sig in r.signals if sig.start <= 4 <= sig.end]


def test_excluded_moving_ranges() -> None:
    r = analyse("mr", [1, 2, 9, 2, 1], excluded=[False, False, True, False, False])
    # MRs 1, 7, 7, 1: the two next to the excluded point are drawn but excluded
    assert [p.y for p in r.points] == [None, 1, 7, 7, 1]
    assert [p.excluded for p in r.points] == [False, False, True, True, False]
    assert r.phases[0].cl == 1


def test_run_chart_from_numerators_and_denominators() -> None:
    r = analyse("run", numerators=[1, 2, 3], denominators=[2, 4, 0])
    assert [p.y for p in r.points] == [0.5, 0.5, None]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("x", [1, 2]), {}),
        (("p", [1, 2]), {}),
        (("p",), {"numerators": [1, 2]}),
        (("u",), {"numerators": [1, 2], "denominators": [1]}),
        (("i", [1, 2]), {"excluded": [True]}),
        (("i", [1, 2]), {"phase_starts": [5]}),
        (("i", [1, 2]), {"freeze": 0}),
        (("i", [1, 2]), {"freeze": math.inf}),
        (("i", [1, 2]), {"freeze": 2.5}),
        (("i", [1, 2]), {"better": "sideways"}),
        (("i", [1, 2]), {"rules": ["nelson"]}),
        (("i", ["a", 2]), {}),
        (("i",), {}),
        (("c",), {"numerators": [1], "denominators": [1]}),
    ],
)
def test_bad_arguments(args: tuple, kwargs: dict) -> None:
    with pytest.raises(AnalysisError):
        analyse(*args, **kwargs)


def test_analysis_error_is_value_error() -> None:
    assert issubclass(AnalysisError, ValueError)


def test_to_dict_contract() -> None:
    d = analyse("run", [1, 2, 3, 4]).to_dict(["2026-01-05", "b", "c", "d"])
    assert d["chart"] == "run"
    assert d["points"][0]["date"] == "2026-01-05"
    assert set(d["phases"][0]) >= {"phase", "first", "last", "n_obs", "n_useful", "ihi"}
