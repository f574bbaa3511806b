"""A signal made by :func:`qitui.analysis.result.signal_at` (without the frozen class's
``__init__``) is the one ``Signal`` makes."""

from __future__ import annotations

import pickle
from dataclasses import asdict, replace

from qitui.analysis.result import Signal, new_signal, signal_at, signal_fields


def test_signal_at_is_the_signal() -> None:
    made = signal_at(signal_fields("sigma", "beyond-limits", "L", 0, 0, "above", None), 7, 9)
    plain = Signal("sigma", "beyond-limits", "L", 7, 9, "above", None)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert asdict(made) == asdict(plain) and made.to_dict() == plain.to_dict()
    assert list(vars(made)) == list(vars(plain))
    assert pickle.loads(pickle.dumps(made)) == plain
    assert replace(made, end=10) == Signal("sigma", "beyond-limits", "L", 7, 10, "above", None)


def test_new_signal_is_the_signal() -> None:
    made = new_signal("ihi-run", "shift", "Shift", 3, 11, "above", "concern")
    plain = Signal("ihi-run", "shift", "Shift", 3, 11, "above", "concern")
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert asdict(made) == asdict(plain) and made.to_dict() == plain.to_dict()
    assert list(vars(made)) == list(vars(plain))
    assert pickle.loads(pickle.dumps(made)) == plain
    assert new_signal("a", "b", "c", 1, 2) == Signal("a", "b", "c", 1, 2)
