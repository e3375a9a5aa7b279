"""Acknowledgments: when a manager's acknowledgment hides a flag."""

from __future__ import annotations

from datetime import date

from delegate_tui.model import (
    FlagAck,
)
from delegate_tui.patterns.models import Flag


def ack_holds(ack: FlagAck | None, flag: Flag, today: date) -> bool:
    """An acknowledgment hides a flag until its date, and only while the evidence has not grown."""
    if ack is None or (ack.until is not None and ack.until < today):
        return False
    return {item.ref for item in flag.evidence} <= set(ack.evidence)
