"""`qitui report`: Markdown for one project and for a portfolio."""

from __future__ import annotations

from pathlib import Path

import pytest

from qitui.cli import main
from tests.helpers.projects import EXAMPLES


def report(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    assert main(["report", str(path)]) == 0
    return capsys.readouterr().out


def test_project_report_sections(capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, EXAMPLES / "hillview-27-30-month-reviews")
    assert out.startswith("# Hillview 27–30 month reviews\n")
    for heading in (
        "## Aim",
        "## Progress scores",
        "## Team",
        "## Measures",
        "## Driver diagram",
        "## PDSA ramps",
        "## Review notes",
    ):
        assert f"\n{heading}\n" in out
    assert "| Measure | Type | Chart | Latest | Target | Signals now |" in out
    assert out.count("```text\n") == 4 and out.count("```text") * 2 == out.count("```")
    assert "\x1b[" not in out  # no colour codes in Markdown
    assert "Earlier aims:" in out and "- **Primary driver:**" in out
    assert "| Change idea | Cycle | Dates | Scale | Status | Decision |" in out


def test_portfolio_report(
    tmp_path: Path, small_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = small_project.parent / "broken"
    broken.mkdir()
    (broken / "project.toml").write_text('schema = 1\ntitle = "x\n')
    out = report(capsys, small_project.parent)
    assert out.startswith("# Portfolio: ")
    assert "| Project | Progress | Aim by | Signals now | Cycles under way | Last activity |" in out
    assert "| Small test project | 2.0 | 2027-03-31 |" in out
    assert "⚠" in out and "TOML syntax error" in out
    assert "\n## Small test project\n" in out and "\n### Aim\n" in out


def test_report_to_file(small_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    assert main(["report", str(small_project), "-o", str(target)]) == 0
    assert target.read_text().startswith("# Small test project")


def test_report_carries_the_whole_operational_definition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from qitui import model as m
    from qitui.store import create_project

    store = create_project(tmp_path / "p", "P")
    fields = {
        "definition": "Falls per 1,000 bed days",
        "numerator": "falls | recorded",
        "denominator": "bed days",
        "inclusions": "all adult wards",
        "exclusions": "day cases",
        "unit": "falls",
        "source": "incident system",
        "collected_by": "ward clerk",
        "frequency": "monthly",
        "sampling": "every fall,\nno sampling",
    }
    store.save_measure(m.Measure("falls", "Falls", chart="u", **fields))
    out = report(capsys, tmp_path / "p")
    section = out[out.index("### Falls") :]
    assert "_Falls per 1,000 bed days_" in section
    expected = [
        "- Numerator: falls | recorded",
        "- Denominator: bed days",
        "- Inclusions: all adult wards",
        "- Exclusions: day cases",
        "- Unit: falls",
        "- Data source: incident system",
        "- Collected by: ward clerk",
        "- Frequency: monthly",
        "- Sampling: every fall, no sampling",
    ]
    lines = section.splitlines()
    assert [line for line in lines if line in expected] == expected  # all, in this order


def test_report_lists_measures_in_the_apps_order(capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, EXAMPLES / "hillview-27-30-month-reviews")
    names = [
        "### Reviews done by 30 months",
        "### Days from 27 months to the appointment offered",
        "### Families sent a 7-day text reminder",
        "### Missed appointments at other health visiting clinics",
    ]
    assert [out.index(n) for n in names] == sorted(out.index(n) for n in names)
