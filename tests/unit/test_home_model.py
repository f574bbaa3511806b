"""Home's view model (qitui.home_model), without the app: rows, sort, filter, layout and the
words of the intro line and the detail box."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.cells import cell_len

from qitui import home_model as hm
from qitui import model as m
from qitui.portfolio import Summary
from qitui.quicklist import Listed
from qitui.store import Problem

ROOT = Path("/work/portfolio")


def entry(
    name: str,
    title: str,
    scores: tuple[float, ...] = (),
    collaborative: str = "",
    full: bool = True,
    flagged: list[tuple[str, list[str]]] | None = None,
    last: date | None = None,
) -> Summary:
    project = m.Project(slug=name, title=title, collaborative=collaborative)
    project.aim.by_when = date(2027, 3, 1)
    project.scores = [
        m.ProgressScore(date(2026, 1, 1 + i), s, "why" if i == len(scores) - 1 else "")
        for i, s in enumerate(scores)
    ]
    summary = Summary(ROOT / name, project, full=full, measures=2, cycles=3, notes=1)
    if full:
        summary.flagged, summary.last_entry, summary.under_way = flagged or [], last, 1
    return summary


def model_of(*entries: object) -> hm.HomeModel:
    model = hm.HomeModel(ROOT)
    model.take(list(entries))  # type: ignore[arg-type]
    return model


def titles(entries: list[Summary]) -> list[str]:
    return [e.title for e in entries]


def test_sorts_in_turn_and_back_to_title() -> None:
    model = model_of(
        entry("a", "Beta", (2.0, 3.0), last=date(2026, 2, 1)),
        entry("b", "alpha", (4.0,), "North", flagged=[("Waits", ["shift"])]),
        entry("c", "Gamma", collaborative="East", last=date(2026, 5, 1)),
    )
    seen = {}
    for _ in hm.SORTS:
        seen[model.sort_by] = titles(model.narrow())
        model.next_sort()
    assert model.sort_by == "title"
    assert seen == {
        "title": ["alpha", "Beta", "Gamma"],  # regardless of case
        "score": ["alpha", "Beta", "Gamma"],  # latest score, highest first; none last
        "signals": ["alpha", "Beta", "Gamma"],  # most signals first, then by title
        "last entry": ["Gamma", "Beta", "alpha"],  # latest first; none last
        "collaborative": ["Gamma", "alpha", "Beta"],  # East, North, then in none
    }


def test_the_filter_matches_title_folder_or_collaborative() -> None:
    model = model_of(
        entry("falls-ward", "Fewer falls"),
        entry("sepsis", "Sepsis bundle", collaborative="Safer Care"),
        entry("waits", "Clinic waits"),
    )
    for needle, expected in (
        ("FALLS", ["Fewer falls"]),
        ("ward", ["Fewer falls"]),
        ("safer", ["Sepsis bundle"]),
        ("", ["Clinic waits", "Fewer falls", "Sepsis bundle"]),
        ("nothing", []),
    ):
        model.filter_text = needle
        assert titles(model.narrow()) == expected
    assert model.shown == [] and model.no_detail() == "no project matches the filter"
    model.filter_text = ""
    assert model.no_detail() == ""


def test_a_load_forgets_gone_projects_and_keeps_full_rows() -> None:
    full = entry("a", "Alpha")
    model = model_of(full, entry("b", "Beta"))
    listed_again = entry("a", "Alpha (listed)", full=False)
    model.take([listed_again], keys=[full.key])  # a reload: b is gone, a listed again
    assert list(model.entries) == [full.key]
    assert model.entries[full.key] is full  # kept until it is read in full again
    newer = entry("a", "Alpha v2")
    model.take([newer])
    assert model.entries[full.key] is newer
    model.shown = [full]
    model.refresh_shown()
    assert model.shown == [newer]


def test_rows_of_full_listed_quick_and_broken_projects() -> None:
    model = hm.HomeModel(ROOT)
    flagged = entry("a", "Falls\n  on wards", (1.0, 2.5, 4.5), flagged=[("Waits", ["shift"])])
    assert model.row(flagged, 4) == [
        "Falls on wards",
        "2027-03-01",
        " ▁▄█ 4.5",
        "⚑ 1 of 2",
        "1",
        "—",
    ]
    assert model.row(flagged) is not model.row(flagged)  # a copy each time
    listed = entry("b", "Listed", full=False)
    assert model.row(listed)[3:] == [hm.PENDING] * 3
    assert model.row(Listed(ROOT / "c", "Quick")) == ["Quick"] + [hm.PENDING] * 5  # type: ignore[arg-type]
    broken = Summary(ROOT / "d", None, [Problem(ROOT / "d" / "project.toml", 3, "bad\x1b")])
    assert model.row(broken) == ["✗ d: bad␛", "—", "—", "—", "—", "ERROR"]
    assert hm.sparkline([0.5, 1.0, 2.0, 5.0]) == "▁▁▃█"


def test_columns_fit_the_width_title_first() -> None:
    cells = [["A rather long project title", "2027-03-01", "—", "—", "1", "—"]]
    least = hm.least_widths([])
    assert least == list(hm.MIN_WIDTHS)
    wide = hm.column_widths(cells, least, 200)
    assert wide[0] == len(cells[0][0]) and wide[1:] == [10, 6, 9, 9, 10]
    narrow = hm.column_widths(cells, least, 80)
    assert narrow[0] == 80 - sum(narrow[1:]) - 2 * len(hm.HEADERS)
    assert hm.column_widths(cells, least, 20)[0] == hm.TITLE_MIN
    line = hm.laid_out(cells[0], narrow)
    assert cell_len(line) == 80 and line.startswith(" A rather long") and "…" in line
    assert hm.least_widths([Listed(ROOT / "q", "Q")])[2] == hm.HISTORY + 4  # type: ignore[list-item]


def test_the_preview_is_the_first_rows_in_order() -> None:
    model = model_of(entry("b", "Beta"), entry("a", "Alpha"), entry("c", "Gamma"))
    header, *rows = model.preview_lines(2, 79)
    assert header.split() == [
        "Project",
        "Aim",
        "by",
        "Scores",
        "Signals",
        "Under",
        "way",
        "Last",
        "entry",
    ]
    assert [r.split()[0] for r in rows] == ["Alpha", "Beta"]
    # the title column as wide as the widest title (at least 12 cells): all lines as wide
    assert {cell_len(line) for line in (header, *rows)} == {12 + sum(hm.MIN_WIDTHS[1:]) + 12}


def test_the_intro_line() -> None:
    model = model_of(entry("a", "Alpha"))
    assert model.where_text() == "portfolio/  ·  1 project  ·  listing…  ·  sorted by title"
    model.progress = ("read", 3, 31)
    assert "loading 3 of 31…" in model.where_text()
    model.progress = None
    model.filter_text = "al"
    model.narrow()
    assert model.where_text().endswith("filter “al”: 1 shown")
    assert model.where_text(filter_waiting=True).endswith("filter “al”…")
    model.take([], keys=[])
    assert "0 projects  ·  none yet: press n to start one" in model.where_text()


def test_the_detail_of_a_project() -> None:
    model = hm.HomeModel(ROOT)
    full = entry("a", "Alpha", (2.0, 3.0), "North", flagged=[("Waits", ["shift", "trend"])])
    full.problems = [Problem(ROOT / "a" / "measures" / "w.toml", 4, "odd", "warning")]
    full.unknown = True
    assert model.detail_text(full).split("\n") == [
        "Alpha",
        "By 1 March 2027.",
        "Collaborative: North (c shows its progress)",
        "Progress 2.0 → 3.0 (latest 2026-01-02: why)",
        "2 measures · 0 change ideas · 3 cycles · 1 note",
        "⚑ Waits: shift, trend",
        "Some measures cannot be analysed yet (too few points).",
        "✗ 1 problem in the files:",
        "  a/measures/w.toml:4: warning: odd",
    ]
    assert model.detail_text(entry("b", "Beta", full=False)).endswith(
        "Reading the measures and cycles…"
    )
    quick = Listed(ROOT / "q", "Quick  title")
    assert model.detail_text(quick) == "Quick title\nReading project.toml…"  # type: ignore[arg-type]
    assert model.relative(Path("/elsewhere/x.toml")) == "/elsewhere/x.toml"
