"""qitui.analysis must not load Textual, pandas (or numpy) on import."""

from __future__ import annotations

import subprocess
import sys


def test_analysis_imports_no_heavy_modules() -> None:
    code = (
        "import sys, qitui.analysis\n"
        "from qitui.analysis import analyse\n"
        "analyse('i', [1, 2, 3])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'pandas', 'numpy')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
