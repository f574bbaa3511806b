"""``qitui export``: a measure's data with its analysis, one row per point (CSV or Excel).

The analysis is the chart's own (:func:`qitui.measure_analysis.analyse_measure`): the same
centre line, limits, phases and signals that ``qitui chart`` draws and ``qitui analyse``
reports, so a board paper and the terminal never disagree.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from qitui import model as m
from qitui.analysis.result import ChartResult
from qitui.dataio import DataError, write_file
from qitui.measure_analysis import analyse_measure

#: Rules about a whole phase (they mark no particular point): listed in ``phase_signals``.
PHASE_WIDE = frozenset({"few-crossings", "too-few-runs", "too-many-runs"})


def point_signals(result: ChartResult) -> list[list[str]]:
    """For each point, the labels of the signals that mark it, as the chart marks them:
    points on the centre line are no part of a shift or run, missing and excluded points
    carry no signal."""
    out: list[list[str]] = [[] for _ in result.points]
    for sig in result.signals:
        if sig.rule in PHASE_WIDE:
            continue
        for i in range(sig.start, sig.end + 1):
            p = result.points[i]
            if p.y is None or p.excluded:
                continue
            if sig.direction in ("above", "below") and p.cl is not None and p.y == p.cl:
                continue
            if sig.label not in out[i]:
                out[i].append(sig.label)
    return out


def phase_signals(result: ChartResult) -> dict[int, list[str]]:
    """Phase number -> labels of the phase-wide signals (too few crossings or runs…)."""
    out: dict[int, list[str]] = {}
    for sig in result.signals:
        if sig.rule in PHASE_WIDE:
            phase = result.points[sig.start].phase
            labels = out.setdefault(phase, [])
            if sig.label not in labels:
                labels.append(sig.label)
    return out


def export_rows(measure: m.Measure) -> list[dict[str, Any]]:
    """One dict per point, in date order: the data, then the analysis at that point."""
    from qitui.analysis import AnalysisError

    points = sorted(measure.points, key=lambda p: p.date)
    try:
        result = analyse_measure(measure)
    except AnalysisError as exc:
        raise DataError(f"measure '{measure.id}': {exc}") from None
    marks = point_signals(result)
    wide = phase_signals(result)
    rows: list[dict[str, Any]] = []
    for point, res, signals in zip(points, result.points, marks, strict=True):
        row: dict[str, Any] = {"date": point.date}
        if measure.is_ratio:
            row["numerator"] = point.numerator
            row["denominator"] = point.denominator
        else:
            row["value"] = point.value
        row.update(
            y=res.y,
            cl=res.cl,
            ucl=res.ucl,
            lcl=res.lcl,
            phase=res.phase,
            baseline=res.baseline,
            excluded=res.excluded,
            astronomical=point.astronomical,
            signals="; ".join(signals),
            phase_signals="; ".join(wide.get(res.phase, [])),
            note=point.note,
        )
        rows.append(row)
    return rows


def export_measure(measure: m.Measure, path: Path) -> int:
    """Write the rows to ``path`` (.csv or .xlsx) atomically; returns how many points."""
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError(f"{path}: export writes .csv or .xlsx files")
    rows = export_rows(measure)
    columns = list(rows[0]) if rows else _columns(measure)
    frame = pd.DataFrame(rows, columns=columns)
    buffer = io.BytesIO()
    if suffix == ".csv":
        frame["date"] = frame["date"].map(lambda d: d.isoformat())
        buffer.write(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    else:
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            sheet = (measure.id or "measure")[:31]
            frame.to_excel(writer, sheet_name=sheet, index=False)
            cells = writer.sheets[sheet]
            for cell in cells["A"][1:]:
                cell.number_format = "yyyy-mm-dd"
            cells.column_dimensions["A"].width = 12
    write_file(path, buffer.getvalue())
    return len(rows)


def _columns(measure: m.Measure) -> list[str]:
    data = ["numerator", "denominator"] if measure.is_ratio else ["value"]
    rest = ["y", "cl", "ucl", "lcl", "phase", "baseline", "excluded", "astronomical"]
    return ["date", *data, *rest, "signals", "phase_signals", "note"]
