"""Plays the sample team (:mod:`delegate_tui.demo.sample_team`) out into a workspace and its events."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from delegate_tui.demo.arguments import _check_seed
from delegate_tui.demo.sample_team import AGREEMENTS, AREAS, AWAY, CHECKIN_NOTES, MANAGER_NAME, PEOPLE, STORY
from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    AwayPeriod,
    DecisionArea,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    Initiator,
    Member,
    Readiness,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    utc,
)


class Story:
    """Writes tasks and their events in step, so level, owner and due histories always agree."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.tasks: dict[int, Task] = {}
        self.events: list[Event] = []

    def at(self, days_ago: int, hour: int | None = None) -> datetime:
        """A moment in working hours ``days_ago`` days before today (never after now)."""
        hour = self.rng.randint(9, 17) if hour is None else hour
        moment = datetime.combine(
            self.today - timedelta(days=days_ago), time(hour, self.rng.randint(0, 59)), tzinfo=timezone.utc
        )
        return min(moment, self.now)

    def day(self, offset: int) -> date:
        """A date ``offset`` days from today (negative: in the past)."""
        return self.today + timedelta(days=offset)

    def log(
        self,
        kind: EventKind,
        at: datetime,
        *,
        member: int | None = None,
        task: int | None = None,
        note: str | None = None,
        reason: str | None = None,
        from_level: DelegationLevel | None = None,
        to_level: DelegationLevel | None = None,
        from_owner: int | None = None,
        to_owner: int | None = None,
        from_due: date | None = None,
        to_due: date | None = None,
        by: Initiator | None = None,
        context: EventContext | None = None,
        score: int | None = None,
    ) -> None:
        """Record an event; now and then a check-in is logged a few hours after it happened."""
        recorded = at
        if kind is EventKind.CHECKIN and self.rng.random() < 0.2:
            recorded = min(at + timedelta(hours=self.rng.randint(1, 20)), self.now)
        self.events.append(
            Event(
                kind=kind,
                at=at,
                recorded_at=recorded,
                member_id=member,
                task_id=task,
                note=note,
                reason=reason,
                from_level=from_level,
                to_level=to_level,
                from_owner=from_owner,
                to_owner=to_owner,
                from_due=from_due,
                to_due=to_due,
                by=by,
                context=context,
                score=score,
            )
        )

    def task(
        self,
        title: str,
        owner: int,
        area: int | None,
        level: int,
        status: TaskStatus,
        created_ago: int,
        due_in: int | None = None,
    ) -> int:
        """Add a task created ``created_ago`` days ago; returns its id."""
        task_id = len(self.tasks) + 1
        self.tasks[task_id] = Task(
            id=task_id,
            title=title,
            owner_id=owner,
            area_id=area,
            level=DelegationLevel(level),
            status=status,
            due=None if due_in is None else self.day(due_in),
            created_at=self.at(created_ago),
        )
        return task_id

    def _member(self, task_id: int) -> int | None:
        owner = self.tasks[task_id].owner_id
        return None if owner == MANAGER else owner

    def set_level(self, task_id: int, days_ago: int, level: int, reason: str | None, hour: int | None = None) -> None:
        """Change a task's level, with its ``level_change`` event."""
        task = self.tasks[task_id]
        new = DelegationLevel(level)
        self.log(
            EventKind.LEVEL_CHANGE,
            self.at(days_ago, hour),
            member=self._member(task_id),
            task=task_id,
            reason=reason,
            from_level=task.level,
            to_level=new,
        )
        task.level = new

    def set_status(self, task_id: int, days_ago: int, status: TaskStatus) -> None:
        """Move a task to another status, with its ``status_change`` event."""
        task = self.tasks[task_id]
        at = self.at(days_ago)
        self.events.append(
            Event(
                kind=EventKind.STATUS_CHANGE,
                at=at,
                recorded_at=at,
                member_id=self._member(task_id),
                task_id=task_id,
                from_status=task.status,
                to_status=status,
            )
        )
        task.status = status

    def set_due(self, task_id: int, days_ago: int, due_in: int, reason: str | None) -> None:
        """Move a task's due date, with its ``due_change`` event."""
        task = self.tasks[task_id]
        new = self.day(due_in)
        self.log(
            EventKind.DUE_CHANGE,
            self.at(days_ago),
            member=self._member(task_id),
            task=task_id,
            reason=reason,
            from_due=task.due,
            to_due=new,
        )
        task.due = new

    def reassign(self, task_id: int, days_ago: int, owner: int, reason: str | None, hour: int | None = None) -> None:
        """Give a task to someone else (or to the manager), with its ``reassign`` event."""
        task = self.tasks[task_id]
        member = task.owner_id if task.owner_id != MANAGER else owner
        self.log(
            EventKind.REASSIGN,
            self.at(days_ago, hour),
            member=member,
            task=task_id,
            reason=reason,
            from_owner=task.owner_id,
            to_owner=owner,
        )
        task.owner_id = owner

    def on_task(
        self,
        kind: EventKind,
        task_id: int,
        days_ago: int,
        note: str | None = None,
        *,
        by: Initiator | None = None,
        context: EventContext | None = None,
        hour: int | None = None,
    ) -> None:
        """An override, approval or check-in about one task."""
        self.log(
            kind,
            self.at(days_ago, hour),
            member=self._member(task_id),
            task=task_id,
            note=note,
            by=by,
            context=context,
        )

    def asked(self, member: int, days_ago: int, note: str) -> None:
        """A check-in the member asked for (``by member``): their request, not the manager's follow-up."""
        self.log(EventKind.CHECKIN, self.at(days_ago), member=member, note=note, by=Initiator.MEMBER)

    def pulse(self, member: int, days_ago: int, score: int, note: str | None = None) -> None:
        """The member's answer, 1-5, to "I had the room to decide what was mine to decide"."""
        self.log(EventKind.PULSE, self.at(days_ago, 16), member=member, score=score, note=note)

    def checkins(self, member: int, days_ago: Iterable[int], notes: list[str], task: int | None = None) -> None:
        """The manager's check-ins with a member; some carry a short private note."""
        for days in days_ago:
            note = self.rng.choice(notes) if notes and self.rng.random() < 0.4 else None
            self.log(EventKind.CHECKIN, self.at(days), member=member, task=task, note=note)

    def review(self, member: int, days_ago: int, note: str) -> None:
        """An agreement review held with the member (at 10:00)."""
        self.log(EventKind.REVIEW, self.at(days_ago, 10), member=member, note=note)

    def note(self, member: int, days_ago: int, text: str) -> None:
        """A private note about a member."""
        self.log(EventKind.NOTE, self.at(days_ago), member=member, note=text)


