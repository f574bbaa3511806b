"""Import hygiene: the core never loads the UI or pandas, and the app starts without pandas."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers.projects import ROOT


def loaded_modules(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys\nprint('\\n'.join(sys.modules))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return {line.split(".")[0] for line in out.stdout.splitlines()}


def test_core_imports_neither_textual_nor_pandas() -> None:
    mods = loaded_modules(
        "import qitui.model, qitui.store, qitui.analysis, qitui.measure_analysis, qitui.verdict, "
        "qitui.lint, qitui.csvimport, qitui.portfolio, qitui.review, qitui.collaborative, "
        "qitui.parse"
    )
    assert "textual" not in mods
    assert "pandas" not in mods
    assert "plotext" not in mods


def test_core_modules_do_not_import_ui_in_source() -> None:
    core = [
        ROOT / "qitui" / f
        for f in (
            "tomlio.py",
            "csvimport.py",
            "portfolio.py",
            "review.py",
            "collaborative.py",
        )
    ]
    core += sorted((ROOT / "qitui" / "analysis").glob("*.py"))
    core += sorted((ROOT / "qitui" / "store").glob("*.py"))
    core += sorted((ROOT / "qitui" / "model").glob("*.py"))
    for path in core:
        text = path.read_text()
        for banned in ("import textual", "from textual", "import pandas", "from qitui.screens"):
            assert banned not in text, f"{path.name} has '{banned}'"


def test_cli_startup_imports_no_pandas_or_plotext() -> None:
    mods = loaded_modules("import qitui.cli")
    assert "pandas" not in mods and "textual" not in mods and "plotext" not in mods


def test_starting_the_app_loads_no_pandas() -> None:
    mods = loaded_modules(
        """
        from qitui.app import make_app

        async def first_screen(pilot):
            await pilot.pause()
            pilot.app.exit()

        make_app("projects").run(headless=True, size=(80, 24), auto_pilot=first_screen)
        """
    )
    assert "textual" in mods
    assert "pandas" not in mods


def test_check_chart_and_analyse_load_no_pandas_or_openpyxl(tmp_path: Path) -> None:
    """The commands people run all day stay light: only import and export load pandas."""
    example = ROOT / "projects" / "hillview-27-30-month-reviews"
    svg = tmp_path / "c.svg"
    commands = [
        ["check", str(example)],
        ["chart", str(example), "reviews-by-30-months"],
        ["chart", str(example), "reviews-by-30-months", "--svg", str(svg)],
        ["analyse", str(example), "--json"],
    ]
    for args in commands:
        mods = loaded_modules(
            f"""
            import contextlib, io
            from qitui.cli import main
            with contextlib.redirect_stdout(io.StringIO()):
                assert main({args!r}) in (0, 1)
            """
        )
        assert "pandas" not in mods and "openpyxl" not in mods, args
    assert svg.read_text().startswith("<svg")
    # ...and the test can fail: export does load them.
    mods = loaded_modules(
        f"""
        import contextlib, io
        from qitui.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["export", {str(example)!r}, "reviews-by-30-months",
                         "-o", {str(tmp_path / "e.xlsx")!r}]) == 0
        """
    )
    assert "pandas" in mods and "openpyxl" in mods


def test_only_dataio_imports_pandas_or_openpyxl() -> None:
    for path in sorted((ROOT / "qitui").rglob("*.py")):
        if path.parent.name == "dataio":
            continue
        text = path.read_text()
        for banned in ("import pandas", "from pandas", "import openpyxl", "from openpyxl"):
            assert banned not in text, f"{path.relative_to(ROOT)} has '{banned}'"


def test_dataio_loads_pandas_only_when_used() -> None:
    mods = loaded_modules(
        "import qitui.dataio.engine, qitui.dataio.export, qitui.dataio.board, "
        "qitui.dataio.records, qitui.dataio.sheets"
    )
    assert "pandas" not in mods and "openpyxl" not in mods and "textual" not in mods


def test_first_frame_imports_neither_model_nor_store() -> None:
    """``qitui`` on a folder: the first frame (titles read fast) needs neither the model
    nor the store; the worker that reads the projects imports them after it."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from qitui.cli import app_parser
        from qitui import app as qapp

        class First(qapp.QituiApp):
            CSS_PATH = str(Path(qapp.__file__).with_name(qapp.QituiApp.CSS_PATH))

            def on_ready(self):  # the first frame is on screen; the load has not started
                self.before = sorted(sys.modules)
                self.exit()

        app_parser().parse_args(["projects"])
        app = First("projects")
        app.run(headless=True, size=(80, 24))
        print("\\n".join(app.before))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    mods = set(out.stdout.split())
    assert "qitui.screens.home" in mods and "qitui.quicklist" in mods
    assert "qitui.model" not in mods and "qitui.store" not in mods


def test_app_start_imports_no_toml_parser_without_a_keymap(tmp_path: Path) -> None:
    """What ``qitui FOLDER`` imports before the app runs (the CLI, the keymap's path, the
    app) holds no TOML parser when there is no keymap file: titles are read without one."""
    script = textwrap.dedent(
        """
        import sys
        from qitui.cli import run_app
        from qitui.keymap import keymap_path, read_keymap
        from qitui.app import make_app

        read_keymap(keymap_path())
        print("\\n".join(sorted(sys.modules)))
        """
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    mods = set(out.stdout.split())
    assert "qitui.keymap" in mods and "qitui.app" in mods
    assert "tomli" not in mods and "tomllib" not in mods and "qitui.tomlio" not in mods
