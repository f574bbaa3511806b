"""Plain-language words for an analysis: the verdict under a chart, the CLI summary and the
report all use these, so a signal is named the same way everywhere."""

from __future__ import annotations

import heapq
from bisect import bisect_right
from datetime import date
from itertools import accumulate

from qitui import model as m
from qitui.analysis.mdc import MdcSummary
from qitui.analysis.result import ChartResult, PhaseResult, Signal
from qitui.baselines import baseline_warnings
from qitui.chart_names import chart_name
from qitui.wording import line_decimals, plural

RULE_SET_NAMES = {
    "anhoj": "Anhøj runs rules",
    "ihi-run": "IHI run chart rules",
    "sigma": "3-sigma limits",
    "ihi-control": "IHI control chart rules",
    "mdc": "Making Data Count",
}
MIN_USEFUL = 10
#: more signals than this and a verdict gives a count of each kind, then the latest ones
SIGNALS_IN_FULL = 20
#: how many of the latest signals such a summary words in full
LATEST_IN_FULL = 5


def fmt_y(chart: str, y: float | None, unit: str = "", decimals: int | None = None) -> str:
    """A value as people read it: p charts in percent, others with up to 2 decimals, or
    exactly ``decimals`` (a measure's lines: see wording.line_decimals)."""
    if y is None:
        return "–"
    if chart in m.PROPORTION_CHARTS:
        return f"{y * 100:.1f}%"
    text = f"{y:,.2f}".rstrip("0").rstrip(".") if decimals is None else f"{y:,.{decimals}f}"
    return f"{text} {unit}".strip() if unit and len(unit) <= 12 else text


def centre_name(chart: str) -> str:
    """The drawn centre line: the median on run and G charts, else the mean."""
    return "median" if chart in ("run", "g") else "mean"


#: Making Data Count icons as text that reads without colour: H/L = the last point is high
#: or low; ↑/↓ improvement (the arrow points the way it moved), ! concern, · no direction.
VARIATION_ICONS = {
    ("common_cause", None): "(~)",
    ("special_cause_improvement", "high"): "(H↑)",
    ("special_cause_improvement", "low"): "(L↓)",
    ("special_cause_concern", "high"): "(H!)",
    ("special_cause_concern", "low"): "(L!)",
    ("special_cause_neutral_high", "high"): "(H·)",
    ("special_cause_neutral_low", "low"): "(L·)",
}
VARIATION_WORDS = {
    "common_cause": "common cause variation",
    "special_cause_improvement": "special cause improvement",
    "special_cause_concern": "special cause concern",
    "special_cause_neutral_high": "special cause, neutral",
    "special_cause_neutral_low": "special cause, neutral",
}
ASSURANCE_ICONS = {"consistent_pass": "(P)", "consistent_fail": "(F)", "inconsistent": "(?)"}
ASSURANCE_WORDS = {
    "consistent_pass": "consistently passes the target {target}",
    "consistent_fail": "consistently fails the target {target}",
    "inconsistent": "hit and miss: the target {target} lies within the limits",
}
_MDC_RULE_WORDS = {
    "beyond-limits": "outside the limits",
    "trend": "in a trend of 7",
    "two-of-three": "2 of 3 close to a limit",
    "shift": "in a run of 7 on one side",
}


def variation_icon(summary: MdcSummary) -> str:
    """E.g. "(H↑)"; "" when there is no variation (no data)."""
    if summary.variation is None:
        return ""
    return VARIATION_ICONS.get((summary.variation, summary.direction), "(?)")


def assurance_icon(summary: MdcSummary) -> str:
    return ASSURANCE_ICONS.get(summary.assurance or "", "")


def mdc_line(measure: m.Measure, result: ChartResult) -> str | None:
    """The Making Data Count summary in words with its text icons, e.g. "Making Data Count:
    variation (H↑) special cause improvement, last point high (in a trend of 7); assurance
    (P) consistently passes the target 80%". None without the mdc rules or without data."""
    summary = result.mdc
    if summary is None or summary.variation is None:
        return None
    words = VARIATION_WORDS.get(summary.variation, summary.variation)
    if summary.rule is not None:
        words += f", last point {summary.direction} ({_MDC_RULE_WORDS[summary.rule]})"
    text = f"Making Data Count: variation {variation_icon(summary)} {words}; assurance "
    if summary.assurance is not None:
        target = fmt_y(result.chart, measure.target, measure.unit)
        words = ASSURANCE_WORDS[summary.assurance].format(target=target)
        text += f"{assurance_icon(summary)} {words}"
    elif measure.target is None:
        text += "none (no target)"
    elif not measure.better:
        text += "none (no improvement direction)"
    else:
        text += "none (no limits yet)"
    return text


