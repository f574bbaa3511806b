"""The store: round trips, byte-identical re-saves, located problems, safe names."""

from __future__ import annotations

import string
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qitui import model as m
from qitui.store import (
    ConflictError,
    ProjectStore,
    ReadOnlyError,
    StoreError,
    create_project,
    load_project,
)

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# what the store takes for a file name (m.is_slug): not a name Windows refuses, such as "aux"
slugs = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12).filter(m.is_slug)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=10_000).map(float)


@st.composite
def projects(draw: st.DrawFn) -> m.Project:
    p = m.Project(slug="p", title=draw(text.filter(str.strip)) or "t")
    p.status = draw(st.sampled_from(m.PROJECT_STATUSES))
    p.start = draw(st.none() | dates)
    p.description = draw(text)
    p.collaborative = " ".join(draw(text).split())  # read back with its spaces tidied
    p.aim = m.Aim(
        draw(text), draw(text), draw(st.none() | dates), draw(text), draw(text), draw(text)
    )
    p.aim_history = [m.AimRevision(draw(dates), draw(text), draw(text)) for _ in range(2)]
    p.team = [m.TeamMember(draw(text.filter(str.strip)), draw(text))]
    p.scores = [
        m.ProgressScore(draw(dates), draw(st.integers(1, 10)) / 2, draw(text)) for _ in range(3)
    ]
    prim = draw(slugs)
    p.drivers = [m.Driver(prim, draw(text)), m.Driver(prim + "-s", draw(text), "secondary", [prim])]
    p.change_ideas = [m.ChangeIdea("idea", draw(text), [prim + "-s", prim], draw(text))]
    chart = draw(st.sampled_from(m.CHART_TYPES))
    meas = m.Measure(draw(slugs), draw(text.filter(str.strip)) or "x", chart=chart)
    meas.definition = draw(text)
    meas.better = draw(st.sampled_from(("", "up", "down")))
    meas.target = draw(st.none() | numbers)
    meas.freeze = draw(st.none() | st.integers(1, 50))
    meas.rules = draw(st.sampled_from(m.RULE_SETS))
    meas.phases = [m.Phase(draw(dates), draw(text))]
    day0 = draw(dates)
    for i in range(draw(st.integers(0, 8))):
        when = day0 + timedelta(days=7 * i)
        if chart in m.RATIO_CHARTS:
            den = draw(counts)
            num = draw(st.floats(0, den)) if chart in m.PROPORTION_CHARTS else draw(counts)
            point = m.DataPoint(when, numerator=float(num), denominator=den)
        else:
            kinds = {"c": counts, "g": counts, "t": counts.filter(bool)}
            point = m.DataPoint(when, value=draw(st.none() | kinds.get(chart, numbers)))
        point.note = draw(text)
        point.excluded = draw(st.booleans())
        meas.points.append(point)
    p.measures = [meas]
    cyc = m.Cycle("001-test", draw(text.filter(str.strip)) or "1a", "idea", draw(text))
    cyc.status = draw(st.sampled_from(m.CYCLE_STATUSES))
    cyc.scale = draw(text)
    for key in ("scale_people", "scale_sites", "scale_days"):
        setattr(cyc, key, draw(st.none() | st.integers(0, 10**6)))
    cyc.plan = m.Plan(
        draw(text),
        [m.Question(draw(text), draw(text), draw(text))],
        draw(st.none() | dates),
        draw(text),
        data=draw(text),
    )
    cyc.do = m.Do(draw(st.none() | st.booleans()), draw(text), draw(text))
    cyc.study = m.Study(draw(text), draw(st.none() | dates))
    cyc.act = m.Act(draw(st.sampled_from(("",) + m.DECISIONS)), draw(text))
    cyc2 = m.Cycle("002-next", "1b", "idea", parent="001-test")
    p.cycles = [cyc, cyc2]
    p.notes = [m.Note("n1", draw(text), draw(dates), draw(text), f"cycle:{cyc.id}")]
    if meas.points:
        about = m.point_about(meas.id, meas.points[-1].date)
        p.notes.append(m.Note("n2", draw(text), draw(dates), draw(text), about))
    return p


def _save_new(folder: Path, project: m.Project) -> ProjectStore:
    store = create_project(folder, project.title)
    project.slug = store.project.slug
    store.loaded.project = project
    store.save_all(force=True)
    return store


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(project=projects())
def test_round_trip_and_byte_identical_resave(
    tmp_path_factory: pytest.TempPathFactory, project: m.Project
) -> None:
    folder = tmp_path_factory.mktemp("rt") / "p"
    _save_new(folder, project)
    before = {f: f.read_bytes() for f in folder.rglob("*.toml")}
    loaded = load_project(folder)
    assert loaded.problems == []
    assert loaded.project is not None
    loaded.project.measures[0].sort_points()
    project.measures[0].sort_points()
    assert loaded.project == project
    assert ProjectStore(loaded).save_all() == 0
    assert {f: f.read_bytes() for f in folder.rglob("*.toml")} == before


