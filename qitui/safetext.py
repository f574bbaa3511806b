"""Text a user or a file wrote, made safe to show: never markup, never a terminal control.

Used by the app (Rich ``Text`` for widgets: never build markup out of user text, Rich and
Textual escape brackets differently) and by the command line (check messages, analysis
summaries, chart titles, the report).
Control characters (C0, DEL, C1) are replaced by visible stand-ins: the Unicode "control
pictures" for C0 and DEL (``␛`` for ESC, ``␇`` for BEL, ``␡`` for DEL) and ``\\x9b``-style
escapes for C1; a line break and a tab are kept where text is meant to span lines.
No Textual here: the core and the CLI import it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_NO_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"  # C1: no picture exists


def visible(value: object, multiline: bool = False) -> str:
    """``value`` as a string whose control characters are shown, never obeyed.

    ``multiline`` keeps line breaks and tabs (a carriage return before a line break is
    dropped); otherwise they are shown too (``␊``, ``␉``), for one-line places.
    """
    text = value if isinstance(value, str) else str(value)
    if multiline:
        text = text.replace("\r\n", "\n")
        return _CONTROL_KEEP_LINES.sub(_picture, text)
    return _CONTROL.sub(_picture, text)


def _one_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def visible_chars(value: str, keep_tabs: bool = False) -> str:
    """``value`` with each control character replaced by ONE visible character (C1 by
    ``\ufffd``), so that positions in the text stay the same (for text being edited)."""
    pattern = _CONTROL_NO_TAB if keep_tabs else _CONTROL
    return pattern.sub(_one_char, value)


def one_line(value: object) -> str:
    """``value`` on one line: line breaks become spaces, other controls are shown."""
    text = value if isinstance(value, str) else str(value)
    return visible(" ".join(text.replace("\r\n", "\n").split("\n")))


def text(value: object, style: str = "", multiline: bool = False) -> Text:
    """``value`` as a Rich ``Text``: shown literally, with its control characters visible."""
    from rich.text import Text

    return Text(visible(value, multiline), style=style)


def has_control(value: str) -> bool:
    """True if ``value`` holds a control character other than a line break or a tab."""
    return _CONTROL_KEEP_LINES.search(value) is not None
