"""The :class:`ProjectStore`: atomic, conflict-checked saves of one loaded project."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from qitui import limits, locking, safeio
from qitui import model as m
from qitui import store as store_package  # parse & co. looked up late: see the package docstring
from qitui.folders import PROJECT_FILE
from qitui.store.cycle import cycle_text
from qitui.store.loader import (
    LoadedProject,
    _digest,
    _files,
    _fingerprint,
    _safe_inside,
)
from qitui.store.measure import measure_text
from qitui.store.note import note_text
from qitui.store.problems import ConflictError, ReadOnlyError, StoreError
from qitui.store.project import project_text
from qitui.store.schema import _FOLDERS, CYCLES_DIR, MEASURES_DIR, NOTES_DIR
from qitui.tomlio import (
    write_atomic,
)


class ProjectStore:
    """The one way the app and the CLI change a project on disk.

    Every save is atomic, refuses to overwrite a file that had load problems or that
    changed on disk since it was loaded (:class:`ConflictError`), and keeps the
    fingerprints current so that the next save is checked against what we wrote.
    """

    def __init__(self, loaded: LoadedProject, read_only: bool = False) -> None:
        if loaded.project is None:
            raise StoreError(
                f"{loaded.path}: the project cannot be opened: "
                + "; ".join(str(p) for p in loaded.problems)
            )
        self.loaded = loaded
        self.read_only = read_only or not os.access(loaded.path, os.W_OK)
        self._stat_cache: dict[Path, tuple[tuple[int, int], str | None]] = {}
        self._cleaned = False
        self._clean_leftovers()

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> ProjectStore:
        return cls(store_package.load_project(Path(path)), read_only=read_only)

    @property
    def project(self) -> m.Project:
        assert self.loaded.project is not None
        return self.loaded.project

    @property
    def path(self) -> Path:
        return self.loaded.path

    # paths ---------------------------------------------------------------
    def project_file(self) -> Path:
        return self.path / PROJECT_FILE

    def measure_file(self, measure_id: str) -> Path:
        return self._child(MEASURES_DIR, measure_id)

    def cycle_file(self, cycle_id: str) -> Path:
        return self._child(CYCLES_DIR, cycle_id)

    def note_file(self, note_id: str) -> Path:
        return self._child(NOTES_DIR, note_id)

    def _child(self, folder: str, stem: str) -> Path:
        if not m.is_slug(stem):
            raise StoreError(f"unsafe file name '{stem}': use lower-case letters, digits and -")
        return self.path / folder / f"{stem}.toml"

    # checks --------------------------------------------------------------
    def changed_on_disk(self) -> list[Path]:
        """Files whose content differs from what was loaded or last saved, and new files.

        A file whose size and modification time are as last seen is not read again, so
        that this is cheap enough to call every few seconds."""
        changed: list[Path] = []
        for file, known in self.loaded.fingerprints.items():
            try:
                st = file.stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = None
            cached = self._stat_cache.get(file)
            if cached is not None and stamp is not None and cached[0] == stamp:
                current = cached[1]
            else:
                current = _fingerprint(file)
                if stamp is not None:
                    self._stat_cache[file] = (stamp, current)
            if current != known:
                changed.append(file)
        for folder in (MEASURES_DIR, CYCLES_DIR, NOTES_DIR):
            changed += [f for f in _files(self.path / folder) if f not in self.loaded.fingerprints]
        return sorted(set(changed))

    def _write(self, path: Path, text: str, force: bool = False) -> bool:
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only; nothing was saved")
        if path in self.loaded.broken and not force:
            raise StoreError(f"{path}: has problems on disk; fix them before saving over it")
        if not _safe_inside(self.path, path.parent) or (path.is_symlink()):
            raise StoreError(f"{path}: refusing to write through a symlink")
        size = len(text.encode("utf-8"))
        most = store_package.MAX_FILE_BYTES
        if size > most:
            raise StoreError(
                f"{path}: would be {size:,} bytes, above the {most:,} a project file "
                "may have (split the data into a new measure); nothing was saved"
            )
        known = self.loaded.fingerprints.get(path)
        if known is not None and known == _digest(text.encode("utf-8")) == _fingerprint(path):
            return False  # nothing to write: no lock, no work folder, nothing touched
        with self.locked():  # the check and the rename are one step for every qitui
            known = self.loaded.fingerprints.get(path)
            current = _fingerprint(path)
            if not force and current != known:
                raise ConflictError(path, text)
            changed = self._atomic(path, text)
            self.loaded.fingerprints[path] = _fingerprint(path)
        self.loaded.broken.discard(path)
        return changed

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Hold this project's write lock (see :mod:`qitui.locking`); re-entrant."""
        return _locked(self.path)

    def _atomic(self, path: Path, text: str) -> bool:
        """Write under the lock, the temporary file in the git-ignored work folder."""
        if not self._cleaned:
            self._cleaned = True
            safeio.remove_leftovers(self._leftover_folders())
        try:
            return write_atomic(path, text, tmp_dir=locking.work_dir(self.path))
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # a folder on another file system: temp beside it
                raise
            return write_atomic(path, text)

    def _leftover_folders(self) -> list[Path]:
        root = self.path
        return [root / locking.WORK_DIR, root] + [root / d for d in _FOLDERS]

    def _clean_leftovers(self) -> None:
        """Temporary files of a killed save go at start, if no one is saving right now."""
        folders = self._leftover_folders()
        if self.read_only or not safeio.has_leftovers(folders):
            return
        with contextlib.suppress(OSError), locking.try_lock(self.path) as got:
            if got:
                safeio.remove_leftovers(folders)
                self._cleaned = True

    def _remove(self, path: Path, force: bool = False) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only; nothing was deleted")
        with self.locked():
            if not force and _fingerprint(path) != self.loaded.fingerprints.get(path):
                raise ConflictError(path)
            path.unlink(missing_ok=True)
        self.loaded.fingerprints.pop(path, None)

    # saves ---------------------------------------------------------------
    def save_project(self, force: bool = False) -> bool:
        """Write project.toml (aim, team, scores, drivers, change ideas)."""
        return self._write(self.project_file(), project_text(self.project), force)

    def save_measure(self, measure: m.Measure, force: bool = False) -> bool:
        problem = limits.measure_problem(measure)
        if problem:  # the loader would refuse the file: never write it
            raise StoreError(f"{measure.name}: {problem}; nothing was saved")
        if measure not in self.project.measures:
            self.project.measures.append(measure)
        measure.sort_points()
        return self._write(self.measure_file(measure.id), measure_text(measure), force)

    def delete_measure(self, measure_id: str, force: bool = False) -> None:
        self._remove(self.measure_file(measure_id), force)
        self.project.measures = [x for x in self.project.measures if x.id != measure_id]

    def save_cycle(self, cycle: m.Cycle, force: bool = False) -> bool:
        if cycle not in self.project.cycles:
            self.project.cycles.append(cycle)
        return self._write(self.cycle_file(cycle.id), cycle_text(cycle), force)

    def delete_cycle(self, cycle_id: str, force: bool = False) -> None:
        self._remove(self.cycle_file(cycle_id), force)
        self.project.cycles = [c for c in self.project.cycles if c.id != cycle_id]

    def save_note(self, note: m.Note, force: bool = False) -> bool:
        if note not in self.project.notes:
            self.project.notes.append(note)
        return self._write(self.note_file(note.id), note_text(note), force)

    def delete_note(self, note_id: str, force: bool = False) -> None:
        self._remove(self.note_file(note_id), force)
        self.project.notes = [n for n in self.project.notes if n.id != note_id]

    def save_all(self, force: bool = False) -> int:
        """Write every file of the project; returns how many actually changed."""
        changed = int(self.save_project(force))
        for meas in self.project.measures:
            changed += self.save_measure(meas, force)
        for cyc in self.project.cycles:
            changed += self.save_cycle(cyc, force)
        for note in self.project.notes:
            changed += self.save_note(note, force)
        return changed

    # edits ---------------------------------------------------------------
    def edit(
        self,
        item: m.Measure | m.Cycle | m.Note | None,
        mutate: Callable[[], object] | None = None,
        force: bool = False,
    ) -> bool:
        """One edit, as a transaction: apply ``mutate``, write ``item``'s file (None:
        project.toml) atomically, and if anything fails put the model back as it was and
        raise (:class:`ConflictError`, :class:`ReadOnlyError`, :class:`StoreError`…).
        A new item is added to the project by its first save. Returns whether the file
        changed."""
        from qitui.edits import snapshot_item, snapshot_project

        if item is None:
            restore = snapshot_project(self.project)
        else:
            restore = snapshot_item(item, self._items_of(item))
        try:
            if mutate is not None:
                mutate()
            if isinstance(item, m.Measure):
                return self.save_measure(item, force)
            if isinstance(item, m.Cycle):
                return self.save_cycle(item, force)
            if isinstance(item, m.Note):
                return self.save_note(item, force)
            return self.save_project(force)
        except BaseException:
            restore()
            raise

    def edit_project(self, mutate: Callable[[], object], force: bool = False) -> bool:
        """:meth:`edit` of project.toml (aim, team, scores, drivers, change ideas)."""
        return self.edit(None, mutate, force)

    def remove(self, item: m.Measure | m.Cycle | m.Note, force: bool = False) -> None:
        """Delete ``item``'s file and take it out of the project (nothing changes on failure)."""
        if isinstance(item, m.Measure):
            self.delete_measure(item.id, force)
        elif isinstance(item, m.Cycle):
            self.delete_cycle(item.id, force)
        else:
            self.delete_note(item.id, force)

    def _items_of(self, item: m.Measure | m.Cycle | m.Note) -> list[Any]:
        if isinstance(item, m.Measure):
            return self.project.measures
        if isinstance(item, m.Cycle):
            return self.project.cycles
        return self.project.notes

    def text_of(self, item: m.Measure | m.Cycle | m.Note | None) -> tuple[Path, str]:
        """The file and the text that saving ``item`` would write (None: project.toml)."""
        if isinstance(item, m.Measure):
            return self.measure_file(item.id), measure_text(item)
        if isinstance(item, m.Cycle):
            return self.cycle_file(item.id), cycle_text(item)
        if isinstance(item, m.Note):
            return self.note_file(item.id), note_text(item)
        return self.project_file(), project_text(self.project)

    def keep_mine(self, item: m.Measure | m.Cycle | m.Note | None) -> Path:
        """After a :class:`ConflictError`: write our version of ``item`` beside theirs."""
        return self.write_copy(*self.text_of(item))

    def write_copy(self, path: Path, text: str) -> Path:
        """Write ``text`` beside ``path`` as ``<name>.mine`` (then ``.mine-2``…): never
        loaded, never overwriting anything. Returns the copy's path."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only; nothing was saved")
        with self.locked():
            copy = path.with_name(path.name + ".mine")
            n = 2
            while copy.exists():
                copy = path.with_name(f"{path.name}.mine-{n}")
                n += 1
            self._atomic(copy, text)
        return copy

    def reload(self) -> None:
        self.loaded = store_package.load_project(self.path)
        if self.loaded.project is None:
            raise StoreError("; ".join(str(p) for p in self.loaded.problems))

    # ids -----------------------------------------------------------------
    def new_measure_id(self, name: str) -> str:
        taken = {x.id for x in self.project.measures} | {
            f.stem for f in _files(self.path / MEASURES_DIR)
        }
        return self.project.unique_id(name, taken)

    def new_cycle_id(self, title: str) -> str:
        taken = {c.id for c in self.project.cycles} | {
            f.stem for f in _files(self.path / CYCLES_DIR)
        }
        number = (
            max(
                [self.project.next_cycle_number() - 1]
                + [int(s.split("-")[0]) for s in taken if s.split("-")[0].isdigit()]
            )
            + 1
        )
        return self.project.unique_id(f"{number:03d}-{m.slugify(title, 'cycle')}", taken)

    def new_note_id(self, author: str, when: date, text: str = "") -> str:
        """``<date>-<author>-<hash of text>``: two people adding notes on two branches
        never pick the same file name, so their merges are clean."""
        taken = {n.id for n in self.project.notes} | {f.stem for f in _files(self.path / NOTES_DIR)}
        digest = hashlib.sha1(f"{author}\n{text}".encode()).hexdigest()[:6]
        base = f"{when.isoformat()}-{m.slugify(author, 'note')[:30]}-{digest}"
        return self.project.unique_id(base, taken)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locking.project_lock(root))
        except locking.LockError as exc:
            raise StoreError(str(exc)) from None
        yield


def create_project(folder: Path, title: str, start: date | None = None) -> ProjectStore:
    """Make a new project folder with a project.toml; refuses an existing project.

    ``start`` is the date a person gave; without one the project has no start date (never
    today by itself: the team's baseline data often begin before the project)."""
    folder = Path(folder)
    if (folder / PROJECT_FILE).exists():
        raise StoreError(f"{folder}: already a project (has {PROJECT_FILE})")
    if not title.strip():
        raise StoreError("a project needs a title")
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: exists and is not a folder")
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    project = m.Project(slug=folder.name, title=title.strip(), start=start)
    try:
        write_atomic(folder / PROJECT_FILE, project_text(project))
    except BaseException:
        if made:  # leave no empty folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return ProjectStore.open(folder)
