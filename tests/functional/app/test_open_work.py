"""Starting the app and opening a screen do each piece of work once: counted, not timed.

A screen is laid out when it opens, and again only when something in it asks (the same-size
``Resize`` every new screen sends itself no longer lays it out twice); the screen hidden under
it is not laid out at all; the footer is built once per screen and not again when its screen
comes back; Home's rows are built once; a new screen shows its model once. These used to be
8–9 layouts for a start and 6 for an opening, a footer rebuilt on the hidden screen, Home's
rows built twice, each screen's model worked out twice (bench/bench_app_start.py measures
the CPU).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import DataTable

from qitui import app as app_module
from qitui.widgets.footer import FitFooter
from tests.helpers.pilot import home_loaded, until
from tests.helpers.projects import EXAMPLES

#: the most layouts of the whole screen an opening may take (was 6; 4 on an idle machine)
MOST_LAYOUTS = 5

STEPS = [  # key, the screen in front after it, whether it opens a new screen
    ("enter", "ProjectScreen", True),
    ("a", "AimScreen", True),
    ("escape", "ProjectScreen", False),
    ("m", "MeasuresScreen", True),
    ("enter", "MeasureScreen", True),
    ("escape", "MeasuresScreen", False),
    ("escape", "ProjectScreen", False),
    ("c", "CyclesScreen", True),
    ("escape", "ProjectScreen", False),
    ("d", "ChangesScreen", True),
    ("escape", "ProjectScreen", False),
]


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Layouts (by screen, and those a same-size Resize asked for), footer builds (by
    screen) and table rebuilds, counted; the disk check (a timer) is off."""
    counts: Counter[str] = Counter()
    reflow = Compositor.reflow
    resized = Screen._screen_resized
    mount_all = FitFooter.mount_all
    clear = DataTable.clear
    resizing: list[Size] = []

    def counted_reflow(self: Compositor, parent: Any, size: Any) -> Any:
        counts[f"layout {type(parent).__name__}"] += 1
        if resizing and resizing[-1] == self.size == size:
            counts["same-size resize layouts"] += 1
        return reflow(self, parent, size)

    def counted_resized(self: Screen[Any], size: Size) -> None:
        resizing.append(size)
        try:
            resized(self, size)
        finally:
            resizing.pop()

    def counted_mount_all(self: FitFooter, widgets: Any, *args: Any, **kwargs: Any) -> Any:
        counts[f"footer {type(self.screen).__name__}"] += 1
        return mount_all(self, widgets, *args, **kwargs)

    def counted_clear(self: DataTable[Any], *args: Any, **kwargs: Any) -> Any:
        counts[f"table built {self.id}"] += 1
        return clear(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "reflow", counted_reflow)
    monkeypatch.setattr(Screen, "_screen_resized", counted_resized)
    monkeypatch.setattr(FitFooter, "mount_all", counted_mount_all)
    monkeypatch.setattr(DataTable, "clear", counted_clear)
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    yield counts


def layouts(work: Counter[str]) -> dict[str, int]:
    return {k: n for k, n in work.items() if k.startswith("layout ")}


async def test_a_start_and_each_opening_do_their_work_once(
    app_on,  # noqa: ANN001
    work: Counter[str],
    tmp_path: Path,
) -> None:
    # the shipped example: its rows' widths before the table is laid out were those of a
    # table with a scroll bar (rows built twice); they stay as they are once read in full
    app = app_on(shutil.copytree(EXAMPLES, tmp_path / "example"))
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        assert work["same-size resize layouts"] == 0, dict(work)
        assert work["footer HomeScreen"] == 1, dict(work)
        assert work["table built projects"] == 1, dict(work)
        assert set(layouts(work)) == {"layout HomeScreen"}, dict(work)

        for key, name, opens in STEPS:
            await pilot.pause()
            work.clear()
            await pilot.press(key)
            await until(pilot, lambda name=name: type(app.screen).__name__ == name, name)
            done = dict(work)
            assert work["same-size resize layouts"] == 0, (key, name, done)
            # the screen below, hidden, is neither laid out nor given a new footer
            assert set(layouts(work)) <= {f"layout {name}"}, (key, name, done)
            footers = {k: n for k, n in work.items() if k.startswith("footer ")}
            assert footers == ({f"footer {name}": 1} if opens else {}), (key, name, done)
            if opens:
                assert 1 <= work[f"layout {name}"] <= MOST_LAYOUTS, (key, name, done)
                # its model (the measures' analysis, say) worked out once, not again when
                # the screen first comes to the front
                assert app.screen._views == 1, (name, app.screen._views)


async def test_a_new_size_is_laid_out_on_every_screen(app_on) -> None:  # noqa: ANN001
    """A screen hidden while the terminal changed size is laid out at the new size when it
    comes back."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ProjectScreen")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one(FitFooter).size.width == 100
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.pause()
        home = app.screen
        assert home.size == Size(100, 30)
        assert home.query_one(FitFooter).region.width == 100
        assert home.query_one(DataTable).region.width == 100
