"""The import-linter contracts in pyproject.toml stay whole as modules are added."""

from __future__ import annotations

import tomllib

from tests.helpers.projects import ROOT

UI = {
    "qitui.app",
    "qitui.cli",
    "qitui.commands",
    "qitui.controller",
    "qitui.flows",
    "qitui.keymap",
    "qitui.messages",
    "qitui.palette",
    "qitui.screens",
    "qitui.serve",
    "qitui.textual_compat",
    "qitui.widgets",
}


def top_level_modules() -> set[str]:
    """``qitui.<name>`` for each module and package directly under qitui/."""
    names = set()
    for path in (ROOT / "qitui").iterdir():
        if path.suffix == ".py" and path.stem not in ("__init__", "__main__"):
            names.add(f"qitui.{path.stem}")
        elif path.is_dir() and (path / "__init__.py").exists():
            names.add(f"qitui.{path.name}")
    return names


def contracts() -> dict[str, dict[str, list[str]]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["name"]: c for c in data["tool"]["importlinter"]["contracts"]}


def test_every_core_module_is_under_the_no_ui_contract() -> None:
    contract = next(c for n, c in contracts().items() if n.startswith("The core never imports"))
    assert set(contract["source_modules"]) == top_level_modules() - UI
    assert {"textual", "qitui.screens", "qitui.widgets", "qitui.app"} <= set(
        contract["forbidden_modules"]
    )


def test_analysis_is_forbidden_every_other_qitui_module() -> None:
    contract = next(c for n, c in contracts().items() if n.startswith("Analysis imports only"))
    assert contract["source_modules"] == ["qitui.analysis"]
    forbidden = {f for f in contract["forbidden_modules"] if f.startswith("qitui.")}
    assert forbidden == top_level_modules() - {"qitui.analysis"}


def test_every_screen_is_under_the_independence_contract() -> None:
    contract = contracts()["Screens never import screens"]
    assert contract["type"] == "independence"
    screens = {
        f"qitui.screens.{path.stem}"
        for path in (ROOT / "qitui" / "screens").glob("*.py")
        if path.stem not in ("__init__", "base")
    }
    assert set(contract["modules"]) == screens
