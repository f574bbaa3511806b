"""``qitui check``: file problems (errors) and the methodology warnings a coach would raise."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qitui import baselines
from qitui import model as m
from qitui.chart_advice import chart_advice
from qitui.measure_analysis import analyse_measure
from qitui.store import (
    CYCLES_DIR,
    MEASURES_DIR,
    PROJECT_FILE,
    LoadedProject,
    Problem,
    discover,
    is_project_dir,
    load_project,
)
from qitui.tomlio import locate


def project_root(path: Path) -> Path | None:
    """The project folder holding ``path`` (a project folder or a file inside one)."""
    for candidate in [path, *path.parents][:3]:
        if is_project_dir(candidate):
            return candidate
    return None


def check_paths(paths: list[Path]) -> list[Problem]:
    """Every problem of the projects named by ``paths`` (projects, folders of projects, or
    files inside projects, as pre-commit passes them), each project once."""
    from qitui.collaborative import MILESTONES_FILE

    roots: list[Path] = []
    problems: list[Problem] = []
    milestone_files: list[Path] = []
    for path in paths:
        if not path.exists():
            problems.append(Problem(path, 0, "no such file or folder"))
            continue
        if path.is_file() and path.name == MILESTONES_FILE:
            milestone_files.append(path)
            continue
        if path.is_dir() and (path / MILESTONES_FILE).is_file() and not is_project_dir(path):
            milestone_files.append(path / MILESTONES_FILE)
        root = project_root(path if path.is_dir() else path.parent)
        if root is not None:
            found = [root]
        elif path.is_dir():
            found = discover(path)
            if not found:
                problems.append(Problem(path, 0, "no projects here (no folder with project.toml)"))
        else:
            problems.append(Problem(path, 0, "not inside a qitui project"))
            found = []
        roots += [r for r in found if r not in roots]
    for root in roots:
        loaded = load_project(root)
        problems += loaded.problems
        problems += methodology_warnings(loaded)
    for file in dict.fromkeys(milestone_files):
        problems += milestone_problems(file)
    return problems


def milestone_problems(file: Path) -> list[Problem]:
    """The problems of a collaboratives.toml, and a warning for a milestone of a
    collaborative that no project beside it belongs to."""
    from qitui.collaborative import read_milestones
    from qitui.store import load_project_file

    milestones, problems = read_milestones(file)
    names = set()
    for folder in discover(file.parent):
        listed = load_project_file(folder)
        if listed.project is not None and listed.project.collaborative:
            names.add(listed.project.collaborative)
    text = _text(file)
    seen: set[str] = set()
    for x in milestones:
        if x.collaborative not in names and x.collaborative not in seen:
            seen.add(x.collaborative)
            problems.append(
                Problem(
                    file,
                    locate(text, "milestones", None, x.row),
                    f"milestone of '{x.collaborative}': no project here belongs to that "
                    "collaborative (set collaborative = in its project.toml)",
                    "warning",
                )
            )
    return problems


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def methodology_warnings(loaded: LoadedProject) -> list[Problem]:
    """Warnings about the method, not the file format (never stop a load)."""
    p = loaded.project
    if p is None:
        return []
    out: list[Problem] = []

    def warn(path: Path, line: int, message: str) -> None:
        out.append(Problem(path, line, message, "warning"))

    pfile = loaded.path / PROJECT_FILE
    ptext = _text(pfile)
    aim_line = locate(ptext, "aim")
    for message in aim_warning_texts(p.aim):
        warn(pfile, aim_line, message)
    for meas in p.measures:
        file = loaded.path / MEASURES_DIR / f"{meas.id}.toml"
        out += _measure_warnings(file, _text(file), meas)
    for c in p.cycles:
        out += _cycle_warnings(loaded.path / CYCLES_DIR / f"{c.id}.toml", c)
    return out


def aim_warning_texts(aim: m.Aim) -> list[str]:
    """The aim's methodology warnings (the Aim screen shows them as the form stands)."""
    if aim.is_empty():
        return ["no aim yet: what, how much, by when, for whom"]
    out = []
    if not any(ch.isdigit() for ch in f"{aim.how_much} {aim.statement}"):
        out.append("aim has no number: how much improvement is wanted?")
    if aim.by_when is None:
        out.append("aim has no date: by when? (set aim.by_when)")
    return out


