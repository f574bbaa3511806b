"""Hostile and odd files become ``path:line`` problems, the rest of the project stays
reachable, and numbers beyond what qitui stores are refused at every door."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qitui import limits
from qitui import model as m
from qitui.charts import render_text
from qitui.cli import main
from qitui.csvimport import CsvError, read_csv
from qitui.lint import check_paths
from qitui.portfolio import read_summary
from qitui.store import ProjectStore, StoreError, load_project
from tests.helpers.projects import build_small_project

MEASURE = (
    'schema = 1\nname = "M"\nchart = "i"\npoints = [\n  {{ date = 2026-01-05, value = {} }},\n]\n'
)

HOSTILE = [
    # (file, bytes, line, words)
    ("measures/deep.toml", MEASURE.format("[" * 401 + "]" * 401), 5, "nested too deeply"),
    (
        "measures/deep2.toml",
        'schema = 1\nname = "D"\nrules = ' + "[" * 401 + "]" * 401 + "\n",
        3,
        "",
    ),
    ("measures/digits.toml", MEASURE.format("9" * 400), 5, "too large"),
    ("measures/digits5k.toml", MEASURE.format("9" * 5000), 5, "unreadable value"),
    ("measures/huge.toml", MEASURE.format("1e308"), 5, "too large"),
    ("measures/inf.toml", MEASURE.format("-inf"), 5, "finite"),
    ("cycles/001-deep.toml", 'schema = 1\nlabel = "1a"\ntitle = ' + "[" * 500 + "]" * 500, 3, ""),
    # a whole number beyond what TOML holds (the cycle form once wrote one)
    (
        "cycles/002-huge.toml",
        'schema = 1\nlabel = "1a"\ntitle = "T"\nscale_people = 100000000000000000000\n',
        4,
        "too large",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), HOSTILE)
def test_hostile_files_are_located_problems_and_the_rest_loads(
    small_project: Path, name: str, text: str, line: int, words: str
) -> None:
    file = small_project / name
    file.write_text(text)
    loaded = load_project(small_project)
    found = [p for p in loaded.problems if p.path == file]
    assert found and found[0].line == line and words in found[0].message, found
    assert loaded.project.measure("on-time") is not None  # the rest of the project is there
    assert file in loaded.broken
    summary = read_summary(small_project)  # what Home shows: the project, not a failure
    assert summary.project is not None and summary.measures == 1
    assert all(p.path != small_project / "project.toml" for p in summary.problems)


def test_symlink_loops_are_problems_not_crashes(
    small_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = small_project / "measures" / "loop.toml"
    loop.symlink_to(loop.name)
    (small_project / "notes").mkdir()
    (small_project / "notes" / "a.toml").symlink_to("b.toml")
    (small_project / "notes" / "b.toml").symlink_to("a.toml")
    loaded = load_project(small_project)
    messages = {p.path.name: p.message for p in loaded.problems}
    assert "symlink loop" in messages["loop.toml"] and "symlink loop" in messages["a.toml"]
    assert loaded.project.measure("on-time") is not None
    assert main(["check", str(small_project)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_project_toml_symlink_loop(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "project.toml").symlink_to("project.toml")
    loaded = load_project(folder)
    assert loaded.project is None
    assert "symlink loop" in loaded.problems[0].message


# --------------------------------------------------------------------------- layouts


def test_layouts_that_used_to_vanish_are_reported(small_project: Path) -> None:
    (small_project / "cycles" / "Cycle One.toml").write_text('schema = 1\nlabel = "1z"\n')
    (small_project / "cycles" / "002-x.TOML").write_text('schema = 1\nlabel = "2a"\n')
    (small_project / "cycles" / "003-dir.toml").mkdir()
    (small_project / "notes").write_text("not a folder")
    long_note = small_project / "measures" / ("x" * 70 + ".toml")
    long_note.write_text('schema = 1\nname = "X"\n')
    loaded = load_project(small_project)
    found = {p.path.name: p.message for p in loaded.problems}
    assert "lower-case letters" in found["Cycle One.toml"]
    assert "rename it to cycle-one.toml" in found["Cycle One.toml"]
    assert "rename it to 002-x.toml" in found["002-x.TOML"]
    assert "a folder" in found["003-dir.toml"]
    assert "'notes' is a file" in found["notes"]
    assert "at most 60 characters" in found[long_note.name]
    assert [c.label for c in loaded.project.cycles] == ["1a"]  # none half-loaded


def test_project_toml_as_a_folder_and_measures_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    (folder / "project.toml").mkdir(parents=True)
    loaded = load_project(folder)
    assert loaded.problems[0].message == "project.toml is a folder, not a file"
    assert check_paths([folder])[0].message == "project.toml is a folder, not a file"
    other = tmp_path / "q"
    build_small_project(other)
    (other / "measures" / "on-time.toml").unlink()
    (other / "measures").rmdir()
    (other / "measures").write_text("")
    assert any("'measures' is a file" in p.message for p in load_project(other).problems)


def test_a_second_long_name_gets_an_id_the_store_can_save(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    name = "Proportion of families reviewed on time in the Hillview clinic each week"
    first = store.new_measure_id(name)
    store.save_measure(m.Measure(first, name, chart="i"))
    second = store.new_measure_id(name)
    assert second != first and m.is_slug(second)
    store.save_measure(m.Measure(second, name + " (again)", chart="i"))
    assert load_project(small_project).problems == []


# --------------------------------------------------------------------------- values

too_big = st.floats(min_value=limits.MAX_MAGNITUDE, exclude_min=True) | st.floats(
    max_value=-limits.MAX_MAGNITUDE, exclude_max=True
)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(value=too_big | st.sampled_from([float("nan"), float("inf"), float("-inf")]))
def test_values_beyond_the_limit_are_refused_at_every_door(
    tmp_path_factory: pytest.TempPathFactory, value: float
) -> None:
    folder = tmp_path_factory.mktemp("big") / "p"
    store = build_small_project(folder)
    # the app's forms save through the store: refused, the file untouched
    meas = store.project.measure("on-time")
    before = store.measure_file("on-time").read_bytes()
    meas.target = value
    with pytest.raises(StoreError, match="nothing was saved"):
        store.save_measure(meas)
    assert store.measure_file("on-time").read_bytes() == before
    # the loader (check, the app)
    file = folder / "measures" / "x.toml"
    file.write_text(MEASURE.format(repr(value).replace("nan", "nan").replace("inf", "inf")))
    problems = [p for p in load_project(folder).problems if p.path == file]
    assert problems and problems[0].line == 5
    # the import
    csv = folder.parent / "d.csv"
    csv.write_text(f"date,value\n2026-01-05,{value!r}\n")
    with pytest.raises(CsvError, match=r"row 2"):
        read_csv(csv)


@SETTINGS
@given(
    values=st.lists(
        st.floats(-limits.MAX_MAGNITUDE, limits.MAX_MAGNITUDE, allow_subnormal=True),
        min_size=1,
        max_size=25,
    ),
    chart=st.sampled_from(["run", "i", "mr"]),
)
def test_any_value_within_the_limit_charts(values: list[float], chart: str) -> None:
    meas = m.Measure("x", "X", chart=chart, target=values[0])
    meas.points = [m.DataPoint(date(2026, 1, 1 + i), v) for i, v in enumerate(values)]
    text = render_text(m.Project(slug="p", title="P"), meas, width=80, height=12)
    assert text


def test_an_import_that_would_make_a_file_too_large_is_refused(
    small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qitui.store

    monkeypatch.setattr(qitui.store, "MAX_FILE_BYTES", 3000)
    csv = tmp_path / "many.csv"
    csv.write_text("date,value\n" + "".join(f"2020-01-{d:02d},{d}\n" for d in range(1, 29)) * 1)
    rows = [f"{2000 + y}-0{mth}-01,{y}" for y in range(40) for mth in range(1, 4)]
    csv.write_text("date,value\n" + "\n".join(rows) + "\n")
    assert main(["import", str(small_project), str(csv), "--measure", "many"]) == 1
    assert not (small_project / "measures" / "many.toml").exists()
    assert os.listdir(small_project / "measures") == ["on-time.toml"]
