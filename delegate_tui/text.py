"""User text made safe to show in a terminal.

Names, titles and notes are data. Printed raw, a control character in them is an instruction to
the terminal (``ESC ] 2 ;`` sets the window title, OSC 52 writes the clipboard, ``ESC [ 2 J``
blanks the screen) and a bidi override reorders what the reader sees. :func:`visible` turns every
such character into a harmless visible form; every piece of user text printed in a terminal (CLI
text output, the Markdown summary shown on a terminal, the UI) goes through it. JSON output keeps
the exact text.

Standard library only: the domain, the CLI and the screens all use it.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters that are instructions rather than text: C0 and C1 controls, DEL, the Unicode line
and paragraph separators, and the bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069)."""

CONTROL_CHARACTERS_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""The same, except newline and tab, which multi-line text keeps."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ESC shows as "␛", NUL as "␀"
    if code == 0x7F:
        return "\u2421"  # "␡"
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character shown visibly and harmlessly.

    C0 controls and DEL become the Unicode control pictures (``\\x1b`` shows as ``␛``), C1
    controls, line separators and bidi controls become escapes such as ``\\x9b`` or ``\\u202e``.
    With ``multiline``, newlines and tabs are kept as they are.
    """
    pattern = CONTROL_CHARACTERS_BUT_LINES if multiline else CONTROL_CHARACTERS
    if pattern.search(text) is None:  # the common case costs one scan
        return text
    return pattern.sub(_picture, text)


def first_control(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The position and character of the first control character in ``text``, or None."""
    pattern = CONTROL_CHARACTERS_BUT_LINES if multiline else CONTROL_CHARACTERS
    found = pattern.search(text)
    return None if found is None else (found.start(), found.group())


class VisibleWriter:
    """A text stream that passes everything written through :func:`visible` (newlines and tabs
    kept) before it reaches ``stream``: the CLI's standard output and error while a verb runs, so
    that no message, table or echoed argument can carry a terminal escape. Anything else (such as
    ``buffer``, which JSON output writes to) is the wrapped stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters made visible."""
        self.wrapped.write(visible(text, multiline=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
