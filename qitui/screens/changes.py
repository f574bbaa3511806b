"""Placeholder."""

from __future__ import annotations

from qitui.screens.base import QituiScreen


class ChangesScreen(QituiScreen):
    pass
