"""Shared fixtures (tests/README.md lists them). Each project is built through the store once
per session and copied for each test that asks for it: a test may change its copy freely."""

from __future__ import annotations

import gc
import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qitui.store import ProjectStore
from tests.helpers import idle
from tests.helpers.css_cache import share_css_parses
from tests.helpers.projects import build_chart_project, build_small_project, make_portfolio
from tests.helpers.sample import TODAY, build_sample


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core. A pilot test spends most of its time waiting for the
    app to go idle between keys (Textual's pilot sleeps), so one worker per core leaves the
    cores half idle."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1), 16)


#: The longest tests (5–20 s of CPU each, most of it the pilot's), longest first.
LONGEST = (
    "test_new_user_path.py::test_new_user_path",
    "test_key_storm.py::test_key_storm_on_every_screen[129]",
    "test_keystroke_work.py::test_keys_in_tables_and_forms_do_no_work",
    "test_text_safety.py::test_every_screen_shows_user_text_literally",
    "test_key_layouts.py::test_keys_in_tables_and_fields_lay_nothing_out",
    "test_editing.py::test_section_keys_are_never_typed_and_never_dirty",
)


def pytest_configure(config: pytest.Config) -> None:
    """The apps of a test process share Textual's parsed CSS (tests/helpers/css_cache.py):
    each app parsed the same CSS again, about 25 ms of CPU per app started.

    Young objects are collected less often from the start: collection (pytest rewriting the
    asserts of about 100 test modules, each an AST of many small objects, while Textual and
    qitui are imported) set off full collections that cost each worker 0.7–1 s of its 3–4 s
    of collection CPU."""
    share_css_parses()
    if not os.environ.get("QITUI_TEXTUAL_IDLE"):  # set: the pilot waits Textual's own way
        idle.install()
    gc.set_threshold(100_000, 50, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (Textual, qitui, the test modules) lives to the end: it is
    moved out of the garbage collector's sight, and young objects are collected less often.
    The pilot tests make and drop many small objects; the full collections that walked
    everything imported cost about 6% of their CPU."""
    gc.collect()
    gc.freeze()


def pytest_unconfigure(config: pytest.Config) -> None:
    """What is left at the end is frozen, not collected: the process ends and its memory goes
    with it. pytest's check for exceptions raised in finalizers then collects nothing more
    (garbage of the run's last stretch is not finalised); the collections made during the
    run still report at the test that made them. Collecting it cost each worker 1.5–2 s of
    CPU at the very end (about 3 s of wall on two cores, with the four workers at once)."""
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the longest tests go first, each at the head of a worker's share: worksteal
    hands worker k the k-th of equal slices of the list (and steals from their tails), so no
    long test is left to run alone at the end. Every worker orders alike (xdist checks)."""
    workers = getattr(config, "workerinput", {}).get("workercount", 0)
    rank = {name: n for n, name in enumerate(LONGEST)}
    longest = sorted(
        (i for i in items if i.nodeid.split("/")[-1] in rank),
        key=lambda i: rank[i.nodeid.split("/")[-1]],
    )
    if workers < 2 or not longest:
        return
    rest = iter([i for i in items if i.nodeid.split("/")[-1] not in rank])
    heads: list[list[pytest.Item]] = [longest[k::workers] for k in range(workers)]
    ordered: list[pytest.Item] = []
    left = len(items)
    for k in range(workers):  # the slice sizes of xdist's WorkStealingScheduling
        size = left // (workers - k)
        left -= size
        ordered += heads[k]
        ordered += itertools.islice(rest, max(size - len(heads[k]), 0))
    ordered += list(rest)
    assert len(ordered) == len(items)
    items[:] = ordered


@pytest.fixture(autouse=True)
def _state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery files go to a folder of the test's own, never the developer's ~/.local/state
    (and no recovery dialog from an earlier run appears in a test)."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are taken at rest: no fades or smooth scrolling half-way through."""
    from textual import constants

    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")


# --------------------------------------------------------------------------- built once


@pytest.fixture(scope="session")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build each fixture project the first time a test asks for it (once per worker)."""
    made: dict[str, Path] = {}
    builders: dict[str, Callable[[Path], object]] = {
        "small": build_small_project,
        "charts": build_chart_project,
        "hillview": build_sample,
        "portfolio": make_portfolio,
    }

    def get(name: str) -> Path:
        if name not in made:
            folder = tmp_path_factory.mktemp(f"built-{name}") / name
            builders[name](folder)
            made[name] = folder
        return made[name]

    return get


def _copy(built: Path, target: Path) -> Path:
    """A copy with the files' times kept (Home shows when each file last changed)."""
    shutil.copytree(built, target, symlinks=True)
    return target


@pytest.fixture
def small_project(tmp_path: Path, _built: Callable[[str], Path]) -> Path:
    """A small project (an aim, two drivers, a p chart of 12 weeks, one cycle), a copy."""
    return _copy(_built("small"), tmp_path / "small")


@pytest.fixture
def chart_project(tmp_path: Path, _built: Callable[[str], Path]) -> ProjectStore:
    """A run chart (shift, gap, PDSA cycles, frozen baseline), a p chart with varying
    denominators and a two-phase I chart, opened from a copy."""
    return ProjectStore.open(_copy(_built("charts"), tmp_path / "charts"))


@pytest.fixture
def portfolio(tmp_path: Path, _built: Callable[[str], Path]) -> Path:
    """A folder of 30 projects, one with a current signal and one broken, a copy."""
    return _copy(_built("portfolio"), tmp_path / "portfolio")


@pytest.fixture
def projects(tmp_path: Path, _built: Callable[[str], Path]) -> Path:
    """A folder of projects holding the sample project (projects/hillview), a copy."""
    folder = tmp_path / "projects"
    folder.mkdir()
    _copy(_built("hillview"), folder / "hillview")
    return folder


@pytest.fixture
def sample_store(projects: Path) -> ProjectStore:
    return ProjectStore.open(projects / "hillview")


@pytest.fixture
def app_on(projects: Path):  # noqa: ANN201
    """Build an app on a path with today's date fixed."""
    from qitui.app import QituiApp, make_app

    def make(path: Path | None = None, read_only: bool = False) -> QituiApp:
        return make_app(path or projects, read_only=read_only, today=TODAY)

    return make


@pytest.fixture(scope="session")
def plotext_line_chart() -> Callable[[Any, int, int, bool], str]:
    """The chart with plotext's own data line (tests/helpers/plotext_line.py)."""
    from tests.helpers.plotext_line import plotext_line_chart_text

    return plotext_line_chart_text
