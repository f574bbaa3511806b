"""Dialog flows shared by several screens (start a cycle, write a note, project settings,
import into a measure), run by :mod:`qitui.controller` for the screen that asked."""
