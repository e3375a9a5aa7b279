"""Acknowledgments: when a manager's acknowledgment hides a flag."""

from __future__ import annotations

from datetime import date

from delegate_tui.model import (
    FlagAck,
)
from delegate_tui.patterns.models import Flag, Severity


def ack_holds(ack: FlagAck | None, flag: Flag, today: date) -> bool:
    """Whether an acknowledgment still hides a flag.

    With a date (``until``) it holds until that date, whatever new evidence arrives, unless the
    flag's severity rose above the one acknowledged. Without a date it holds while the evidence has
    not grown beyond what was acknowledged.
    """
    if ack is None:
        return False
    if ack.severity is not None and flag.severity.rank > Severity(ack.severity).rank:
        return False
    if ack.until is not None:
        return today <= ack.until
    return {item.ref for item in flag.evidence} <= set(ack.evidence)