def test_files_are_small_and_in_order(small_project: Path) -> None:
    text = (small_project / "measures" / "on-time.toml").read_text()
    assert text.startswith("schema = 1\nname = ")
    assert "  { date = 2026-01-05, numerator = 10, denominator = 30 },\n" in text
    assert "note" not in text  # empty fields are left out
    ptext = (small_project / "project.toml").read_text()
    assert 'title = "Small test project"' in ptext


def test_changing_one_value_changes_one_line(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    file = small_project / "measures" / "on-time.toml"
    before = file.read_text().splitlines()
    store.project.measure("on-time").points[3].numerator = 5
    store.save_measure(store.project.measure("on-time"))
    after = file.read_text().splitlines()
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


def test_a_long_note_keeps_one_point_per_line(small_project: Path) -> None:
    """tomli-w alone would write every point as a [[points]] section once one row is long."""
    store = ProjectStore.open(small_project)
    file = small_project / "measures" / "on-time.toml"
    meas = store.project.measure("on-time")
    before = file.read_text().splitlines()
    meas.points[2].note = "a long note about this week, " * 8
    store.save_measure(meas)
    after = file.read_text().splitlines()
    assert "[[points]]" not in after
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    assert load_project(small_project).project == store.project


BAD_FILES = [
    # (file relative to the project, text, line, words in the message)
    ("project.toml", 'schema = 1\ntitle = "x"\ncolour = "red"\n', 3, "unknown key 'colour'"),
    ("project.toml", 'schema = 1\ntitle = "x"\n[aim]\nby_when = "next June"\n', 4, "date"),
    (
        "project.toml",
        'schema = 1\ntitle = "x"\n\n[[scores]]\ndate = 2026-01-01\nscore = 7\n',
        6,
        "not on the progress scale",
    ),
    ("project.toml", 'schema = 1\ntitle = "x\n', 2, "TOML syntax error"),
    (
        "project.toml",
        'schema = 1\n<<<<<<< HEAD\ntitle = "a"\n=======\ntitle = "b"\n>>>>>>> x\n',
        2,
        "unresolved merge conflict",
    ),
    ("project.toml", 'title = "x"\n', 1, "missing 'schema = 1'"),
    (
        "project.toml",
        'schema = 1\ntitle = "x"\n\n[[change_ideas]]\nid = "a"\nname = "A"\ndrivers = ["nope"]\n',
        7,
        "driver 'nope' that does not exist",
    ),
    (
        "measures/m.toml",
        'schema = 1\nname = "M"\nchart = "p"\npoints = [\n'
        "  { date = 2026-01-01, numerator = 3, denominator = 10 },\n"
        "  { date = 2026-01-08, numerator = 12, denominator = 10 },\n]\n",
        6,
        "above denominator",
    ),
    (
        "measures/m.toml",
        'schema = 1\nname = "M"\npoints = [\n  { date = 2026-01-01, value = 1 },\n'
        "  { date = 2026-01-01, value = 2 },\n]\n",
        5,
        "two points for 2026-01-01",
    ),
    (
        "measures/m.toml",
        'schema = 1\nname = "M"\npoints = [\n  { date = 2026-01-01, value = "3" },\n]\n',
        4,
        "must be a number",
    ),
    (
        "measures/m.toml",
        'schema = 1\nname = "M"\npoints = [\n  { date = 2026-01-01, value = nan },\n]\n',
        4,
        "finite",
    ),
    ("measures/m.toml", 'schema = 1\nname = "M"\nchart = "xbar"\n', 3, "chart"),
    (
        "measures/m.toml",
        'schema = 1\nname = "M"\nchart = "c"\npoints = [\n'
        "  { date = 2026-01-01, value = -2 },\n]\n",
        5,
        "negative",
    ),
    (
        "measures/m.toml",
        'schema = 1\nname = "M"\nphases = [\n  { start = 2026-13-01 },\n]\n',
        4,
        "TOML syntax error",
    ),
    ("measures/m.toml", "", 1, "empty file"),
    (
        "cycles/001-a.toml",
        'schema = 1\nlabel = "1a"\nchange_idea = "ghost"\n',
        3,
        "change idea 'ghost' does not exist",
    ),
    (
        "cycles/001-a.toml",
        'schema = 1\nlabel = "1a"\n\n[act]\ndecision = "maybe"\n',
        5,
        "must be one of adopt",
    ),
    (
        "notes/n.toml",
        'schema = 1\nauthor = "A"\ndate = 2026-01-01\nabout = "measure:ghost"\n',
        4,
        "does not exist",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "words"), BAD_FILES)
def test_problems_name_file_and_line(
    tmp_path: Path, name: str, content: str, line: int, words: str
) -> None:
    folder = tmp_path / "p"
    create_project(folder, "P")
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(content)
    loaded = load_project(folder)
    problems = [p for p in loaded.problems if p.path == file]
    assert problems, loaded.problems
    assert problems[0].line == line, problems
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"{file}:{line}: ")


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    create_project(folder, "P")
    (folder / "measures").mkdir()
    (folder / "measures" / "a.toml").write_bytes(b"schema = 1\n\x00\x01\x02")
    (folder / "measures" / "b.toml").write_bytes(b'schema = 1\nname = "caf\xe9"\n')
    loaded = load_project(folder)
    messages = {p.path.name: (p.line, p.message) for p in loaded.problems}
    assert messages["a.toml"][0] == 2 and "binary" in messages["a.toml"][1]
    assert messages["b.toml"][0] == 2 and "UTF-8" in messages["b.toml"][1]
    assert loaded.project is not None and loaded.project.measures == []


