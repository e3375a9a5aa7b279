"""History: a task's level and owner at a past moment, and the agreement version in force then."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime
from operator import attrgetter

from delegate_tui.model import (
    AgreementTerms,
    DelegationLevel,
    Event,
    EventKind,
    Task,
    TrustAgreement,
    utc,
)

EVENT_KEY = attrgetter("at", "id")
AT = attrgetter("at")


class Timeline:
    """A value that changes at known moments: the value at a moment is the last change at or
    before it, and before the first change it is the first change's "from" value."""

    __slots__ = ("initial", "times", "values")

    def __init__(self, initial: int, changes: list[tuple[datetime, int]]) -> None:
        self.initial = initial
        self.times = [moment for moment, _value in changes]
        self.values = [value for _moment, value in changes]

    def at(self, moment: datetime) -> int:
        # bisect_right: a change recorded at the very moment of another event is taken to have
        # happened first, so an override logged right after lowering a level sees the lower level.
        index = bisect_right(self.times, moment)
        return self.values[index - 1] if index else self.initial


def level_timeline(task: Task, changes: Sequence[Event]) -> Timeline:
    """``changes``: the task's level_change events, sorted by (at, id)."""
    usable = [event for event in changes if event.to_level is not None]
    if not usable:
        return Timeline(int(task.level), [])
    first = usable[0].from_level
    initial = int(first) if first is not None else int(task.level)
    return Timeline(initial, [(event.at, int(event.to_level)) for event in usable if event.to_level is not None])


def owner_timeline(task: Task, moves: Sequence[Event]) -> Timeline:
    """``moves``: the task's reassign events, sorted by (at, id)."""
    usable = [event for event in moves if event.to_owner is not None]
    if not usable:
        return Timeline(task.owner_id, [])
    first = usable[0].from_owner
    initial = first if first is not None else task.owner_id
    return Timeline(initial, [(event.at, event.to_owner) for event in usable if event.to_owner is not None])


def level_at(task: Task, events: Sequence[Event], moment: datetime) -> DelegationLevel:
    """The task's delegation level at ``moment``, rebuilt from its ``level_change`` events.

    Events of other tasks and kinds are ignored. Before the first change the level is that change's
    ``from_level``; after a change it is its ``to_level``; with no change at all it is ``task.level``.
    A change at exactly ``moment`` already counts.
    """
    changes = sorted(
        (e for e in events if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id),
        key=EVENT_KEY,
    )
    return DelegationLevel(level_timeline(task, changes).at(utc(moment)))


Versions = list[tuple[datetime, AgreementTerms]]


def agreement_versions(agreement: TrustAgreement) -> Versions:
    """Every version of an agreement (history and current), oldest first."""
    stamped: list[tuple[datetime, int, AgreementTerms]] = [(v.changed_at, v.version, v) for v in agreement.history]
    stamped.append((agreement.changed_at, agreement.version, agreement))
    stamped.sort(key=lambda item: (item[0], item[1]))
    return [(changed, terms) for changed, _version, terms in stamped]


def terms_at(versions: Versions, moment: datetime) -> AgreementTerms | None:
    index = bisect_right([changed for changed, _terms in versions], moment)
    return versions[index - 1][1] if index else None
