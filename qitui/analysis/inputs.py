"""The engine's data arguments checked and turned into y (and, for p and u charts, the
numerators and denominators): missing values, ratios, and the values a G or T chart refuses."""

from __future__ import annotations

from collections.abc import Sequence
from math import isfinite
from operator import truediv
from typing import cast

RATIO = ("p", "u", "pp", "up")
VALUE_ONLY = ("c", "g", "t")
_INF = float("inf")
_FLOAT_OR_NONE = {float, type(None)}


class AnalysisError(ValueError):
    """Bad arguments to :func:`analyse` (unknown chart, mismatched lengths, ...)."""


class FiniteFloats(list):
    """A column already checked by its maker (``qitui.csvfast``): floats, every one finite,
    and None; taken as it is (100,000 values checked once, not twice)."""

    #: whether a value may be None (its maker sets False when none is)
    missing = True


def _complete(column: list[float | None]) -> bool:
    """Whether no value of ``column`` is None."""
    if type(column) is FiniteFloats:
        return not column.missing
    return None not in column


def _floats(seq: Sequence[float | None], name: str) -> list[float | None]:
    """Numbers as floats; None, NaN and infinities become None (missing)."""
    if type(seq) is FiniteFloats:
        return seq  # the engine never changes its inputs
    if set(map(type, seq)) <= _FLOAT_OR_NONE:  # floats already (a CSV's columns): checked in bulk
        given = list(seq)
        if all(map(isfinite, known_values(given))):
            return given
    try:
        vals = [None if v is None else float(v) for v in seq]
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"{name}: every value must be a number or None ({exc})") from None
    return [v if v is not None and -_INF < v < _INF else None for v in vals]


def known_values(values: list[float | None]) -> list[float]:
    """The values that are not None (``values`` itself when none is)."""
    if None in values:
        return [v for v in values if v is not None]
    return cast("list[float]", values)


def _ratio(
    num: list[float | None], den: list[float | None]
) -> tuple[list[float | None], list[float | None], list[float | None]]:
    """y = num/den; a row with a missing part or a denominator <= 0 is missing as a whole."""
    whole = len(num) == len(den) and _complete(num) and _complete(den)
    if whole and (not den or min(cast("list[float]", den)) > 0):
        quotients: list[float] = list(map(truediv, num, den))
        if all(map(isfinite, quotients)):  # every row a number: divided in bulk
            return cast("list[float | None]", quotients), num, den
    y: list[float | None] = []
    nn: list[float | None] = []
    dd: list[float | None] = []
    for a, b in zip(num, den, strict=True):
        if a is None or b is None or b <= 0:
            y.append(None)
            nn.append(None)
            dd.append(None)
        else:
            q = a / b
            ok = -_INF < q < _INF
            y.append(q if ok else None)
            nn.append(a if ok else None)
            dd.append(b if ok else None)
    return y, nn, dd


def check_values(kind: str, y: list[float | None]) -> None:
    """G values are never negative; T values are above 0 (qicharts2 stops on them too)."""
    known = known_values(y) if kind in ("g", "t") else []
    if not known or min(known) > 0:  # none refused (found at C speed)
        return
    if kind == "g":
        bad = next((i for i, v in enumerate(y) if v is not None and v < 0), None)
        if bad is not None:
            raise AnalysisError(
                f"G chart: value {y[bad]:g} at index {bad} is negative "
                "(cases or days between events)"
            )
    elif kind == "t":
        bad = next((i for i, v in enumerate(y) if v is not None and v <= 0), None)
        if bad is not None:
            raise AnalysisError(
                f"T chart: value {y[bad]:g} at index {bad} is not above 0 (time between events)"
            )


def inputs(
    kind: str,
    values: Sequence[float | None] | None,
    numerators: Sequence[float | None] | None,
    denominators: Sequence[float | None] | None,
) -> tuple[list[float | None], list[float | None], list[float | None]]:
    """Check the data arguments; return y and (for p/u) the numerators and denominators."""
    if kind in RATIO:
        if values is not None:
            raise AnalysisError(f"a {kind} chart takes numerators and denominators, not values")
        if numerators is None or denominators is None:
            raise AnalysisError(f"a {kind} chart needs numerators and denominators")
        if len(numerators) != len(denominators):
            raise AnalysisError(
                f"{len(numerators)} numerators but {len(denominators)} denominators"
            )
        return _ratio(_floats(numerators, "numerators"), _floats(denominators, "denominators"))
    if values is not None:
        if numerators is not None or denominators is not None:
            raise AnalysisError("give either values or numerators/denominators, not both")
        y = _floats(values, "values")
    elif numerators is not None and kind not in VALUE_ONLY:
        num = _floats(numerators, "numerators")
        if denominators is None:
            y = num
        else:
            if len(numerators) != len(denominators):
                raise AnalysisError(
                    f"{len(numerators)} numerators but {len(denominators)} denominators"
                )
            y = _ratio(num, _floats(denominators, "denominators"))[0]
    elif numerators is not None and denominators is None:
        y = _floats(numerators, "numerators")  # a c chart's counts given as numerators
    elif numerators is not None:
        raise AnalysisError(f"a {kind} chart takes values; use a u chart for rates")
    else:
        raise AnalysisError(f"a {kind} chart needs values")
    empty: list[float | None] = [None] * len(y)
    return y, empty, empty
