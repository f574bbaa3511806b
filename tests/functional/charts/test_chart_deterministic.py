"""The same chart is drawn the same way in every run (no dependence on hash ordering)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.projects import ROOT

EXAMPLE = ROOT / "projects" / "hillview-27-30-month-reviews"


MEASURES = (("reviews-by-30-months", 80), ("days-to-offered-appointment", 120))
#: one process per seed draws both charts through the CLI's own entry point
SCRIPT = (
    "import sys\n"
    "from qitui.cli import main\n"
    "for measure, width in {measures!r}:\n"
    "    if main(['chart', {example!r}, measure, '--width', str(width)]):\n"
    "        sys.exit(1)\n"
    "    print('\\f', flush=True)\n"
)


def charts(seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    script = SCRIPT.format(measures=MEASURES, example=str(EXAMPLE))
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return out.stdout.split("\f\n")[: len(MEASURES)]


def test_chart_text_does_not_depend_on_the_hash_seed() -> None:
    drawn = [charts(seed) for seed in ("0", "1", "2", "6")]
    for k, (measure, _) in enumerate(MEASURES):
        assert " chart (" in drawn[0][k], measure  # drawn, with its title
        assert len({d[k] for d in drawn}) == 1, measure
