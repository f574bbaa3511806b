"""Driving the PDSA worksheet in tests: its sections are laid out the first time they are
shown, so a test that reaches into a section's fields shows it first, as a user would."""

from __future__ import annotations

from typing import Any

from qitui.screens.cycle import SECTIONS, CycleScreen


async def show_section(pilot: Any, sheet: CycleScreen, name: str) -> None:
    """Show a section (as its key 1–5 does) and wait until its fields are mounted."""
    sheet.action_goto(name, focus=False)
    await sheet.section_ready(name)
    await pilot.pause()


async def show_every_section(pilot: Any, sheet: CycleScreen) -> None:
    """Show each section once, then the Cycle section again (where the worksheet opens)."""
    for name in [*SECTIONS[1:], SECTIONS[0]]:
        await show_section(pilot, sheet, name)
