"""Small wording rules shared by the screens, the verdict, the report and the CLI: counts
with the right plural, and a measure's lines (centre, limits) printed with its precision."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Home uses plural() before its first frame: no model import for that
    from qitui import model as m

#: Never more decimals than this for a value read from a file.
MAX_DATA_DECIMALS = 3


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 point", "2 points"; ``many`` for irregular words ("1 person", "2 people")."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def decimals(value: float) -> int:
    """The decimals a number was written with (44.0 -> 0, 4.5 -> 1), at most 3."""
    text = f"{value:.{MAX_DATA_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def data_decimals(values: Iterable[float | None]) -> int:
    """The most decimals any of ``values`` was written with (each distinct value once)."""
    return max((decimals(v) for v in set(values) if v is not None), default=0)


def line_decimals(measure: m.Measure) -> int | None:
    """Decimals for a measure's computed lines (centre, limits): one more than its data
    (whole numbers give "26.4 to 70.2"); None for p and u charts, which keep their own
    format (percent with one decimal; rates)."""
    if measure.is_ratio:
        return None
    return data_decimals(p.value for p in measure.points) + 1
