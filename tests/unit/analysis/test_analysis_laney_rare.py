"""P′, U′, G and T charts against their formulas (QI-REFERENCE.md), computed independently
here in plain Python, step by step as qicharts2's qic.pp / qic.up / qic.g / qic.t do."""

from __future__ import annotations

import math
import statistics

import pytest

from qitui.analysis import AnalysisError, analyse

# Whole-service data: denominators in the thousands, proportions that vary more than the
# binomial model allows (a p chart signals on nearly every point).
NUM = [390, 529, 350, 576, 444, 486, 412, 495, 442, 524, 411, 494]
DEN = [4100, 4230, 3980, 4400, 4350, 4120, 4480, 3900, 4210, 4330, 4150, 4300]


def laney(num, den, proportion=True, screen=False):
    """Independent P′/U′: returns (cl, sigma_z, [ucl], [lcl])."""
    cl = sum(num) / sum(den)
    var = cl * (1 - cl) if proportion else cl
    s = [math.sqrt(var / n) for n in den]
    z = [(a / n - cl) / si for a, n, si in zip(num, den, s, strict=True)]
    mr = [abs(b - a) for a, b in zip(z, z[1:])]  # noqa: B905
    amr = statistics.fmean(mr)
    if screen:
        amr = statistics.fmean([r for r in mr if r < 3.267 * amr])
    sz = amr / 1.128
    ucl = [cl + 3 * si * sz for si in s]
    lcl = [max(0.0, cl - 3 * si * sz) for si in s]
    if proportion:
        ucl = [min(1.0, u) for u in ucl]
    return cl, sz, ucl, lcl


@pytest.mark.parametrize("screen", [False, True])
def test_p_prime_chart(screen: bool) -> None:
    r = analyse("pp", numerators=NUM, denominators=DEN, screen=screen)
    cl, sz, ucl, lcl = laney(NUM, DEN, screen=screen)
    assert r.chart == "pp" and r.screened is screen
    for p, hi, lo, n in zip(r.points, ucl, lcl, DEN, strict=True):
        assert p.cl == pytest.approx(cl, rel=1e-12)
        assert p.ucl == pytest.approx(hi, rel=1e-12)
        assert p.lcl == pytest.approx(lo, rel=1e-12)
        assert p.sigma == pytest.approx(math.sqrt(cl * (1 - cl) / n) * sz, rel=1e-12)
    assert sz > 2  # the spread is more than twice the binomial one...
    plain = analyse("p", numerators=NUM, denominators=DEN)
    assert sum(p.sigma_signal for p in plain.points) >= 6  # ...so the p chart cries wolf
    assert not any(p.sigma_signal for p in r.points)  # and P′ does not


def test_p_prime_hand_computed() -> None:
    # Four points, worked by hand: cl = 60/400 = 0.15, sigma_i = sqrt(.15*.85/100) = 0.0357071
    # z = (-0.05, 0.05, -0.05, 0.05)/0.0357071 = -1.40028, 1.40028, ...; MRs 2.80056 each;
    # sigma_z = 2.80056/1.128 = 2.48277; limits 0.15 ± 3 * 0.0357071 * 2.48277 (with equal
    # denominators P′ is the I chart of the proportions: 0.15 ± 3 * 0.1 / 1.128).
    r = analyse("pp", numerators=[10, 20, 10, 20], denominators=[100] * 4, screen=False)
    sigma_i = math.sqrt(0.15 * 0.85 / 100)
    sz = (0.1 / sigma_i) / 1.128
    assert sz == pytest.approx(2.48277, abs=1e-5)
    assert r.points[0].ucl == pytest.approx(0.15 + 3 * sigma_i * sz)
    assert r.points[0].ucl == pytest.approx(0.415957, abs=1e-6)
    assert r.points[0].ucl == pytest.approx(0.15 + 0.3 / 1.128)
    assert r.points[0].lcl == 0.0  # 0.15 - 0.26596 < 0: clamped


def test_u_prime_chart() -> None:
    r = analyse("up", numerators=NUM, denominators=DEN, screen=False)
    cl, _sz, ucl, lcl = laney(NUM, DEN, proportion=False)
    for p, hi, lo in zip(r.points, ucl, lcl, strict=True):
        assert p.cl == pytest.approx(cl, rel=1e-12)
        assert p.ucl == pytest.approx(hi, rel=1e-12)
        assert p.lcl == pytest.approx(lo, rel=1e-12)