def measure_warning_texts(meas: m.Measure) -> list[str]:
    """The methodology warnings of one measure, worded as ``qitui check`` words them (the
    measure screen shows them inline, so the app and the CLI never disagree)."""
    return [w.message for w in _measure_warnings(Path(meas.id), "", meas)]


def cycle_warning_texts(c: m.Cycle) -> list[str]:
    """The methodology warnings of one cycle, as ``qitui check`` words them, for the worksheet."""
    return [w.message for w in _cycle_warnings(Path(c.id), c, "")]


def _measure_warnings(file: Path, text: str, meas: m.Measure) -> list[Problem]:
    out: list[Problem] = []

    def warn(path: Path, line: int, message: str) -> None:
        out.append(Problem(path, line, message, "warning"))

    if not meas.definition.strip():
        warn(file, 1, f"measure '{meas.id}' has no operational definition")
    if meas.is_ratio and not (meas.numerator.strip() and meas.denominator.strip()):
        warn(
            file,
            1,
            f"measure '{meas.id}' ({meas.chart} chart) does not define its "
            "numerator and denominator",
        )
    for phase_no, message in _baseline_warnings(meas):
        if phase_no > 1:
            phase = baselines.spans(meas)[phase_no - 1].phase
            line = locate(text, None, "phases", _index(meas.phases, phase))
        elif message.startswith("short"):
            line = locate(text, None, "freeze")
        else:
            line = locate(text, None, "points") if meas.points else 1
        warn(file, line, f"measure '{meas.id}': {message}")
    for advice in chart_advice(meas):
        warn(file, locate(text, None, "chart"), advice)
    for i, phase in enumerate(meas.phases):
        if not phase.reason.strip():
            warn(
                file,
                locate(text, None, "phases", i),
                f"phase starting {phase.start} has no reason recorded",
            )
    return out


def _baseline_warnings(meas: m.Measure) -> list[tuple[int, str]]:
    """(phase number, message) for short baselines and phases with too few useful points."""
    if not meas.points:
        return []
    try:
        result = analyse_measure(meas)
    except ValueError:  # data the engine refuses is reported elsewhere
        return []
    return [
        (w.phase, w.text[0].lower() + w.text[1:]) for w in baselines.baseline_warnings(meas, result)
    ]


def _index(items: Sequence[object], item: object) -> int:
    return next((i for i, x in enumerate(items) if x is item), 0)


def _cycle_warnings(file: Path, c: m.Cycle, text: str | None = None) -> list[Problem]:
    text = _text(file) if text is None else text
    out: list[Problem] = []

    def warn(line: int, message: str) -> None:
        out.append(Problem(file, line, f"cycle {c.label}: {message}", "warning"))

    predicted = [q for q in c.plan.questions if q.prediction.strip()]
    if not c.change_idea:
        warn(locate(text, None, "label"), "names no change idea")
    if not predicted and c.status != "abandoned":
        warn(locate(text, "plan"), "no predictions in the Plan (write them before the test)")
    if c.plan.predicted_on and c.start and c.plan.predicted_on > c.start:
        warn(
            locate(text, "plan", "predicted_on"),
            f"predictions written on {c.plan.predicted_on}, after the test started {c.start}",
        )
    studied = c.status in ("studying", "done") or bool(c.study.learning.strip())
    if studied and predicted and not any(q.result.strip() for q in predicted):
        warn(locate(text, "study"), "the Study does not compare results with the predictions")
    if c.status == "done" and not c.act.decision:
        warn(locate(text, "act"), "done, but Act has no decision (adopt, adapt or abandon)")
    return out
