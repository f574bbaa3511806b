"""Nothing is ever half-written, and no bytes on disk can make a loader raise."""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qitui import model as m
from qitui.csvimport import CsvError, read_csv
from qitui.store import ProjectStore, create_project, load_project, measure_text
from qitui.tomlio import MAX_FILE_BYTES, write_atomic

#: Kills of a writer mid-write. A plain write is caught at the first to third kill, and even a
#: writer that unlinks the file before renaming the new one over it (a window of a few
#: microseconds) by the 12th (five seeds each, checked by mutation): 100 leaves a wide margin,
#: and each kill forks the whole worker, which is what this test costs.
KILLS = 100


def _versions() -> list[str]:
    texts = []
    for n in (5, 4000):  # a small file and a big one (slow enough to be killed mid-write)
        meas = m.Measure("m", "M", chart="i")
        meas.points = [
            m.DataPoint(date(2000, 1, 1) + timedelta(days=i), float(i % 97 + n)) for i in range(n)
        ]
        texts.append(measure_text(meas))
    return texts


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_minus_9_never_leaves_a_partial_file(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    create_project(folder, "Kill test")
    target = folder / "measures" / "m.toml"
    versions = _versions()
    write_atomic(target, versions[0])
    rng = random.Random(1234)
    for i in range(KILLS):
        pid = os.fork()
        if pid == 0:  # the writer: flips between two versions until killed
            try:
                k = i
                while True:
                    write_atomic(target, versions[k % 2])
                    k += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 0.004))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert target.read_text() in versions, f"partial file after kill {i}"
    loaded = load_project(folder)
    assert loaded.problems == []
    assert len(loaded.project.measure("m").points) in (5, 4000)
    # stray temp files from killed writers are ignored by the loader and by saves
    store = ProjectStore(loaded)
    store.save_measure(loaded.project.measure("m"))


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
@pytest.mark.parametrize(
    "name", ["project.toml", "measures/m.toml", "cycles/001-a.toml", "notes/n.toml"]
)
def test_loader_never_raises_on_arbitrary_bytes(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "p"
    create_project(folder, "Fuzz")
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    loaded = load_project(folder)
    for problem in loaded.problems:
        assert problem.path.is_relative_to(folder)
        assert problem.line >= 0 and problem.message


TOMLISH = st.lists(
    st.sampled_from(
        [
            "schema = 1",
            'name = "M"',
            'chart = "p"',
            'chart = "c"',
            "points = [",
            "]",
            "  { date = 2026-01-01, value = 1 },",
            "  { date = 2026-01-01, numerator = 5 },",
            "  { date = 2026-01-02, numerator = 5, denominator = 0 },",
            '  { date = "x" },',
            "  { date = 2026-01-03, value = -1e400 },",
            "  { date = 2026-01-04, value = " + "9" * 400 + " },",
            "  { date = 2026-01-05, numerator = " + "9" * 5000 + ", denominator = 1 },",
            "  { date = 2026-01-06, value = 1e300 },",
            "rules = " + "[" * 450 + "]" * 450,
            "x = " + "{ a = " * 300 + "1" + " }" * 300,
            "freeze = 0",
            "target = inf",
            "phases = [{ start = 2026-01-01 }]",
            "[plan]",
            "[[plan.questions]]",
            "question = 3",
            'label = "1a"',
            "<<<<<<< HEAD",
            "=======",
            "[aim]",
            "by_when = 1979-05-27T07:32:00",
            "[[scores]]",
            "score = 5.5",
            "date = 2026-01-01",
            'title = ""',
            "schema = 99",
        ]
    ),
    max_size=12,
).map(lambda lines: ("\n".join(lines) + "\n").encode())


@SETTINGS
@given(data=TOMLISH)
@pytest.mark.parametrize("name", ["project.toml", "measures/m.toml", "cycles/001-a.toml"])
def test_loader_never_raises_on_near_valid_toml(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: bytes
) -> None:
    test_loader_never_raises_on_arbitrary_bytes.hypothesis.inner_test(tmp_path_factory, name, data)


CSVISH = st.lists(
    st.lists(
        st.sampled_from(
            [
                "date",
                "value",
                "numerator",
                "denominator",
                "2026-01-05",
                "05/01/2026",
                "13/01/2026",
                "01/13/2026",
                "4",
                "-1",
                "1e3",
                "x",
                "",
                "nan",
                "2026-02-30",
                '"1,5"',
                "３",
            ]
        ),
        min_size=0,
        max_size=4,
    ).map(",".join),
    max_size=8,
).map(lambda rows: "\n".join(rows).encode())


@SETTINGS
@given(data=CSVISH | st.binary(max_size=300))
def test_csv_reader_gives_a_clear_error_or_a_result(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    file = tmp_path_factory.mktemp("csv") / "f.csv"
    file.write_bytes(data)
    try:
        result = read_csv(file)
    except CsvError as exc:
        assert str(exc).startswith(str(file))
    else:
        assert result.rows
        assert len({r.date for r in result.rows}) == len(result.rows)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    create_project(folder, "Big")
    big = folder / "measures" / "big.toml"
    big.parent.mkdir()
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    loaded = load_project(folder)
    assert any("too large" in p.message and p.path == big for p in loaded.problems)
    assert big.stat().st_size > MAX_FILE_BYTES


def test_very_long_strings_round_trip(tmp_path: Path) -> None:
    store = create_project(tmp_path / "p", "Long")
    store.project.description = "é" * 200_000 + "\n" + '"""' * 1000
    store.save_project()
    assert load_project(tmp_path / "p").project.description == store.project.description
