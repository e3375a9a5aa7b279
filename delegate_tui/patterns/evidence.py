"""Evidence and flag construction: stable flag ids and the references acknowledgments remember."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from delegate_tui.model import (
    Event,
    Task,
)
from delegate_tui.patterns.context import Context
from delegate_tui.patterns.models import Evidence, Flag, Rule, Severity


def flag_id(rule_id: str, key: Sequence[object]) -> str:
    digest = hashlib.sha1("|".join([rule_id, *map(str, key)]).encode("utf-8")).hexdigest()
    return f"{rule_id}-{digest[:8]}"


def event_ref(event: Event) -> str:
    if event.id:
        return event.id
    # Events should always have ids; this fallback keeps flags stable if one does not.
    return f"{event.kind.value}@{event.at.isoformat()}/{event.member_id}/{event.task_id}/{event.area_id}"


def event_evidence(event: Event, text: str) -> Evidence:
    return Evidence(kind="event", ref=event_ref(event), at=event.at, text=text)


def task_evidence(task: Task, at: datetime | None, text: str) -> Evidence:
    return Evidence(kind="task", ref=f"task #{task.id}", at=at, text=text)


def agreement_evidence(ref: str, at: datetime | None, text: str) -> Evidence:
    return Evidence(kind="agreement", ref=ref, at=at, text=text)


def make_flag(
    ctx: Context,
    rule: Rule,
    key: Sequence[object],
    *,
    message: str,
    suggestion: str,
    evidence: list[Evidence],
    severity: Severity | None = None,
    member_id: int | None = None,
    task_id: int | None = None,
    area_id: int | None = None,
) -> Flag:
    """A flag of ``rule``; its id is derived from the rule and ``key``, what makes the finding the same one.

    An upkeep flag is never critical: a stale agreement is a chore, not a harm done to someone.
    """
    severity = severity or rule.severity
    if rule.category == "upkeep" and severity is Severity.CRITICAL:
        severity = Severity.WARNING
    return Flag(
        id=flag_id(rule.id, key),
        rule=rule.id,
        name=rule.name,
        severity=severity,
        category=rule.category,
        member_id=member_id,
        member=ctx.name(member_id) if member_id is not None else None,
        task_id=task_id,
        area_id=area_id,
        area=ctx.ws.area_name(area_id) if area_id is not None else None,
        message=message,
        evidence=evidence,
        suggestion=suggestion,
    )
