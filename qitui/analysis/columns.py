"""A chart's points as columns, one block per phase: what the engine works out for each
point, kept in the lists it was computed in instead of one :class:`PointResult` per point.

Building 100,000 frozen ``PointResult`` objects took about half of the engine's time; the
JSON writer (:mod:`qitui.jsonout`) reads these columns directly, and
:meth:`PointColumns.results` gives the objects to everyone else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qitui.analysis.result import PointResult


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
class PointColumns:
    """Every point of a chart, phase after phase."""

    phases: list[PhaseColumns]

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
