"""`qitui chart DIR MEASURE`: width and colour rules, and a verdict that matches the analysis."""

from __future__ import annotations

import re

import pytest

from qitui.cli import main
from qitui.measure_analysis import analyse_measure
from qitui.store import ProjectStore
from qitui.verdict import signal_line, verdict_lines

ANSI = re.compile(r"\x1b\[")


def chart(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["chart", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("measure_id", ["reviews", "booked", "wait"])
@pytest.mark.parametrize(("width", "height"), [("80", "24"), ("120", "35")])
def test_chart_fits_the_width_without_colour_when_piped(
    chart_project: ProjectStore,
    capsys: pytest.CaptureFixture[str],
    measure_id: str,
    width: str,
    height: str,
) -> None:
    code, out, err = chart(
        capsys, str(chart_project.path), measure_id, "--width", width, "--height", height
    )
    assert code == 0, err
    assert not ANSI.search(out)  # stdout is not a terminal under capsys
    lines = out.splitlines()
    assert all(len(line) <= int(width) for line in lines), max(lines, key=len)
    meas = chart_project.project.measure(measure_id)
    assert meas is not None
    flat = " ".join(x.strip() for x in lines)
    for line in verdict_lines(meas, analyse_measure(meas)):
        assert line in flat


def test_chart_default_width_is_80_and_name_works(
    chart_project: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = chart(capsys, str(chart_project.path), "Days to first review")
    assert code == 0
    assert max(len(x) for x in out.splitlines()) == 80


def test_no_color_even_on_a_terminal(
    chart_project: ProjectStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = chart(capsys, str(chart_project.path), "reviews", "--width", "80")
    assert code == 0 and not ANSI.search(out)
    monkeypatch.delenv("NO_COLOR")
    code, out, _ = chart(capsys, str(chart_project.path), "reviews", "--width", "80")
    assert code == 0 and ANSI.search(out)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert all(len(line) <= 80 for line in plain.splitlines())


def test_bad_measure_and_width(
    chart_project: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = chart(capsys, str(chart_project.path), "nope")
    assert code == 1 and "no measure 'nope'" in err and "reviews" in err
    code, _, err = chart(capsys, str(chart_project.path), "reviews", "--width", "20")
    assert code == 1 and "--width" in err


# --------------------------------------------------------------------------- verdict


def test_shift_verdict_has_the_dates_of_the_analysis(chart_project: ProjectStore) -> None:
    meas = chart_project.project.measure("reviews")
    assert meas is not None
    result = analyse_measure(meas)
    shift = next(s for s in result.signals if s.rule == "shift")
    dates = [p.date for p in sorted(meas.points, key=lambda p: p.date)]
    stretch = result.phases[0].ihi.shifts[0]  # type: ignore[union-attr]
    line = signal_line(meas, result, shift)
    assert line == (
        f"Shift (IHI rule 1): {stretch.length} points above the median, "
        f"{dates[shift.start]} to {dates[shift.end]} (improvement)"
    )
    assert line in verdict_lines(meas, result)


def test_beyond_limits_and_crossings_verdicts(chart_project: ProjectStore) -> None:
    meas = chart_project.project.measure("wait")
    assert meas is not None
    result = analyse_measure(meas)
    lines = verdict_lines(meas, result)
    beyond = next(s for s in result.signals if s.rule == "beyond-limits")
    dates = [p.date for p in sorted(meas.points, key=lambda p: p.date)]
    assert (
        "Point beyond the 3-sigma limits (Shewhart): above the upper limit, "
        f"{dates[beyond.start]} (concern)" in lines
    )
    ph = result.phases[1]
    if ph.runs_signal and ph.n_crossings is not None:
        assert any(
            f"{ph.n_crossings} crossings of the mean (fewer than {ph.n_crossings_min}" in x
            for x in lines
        )


def test_too_few_points_verdict() -> None:
    from datetime import date, timedelta

    from qitui import model as m

    meas = m.Measure("x", "X", chart="run")
    meas.points = [
        m.DataPoint(date(2026, 1, 5) + timedelta(weeks=i), v)
        for i, v in enumerate([3, 4, 5, 4, 6, 5, 3])
    ]
    result = analyse_measure(meas)
    assert verdict_lines(meas, result) == [
        f"Too few points for runs analysis ({result.phases[0].n_useful} useful; 10 needed)"
    ]


def test_astronomical_point_is_named(chart_project: ProjectStore) -> None:
    meas = chart_project.project.measure("booked")
    assert meas is not None
    meas.points[3].astronomical = True
    lines = verdict_lines(meas, analyse_measure(meas))
    assert f"Astronomical point (IHI rule 4, flagged by the team): {meas.points[3].date}" in lines
    assert not any(x.startswith("No signal") for x in lines)


def test_cli_and_core_do_not_import_plotext() -> None:
    import subprocess
    import sys

    code = (
        "import sys, qitui.cli, qitui.verdict, qitui.measure_analysis, qitui.screens; "
        "print(any(m in sys.modules for m in ('plotext', 'qitui.charts', 'textual_plotext')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
