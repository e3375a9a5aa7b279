"""Deterministic demo data: a believable sample team, and large generated data sets for benchmarks.

Pure: no Textual, no TinyDB, no file I/O. Both builders return a :class:`Workspace` and its events
(in time order, with ``id=""``: the store assigns ids). Only ``random.Random(seed)`` and the given
``now`` are used, so the same seed and ``now`` always give the same data.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from delegate_tui.i18n import _
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
    InputError,
    Member,
    Readiness,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    utc,
)

MAX_MEMBERS = 10_000
MAX_TASKS = 1_000_000
MAX_EVENTS = 1_000_000

# Sample ids, so the story below reads as names rather than numbers.
HIRING, TOOLING, RELEASE, BUDGET, ESCALATIONS = 1, 2, 3, 4, 5
PRIYA, AIKO, JONAS, DIEGO, FATIMA, TOMASZ, LENA, KWAME = 1, 2, 3, 4, 5, 6, 7, 8

SAMPLE_FLAGS: dict[int, set[str]] = {
    PRIYA: set(),
    AIKO: set(),
    JONAS: {"MM001"},
    DIEGO: {"MM002"},
    FATIMA: {"MM004"},
    TOMASZ: {"MM006"},
    LENA: {"MM009"},
    KWAME: {"MM013", "MM014"},
}
"""The rules the sample is designed to trip, per member (empty: a healthy delegation)."""


# --------------------------------------------------------------------------- arguments


def _check_count(option: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(
            _("{option} must be a whole number from {low} to {high} (got {value}).").format(
                option=option, low=low, high=high, value=value
            )
        )
    return value


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(_("--seed must be a whole number (got {value}).").format(value=seed))
    return seed


# --------------------------------------------------------------------------- the sample team


class _Story:
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


def _sample_agreements(story: _Story) -> dict[int, TrustAgreement]:
    """One trust agreement per member; Priya, Aiko and Kwame have earlier versions."""
    day, at = story.day, story.at
    weekly_1on1 = _("A weekly 1:1, and Slack for anything urgent.")
    agreements = {
        PRIYA: _agreement(
            PRIYA,
            [
                (
                    at(430),
                    AgreementTerms(
                        levels={
                            HIRING: _area(4, "D3", "D3"),
                            TOOLING: _area(5, "D4", "D4"),
                            RELEASE: _area(5, "D4", "D4"),
                            BUDGET: _area(3, "D2", "D3"),
                            ESCALATIONS: _area(4, "D3", "D3"),
                        },
                        cadence="weekly",
                        channel=weekly_1on1,
                        support=_("Air cover with other teams, and budget questions answered within a day."),
                        guardrails=[_("Escalate any spend over 1k.")],
                        growth_goals=[_("Lead hiring for the platform team.")],
                        last_review=day(-430),
                        acknowledged=True,
                    ),
                ),
                (
                    at(220),
                    AgreementTerms(
                        levels={
                            HIRING: _area(5, "D4", "D4"),
                            TOOLING: _area(6, "D4", "D4"),
                            RELEASE: _area(6, "D4", "D4"),
                            BUDGET: _area(4, "D3", "D3"),
                            ESCALATIONS: _area(5, "D4", "D3"),
                        },
                        cadence="biweekly",
                        channel=_("A 1:1 every other Tuesday; Slack in between."),
                        support=_("Air cover with other teams, and budget questions answered within a day."),
                        guardrails=[_("Escalate any spend over 1k.")],
                        growth_goals=[_("Lead hiring for the platform team.")],
                        last_review=day(-220),
                        acknowledged=True,
                    ),
                ),
                (
                    at(35, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(5, "D4", "D4", desired=6, by=day(120)),
                            TOOLING: _area(6, "D4", "D4"),
                            RELEASE: _area(6, "D4", "D4"),
                            BUDGET: _area(4, "D3", "D3", desired=5, by=day(90)),
                            ESCALATIONS: _area(5, "D4", "D3"),
                        },
                        cadence="monthly",
                        channel=_("A monthly 1:1; Slack whenever she wants a second opinion."),
                        support=_("Air cover with other teams, and budget questions answered within a day."),
                        guardrails=[_("Escalate any spend over 1k."), _("Tell me before a release is rolled back.")],
                        growth_goals=[
                            _("Grow into the technical lead of the platform group."),
                            _("Own the backend hiring loop end to end."),
                        ],
                        last_review=day(-35),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
        AIKO: _agreement(
            AIKO,
            [
                (
                    at(200),
                    AgreementTerms(
                        levels={
                            HIRING: _area(3, "D2", "D2"),
                            TOOLING: _area(4, "D3", "D3"),
                            BUDGET: _area(3, "D2", "D2"),
                            ESCALATIONS: _area(4, "D3", "D3"),
                        },
                        cadence="weekly",
                        channel=weekly_1on1,
                        support=_("A design review slot with me whenever she asks for one."),
                        growth_goals=[_("Run design critiques for the whole product team.")],
                        last_review=day(-200),
                        acknowledged=True,
                    ),
                ),
                (
                    at(110, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(4, "D3", "D3", desired=5, by=day(150)),
                            TOOLING: _area(5, "D4", "D4"),
                            BUDGET: _area(3, "D2", "D3"),
                            ESCALATIONS: _area(4, "D3", "D4"),
                        },
                        cadence="biweekly",
                        channel=_("A 1:1 every other Thursday; Slack in between."),
                        support=_("A design review slot with me whenever she asks for one."),
                        growth_goals=[_("Run design critiques for the whole product team.")],
                        last_review=day(-110),
                        acknowledged=True,
                    ),
                ),
                (
                    at(20, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(4, "D3", "D3", desired=5, by=day(150)),
                            TOOLING: _area(5, "D4", "D4"),
                            BUDGET: _area(4, "D3", "D3", desired=5, by=day(60)),
                            ESCALATIONS: _area(4, "D3", "D3"),
                        },
                        cadence="biweekly",
                        channel=_("A 1:1 every other Thursday; Slack in between."),
                        support=_("A design review slot with me whenever she asks for one."),
                        guardrails=[_("Design-tool spend over 1k goes through me.")],
                        growth_goals=[
                            _("Run design critiques for the whole product team."),
                            _("Take over the design-tools budget."),
                        ],
                        last_review=day(-20),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
        JONAS: _agreement(
            JONAS,
            [
                (
                    at(50, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(3, "D2", "D2"),
                            TOOLING: _area(4, "D3", "D3"),
                            RELEASE: _area(4, "D3", "D3", desired=5, by=day(100)),
                            ESCALATIONS: _area(3, "D2", "D2"),
                        },
                        cadence="weekly",
                        channel=weekly_1on1,
                        support=_("Pairing with Priya on search internals when he asks."),
                        guardrails=[_("Customer-facing changes go through the release checklist.")],
                        growth_goals=[_("Own the search platform end to end.")],
                        last_review=day(-50),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
        DIEGO: _agreement(
            DIEGO,
            [
                (
                    at(60, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(3, "D2", "D2"),
                            TOOLING: _area(5, "D4", "D4"),
                            RELEASE: _area(5, "D4", "D4"),
                            BUDGET: _area(3, "D2", "D2", desired=4, by=day(90)),
                            ESCALATIONS: _area(5, "D3", "D3"),
                        },
                        cadence="weekly",
                        channel=weekly_1on1,
                        support=_("Backing in incident reviews, and time to fix what they find."),
                        guardrails=[_("Database upgrades need a tested rollback plan.")],
                        growth_goals=[_("Lead the incident-review practice."), _("Coach Kwame on on-call.")],
                        last_review=day(-60),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
        FATIMA: _agreement(
            FATIMA,
            [
                (
                    at(45, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(3, "D2", "D2"),
                            TOOLING: _area(4, "D3", "D3"),
                            RELEASE: _area(4, "D3", "D3", desired=5, by=day(75)),
                            BUDGET: _area(2, "D1", "D2"),
                            ESCALATIONS: _area(4, "D3", "D3"),
                        },
                        cadence="weekly",
                        channel=weekly_1on1,
                        support=_("A say in the release calendar, and a budget line for test devices."),
                        guardrails=[_("No release goes out with a failing smoke test.")],
                        growth_goals=[_("Make release testing fully automated.")],
                        last_review=day(-45),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
        TOMASZ: _agreement(
            TOMASZ,
            [
                (
                    at(70, 11),
                    AgreementTerms(
                        levels={
                            HIRING: _area(3, "D2", "D2"),
                            TOOLING: _area(3, "D4", "D4"),
                            RELEASE: _area(4, "D3", "D3", desired=5, by=day(90)),
                            BUDGET: _area(3, "D2", "D2"),
                            ESCALATIONS: _area(4, "D3", "D3"),
                        },
                        cadence="biweekly",
                        channel=_("A 1:1 every other Monday."),
                        support=_("Time set aside for platform work every sprint."),
                        guardrails=[_("Changes to the build servers are announced a day ahead.")],
                        growth_goals=[_("Lead the move from Jenkins to hosted CI.")],
                        last_review=day(-70),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
        LENA: _agreement(
            LENA,
            [
                (
                    at(250, 11),
                    AgreementTerms(
                        levels={
                            TOOLING: _area(4, "D3", "D3"),
                            RELEASE: _area(3, "D2", "D2"),
                            BUDGET: _area(3, "D2", "D2"),
                            ESCALATIONS: _area(5, "D4", "D4", desired=6, by=day(100)),
                        },
                        cadence="weekly",
                        channel=weekly_1on1,
                        support=_("A direct line to engineering for priority-one tickets."),
                        guardrails=[_("Refunds over 500 need my sign-off.")],
                        growth_goals=[_("Build a self-service help centre.")],
                        last_review=day(-250),
                        acknowledged=False,
                    ),
                ),
            ],
        ),
        KWAME: _agreement(
            KWAME,
            [
                (
                    at(55, 11),
                    AgreementTerms(
                        levels={
                            TOOLING: _area(2, "D1", "D2"),
                            RELEASE: _area(1, "D1", "D1"),
                            BUDGET: _area(1, "D1", "D1"),
                            ESCALATIONS: _area(1, "D1", "D2"),
                        },
                        cadence="daily",
                        channel=_("A short daily chat for the first weeks; Slack any time."),
                        support=_("A buddy (Priya), and pairing sessions twice a week."),
                        guardrails=[_("Ask before touching production data.")],
                        growth_goals=[_("Ship a first feature end to end.")],
                        review_every_days=30,
                        last_review=day(-55),
                        acknowledged=True,
                    ),
                ),
                (
                    at(12, 11),
                    AgreementTerms(
                        levels={
                            TOOLING: _area(3, "D2", "D2", desired=4, by=day(60)),
                            RELEASE: _area(2, "D1", "D2", desired=3, by=day(90)),
                            BUDGET: _area(1, "D1", "D1"),
                            ESCALATIONS: _area(2, "D2", "D4"),
                        },
                        cadence="twice-weekly",
                        channel=_("Two short check-ins a week; Slack any time."),
                        support=_("A buddy (Priya), pairing sessions, and Diego for on-call questions."),
                        guardrails=[_("Ask before touching production data.")],
                        growth_goals=[
                            _("Ship a first feature end to end."),
                            _("Join the on-call rotation by the end of the quarter."),
                        ],
                        review_every_days=60,
                        last_review=day(-12),
                        acknowledged=True,
                    ),
                ),
            ],
        ),
    }
    return agreements


def _weekdays(story: _Story, days_ago: Iterable[int]) -> list[int]:
    return [d for d in days_ago if story.day(-d).weekday() < 5]


def _sample_history(story: _Story) -> None:
    """About four months of work: the tasks, and what happened to them and their owners."""
    s = story
    open_, doing, blocked, done = TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE
    general = [
        _("Went through the sprint goals."),
        _("Talked through blockers; nothing needed from me."),
        _("Caught up on priorities for the week."),
        _("Quick status; all on track."),
    ]

    # Priya: a senior engineer trusted with most decisions.
    s.task(_("Run the interview loop for the senior backend engineer role"), PRIYA, HIRING, 5, doing, 40, 21)
    s.task(_("Choose a feature-flag service to replace the homegrown toggles"), PRIYA, TOOLING, 6, open_, 30, 30)
    release = s.task(_("Cut and ship release 4.12"), PRIYA, RELEASE, 6, doing, 45, -10)
    # Shipped, then archived to the manager's list: a finished task filed away is not a take-back.
    s.set_status(release, 10, done)
    s.reassign(release, 9, MANAGER, None)
    s.task(_("Plan the load-test budget for next quarter"), PRIYA, BUDGET, 4, open_, 20, 14)
    mentoring = s.task(_("Mentor Kwame through his first on-call shifts"), MANAGER, ESCALATIONS, 3, open_, 50)
    s.review(PRIYA, 35, _("Relaxed check-ins to monthly; next step is owning the hiring decisions."))
    s.note(PRIYA, 34, _("Priya would like to move towards a tech lead role; talk about scope next time."))
    s.reassign(mentoring, 30, PRIYA, _("Priya offered to mentor Kwame; it is hers now."), hour=14)
    s.set_level(mentoring, 30, 5, _("She decides how to run the mentoring; I only give advice."), hour=15)
    s.tasks[mentoring].status = doing
    s.checkins(PRIYA, [8, 38, 68, 98], general)
    s.asked(PRIYA, 16, _("Priya asked for a second opinion on the flag-service shortlist."))
    s.pulse(PRIYA, 14, 5)

    # Aiko: a designer whose levels grew at each review.
    study = s.task(_("Run the usability study for the new onboarding flow"), AIKO, None, 5, doing, 35, 10)
    s.task(_("Pick a design-system tooling vendor"), AIKO, TOOLING, 5, open_, 25, 25)
    s.task(_("Interview product designer candidates"), AIKO, HIRING, 4, open_, 15, 18)
    tools_budget = s.task(_("Plan the design-tools budget for next year"), AIKO, BUDGET, 3, open_, 50, 40)
    s.task(_("Refresh the empty-state illustrations"), AIKO, None, 6, done, 70, -20)
    s.review(AIKO, 110, _("Check-ins every two weeks from now on; Tooling is hers."))
    s.review(AIKO, 20, _("Raised Budget to 4 Agree; she takes the design-tools budget."))
    s.set_level(tools_budget, 20, 4, _("Raised with her Budget level at the review."), hour=11)
    s.checkins(AIKO, range(5, 120, 14), general)
    # Aiko's holiday: her usability study came to the manager while she was away, and went back.
    s.reassign(study, 28, MANAGER, None)
    s.reassign(study, 23, AIKO, _("Back from holiday."))

    # Jonas: capable, but followed up far more often than his weekly agreement says.
    search = s.task(_("Migrate product search to OpenSearch 2"), JONAS, TOOLING, 4, doing, 60, 9)
    webhooks = s.task(_("Fix the flaky payment-webhook retries"), JONAS, ESCALATIONS, 4, blocked, 55, -3)
    runbook = s.task(_("Write the runbook for the search cluster"), JONAS, RELEASE, 4, open_, 30, 5)
    s.review(JONAS, 50, _("First written agreement; weekly 1:1s, Tooling and Release at 4 Agree."))
    s.set_level(webhooks, 40, 3, _("A customer is affected: we agreed Jonas consults me before replying."))
    s.set_due(runbook, 10, 20, _("Moved after the migration, as Jonas suggested."))
    s.note(JONAS, 20, _("Jonas seemed stressed about the search migration deadline."))
    pestering = [
        _("Asked again how the search migration is going."),
        _("Wanted the latest numbers on the search cut-over."),
        _("Asked for a status update before standup."),
    ]
    s.checkins(JONAS, [1, 3, 6, 8, 10, 13, 15, 20, 24], pestering, task=search)
    s.checkins(JONAS, [29, 31, 33, 36, 38, 42, 45, 48], pestering, task=search)
    s.checkins(JONAS, range(55, 120, 7), general)

    # Diego: an SRE whose production release decision was overridden.
    upgrade = s.task(_("Roll out the Postgres 16 upgrade to production"), DIEGO, RELEASE, 5, doing, 45, 5)
    ci = s.task(_("Cut CI build time below ten minutes"), DIEGO, TOOLING, 5, open_, 65, 40)
    s.task(_("Write the post-incident review for the checkout outage"), DIEGO, ESCALATIONS, 5, open_, 6, 7)
    s.review(DIEGO, 60, _("Release and Tooling at 5 Advise; Budget stays with me for now."))
    s.set_level(ci, 25, 6, _("Diego has run the CI work well; he decides and tells me afterwards."))
    s.on_task(EventKind.OVERRIDE, upgrade, 18, _("Held the rollout until after the customer demo on Friday."))
    s.note(DIEGO, 17, _("Diego was frustrated that the rollout was held."))
    # The checkout outage: an override during an incident is reported, as info, with its context.
    s.on_task(
        EventKind.OVERRIDE,
        upgrade,
        6,
        _("Rolled back the connection-pool change during the checkout outage."),
        context=EventContext.INCIDENT,
        hour=23,
    )
    s.checkins(DIEGO, range(4, 120, 7), general)

    # Fatima: a QA lead whose task was taken back without a word.
    e2e = s.task(_("Rewrite the flaky checkout end-to-end tests"), FATIMA, TOOLING, 4, doing, 40, 10)
    s.task(_("Define the release smoke-test checklist"), FATIMA, RELEASE, 4, open_, 28, 12)
    s.task(_("Triage the backlog of customer-reported bugs"), FATIMA, ESCALATIONS, 4, doing, 20, 8)
    licences = s.task(_("Buy device-lab licences for mobile testing"), FATIMA, BUDGET, 2, open_, 16, 15)
    s.review(FATIMA, 45, _("Agreed Release goes to 5 Advise once the smoke tests are automated."))
    s.reassign(e2e, 13, MANAGER, None)
    s.on_task(EventKind.APPROVAL, licences, 9, _("Signed off the quote before she ordered."))
    s.note(FATIMA, 5, _("Fatima asked why the checkout tests were moved to me."))
    s.checkins(FATIMA, range(2, 120, 7), general)

    # Tomasz: self-reliant in Tooling, yet the agreement keeps the decisions with the manager.
    s.task(_("Evaluate GitHub Actions as a Jenkins replacement"), TOMASZ, TOOLING, 3, doing, 35, 30)
    s.task(_("Automate the staging database refresh"), TOMASZ, TOOLING, 3, open_, 22, 21)
    s.task(_("Ship the Terraform module for preview environments"), TOMASZ, RELEASE, 4, done, 75, -15)
    disks = s.task(_("Order replacement disks for the build servers"), TOMASZ, BUDGET, 3, done, 50, -25)
    s.review(TOMASZ, 70, _("Kept Tooling at 3 Consult while the CI evaluation runs."))
    s.on_task(EventKind.APPROVAL, disks, 45, _("Approved the order."))
    s.on_task(EventKind.OVERRIDE, disks, 44, _("Went with the vendor we already have a contract with."))
    s.note(TOMASZ, 25, _("Tomasz ran the Jenkins evaluation better than I would have."))
    s.checkins(TOMASZ, range(6, 120, 14), general)

    # Lena: a support engineer whose agreement has not been looked at for months.
    s.task(_("Answer the enterprise SSO escalation from Northwind"), LENA, ESCALATIONS, 5, doing, 5, 2)
    s.task(_("Build the support macro library"), LENA, TOOLING, 4, open_, 33, 35)
    s.task(_("Write the known-issues page for release 4.12"), LENA, RELEASE, 3, done, 45, -9)
    s.note(LENA, 60, _("Lena asked when we will go through her agreement together."))
    s.checkins(LENA, range(3, 120, 7), general)

    # Kwame: the new joiner, more confident than the manager thinks he is.
    s.review(KWAME, 55, _("First agreement on day one: daily chats while he settles in."))
    structured_logs = s.task(_("Add structured logging to the billing worker"), KWAME, TOOLING, 2, doing, 30, 6)
    timezone_bug = s.task(_("Fix the time-zone bug in invoice emails"), KWAME, TOOLING, 3, open_, 18, 5)
    s.task(_("Shadow the on-call rotation"), KWAME, ESCALATIONS, 2, doing, 40)
    s.note(KWAME, 15, _("Kwame says he can handle escalations alone; I am not sure yet."))
    s.review(KWAME, 12, _("Moved to two check-ins a week; Tooling up to 3 Consult."))
    s.set_level(structured_logs, 12, 3, _("Raised with his Tooling level at the review."), hour=11)
    s.set_due(timezone_bug, 8, 12, _("Agreed to add regression tests first."))
    s.checkins(KWAME, _weekdays(s, range(54, 40, -1)), [_("Onboarding chat: environment set up.")])
    s.checkins(KWAME, [37, 33, 30, 26, 23, 19, 16, 12, 9, 5, 2], general)
    s.pulse(KWAME, 4, 2, _("I would like to take the escalations myself."))

    # The manager's own work.
    s.task(_("Prepare the headcount plan for next quarter"), MANAGER, HIRING, 3, open_, 25, 20)
    s.task(_("Negotiate the observability vendor renewal"), MANAGER, None, 2, doing, 30, 25)
    s.task(_("Write the engineering strategy one-pager"), MANAGER, None, 3, done, 100, -40)



def sample(seed: int, now: datetime) -> tuple[Workspace, list[Event]]:
    """A believable team of eight with five decision areas, 33 tasks and four months of events.

    Six people each show one pattern the rule engine flags (see :data:`SAMPLE_FLAGS`); Priya and
    Aiko are healthy delegations that trip nothing. ``seed`` varies the times of day and notes.
    """
    _check_seed(seed)
    now = utc(now)
    story = _Story(random.Random(seed), now)
    day = story.day
    people = [
        (PRIYA, "Priya Natarajan", _("Staff Engineer"), -2200),
        (AIKO, "Aiko Tanaka", _("Product Designer"), -940),
        (JONAS, "Jonas Lindqvist", _("Backend Engineer"), -1300),
        (DIEGO, "Diego Fernández", _("Site Reliability Engineer"), -1500),
        (FATIMA, "Fatima Al-Sayed", _("QA Lead"), -700),
        (TOMASZ, "Tomasz Kowalski", _("Platform Engineer"), -1100),
        (LENA, "Lena Fischer", _("Support Engineer"), -800),
        (KWAME, "Kwame Mensah", _("Junior Engineer"), -55),
    ]
    members = {mid: Member(id=mid, name=name, role=role, since=day(since)) for mid, name, role, since in people}
    holiday = AwayPeriod(start=day(-30), end=day(-24), reason=_("Autumn holiday."))
    members[AIKO] = members[AIKO].model_copy(update={"away": [holiday]})
    area_text = [
        (HIRING, _("Hiring"), _("Who joins the team: job descriptions, interview loops and offers.")),
        (TOOLING, _("Tooling"), _("The tools, libraries and services the team builds with.")),
        (RELEASE, _("Release to production"), _("When and how changes go live, and when to roll back.")),
        (BUDGET, _("Budget up to 1k"), _("Spending up to 1,000 without asking finance.")),
        (ESCALATIONS, _("Customer escalations"), _("How urgent customer problems are answered and fixed.")),
    ]
    areas = {aid: DecisionArea(id=aid, name=name, description=text) for aid, name, text in area_text}
    agreements = _sample_agreements(story)
    _sample_history(story)
    workspace = Workspace(manager="Sam Rivera", members=members, areas=areas, tasks=story.tasks, agreements=agreements)
    events = sorted(story.events, key=lambda event: event.at)
    return workspace, events


# --------------------------------------------------------------------------- large generated sets

_FIRST = (
    "Ada",
    "Ahmed",
    "Aiko",
    "Alejandro",
    "Amara",
    "Anders",
    "Ana",
    "Arjun",
    "Beatriz",
    "Bilal",
    "Camille",
    "Chen",
    "Chidi",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Eva",
    "Farah",
    "Felix",
    "Giulia",
    "Hana",
    "Hugo",
    "Imani",
    "Ines",
    "Ivan",
    "Jamal",
    "Jia",
    "Joao",
    "Julia",
    "Kai",
    "Kenji",
    "Layla",
    "Leila",
    "Liam",
    "Lucia",
    "Malik",
    "Maya",
    "Mei",
    "Mateo",
    "Nadia",
    "Naveen",
    "Nia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sana",
    "Sofia",
    "Tariq",
    "Thandiwe",
    "Tomas",
    "Uma",
    "Wei",
    "Yara",
    "Yusuf",
    "Zainab",
    "Zoe",
)
_LAST = (
    "Abebe",
    "Adeyemi",
    "Alvarez",
    "Andersen",
    "Bakker",
    "Banerjee",
    "Brown",
    "Castillo",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Haddad",
    "Hansen",
    "Hoang",
    "Ibrahim",
    "Ito",
    "Jansen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Laine",
    "Larsen",
    "Lopez",
    "Mbeki",
    "Mendes",
    "Moreau",
    "Mukherjee",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Okoye",
    "Olsen",
    "Park",
    "Patel",
    "Petrov",
    "Quispe",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Van Dijk",
    "Wang",
    "Weber",
    "Yilmaz",
    "Zhang",
)
_ROLES = (
    "Engineer",
    "Senior Engineer",
    "Staff Engineer",
    "Designer",
    "QA Engineer",
    "Site Reliability Engineer",
    "Data Analyst",
    "Product Manager",
    "Support Engineer",
)
_AREAS = (
    ("Hiring", "Job descriptions, interview loops and offers."),
    ("Tooling", "The tools and services the team builds with."),
    ("Release to production", "When and how changes go live."),
    ("Budget up to 1k", "Spending up to 1,000 without asking finance."),
    ("Customer escalations", "How urgent customer problems are answered."),
    ("Architecture", "How systems are structured and connected."),
    ("On-call", "Rotations, paging rules and incident response."),
    ("Roadmap", "What the team builds next quarter."),
    ("Vendors", "Which suppliers and services we contract."),
    ("Security", "Access, secrets and vulnerability fixes."),
    ("Onboarding", "How new joiners are welcomed and trained."),
    ("Team rituals", "Standups, retros and planning sessions."),
)
_VERBS = ("Review", "Migrate", "Document", "Fix", "Upgrade", "Design", "Automate", "Plan", "Test", "Refactor")
_OBJECTS = (
    "the billing service",
    "the search index",
    "the onboarding flow",
    "the CI pipeline",
    "the release checklist",
    "the on-call runbook",
    "the customer dashboard",
    "the data export",
    "the access policies",
    "the mobile app settings",
    "the payment retries",
    "the staging environment",
)
_NOTES = (
    "Talked through priorities.",
    "Asked about blockers.",
    "Shared feedback from the customer call.",
    "Discussed growth goals.",
    "Quick status update.",
)
_REASONS = (
    "Agreed in the 1:1.",
    "Priorities changed this sprint.",
    "The customer deadline moved.",
    "Workload rebalanced across the team.",
)
_KINDS = (
    EventKind.CHECKIN,
    EventKind.NOTE,
    EventKind.OVERRIDE,
    EventKind.APPROVAL,
    EventKind.REASSIGN,
    EventKind.LEVEL_CHANGE,
    EventKind.DUE_CHANGE,
    EventKind.REVIEW,
    EventKind.STATUS_CHANGE,
    EventKind.PULSE,
)
_WEIGHTS = (50, 20, 4, 5, 5, 6, 6, 4, 3, 2)
_TASK_KINDS = frozenset(
    {
        EventKind.OVERRIDE,
        EventKind.APPROVAL,
        EventKind.REASSIGN,
        EventKind.LEVEL_CHANGE,
        EventKind.DUE_CHANGE,
        EventKind.STATUS_CHANGE,
    }
)
_CADENCES = ("daily", "twice-weekly", "weekly", "weekly", "weekly", "biweekly", "biweekly", "monthly", "on-request")
_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE)
_LEVELS = tuple(DelegationLevel)
_READINESS = tuple(Readiness)


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names: shuffled first and last name pairs, numbered once they run out."""
    pairs = [f"{first} {last}" for first in _FIRST for last in _LAST]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] + ("" if i < len(pairs) else f" {i // len(pairs) + 1}") for i in range(count)]


