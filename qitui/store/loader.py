"""Loading a project folder: fingerprints, the files inside it, cross-file references."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qitui import layout
from qitui import model as m
from qitui.folders import PROJECT_FILE, discover
from qitui.store.cycle import _read_cycle
from qitui.store.measure import _read_measure
from qitui.store.note import _read_note
from qitui.store.problems import Problem
from qitui.store.project import _read_project
from qitui.store.schema import CYCLES_DIR, MEASURES_DIR, NOTES_DIR
from qitui.tomlio import (
    FileProblem,
    is_temp_file,
    locate,
    read_source,
)

# --------------------------------------------------------------------------- whole projects


def _digest(raw: bytes) -> str:
    """A file's fingerprint from its bytes (for outside-edit detection)."""
    return hashlib.sha256(raw).hexdigest()


def _fingerprint(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def _files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:  # is_file() from the listing: no stat per file
            found = [
                Path(e.path)
                for e in entries
                if e.name.endswith(".toml") and not is_temp_file(Path(e.name)) and _is_file(e)
            ]
    except OSError:  # missing, not a folder, unreadable: reported by qitui.layout
        return []
    return sorted(found)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a symlink loop: reported by qitui.layout
        return False


@dataclass
class LoadedProject:
    """A project as read from disk: the model (None if project.toml is unusable), every
    problem found, and a fingerprint of each file for outside-edit detection."""

    path: Path
    project: m.Project | None
    problems: list[Problem] = field(default_factory=list)
    fingerprints: dict[Path, str | None] = field(default_factory=dict)
    broken: set[Path] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.project is not None and not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def title(self) -> str:
        return self.project.title if self.project else self.path.name


def _safe_inside(root: Path, path: Path) -> bool:
    """False for symlinks (or anything) that resolve outside the project folder."""
    return _Inside(root)(path)


class _Inside:
    """Whether paths resolve inside ``root`` (False for symlinks that lead out of it).

    Resolving a path checks every folder on the way; one instance resolves each folder once,
    so that a file that is not itself a symlink costs one ``lstat`` (a project of many files
    loads a quarter faster)."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path) -> bool:
        try:
            if os.path.islink(path):
                real = os.path.realpath(path)
            else:
                folder, name = os.path.split(path)
                known = self._folders.get(folder)
                if known is None:
                    known = self._folders[folder] = os.path.realpath(folder)
                real = os.path.join(known, name)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop
            return False
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)


def _read_tracked(loaded: LoadedProject, file: Path) -> str | None:
    """Read ``file`` once: its fingerprint into ``loaded`` and its text back; None (and the
    problem recorded) when it is not a readable text file."""
    try:
        text, raw = read_source(file)
    except FileProblem as exc:
        loaded.fingerprints[file] = _fingerprint(file)
        loaded.problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    loaded.fingerprints[file] = _digest(raw)
    return text


def load_project_file(path: Path) -> LoadedProject:
    """Only the project.toml of a project folder: title, aim, team, scores, drivers.

    For listing many projects quickly (Home); :func:`load_project` reads everything. Never
    raises for bad content."""
    path = Path(path)
    problems: list[Problem] = []
    loaded = LoadedProject(path=path, project=None, problems=problems)
    pfile = path / PROJECT_FILE
    if not pfile.is_file():
        what = layout.file_kind(pfile) if os.path.lexists(pfile) else None
        message = f"{PROJECT_FILE} is {what}, not a file" if what else "project folder without "
        problems.append(Problem(pfile, 0, message + ("" if what else PROJECT_FILE)))
        loaded.broken.add(pfile)
        return loaded
    if not _safe_inside(path, pfile):
        problems.append(Problem(pfile, 0, "symlink pointing outside the project: refused"))
        return loaded
    text = _read_tracked(loaded, pfile)
    try:
        project = _read_project(path.name, pfile, problems, text) if text is not None else None
    except Exception as exc:  # hostile content no check foresaw: a problem, not a crash
        problems.append(Problem(pfile, 1, f"cannot read this file ({type(exc).__name__})"))
        project = None
    if project is None or problems:
        loaded.broken.add(pfile)
    loaded.project = project
    return loaded


def load_project(path: Path, listed: LoadedProject | None = None) -> LoadedProject:
    """Load one project folder; never raises for bad content.

    ``listed``: what :func:`load_project_file` gave for this folder, if it has been read
    already (it is copied, not changed); project.toml is then not read again."""
    if listed is None:
        loaded = load_project_file(path)
    else:
        loaded = LoadedProject(
            path=listed.path,
            project=(
                replace(listed.project, measures=[], cycles=[], notes=[])
                if listed.project
                else None
            ),
            problems=list(listed.problems),
            fingerprints=dict(listed.fingerprints),
            broken=set(listed.broken),
        )
    project = loaded.project
    if project is None:
        return loaded
    path = loaded.path
    problems = loaded.problems
    inside = _Inside(path)

    def track(file: Path, reader: Callable[[Path, list[Problem], str], Any]) -> Any:
        before = len(problems)
        if not inside(file):
            problems.append(Problem(file, 0, "symlink pointing outside the project: refused"))
            loaded.broken.add(file)
            return None
        text = _read_tracked(loaded, file)
        if text is None:
            loaded.broken.add(file)
            return None
        item = None
        try:
            item = reader(file, problems, text)
        except Exception as exc:  # hostile content no check foresaw: a problem, not a crash
            problems.append(Problem(file, 1, f"cannot read this file ({type(exc).__name__})"))
        if len(problems) > before:
            loaded.broken.add(file)
            return None
        return item

    def named(file: Path, what: str) -> bool:
        problem = layout.name_problem(file, what)
        if problem:
            problems.append(Problem(file, 0, problem))
            loaded.broken.add(file)
        return problem is None

    for file in _files(path / MEASURES_DIR):
        meas = track(file, _read_measure)
        if meas is not None and named(file, "measure"):
            meas.sort_points()
            project.measures.append(meas)
    for file in _files(path / CYCLES_DIR):
        cyc = track(file, _read_cycle)
        if cyc is not None and named(file, "cycle"):
            project.cycles.append(cyc)
    for file in _files(path / NOTES_DIR):
        note = track(file, _read_note)
        if note is not None and named(file, "note"):
            project.notes.append(note)
    for where, line, message in layout.folder_problems(path):
        problems.append(Problem(where, line, message))
        loaded.broken.add(where)
    _check_references(loaded)
    return loaded


def _key_line(file: Path, key: str) -> int:
    """The line of a top-level ``key`` in ``file`` (read only when a problem is reported)."""
    try:
        return locate(file.read_text(encoding="utf-8"), None, key)
    except (OSError, UnicodeDecodeError):
        return 0


def _check_references(loaded: LoadedProject) -> None:
    """Cross-file references: a cycle's change idea and parent, a note's subject."""
    p = loaded.project
    assert p is not None
    root = loaded.path
    # a file left out for its own problem is not blamed again through what refers to it
    left_out = {(f.parent.name, f.stem) for f in loaded.broken}
    cycle_ids = {c.id for c in p.cycles} | {s for d, s in left_out if d == CYCLES_DIR}
    idea_ids = {c.id for c in p.change_ideas}
    for c in p.cycles:
        file = root / CYCLES_DIR / f"{c.id}.toml"
        if c.change_idea and c.change_idea not in idea_ids:
            loaded.problems.append(
                Problem(
                    file,
                    _key_line(file, "change_idea"),
                    f"change idea '{c.change_idea}' does not exist in project.toml",
                )
            )
        if c.parent and c.parent not in cycle_ids:
            loaded.problems.append(
                Problem(
                    file, _key_line(file, "parent"), f"parent cycle '{c.parent}' does not exist"
                )
            )
    for c, level, message in layout.duplicate_cycles(p.cycles, root / CYCLES_DIR):
        file = root / CYCLES_DIR / f"{c.id}.toml"
        loaded.problems.append(Problem(file, _key_line(file, "label"), message, level))
    measure_ids = {x.id for x in p.measures} | {s for d, s in left_out if d == MEASURES_DIR}
    for n in p.notes:
        kind, _, ref = n.about.partition(":")
        point = m.point_of(n.about)
        ok = (
            n.about == "project"
            or (kind == "measure" and ref in measure_ids)
            or (kind == "cycle" and ref in cycle_ids)
            or (point is not None and point[0] in measure_ids)
        )
        file = root / NOTES_DIR / f"{n.id}.toml"
        if not ok:
            loaded.problems.append(
                Problem(
                    file,
                    _key_line(file, "about"),
                    f"note is about '{n.about}', which does not exist (use project, "
                    "measure:<id>, cycle:<id> or point:<measure id>:<YYYY-MM-DD>)",
                )
            )
        elif point is not None:
            meas = p.measure(point[0])
            if meas is not None and all(pt.date != point[1] for pt in meas.points):
                loaded.problems.append(
                    Problem(
                        file,
                        _key_line(file, "about"),
                        f"note is about the point of {point[1]} of '{point[0]}', "
                        "which has no data point on that date",
                        level="warning",
                    )
                )


def iter_load(path: Path) -> Iterator[LoadedProject]:
    for folder in discover(path):
        yield load_project(folder)


# --------------------------------------------------------------------------- saving
