"""The fast paths of ``qitui analyse --csv --json``: the CSV read in columns gives what
``read_csv`` gives (or steps aside for it), and the JSON written in columns parses to what
``json.dumps(result.to_dict(dates))`` gives."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qitui import jsonout
from qitui import model as m
from qitui.analysis import analyse
from qitui.cli import main
from qitui.csvfast import read_clean, read_series
from qitui.jsonout import Points, result_json, write_json
from tests.helpers.csv_paths import fast_read, full_read

START = date(2020, 1, 1)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


cell = st.one_of(
    st.sampled_from(["", "1", "2.5", "-3", "+4", ".5", "1e3", "7.", "1e999", "x", " 2", '"3"']),
    st.integers(0, 60).map(str),
)
day = st.integers(0, 40).map(lambda k: (START + timedelta(days=k)).isoformat())
odd_day = st.sampled_from(["2020-02-30", "2020-1-05", "05/01/2020", "20200105", "2020-W01-1"])


@settings(max_examples=150, deadline=None)
@given(
    ratio=st.booleans(),
    rows=st.lists(
        st.tuples(st.one_of(day, odd_day), cell, cell, st.booleans()), min_size=0, max_size=12
    ),
    chart=st.sampled_from(m.CHART_TYPES),
    crlf=st.booleans(),
    mess=st.booleans(),
)
def test_fast_read_agrees_with_read_csv(
    tmp_path_factory: pytest.TempPathFactory,
    ratio: bool,
    rows: list[tuple[str, str, str, bool]],
    chart: str,
    crlf: bool,
    mess: bool,
) -> None:
    head = "date,numerator,denominator" if ratio else "date,value"
    lines = [head]
    for when, a, b, odd_width in rows:
        if not mess:  # a file the fast path may take (half the examples)
            when = when if len(when) == 10 and when[4] == when[7] == "-" else "2020-03-01"
            a, b = (c if c.lstrip("+-").replace(".", "").isdigit() else "2" for c in (a, b))
            odd_width = False
        cells = [when, a, b] if ratio else [when, a]
        if odd_width:
            cells = cells[:-1] if len(cells) == 3 else [*cells, "1"]
        lines.append(",".join(cells))
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    path = write(tmp_path_factory.mktemp("csv"), text)
    assert fast_read(path, chart) == full_read(path, chart)


def test_fast_read_is_taken_for_a_clean_file(tmp_path: Path) -> None:
    lines = ["date,value"] + [f"{START + timedelta(days=k)},{k % 7}" for k in range(50, 0, -1)]
    path = write(tmp_path, "\n".join(lines) + "\n\n")
    fast = read_clean(path, "i")
    assert fast is not None and fast.dates == sorted(fast.dates)
    assert fast.iso == [d.isoformat() for d in fast.dates]
    assert read_clean(write(tmp_path, "date,value\n2020-01-01, 3\n"), "i") is None
    assert read_clean(path, "not-a-chart") is None  # unknown checks: the full path


def test_phase_starts_as_the_model_gives_them(tmp_path: Path) -> None:
    lines = ["date,value"] + [f"{START + timedelta(days=2 * k)},{k}" for k in range(30)]
    series = read_series(write(tmp_path, "\n".join(lines)), "i")
    meas = m.Measure("x", "X", chart="i", points=series.points())
    for starts in (
        [],
        [START],
        [START + timedelta(days=7), START + timedelta(days=7)],
        [date(2030, 1, 1)],
    ):
        meas.phases = [m.Phase(s, "") for s in starts]
        assert series.phase_starts(starts) == meas.phase_starts()


@pytest.mark.parametrize("chart", m.CHART_TYPES)
def test_json_in_columns_is_the_contract(chart: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonout, "CHUNK", 400)  # chunks of 400 rows: 3 of them, and a part
    n = 3 * jsonout.CHUNK + 123
    ratio = chart in m.RATIO_CHARTS
    shift = 1.0 if chart == "t" else 0.0  # a T chart's times between events are above 0
    values = [None if k % 50 == 0 else float(k % 9 + (k // 20) % 2 * 6) + shift for k in range(n)]
    dens = [float(20 + k % 5) for k in range(n)]
    nums = [float(min(d, k % 11)) for k, d in enumerate(dens)]
    result = analyse(
        chart,
        values=None if ratio else values,
        numerators=nums if ratio else None,
        denominators=dens if ratio else None,
        phase_starts=[n // 2],
        freeze=30,
    )
    dates = [(START + timedelta(days=k)).isoformat() for k in range(n)]
    out = io.StringIO()
    write_json(result_json(result, dates), out)
    text = out.getvalue()
    assert text.endswith("\n") and text.count("\n") == 1
    expected = result.to_dict(dates)
    assert json.loads(text) == expected
    assert list(json.loads(text)) == list(expected)
    pretty = io.StringIO()
    write_json(result_json(result, dates), pretty, pretty=True)
    assert pretty.getvalue() == json.dumps(expected, indent=2) + "\n"


def test_columns_step_aside_for_values_with_commas() -> None:
    class Row:
        def __init__(self, k: int) -> None:
            self.label = f"a, {k}" if k % 2 else "plain"
            self.k = -0.0 if k == 3 else 0.0

        def to_dict(self) -> dict:
            return {"label": self.label, "k": self.k}

    rows = [Row(k) for k in range(2000)]
    out = io.StringIO()
    write_json({"rows": Points(rows), "empty": Points([])}, out)
    data = json.loads(out.getvalue())
    assert data == {"rows": [r.to_dict() for r in rows], "empty": []}
    assert '"k":-0.0' in out.getvalue()


def test_cli_pretty_and_compact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["date,value"] + [f"{START + timedelta(days=k)},{k % 5}" for k in range(40)]
    path = write(tmp_path, "\n".join(lines))
    assert main(["analyse", "--csv", str(path), "--chart", "i", "--json"]) == 0
    compact = capsys.readouterr().out
    assert main(["analyse", "--csv", str(path), "--chart", "i", "--json", "--pretty"]) == 0
    pretty = capsys.readouterr().out
    assert "\n  " in pretty and ", " not in compact
    assert json.loads(compact) == json.loads(pretty)


def test_analyse_leaves_the_garbage_collector_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    path = write(tmp_path, "date,value\n2020-01-01,1\n2020-01-02,x\n")
    assert gc.isenabled()
    assert main(["analyse", "--csv", str(path), "--chart", "i"]) != 0  # fails: a bad row
    assert gc.isenabled()
    capsys.readouterr()
