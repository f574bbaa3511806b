"""Statistics engine of qitui: run charts and SPC control charts on plain arrays.

Pure Python, no Textual, no pandas. See docs/statistics.md for what every chart computes.
"""

from qitui.analysis.engine import AnalysisError, analyse
from qitui.analysis.result import (
    ChartResult,
    IhiRuns,
    PhaseResult,
    PointResult,
    Signal,
    Stretch,
)

__all__ = [
    "AnalysisError",
    "ChartResult",
    "IhiRuns",
    "PhaseResult",
    "PointResult",
    "Signal",
    "Stretch",
    "analyse",
]
