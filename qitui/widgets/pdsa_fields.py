"""The fields of the PDSA worksheet (every field of the cycle model but the questions), the
IHI worksheet's prompts shown in empty fields, and the change ideas a cycle may test.

:class:`qitui.screens.cycle.CycleScreen` lays them out in five sections.
"""

from __future__ import annotations

from typing import Any

from qitui import model as m
from qitui.safetext import text as safe_text
from qitui.widgets.form import FieldSpec

#: the scale as numbers, beside its free text: (field, label)
SCALE_NUMBERS = [("scale_people", "People"), ("scale_sites", "Sites"), ("scale_days", "Days")]
YES_NO = [("yes: carried out as planned", "yes"), ("no: not as planned", "no")]
QUESTION_PARTS = ("question", "prediction", "result")
#: the IHI PDSA worksheet's prompts, shown in each empty field (a blank Plan reads as a
#: worksheet to fill)
WORKSHEET = {
    "objective": "What do we want to learn from this test?",
    "question": "What question will this test answer?",
    "prediction": "What do we predict will happen?",
    "who": "Who will carry out the test?",
    "what": "What will be done?",
    "where": "Where will it happen?",
    "when": "When? (dates, times)",
    "data": "What data will we collect, and how?",
    "observations": "What happened? What did we observe?",
    "problems": "What problems or surprises came up?",
    "result": "What actually happened?",
    "learning": "How do the results compare with the predictions? What did we learn?",
    "next_steps": "What will we do next? (adopt, adapt, abandon: the next cycle's plan)",
}


def _not_negative(value: Any) -> str | None:
    return "is below 0" if value is not None and value < 0 else None


def _blank_is_empty(value: Any) -> tuple[Any, str | None]:
    return value or "", None


def _choice(
    name: str, label: str, options: list[tuple[str, str]], prompt: str, **kw: Any
) -> FieldSpec:
    return FieldSpec(
        name, label, kind="select", options=options, placeholder=prompt, parse=_blank_is_empty, **kw
    )


def cycle_fields(ideas: list[tuple[Any, str]]) -> list[FieldSpec]:
    """Every field of the worksheet but the questions, with its place in the model."""

    def text(
        name: str, label: str, attr: str = "", kind: str = "text", hint: str = ""
    ) -> FieldSpec:
        return FieldSpec(name, label, kind=kind, attr=attr, placeholder=hint)

    return [
        FieldSpec("label", "Label", required=True, placeholder="1a, 1b…"),
        text("title", "Title"),
        _choice("change_idea", "Change idea", ideas, "(none)"),
        _choice("purpose", "Purpose", [(p, p) for p in m.CYCLE_PURPOSES], "(none)"),
        FieldSpec(
            "status",
            "Status",
            kind="select",
            options=[(x, x) for x in m.CYCLE_STATUSES],
            required=True,
        ),
        FieldSpec("start", "Start", kind="date"),
        FieldSpec("end", "End", kind="date"),
        text("owner", "Responsible"),
        text("scale", "Scale", hint="who, how many, how long"),
        *[
            FieldSpec(
                k,
                label,
                kind="int",
                placeholder=f"how many {label.lower()} (a whole number)",
                check=_not_negative,
            )
            for k, label in SCALE_NUMBERS
        ],
        text("objective", "Objective", "plan.objective", "area", WORKSHEET["objective"]),
        FieldSpec("predicted_on", "Predicted on", kind="date", attr="plan.predicted_on"),
        *[
            text(k, k.capitalize(), f"plan.{k}", hint=WORKSHEET[k])
            for k in ("who", "what", "where", "when")
        ],
        text("data", "Data", "plan.data", "area", WORKSHEET["data"]),
        FieldSpec(
            "as_planned",
            "As planned?",
            kind="select",
            options=YES_NO,
            placeholder="(not yet known)",
            attr="do.as_planned",
            parse=lambda v: ({"yes": True, "no": False}.get(v or ""), None),
            format=lambda v: None if v is None else ("yes" if v else "no"),
        ),
        text("observations", "Observations", "do.observations", "area", WORKSHEET["observations"]),
        text("problems", "Problems", "do.problems", "area", WORKSHEET["problems"]),
        text("learning", "Learning", "study.learning", "area", WORKSHEET["learning"]),
        FieldSpec("studied_on", "Studied on", kind="date", attr="study.studied_on"),
        _choice(
            "decision",
            "Decision",
            [(d, d) for d in m.DECISIONS],
            "(not decided)",
            attr="act.decision",
        ),
        text("next_steps", "Next steps", "act.next_steps", "area", WORKSHEET["next_steps"]),
    ]


def idea_options(project: m.Project, cycle: m.Cycle | None) -> list[tuple[Any, str]]:
    """The change ideas to pick from; a cycle's idea that is missing from the driver diagram
    (a hand edit, a merge) stays as it is, never silently cleared by a save."""
    options: list[tuple[Any, str]] = [(safe_text(i.name), i.id) for i in project.change_ideas]
    if cycle is not None and cycle.change_idea and project.change_idea(cycle.change_idea) is None:
        missing = safe_text(f"{cycle.change_idea} (not in the driver diagram)")
        options.append((missing, cycle.change_idea))
    return options
