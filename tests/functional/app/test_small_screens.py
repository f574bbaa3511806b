"""What a small terminal showed wrong: the chart opened from Measures and its n/p order,
cut headers and footer keys, toasts over the verdict, plurals, a wrapping Overview menu."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from qitui import model as m
from qitui.screens.chart import ChartScreen
from qitui.screens.measures import MeasuresScreen
from qitui.screens.project import ProjectScreen
from qitui.store import ProjectStore
from qitui.widgets.footer import fit, key_width
from tests.helpers.pilot import home_loaded, until

SIZE = (80, 24)


def add_measures(projects: Path) -> None:
    """Two more measures whose file order differs from the Measures list's order."""
    store = ProjectStore.open(projects / "hillview")
    base = store.project.measure("did-not-attend")
    assert base is not None
    for mid, name, kind in (("a-wait", "Waiting days", "process"), ("b-calls", "Calls", "process")):
        store.save_measure(m.Measure(mid, name, type=kind, points=list(base.points)))


async def test_chart_from_measures_is_the_selected_one_in_list_order(
    app_on, projects: Path
) -> None:
    add_measures(projects)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "m")
        screen = app.screen
        assert isinstance(screen, MeasuresScreen)
        listed = [meas.id for meas in screen.ordered()]
        assert listed == ["on-time", "b-calls", "a-wait", "did-not-attend"]
        await pilot.press("down", "down", "g")
        await pilot.pause()
        chart = app.screen
        assert isinstance(chart, ChartScreen) and chart.measure_id == "a-wait"
        title = str(chart.query_one("#chart-title", Static).render())
        assert title.endswith("(3/4)")
        seen = []
        for _ in listed:
            await pilot.press("n")
            seen.append(chart.measure_id)
        assert seen == ["did-not-attend", "on-time", "b-calls", "a-wait"]
        await pilot.press("p")
        assert chart.measure_id == "b-calls"


def test_footer_leaves_out_whole_keys_quit_and_back_first() -> None:
    keys = [
        FooterKey(k, k, d, a)
        for k, d, a in [
            ("a", "Add measure", "add"),
            ("g", "Chart", "chart"),
            ("del", "Delete measure", "delete"),
            ("^q", "Quit", "quit"),
            ("?", "Keys", "help"),
            ("esc", "Back", "back"),
        ]
    ]
    widths = [key_width(k) for k in keys]
    assert widths[0] == len(" a Add measure ")
    kept = fit(list(keys), sum(widths) - 1)
    assert [k.action for k in kept] == ["add", "chart", "delete", "help", "back"]
    kept = fit(list(keys), sum(widths) - widths[3] - widths[5] - 1)
    assert [k.action for k in kept] == ["add", "chart", "help"]  # from the end, ? kept
    assert fit(list(keys), 0) == [keys[4]]


async def test_no_screen_cuts_a_footer_key_or_a_header_at_80_columns(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        for keys in [(), ("enter",), ("m",), ("enter",), ("escape", "g"), ("escape", "escape")]:
            await pilot.press(*keys)
            await pilot.pause()
            shown = list(app.screen.query(FooterKey))
            palette = next(k for k in shown if "-command-palette" in k.classes)
            for key in shown:
                if key is not palette:
                    assert key.region.right <= palette.region.x, key.description
                    assert key.region.width == key_width(key), key.description
            assert any(k.action == "help" for k in shown)
            if isinstance(app.screen, MeasuresScreen):
                table = app.screen.query_one(DataTable)
                assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_toasts_do_not_cover_the_verdict(app_on) -> None:
    app = app_on()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter", "m", "down", "g")
        await pilot.pause()
        assert isinstance(app.screen, ChartScreen)
        await pilot.press("2")  # a run chart: "Only control charts have sigma lines."
        await until(pilot, lambda: bool(app.screen.query(Toast)), "a toast")
        await pilot.pause()  # laid out
        toasts = list(app.screen.query(Toast))
        notes = app.screen.query_one("#chart-notes").region
        for toast in toasts:
            assert not toast.region.overlaps(notes)


async def test_overview_menu_is_one_line_a_section_at_60_columns(app_on) -> None:
    app = app_on()
    async with app.run_test(size=(60, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        menu = app.screen.query_one("#sections", OptionList)
        assert menu.option_count == 6 and menu.virtual_size.height == 6
        text = [str(menu.get_option_at_index(i).prompt) for i in range(6)]
        assert "1 earlier aim · 2 scores" in text[0]
        assert text[5].endswith("2 notes")


async def test_plurals_on_screens(app_on, projects: Path) -> None:
    store = ProjectStore.open(projects / "hillview")
    store.delete_note("2026-03-01-coach")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        menu = app.screen.query_one("#sections", OptionList)
        assert str(menu.get_option_at_index(5).prompt).endswith("1 note")
        assert "(s)" not in " ".join(str(menu.get_option_at_index(i).prompt) for i in range(6))
