"""The tests' own rules (tests/README.md): no test module imports another (shared builders
live in tests/helpers and tests/conftest.py), every test module sits under unit/ or
functional/, and a unit test starts no app and no process."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
#: What a unit test may not use: the app and its screens, processes, forks.
NOT_IN_UNIT = ("subprocess", "multiprocessing", "qitui.app", "qitui.screens", "qitui.widgets")


def python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__snapshots__" not in p.parts)


#: The suite's own module names (a bare ``import test_home`` would find one of these).
LOCAL = {p.stem for p in python_files()}


def imported(tree: ast.AST) -> list[str]:
    """Every module a file imports, as written (``from . import x`` gives ``.x``)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.append(base)
            names += [f"{base}.{alias.name}".replace("..", ".") for alias in node.names]
    return names


def is_test_module(name: str) -> bool:
    """A module of this suite that is a test module or a conftest (``tests.…``, relative, or
    by the bare name pytest's rootdir import would find), not a library's ``test_utils``."""
    parts = name.lstrip(".").split(".")
    ours = name.startswith((".", "tests.")) or parts[0] in LOCAL
    return ours and any(part.startswith("test_") or part == "conftest" for part in parts)


def test_no_test_module_imports_another() -> None:
    offenders = [
        f"{path.relative_to(TESTS)} imports {name}"
        for path in python_files()
        for name in imported(ast.parse(path.read_text(encoding="utf-8")))
        if is_test_module(name)
    ]
    assert offenders == []


def test_the_rule_sees_an_import_of_a_test_module() -> None:
    """The scan above can fail: each way of importing a test module is seen."""
    for code in (
        "from test_home import rows",
        "from tests.functional.app.test_home import rows",
        "from .test_home import rows",
        "from . import test_home",
        "import tests.unit.test_store as s",
        "from tests.conftest import build",
    ):
        assert any(is_test_module(n) for n in imported(ast.parse(code))), code
    assert not any(is_test_module(n) for n in imported(ast.parse("from tests.helpers import x")))


def test_every_test_module_is_unit_or_functional() -> None:
    misplaced = [
        str(path.relative_to(TESTS))
        for path in python_files()
        if path.name.startswith("test_")
        and path.relative_to(TESTS).parts[0] not in {"unit", "functional"}
    ]
    assert misplaced == []


def test_unit_tests_start_no_app_and_no_process() -> None:
    offenders = []
    for path in sorted((TESTS / "unit").rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        for name in imported(ast.parse(text)):
            if name.startswith(NOT_IN_UNIT):
                offenders.append(f"{path.relative_to(TESTS)} imports {name}")
        if "run_test(" in text or "os.fork" in text:
            offenders.append(f"{path.relative_to(TESTS)} runs the app or forks")
    offenders = [o for o in offenders if not o.startswith("unit/test_test_layout.py")]
    assert offenders == []
