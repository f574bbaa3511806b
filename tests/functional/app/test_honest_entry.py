"""Honest data entry: warnings that do not refuse, an explicit Missing, excluding asks why
and the reason shows under the chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Static

from qitui import model as m
from qitui.entry_checks import entry_warnings, excluded_summary
from qitui.screens.measure import MeasureScreen
from qitui.store import load_project
from qitui.widgets.forms import MessageLine
from qitui.widgets.point_editor import PointEditor
from qitui.widgets.prompt import PromptDialog

SIZE = (100, 30)
TODAY = date(2026, 6, 1)


def test_entry_warnings() -> None:
    p_chart = m.Measure(id="x", name="x", chart="p")
    point = m.DataPoint(date(2026, 7, 1), numerator=2.5, denominator=0.0)
    found = " | ".join(entry_warnings(p_chart, point, TODAY))
    assert "in the future" in found and "not a whole number" in found
    zero = m.DataPoint(date(2026, 5, 1), numerator=0.0, denominator=0.0)
    assert any("0/0" in w for w in entry_warnings(p_chart, zero, TODAY))
    pct = m.Measure(id="y", name="y", chart="i", unit="%")
    assert any("below 0" in w for w in entry_warnings(pct, m.DataPoint(TODAY, -3.0), TODAY))
    minutes = m.Measure(id="z", name="z", chart="i", unit="minutes")
    assert entry_warnings(minutes, m.DataPoint(TODAY, -3.0), TODAY) == []


def test_excluded_summary() -> None:
    meas = m.Measure(id="x", name="x", chart="run")
    meas.points = [m.DataPoint(TODAY, 1.0, excluded=True, note="IT outage")]
    assert excluded_summary(meas) == f"Excluded from the calculation: {TODAY} (IT outage)"
    meas.points[0].excluded = False
    assert excluded_summary(meas) == ""


async def open_editor(app, pilot) -> PointEditor:  # noqa: ANN001
    await pilot.pause()
    await app.push_screen(MeasureScreen(app.screen.store, "on-time"))
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, PointEditor)
    return app.screen


async def test_zero_over_zero_warns_and_missing_saves_a_gap(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.query_one("#pt-num", Input).value = "0"
        editor.query_one("#pt-den", Input).value = "0"
        await pilot.pause()
        assert "0/0" in str(editor.query_one("#pt-warn", MessageLine).render())
        editor.query_one("#pt-num", Input).value = ""
        editor.query_one("#pt-den", Input).value = ""
        await pilot.pause()
        assert not editor.action_save()  # empty is not silently a gap
        editor.query_one("#pt-missing").value = True
        await pilot.pause()
        assert editor.action_save()
        when = editor.measure.points[-1].date
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None
    gap = next(p for p in meas.points if p.date == when)
    assert gap.numerator is None and gap.denominator is None


async def test_excluding_asks_why_and_the_chart_says_it(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(MeasureScreen(app.screen.store, "on-time"))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"new clerk")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        verdict = str(app.screen.query_one("#chart-verdict", Static).render())
        assert "Excluded from the calculation: 2026-01-05 (new clerk)" in verdict
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None and meas.points[0].excluded and meas.points[0].note == "new clerk"


async def test_point_editor_refuses_exclusion_without_reason(app_on, projects: Path) -> None:
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.query_one("#pt-num", Input).value = "3"
        editor.query_one("#pt-den", Input).value = "4"
        editor.query_one("#pt-excluded").value = True
        await pilot.pause()
        assert not editor.action_save()
        editor.query_one("#pt-note", Input).value = "audit week"
        await pilot.pause()
        assert editor.action_save()


async def test_import_in_the_app_previews_then_applies(
    app_on, projects: Path, tmp_path: Path
) -> None:
    from qitui.widgets.dialogs import ConfirmDialog

    csv = tmp_path / "more.csv"
    # 2026-01-05 was typed by hand (14/20): the import changes it, and says so
    csv.write_text("date,numerator,denominator\n2026-01-05,15,20\n2026-03-30,20,22\n")
    app = app_on(projects / "hillview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(MeasureScreen(app.screen.store, "on-time"))
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one("#f-file", Input).value = str(csv)
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        preview = str(confirm.message)
        assert "1 added, 1 changed" in preview
        assert "1 added, 1 changed" in preview
        assert "changed 2026-01-05: 14/20 -> 15/20 (typed by hand)" in preview
        assert "1 value(s) typed by hand would be overwritten: 2026-01-05 (14/20)" in preview
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)
    meas = load_project(projects / "hillview").project.measure("on-time")
    assert meas is not None
    assert meas.points[0].numerator == 15 and meas.points[-1].date == date(2026, 3, 30)