def _large_agreement(rng: random.Random, member_id: int, area_ids: list[int], now: datetime) -> TrustAgreement:
    today = now.date()
    levels: dict[int, AreaAgreement] = {}
    for area_id in area_ids:
        if rng.random() < 0.2:
            continue
        level = rng.randint(1, 7)
        readiness = _READINESS[min(3, max(0, (level - 1) // 2 + rng.randint(-1, 1)))]
        self_step = min(3, max(0, readiness.step - 1 + rng.randint(-1, 1)))
        desired = rng.randint(level + 1, 7) if level < 7 and rng.random() < 0.3 else None
        levels[area_id] = AreaAgreement(
            level=_LEVELS[level - 1],
            desired=None if desired is None else _LEVELS[desired - 1],
            desired_by=None if desired is None else today + timedelta(days=rng.randint(-30, 180)),
            readiness=readiness,
            self_readiness=_READINESS[self_step],
        )
    last_review = today - timedelta(days=rng.randint(0, 200))
    return TrustAgreement(
        member_id=member_id,
        changed_at=datetime.combine(last_review, time(10, 0), tzinfo=timezone.utc),
        levels=levels,
        cadence=rng.choice(_CADENCES),
        channel="Weekly 1:1",
        growth_goals=[] if rng.random() < 0.15 else ["Take on a wider scope next quarter."],
        last_review=last_review,
        acknowledged=rng.random() < 0.8,
    )


def large(members: int, tasks: int, events: int, seed: int, now: datetime) -> tuple[Workspace, list[Event]]:
    """A generated workspace of exactly the given size, for benchmarks.

    Events (mostly check-ins and notes) are spread over the last twelve months; every task event
    comes after the task was created, and the level, owner and due chains match the tasks.
    """
    _check_count("--members", members, 1, MAX_MEMBERS)
    _check_count("--tasks", tasks, 0, MAX_TASKS)
    _check_count("--events", events, 0, MAX_EVENTS)
    _check_seed(seed)
    now = utc(now).replace(microsecond=0)
    today = now.date()
    rng = random.Random(seed)

    names = _names(rng, members)
    member_map = {
        i: Member(id=i, name=names[i - 1], role=rng.choice(_ROLES), since=today - timedelta(days=rng.randint(10, 3000)))
        for i in range(1, members + 1)
    }
    area_map = {
        i: DecisionArea(id=i, name=name, description=text)
        for i, (name, text) in enumerate(_AREAS[: rng.randint(8, 12)], start=1)
    }
    area_ids = list(area_map)
    agreements = {i: _large_agreement(rng, i, area_ids, now) for i in member_map}

    # Tasks: created over the last 18 months, ids in creation order; state kept in lists while events run.
    year = 365 * 86400
    created = sorted((rng.randint(86400, year * 3 // 2) for _ in range(tasks)), reverse=True)
    created_ts = [-seconds for seconds in created]  # seconds relative to now, ascending
    owners = [MANAGER if rng.random() < 0.08 else rng.randint(1, members) for _ in range(tasks)]
    levels = [rng.randint(1, 7) for _ in range(tasks)]
    dues: list[date | None] = [
        None if rng.random() < 0.2 else today + timedelta(days=rng.randint(-60, 90)) for _ in range(tasks)
    ]

    statuses = [rng.choices(_STATUSES, weights=(40, 25, 5, 30))[0] for _ in range(tasks)]
    moments = sorted((rng.randint(0, year) for _ in range(events)), reverse=True)
    kinds = rng.choices(_KINDS, weights=_WEIGHTS, k=events)
    event_list: list[Event] = []
    append = event_list.append
    for seconds, kind in zip(moments, kinds, strict=True):
        at = now - timedelta(seconds=seconds)
        available = bisect.bisect_right(created_ts, -seconds) if kind in _TASK_KINDS else 0
        if kind in _TASK_KINDS and available == 0:
            kind = EventKind.CHECKIN
        fields: dict[str, object] = {}
        if kind in _TASK_KINDS:
            index = rng.randrange(available)
            owner = owners[index]
            fields["task_id"] = index + 1
            fields["member_id"] = None if owner == MANAGER else owner
            if kind is EventKind.LEVEL_CHANGE:
                new_level = rng.randint(1, 6)
                new_level += new_level >= levels[index]
                fields["from_level"], fields["to_level"] = _LEVELS[levels[index] - 1], _LEVELS[new_level - 1]
                levels[index] = new_level
            elif kind is EventKind.REASSIGN:
                new_owner = rng.randint(0, members - 1)
                new_owner += new_owner >= owner
                fields["from_owner"], fields["to_owner"] = owner, new_owner
                fields["member_id"] = owner if owner != MANAGER else new_owner
                owners[index] = new_owner
            elif kind is EventKind.DUE_CHANGE:
                new_due = today + timedelta(days=rng.randint(-30, 120))
                if new_due == dues[index]:
                    new_due += timedelta(days=1)
                fields["from_due"], fields["to_due"] = dues[index], new_due
                dues[index] = new_due
            elif kind is EventKind.STATUS_CHANGE:
                new_status = rng.choice([status for status in _STATUSES if status is not statuses[index]])
                fields["from_status"], fields["to_status"] = statuses[index], new_status
                statuses[index] = new_status
            if kind is not EventKind.DUE_CHANGE and rng.random() < 0.3:
                fields["reason"] = rng.choice(_REASONS)
        else:
            fields["member_id"] = rng.randint(1, members)
            if kind is EventKind.PULSE:
                fields["score"] = rng.randint(1, 5)
            if kind is EventKind.NOTE or rng.random() < 0.3:
                fields["note"] = rng.choice(_NOTES)
        append(Event.model_validate({"kind": kind, "at": at, "recorded_at": at, **fields}))

    task_map = {
        i + 1: Task(
            id=i + 1,
            title=f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
            owner_id=owners[i],
            area_id=None if rng.random() < 0.05 else rng.choice(area_ids),
            level=_LEVELS[levels[i] - 1],
            status=statuses[i],
            due=dues[i],
            created_at=now + timedelta(seconds=created_ts[i]),
        )
        for i in range(tasks)
    }
    workspace = Workspace(
        manager="Morgan Lee", members=member_map, areas=area_map, tasks=task_map, agreements=agreements
    )
    return workspace, event_list
