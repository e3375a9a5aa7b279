"""The evaluation context: the workspace and its events, indexed once for every rule."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    Event,
    EventKind,
    Task,
    Workspace,
    utc,
)
from delegate_tui.patterns.timeline import (
    AT,
    EVENT_KEY,
    Timeline,
    Versions,
    agreement_versions,
    level_timeline,
    owner_timeline,
)


class Context:
    """The workspace and its events, indexed once so that every rule runs in linear time."""

    def __init__(self, workspace: Workspace, events: Iterable[Event], now: datetime) -> None:
        self.ws = workspace
        self.now = utc(now)
        self.today = self.now.date()
        # One sort by (at, id) first: the result never depends on the order events were recorded in.
        # (Sorting the whole list once is much faster than sorting per-kind buckets: it walks memory
        # in order.) Events after now are cut off; notes are dropped, as no rule reads them.
        ordered = sorted(events, key=EVENT_KEY)
        del ordered[bisect_right(ordered, self.now, key=AT) :]
        self.by_kind: dict[EventKind, list[Event]] = defaultdict(list)
        self.checkins: dict[int, list[Event]] = defaultdict(list)
        self.task_kind: dict[tuple[int, EventKind], list[Event]] = defaultdict(list)
        by_kind, checkins, task_kind = self.by_kind, self.checkins, self.task_kind
        for event in ordered:
            kind = event.kind
            if kind is EventKind.NOTE:
                continue
            by_kind[kind].append(event)
            if kind is EventKind.CHECKIN:
                if event.member_id is not None:
                    checkins[event.member_id].append(event)
            elif (kind is EventKind.LEVEL_CHANGE or kind is EventKind.REASSIGN) and event.task_id is not None:
                task_kind[(event.task_id, kind)].append(event)
        self._levels: dict[int, Timeline] = {}
        self._owners: dict[int, Timeline] = {}
        self._versions: dict[int, Versions] = {}
        self.open_by_owner: dict[int, list[Task]] = defaultdict(list)
        self.open_tasks: list[Task] = []
        for task in sorted(workspace.tasks.values(), key=lambda t: t.id):
            if task.status.is_open:
                self.open_tasks.append(task)
                self.open_by_owner[task.owner_id].append(task)

    # -- history

    def levels_of(self, task: Task) -> Timeline:
        timeline = self._levels.get(task.id)
        if timeline is None:
            timeline = level_timeline(task, self.task_kind.get((task.id, EventKind.LEVEL_CHANGE), []))
            self._levels[task.id] = timeline
        return timeline

    def owners_of(self, task: Task) -> Timeline:
        timeline = self._owners.get(task.id)
        if timeline is None:
            timeline = owner_timeline(task, self.task_kind.get((task.id, EventKind.REASSIGN), []))
            self._owners[task.id] = timeline
        return timeline

    def level_at(self, task: Task, moment: datetime) -> int:
        return self.levels_of(task).at(moment)

    def owner_at(self, task: Task, moment: datetime) -> int:
        return self.owners_of(task).at(moment)

    def versions(self, member_id: int) -> Versions:
        agreement = self.ws.agreements.get(member_id)
        if agreement is None:
            return []
        if member_id not in self._versions:
            self._versions[member_id] = agreement_versions(agreement)
        return self._versions[member_id]

    def since(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def recent(self, kind: EventKind, days: float) -> list[Event]:
        bucket = self.by_kind.get(kind, [])
        return bucket[bisect_right(bucket, self.since(days), key=AT) :]

    # -- names

    def member_of(self, event: Event, task: Task | None) -> int | None:
        """Whose work an event is about: the event's member, else the task's owner at the time."""
        member_id = event.member_id
        if (member_id is None or member_id == MANAGER) and task is not None:
            member_id = self.owner_at(task, event.at)
        return member_id if member_id is not None and member_id in self.ws.members else None

    def name(self, member_id: int) -> str:
        return self.ws.members[member_id].name

    def levels(self, terms: AgreementTerms | None) -> dict[int, AreaAgreement]:
        """The agreed levels for decision areas that still exist."""
        if terms is None:
            return {}
        return {area_id: entry for area_id, entry in terms.levels.items() if area_id in self.ws.areas}

    def task_text(self, task: Task) -> str:
        return _('task #{task_id} "{title}"').format(task_id=task.id, title=task.title)


Params = dict[str, float]


def level_since(ctx: Context, task: Task) -> datetime:
    """When the task got its current level: its last level change, else its creation."""
    changes = ctx.task_kind.get((task.id, EventKind.LEVEL_CHANGE), [])
    return changes[-1].at if changes else task.created_at


def events_on_delegated_tasks(
    ctx: Context, kind: EventKind, p: Params
) -> dict[tuple[int, int], list[tuple[Event, int]]]:
    """Recent events of a kind on tasks at ``min_level`` or higher at that moment, by (member, task)."""
    found: dict[tuple[int, int], list[tuple[Event, int]]] = {}
    for event in ctx.recent(kind, p["lookback_days"]):
        task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
        if task is None:
            continue
        level = ctx.level_at(task, event.at)
        member_id = ctx.member_of(event, task)
        if member_id is None or level < p["min_level"]:
            continue
        found.setdefault((member_id, task.id), []).append((event, level))
    return found
