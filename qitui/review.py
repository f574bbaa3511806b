"""``qitui review``: what changed in each project of a folder since a date or a git revision.

Where the folder is in a git repository, each project as it was at the last commit before
the date (or at the revision) is read from ``git archive`` into a temporary folder, with the
ordinary loader, and compared with the working tree: a point for an old month committed after
the date (a late entry) is listed. Without git, the dates written in the files are used
instead, and the result says so. The date of a person's last review is remembered outside the
project folder (:func:`state_file`). Nothing here imports Textual.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from qitui import model as m
from qitui.folders import discover, is_project_dir

Change = dict[str, Any]
GIT_TIMEOUT = 60


class ReviewError(Exception):
    """A --since that cannot be used (one line for the user)."""


@dataclass
class Baseline:
    """What "since" resolved to: a commit (``method`` "git"), or a date in the files."""

    since: str
    method: str  # "git" | "dates"
    day: date | None = None
    commit: str | None = None  # None with git: no commit before the date (all is new)
    root: Path | None = None
    #: a point dated before this, added or changed since, is a late entry
    late_before: date | None = None

    def describe(self) -> str:
        if self.method == "dates":
            return (
                f"since {self.since}: not a git repository, so changes are found from the "
                "dates written in the files (an entry for an earlier date made since is not seen)"
            )
        if self.commit is None:
            return f"since {self.since}: no commit before that date, so everything is new"
        what = "the last commit before that date" if self.day else "that revision"
        return f"since {self.since}: compared with commit {self.commit[:10]} ({what})"


@dataclass
class ProjectReview:
    title: str
    path: Path
    changes: list[Change] = field(default_factory=list)


@dataclass
class Review:
    baseline: Baseline
    projects: list[ProjectReview]

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.baseline.since,
            "method": self.baseline.method,
            "commit": self.baseline.commit,
            "projects": [
                {"title": pr.title, "path": str(pr.path), "changes": pr.changes}
                for pr in self.projects
            ],
        }


# --------------------------------------------------------------------------- git


def _git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess[Any]:
    git = shutil.which("git")
    if git is None:
        raise FileNotFoundError("git")
    try:
        return subprocess.run(
            [git, *args],
            cwd=cwd,
            capture_output=True,
            text=not binary,
            timeout=GIT_TIMEOUT,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except subprocess.TimeoutExpired:
        raise ReviewError(f"git {args[0]} took more than {GIT_TIMEOUT} s in {cwd}") from None


def git_root(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or None (no git, or not a repo)."""
    try:
        out = _git(folder, "rev-parse", "--show-toplevel")
    except (OSError, ReviewError):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if len(text.strip()) == 10 else None
    except ValueError:
        return None


def resolve(folder: Path, since: str) -> Baseline:
    """What ``since`` (a date YYYY-MM-DD or a git revision) means for ``folder``."""
    day = parse_day(since)
    root = git_root(folder)
    if root is None:
        if day is None:
            raise ReviewError(
                f"{folder}: not in a git repository, so --since needs a date (YYYY-MM-DD); "
                f"got '{since}'"
            )
        return Baseline(since, "dates", day=day)
    if day is not None:
        out = _git(root, "rev-list", "-1", f"--before={day.isoformat()}T00:00:00", "HEAD")
        commit = out.stdout.strip() if out.returncode == 0 else ""
        return Baseline(since, "git", day=day, commit=commit or None, root=root, late_before=day)
    out = _git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
    if out.returncode != 0 or not out.stdout.strip():
        raise ReviewError(f"--since '{since}' is neither a date (YYYY-MM-DD) nor a git revision")
    sha = out.stdout.strip()
    shown = _git(root, "show", "-s", "--format=%cs", sha)
    when = parse_day(shown.stdout.strip()) if shown.returncode == 0 else None
    return Baseline(since, "git", commit=sha, root=root, late_before=when)


