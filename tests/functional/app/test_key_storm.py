"""A storm of keys on every screen (seeded, so that a failure can be replayed): the app stays
up, shows no error panel, and every file it leaves passes ``qitui check``.

The keys arrive as a terminal sends them when someone leans on the keyboard: in bursts,
faster than the app answers, so that a key lands on a screen or a dialog another key of the
burst has just opened. Letters, digits, Enter, Escape, Tab, arrows, Ctrl+S, Delete,
Backspace, space and the bracket and slash characters; never q or Ctrl+Q (they quit).
Replay one seed with ``STORM_SEEDS=1234 pytest tests/functional/app/test_key_storm.py``; run many
with ``STORM_SEEDS=1-200`` (and more keys per screen with ``STORM_KEYS=300``).
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest
from textual import events

from qitui.app import make_app
from qitui.lint import check_paths
from qitui.screens import navigation
from qitui.screens.project import ProjectScreen
from tests.helpers.pilot import home_loaded
from tests.helpers.sample import TODAY, build_sample

#: (key name, character) as a terminal reports them
KEYS: list[tuple[str, str | None]] = [
    *((c, c) for c in "abcdefghijklmnoprstuvwxyz0123456789"),  # no q: it quits
    *((c, c) for c in "ADMPX"),
    ("enter", "\r"),
    ("escape", "\x1b"),
    ("tab", "\t"),
    ("shift+tab", None),
    ("up", None),
    ("down", None),
    ("left", None),
    ("right", None),
    ("ctrl+s", "\x13"),
    ("delete", None),
    ("backspace", "\x7f"),
    ("space", " "),
    ("left_square_bracket", "["),
    ("right_square_bracket", "]"),
    ("slash", "/"),
]
#: screens to storm: Home, the project overview, each section, a measure, the chart and a
#: cycle worksheet (reached from their sections by Enter or g)
SECTIONS = ["home", "project", "aim", "measures", "measure", "chart", "changes", "cycles",
            "cycle", "notes"]  # fmt: skip
#: keys sent to each screen (a few hundred over the walk of each seed; STORM_KEYS changes it)
KEYS_PER_SCREEN = int(os.environ.get("STORM_KEYS", "30"))
BURST = 15


def seeds() -> list[int]:
    spec = os.environ.get("STORM_SEEDS", "")
    if not spec:
        return [3, 17, 2026]
    if "-" in spec:
        low, high = spec.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(s) for s in spec.split(",")]


def send(app: Any, rng: random.Random, count: int) -> None:
    """``count`` random keys, straight into the app's queue (no waiting between them)."""
    for _ in range(count):
        key, char = rng.choice(KEYS)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def go_to(pilot: Any, section: str, folder: Path) -> None:
    """From whatever the last storm left: back to Home (unsaved edits dropped), then on to
    ``section``."""
    app = pilot.app
    stack = app.screen_stack
    keep = 2 if section != "home" and len(stack) > 1 and isinstance(stack[1], ProjectScreen) else 1
    while len(app.screen_stack) > keep:
        app.pop_screen()
    await pilot.pause()
    if section == "home":
        return
    if len(app.screen_stack) < 2 or not isinstance(app.screen_stack[1], ProjectScreen):
        while len(app.screen_stack) > 1:  # the last storm's Escape may still be closing it
            app.pop_screen()
        store = app.open_store(folder)
        assert store is not None
        await app.push_screen(ProjectScreen(store))
    store = app.screen_stack[1].store
    names = ["project", "aim", "measures", "changes", "cycles", "notes"]
    base = {"measure": "measures", "chart": "measures", "cycle": "cycles"}.get(section, section)
    if base != "project":
        _title, _help, factory = navigation.destinations()[names.index(base)]
        await app.push_screen(factory(store))
    await pilot.pause()
    if section in ("measure", "cycle"):
        await pilot.press("enter")
    elif section == "chart":
        await pilot.press("g")
    await pilot.pause()


def file_errors(folder: Path) -> list[str]:
    return [p.describe() for p in check_paths([folder]) if p.level == "error"]


@pytest.mark.parametrize("seed", seeds())
async def test_key_storm_on_every_screen(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "projects"
    root.mkdir()
    build_sample(root / "hillview")
    assert file_errors(root) == []
    rng = random.Random(seed)
    app = make_app(root, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        for section in SECTIONS:
            await go_to(pilot, section, root / "hillview")
            for _ in range(KEYS_PER_SCREEN // BURST):
                send(app, rng, BURST)
                await pilot.pause()
                assert app.is_running, (seed, section)
            assert app.errors == [], (seed, section, app.errors)
        assert app.is_running
    assert app.return_code in (None, 0)
    assert file_errors(root) == [], seed
