"""The command line never sends a control character a user or a file wrote: check messages,
analysis summaries, the chart and the report show them (``␛``), and keep line breaks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qitui.cli import main
from qitui.safetext import one_line, text, visible, visible_chars
from tests.helpers.nasty import build_nasty

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def nasty(tmp_path: Path) -> Path:
    build_nasty(tmp_path / "nasty")
    return tmp_path / "nasty"


def test_visible_shows_every_control() -> None:
    assert visible("a\x1b[2J\x07b") == "a␛[2J␇b"
    assert visible("x\x7fy\x9bz") == "x␡y\\x9bz"
    assert visible("one\ntwo\tthree") == "one␊two␉three"
    assert visible("one\r\ntwo\tthree\r", multiline=True) == "one\ntwo\tthree␍"
    assert one_line("one\ntwo\x1b") == "one two␛"
    assert visible_chars("a\x1b\x9b\tb") == "a␛\ufffd␉b"  # one for one: cursors stay
    assert visible_chars("a\tb", keep_tabs=True) == "a\tb"
    assert visible(3) == "3"


def test_text_is_literal() -> None:
    for raw in ("[/x] typo", "Seen [/cancelled]", "Wait time [days]", "[bold]b", "a\\[b]"):
        assert text(raw).plain == raw
    assert text("a\x1b[2J\nb", multiline=True).plain == "a␛[2J\nb"


def test_check_quotes_values_with_controls_shown(
    nasty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wait = nasty / "measures" / "wait.toml"
    wait.write_text(wait.read_text().replace('chart = "i"', 'chart = "i\\u001b[2J\\u0007"'))
    code, out, err = run(capsys, "check", nasty)
    assert code == 1
    assert "got 'i␛[2J␇'" in out
    assert not CONTROL.search(out + err)


def test_analyse_chart_and_report_send_no_control(
    nasty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "analyse", nasty)
    assert code == 0, err
    assert "Wait time [days] ␛[2J␇" in out
    assert not CONTROL.search(out + err)

    code, out, err = run(capsys, "chart", nasty, "wait", "--width", "100")
    assert code == 0, err
    assert "Wait time [days] ␛[2J␇" in out
    assert not CONTROL.search(out + err)

    code, out, err = run(capsys, "report", nasty)
    assert code == 0, err
    assert "Wait time [days] ␛[2J␇" in out
    assert "2026-02-12, [/x]" in out
    assert not CONTROL.search(out + err)


def test_errors_quoting_a_value_show_its_controls(
    nasty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "chart", nasty, "no\x1b[2Jsuch")
    assert code == 1
    assert "no␛[2Jsuch" in err
    assert not CONTROL.search(err)