def _extract(root: Path, commit: str, rel: str, into: Path) -> None:
    """The files under ``rel`` as they were at ``commit``, written under ``into``."""
    args = ["archive", "--format=tar", commit]
    if rel not in ("", "."):
        args += ["--", rel]
    out = _git(root, *args, binary=True)
    if out.returncode != 0:
        return  # the folder did not exist then: every project is new
    safe = hasattr(tarfile, "data_filter")  # Python 3.11.4 and later
    with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
        for member in tar.getmembers():
            if not safe and not (member.isfile() or member.isdir()):
                continue  # no filter to check links with: files and folders only
            try:
                if safe:
                    tar.extract(member, into, filter="data")
                else:
                    tar.extract(member, into)  # noqa: S202
            except (tarfile.TarError, OSError):
                continue  # e.g. a symlink leading out of the folder: left out, as the loader does


# --------------------------------------------------------------------------- comparing


def _y(p: m.DataPoint | None) -> float | None:
    return None if p is None else p.y()


def _point(meas: m.Measure, p: m.DataPoint, change: str, day: date | None) -> Change:
    out: Change = {
        "kind": "point",
        "change": change,
        "measure": meas.id,
        "measure_name": meas.name,
        "date": p.date.isoformat(),
        "value": p.y(),
    }
    if meas.is_ratio:
        out["numerator"], out["denominator"] = p.numerator, p.denominator
    if day is not None and p.date < day and change != "removed":
        out["late"] = True  # an entry for a period before the review date
    return out


def _signals(meas: m.Measure | None) -> list[str]:
    from qitui.measure_analysis import measure_signals

    return (measure_signals(meas) or []) if meas is not None else []


def _cycle(c: m.Cycle, change: str) -> Change:
    return {
        "kind": "cycle",
        "change": change,
        "id": c.id,
        "label": c.label,
        "title": c.title,
        "status": c.status,
        "decision": c.act.decision or None,
        "scale": c.scale_text() or None,
    }


def compare(old: m.Project | None, new: m.Project, day: date | None = None) -> list[Change]:
    """Every change from ``old`` (None: the project is new) to ``new``."""
    changes: list[Change] = []
    if old is None:
        changes.append({"kind": "project", "change": "added"})
        old = m.Project(slug=new.slug, title=new.title)
    if old.aim.sentence() != new.aim.sentence():
        changes.append({"kind": "aim", "was": old.aim.sentence(), "now": new.aim.sentence()})
    known = {(s.date, s.score) for s in old.scores}
    for s in sorted(new.scores, key=lambda s: s.date):
        if (s.date, s.score) not in known:
            changes.append(_score(s))
    for meas in new.measures:
        before = old.measure(meas.id)
        if before is None:
            changes.append(_measure(meas, "added"))
        points = {p.date: p for p in before.points} if before else {}
        for p in meas.points:
            was = points.pop(p.date, None)
            if was is None:
                changes.append(_point(meas, p, "added", day))
            elif (p.value, p.numerator, p.denominator, p.excluded) != (
                was.value,
                was.numerator,
                was.denominator,
                was.excluded,
            ):
                changes.append({**_point(meas, p, "changed", day), "was": _y(was)})
        changes += [_point(meas, p, "removed", day) for p in points.values()]
        old_signals = _signals(before)
        for label in _signals(meas):
            if label not in old_signals:
                changes.append(_signal(meas, label))
    for meas in old.measures:
        if new.measure(meas.id) is None:
            changes.append(_measure(meas, "removed"))
    for c in sorted(new.cycles, key=lambda c: (c.number, c.id)):
        was_c = old.cycle(c.id)
        if was_c is None:
            changes.append(_cycle(c, "added"))
        elif (c.status, c.act.decision) != (was_c.status, was_c.act.decision):
            changes.append(
                {
                    **_cycle(c, "changed"),
                    "status_was": was_c.status,
                    "decision_was": was_c.act.decision or None,
                }
            )
    old_notes = {n.id for n in old.notes}
    for n in sorted(new.notes, key=lambda n: (n.date, n.id)):
        if n.id not in old_notes:
            changes.append(_note(n, new))
    return changes


