"""The evaluation context: the workspace and its events, indexed once for every rule."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from delegate_tui.i18n import _
from delegate_tui.localtime import day_start, local_day, local_zone
from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    Event,
    EventKind,
    Readiness,
    Task,
    TaskStatus,
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
    terms_at,
)

if TYPE_CHECKING:
    from delegate_tui.patterns.models import Flag


class Context:
    """The workspace and its events, indexed once so that every rule runs in linear time."""

    def __init__(
        self, workspace: Workspace, events: Iterable[Event], now: datetime, zone: tzinfo | None = None
    ) -> None:
        self.ws = workspace
        self.now = utc(now)
        # Days are the manager's local days: "same day", "per day" and window boundaries.
        self.zone = zone if zone is not None else local_zone(workspace)
        self.today = local_day(self.now, self.zone)
        self.grace_days = workspace.settings.grace_days
        self._day_starts: dict[date, datetime] = {}
        self.raised: list[Flag] = []
        """The flags of the rules run so far (the engine adds them), for rules that read them."""
        # One sort by (at, id) first: the result never depends on the order events were recorded in.
        # (Sorting the whole list once is much faster than sorting per-kind buckets: it walks memory
        # in order.) Events after now are cut off; notes are dropped, as no rule reads them.
        ordered = sorted(events, key=EVENT_KEY)
        del ordered[bisect_right(ordered, self.now, key=AT) :]
        # An undone event is dropped together with what undid it (its reverse change or an undo
        # event): a level raised by mistake and put back is neither a raise nor a take-back, an
        # undone check-in no check-in, for every rule alike.
        undone = {event.undoes for event in ordered if event.undoes is not None}
        if undone:
            ordered = [event for event in ordered if event.undoes is None and event.id not in undone]
        self.by_kind: dict[EventKind, list[Event]] = defaultdict(list)
        self.checkins: dict[int, list[Event]] = defaultdict(list)
        self.task_kind: dict[tuple[int, EventKind], list[Event]] = defaultdict(list)
        by_kind, checkins, task_kind = self.by_kind, self.checkins, self.task_kind
        tracked = (EventKind.LEVEL_CHANGE, EventKind.REASSIGN, EventKind.STATUS_CHANGE)
        for event in ordered:
            kind = event.kind
            if kind is EventKind.NOTE:
                continue
            by_kind[kind].append(event)
            if kind is EventKind.CHECKIN:
                if event.member_id is not None:
                    checkins[event.member_id].append(event)
            elif kind in tracked and event.task_id is not None:
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
        """The start of a window of ``days`` days ending now: the window holds today and the local
        days before it, whole (the last 28 days are today and the 27 local days before; a fraction
        of a day counts as a whole one)."""
        # Counted from today, not from ``now - days``: across a daylight-saving change that moment
        # can fall on either side of a local midnight depending on the hour, and the window must
        # not change within a day.
        return day_start(self.today - timedelta(days=math.ceil(days) - 1), self.zone)

    def day_of(self, moment: datetime) -> date:
        """The manager's local day of a moment."""
        return local_day(moment, self.zone)

    def day_start(self, day: date) -> datetime:
        """The first moment of the local ``day``, in UTC (remembered: rules ask for the same days
        for every member)."""
        start = self._day_starts.get(day)
        if start is None:
            start = self._day_starts[day] = day_start(day, self.zone)
        return start

    # -- what makes close contact normal

    def away(self, member_id: int, moment: datetime) -> bool:
        """Whether the member was away on the local day of ``moment``."""
        return self.away_on(member_id, self.day_of(moment))

    def away_on(self, member_id: int, day: date) -> bool:
        """Whether the member was away on the local ``day``."""
        member = self.ws.members.get(member_id)
        return member is not None and member.away_on(day)

    def new_member(self, member_id: int, moment: datetime) -> bool:
        """Whether ``moment`` falls in the member's first grace days on the team."""
        return self.new_on(member_id, self.day_of(moment))

    def new_on(self, member_id: int, day: date) -> bool:
        """Whether the local ``day`` is one of the member's first grace days on the team."""
        member = self.ws.members.get(member_id)
        if member is None or member.since is None:
            return False
        return 0 <= (day - member.since).days < self.grace_days

    def newly_agreed(self, member_id: int, area_id: int | None, moment: datetime) -> bool:
        """Whether ``moment`` falls in the grace days after the area first entered the member's agreement."""
        if area_id is None:
            return False
        first = next((changed for changed, terms in self.versions(member_id) if area_id in terms.levels), None)
        return first is not None and 0 <= (self.day_of(moment) - self.day_of(first)).days < self.grace_days

    def in_grace(self, member_id: int, moment: datetime, area_id: int | None = None) -> bool:
        """A new member, or an area newly agreed with them: close contact and low levels are normal."""
        return self.new_member(member_id, moment) or self.newly_agreed(member_id, area_id, moment)

    def readiness_at(self, member_id: int, area_id: int | None, moment: datetime) -> Readiness | None:
        """Your readiness rating of the member in an area, in the agreement version in force then."""
        if area_id is None:
            return None
        entry = self.levels(terms_at(self.versions(member_id), moment)).get(area_id)
        return entry.readiness if entry is not None else None

    def status_at(self, task: Task, moment: datetime) -> TaskStatus:
        """The task's status at a moment, from its status changes (its current status without any)."""
        changes = [e for e in self.task_kind.get((task.id, EventKind.STATUS_CHANGE), []) if e.to_status is not None]
        status = changes[0].from_status if changes and changes[0].from_status is not None else task.status
        for event in changes:
            if event.at > moment:
                break
            if event.to_status is not None:
                status = event.to_status
        return status

    def recent(self, kind: EventKind, days: float) -> list[Event]:
        """Events of a kind in the window of ``days`` local days ending now (its first moment included)."""
        bucket = self.by_kind.get(kind, [])
        return bucket[bisect_left(bucket, self.since(days), key=AT) :]

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
