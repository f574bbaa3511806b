from __future__ import annotations

import pytest

from qitui import identity


def test_author_from_git_then_login(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    identity.current_author.cache_clear()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Priya Shah\n")
    assert identity.current_author() == "Priya Shah"
    identity.current_author.cache_clear()
    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setattr(identity.getpass, "getuser", lambda: "pshah")
    assert identity.current_author() == "pshah"
    identity.current_author.cache_clear()