def test_laney_screening_drops_a_large_moving_range() -> None:
    num = [100, 102, 98, 101, 99, 100, 160, 100, 101, 99]
    den = [1000] * 10
    screened = analyse("pp", numerators=num, denominators=den)
    plain = analyse("pp", numerators=num, denominators=den, screen=False)
    assert screened.points[0].ucl == pytest.approx(laney(num, den, screen=True)[2][0])
    assert screened.points[0].ucl < plain.points[0].ucl
    assert screened.points[6].sigma_signal


def test_laney_missing_row_breaks_moving_ranges_and_has_no_limits() -> None:
    num = [10, 20, None, 20, 10]
    den = [100, 100, 100, 100, 100]
    r = analyse("pp", numerators=num, denominators=den, screen=False)
    # MRs only between rows 0-1 and 3-4 (bridging would add a third MR of 0 between 1 and 3)
    cl = 60 / 400
    s = math.sqrt(cl * 0.85 / 100)
    sz = (0.1 / s) / 1.128
    assert r.points[0].ucl == pytest.approx(cl + 3 * s * sz)
    assert r.points[2].y is None and r.points[2].ucl is None and r.points[2].sigma is None


def test_laney_degenerate_centre() -> None:
    r = analyse("pp", numerators=[0, 0, 0], denominators=[50, 60, 70])
    assert [(p.cl, p.ucl, p.lcl) for p in r.points] == [(0.0, 0.0, 0.0)] * 3
    one = analyse("pp", numerators=[5], denominators=[50])
    assert one.points[0].cl == 0.1 and one.points[0].ucl is None  # no moving range


def test_laney_freeze_and_phases() -> None:
    num = NUM + [600, 640, 610, 630]
    den = DEN + [4200, 4300, 4250, 4280]
    r = analyse("pp", numerators=num, denominators=den, freeze=8, phase_starts=[12], screen=False)
    cl, _sz, ucl, _lcl = laney(NUM[:8], DEN[:8])
    # frozen: the baseline's cl and sigma_z drawn over the whole first phase
    assert r.points[11].cl == pytest.approx(cl)
    sigma_i = math.sqrt(cl * (1 - cl) / DEN[11])
    assert r.points[11].ucl == pytest.approx(cl + 3 * sigma_i * _sz)
    cl2, _, ucl2, _ = laney(num[12:], den[12:])
    assert r.points[12].cl == pytest.approx(cl2)
    assert r.points[12].ucl == pytest.approx(ucl2[0])
    assert r.phases[0].baseline_last == 7


G_DATA = [12.0, 3.0, 25.0, 0.0, 8.0, 40.0, 5.0, 17.0, 2.0, 30.0, 9.0, 14.0]


def test_g_chart() -> None:
    r = analyse("g", G_DATA)
    gbar = statistics.fmean(G_DATA)
    med = statistics.median(G_DATA)
    s = math.sqrt(gbar * (gbar + 1))
    for p in r.points:
        assert p.cl == pytest.approx(med)  # drawn at the median
        assert p.ucl == pytest.approx(gbar + 3 * s)  # limits from the mean
        assert p.lcl == 0.0
        assert p.sigma is None
    # runs analysis on the drawn median: 12 points, 6 above and 6 below
    ph = r.phases[0]
    assert ph.cl == med
    signs = [1 if v > med else -1 for v in G_DATA if v != med]
    crossings = sum(1 for a, b in zip(signs, signs[1:]) if a != b)  # noqa: B905
    assert (ph.n_useful, ph.n_crossings) == (len(signs), crossings)


def test_g_chart_hand_computed() -> None:
    # mean 10: sigma = sqrt(10 * 11) = 10.4881; ucl = 10 + 31.4643 = 41.4643; median 6
    r = analyse("g", [2, 6, 22, 6, 14, 10, 6, 14])
    assert r.points[0].cl == 8.0  # median of 2, 6, 6, 6, 10, 14, 14, 22
    r = analyse("g", [2, 6, 22, 6, 14, 10, 10])
    assert r.points[0].cl == 10.0
    assert r.points[0].ucl == pytest.approx(10 + 3 * math.sqrt(110))
    assert r.points[0].ucl == pytest.approx(41.4643, abs=1e-4)


