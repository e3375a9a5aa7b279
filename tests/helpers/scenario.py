"""The scenario builder the rule tests share: a small workspace and its history, built around NOW."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    AwayPeriod,
    DecisionArea,
    Event,
    EventKind,
    FlagAck,
    Member,
    PokerAbout,
    PokerRound,
    PokerVote,
    Readiness,
    ReviewMeeting,
    RuleSettings,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
)
from delegate_tui.patterns import (
    Flag,
    evaluate,
)
from tests.helpers.clock import NOW  # the moment every rule test evaluates at

TODAY = NOW.date()


def ago(days: float, hours: float = 0) -> datetime:
    """A moment ``days`` (and ``hours``) before NOW."""
    return NOW - timedelta(days=days, hours=hours)


def day_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


class Builder:
    """A small workspace under construction, with its event history."""

    def __init__(self) -> None:
        self.ws = Workspace(manager="Morgan")
        self.events: list[Event] = []

    # -- records

    def member(self, name: str, since: date | None = date(2024, 1, 1)) -> int:
        member_id = len(self.ws.members) + 1
        self.ws.members[member_id] = Member(id=member_id, name=name, since=since)
        return member_id

    def area(self, name: str) -> int:
        area_id = len(self.ws.areas) + 1
        self.ws.areas[area_id] = DecisionArea(id=area_id, name=name)
        return area_id

    def task(
        self,
        owner: int,
        level: int,
        area: int | None = None,
        status: TaskStatus = TaskStatus.OPEN,
        created: datetime | None = None,
        title: str | None = None,
    ) -> int:
        task_id = len(self.ws.tasks) + 1
        self.ws.tasks[task_id] = Task(
            id=task_id,
            title=title or f"Task {task_id}",
            owner_id=owner,
            area_id=area,
            level=level,
            status=status,
            created_at=created or ago(300),
        )
        return task_id

    def agree(
        self, member_id: int, at: datetime | None = None, levels: dict[int, Any] | None = None, **terms: Any
    ) -> None:
        """Create the member's agreement, or revise it at ``at`` with the given changes."""
        at = at or ago(30)
        current = self.ws.agreements.get(member_id)
        data: dict[str, Any] = (
            current.terms().model_dump()
            if current is not None
            else {
                "cadence": "weekly",
                "acknowledged": True,
                "growth_goals": ["Lead a release"],
                "last_review": day_ago(10),
            }
        )
        if levels is not None:
            data["levels"] = {
                area_id: entry if isinstance(entry, AreaAgreement) else AreaAgreement(level=entry)
                for area_id, entry in levels.items()
            }
        data.update(terms)
        if current is None:
            self.ws.agreements[member_id] = TrustAgreement(member_id=member_id, changed_at=at, **data)
        else:
            self.ws.agreements[member_id] = current.revised(AgreementTerms(**data), at)

    def event(self, kind: EventKind | str, at: datetime, **fields: Any) -> Event:
        """Record an event; ``by``, ``context``, ``reason``, ``score``... are passed on as they are."""
        event = Event(id=f"ev-{len(self.events) + 1:04d}", kind=EventKind(kind), at=at, **fields)
        self.events.append(event)
        return event

    def checkins(self, member_id: int, count: int, start: float = 1, step: float = 1, **fields: Any) -> list[Event]:
        """``count`` check-ins, ``start`` days ago and every ``step`` days before (``by``, ``context``...)."""
        return [self.event("checkin", ago(start + i * step), member_id=member_id, **fields) for i in range(count)]

    def away(self, member_id: int, start: date, end: date, reason: str | None = None) -> None:
        """The member is away from ``start`` to ``end`` (both included)."""
        member = self.ws.members[member_id]
        self.ws.members[member_id] = member.model_copy(
            update={"away": [*member.away, AwayPeriod(start=start, end=end, reason=reason)]}
        )

    def pulse(self, member_id: int, score: int, at: datetime, note: str | None = None) -> Event:
        """The member's answer, 1-5, to "I had the room to decide what was mine to decide"."""
        return self.event("pulse", at, member_id=member_id, score=score, note=note)

    def poker_round(
        self,
        member_id: int,
        area_id: int | None,
        cards: dict[str, int],
        *,
        at: datetime,
        revealed: bool = True,
        about: PokerAbout = "current",
    ) -> PokerRound:
        """A round of Delegation Poker about a member and an area, in a review meeting held at ``at``
        (one meeting per call), with ``cards`` by participant's name, revealed at ``at`` unless told not."""
        meeting_id = max(self.ws.reviews, default=0) + 1
        poker = PokerRound(
            id=1,
            topic=self.ws.area_name(area_id) if area_id is not None else "a situation",
            area_id=area_id,
            member_id=member_id,
            about=about,
            started_at=at,
            votes=[PokerVote(participant=name, card=card, at=at) for name, card in cards.items()],
            revealed_at=at if revealed else None,
        )
        meeting = ReviewMeeting(
            id=meeting_id, started_at=at, facilitator=self.ws.manager, participants=list(cards), rounds=[poker]
        )
        self.ws.reviews[meeting_id] = meeting
        return poker

    def timezone(self, name: str) -> None:
        """The manager's time zone (an IANA name): the rules' local days follow it."""
        self.ws = self.ws.model_copy(update={"timezone": name})

    # -- evaluation

    def flags(self, now: datetime = NOW, **options: Any) -> list[Flag]:
        return evaluate(self.ws, self.events, now, **options)

    def rule(self, rule_id: str, now: datetime = NOW, **options: Any) -> list[Flag]:
        return [flag for flag in self.flags(now, **options) if flag.rule == rule_id]

    def configure(self, rule_id: str, enabled: bool = True, **params: float) -> None:
        self.ws.settings.rules[rule_id] = RuleSettings(enabled=enabled, params=params)

    def ack(self, flag: Flag, until: date | None = None, evidence: list[str] | None = None) -> None:
        refs = [item.ref for item in flag.evidence] if evidence is None else evidence
        self.ws.acks[flag.id] = FlagAck(flag_id=flag.id, reason="discussed", at=ago(1), until=until, evidence=refs)


