"""``python -m qitui``: the same as the ``qitui`` command."""

import sys

from qitui.cli import main

sys.exit(main())
