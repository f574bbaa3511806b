"""Rule sets: IHI run rules, Anhøj, sigma, IHI control rules and Making Data Count."""

from __future__ import annotations

import pytest

from qitui.analysis import ChartResult, analyse
from qitui.analysis.runs import shifts, trends

# An I chart whose first 6 points are a frozen baseline with cl = 1 and MRs all 2:
# sigma = 2 / 1.128 = 1.773050; 1 sigma: 2.773050; 2 sigma: 4.546099; ucl = 6.319149.
BASE = [2.0, 0.0, 2.0, 0.0, 2.0, 0.0]


def sig(r: ChartResult, rule_set: str | None = None) -> list[tuple]:
    return [
        (s.rule_set, s.rule, s.start, s.end, s.direction, s.assessment)
        for s in r.signals
        if rule_set is None or s.rule_set == rule_set
    ]


def test_trend_vector() -> None:
    got = trends([0, 1, 2, 3, 4, 5], [1, 2, 3, 3, 4, 5])
    assert [(t.direction, t.start, t.end, t.length) for t in got] == [("up", 0, 5, 5)]


def test_trend_turning_point_ends_one_and_starts_next() -> None:
    v = [1, 2, 3, 4, 5, 4, 3, 2, 1]
    got = trends(list(range(9)), v)
    assert [(t.direction, t.start, t.end, t.length) for t in got] == [
        ("up", 0, 4, 5),
        ("down", 4, 8, 5),
    ]


def test_trend_flat_turn_and_flat_ends() -> None:
    v = [3, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 3]
    got = trends(list(range(12)), v)
    # rise from the last 3 (index 1) to the first 7 (index 5); fall from the last 7 (6)
    assert [(t.direction, t.start, t.end, t.length) for t in got] == [
        ("up", 1, 5, 5),
        ("down", 6, 10, 5),
    ]


def test_trend_too_short_and_missing_skipped() -> None:
    assert trends([0, 1, 2, 3], [1, 2, 3, 4]) == []
    r = analyse("run", [1, None, 2, 3, None, 4, 5])
    ph = r.phases[0]
    assert ph.ihi is not None
    assert [(t.start, t.end, t.length) for t in ph.ihi.trends] == [(0, 6, 5)]


def test_shift_needs_six() -> None:
    assert shifts([0, 1, 2, 3, 4], [1, 1, 1, 1, 1]) == []
    got = shifts([0, 2, 3, 5, 6, 9], [-1] * 6)
    assert [(s.direction, s.start, s.end, s.length) for s in got] == [("below", 0, 9, 6)]


def test_run_chart_signals_too_few_runs_and_shifts() -> None:
    r = analyse("run", [1.0] * 10 + [9.0] * 10, better="up")
    ph = r.phases[0]
    assert ph.ihi is not None
    assert (ph.ihi.median, ph.ihi.n_runs) == (5.0, 2)
    assert (ph.ihi.runs_lower_limit, ph.ihi.runs_upper_limit) == (6, 16)
    assert ph.ihi.too_few_runs is True and ph.ihi.too_many_runs is False
    assert r.rule_sets == ("ihi-run", "anhoj")
    assert sig(r) == [
        ("ihi-run", "shift", 0, 9, "below", "concern"),
        ("anhoj", "long-run", 0, 9, "below", "concern"),
        ("ihi-run", "too-few-runs", 0, 19, None, None),
        ("anhoj", "few-crossings", 0, 19, None, None),
        ("ihi-run", "shift", 10, 19, "above", "improvement"),
    ]
    labels = {s.rule: s.label for s in r.signals}
    assert labels["shift"] == "Shift (IHI rule 1)"
    assert labels["too-few-runs"] == "Too few runs (IHI rule 3)"
    assert labels["long-run"] == "Unusually long run (Anhøj)"
    assert labels["few-crossings"] == "Too few crossings (Anhøj)"


def test_run_chart_too_many_runs() -> None:
    r = analyse("run", [0.0, 1.0] * 10)
    ph = r.phases[0]
    assert ph.ihi is not None
    assert ph.ihi.n_runs == 20 and ph.ihi.too_many_runs is True
    assert ph.runs_signal is False  # Anhøj has no "too many crossings" rule
    assert sig(r) == [("ihi-run", "too-many-runs", 0, 19, None, None)]


def test_run_chart_outside_perla_table() -> None:
    r = analyse("run", [float(k % 2) for k in range(62)])
    ph = r.phases[0]
    assert ph.n_useful == 62
    assert ph.ihi is not None and ph.ihi.runs_lower_limit is None
    assert ph.ihi.too_few_runs is None and ph.ihi.too_many_runs is None


def test_control_eight_in_a_row() -> None:
    r = analyse("i", BASE + [3.0] * 8, freeze=6, rules=("ihi-control", "mdc"), better="up")
    assert r.rule_sets == ("sigma", "anhoj", "ihi-control", "mdc")
    assert r.points[6].cl == pytest.approx(1.0)
    assert r.points[6].ucl == pytest.approx(1 + 6 / 1.128)
    assert sig(r) == [
        ("anhoj", "long-run", 6, 13, "above", "improvement"),
        ("ihi-control", "shift", 6, 13, "above", "improvement"),
        ("mdc", "shift", 6, 13, "above", "improvement"),
    ]
    labels = {(s.rule_set, s.rule): s.label for s in r.signals}
    assert labels[("ihi-control", "shift")] == "8 in a row on one side (IHI control)"
    assert labels[("mdc", "shift")] == "7 in a row on one side (Making Data Count)"