def _dates(measure: m.Measure) -> list[date]:
    return [p.date for p in sorted(measure.points, key=lambda p: p.date)]


def _points(k: int) -> str:
    return f"{k} point{'s' if k != 1 else ''}"


class Lookup:
    """What wording a signal looks up in its result, indexed once per result so that wording
    every signal is linear in the number of points and signals (searching every stretch and
    phase for each signal was quadratic: 44 s for a run chart of 100,000 points)."""

    def __init__(
        self,
        result: ChartResult,
        useful: list[bool] | None = None,
        off_centre: list[bool] | None = None,
    ) -> None:
        """``useful``, ``off_centre``: each point's flags when the caller has them already
        (the columns of a large chart), else worked out from the points when first needed."""
        self.result = result
        #: (start, end) -> counted points of the first IHI shift or trend spanning it
        self.stretches: dict[tuple[int, int], int] = {}
        for phase in result.phases:
            if phase.ihi is None:
                continue
            for stretch in [*phase.ihi.shifts, *phase.ihi.trends]:
                self.stretches.setdefault((stretch.start, stretch.end), stretch.length)
        self._firsts = [ph.first for ph in result.phases]
        #: prefix counts, made when first needed
        self._useful = None if useful is None else [0, *accumulate(useful)]
        self._off_centre = None if off_centre is None else [0, *accumulate(off_centre)]

    def phase_of(self, index: int) -> PhaseResult | None:
        phases = self.result.phases
        k = bisect_right(self._firsts, index) - 1
        if 0 <= k < len(phases) and phases[k].first <= index <= phases[k].last:
            return phases[k]
        return next((ph for ph in phases if ph.first <= index <= ph.last), None)

    def counted(self, start: int, end: int, off_centre: bool) -> int:
        """Useful points (not missing, not excluded; ``off_centre``: nor on the centre line)
        from ``start`` to ``end`` inclusive."""
        if self._useful is None or self._off_centre is None:
            points = self.result.points
            useful = [p.y is not None and not p.excluded for p in points]
            self._useful = [0, *accumulate(useful)]
            off = [u and p.y != p.cl for u, p in zip(useful, points, strict=True)]
            self._off_centre = [0, *accumulate(off)]
        sums = self._off_centre if off_centre else self._useful
        end = min(end, len(sums) - 2)
        return sums[end + 1] - sums[start] if end >= start >= 0 else 0


def signal_line(
    measure: m.Measure,
    result: ChartResult,
    signal: Signal,
    dates: list[date] | None = None,
    lookup: Lookup | None = None,
) -> str:
    """E.g. "Shift (IHI rule 1): 7 points above the median, 2026-03-02 to 2026-04-13".

    Every count comes from the analysis: the stretch's counted points, or for phase-wide
    rules the phase's crossings or runs against their limits. ``dates``: the measure's dates
    in order, and ``lookup``: the result's :class:`Lookup`, when the caller words several
    signals (making either once per signal would be quadratic).
    """
    if dates is None:
        dates = _dates(measure)
    if lookup is None or lookup.result is not result:
        lookup = Lookup(result)
    centre = centre_name(result.chart)
    span = f"{dates[signal.start]} to {dates[signal.end]}" if dates else ""
    if signal.start == signal.end and dates:
        span = f"{dates[signal.start]}"
    phase = lookup.phase_of(signal.start)
    direction = signal.direction or ""
    what = ""
    if signal.rule == "beyond-limits":
        what = "above the upper limit" if direction == "above" else "below the lower limit"
    elif signal.rule == "two-of-three" and direction and signal.rule_set == "mdc":
        what = f"2 of 3 points close to the {'upper' if direction == 'above' else 'lower'} limit"
    elif signal.rule == "two-of-three" and direction:
        what = f"2 of 3 points {direction} the 2-sigma line"
    elif signal.rule == "few-crossings" and phase is not None:
        what = (
            f"{plural(phase.n_crossings or 0, 'crossing')} of the {centre} "
            f"(fewer than {phase.n_crossings_min} is unusual)"
        )
    elif signal.rule in ("too-few-runs", "too-many-runs") and phase and phase.ihi:
        ihi = phase.ihi
        what = (
            f"{plural(ihi.n_runs or 0, 'run')} (expected {ihi.runs_lower_limit} to "
            f"{ihi.runs_upper_limit} for {plural(phase.n_useful, 'useful point')})"
        )
    else:
        length = _length(lookup, signal)
        count = f"{_points(length)} " if length else ""
        if direction in ("above", "below"):
            what = f"{count}{direction} the {centre}"
        elif direction in ("up", "down"):
            what = f"{count}going {direction}"
        else:
            what = count.strip()
        if signal.rule == "long-run" and phase is not None and phase.longest_run_max:
            what += f" (longer than {phase.longest_run_max} is unusual)"
    text = f"{signal.label}: {what + ', ' if what else ''}{span}"
    if signal.assessment:
        text += f" ({signal.assessment})"
    return text