def _area(
    level: int,
    readiness: str | None = None,
    self_readiness: str | None = None,
    desired: int | None = None,
    by: date | None = None,
) -> AreaAgreement:
    return AreaAgreement(
        level=DelegationLevel(level),
        desired=None if desired is None else DelegationLevel(desired),
        desired_by=by,
        readiness=None if readiness is None else Readiness(readiness),
        self_readiness=None if self_readiness is None else Readiness(self_readiness),
    )


def _agreement(member_id: int, versions: list[tuple[datetime, AgreementTerms]]) -> TrustAgreement:
    """An agreement built version by version through :meth:`TrustAgreement.revised`."""
    first_at, first = versions[0]
    agreement = TrustAgreement(**dict(first), member_id=member_id, changed_at=first_at)
    for at, terms in versions[1:]:
        # Each version of the sample was walked through and acknowledged (or not) on its own.
        agreement = agreement.revised(terms, at, acknowledged=terms.acknowledged)
    return agreement


def _level(story: Story, spec: tuple[Any, ...]) -> AreaAgreement:
    """One area of a version: level, readiness, own readiness, and maybe the desired level and its day."""
    level, readiness, self_readiness, *ahead = spec
    desired, by = ahead or (None, None)
    return _area(level, readiness, self_readiness, desired, None if by is None else story.day(by))


