"""The second round of fast paths of ``qitui analyse --csv --json`` against the slow ones:
the CSV's cells cut at C speed (``csvfast._cells``) give what ``read_csv`` gives, or step
aside so that it names the row; the signals beyond the limits kept as columns
(``analyse_columns(beyond_signals=False)``) are written byte for byte as
``json.dumps(result.to_dict(dates))`` writes the signals the engine makes one by one."""

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
from qitui.analysis.engine import analyse_columns
from qitui.cli import main
from qitui.csvfast import read_clean
from qitui.jsonout import COMPACT, columns_json, write_json
from tests.helpers.csv_paths import fast_read, full_read

START = date(2020, 1, 1)


number = st.one_of(st.just(""), st.integers(0, 40).map(str), st.sampled_from(["-2", "1e999"]))
#: what may go wrong with the shape of a line: a cell moved to the next line, a blank line,
#: a line cut short or one cell too many, a date written otherwise
fault = st.sampled_from(["", "", "", "move", "blank", "short", "long", "date"])


@settings(max_examples=200, deadline=None)
@given(
    ratio=st.booleans(),
    rows=st.lists(st.tuples(number, number, fault), min_size=1, max_size=15),
    chart=st.sampled_from(m.CHART_TYPES),
    shuffle=st.randoms(use_true_random=False),
    order=st.booleans(),
)
def test_cells_cut_in_bulk_agree_with_read_csv(
    tmp_path_factory: pytest.TempPathFactory,
    ratio: bool,
    rows: list[tuple[str, str, str]],
    chart: str,
    shuffle: object,
    order: bool,
) -> None:
    lines: list[list[str]] = []
    for k, (a, b, what) in enumerate(rows):
        when = (START + timedelta(days=k)).isoformat()
        cells = [when, a, b] if ratio else [when, a]
        if what == "short":
            cells = cells[:-1]
        elif what == "long":
            cells.append("1")
        elif what == "date":
            cells[0] = when.replace("-", "/")
        lines.append(cells)
        if what == "blank":
            lines.append([])
        if what == "move" and len(lines) > 1:  # the same number of cells in all
            lines[-2].append(lines[-1].pop())
    if not order:
        shuffle.shuffle(lines)  # type: ignore[attr-defined]
    head = "date,numerator,denominator" if ratio else "date,value"
    text = "\n".join([head, *(",".join(c) for c in lines)]) + "\n"
    path = tmp_path_factory.mktemp("csv") / "data.csv"
    path.write_text(text, encoding="utf-8")
    assert fast_read(path, chart) == full_read(path, chart)


@pytest.mark.parametrize(
    "body",
    [
        "2020-01-01,1,2\n2020-01-02\n",  # one cell too many, then one too few
        "2020-01-01\n1,2020-01-02,2\n",  # a line end moved by one cell
        "2020-01-01,1\n\n2020-01-02,2\n",  # a blank line
        "\n2020-01-01,1\n2020-01-02,2\n",  # a blank line first
        "2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n",  # a date repeated
        "2020-01-01,1\n2020-01-02, 2\n",  # a space
        "2020-01-01,1\n2020-01-02,2\n2020-01-0,3\n",  # a date of 9 characters
    ],
)
def test_a_file_of_odd_shape_takes_the_full_path(tmp_path: Path, body: str) -> None:
    path = tmp_path / "data.csv"
    path.write_text("date,value\n" + body, encoding="utf-8")
    assert read_clean(path, "i") is None
    assert fast_read(path, "i") == full_read(path, "i")


