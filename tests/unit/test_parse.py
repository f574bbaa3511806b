"""qitui.parse: the one set of rules for dates, numbers and percentages (forms, CSV, CLI)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qitui import parse
from qitui.csvimport import CsvError, read_csv


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-01", date(2026, 2, 1)),
        (" 2026-2-1 ", date(2026, 2, 1)),
        ("30/06/2027", date(2027, 6, 30)),  # day above 12: only one reading
        ("05/05/2026", date(2026, 5, 5)),  # day == month: the same either way
        ("13/01/2026", date(2026, 1, 13)),
    ],
)
def test_dates_that_cannot_be_mistaken(text: str, expected: date) -> None:
    assert parse.parse_date(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("01/02/2026", "ambiguous (1 February or 2 January?)"),
        ("01/13/2026", "US order"),
        ("31/02/2026", "does not exist"),
        ("2026-02-30", "not a real date"),
        ("next week", "is not a date"),
        ("2026/01/05", "is not a date"),
        ("", "a date is needed"),
    ],
)
def test_dates_refused(text: str, words: str) -> None:
    value, error = parse.parse_date(text)
    assert value is None and error is not None and words in error


def test_dayfirst_reads_ambiguous_dates_day_first() -> None:
    assert parse.parse_date("01/02/2026", dayfirst=True) == (date(2026, 2, 1), None)
    assert parse.parse_date("", required=False) == (None, None)


def test_the_form_and_the_import_agree(tmp_path: Path) -> None:
    """The same text is refused by both, or read the same by both."""
    for text in ("01/02/2026", "30/06/2027", "05/05/2026", "01/13/2026", "2026-02-01"):
        csv = tmp_path / "x.csv"
        csv.write_text(f"date,value\n{text},1\n")
        form, error = parse.parse_date(text)
        try:
            imported = read_csv(csv).rows[0].date
        except CsvError as exc:
            assert form is None and error is not None
            assert error.split(":")[0] in str(exc)
        else:
            assert form == imported


def test_a_csv_column_shows_its_order(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("date,value\n01/02/2026,1\n15/02/2026,2\n")
    assert [r.date for r in read_csv(csv).rows] == [date(2026, 2, 1), date(2026, 2, 15)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12.0), ("-2.5", -2.5), (".5", 0.5), ("1e3", 1000.0), ("1,234.5", 1234.5)],
)
def test_numbers(text: str, expected: float) -> None:
    assert parse.parse_number(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1,5", "use a point for decimals"),
        ("12,34", "use a point for decimals"),
        ("four", "'four' is not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("1e999", "not a finite number"),
        ("1_000", "not a number"),
    ],
)
def test_numbers_refused(text: str, words: str) -> None:
    value, error = parse.parse_number(text)
    assert value is None and error is not None and words in error


def test_number_limits() -> None:
    assert parse.parse_number("3", integer=True) == (3, None)
    assert "whole number" in (parse.parse_number("2.5", integer=True)[1] or "")
    assert "below 1" in (parse.parse_number("0", minimum=1)[1] or "")
    assert "above 5" in (parse.parse_number("6", maximum=5)[1] or "")


def test_commas_are_the_same_rule_in_the_import(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text('date,value\n2026-01-05,"1,234"\n')
    assert read_csv(csv).rows[0].value == 1234
    csv.write_text('date,value\n2026-01-05,"1,5"\n')
    with pytest.raises(CsvError, match="use a point for decimals"):
        read_csv(csv)


@pytest.mark.parametrize(
    ("text", "expected"), [("80%", 0.8), ("63 %", 0.63), ("0.8", 0.8), ("100%", 1.0), ("0", 0.0)]
)
def test_percentages_on_a_p_chart_are_proportions(text: str, expected: float) -> None:
    assert parse.parse_on_scale(text, "p") == (expected, None)


@pytest.mark.parametrize(("text", "words"), [("80", "above 1"), ("120%", "between 0% and 100%")])
def test_implausible_proportions_refused(text: str, words: str) -> None:
    value, error = parse.parse_proportion(text)
    assert value is None and words in (error or "")


def test_percentages_elsewhere_are_percent_points() -> None:
    assert parse.parse_on_scale("63%", "run", "%") == (63.0, None)
    assert parse.parse_on_scale("63%", "i", "") == (63.0, None)
    value, error = parse.parse_on_scale("63%", "i", "minutes")
    assert value is None and "in minutes" in (error or "")
    assert parse.fmt_on_scale(0.9, "p") == "90%"
    assert parse.fmt_on_scale(90.0, "run") == "90"


def test_plausibility_of_a_ratio() -> None:
    assert parse.ratio_problem(3, 4, "p") is None
    assert "above denominator" in (parse.ratio_problem(5, 4, "p") or "")
    assert parse.ratio_problem(5, 4, "u") is None
    assert "negative" in (parse.ratio_problem(-1, 4, "u") or "")


# ------------------------------------------------------------------ round trips
@given(st.floats(min_value=-1e12, max_value=1e12))
def test_number_round_trip(value: float) -> None:
    parsed, error = parse.parse_number(parse.fmt_number(value))
    assert error is None and parsed == value


@given(st.floats(min_value=1e12, exclude_min=True, allow_infinity=False), st.sampled_from([1, -1]))
def test_a_number_beyond_what_a_project_holds_is_refused(value: float, sign: int) -> None:
    # as the loader and the store refuse it: never saved rounded (99999999999999999999 was
    # written as 100000000000000000000, an integer too large for TOML)
    parsed, error = parse.parse_number(parse.fmt_number(sign * value), integer=True)
    assert parsed is None and "too large" in (error or "")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_date_round_trip(value: date) -> None:
    assert parse.parse_date(parse.fmt_date(value)) == (value, None)


@given(st.floats(min_value=0, max_value=1))
def test_proportion_round_trip(value: float) -> None:
    text = parse.fmt_proportion(value)
    assert text.endswith("%")
    parsed, error = parse.parse_proportion(text)
    assert error is None and parsed == value


@given(st.integers(min_value=1, max_value=28), st.integers(1, 12), st.integers(1900, 2100))
def test_slash_dates_are_read_day_first_or_refused(day: int, month: int, year: int) -> None:
    value, error = parse.parse_date(f"{day:02d}/{month:02d}/{year}")
    if day > 12 or day == month:
        assert value == date(year, month, day)
    else:
        assert value is None and "ambiguous" in (error or "")
        assert parse.parse_date(f"{day}/{month}/{year}", dayfirst=True)[0] == date(year, month, day)


def test_fmt_number_is_short() -> None:
    assert [parse.fmt_number(v) for v in (12.0, 2.5, 0.1, 1e20)] == ["12", "2.5", "0.1", "1e+20"]
    assert parse.fmt_number(None) == ""
    assert not math.isnan(parse.parse_number("0.1")[0] or 0)


def test_the_cli_reads_phase_starts_by_the_same_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from qitui.cli import main

    csv = tmp_path / "x.csv"
    csv.write_text("date,value\n" + "".join(f"2026-01-{d:02d},{d % 5}\n" for d in range(1, 29)))
    base = ["analyse", "--csv", str(csv), "--chart", "run", "--json"]
    assert main([*base, "--phase-start", "14/01/2026"]) == 0
    capsys.readouterr()
    assert main([*base, "--phase-start", "01/02/2026"]) != 0
    assert "ambiguous" in capsys.readouterr().err
    assert main([*base, "--phase-start", "01/02/2026", "--dayfirst"]) == 0