def _terms(story: Story, fields: dict[str, Any]) -> AgreementTerms:
    """One version's terms from the sample's data: days from today become dates."""
    levels = {area_id: _level(story, spec) for area_id, spec in fields["levels"].items()}
    dated: dict[str, object] = {"levels": levels}
    if fields.get("last_review") is not None:
        dated["last_review"] = story.day(fields["last_review"])
    return AgreementTerms(**{**fields, **dated})


def _sample_agreements(story: Story) -> dict[int, TrustAgreement]:
    """One trust agreement per member, version by version."""
    agreements = {}
    for member_id, versions in AGREEMENTS.items():
        made = [(story.at(days_ago, hour), _terms(story, fields)) for (days_ago, hour), fields in versions]
        agreements[member_id] = _agreement(member_id, made)
    return agreements


def _weekdays(story: Story, days_ago: Iterable[int]) -> list[int]:
    return [d for d in days_ago if story.day(-d).weekday() < 5]


def _sample_history(story: Story) -> None:
    """Play the story's steps: the tasks, and what happened to them and their owners."""
    tasks: dict[str, int] = {}
    for verb, *args in STORY:
        options: dict[str, Any] = args.pop() if args and isinstance(args[-1], dict) else {}
        if verb == "task":
            key, title, owner, area, level, status, *rest = args
            task_id = story.task(title, owner, area, level, TaskStatus(status), *rest)
            if key is not None:
                tasks[key] = task_id
        elif verb == "set_status":
            key, days_ago, status = args
            story.set_status(tasks[key], days_ago, TaskStatus(status))
        elif verb == "quiet_status":
            key, status = args
            story.tasks[tasks[key]].status = TaskStatus(status)
        elif verb in ("reassign", "set_level", "set_due"):
            key, *rest = args
            getattr(story, verb)(tasks[key], *rest, **options)
        elif verb == "on_task":
            kind, key, days_ago, note = args
            context = options.get("context")
            story.on_task(
                EventKind(kind),
                tasks[key],
                days_ago,
                note,
                context=None if context is None else EventContext(context),
                hour=options.get("hour"),
            )
        elif verb == "checkins":
            member, days_ago, notes = args
            if options.get("weekdays_only"):
                days_ago = _weekdays(story, days_ago)
            task = options.get("task")
            story.checkins(member, days_ago, list(CHECKIN_NOTES[notes]), task=None if task is None else tasks[task])
        else:  # review, note, asked, pulse: about a member
            getattr(story, verb)(*args, **options)


def sample(seed: int, now: datetime) -> tuple[Workspace, list[Event]]:
    """A believable team of eight with five decision areas, 33 tasks and four months of events.

    Six people each show one pattern the rule engine flags (see :data:`~delegate_tui.demo.sample_team.SAMPLE_FLAGS`); Priya and
    Aiko are healthy delegations that trip nothing. ``seed`` varies the times of day and notes.
    """
    _check_seed(seed)
    now = utc(now)
    story = Story(random.Random(seed), now)
    day = story.day
    members = {mid: Member(id=mid, name=name, role=role, since=day(since)) for mid, name, role, since in PEOPLE}
    for mid, periods in AWAY.items():
        away = [AwayPeriod(start=day(start), end=day(end), reason=reason) for start, end, reason in periods]
        members[mid] = members[mid].model_copy(update={"away": away})
    areas = {aid: DecisionArea(id=aid, name=name, description=text) for aid, name, text in AREAS}
    agreements = _sample_agreements(story)
    _sample_history(story)
    workspace = Workspace(manager=MANAGER_NAME, members=members, areas=areas, tasks=story.tasks, agreements=agreements)
    events = sorted(story.events, key=lambda event: event.at)
    return workspace, events
