"""Home's first frame: the first screenful of titles, read fast from each project.toml
(qitui.quicklist), before any project is read; the rest of each row comes with the load."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Static

from qitui.app import make_app
from qitui.quicklist import quick_title
from qitui.screens.home import PENDING, HomeScreen
from qitui.store import project_text
from tests.helpers.pilot import HANG, home_loaded, home_rows
from tests.helpers.sample import TODAY

SIZE = (80, 24)


def title_of(tmp_path: Path, text: str) -> str | None:
    (tmp_path / "project.toml").write_text(text, encoding="utf-8")
    return quick_title(tmp_path)


def test_quick_title_reads_the_top_level_title(tmp_path: Path) -> None:
    assert title_of(tmp_path, 'schema = 1\ntitle = "Fewer falls"\n[aim]\n') == "Fewer falls"
    assert title_of(tmp_path, 'title="Tab\\there"  # note\r\n') == "Tab\there"
    assert title_of(tmp_path, 'title = "Caf\\u00e9 \\"A\\""\n') == 'Café "A"'
    # not the project's title, or not told this way: None (the full read says)
    assert title_of(tmp_path, '[aim]\ntitle = "of the aim"\n') is None
    assert title_of(tmp_path, "title = 'literal'\n") is None
    assert title_of(tmp_path, 'title = """multi\nline"""\n') is None
    assert title_of(tmp_path, "schema = 1\n") is None
    assert quick_title(tmp_path / "missing") is None


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_quick_title_is_the_parsed_title_or_none(
    tmp_path_factory: pytest.TempPathFactory, title: str
) -> None:
    """Whatever the title, as the store writes it: what tomli reads, or None."""
    from qitui import model as m

    text = project_text(m.Project(slug="x", title=title))
    folder = tmp_path_factory.mktemp("p")
    quick = title_of(folder, text)
    assert quick is None or quick == tomli.loads(text)["title"]


def preview(home: HomeScreen) -> list[str]:
    return str(home.query_one("#home-preview", Static).render()).splitlines()


async def test_first_frame_shows_titles_before_any_load(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        home = HomeScreen(portfolio, quick=True)  # as the app's own Home, not yet loaded
        await app.push_screen(home)
        assert not home.started and home.table() is None
        # the first screenful as text, laid out as the table's rows, sorted by title
        lines = preview(home)
        assert lines[0].split() == [
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
        assert 10 <= len(lines) - 1 < 31
        assert [line.split(PENDING)[0].strip() for line in lines[1:4]] == [
            "Project 00",
            "Project 01",
            "Project 02",
        ]
        assert all(line.count(PENDING) == 5 for line in lines[1:])
        # just after the first frame (the app's on_ready): the table, every row, pending
        home.mount_rows()
        home.fill()
        await pilot.pause()
        assert not home.query("#home-preview")
        shown = home_rows(app)
        assert len(shown) == 31 and shown[0][0] == "Project 00"
        assert all(cell == PENDING for r in shown for cell in r[1:])
        assert "Reading project.toml" in str(home.query_one("#home-detail").render())
        home.action_reload()
        await asyncio.wait_for(home.loaded_event.wait(), HANG)
        await pilot.pause()
        listed = home_rows(app)
        assert len(listed) == 31 and listed[0][0] == "Project 00"
        assert not any(cell == PENDING for r in listed for cell in r[1:])
        assert next(r for r in listed if r[0].startswith("✗ zz-broken"))[-1] == "ERROR"


async def test_cursor_stays_on_top_until_moved(portfolio: Path) -> None:
    """Rows sorted again as projects are read do not carry an unmoved cursor away (the
    broken project is listed by its folder name once read: it moves to the top)."""
    (portfolio / "zz-broken" / "project.toml").write_text('title = "Zulu"\n[aim\n')
    (portfolio / "aa-broken").mkdir()
    (portfolio / "aa-broken" / "project.toml").write_text('title = "Zz"\n[aim\n')
    for moved in (False, True):
        app = make_app(portfolio, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await home_loaded(pilot)
            home = HomeScreen(portfolio, quick=True)
            await app.push_screen(home)
            home.mount_rows()
            home.fill()
            await pilot.pause()
            assert home_rows(app)[0][0] == "Project 00"
            if moved:
                await pilot.press("down")
            home.action_reload()
            await asyncio.wait_for(home.loaded_event.wait(), HANG)
            await pilot.pause()
            assert home_rows(app)[0][0].startswith("✗ aa-broken")
            assert home.current() is not None
            assert home.current().title == ("Project 01" if moved else "aa-broken")


async def test_enter_on_a_title_read_fast_opens_the_project(portfolio: Path) -> None:
    app = make_app(portfolio, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        home = HomeScreen(portfolio, quick=True)
        await app.push_screen(home)
        home.mount_rows()  # as the app's on_ready does, just after the first frame
        home.fill()
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not home
        assert app.current_store() is not None
        assert app.current_store().project.title == "Project 00"