def test_g_chart_frozen_baseline_uses_its_median_and_mean() -> None:
    r = analyse("g", G_DATA + [80.0, 95.0, 120.0], freeze=12)
    assert r.points[-1].cl == statistics.median(G_DATA)
    gbar = statistics.fmean(G_DATA)
    assert r.points[-1].ucl == pytest.approx(gbar + 3 * math.sqrt(gbar * (gbar + 1)))
    assert r.points[-1].sigma_signal


T_DATA = [3.0, 12.0, 7.5, 20.0, 1.5, 9.0, 15.0, 4.0, 30.0, 6.0, 11.0]


def t_oracle(ys, screen=True):
    ty = [v ** (1 / 3.6) for v in ys]
    m = statistics.fmean(ty)
    mr = [abs(b - a) for a, b in zip(ty, ty[1:])]  # noqa: B905
    amr = statistics.fmean(mr)
    if screen:
        amr = statistics.fmean([r for r in mr if r < 3.267 * amr])
    s = amr / 1.128
    lo = m - 3 * s
    return m**3.6, (m + 3 * s) ** 3.6, (0.0 if lo < 0 else lo**3.6)


def test_t_chart() -> None:
    r = analyse("t", T_DATA)
    cl, ucl, lcl = t_oracle(T_DATA)
    assert r.screened
    for p, v in zip(r.points, T_DATA, strict=True):
        assert p.y == v  # the value as given, not a round trip through the transform
        assert p.cl == pytest.approx(cl, rel=1e-12)
        assert p.ucl == pytest.approx(ucl, rel=1e-12)
        assert p.lcl == pytest.approx(lcl, rel=1e-12)
        assert p.sigma is None
    assert r.phases[0].cl == pytest.approx(cl)  # runs analysis on the back-transformed mean


def test_t_chart_negative_transformed_lower_limit_is_zero() -> None:
    r = analyse("t", [1.0, 50.0, 2.0, 80.0, 1.0, 60.0], screen=False)
    cl, ucl, lcl = t_oracle([1.0, 50.0, 2.0, 80.0, 1.0, 60.0], screen=False)
    assert lcl == 0.0 and r.points[0].lcl == 0.0
    assert r.points[0].ucl == pytest.approx(ucl)


def test_t_chart_positive_lower_limit() -> None:
    data = [10.0, 11.0, 10.5, 9.5, 10.2, 10.8]
    r = analyse("t", data)
    cl, ucl, lcl = t_oracle(data)
    assert lcl > 0 and r.points[0].lcl == pytest.approx(lcl)


@pytest.mark.parametrize(
    ("chart", "values", "message"),
    [
        ("g", [3, -1, 4], "G chart: value -1 at index 1 is negative"),
        ("t", [3, 4, 0], "T chart: value 0 at index 2 is not above 0"),
        ("t", [-2.5], "T chart: value -2.5 at index 0"),
    ],
)
def test_g_and_t_refuse_impossible_values(chart: str, values: list, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        analyse(chart, values)


def test_g_and_t_missing_values_are_gaps() -> None:
    r = analyse("t", [3.0, None, 12.0, float("nan"), 7.5])
    assert [p.y for p in r.points] == [3.0, None, 12.0, None, 7.5]
    g = analyse("g", [3.0, None, 12.0])
    assert g.points[1].y is None and g.points[1].ucl == g.points[0].ucl


def test_g_and_t_zones_drive_the_control_rules() -> None:
    # A G chart with mean 10 (sigma 10.488): 2-sigma line at 30.98 above the mean
    base = [2.0, 6.0, 22.0, 6.0, 14.0, 10.0, 10.0]
    r = analyse("g", base + [35.0, 33.0], freeze=7, rules=("ihi-control",))
    assert [(s.rule, s.start, s.end) for s in r.signals if s.rule_set == "ihi-control"] == [
        ("two-of-three", 7, 8)
    ]


@pytest.mark.parametrize("chart", ["pp", "up"])
def test_laney_takes_ratios_only(chart: str) -> None:
    with pytest.raises(AnalysisError):
        analyse(chart, [1.0, 2.0])


@pytest.mark.parametrize("chart", ["g", "t"])
def test_g_and_t_take_values_only(chart: str) -> None:
    with pytest.raises(AnalysisError):
        analyse(chart, numerators=[1.0], denominators=[2.0])
