"""A baseline belongs to a phase: the first phase's freeze leaves later phases alone; each
phase can have its own; files, the CLI and `qitui check` agree."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qitui import baselines
from qitui import model as m
from qitui.analysis import AnalysisError, analyse
from qitui.cli import main
from qitui.lint import check_paths
from qitui.measure_analysis import analyse_measure
from qitui.store import ProjectStore, create_project, load_project
from qitui.verdict import verdict_lines

START = date(2026, 1, 5)
PHASE_1 = [60, 64, 58, 66, 61, 63, 59, 65, 62, 60, 64, 61]
PHASE_2 = [70, 72, 75, 74, 76, 77, 78, 73]  # median 74.5; of its first 3 points, 72


def weekly(values: list[float]) -> list[m.DataPoint]:
    return [m.DataPoint(START + timedelta(weeks=i), v) for i, v in enumerate(values)]


def two_phases(freeze: int | None = None, phase_freeze: int | None = None) -> m.Measure:
    points = weekly(PHASE_1 + PHASE_2)
    phase = m.Phase(points[len(PHASE_1)].date, "new process", phase_freeze)
    return m.Measure("m", "Measure", chart="run", freeze=freeze, phases=[phase], points=points)


def test_freezing_the_first_phase_leaves_the_second_alone() -> None:
    """The case seen in the app: "freeze 3" moved phase 2's median from 74.5 to 72."""
    before = analyse_measure(two_phases())
    assert before.phases[1].cl == 74.5
    after = analyse_measure(two_phases(freeze=3))
    assert after.phases[1].cl == 74.5
    assert after.phases[1].baseline_last == after.phases[1].last  # not frozen
    assert after.phases[0].cl == 60  # median of 60, 64, 58
    assert after.phases[0].baseline_last == 2


def test_each_phase_has_its_own_baseline() -> None:
    result = analyse_measure(two_phases(phase_freeze=3))
    assert result.phases[0].baseline_last == result.phases[0].last
    assert result.phases[1].cl == 72
    assert result.phases[1].baseline_last == len(PHASE_1) + 2
    both = analyse_measure(two_phases(freeze=4, phase_freeze=3))
    assert [ph.baseline_last - ph.first + 1 for ph in both.phases] == [4, 3]


def test_engine_takes_one_freeze_for_every_phase_or_one_per_phase() -> None:
    values = PHASE_1 + PHASE_2
    each = analyse("run", values, phase_starts=[len(PHASE_1)], freeze=3)
    assert [ph.cl for ph in each.phases] == [60, 72]  # the CLI's --freeze: first 3 of each
    listed = analyse("run", values, phase_starts=[len(PHASE_1)], freeze=[None, 3])
    assert [ph.cl for ph in listed.phases] == [61.5, 72]
    short = analyse("run", values, phase_starts=[len(PHASE_1)], freeze=[3])
    assert short.phases[1].cl == 74.5  # no item: the whole phase
    for bad in ([0], [2.5], ["3"], "3", [True]):
        with pytest.raises(AnalysisError):
            analyse("run", values, freeze=bad)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.integers(-50, 50).map(float)), min_size=2, max_size=40),
    cuts=st.lists(st.integers(1, 39), max_size=3),
    chart=st.sampled_from(["run", "i", "c", "mr"]),
    first=st.one_of(st.none(), st.integers(1, 40)),
    other=st.one_of(st.none(), st.integers(1, 40)),
    later=st.lists(st.one_of(st.none(), st.integers(1, 40)), min_size=3, max_size=3),
)
def test_phase_1_freeze_never_moves_a_later_phase(
    values: list[float | None],
    cuts: list[int],
    chart: str,
    first: int | None,
    other: int | None,
    later: list[int | None],
) -> None:
    if chart == "c":
        values = [None if v is None else abs(v) for v in values]
    points = weekly(values)  # type: ignore[arg-type]
    phases = [
        m.Phase(points[c].date, "change", later[k % 3])
        for k, c in enumerate(sorted(set(cuts)))
        if c < len(points)
    ]

    def lines(freeze: int | None) -> list[tuple]:
        meas = m.Measure("m", "M", chart=chart, freeze=freeze, phases=phases, points=points)
        result = analyse_measure(meas)
        later_points = [p for p in result.points if p.phase > 1]
        return [(p.cl, p.ucl, p.lcl) for p in later_points] + [
            (ph.cl, ph.baseline_last, ph.n_useful) for ph in result.phases[1:]
        ]

    assert lines(first) == lines(other)


def test_files_keep_a_baseline_per_phase(tmp_path: Path) -> None:
    store = create_project(tmp_path / "p", "P")
    store.save_measure(two_phases(freeze=12, phase_freeze=6))
    text = (tmp_path / "p" / "measures" / "m.toml").read_text()
    assert "freeze = 12\n" in text
    assert '{ start = 2026-03-30, freeze = 6, reason = "new process" }' in text
    meas = load_project(tmp_path / "p").project.measure("m")  # type: ignore[union-attr]
    assert meas is not None and meas.freeze == 12 and meas.phases[0].freeze == 6
    assert meas.baselines() == [12, 6]