def astronomical_lines(measure: m.Measure, result: ChartResult) -> list[str]:
    """IHI rule 4: the points a person flagged as astronomical (a judgement, not a test)."""
    points = sorted(measure.points, key=lambda p: p.date)
    return [
        f"Astronomical point (IHI rule 4, flagged by the team): {p.date}"
        for i, p in enumerate(points)
        if p.astronomical and i < len(result.points) and result.points[i].y is not None
    ]


def _length(lookup: Lookup, signal: Signal) -> int | None:
    """The counted points of ``signal`` (in constant time: see :class:`Lookup`)."""
    length = lookup.stretches.get((signal.start, signal.end))
    if length is not None:
        return length
    if signal.rule in ("few-crossings", "too-few-runs", "too-many-runs"):
        return None
    off_centre = signal.direction in ("above", "below")
    return lookup.counted(signal.start, signal.end, off_centre) or None


def phase_line(
    measure: m.Measure,
    result: ChartResult,
    phase: PhaseResult,
    dates: list[date] | None = None,
    dec: int | None | str = "measure",
) -> str:
    """A phase's centre and limits in words; ``dates``: the measure's dates in order, when
    the caller words several phases."""
    if dates is None:
        dates = _dates(measure)
    first = dates[phase.first] if dates and phase.n_obs else None
    if dec == "measure":  # a caller wording every phase gives it once (linear, not n x phases)
        dec = line_decimals(measure) if phase.cl is not None else None
    assert not isinstance(dec, str)
    pts = result.points[phase.first : phase.last + 1]
    ucls = [p.ucl for p in pts if p.ucl is not None]
    lcls = [p.lcl for p in pts if p.lcl is not None]
    return phase_words(measure, result.chart, phase, first, ucls, lcls, dec)


def phase_words(
    measure: m.Measure,
    chart: str,
    phase: PhaseResult,
    first: object,
    ucls: list[float],
    lcls: list[float],
    dec: int | None,
) -> str:
    """:func:`phase_line` from the phase's first date and its upper and lower limits (the
    chart spec built from columns gives them without point objects)."""
    head = f"Phase {phase.phase}" + (f" (from {first})" if first else "")
    if phase.cl is None:
        return f"{head}: no data"
    text = f"{head}: {centre_name(chart)} {fmt_y(chart, phase.cl, measure.unit, dec)}"
    if ucls and lcls:
        if max(ucls) - min(ucls) > 1e-12 or max(lcls) - min(lcls) > 1e-12:
            text += (
                f", limits vary with the denominator ({fmt_y(chart, min(lcls))}–"
                f"{fmt_y(chart, max(lcls))} lower, {fmt_y(chart, min(ucls))}–"
                f"{fmt_y(chart, max(ucls))} upper)"
            )
        else:
            text += f", limits {fmt_y(chart, lcls[0], decimals=dec)} to "
            text += fmt_y(chart, ucls[0], decimals=dec)
    baseline = phase.baseline_last - phase.first + 1
    if baseline < phase.n_obs:
        text += f"; baseline frozen on its first {plural(baseline, 'point')}"
    return text


