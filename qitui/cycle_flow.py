"""How a PDSA cycle's status follows the work written in it (no Textual).

Filling Do moves a planned cycle to *doing*, filling Study (learning or a result) to
*studying*, and an Act decision closes it: *done* after adopt or adapt, *abandoned* after
abandon. The status only moves forward, and never away from *abandoned*; a status the user
picked by hand in the same save wins.
"""

from __future__ import annotations

from datetime import date

from qitui import model as m

ORDER = ("planned", "doing", "studying", "done")


def status_for_work(c: m.Cycle) -> tuple[str, str] | None:
    """The status the cycle's filled sections call for and why, when it differs from
    ``c.status`` and is further on; None when the status stays."""
    if c.status == "abandoned":
        return None
    wanted, why = c.status, ""
    if c.do.as_planned is not None or c.do.observations.strip() or c.do.problems.strip():
        wanted, why = "doing", "Do filled in"
    if c.study.learning.strip() or any(q.result.strip() for q in c.plan.questions):
        wanted, why = "studying", "Study filled in"
    if c.act.decision == "abandon":
        return ("abandoned", "Act decided: abandon")
    if c.act.decision:
        wanted, why = "done", f"Act decided: {c.act.decision}"
    current = ORDER.index(c.status) if c.status in ORDER else 0
    if wanted in ORDER and ORDER.index(wanted) > current:
        return wanted, why
    return None


def prediction_date(c: m.Cycle, today: date) -> date | None:
    """The date to record for predictions just typed: today, unless the test has already
    started: then it is left empty for the team to fill in, never made up as today."""
    if c.start is not None and today > c.start:
        return None
    return today
