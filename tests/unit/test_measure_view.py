"""A measure's Data tab as plain text (qitui/measure_view.py): columns, rows, summary."""

from __future__ import annotations

from datetime import date

from qitui import model as m
from qitui.measure_view import point_columns, point_note_cell, point_rows, summary_text


def note(text: str, author: str = "Ann") -> m.Note:
    return m.Note("n", author, date(2026, 3, 1), text)


def test_a_point_note_then_the_latest_review_note() -> None:
    assert point_note_cell("late", []) == "late"
    assert point_note_cell("", [note("checked")]) == "✎ Ann: checked"
    assert point_note_cell("late", [note("a"), note("b\nc", "Bo")]) == "late ✎2 Bo: b c"


def test_columns_and_rows_of_a_ratio_measure() -> None:
    meas = m.Measure("p", "Booked", chart="p")
    meas.points = [
        m.DataPoint(date(2026, 1, 5), numerator=3, denominator=4),
        m.DataPoint(date(2026, 1, 12), numerator=1, denominator=0, excluded=True),
    ]
    project = m.Project(slug="x", title="X", measures=[meas])
    assert point_columns(meas) == ("#", "Date", "Num", "Den", "%", "Flags", "Note")
    rows = point_rows(project, meas)
    assert rows[0] == ("2026-01-05", ["1", "2026-01-05", "3", "4", "75.0", "", ""])
    assert rows[1][0] == "2026-01-12" and "excl" in rows[1][1][-2]


def test_the_summary_cuts_the_latest_note_to_the_width() -> None:
    meas = m.Measure("w", "Waits", chart="run", better="down", target=10)
    project = m.Project(slug="x", title="X", measures=[meas])
    project.notes.append(m.Note("n1", "Ann", date(2026, 3, 1), "word " * 40, "measure:w"))
    text = summary_text(project, meas, 60)
    assert text.startswith("outcome · run chart · better ↓ down · target 10 · 0 points")
    last = text.splitlines()[-1]
    assert last.startswith("✎ 2026-03-01 Ann: word") and last.endswith("…")
    assert len(last) == 60 - 4
