"""Home's view model: the projects of a folder as rows (sorted, filtered, laid out in columns)
and in words (the line under the title, the detail of the project under the cursor).

Plain Python on :class:`qitui.portfolio.Summary` entries (or quick ones from
:mod:`qitui.quicklist`, which have ``quick`` set and no project yet): no Textual, no file
reading; :mod:`qitui.screens.home` shows it, :mod:`qitui.widgets.project_table` draws it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from qitui.folders import is_project_dir
from qitui.safetext import visible
from qitui.wording import plural

if TYPE_CHECKING:
    from collections.abc import Iterable

    from qitui.portfolio import Summary as Entry

HEADERS = ("Project", "Aim by", "Scores", "Signals", "Under way", "Last entry")
MIN_WIDTHS = (7, 10, 6, 9, 9, 10)  # room for what a project read in full shows
SORTS = ("title", "score", "signals", "last entry", "collaborative")
BLOCKS = "▁▂▃▄▅▆▇█"
HISTORY = 8  # progress scores shown in the sparkline
PENDING = "…"
TITLE_MIN = 12  # the title column is never narrower


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def sparkline(scores: list[float]) -> str:
    """Block characters for progress scores on the 0.5–5.0 scale, one block per half point
    from 1.0 (▁) to 4.5 (█), where most projects move; 0.5 and 5.0 share the end blocks."""
    return "".join(BLOCKS[min(max(round(s * 2) - 2, 0), len(BLOCKS) - 1)] for s in scores)


def score_history(entry: Entry) -> list[float]:
    """The progress scores a row shows (the sparkline's), oldest first."""
    return entry.score_history(HISTORY)


def is_quick(entry: Entry) -> bool:
    """A title read fast (:mod:`qitui.quicklist`), the project not read yet."""
    return bool(getattr(entry, "quick", False))


def sort_key(name: str, entry: Entry) -> tuple[Any, ...]:
    """The order of ``entry`` in the sort called ``name`` (one of :data:`SORTS`)."""
    title = entry.title.casefold()
    if name == "score":
        history = score_history(entry)
        return (not history, -(history[-1] if history else 0), title)
    if name == "signals":
        count = entry.signal_count()
        return (count is None, -(count or 0), title)
    if name == "last entry":
        changed = entry.last_entry if entry.full else None
        return (changed is None, -(changed.toordinal() if changed else 0), title)
    if name == "collaborative":  # grouped by collaborative; projects in none last
        collab = entry.project.collaborative.casefold() if entry.project else ""
        return (not collab, collab, title)
    return (title, entry.key)


def collaborative_of(entry: Entry) -> str:
    return entry.project.collaborative if entry.project else ""


def least_widths(entries: Iterable[Entry]) -> list[int]:
    """The narrowest each column may be for these rows."""
    least = list(MIN_WIDTHS)
    if any(is_quick(e) for e in entries):
        least[2] = HISTORY + 4  # room for the scores still to come (▁▂▃… 2.5)
    return least


def column_widths(cells: list[list[str]], least: list[int], avail: int) -> list[int]:
    """Each column as wide as its widest cell (at least ``least``); the title column takes
    what is left of ``avail`` cells (a cell has one cell of padding each side)."""
    widths = [max([lo] + [cell_len(r[i]) for r in cells]) for i, lo in enumerate(least)]
    room = avail - sum(widths[1:]) - 2 * len(HEADERS)
    widths[0] = max(TITLE_MIN, min(widths[0], room))
    return widths


def laid_out(row: list[str] | tuple[str, ...], widths: list[int]) -> str:
    """A row as the table lays it out (the title shortened to its column)."""
    row = [short(row[0], widths[0]), *row[1:]]
    return "".join(f" {c}{' ' * (w - cell_len(c))} " for c, w in zip(row, widths, strict=True))


class HomeModel:
    """The projects of ``root`` as Home shows them. :attr:`entries` in folder order (each
    replaced, never changed, when its project is read again); :attr:`shown` the rows, sorted
    by :attr:`sort_by` and narrowed to :attr:`filter_text` by :meth:`narrow`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.entries: dict[str, Entry] = {}
        self.shown: list[Entry] = []
        self.sort_by = SORTS[0]
        self.filter_text = ""
        #: (stage, done, total) of a load under way ("list" or "read"), None when done
        self.progress: tuple[str, int, int] | None = ("list", 0, 0)
        #: each entry's row cells for a sparkline width (an entry is replaced, not changed)
        self._cells: dict[str, tuple[Entry, int, list[str]]] = {}

    @property
    def new_root(self) -> Path:
        """Where new projects go (the folder above, when ``root`` is a project)."""
        return self.root.parent if is_project_dir(self.root) else self.root

    # ------------------------------------------------------------------ rows
    def take(self, entries: list[Entry], keys: list[str] | None = None) -> None:
        """Entries read by a load; ``keys``, at the start of a load: every project folder
        (the others are gone). A project read in full keeps its row until it is read again."""
        if keys is not None:
            keep = set(keys)
            self.entries = {k: e for k, e in self.entries.items() if k in keep}
        for entry in entries:
            old = self.entries.get(entry.key)
            if old is not None and old.full and not entry.full:
                continue
            self.entries[entry.key] = entry

    def next_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]

    def sorted(self, entries: Iterable[Entry]) -> list[Entry]:
        return sorted(entries, key=lambda e: sort_key(self.sort_by, e))

    def narrow(self) -> list[Entry]:
        """:attr:`shown` worked out again: the entries matching the filter (title, folder
        name or collaborative), sorted."""
        needle = self.filter_text.casefold()
        rows = [
            e
            for e in self.entries.values()
            if needle in e.title.casefold()
            or needle in e.path.name.casefold()
            or needle in collaborative_of(e).casefold()
        ]
        self.shown = self.sorted(rows)
        return self.shown

    def refresh_shown(self) -> None:
        """:attr:`shown` in the same order, each entry as last read."""
        self.shown = [self.entries.get(e.key, e) for e in self.shown]

    def spark_width(self) -> int:
        """The width of the widest sparkline of the rows shown."""
        return max((len(score_history(e)) for e in self.shown), default=0)

    def row(self, entry: Entry, spark: int = HISTORY) -> list[str]:
        """The cells of a row (the title in full); ``spark`` aligns the sparklines.

        Worked out once per entry and width, so that a filter key does not redo it for
        every project."""
        known = self._cells.get(entry.key)
        if known is None or known[0] is not entry or known[1] != spark:
            known = self._cells[entry.key] = (entry, spark, self._row(entry, spark))
        return list(known[2])

    def _row(self, entry: Entry, spark: int) -> list[str]:
        p = entry.project
        if p is None and is_quick(entry):  # a title read fast, for now
            return [" ".join(entry.title.split()), *[PENDING] * (len(HEADERS) - 1)]
        if p is None:
            first = entry.errors[0].message if entry.errors else "cannot be read"
            return [visible(f"✗ {entry.path.name}: {first}"), "—", "—", "—", "—", "ERROR"]
        mark = "✗ " if entry.errors else ""
        history = score_history(entry)
        score = f"{sparkline(history):>{spark}} {history[-1]:.1f}" if history else "—"
        if not entry.full:
            sig = under_way = changed_text = PENDING
        else:
            count = entry.signal_count() or 0
            n_meas = entry.measures
            if count:
                sig = f"⚑ {count} of {n_meas}"
            elif n_meas and not entry.unknown:
                sig = f"none of {n_meas}"
            else:
                sig = "—"
            under_way = str(entry.under_way)
            changed_text = entry.last_entry.isoformat() if entry.last_entry else "—"
        return [
            mark + visible(" ".join(p.title.split())),
            p.aim.by_when.isoformat() if p.aim.by_when else "—",
            score,
            sig,
            under_way,
            changed_text,
        ]

    def preview_lines(self, count: int, avail: int) -> list[str]:
        """The header and the first ``count`` rows (the sort's first), laid out in ``avail``
        cells as the table lays them out, before any sparkline is known."""
        cells = [self.row(e, 0) for e in self.sorted(self.entries.values())[:count]]
        widths = column_widths(cells, list(MIN_WIDTHS), avail)
        return [laid_out(HEADERS, widths), *(laid_out(r, widths) for r in cells)]

    # ------------------------------------------------------------------ words
    def where_text(self, filter_waiting: bool = False) -> str:
        """The line under the title: the folder, the count, the load, the sort, the filter
        (``filter_waiting``: the rows follow when typing pauses)."""
        n = len(self.entries)
        parts = [f"{self.root.name or self.root}/", f"{n} project{'s' if n != 1 else ''}"]
        if self.progress is not None:
            stage, done, total = self.progress
            verb = "listing" if stage == "list" else "loading"
            parts.append(f"{verb} {done} of {total}…" if total else f"{verb}…")
        elif not n:
            parts.append("none yet: press n to start one")
        parts.append(f"sorted by {self.sort_by}")
        if self.filter_text and filter_waiting:
            parts.append(f"filter “{self.filter_text}”…")
        elif self.filter_text:
            parts.append(f"filter “{self.filter_text}”: {len(self.shown)} shown")
        return visible("  ·  ".join(parts))

    def no_detail(self) -> str:
        """The detail when no row is under the cursor."""
        return "no project matches the filter" if self.filter_text else ""

    def detail_text(self, entry: Entry) -> str:
        """What the detail box shows of ``entry``."""
        lines = []
        p = entry.project
        if p is None and is_quick(entry):
            return f"{' '.join(entry.title.split())}\nReading project.toml…"
        if p is not None:
            lines.append(" ".join(p.title.split()))
            lines.append(p.aim.sentence() or "(no aim yet)")
            if p.collaborative:
                lines.append(f"Collaborative: {p.collaborative} (c shows its progress)")
            history = score_history(entry)
            if history:
                score = p.latest_score()
                assert score is not None
                trail = " → ".join(f"{s:.1f}" for s in history)
                why = f": {score.justification}" if score.justification.strip() else ""
                lines.append(f"Progress {trail} (latest {score.date}{why})")
            if entry.full:
                lines.append(
                    f"{plural(entry.measures, 'measure')} · "
                    f"{plural(len(p.change_ideas), 'change idea')} · "
                    f"{plural(entry.cycles, 'cycle')} · {plural(entry.notes, 'note')}"
                )
                for name, labels in entry.flagged or []:
                    lines.append(f"⚑ {name}: {', '.join(labels)}")
                if entry.unknown:
                    lines.append("Some measures cannot be analysed yet (too few points).")
            else:
                lines.append("Reading the measures and cycles…")
        if entry.problems:
            lines.append(f"✗ {plural(len(entry.problems), 'problem')} in the files:")
            lines += [
                f"  {self.relative(pr.path)}:{pr.line}: {pr.level}: {pr.message}"
                for pr in entry.problems[:8]
            ]
        return "\n".join(lines)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.new_root))
        except ValueError:
            return str(path)
