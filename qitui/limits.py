"""What a number in a project may be, and the sizes the command line accepts.

A data value, numerator, denominator, target or score must be finite and at most
:data:`MAX_MAGNITUDE` (one million million, 10^12) in size. That is far beyond any count,
rate, time or cost a team charts, and far enough inside a float's range that limits, sums and
squares computed from such values (a centre line of a million points, a standard deviation)
never overflow. Larger values are refused where they come in: the loader (``qitui check``,
the app), ``qitui import`` and every save from the app's forms.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: ``qitui`` starting the app loads no model before Home
    from qitui import model as m

MAX_MAGNITUDE = 1e12
MAX_MAGNITUDE_TEXT = "±1,000,000,000,000 (10^12)"

#: ``qitui chart`` sizes: smaller is refused, larger is reduced to these.
MIN_WIDTH, MAX_WIDTH = 40, 400
MIN_HEIGHT, MAX_HEIGHT = 8, 200


def _shown(value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10**16:
        return f"a number of {len(str(abs(value)))} digits"
    return f"{value:g}"


def number_problem(value: int | float) -> str | None:
    """Why ``value`` cannot be stored (worded to follow the field's name), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number; got {value}"
    if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        return f"is too large ({_shown(value)}); numbers may be at most {MAX_MAGNITUDE_TEXT}"
    return None


def in_range(value: Any) -> bool:
    """A finite int or float within :data:`MAX_MAGNITUDE` (False for NaN)."""
    return -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE


def measure_problem(meas: m.Measure) -> str | None:
    """The first value of ``meas`` that cannot be stored, worded for the user, or None."""
    if meas.target is not None:
        problem = number_problem(meas.target)
        if problem:
            return f"target {problem}"
    for point in meas.points:
        for name in ("value", "numerator", "denominator"):
            value = getattr(point, name)
            if value is not None:
                problem = number_problem(value)
                if problem:
                    return f"{name} on {point.date}: {problem}"
    return None
