"""Every bad command line ends in one clear line and changes nothing: outputs that must not be
written, arguments that are not text, folders that are not there, ports that are taken."""

from __future__ import annotations

import errno
import os
import socket
import stat
from pathlib import Path

import pytest

from qitui import safeio
from qitui.cli import main
from tests.helpers.projects import build_small_project


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    build_small_project(tmp_path / "small")
    return tmp_path / "small"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {f: f.read_bytes() for f in folder.rglob("*.toml") if f.is_file()}


# --------------------------------------------------------------------------- report -o


def _targets(proj: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    (tmp / "link.md").symlink_to(proj / "project.toml")
    return {
        "project.toml": (proj / "project.toml", "project file"),
        "a measure": (proj / "measures" / "on-time.toml", "project file"),
        "a symlink to project.toml": (tmp / "link.md", "project file"),
        "a folder": (tmp, "is a folder"),
        "a FIFO": (fifo, "not a regular file"),
        "/dev/null": (Path(os.devnull), "not a regular file"),
        "a missing folder": (tmp / "nowhere" / "r.md", "no such folder"),
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_report_output_refuses_project_files_and_non_regular_files(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(proj)
    for name, (target, words) in _targets(proj, out).items():
        code, err = run(capsys, "report", str(proj), "-o", str(target))
        assert code == 1, name
        assert words in err and err.count("\n") == 1, (name, err)
    assert snapshot(proj) == before
    if Path("/dev/full").exists():
        code, err = run(capsys, "report", str(proj), "-o", "/dev/full")
        assert code == 1 and "not a regular file" in err


def test_report_output_is_atomic_keeps_the_mode_and_fails_cleanly(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report\n")
    os.chmod(target, 0o640)
    assert run(capsys, "report", str(proj), "-o", str(target))[0] == 0
    assert target.read_text().startswith("# ") and stat.S_IMODE(target.stat().st_mode) == 0o640

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target.write_text("old report\n")
    before = target.read_bytes()
    monkeypatch.setattr(safeio.os, "fsync", full)
    code, err = run(capsys, "report", str(proj), "-o", str(target))
    assert code == 1 and "No space left on device" in err and "nothing was written" in err
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- arguments

BAD = "caf\udce9"  # the undecodable byte 0xE9, as Python hands it over from argv


def test_undecodable_arguments_are_refused_and_leave_nothing(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "new", str(tmp_path / "fresh"), "--title", BAD)
    assert code == 1 and "--title: not valid UTF-8" in err
    assert not (tmp_path / "fresh").exists()
    csv = tmp_path / "d.csv"
    csv.write_text("date,value\n2026-01-05,3\n")
    before = snapshot(proj)
    code, err = run(capsys, "import", str(proj), str(csv), "--measure", BAD)
    assert code == 1 and "--measure: not valid UTF-8" in err
    assert snapshot(proj) == before


def test_new_leaves_no_empty_folder_when_it_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safeio, "write_atomic", broken)
    code, err = run(capsys, "new", str(tmp_path / "fresh"), "--title", "T")
    assert code == 1 and "No space left" in err
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["import", "{missing}", "{csv}", "--measure", "x"], "no such folder"),
        (["chart", "{missing}", "x"], "no such folder"),
        (["analyse", "{missing}"], "no such folder"),
        (["report", "{missing}"], "no such folder"),
        (["serve", "{missing}"], "no such folder"),
        (["{missing}"], "no such folder"),
        (["{csv}"], "not a folder"),
        (["serve", "{csv}"], "not a folder"),
        (["chart", "{proj}", "on-time", "--width", "0"], "--width must be at least 40"),
        (["chart", "{proj}", "on-time", "--height", "-3"], "--height must be at least 8"),
        (["import", "{empty}", "{csv}", "--measure", "x"], "not a project"),
        (["serve", "{proj}", "--port", "70000"], "--port must be between"),
    ],
)
def test_clear_one_line_errors(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("date,value\n2026-01-05,3\n")
    (tmp_path / "empty").mkdir()
    names = {
        "missing": str(tmp_path / "nope"),
        "csv": str(csv),
        "proj": str(proj),
        "empty": str(tmp_path / "empty"),
    }
    code, err = run(capsys, *[a.format(**names) for a in argv])
    assert code == 1
    assert words in err and err.count("\n") == 1, err


def test_serve_on_a_busy_port_says_so(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, err = run(capsys, "serve", str(proj), "--port", str(port))
    assert code == 1 and f"port {port}" in err and "already in use" in err


def test_chart_size_is_clamped(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chart", str(proj), "on-time", "--width", "100000", "--height", "100000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 400
    assert len(lines) < 400


def test_cr_only_line_ends_import(proj: Path, tmp_path: Path) -> None:
    csv = tmp_path / "mac.csv"
    csv.write_bytes(b"date,value\r2026-01-05,3\r2026-01-12,4\r")
    assert main(["import", str(proj), str(csv), "--measure", "Old Mac", "--chart", "i"]) == 0
    assert (proj / "measures" / "old-mac.toml").read_text().count("value =") == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_a_fifo_as_the_csv_is_refused(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    code, err = run(capsys, "import", str(proj), str(fifo), "--measure", "x")
    assert code == 1 and "not a regular file" in err
