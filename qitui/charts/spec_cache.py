"""Specs of large measures kept between openings of their chart.

Analysing 100,000 points and building their spec takes most of a second of CPU; a chart
opened again (a new chart screen, or Ctrl+R over unchanged files) takes the spec made
before. A spec is keyed on the project folder, the measure and the fingerprints of every
file the store has loaded or written (a save anywhere, or a file read again with other
bytes, makes a new key), so a spec is never shown for data it was not made from. Only a
few specs are kept (each holds its points' lines and marks).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qitui import model as m
    from qitui.charts.spec import ChartSpec
    from qitui.store import ProjectStore

#: how many specs are kept (the least recently used goes first)
KEPT = 4

_specs: OrderedDict[Hashable, ChartSpec] = OrderedDict()
_lock = Lock()


def spec_key(store: ProjectStore, measure: m.Measure) -> Hashable:
    """What ``measure``'s spec depends on: its folder, id, points and every file's bytes."""
    files = frozenset(store.loaded.fingerprints.items())
    return (str(store.path), measure.id, len(measure.points), files)


def cached_spec(key: Hashable) -> ChartSpec | None:
    """The spec made for ``key`` before, if still kept."""
    with _lock:
        spec = _specs.get(key)
        if spec is not None:
            _specs.move_to_end(key)
        return spec


def keep_spec(key: Hashable, spec: ChartSpec) -> None:
    """Keep ``spec`` for ``key`` (dropping the least recently used beyond :data:`KEPT`)."""
    with _lock:
        _specs[key] = spec
        _specs.move_to_end(key)
        while len(_specs) > KEPT:
            _specs.popitem(last=False)


def clear_specs() -> None:
    """Forget every kept spec (tests and benchmarks)."""
    with _lock:
        _specs.clear()