def _measure(meas: m.Measure, change: str) -> Change:
    return {"kind": "measure", "change": change, "measure": meas.id, "measure_name": meas.name}


def _problem(lp: Any) -> list[Change]:
    """A project that cannot be read: its first problem, as a change to look at."""
    first = lp.problems[0] if lp.problems else "cannot be read"
    return [{"kind": "problem", "message": str(first)}]


def _score(s: m.ProgressScore) -> Change:
    return {
        "kind": "score",
        "date": s.date.isoformat(),
        "score": s.score,
        "justification": s.justification,
    }


def _signal(meas: m.Measure, label: str) -> Change:
    return {"kind": "signal", "measure": meas.id, "measure_name": meas.name, "label": label}


def _note(n: m.Note, p: m.Project) -> Change:
    return {
        "kind": "note",
        "id": n.id,
        "author": n.author,
        "date": n.date.isoformat(),
        "about": n.about,
        "on": _about_words(p, n.about),
        "text": n.text,
    }


def _about_words(p: m.Project, about: str) -> str:
    """What a note is about, in words: "cycle 1a", "the point of 2026-03-02 of Waits"…"""
    kind, _, ref = about.partition(":")
    point = m.point_of(about)
    if point is not None:
        meas = p.measure(point[0])
        return f"the point of {point[1]} of {meas.name if meas else point[0]}"
    if kind == "measure":
        meas = p.measure(ref)
        return f"measure {meas.name if meas else ref}"
    if kind == "cycle":
        cyc = p.cycle(ref)
        return f"cycle {cyc.label if cyc else ref}"
    return "the project"


def dated_changes(p: m.Project, day: date) -> list[Change]:
    """Without git: what the dates written in the files place on or after ``day``."""
    changes: list[Change] = []
    if p.start and p.start >= day:
        changes.append({"kind": "project", "change": "added"})
    for a in p.aim_history:
        if a.date >= day:
            changes.append({"kind": "aim", "was": a.statement, "now": p.aim.sentence()})
    changes += [_score(s) for s in sorted(p.scores, key=lambda s: s.date) if s.date >= day]
    for meas in p.measures:
        changes += [_point(meas, pt, "dated", None) for pt in meas.points if pt.date >= day]
        before = replace(meas, points=[pt for pt in meas.points if pt.date < day])
        old_signals = _signals(before)
        changes += [_signal(meas, lb) for lb in _signals(meas) if lb not in old_signals]
    for c in sorted(p.cycles, key=lambda c: (c.number, c.id)):
        dates = [d for d in (c.start, c.end, c.plan.predicted_on, c.study.studied_on) if d]
        if dates and max(dates) >= day:
            changes.append(_cycle(c, "added" if c.start and c.start >= day else "dated"))
    notes = sorted(p.notes, key=lambda n: (n.date, n.id))
    changes += [_note(n, p) for n in notes if n.date >= day]
    return changes


def review(folder: Path, since: str) -> Review:
    """The changes in every project of ``folder`` (a folder of projects or one project)."""
    from qitui.store import load_project

    folder = Path(folder)
    if not folder.is_dir():
        raise ReviewError(f"{folder}: no such folder")
    base = resolve(folder, since)
    current = discover(folder)
    out: list[ProjectReview] = []
    if base.method == "dates":
        assert base.day is not None
        for path in current:
            lp = load_project(path)
            changes = dated_changes(lp.project, base.day) if lp.project else _problem(lp)
            out.append(ProjectReview(lp.title, path, changes))
        return Review(base, out)
    with tempfile.TemporaryDirectory(prefix="qitui-review-") as tmp:
        assert base.root is not None
        rel = os.path.relpath(folder.resolve(), base.root.resolve())
        then = Path(tmp) / rel
        if base.commit is not None:
            _extract(base.root, base.commit, rel, Path(tmp))
        for path in current:
            lp = load_project(path)
            old_path = then if is_project_dir(folder) else then / path.name
            old = load_project(old_path).project if is_project_dir(old_path) else None
            changes = compare(old, lp.project, base.late_before) if lp.project else _problem(lp)
            out.append(ProjectReview(lp.title, path, changes))
    return Review(base, out)