def test_an_existing_file_reads_as_before(tmp_path: Path) -> None:
    store = create_project(tmp_path / "p", "P")
    store.save_measure(two_phases(freeze=3))
    path = tmp_path / "p" / "measures" / "m.toml"
    text = path.read_text()
    assert "freeze = 3\n" in text and "phases = [\n  { start = 2026-03-30, reason" in text
    loaded = load_project(tmp_path / "p")
    assert not loaded.problems
    meas = loaded.project.measure("m")  # type: ignore[union-attr]
    assert meas is not None and meas.freeze == 3 and meas.phases[0].freeze is None
    assert analyse_measure(meas).phases[1].cl == 74.5
    path.write_text(text.replace("reason =", "freeze = 0, reason ="))
    problems = load_project(tmp_path / "p").problems
    assert any("'freeze' must be 1 or more" in p.message and p.line == 8 for p in problems)


def test_cli_csv_freeze_is_the_first_n_points_of_each_phase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data.csv"
    rows = [f"{p.date},{p.value:g}" for p in weekly(PHASE_1 + PHASE_2)]
    path.write_text("date,value\n" + "\n".join(rows) + "\n")
    phase = str(START + timedelta(weeks=len(PHASE_1)))
    args = ["analyse", "--csv", str(path), "--chart", "run", "--phase-start", phase]
    assert main([*args, "--freeze", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [ph["ihi"]["median"] for ph in data["phases"]] == [60, 72]
    assert main([*args, "--freeze", "3"]) == 0
    out = capsys.readouterr().out
    assert out.count("baseline frozen on its first 3 points") == 2


def test_rows_belong_to_phases_and_freezing_sets_that_phase() -> None:
    meas = two_phases(freeze=12)
    assert baselines.span_of_row(meas, 0).number == 1
    assert baselines.span_of_row(meas, len(PHASE_1)).number == 2
    span = baselines.span_of_row(meas, len(PHASE_1) + 2)
    assert span.label() == "phase 2 (from 2026-03-30)"
    baselines.set_baseline(meas, 2, 3)
    assert meas.freeze == 12 and meas.phases[0].freeze == 3
    assert baselines.baseline_end(meas) == {11, 14}
    baselines.set_baseline(meas, 1, None)
    assert meas.freeze is None and meas.phases[0].freeze == 3
    assert baselines.describe(meas) == (
        "phase 1 baseline: not frozen (f) · phase 2 baseline: first 3 points (frozen)"
    )
    assert baselines.describe(m.Measure("x", "X", freeze=1)) == ("baseline: first 1 point (frozen)")


def test_short_baseline_and_too_few_useful_points_are_warned() -> None:
    meas = two_phases(freeze=8)
    result = analyse_measure(meas)
    found = [(w.phase, w.kind) for w in baselines.baseline_warnings(meas, result)]
    assert found == [(1, "short-baseline"), (2, "few-useful")]
    texts = [w.text for w in baselines.baseline_warnings(meas, result)]
    steadier = "(12 or more give a steadier centre line)"
    assert texts[0] == f"Short baseline of phase 1: 8 points {steadier}"
    assert texts[1] == "Too few points for the runs rules in phase 2 (8 useful points; 10 needed)"
    assert texts[0] in verdict_lines(meas, result)
    long_enough = two_phases(freeze=12)
    warned = baselines.baseline_warnings(long_enough, analyse_measure(long_enough))
    assert [w.kind for w in warned] == ["few-useful"]


def test_check_warns_per_phase(tmp_path: Path) -> None:
    store = create_project(tmp_path / "p", "P")
    meas = two_phases(freeze=8)
    meas.definition = "Counted"
    store.save_measure(meas)
    found = {p.message: p.line for p in check_paths([tmp_path / "p"]) if "'m'" in p.message}
    text = (tmp_path / "p" / "measures" / "m.toml").read_text().splitlines()
    short = (
        "measure 'm': short baseline of phase 1: 8 points (12 or more give a steadier centre line)"
    )
    few = "measure 'm': too few points for the runs rules in phase 2 (8 useful points; 10 needed)"
    assert set(found) == {short, few}
    assert text[found[short] - 1].startswith("freeze = 8")
    assert text[found[few] - 1].startswith("  { start = 2026-03-30")


def test_store_round_trip_of_a_phase_freeze_is_byte_stable(tmp_path: Path) -> None:
    store = create_project(tmp_path / "p", "P")
    store.save_measure(two_phases(phase_freeze=6))
    path = tmp_path / "p" / "measures" / "m.toml"
    before = path.read_bytes()
    again = ProjectStore.open(tmp_path / "p")
    meas = again.project.measure("m")
    assert meas is not None
    again.save_measure(meas)
    assert path.read_bytes() == before