def test_numerator_above_denominator_is_named_with_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [f"{START + timedelta(days=k)},{k % 5},{10}" for k in range(200)]
    lines[137] = f"{START + timedelta(days=137)},11,10"
    path = tmp_path / "data.csv"
    path.write_text("date,numerator,denominator\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert read_clean(path, "p") is None
    assert main(["analyse", "--csv", str(path), "--chart", "p", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "row 139" in captured.err or "line 139" in captured.err, captured.err


den = st.one_of(st.none(), st.sampled_from([20.0, 50.0, 200.0]), st.integers(1, 30).map(float))
ratio_row = st.tuples(st.one_of(st.none(), st.integers(0, 25).map(float)), den)


def assert_same(got: str, expected: str) -> None:
    """Equal texts (a failure names the first difference, not a diff of megabytes)."""
    at = next((k for k, (a, b) in enumerate(zip(got, expected)) if a != b), None)  # noqa: B905
    if at is not None or len(got) != len(expected):
        at = min(len(got), len(expected)) if at is None else at
        raise AssertionError(
            f"differ at {at}: {got[at - 60 : at + 60]!r} / {expected[at - 60 : at + 60]!r}"
        )


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(ratio_row, min_size=1, max_size=250),
    chart=st.sampled_from(["p", "u", "pp", "up", "i", "c", "run", "mr", "g", "t"]),
    starts=st.lists(st.integers(1, 249), max_size=3),
    excluded=st.sets(st.integers(0, 249), max_size=8),
    freeze=st.one_of(st.none(), st.integers(1, 100)),
    better=st.sampled_from([None, "up", "down"]),
    rules=st.sampled_from([(), ("ihi-control",), ("mdc",), ("ihi-control", "mdc")]),
    pretty=st.booleans(),
)
def test_signals_beyond_the_limits_as_columns_write_the_same_json(
    rows: list[tuple[float | None, float | None]],
    chart: str,
    starts: list[int],
    excluded: set[int],
    freeze: int | None,
    better: str | None,
    rules: tuple[str, ...],
    pretty: bool,
) -> None:
    n = len(rows)
    num = [
        None if a is None or d is None else (min(a, d) if chart in ("p", "pp") else a)
        for a, d in rows
    ]
    den = [None if a is None else d for a, d in zip(num, (d for _, d in rows), strict=True)]
    data = {"numerators": num, "denominators": den}
    if chart not in ("p", "u", "pp", "up"):
        data = {"values": [None if a is None else a + 1 for a in num]}
    options = {
        "phase_starts": sorted({s for s in starts if s < n}),
        "excluded": [k in excluded for k in range(n)],
        "freeze": freeze,
        "better": better,
        "rules": rules,
    }
    result, points = analyse_columns(chart, **data, **options, beyond_signals=False)  # type: ignore[arg-type]
    assert points.beyond is not None
    assert all(s.rule_set != "sigma" for s in result.signals)
    dates = [(START + timedelta(days=k)).isoformat() for k in range(n)]
    out = io.StringIO()
    write_json(columns_json(result, points, dates), out, pretty=pretty)
    plain = analyse(chart, **data, **options)  # type: ignore[arg-type]
    expected = (
        json.dumps(plain.to_dict(dates), indent=2)
        if pretty
        else json.dumps(plain.to_dict(dates), separators=COMPACT)
    )
    assert_same(out.getvalue(), expected + "\n")


def test_many_signals_beyond_the_limits_between_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of signals beyond the limits, with runs signals starting on them, written
    in chunks of 1,000 rows (10,000 in use: the same code, a tenth of the test's work)."""
    monkeypatch.setattr(jsonout, "CHUNK", 1_000)
    n = 5_000
    den = [float(20 + k % 150) for k in range(n)]
    num = [float((k // 9) % 2 * 10 + k % 4) for k in range(n)]
    for chart in ("p", "u", "pp", "up"):
        nums = [min(a, d) for a, d in zip(num, den, strict=True)]
        result, points = analyse_columns(
            chart, numerators=nums, denominators=den, phase_starts=[1250, 3000],
            better="down", beyond_signals=False,
        )  # fmt: skip
        assert points.beyond is not None and len(points.beyond.positions) > 100
        dates = [(START + timedelta(days=k)).isoformat() for k in range(n)]
        out = io.StringIO()
        write_json(columns_json(result, points, dates), out)
        plain = analyse(chart, numerators=nums, denominators=den, phase_starts=[1250, 3000],
                        better="down")  # fmt: skip
        assert_same(out.getvalue(), json.dumps(plain.to_dict(dates), separators=COMPACT) + "\n")


def loop_sigma_z(y, use, nbase, cl, sigmas, screen):  # type: ignore[no-untyped-def]
    """Laney's sigma_z by the row-by-row loop (``laney.sigma_z`` takes a whole baseline in bulk)."""
    from qitui.analysis.spc import finite, i_sigma

    z = []
    for k in range(min(nbase, len(y))):
        v, s = y[k], sigmas[k]
        if not use[k] or v is None or s is None:
            z.append(None)
        elif s == 0:
            return None
        else:
            z.append(finite((v - cl) / s))
    mrs = [abs(b - a) for a, b in zip(z, z[1:]) if a is not None and b is not None]  # noqa: B905
    return finite(i_sigma(mrs, screen))


@settings(max_examples=100, deadline=None)
@given(
    y=st.lists(st.floats(0, 1), min_size=0, max_size=80),
    sigma=st.lists(st.floats(1e-300, 2), min_size=80),
    odd=st.one_of(st.none(), st.tuples(st.integers(0, 79), st.sampled_from([0.0, None]))),
    nbase=st.integers(1, 90),
    cl=st.floats(0, 1),
    screen=st.booleans(),
)
def test_laney_sigma_z_in_bulk_is_the_loop(y, sigma, odd, nbase, cl, screen) -> None:  # type: ignore[no-untyped-def]
    from qitui.analysis.laney import sigma_z

    sigmas = sigma[: len(y)]
    if odd is not None and odd[0] < len(sigmas):  # a row with no sigma, or a sigma of 0
        sigmas[odd[0]] = odd[1]
    use = [True] * len(y)
    assert sigma_z(y, use, nbase, cl, sigmas, screen) == loop_sigma_z(
        y, use, nbase, cl, sigmas, screen
    )


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(ratio_row, min_size=1, max_size=120),
    chart=st.sampled_from(["p", "u", "pp", "up", "i", "t", "g", "run"]),
)
def test_columns_checked_by_the_csv_reader_analyse_as_plain_lists(rows, chart) -> None:  # type: ignore[no-untyped-def]
    from qitui.analysis.inputs import FiniteFloats

    num = [
        None if a is None or d is None else (min(a, d) if chart in ("p", "pp") else a)
        for a, d in rows
    ]
    den = [None if a is None else d for a, d in zip(num, (d for _, d in rows), strict=True)]
    if chart in ("p", "u", "pp", "up"):
        plain = {"numerators": num, "denominators": den}
        checked = {"numerators": FiniteFloats(num), "denominators": FiniteFloats(den)}
    else:
        values = [None if a is None else a + 1 for a in num]
        plain, checked = {"values": values}, {"values": FiniteFloats(values)}
    for column in checked.values():  # as the CSV reader marks them
        column.missing = None in column  # type: ignore[attr-defined]
    assert analyse(chart, **checked) == analyse(chart, **plain)  # type: ignore[arg-type]
