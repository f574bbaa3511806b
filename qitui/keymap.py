"""The user's keymap: ``$XDG_CONFIG_HOME/qitui/keymap.toml`` (else ``~/.config/qitui/``),
binding id = keys, e.g. ``"chart.next" = "right,n"``, given to Textual's ``App.set_keymap``
(as Posting does). A bad file never stops the app: the good lines are used, and each bad
one is reported as ``path:line: message`` (the default keys stay for it)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}


@dataclass
class Keymap:
    """What a keymap file gave: binding id -> keys, and the problems found in it."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def keymap_path(environ: dict[str, str] | os._Environ[str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "qitui" / "keymap.toml"


def binding_table() -> dict[str, tuple[str, str]]:
    """Every binding id of the app, its screens and widgets -> (the class that holds it,
    its default keys)."""
    import pkgutil
    from importlib import import_module

    from qitui import screens, widgets
    from qitui.app import QituiApp

    table: dict[str, tuple[str, str]] = {}
    classes: list[Any] = [QituiApp]
    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = import_module(f"{package.__name__}.{info.name}")
            classes += [v for v in vars(module).values() if isinstance(v, type)]
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            binding_id = getattr(binding, "id", None)
            if binding_id and binding_id not in table:
                table[binding_id] = (cls.__name__, binding.key)
    return table


def binding_owners() -> dict[str, str]:
    """Every binding id -> the class that holds it."""
    return {binding_id: owner for binding_id, (owner, _keys) in binding_table().items()}


def bad_key(key: str) -> str | None:
    """Why ``key`` (one key, e.g. "ctrl+n", "f5", "question_mark", "?") is not a key."""
    from textual.keys import Keys, key_to_character

    parts = key.split("+")
    base = parts[-1]
    if not base or any(p not in MODIFIERS for p in parts[:-1]):
        return f"'{key}' is not a key (modifiers are {', '.join(sorted(MODIFIERS))})"
    if len(base) == 1 or key in {k.value for k in Keys} or base in {k.value for k in Keys}:
        return None
    if key_to_character(base) is not None:
        return None
    return f"'{key}' is not a key name (e.g. n, ctrl+n, f5, escape, question_mark)"


def read_keymap(path: Path, table: dict[str, tuple[str, str]] | None = None) -> Keymap:
    """The keymap at ``path`` (an empty one if there is no file); ``table`` from
    :func:`binding_table`, to refuse unknown ids and a key that another action of the same
    screen keeps (Textual would silently take it from that action)."""
    found = Keymap(path)
    if not path.is_file():
        return found
    # here, not at the top: the app's start imports this module, and needs no TOML parser
    # before its first frame when there is no keymap (tomli: about 10 ms)
    from qitui.tomlio import FileProblem, locate, parse

    try:
        text = path.read_text(encoding="utf-8")
        data, text = parse(path, text)
    except FileProblem as exc:
        found.problems.append(f"{exc.path}:{exc.line}: {exc.message}")
        return found
    except (OSError, UnicodeDecodeError) as exc:
        found.problems.append(f"{path}:0: cannot read the keymap ({exc})")
        return found
    table = binding_table() if table is None else table

    def problem(binding_id: str, message: str) -> None:
        found.problems.append(f"{path}:{locate(text, None, binding_id)}: {message}")

    wanted: dict[str, str] = {}
    for binding_id, keys in _flat(data).items():
        if binding_id not in table:
            problem(binding_id, f"no binding has the id '{binding_id}' (see docs/app.md)")
            continue
        if not isinstance(keys, str) or not keys.strip():
            problem(binding_id, f'\'{binding_id}\' needs keys as text, like "ctrl+n" or "n,f5"')
            continue
        names = [k.strip() for k in keys.split(",")]
        why = next((w for w in map(bad_key, names) if w), None)
        if why:
            problem(binding_id, why)
            continue
        wanted[binding_id] = ",".join(names)
    for binding_id, keys in wanted.items():
        clash = _clash(binding_id, keys, wanted, table)
        if clash:
            problem(binding_id, clash)
        else:
            found.keys[binding_id] = keys
    return found


def _clash(
    binding_id: str, keys: str, wanted: dict[str, str], table: dict[str, tuple[str, str]]
) -> str | None:
    """Why ``keys`` for ``binding_id`` would take a key from another action of its screen."""
    from textual.keys import _normalize_key_list

    def keys_of(other: str) -> set[str]:
        return set(_normalize_key_list(wanted.get(other, table[other][1])).split(","))

    owner = table[binding_id][0]
    mine = set(_normalize_key_list(keys).split(","))
    for other, (other_owner, _default) in table.items():
        if other != binding_id and other_owner == owner and mine & keys_of(other):
            key = sorted(mine & keys_of(other))[0]
            return (
                f"'{key}' is already the key of '{other}' on the same screen; "
                f"give '{other}' another key too"
            )
    return None


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``chart.next = "n"`` written without quotes is a dotted key: the id "chart.next"."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out
