"""The spec built from the analysis's columns (``build_spec_columns``, for large measures)
is the spec ``build_spec`` makes from ``analyse_measure``: random series with gaps,
exclusions, astronomical points, phases with their own baselines, every chart, the mdc rules
and targets."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qitui import model as m
from qitui.charts import build_spec, layout
from qitui.charts.spec_columns import PointMarks, build_spec_columns
from qitui.measure_analysis import analyse_measure, analyse_measure_columns

CHARTS = ["run", "i", "mr", "p", "u", "c", "pp", "up", "g", "t"]


@st.composite
def measures(draw: st.DrawFn, most: int = 160) -> m.Measure:
    chart = draw(st.sampled_from(CHARTS))
    n = draw(st.integers(0 if most <= 160 else most // 3, most))
    start = date(2021, 1, 4)
    step = draw(st.sampled_from([1, 7, 30]))
    meas = m.Measure("x", "X", chart=chart)
    level = draw(st.integers(1, 30))
    # a long series takes its points from a seeded generator (hypothesis drawing each of
    # 1,200 points' six values cost most of the test); a short one draws them, to shrink
    rng = random.Random(draw(st.integers(0, 2**32))) if most > 160 else None

    def integer(low: int, high: int) -> int:
        return rng.randint(low, high) if rng else draw(st.integers(low, high))

    def choice(options: list[int]) -> int:
        return rng.choice(options) if rng else draw(st.sampled_from(options))

    for i in range(n):
        when = start + timedelta(days=i * step)
        missing = integer(0, 12) == 0
        shift = 5 * ((i // choice([6, 9, 40])) % 2)
        if chart in ("p", "u", "pp", "up"):
            den = choice([20, 20, 50, 80, 133])
            num = min(den, level + shift + integer(0, 6))
            point = m.DataPoint(when, numerator=None if missing else num, denominator=den)
        else:
            value = float(level + shift + integer(0, 4))
            if chart == "t":
                value += 1.0
            point = m.DataPoint(when, None if missing else value)
        point.excluded = integer(0, 15) == 0
        point.astronomical = integer(0, 25) == 0
        meas.points.append(point)
    if n > 20 and draw(st.booleans()):
        at = draw(st.integers(5, n - 5))
        freeze = draw(st.one_of(st.none(), st.integers(2, 30)))
        meas.phases.append(m.Phase(start + timedelta(days=at * step), "a change", freeze))
    if draw(st.booleans()):
        meas.freeze = draw(st.integers(3, 40))
    meas.rules = draw(st.sampled_from(["default", "mdc", "ihi-control"]))
    meas.better = draw(st.sampled_from(["", "up", "down"]))
    if draw(st.booleans()):
        meas.target = float(level)
    return meas


@settings(max_examples=100, deadline=None)
@given(meas=measures())
def test_columns_spec_equals_the_spec_from_points(meas: m.Measure) -> None:
    project = m.Project("p", "P", measures=[meas])
    try:
        old = build_spec(project, meas, analyse_measure(meas))
    except (ValueError, ArithmeticError):
        return  # the screen shows why; both builders refuse the same data
    new = build_spec_columns(project, meas, *analyse_measure_columns(meas))
    assert isinstance(new.marks, PointMarks)
    assert new == old
    assert tuple(new.marks) == old.marks and new.special_marks == old.special_marks
    assert new.y_values(True) == old.y_values(True)
    if old.n:
        assert layout(new, 90, 24, True) == layout(old, 90, 24, True)


def test_a_thinned_layout_of_a_long_series_is_the_same() -> None:
    meas = m.Measure("x", "X", chart="p")
    start = date(2000, 1, 3)
    for i in range(6000):
        den = 40 + i % 90
        meas.points.append(
            m.DataPoint(start + timedelta(days=i), numerator=(i * 7) % den, denominator=den)
        )
    meas.points[100].numerator = None
    project = m.Project("p", "P", measures=[meas])
    old = build_spec(project, meas, analyse_measure(meas))
    new = build_spec_columns(project, meas, *analyse_measure_columns(meas))
    assert new == old
    lay = layout(new, 100, 24)
    assert lay.thinned and lay == layout(old, 100, 24)


@settings(max_examples=30, deadline=None)
@given(meas=measures(most=1200), width=st.integers(30, 110), height=st.integers(10, 30))
def test_thinned_layouts_of_the_columns_spec_are_the_same(
    meas: m.Measure, width: int, height: int
) -> None:
    """Dense series: the marks kept per cell (found by bisection over the columns) and the
    thinned line are those of the spec from points."""
    project = m.Project("p", "P", measures=[meas])
    try:
        old = build_spec(project, meas, analyse_measure(meas))
    except (ValueError, ArithmeticError):
        return
    new = build_spec_columns(project, meas, *analyse_measure_columns(meas))
    for sigma2 in (False, True):
        assert layout(new, width, height, sigma2) == layout(old, width, height, sigma2)
