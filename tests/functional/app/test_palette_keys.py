"""The command palette holds every screen's own actions, each once; Home claims no "back";
help is titled by the screen's name; keys can be rebound from a keymap file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Input, OptionList

from qitui.app import QituiApp, make_app
from qitui.keymap import binding_owners, keymap_path, read_keymap
from qitui.screens.chart import ChartScreen
from qitui.screens.home import HomeScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.project import ProjectScreen
from qitui.widgets.dialogs import HelpScreen
from tests.helpers.pilot import home_loaded, palette_searched, until
from tests.helpers.projects import ROOT
from tests.helpers.sample import TODAY

SIZE = (80, 24)
DOCS = ROOT / "docs" / "app.md"


def titles(app: QituiApp) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


def footer_text(app: QituiApp) -> str:
    footer = app.screen.query_one(Footer)
    return " ".join(f"{k.key_display} {k.description}" for k in footer.query("FooterKey"))


async def palette_hits(pilot, query: str) -> list[str]:  # noqa: ANN001
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await pilot.press(*query)
    await palette_searched(pilot)
    found = pilot.app.screen.query_one("CommandList", OptionList)
    options = [found.get_option_at_index(i) for i in range(found.option_count)]
    hits = [str(o.prompt).split("\n")[0] for o in options]
    await pilot.press("escape")
    await pilot.pause()
    return hits


async def test_home_actions_are_in_the_palette(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert await palette_hits(pilot, "new project") == ["Project: new project"]
        assert "Project: sort" in await palette_hits(pilot, "sort")
        assert "Project: filter" in await palette_hits(pilot, "filter")
        assert isinstance(app.screen, HomeScreen)
        assert not any(t.startswith("Go: ") for t in titles(app))  # nowhere to go from Home


async def test_every_screen_lists_each_action_once(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        seen: dict[str, list[str]] = {}
        for keys in [(), ("enter",), ("m",), ("enter",), ("escape", "g")]:
            await pilot.press(*keys)
            await pilot.pause()
            found = titles(app)
            seen[type(app.screen).__name__] = found
            assert len(found) == len(set(found)), found
        overview = seen["ProjectScreen"]
        assert [t for t in overview if t.startswith("Go: ")] == [
            "Go: aim",
            "Go: measures",
            "Go: changes",
            "Go: cycles",
            "Go: charts",
            "Go: notes",
            "Go: project settings",
            "Go: set collaborative",
            "Go: back",
            "Go: home",
        ]
        assert "Measures: add measure" in seen["MeasuresScreen"]
        assert "Go: measures" not in seen["MeasuresScreen"]  # not to where you are
        assert {"Charts: next measure", "Charts: 2σ lines"} <= set(seen["ChartScreen"])
        assert "Charts: back" not in seen["ChartScreen"]  # "Go: back" is the one


async def test_escape_on_home_claims_nothing_but_clears_the_filter(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "Back" not in footer_text(app) and "escape" not in app.screen.active_bindings
        await pilot.press("slash", "x")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert "Clear filter" in footer_text(app)
        await pilot.press("escape")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and home.filter_text == ""
        assert "Clear filter" not in footer_text(app) and "Back" not in footer_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        back = app.screen.active_bindings["escape"]
        assert back.binding.action == "back" and back.enabled


@pytest.mark.parametrize(
    ("keys", "title"),
    [
        ((), "Keys — Home"),
        (("enter", "g", "enter"), "Keys — Chart"),
        (("enter",), "Keys — Overview"),
    ],
)
async def test_help_is_titled_by_the_screens_name(
    app_on, keys: tuple[str, ...], title: str
) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert str(app.screen.query_one(".dialog-title").render()) == title


def write_keymap(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "qitui" / "keymap.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


async def test_keys_are_rebound_from_the_keymap(tmp_path: Path, projects: Path) -> None:
    path = write_keymap(
        tmp_path,
        'home-sort = "o"\nhome-new = "i"\n"chart.next" = "right,n"\nchart.previous = "left"\n',
    )
    assert keymap_path({"XDG_CONFIG_HOME": str(tmp_path / "config")}) == path
    app = make_app(projects, today=TODAY, keymap=path)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "o Sort" in footer_text(app)
        await pilot.press("s")
        assert home.sort_by == "title"
        await pilot.press("o")
        assert home.sort_by == "score"
        commands = {c.title: c.help for c in app.get_system_commands(home)}
        assert commands["Project: new project"] == "New project (i)"
        await pilot.press("enter", "g", "enter")
        await pilot.pause()
        chart = app.screen
        assert isinstance(chart, ChartScreen)
        first = chart.measure_id
        await pilot.press("right")
        assert chart.measure_id != first
        await pilot.press("left")
        assert chart.measure_id == first
        assert not app._notifications


async def test_a_bad_keymap_is_told_and_the_app_runs(tmp_path: Path, projects: Path) -> None:
    path = write_keymap(
        tmp_path,
        'home-sort = "o"\nhome-nwe = "n"\nhome-filter = "ctl+f"\nhome-reload = 5\n',
    )
    app = make_app(projects, today=TODAY, keymap=path)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1
        assert f"{path}:2: no binding has the id 'home-nwe'" in messages[0]
        assert f"{path}:3: 'ctl+f' is not a key" in messages[0]
        assert f"{path}:4: 'home-reload' needs keys as text" in messages[0]
        await pilot.press("o")  # the good line is applied
        assert isinstance(app.screen, HomeScreen) and app.screen.sort_by == "score"


async def test_a_broken_keymap_file_is_told(tmp_path: Path, projects: Path) -> None:
    path = write_keymap(tmp_path, 'home-sort = "o\n')
    app = make_app(projects, today=TODAY, keymap=path)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and f"{path}:1: TOML syntax error" in messages[0]
        await pilot.press("s")
        assert isinstance(app.screen, HomeScreen) and app.screen.sort_by == "score"


def test_no_keymap_file_is_no_keymap(tmp_path: Path) -> None:
    found = read_keymap(tmp_path / "nothing.toml")
    assert found.keys == {} and found.problems == []


def test_every_binding_id_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [i for i in binding_owners() if f"`{i}`" not in text]
    assert not missing, f"docs/app.md does not list {missing}"


def test_measures_screen_is_a_palette_category() -> None:
    assert MeasuresScreen.CATEGORY == "Measures" and ChartScreen.CATEGORY == "Charts"


async def test_backspace_does_not_close_a_dialog(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("backspace")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "g", "enter")  # the chart: Backspace goes back too
        await pilot.pause()
        assert isinstance(app.screen, ChartScreen)
        await pilot.press("backspace")
        assert isinstance(app.screen, ProjectScreen)


async def test_a_key_taken_from_another_action_is_refused(tmp_path: Path, projects: Path) -> None:
    path = write_keymap(tmp_path, 'home-sort = "n"\nhome-filter = "r"\n')
    app = make_app(projects, today=TODAY, keymap=path)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1
        assert f"{path}:1: 'n' is already the key of 'home-new' on the same screen" in messages[0]
        assert f"{path}:2: 'r' is already the key of 'home-reload'" in messages[0]
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("s")  # both lines refused: the default keys stay
        assert home.sort_by == "score"


def test_keys_can_be_swapped(tmp_path: Path) -> None:
    path = write_keymap(tmp_path, 'home-sort = "n"\nhome-new = "s"\n')
    found = read_keymap(path)
    assert found.problems == [] and found.keys == {"home-sort": "n", "home-new": "s"}
