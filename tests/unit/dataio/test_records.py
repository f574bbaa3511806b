"""Records -> periods: the calendar rules, and round trips (no record lost or counted twice)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qitui.dataio.records import Record, aggregate, monday, period_range, period_start

MON = date(2026, 1, 5)


def test_weeks_start_on_monday_and_months_on_the_first() -> None:
    assert period_start(date(2026, 1, 11), "week") == MON  # a Sunday
    assert period_start(MON, "week") == MON
    assert period_start(date(2026, 1, 12), "week") == date(2026, 1, 12)
    assert period_start(date(2026, 2, 28), "month") == date(2026, 2, 1)
    assert period_range(date(2025, 11, 1), date(2026, 2, 1), "month") == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_fortnights_run_from_the_monday_of_the_first_record() -> None:
    records = [
        Record(2, date(2026, 1, 8)),
        Record(3, date(2026, 1, 19)),
        Record(4, date(2026, 1, 20)),
    ]
    periods = aggregate(records, "fortnight", "count")
    assert [(p.start, p.value) for p in periods] == [(MON, 1.0), (date(2026, 1, 19), 2.0)]
    # A later extract keeps the same fortnights through the recipe's start.
    later = aggregate([Record(2, date(2026, 2, 10))], "fortnight", "count", anchor=MON)
    assert later[0].start == date(2026, 2, 2)
    earlier = aggregate([Record(2, date(2025, 12, 30))], "fortnight", "count", anchor=MON)
    assert earlier[0].start == date(2025, 12, 22)


def test_empty_periods_are_points_without_value_and_counts_of_zero() -> None:
    records = [Record(2, MON), Record(3, MON + timedelta(weeks=3))]
    counts = aggregate(records, "week", "count")
    assert [p.value for p in counts] == [1.0, 0.0, 0.0, 1.0]
    flagged = [Record(2, MON, flag=True), Record(3, MON + timedelta(weeks=2), flag=False)]
    flags = aggregate(flagged, "week", "flag")
    assert [(p.numerator, p.denominator) for p in flags] == [(1.0, 1.0), (None, None), (0.0, 1.0)]
    values = [Record(2, MON, value=2.0), Record(3, MON, value=None), Record(4, MON, value=7.0)]
    values.append(Record(5, MON + timedelta(weeks=2), value=1.0))
    means = aggregate(values, "week", "mean")
    assert [p.value for p in means] == [4.5, None, 1.0]
    assert aggregate(values, "week", "median")[0].value == 4.5
    assert means[0].row == 2 and means[1].row == 0


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
records = st.lists(
    st.tuples(days, st.booleans(), st.one_of(st.none(), st.integers(-1000, 1000))),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(records, st.sampled_from(["week", "fortnight", "month"]))
def test_round_trip_counts_and_flags_add_up(rows: list, period: str) -> None:
    recs = [Record(i + 2, d, flag=f, value=v) for i, (d, f, v) in enumerate(rows)]
    counts = aggregate(recs, period, "count")
    flags = aggregate(recs, period, "flag")
    assert sum(p.value for p in counts) == len(recs)
    assert sum(p.denominator or 0 for p in flags) == len(recs)
    assert sum(p.numerator or 0 for p in flags) == sum(r.flag for r in recs)
    starts = [p.start for p in counts]
    # Every period from the first record's to the last record's, in order, none twice.
    assert starts == period_range(starts[0], starts[-1], period)
    anchor = monday(min(r.date for r in recs))
    for r in recs:
        start = period_start(r.date, period, anchor)
        assert start <= r.date < period_range(start, start + timedelta(days=40), period)[1]
        assert start in starts
    if period == "week":
        assert all(s.weekday() == 0 for s in starts)
    if period == "month":
        assert all(s.day == 1 for s in starts)


@settings(max_examples=60, deadline=None)
@given(records)
def test_round_trip_means_match_the_records(rows: list) -> None:
    recs = [
        Record(i + 2, d, value=None if v is None else float(v)) for i, (d, _, v) in enumerate(rows)
    ]
    by_month: dict[date, list[float]] = {}
    for r in recs:
        if r.value is not None:
            by_month.setdefault(r.date.replace(day=1), []).append(r.value)
    for p in aggregate(recs, "month", "mean"):
        values = by_month.get(p.start)
        if not values:
            assert p.value is None
        else:
            assert abs(p.value - sum(values) / len(values)) < 1e-6


@settings(max_examples=25, deadline=None)
@given(records, st.sampled_from(["week", "fortnight", "month"]))
def test_round_trip_through_a_csv_extract_and_the_import_plan(rows: list, period: str) -> None:
    """File -> plan: every record lands in exactly one point; flags add up."""
    import tempfile
    from pathlib import Path

    from qitui import model as m
    from qitui.dataio.engine import ImportRequest, plan_import

    lines = ["when,ok"] + [f"{d.isoformat()},{'Yes' if f else 'no'}" for d, f, _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "extract.csv"
        file.write_text("\n".join(lines) + "\n")
        project = m.Project(slug="p", title="P")
        count = plan_import(project, ImportRequest(file, "n", period=period, date_column="when",
                                                   statistic="count"))  # fmt: skip
        flag = plan_import(project, ImportRequest(file, "f", period=period, date_column="When",
                                                  statistic="flag", column="OK"))  # fmt: skip
    assert sum(p.value for p in count.measure.points) == len(rows)
    assert sum(p.denominator or 0 for p in flag.measure.points) == len(rows)
    assert sum(p.numerator or 0 for p in flag.measure.points) == sum(f for _, f, _ in rows)
    assert count.measure.chart == "run" and flag.measure.chart == "p"
    assert len(count.added) == len(count.measure.points) == count.rows