def test_broken_file_is_never_overwritten(small_project: Path) -> None:
    file = small_project / "measures" / "broken.toml"
    file.write_text('schema = 1\nname = "B"\nbad = 1\n')
    store = ProjectStore.open(small_project)
    with pytest.raises(StoreError):
        store.save_measure(m.Measure("broken", "B"))
    assert file.read_text() == 'schema = 1\nname = "B"\nbad = 1\n'
    assert store.new_measure_id("broken") == "broken-2"


def test_outside_edit_is_detected_before_saving(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    file = small_project / "measures" / "on-time.toml"
    file.write_text(file.read_text().replace("numerator = 10,", "numerator = 11,"))
    assert store.changed_on_disk() == [file]
    meas = store.project.measure("on-time")
    meas.target = 0.9
    with pytest.raises(ConflictError):
        store.save_measure(meas)
    assert "numerator = 11," in file.read_text()


def test_read_only_refuses_every_save(small_project: Path) -> None:
    store = ProjectStore.open(small_project, read_only=True)
    before = {f: f.read_bytes() for f in small_project.rglob("*") if f.is_file()}
    with pytest.raises(ReadOnlyError):
        store.save_project()
    with pytest.raises(ReadOnlyError):
        store.delete_cycle(store.project.cycles[0].id)
    assert {f: f.read_bytes() for f in small_project.rglob("*") if f.is_file()} == before


@pytest.mark.parametrize("name", ["../evil", "a/b", "x\x00y", "", "CON", "A B", "."])
def test_unsafe_names_never_become_paths(small_project: Path, name: str) -> None:
    store = ProjectStore.open(small_project)
    with pytest.raises(StoreError):
        store.measure_file(name)
    safe = store.new_measure_id(name)
    assert m.is_slug(safe)
    assert store.measure_file(safe).parent == small_project / "measures"


def test_slugify_is_safe() -> None:
    assert m.slugify("../../etc/passwd") == "etc-passwd"
    assert m.slugify("con") == "con-1"
    assert m.slugify("Ünïcödé name!") == "unicode-name"
    assert m.slugify("") == "item"
    assert len(m.slugify("x" * 500)) <= m.MAX_SLUG


def test_symlink_outside_project_is_refused(small_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('schema = 1\nname = "Out"\n')
    (small_project / "measures" / "out.toml").symlink_to(outside)
    loaded = load_project(small_project)
    assert any("symlink" in p.message for p in loaded.problems)
    assert loaded.project.measure("out") is None


def test_folder_without_project_toml(tmp_path: Path) -> None:
    (tmp_path / "stray").mkdir()
    loaded = load_project(tmp_path / "stray")
    assert loaded.project is None
    assert "without project.toml" in loaded.problems[0].message


def test_temp_files_are_ignored(small_project: Path) -> None:
    (small_project / "measures" / ".on-time.toml.abc123.tmp").write_text("half a fi")
    assert load_project(small_project).problems == []


def test_keep_mine_writes_a_copy_beside_theirs(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    file = small_project / "measures" / "on-time.toml"
    theirs = file.read_text().replace("numerator = 10,", "numerator = 11,")
    file.write_text(theirs)
    meas = store.project.measure("on-time")
    meas.target = 0.95
    with pytest.raises(ConflictError):
        store.save_measure(meas)
    copy = store.keep_mine(meas)
    assert copy == file.with_name("on-time.toml.mine")
    assert "target = 0.95" in copy.read_text()
    assert file.read_text() == theirs
    assert store.keep_mine(meas).name == "on-time.toml.mine-2"
    assert load_project(small_project).problems == []  # copies are not loaded
    store.reload()
    assert store.project.measure("on-time").points[0].numerator == 11


def test_denominator_zero_is_a_missing_period_not_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    create_project(folder, "P")
    (folder / "measures").mkdir()
    (folder / "measures" / "m.toml").write_text(
        'schema = 1\nname = "M"\nchart = "p"\npoints = [\n'
        "  { date = 2026-01-05, numerator = 0, denominator = 0 },\n"
        "  { date = 2026-01-12, numerator = 3, denominator = 10 },\n]\n"
    )
    loaded = load_project(folder)
    assert loaded.problems == []
    points = loaded.project.measure("m").points
    assert [p.y() for p in points] == [None, 0.3]
