"""`qitui check` as a linter: methodology warnings, --strict and --json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from qitui import model as m
from qitui.cli import main
from qitui.lint import check_paths
from qitui.store import ProjectStore, create_project


def messages(path: Path) -> list[str]:
    return [f"{p.level}: {p.message}" for p in check_paths([path])]


@pytest.fixture
def weak(tmp_path: Path) -> Path:
    store = create_project(tmp_path / "weak", "Weak project")
    p = store.project
    p.aim = m.Aim(what="improve things")
    p.change_ideas.append(m.ChangeIdea("idea", "An idea"))
    store.save_project()
    meas = m.Measure("ratio", "Ratio", chart="p", phases=[m.Phase(date(2026, 1, 1))])
    meas.points = [m.DataPoint(date(2026, 1, i), numerator=1, denominator=2) for i in range(1, 4)]
    store.save_measure(meas)
    store.save_measure(m.Measure("few", "Few", chart="run", definition="Counted daily",
                                 points=[m.DataPoint(date(2026, 1, 1), 1.0)]))  # fmt: skip
    no_pred = m.Cycle("001-a", "1a", "idea", status="done")
    late = m.Cycle("002-b", "1b", "idea", status="done", start=date(2026, 2, 1))
    late.plan.predicted_on = date(2026, 2, 5)
    late.plan.questions = [m.Question("Will it work?", "Yes")]
    late.act.decision = "adopt"
    store.save_cycle(no_pred)
    store.save_cycle(late)
    return tmp_path / "weak"


def test_coach_warnings(weak: Path) -> None:
    got = "\n".join(messages(weak))
    for words in [
        "aim has no number",
        "aim has no date",
        "measure 'ratio' has no operational definition",
        "does not define its numerator and denominator",
        "measure 'few': too few points for the runs rules (0 useful points; 10 needed)",
        "phase starting 2026-01-01 has no reason",
        "cycle 1a: no predictions",
        "cycle 1a: done, but Act has no decision",
        "cycle 1b: predictions written on 2026-02-05, after the test started 2026-02-01",
        "cycle 1b: the Study does not compare results with the predictions",
    ]:
        assert words in got, words
    assert all(line.startswith("warning: ") for line in messages(weak))


def test_missing_change_idea_is_an_error(weak: Path) -> None:
    store = ProjectStore.open(weak)
    store.save_cycle(m.Cycle("003-c", "2a", "ghost"))
    assert "error: change idea 'ghost' does not exist in project.toml" in messages(weak)


def test_strict_and_json(weak: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(weak)]) == 0
    out = capsys.readouterr().out
    assert f"{weak / 'cycles' / '001-a.toml'}:" in out and ": warning: " in out
    assert main(["check", "--strict", str(weak)]) == 1
    capsys.readouterr()
    assert main(["check", "--json", str(weak)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0 and data["warnings"] >= 10
    assert {"path", "line", "level", "message"} == set(data["problems"][0])


def test_clean_project_has_no_warnings(small_project: Path) -> None:
    store = ProjectStore.open(small_project)
    meas = store.project.measure("on-time")
    meas.definition, meas.numerator, meas.denominator = "Reviews", "on time", "due"
    store.save_measure(meas)
    assert messages(small_project) == []


# ------------------------------------------------------------------ which chart?


def _advice_project(tmp_path: Path, meas: m.Measure) -> Path:
    folder = tmp_path / f"adv{len(list(tmp_path.iterdir()))}"
    create_project(folder, "Advice").save_measure(meas)
    return folder


def _days(n: int) -> list[date]:
    return [date(2026, 1, 1) + (date(2026, 1, 8) - date(2026, 1, 1)) * i for i in range(n)]


def test_p_chart_with_large_denominators_suggests_p_prime(tmp_path: Path) -> None:
    props = [0.09, 0.13, 0.085, 0.135, 0.092, 0.128, 0.088, 0.131, 0.094, 0.127, 0.091, 0.133]
    den = 4000.0
    meas = m.Measure("whole", "Whole service", chart="p", numerator="n", denominator="d")
    meas.points = [m.DataPoint(d, None, round(p * den), den) for d, p in zip(_days(12), props)]  # noqa: B905
    found = [x for x in messages(_advice_project(tmp_path, meas)) if "P′" in x]
    assert len(found) == 1
    assert found[0].startswith("warning: p chart 'whole': ")
    assert "points fall outside its limits" in found[0] and "median 4,000" in found[0]
    assert "times the binomial one" in found[0] and 'chart = "pp"' in found[0]
    # the number is Laney's sigma z of the series
    from qitui.analysis.laney import overdispersion

    ys = [p.y() for p in meas.points]
    sz = overdispersion(ys, [p.numerator for p in meas.points], [den] * 12, [True] * 12)
    assert f"{sz:.1f} times" in found[0]


def test_p_chart_with_small_denominators_gets_no_advice(tmp_path: Path) -> None:
    meas = m.Measure("small", "Small", chart="p", numerator="n", denominator="d")
    meas.points = [m.DataPoint(d, None, float(i % 2), 20.0) for i, d in enumerate(_days(12))]
    assert not [x for x in messages(_advice_project(tmp_path, meas)) if "P′" in x]


def test_u_chart_suggests_u_prime(tmp_path: Path) -> None:
    rates = [0.09, 0.13, 0.085, 0.135, 0.092, 0.128, 0.088, 0.131, 0.094, 0.127, 0.091, 0.133]
    meas = m.Measure("rate", "Rate", chart="u", numerator="n", denominator="d")
    meas.points = [m.DataPoint(d, None, round(r * 9000), 9000.0) for d, r in zip(_days(12), rates)]  # noqa: B905
    found = [x for x in messages(_advice_project(tmp_path, meas)) if "U′" in x]
    assert len(found) == 1 and "Poisson" in found[0] and 'chart = "up"' in found[0]


def test_c_chart_of_zeros_suggests_g_or_t(tmp_path: Path) -> None:
    meas = m.Measure("falls", "Falls", chart="c")
    meas.points = [m.DataPoint(d, 1.0 if i in (3, 9) else 0.0) for i, d in enumerate(_days(12))]
    found = [x for x in messages(_advice_project(tmp_path, meas)) if "G chart" in x]
    assert len(found) == 1 and "10 of 12 counts are 0" in found[0]
    meas.points = [m.DataPoint(d, float(i % 3)) for i, d in enumerate(_days(12))]
    assert not [x for x in messages(_advice_project(tmp_path, meas)) if "G chart" in x]


def test_i_chart_of_proportions_suggests_p(tmp_path: Path) -> None:
    meas = m.Measure("share", "Share", chart="i", numerator="seen", denominator="due")
    meas.points = [m.DataPoint(d, 0.5 + 0.01 * i) for i, d in enumerate(_days(12))]
    found = [x for x in messages(_advice_project(tmp_path, meas)) if "use a p chart" in x]
    assert len(found) == 1 and "I chart 'share' plots proportions" in found[0]
    meas.denominator = ""
    assert not [x for x in messages(_advice_project(tmp_path, meas)) if "use a p chart" in x]