# --------------------------------------------------------------------------- words


def _num(x: Any) -> str:
    if x is None:
        return "–"
    return f"{x:.4g}" if isinstance(x, float) else str(x)


def describe(change: Change) -> str:
    """One change in words, for the terminal and the review screen."""
    kind = change["kind"]
    if kind == "project":
        return "+ new project"
    if kind == "aim":
        return f"~ aim now: {change['now'] or '(none)'} (was: {change['was'] or '(none)'})"
    if kind == "score":
        why = f": {change['justification']}" if change["justification"] else ""
        return f"+ progress score {change['score']:.1f} on {change['date']}{why}"
    if kind == "measure":
        sign = "+" if change["change"] == "added" else "-"
        return f"{sign} measure {change['measure_name']} {change['change']}"
    if kind == "point":
        sign = {"added": "+", "changed": "~", "removed": "-"}.get(change["change"], "+")
        value = _num(change["value"])
        if "numerator" in change:
            value += f" ({_num(change['numerator'])}/{_num(change['denominator'])})"
        was = f" (was {_num(change['was'])})" if change["change"] == "changed" else ""
        late = " — late entry, for a date before the review" if change.get("late") else ""
        verb = "removed" if change["change"] == "removed" else value + was
        return f"{sign} {change['measure_name']} {change['date']}: {verb}{late}"
    if kind == "signal":
        return f"⚑ new signal on {change['measure_name']}: {change['label']}"
    if kind == "cycle":
        head = f"cycle {change['label']} {change['title']}".rstrip()
        now = change["status"] + (f", {change['decision']}" if change["decision"] else "")
        if change["change"] == "changed":
            was = change["status_was"] + (
                f", {change['decision_was']}" if change["decision_was"] else ""
            )
            return f"~ {head}: {now} (was {was})"
        sign = "+" if change["change"] == "added" else "~"
        return f"{sign} {head}: {now}"
    if kind == "note":
        text = " ".join(str(change["text"]).split())
        return (
            f"✎ note by {change['author'] or 'anonymous'} ({change['date']}, on "
            f"{change.get('on') or change['about']}): {text}"
        )
    if kind == "problem":
        return f"✗ cannot be read: {change['message']}"
    return f"{kind}: {change}"


def review_text(r: Review) -> str:
    lines = [f"Changes {r.baseline.describe()}.", ""]
    for pr in r.projects:
        lines.append(f"{' '.join(pr.title.split())} ({pr.path})")
        lines += [f"  {describe(c)}" for c in pr.changes] or ["  no changes"]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- last review


def state_file() -> Path:
    """Where each person's last review of each folder is kept: outside the projects."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "qitui" / "reviews.json"


def _state() -> dict[str, Any]:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def last_review(folder: Path, person: str) -> date | None:
    """The date ``person`` last marked ``folder`` as reviewed, if any."""
    entry = _state().get(str(Path(folder).resolve()), {})
    value = entry.get(person) if isinstance(entry, dict) else None
    return parse_day(value) if isinstance(value, str) else None


def remember_review(folder: Path, person: str, day: date) -> Path:
    """Remember that ``person`` reviewed ``folder`` on ``day``; returns the state file."""
    from qitui.tomlio import write_atomic

    data = _state()
    entry = data.setdefault(str(Path(folder).resolve()), {})
    if not isinstance(entry, dict):
        entry = data[str(Path(folder).resolve())] = {}
    entry[person] = day.isoformat()
    path = state_file()
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path