def team() -> Builder:
    """Priya with a weekly agreement; one area, Tooling, agreed at 5 four months ago (past the grace period)."""
    b = Builder()
    priya = b.member("Priya")
    tooling = b.area("Tooling")
    b.agree(priya, levels={tooling: 5}, at=ago(120))
    return b


PRIYA = 1
TOOLING = 1


def only(flags: list[Flag]) -> Flag:
    assert len(flags) == 1, [flag.message for flag in flags]
    return flags[0]


def healthy() -> Builder:
    """Two members with fitting agreements, levels, cadences and reviews: no rule fires."""
    b = Builder()
    priya, sam = b.member("Priya"), b.member("Sam")
    tooling, hiring = b.area("Tooling"), b.area("Hiring")
    b.agree(
        priya,
        levels={
            tooling: AreaAgreement(level=6, readiness=Readiness.D4, self_readiness=Readiness.D3),
            hiring: AreaAgreement(level=4, readiness=Readiness.D2, desired=5, desired_by=day_ago(-60)),
        },
        at=ago(120),
    )
    b.agree(sam, levels={tooling: 5, hiring: 3}, at=ago(100), cadence="biweekly")
    b.task(priya, 6, tooling)
    b.task(priya, 4, hiring)
    b.task(sam, 5, tooling)
    b.task(sam, 3, hiring)
    b.task(MANAGER, 2, hiring)
    b.checkins(priya, 4, start=2, step=7)
    b.checkins(sam, 2, start=3, step=14)
    b.event("review", ago(10), member_id=priya)
    b.event("note", ago(3), member_id=sam, note="good week")
    return b


def busy() -> Builder:
    """A team where several rules fire at once."""
    b = healthy()
    priya, sam = 1, 2
    # Twelve contact days in each of the last two four-week periods against 4 allowed: sustained, critical.
    b.checkins(priya, 12, start=0.5, step=2)
    b.checkins(priya, 12, start=28.5, step=2)
    task = b.task(priya, 6, 1, title="Choose the CI provider")
    b.event("override", ago(4), member_id=priya, task_id=task)
    b.event("approval", ago(3), member_id=sam, task_id=b.task(sam, 5, 1))
    for _ in range(5):
        b.task(MANAGER, 1)
    b.member("Aaron", since=None)
    return b


def over_monitored() -> Builder:
    """Priya on a weekly agreement, checked on almost daily for eight weeks: MM001 fires."""
    b = team()
    b.checkins(PRIYA, 16, start=1, step=3.5)
    return b
