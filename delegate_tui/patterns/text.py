"""Small text helpers for the wording of flags."""

from __future__ import annotations

from datetime import date, datetime

from delegate_tui.model import (
    DelegationLevel,
)


def format_number(value: float) -> str:
    """A number as people write it: ``4``, ``1.5``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


DISPLAY = {int(level): level.display for level in DelegationLevel}


def display(level: int) -> str:
    return DISPLAY[level]


def day(moment: datetime | date) -> str:
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def blank(text: str | None) -> bool:
    return not (text or "").strip()
