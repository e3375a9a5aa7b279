"""Greedy word wrap, giving the lines ``textwrap.wrap`` gives, several times faster for plain text.

``delegate check`` wraps the messages, evidence and suggestions of thousands of flags;
``textwrap`` splits every text with a large regular expression first, which made a fifth of the
command. Plain text (words separated by single spaces) is wrapped here word by word; anything
where ``textwrap``'s rules could differ from that (tabs or line breaks, runs of spaces, leading or
trailing spaces, a hyphenated word at a line break, a word longer than the line) is handed to
``textwrap`` itself, so the lines are always exactly ``textwrap``'s.

Standard library only.
"""

from __future__ import annotations

_SPECIAL = frozenset("\t\n\x0b\x0c\r")


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """``textwrap.wrap(text, width, initial_indent=..., subsequent_indent=...)``, with its default options.

    The width is raised to leave at least two columns beside the longer indent: with less,
    ``textwrap`` itself can loop forever on some texts (a no-break space next to a hyphen),
    which a very narrow terminal would otherwise trigger."""
    width = max(width, len(initial_indent) + 2, len(subsequent_indent) + 2)
    if not text or text[0] == " " or text[-1] == " " or "  " in text or not _SPECIAL.isdisjoint(text):
        return _textwrap(text, width, initial_indent, subsequent_indent)
    lines: list[str] = []
    indent = initial_indent
    room = width - len(indent)
    line: list[str] = []
    used = 0
    for word in text.split(" "):
        if word.isspace():  # other white space (a no-break space): textwrap drops it at a line's ends
            return _textwrap(text, width, initial_indent, subsequent_indent)
        size = len(word)
        if not line:
            if size > room:
                return _textwrap(text, width, initial_indent, subsequent_indent)
            line.append(word)
            used = size
        elif used + 1 + size <= room:
            line.append(word)
            used += 1 + size
        else:
            if "-" in word:  # textwrap may break the word at its hyphen
                return _textwrap(text, width, initial_indent, subsequent_indent)
            lines.append(indent + " ".join(line))
            indent = subsequent_indent
            room = width - len(indent)
            if size > room:
                return _textwrap(text, width, initial_indent, subsequent_indent)
            line = [word]
            used = size
    lines.append(indent + " ".join(line))
    return lines


def _textwrap(text: str, width: int, initial_indent: str, subsequent_indent: str) -> list[str]:
    import textwrap  # only for the texts that need it

    return textwrap.wrap(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent)
