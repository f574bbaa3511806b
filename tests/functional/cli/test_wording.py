"""Counts with their plural and lines with the measure's precision, in every output."""

from __future__ import annotations

import pytest

from qitui.cli import main
from qitui.wording import data_decimals, decimals, plural
from tests.helpers.projects import EXAMPLES

HILLVIEW = EXAMPLES / "hillview-27-30-month-reviews"


def test_plural() -> None:
    assert plural(1, "point") == "1 point"
    assert plural(0, "point") == "0 points"
    assert plural(2, "person", "people") == "2 people"


def test_decimals_of_data() -> None:
    assert [decimals(v) for v in (44.0, 4.5, 0.25, 1 / 3)] == [0, 1, 2, 3]
    assert data_decimals([None, 3.0, 2.5]) == 1
    assert data_decimals([]) == 0


def test_analyse_and_report_say_1_crossing_and_print_lines_with_precision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["analyse", str(HILLVIEW)]) == 0
    out = capsys.readouterr().out
    assert "Too few crossings (Anhøj): 1 crossing of the mean" in out
    assert "1 crossings" not in out
    assert "mean 48.3, limits 26.4 to 70.2" in out  # whole days: one decimal
    assert main(["report", str(HILLVIEW)]) == 0
    report = capsys.readouterr().out
    assert "1 crossings" not in report and "(s)" not in report
    assert "limits 26.4 to 70.2" in report
