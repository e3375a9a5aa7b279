"""Small text helpers for the wording of flags."""

from __future__ import annotations

from datetime import date, datetime

from delegate_tui.i18n import current as current_language
from delegate_tui.model import DelegationLevel


def format_number(value: float) -> str:
    """A number as people write it: ``4``, ``1.5``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


_DISPLAY: dict[str, dict[int, str]] = {}
"""Each level's "5 Advise" by language: the rules word thousands of evidence lines with it."""


def display(level: int) -> str:
    language = current_language()
    table = _DISPLAY.get(language)
    if table is None:
        table = _DISPLAY[language] = {int(level): level.display for level in DelegationLevel}
    return table[level]


def day(moment: datetime | date) -> str:
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def blank(text: str | None) -> bool:
    return not (text or "").strip()
