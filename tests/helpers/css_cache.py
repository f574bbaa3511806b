"""Textual's CSS parsed once per test process, not once per app (tests only).

Textual keeps the rules it parsed from each CSS source in a cache of the app's stylesheet
(``Stylesheet._parse_rules``), so every app a test starts parses qitui.tcss and the default
CSS of every widget class again: about 25 ms of CPU per app, the same text each time. Here
that cache is shared by the stylesheets of every app of the process, keyed on what the parse
depends on: the CSS text, where it was read from, whether it is a widget's default CSS, its
tie-breaker and scope, and the CSS variables (the theme) it was parsed with (Textual clears
its own cache when the variables change; a key with other variables is another entry).

The rule sets are shared as Textual's own cache shares them between the parses of one app:
they are read (their selectors and styles) and never changed after parsing; a node gets the
rule values, not the rule sets (``Stylesheet.apply``). A CSS that fails to parse is not kept:
it raises again in the next app. ``share_css_parses`` checks the internal it wraps has the
shape it expects and fails loudly (at the start of the session) if a Textual upgrade moved it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

#: the parameters of the wrapped method, as Textual 8.2.8 has them
PARAMETERS = ("self", "css", "read_from", "is_default_rules", "tie_breaker", "scope")

_shared: dict[tuple[Any, ...], list[RuleSet]] = {}
_counts = {"hits": 0, "parses": 0}


def _variables_key(stylesheet: Stylesheet) -> tuple[tuple[str, str], ...]:
    """The stylesheet's CSS variables as a key, worked out once per variables mapping."""
    variables = stylesheet._variables
    memo = getattr(stylesheet, "_qitui_variables_key", None)
    if memo is not None and memo[0] is variables:
        return memo[1]  # type: ignore[no-any-return]
    key = tuple(sorted(variables.items()))
    stylesheet._qitui_variables_key = (variables, key)  # type: ignore[attr-defined]
    return key


def _shared_parse(original: Callable[..., list[RuleSet]]) -> Callable[..., list[RuleSet]]:
    def _parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self))
        rules = _shared.get(key)
        if rules is not None:
            _counts["hits"] += 1
            return rules
        rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        _counts["parses"] += 1
        _shared[key] = rules
        return rules

    _parse_rules.__wrapped__ = original  # type: ignore[attr-defined]
    return _parse_rules


def share_css_parses() -> None:
    """Share parsed CSS between the apps of this process (once; again is a no-op)."""
    method = Stylesheet.__dict__["_parse_rules"]
    if hasattr(method, "__wrapped__"):
        return
    found = tuple(inspect.signature(method).parameters)
    if found != PARAMETERS or not hasattr(Stylesheet(), "_variables"):
        raise RuntimeError(
            f"Textual's Stylesheet._parse_rules{found} is not what tests/helpers/css_cache.py "
            "wraps: read it again for this Textual release"
        )
    Stylesheet._parse_rules = _shared_parse(method)  # type: ignore[method-assign]


def counts() -> dict[str, int]:
    """How many parses were served from the shared cache ("hits") and how many were made."""
    return dict(_counts)