def test_control_seven_in_a_row_is_mdc_only() -> None:
    r = analyse("i", BASE + [3.0] * 7, freeze=6, rules=("ihi-control", "mdc"))
    assert [(s.rule_set, s.rule) for s in r.signals] == [("mdc", "shift")]


def test_control_two_of_three_beyond_two_sigma() -> None:
    r = analyse("i", BASE + [5.0, 2.0, 5.0], freeze=6, rules=("ihi-control", "mdc"), better="down")
    assert not any(p.sigma_signal for p in r.points)
    assert sig(r) == [
        ("ihi-control", "two-of-three", 6, 8, "above", "concern"),
        ("mdc", "two-of-three", 6, 8, "above", "concern"),
    ]
    assert r.signals[1].label == "2 of 3 close to a limit (Making Data Count)"
    # IHI lets the third point fall anywhere; MDC needs all three above the mean
    r = analyse("i", BASE + [5.0, 0.5, 5.0], freeze=6, rules=("ihi-control", "mdc"), better="down")
    assert sig(r) == [("ihi-control", "two-of-three", 6, 8, "above", "concern")]


def test_control_one_beyond_two_sigma_is_not_enough() -> None:
    r = analyse("i", BASE + [5.0, 0.5, 0.5, 5.0], freeze=6, rules=("ihi-control",))
    assert sig(r, "ihi-control") == []


def test_control_fifteen_within_one_sigma() -> None:
    r = analyse("i", BASE + [1.5, 0.5] * 4 + [1.5], freeze=6, rules=("ihi-control",))
    assert sig(r) == [("ihi-control", "within-1-sigma", 0, 14, None, None)]
    r = analyse("i", BASE + [1.5, 0.5] * 4, freeze=6, rules=("ihi-control",))
    assert sig(r) == []


def test_control_trends() -> None:
    six = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    base = [0.0, 2.0, 0.0, 2.0, 0.0, 2.0]
    r = analyse("i", base + six, freeze=6, rules=("ihi-control", "mdc"), better="up")
    assert sig(r) == [("ihi-control", "trend", 6, 11, "up", "improvement")]
    r = analyse("i", base + six + [0.7], freeze=6, rules=("ihi-control", "mdc"), better="up")
    assert sig(r) == [
        ("ihi-control", "trend", 6, 12, "up", "improvement"),
        ("mdc", "shift", 6, 12, "below", "concern"),  # 7 below the mean, too
        ("mdc", "trend", 6, 12, "up", "improvement"),
    ]


def test_sigma_and_mdc_beyond_limits() -> None:
    r = analyse("i", BASE + [7.0, 1.0, -5.0], freeze=6, rules=("mdc",), better="up")
    assert sig(r, "sigma") == [
        ("sigma", "beyond-limits", 6, 6, "above", "improvement"),
        ("sigma", "beyond-limits", 8, 8, "below", "concern"),
    ]
    assert [s.start for s in r.signals if s.rule == "beyond-limits"] == [6, 6, 8, 8]
    assert r.signals[0].label == "Point beyond the 3-sigma limits (Shewhart)"


def test_point_exactly_on_limit_is_not_a_signal() -> None:
    # frozen constant baseline: MRs 0, sigma 0 -> limits equal to the centre line (4)
    r = analyse("i", [4, 4, 4, 4, 4, 4, 4, 4.5, 3.5], freeze=6)
    assert (r.points[6].ucl, r.points[6].lcl) == (4.0, 4.0)
    assert [p.sigma_signal for p in r.points] == [False] * 7 + [True, True]
    # p chart: ucl exactly 1 after clamping; y = 1 is on the limit, no signal
    r = analyse("p", numerators=[9, 10, 19, 5], denominators=[10, 10, 20, 5])
    assert r.points[3].ucl == 1.0 and r.points[3].y == 1.0
    assert not r.points[3].sigma_signal


def test_signals_sorted_by_start() -> None:
    r = analyse("i", BASE + [3.0] * 8 + [20.0], freeze=6, rules=("ihi-control", "mdc"))
    starts = [s.start for s in r.signals]
    assert starts == sorted(starts)


def test_no_assessment_without_direction() -> None:
    r = analyse("i", BASE + [3.0] * 8, freeze=6, rules=("ihi-control",))
    assert all(s.assessment is None for s in r.signals)


def test_control_rule_sets_ignored_on_run_chart() -> None:
    r = analyse("run", [1, 2, 3], rules=("mdc",))
    assert r.rule_sets == ("ihi-run", "anhoj")


def test_mr_chart_has_no_runs_verdict() -> None:
    r = analyse("mr", [0.0, 1.0] * 3 + [0.0] * 10 + [5.0, 0.0] * 2)
    ph = r.phases[0]
    assert ph.n_useful >= 10
    assert ph.runs_signal is False
    assert not [s for s in r.signals if s.rule_set == "anhoj"]
