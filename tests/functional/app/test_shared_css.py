"""The apps of a test process share Textual's parsed CSS (tests/helpers/css_cache.py): an app
started after another parses nothing again, and gets the styles of its own theme."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.widgets import Static

from tests.helpers import css_cache


class Themed(App[None]):
    CSS = "Static { background: $primary; color: $text; }"

    def __init__(self, theme: str) -> None:
        super().__init__()
        self.theme = theme

    def compose(self) -> ComposeResult:
        yield Static("hello")


async def _colours(theme: str) -> tuple[Color, Color]:
    app = Themed(theme)
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        static = app.query_one(Static)
        expected = Color.parse(app.theme_variables["primary"])
        return static.styles.background, expected


async def test_an_app_after_another_parses_nothing_again() -> None:
    assert hasattr(Stylesheet._parse_rules, "__wrapped__")  # tests/conftest.py installed it
    await _colours("textual-dark")
    before = css_cache.counts()
    await _colours("textual-dark")
    after = css_cache.counts()
    assert after["parses"] == before["parses"]
    assert after["hits"] > before["hits"]


async def test_each_theme_gets_its_own_parse() -> None:
    # the rules hold the variables' values: a key without them would give the second app
    # the first one's colours
    dark, dark_expected = await _colours("textual-dark")
    light, light_expected = await _colours("textual-light")
    assert dark_expected != light_expected
    assert (dark, light) == (dark_expected, light_expected)
    again, _ = await _colours("textual-dark")
    assert again == dark_expected
