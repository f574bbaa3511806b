"""A storm of keys on every screen (seeded, so that a failure can be replayed): the app stays
up, shows no error panel, and every file it leaves passes ``qitui check``.

The keys arrive as a terminal sends them when someone leans on the keyboard: in bursts,
faster than the app answers, so that a key lands on a screen or a dialog another key of the
burst has just opened. Letters, digits, Enter, Escape, Tab, arrows, Ctrl+S, Delete,
Backspace, space and the bracket and slash characters; never q or Ctrl+Q (they quit).
Replay one seed with ``STORM_SEEDS=1234 pytest tests/functional/app/test_key_storm.py``; run many
with ``STORM_SEEDS=1-200`` (and more keys per screen with ``STORM_KEYS=300``).
When the app stops or shows an error, the failure says why: the app's ``stop_reason``, each
error with its traceback, the screen stack before the burst and the last keys sent.
"""

from __future__ import annotations

import os
import random
import traceback
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from textual import events

from qitui import controller
from qitui.app import make_app
from qitui.lint import check_paths
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
#: keys sent to each screen (several hundred over the walk of each seed; STORM_KEYS changes it)
KEYS_PER_SCREEN = int(os.environ.get("STORM_KEYS", "90"))
BURST = 15
#: the seed run by default (90 keys a screen). Seeds 3, 103 and 129 ran by default before;
#: each cause they found (129: a flow's dialog on a screen left in the same burst; 103: a flow
#: whose screen had closed) has a focused test in test_storm_regressions.py that does not
#: depend on timing, so one seed (11 s of CPU) keeps the storm in every run and the long
#: runs (STORM_SEEDS=1-250) are made by hand; see docs/app.md, "What the key storm found"
DEFAULT_SEEDS = [129]


def seeds() -> list[int]:
    spec = os.environ.get("STORM_SEEDS", "")
    if not spec:
        return DEFAULT_SEEDS
    if "-" in spec:
        low, high = spec.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(s) for s in spec.split(",")]


class Record:
    """What the storm did, to say why when the app stops: the last keys and screen stacks."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.section = ""
        self.keys: deque[str] = deque(maxlen=3 * BURST)
        self.stacks: deque[list[str]] = deque(maxlen=3)

    def burst(self, app: Any) -> None:
        self.stacks.append([type(s).__name__ for s in app.screen_stack])
        self.keys.append("|")  # where a burst begins

    def why(self, app: Any, what: str) -> str:
        """A report for a failed assertion: enough to understand the failure without a rerun."""
        lines = [
            f"seed {self.seed}, screen {self.section!r}: {what}",
            f"running: {app.is_running}; return code: {app.return_code}; "
            f"stop reason: {getattr(app, 'stop_reason', None)}; "
            f"recovery file: {getattr(app, 'recovery_path', None)}",
        ]
        for name, errors in (("error", app.errors), ("dropped error", app.dropped_errors)):
            for error in errors:
                lines.append(f"{name}: {type(error).__name__}: {error}")
                lines += traceback.format_tb(error.__traceback__)[-6:]
        if getattr(app, "_exception", None) is not None:
            lines.append(f"Textual's exception: {app._exception!r}")
        lines.append(f"screen stacks before the last bursts: {list(self.stacks)}")
        lines.append(f"last keys: {' '.join(self.keys)}")
        lines.append(f"replay: STORM_SEEDS={self.seed} STORM_KEYS={KEYS_PER_SCREEN}")
        return "\n".join(lines)


def send(app: Any, rng: random.Random, count: int, record: Record | None = None) -> None:
    """``count`` random keys, straight into the app's queue (no waiting between them)."""
    if record is not None:
        record.burst(app)
    for _ in range(count):
        key, char = rng.choice(KEYS)
        if record is not None:
            record.keys.append(key)
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
        _title, _help, factory = controller.destinations()[names.index(base)]
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
    record = Record(seed)
    app = make_app(root, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        for section in SECTIONS:
            record.section = section
            try:
                await go_to(pilot, section, root / "hillview")
            except Exception as exc:
                raise AssertionError(record.why(app, f"could not reach it: {exc!r}")) from exc
            for _ in range(KEYS_PER_SCREEN // BURST):
                send(app, rng, BURST, record)
                await pilot.pause()
                assert app.is_running, record.why(app, "the app stopped")
            assert app.errors == [], record.why(app, "an error panel was shown")
        assert app.is_running, record.why(app, "the app stopped")
    assert app.return_code in (None, 0), record.why(app, "non-zero exit status")
    assert file_errors(root) == [], record.why(app, f"files left broken: {file_errors(root)}")