def too_few_line(phase: PhaseResult, several: bool = True) -> str:
    where = f" in phase {phase.phase}" if several else ""
    return f"Too few points for runs analysis{where} ({phase.n_useful} useful; {MIN_USEFUL} needed)"


def verdict_lines(
    measure: m.Measure, result: ChartResult, limit: int | None = SIGNALS_IN_FULL
) -> list[str]:
    """The signals in words (or why there is no verdict), each naming its rule set.

    More than ``limit`` signals (None: no limit) are summarised: how many of each kind and
    over which dates, then the latest :data:`LATEST_IN_FULL` in full."""
    dates = _dates(measure) if result.signals else []
    lines = signal_lines(measure, result, dates, Lookup(result), limit)
    astronomical = astronomical_lines(measure, result)
    return verdict_end(measure, result, lines, astronomical, bool(result.points))


def signal_lines(
    measure: m.Measure,
    result: ChartResult,
    dates: list[date],
    lookup: Lookup,
    limit: int | None = SIGNALS_IN_FULL,
) -> list[str]:
    """The phases with too few points, then the signals in words (more than ``limit``
    summarised): the head of :func:`verdict_lines`, for any source of ``dates`` and
    ``lookup``."""
    lines: list[str] = []
    for phase in result.phases:
        if phase.too_few_points:
            lines.append(too_few_line(phase, len(result.phases) > 1))
    signals = result.signals
    if limit is not None and len(signals) > limit:
        lines += _signal_counts(signals, dates)
        latest = heapq.nlargest(LATEST_IN_FULL, signals, key=lambda s: (s.end, s.start))
        signals = latest[::-1]
    lines += [signal_line(measure, result, s, dates, lookup) for s in signals]
    return lines


def verdict_end(
    measure: m.Measure, result: ChartResult, lines: list[str], astronomical: list[str], data: bool
) -> list[str]:
    """The verdict's ``lines`` (its signals) with the astronomical points and a short
    baseline after them, the MDC summary first, and "No signal" when nothing was found."""
    lines += astronomical
    lines += [w.text for w in baseline_warnings(measure, result) if w.kind == "short-baseline"]
    if not data:
        return ["No data yet"]
    mdc = mdc_line(measure, result)
    if mdc is not None:
        lines.insert(0, mdc)
    quiet = not result.signals and not astronomical
    if quiet and not any(p.too_few_points for p in result.phases):
        names = ", ".join(RULE_SET_NAMES.get(r, r) for r in result.rule_sets)
        lines.append(f"No signal: random variation only ({names})")
    return lines


def _signal_counts(signals: list[Signal], dates: list[date]) -> list[str]:
    """A line per kind of signal (its label): how many, over which dates; then the heading
    of the latest signals worded in full."""
    kinds: dict[str, list[Signal]] = {}
    for s in signals:
        kinds.setdefault(s.label, []).append(s)
    lines = [f"{len(signals):,} signals, of {len(kinds)} kind{'s' if len(kinds) != 1 else ''}:"]
    for label, found in kinds.items():
        first = min(s.start for s in found)
        last = max(s.end for s in found)
        span = f", {dates[first]} to {dates[last]}" if dates else ""
        lines.append(f"  {label}: {len(found):,}{span}")
    lines.append(f"The latest {LATEST_IN_FULL}:")
    return lines


def summary_lines(measure: m.Measure, result: ChartResult) -> list[str]:
    """The readable summary of ``qitui analyse`` for one measure."""
    n = sum(1 for p in result.points if p.y is not None)
    head = f"{measure.name} — {chart_name(result.chart)}, {_points(n)}"
    if measure.target is not None:
        head += f", target {fmt_y(result.chart, measure.target, measure.unit)}"
    lines = [head]
    dates = _dates(measure)
    dec = line_decimals(measure)
    lines += ["  " + phase_line(measure, result, ph, dates, dec) for ph in result.phases]
    lines += ["  " + line for line in verdict_lines(measure, result)]
    names = ", ".join(RULE_SET_NAMES.get(r, r) for r in result.rule_sets)
    lines.append(f"  Rules: {names}")
    return lines
