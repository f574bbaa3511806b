"""Fixtures for the app tests: small projects built through the store, fixed dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from qitui_sample import TODAY, build_sample

from qitui.app import QituiApp, make_app
from qitui.store import ProjectStore


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    """A folder of projects holding the sample project (projects/hillview)."""
    folder = tmp_path / "projects"
    folder.mkdir()
    build_sample(folder / "hillview")
    return folder


@pytest.fixture
def sample_store(projects: Path) -> ProjectStore:
    return ProjectStore.open(projects / "hillview")


@pytest.fixture
def app_on(projects: Path):  # noqa: ANN201
    """Build an app on a path with today's date fixed."""

    def make(path: Path | None = None, read_only: bool = False) -> QituiApp:
        return make_app(path or projects, read_only=read_only, today=TODAY)

    return make
