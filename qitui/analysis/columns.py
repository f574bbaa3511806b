"""A chart's points as columns, one block per phase: what the engine works out for each
point, kept in the lists it was computed in instead of one :class:`PointResult` per point.

Building 100,000 frozen ``PointResult`` objects took about half of the engine's time; the
JSON writer (:mod:`qitui.jsonout`) reads these columns directly, and
:meth:`PointColumns.results` gives the objects to everyone else.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from qitui.analysis.result import PointResult, Signal, signal_at


@dataclass
class PhaseColumns:
    """The points of one phase (rows ``first`` to ``first + len(y) - 1``)."""

    phase: int  # 1-based
    first: int
    nbase: int  # rows 0..nbase-1 of the phase are its baseline
    cl: float | None
    y: list[float | None]
    sigma: list[float | None]
    ucl: list[float | None]
    lcl: list[float | None]
    sigma_signal: list[bool]
    excluded: list[bool]
    #: the rows' lines by key, where the engine worked them out so (``PhaseLines.keys``):
    #: ``(sigma[k], ucl[k], lcl[k]) == by_key.get(keys[k], (None, None, None))``
    keys: list[Any] | None = None
    by_key: dict[Any, tuple[float | None, float | None, float | None]] | None = None

    def __len__(self) -> int:
        return len(self.y)

    def results(self) -> list[PointResult]:
        """One :class:`PointResult` per row."""
        pr = PointResult
        cl, p_no, nbase = self.cl, self.phase, self.nbase
        return [
            pr(v, cl, hi, lo, s, f, p_no, k < nbase, e)
            for k, (v, e, s, hi, lo, f) in enumerate(
                zip(self.y, self.excluded, self.sigma, self.ucl, self.lcl, self.sigma_signal)  # noqa: B905
            )
        ]


@dataclass
class BeyondColumns:
    """A chart's signals of one point beyond its limits (the "sigma" rule set), as columns:
    the rows and their sides (+1 above the upper limit, -1 below the lower one), with the
    fields each side's :class:`Signal` has (``rules.beyond_limits`` makes the objects)."""

    positions: list[int]
    sides: list[int]
    #: the other fields of the signal above (+1) and below (-1), as ``signal_fields`` gives
    fields: dict[int, dict[str, Any]]

    def add(self, idx: list[int], beyond: list[int]) -> None:
        """Add a phase's points (``idx``) beyond their limits (``beyond``: +1, -1 or 0)."""
        self.positions += compress(idx, beyond)
        self.sides += filter(None, beyond)

    def signals(self) -> list[Signal]:
        """The signals as objects, in row order."""
        side = self.fields
        return [signal_at(side[b], i, i) for i, b in zip(self.positions, self.sides)]  # noqa: B905

    def merged(self, others: Sequence[Signal]) -> Iterator[Signal | tuple[int, int]]:
        """``others`` (sorted by ``rules.sort_signals``) and these signals in the order
        ``sort_signals`` gives them all: the others as they are, these as ``(a, b)``, the
        slice of :attr:`positions` that comes next. A signal beyond the limits at row ``i``
        (start = end = i, rule set "sigma", first of the order) comes before another
        signal starting at ``i`` or later, after one starting before."""
        done = 0
        positions = self.positions
        for s in others:
            upto = bisect_right(positions, s.start, done)
            if upto > done:
                yield (done, upto)
                done = upto
            yield s
        if done < len(positions):
            yield (done, len(positions))


@dataclass
class PointColumns:
    """Every point of a chart, phase after phase."""

    phases: list[PhaseColumns]
    #: the signals beyond the limits, when the engine was asked to keep them as columns
    #: (then they are not in the result's ``signals``)
    beyond: BeyondColumns | None = None

    def __len__(self) -> int:
        return sum(map(len, self.phases))

    def __iter__(self) -> Iterator[PhaseColumns]:
        return iter(self.phases)

    def results(self) -> list[PointResult]:
        """The points as :class:`PointResult` objects (``ChartResult.points``)."""
        out: list[PointResult] = []
        for ph in self.phases:
            out += ph.results()
        return out

    def last_limits(self) -> tuple[float | None, float | None]:
        """The upper and lower limit of the last row of the last phase that has both."""
        if self.phases:
            last = self.phases[-1]
            for hi, lo in zip(reversed(last.ucl), reversed(last.lcl)):  # noqa: B905
                if hi is not None and lo is not None:
                    return hi, lo
        return None, None
