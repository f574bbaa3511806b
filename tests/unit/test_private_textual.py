"""No module of qitui outside qitui/textual_compat/ uses a private name of Textual: an upgrade of
Textual can then break only that module, whose own tests
(tests/functional/app/test_textual_compat.py) say what moved.

"Private names of Textual" are the names with one leading underscore that Textual's app,
screens, containers and widgets (every class from which a widget is made, up to
``MessagePump``) define: methods, class attributes and the attributes their code sets on
``self``. Each module of qitui is read (AST) for:

* an attribute of that name (``x._name``, or ``getattr(x, "_name")``) read, written or
  defined (a method) in a class made from a Textual class, or anywhere on an object that is
  not qitui's own (the name is not one qitui defines itself outside such classes);
* an import from a private module of Textual (``textual.widgets._footer``), or its name in
  a string (``sys.modules.get("textual.widgets._text_area")``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from functools import cache
from pathlib import Path

import textual.app
import textual.containers
import textual.screen
import textual.widgets
from textual.message_pump import MessagePump

QITUI = Path(__file__).resolve().parent.parent / "qitui"
COMPAT = QITUI / "textual_compat"  # the package
GETATTRS = {"getattr", "setattr", "hasattr", "delattr"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def _module_tree(path: str) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def _class_node(cls: type) -> ast.AST:
    """The class's statement in its module, found by its qualified name (each module is
    parsed once: ``inspect.getsource`` parsed and tokenised it again for every class)."""
    source = inspect.getsourcefile(cls)
    assert source is not None, cls
    node: ast.AST = _module_tree(source)
    for name in cls.__qualname__.split("."):
        node = next(
            n for n in getattr(node, "body", []) if isinstance(n, ast.ClassDef) and n.name == name
        )
    return node


@cache
def textual_private_names() -> frozenset[str]:
    classes = [getattr(textual.widgets, name) for name in textual.widgets.__all__]
    for module in (textual.app, textual.screen, textual.containers):
        classes += list(vars(module).values())
    names: set[str] = set()
    seen: set[type] = set()
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, MessagePump)):
            continue
        for base in cls.__mro__:
            if not base.__module__.startswith("textual") or base in seen:
                continue
            seen.add(base)
            names |= {n for n in vars(base) if _private(n)}
            for node in ast.walk(_class_node(base)):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "self"
                    and _private(node.attr)
                ):
                    names.add(node.attr)
    return frozenset(names)


def _module_name(path: Path) -> str:
    parts = path.relative_to(QITUI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _textual_classes(path: Path, tree: ast.Module) -> set[str]:
    """The names of the classes of ``path`` made from a Textual class."""
    if not any(isinstance(node, ast.ClassDef) for node in ast.walk(tree)):
        return set()  # not imported (``__main__`` would run the app)
    module = importlib.import_module(_module_name(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            cls = getattr(module, node.name, None)
            if isinstance(cls, type) and issubclass(cls, MessagePump):
                found.add(node.name)
    return found


def _walk(tree: ast.AST, in_textual: set[str], inside: bool = False):  # type: ignore[no-untyped-def]
    """(node, whether it is inside a class made from a Textual class), for every node."""
    for child in ast.iter_child_nodes(tree):
        now = inside
        if isinstance(child, ast.ClassDef):
            now = child.name in in_textual
        yield child, now
        yield from _walk(child, in_textual, now)


def _accesses(node: ast.AST) -> list[tuple[str, bool]]:
    """(private name, whether it is on ``self``) of an attribute use or a method."""
    if isinstance(node, ast.Attribute) and _private(node.attr):
        on_self = isinstance(node.value, ast.Name) and node.value.id == "self"
        return [(node.attr, on_self)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in GETATTRS
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
        and _private(node.args[1].value)
    ):
        on_self = isinstance(node.args[0], ast.Name) and node.args[0].id == "self"
        return [(node.args[1].value, on_self)]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _private(node.name):
        return [(node.name, True)]
    return []


def _private_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "textual" and any(_private(p) for p in parts)


def uses_of_private_textual_names() -> list[str]:
    textual_names = textual_private_names()
    modules = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(QITUI.rglob("*.py"))
        if not path.is_relative_to(COMPAT)
    }
    textual_classes = {path: _textual_classes(path, tree) for path, tree in modules.items()}
    # private names qitui defines on its own objects (outside classes made from Textual's)
    own: set[str] = set()
    for path, tree in modules.items():
        for node, inside in _walk(tree, textual_classes[path]):
            if inside:
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                own.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                own.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                own.add(node.id)
    found = []
    for path, tree in modules.items():
        where = path.relative_to(QITUI.parent)
        for node, inside in _walk(tree, textual_classes[path]):
            line = getattr(node, "lineno", 0)
            for name, on_self in _accesses(node):
                if name in textual_names and ((inside and on_self) or name not in own):
                    found.append(f"{where}:{line}: {name}")
            if isinstance(node, ast.ImportFrom) and _private_module(node.module or ""):
                found.append(f"{where}:{line}: import from {node.module}")
            if isinstance(node, ast.Import):
                found += [
                    f"{where}:{line}: import {a.name}"
                    for a in node.names
                    if _private_module(a.name)
                ]
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and " " not in text and _private_module(text):
                found.append(f"{where}:{line}: {text!r}")
    return found


def test_no_private_textual_name_outside_the_compat_module() -> None:
    assert uses_of_private_textual_names() == [], (
        "Private Textual names used outside qitui/textual_compat/ (move them there, "
        "behind a function, with a check in tests/functional/app/test_textual_compat.py)"
    )


def test_the_scan_sees_private_names() -> None:
    """The scan itself: it knows Textual's private names, and finds each kind of use."""
    names = textual_private_names()
    assert {"_bindings", "_render_line", "_tree_lines", "_options", "_keymap"} <= names
    assert "_store" not in names  # qitui's own (QituiScreen._store)
    sample = ast.parse(
        "import textual.widgets._footer\nx = tree._tree_lines\ny = getattr(app, '_keymap', None)\n"
    )
    kinds = [name for node in ast.walk(sample) for name, _ in _accesses(node)]
    assert kinds == ["_tree_lines", "_keymap"]
    assert _private_module("textual.widgets._footer")
    assert not _private_module("textual.widgets.data_table")
