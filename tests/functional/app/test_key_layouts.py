"""A key that changes nothing's size lays nothing out: moving in a table, typing in a field
and Tab between fields never lay out the whole screen again, nor rebuild the footer.

Counted, not timed. A layout of the whole screen (Textual's ``Compositor.reflow``) costs
milliseconds on a big form, and with it the whole screen is drawn again: it used to come
with every character typed (a field's virtual size is a reactive that asks for a layout).
What may lay out is left out on purpose: a message line that appears (its height changes),
a key that opens a screen. Scrolling a table (``reflow_visible``) is not a layout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from qitui import app as app_module
from qitui.screens.aim import AimScreen
from qitui.screens.measure import MeasureScreen
from qitui.widgets.footer import FitFooter
from qitui.widgets.point_editor import PointEditor
from tests.helpers.pilot import home_loaded

SIZE = (100, 30)


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Whole-screen layouts and footer rebuilds, counted; the disk check (a timer) is off."""
    counts: Counter[str] = Counter()
    reflow = Compositor.reflow
    recompose = FitFooter.recompose

    def counted_reflow(self: Compositor, parent: Any, size: Any) -> Any:
        counts["layouts"] += 1
        return reflow(self, parent, size)

    async def counted_recompose(self: FitFooter) -> None:
        before = list(self.children)
        await recompose(self)
        if list(self.children) != before:
            counts["footer rebuilds"] += 1

    monkeypatch.setattr(Compositor, "reflow", counted_reflow)
    monkeypatch.setattr(FitFooter, "recompose", counted_recompose)
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    yield counts


async def no_layout(
    pilot: Pilot[Any], work: Counter[str], *keys: str, only: str | None = None
) -> None:
    """Press each of ``keys``: none may lay out the screen or rebuild the footer (``only``:
    just that one of the two)."""
    for key in keys:
        await pilot.pause()
        work.clear()
        await pilot.press(key)
        await pilot.pause()
        where = type(pilot.app.screen).__name__
        found = {k: n for k, n in work.items() if only in (None, k)}
        assert not found, f"{key!r} on {where} (focus {pilot.app.focused}): {found}"


async def test_keys_in_tables_and_fields_lay_nothing_out(app_on, work: Counter[str]) -> None:  # noqa: ANN001
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await no_layout(pilot, work, "down", "up")  # Home's rows

        await pilot.press("enter", "m", "enter")  # a measure's data
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen) and isinstance(app.focused, DataTable)
        await no_layout(pilot, work, "down", "down", "up", "end", "home")

        await pilot.press("enter")  # the point editor, on the value
        await pilot.pause()
        assert isinstance(app.screen, PointEditor) and isinstance(app.focused, Input)
        # Tab through the counts to the note, type in it, and back
        await no_layout(pilot, work, "tab", "tab", *"ok", "backspace", "backspace", "shift+tab")
        assert isinstance(app.focused, Input) and app.focused.id == "pt-den"
        await pilot.press("escape")  # the note as it was: nothing to ask
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)

        await pilot.press("2")  # the definition tab
        await pilot.pause()
        # Tab from the table to the form: its focus bar is drawn (a layout), but the footer
        # shows the same keys (only the table's hidden ones went): it is not rebuilt
        await no_layout(pilot, work, "tab", only="footer rebuilds")
        await pilot.press("tab")  # the name
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "def-name"
        await pilot.press("w")  # the first edit shows "unsaved" under the form: may lay out
        await pilot.pause()
        await no_layout(pilot, work, *"ord", "backspace")

        await pilot.press("escape", "d", "escape", "a")  # discard; the aim's form
        await pilot.pause()
        assert isinstance(app.screen, AimScreen) and isinstance(app.focused, Input)
        await no_layout(pilot, work, "tab", "tab", "shift+tab")  # field to field
