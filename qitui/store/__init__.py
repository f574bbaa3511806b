"""Project folders <-> model: load with located problems, save atomically, detect outside edits.

Layout of one project (see docs/file-format.md)::

    <slug>/project.toml             title, aim, team, scores, driver diagram
    <slug>/measures/<id>.toml       one measure: definition, phases, data points
    <slug>/cycles/<NNN-slug>.toml   one PDSA cycle
    <slug>/notes/<id>.toml          one review note

Loading never raises for bad files: every problem becomes a :class:`Problem` with its path and
line, and the file is left out of the model (and never overwritten) until it is fixed.

The package, from the bottom up: :mod:`~qitui.store.problems` (problems and errors),
:mod:`~qitui.store.schema` (folder names, field tables, the reader), one module per entity
(:mod:`~qitui.store.project`, :mod:`~qitui.store.measure`, :mod:`~qitui.store.cycle`,
:mod:`~qitui.store.note`: read and write one file), :mod:`~qitui.store.loader` (a whole folder)
and :mod:`~qitui.store.projectstore` (saves). Everything is re-exported here: import from
``qitui.store``. ``parse``, ``load_project`` and ``MAX_FILE_BYTES`` are looked up on this package
when used, so that patching ``qitui.store.X`` (as the tests do) reaches every module.
"""

from __future__ import annotations

from qitui.folders import PROJECT_FILE as PROJECT_FILE
from qitui.folders import discover as discover
from qitui.folders import is_project_dir as is_project_dir
from qitui.store.cycle import (
    cycle_text as cycle_text,
)
from qitui.store.loader import (
    LoadedProject as LoadedProject,
)
from qitui.store.loader import (
    iter_load as iter_load,
)
from qitui.store.loader import (
    load_project as load_project,
)
from qitui.store.loader import (
    load_project_file as load_project_file,
)
from qitui.store.measure import (
    measure_text as measure_text,
)
from qitui.store.measure import (
    point_row as point_row,
)
from qitui.store.note import (
    note_text as note_text,
)
from qitui.store.problems import (
    ConflictError as ConflictError,
)
from qitui.store.problems import (
    Problem as Problem,
)
from qitui.store.problems import (
    ReadOnlyError as ReadOnlyError,
)
from qitui.store.problems import (
    StoreError as StoreError,
)
from qitui.store.project import (
    project_text as project_text,
)
from qitui.store.projectstore import (
    ProjectStore as ProjectStore,
)
from qitui.store.projectstore import (
    create_project as create_project,
)
from qitui.store.schema import (
    CYCLES_DIR as CYCLES_DIR,
)
from qitui.store.schema import (
    MEASURES_DIR as MEASURES_DIR,
)
from qitui.store.schema import (
    NOTES_DIR as NOTES_DIR,
)
from qitui.store.schema import (
    _Reader as _Reader,
)
from qitui.tomlio import MAX_FILE_BYTES as MAX_FILE_BYTES
from qitui.tomlio import SCHEMA as SCHEMA
from qitui.tomlio import FileProblem as FileProblem
from qitui.tomlio import locate as locate
from qitui.tomlio import parse as parse
from qitui.tomlio import read_source as read_source
from qitui.tomlio import write_atomic as write_atomic
