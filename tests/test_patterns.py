"""Tests of the micromanagement rule engine (delegate_tui.patterns)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    Event,
    EventKind,
    FlagAck,
    InputError,
    Member,
    Readiness,
    RuleSettings,
    Settings,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
)
from delegate_tui.patterns import (
    RULES,
    Flag,
    Severity,
    evaluate,
    level_at,
    member_metrics,
    rule_params,
    team_metrics,
    validate_rule_setting,
)

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
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
        event = Event(id=f"ev-{len(self.events) + 1:04d}", kind=EventKind(kind), at=at, **fields)
        self.events.append(event)
        return event

    def checkins(self, member_id: int, count: int, start: float = 1, step: float = 1) -> list[Event]:
        return [self.event("checkin", ago(start + i * step), member_id=member_id) for i in range(count)]

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
    """Priya with a weekly agreement; one area, Tooling, agreed at 5."""
    b = Builder()
    priya = b.member("Priya")
    tooling = b.area("Tooling")
    b.agree(priya, levels={tooling: 5})
    return b


PRIYA = 1
TOOLING = 1


def only(flags: list[Flag]) -> Flag:
    assert len(flags) == 1, [flag.message for flag in flags]
    return flags[0]


# --------------------------------------------------------------------------- a healthy team


def healthy() -> Builder:
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


def test_a_healthy_team_raises_no_flag() -> None:
    assert healthy().flags() == []


# --------------------------------------------------------------------------- MM001 over-monitoring


def test_mm001_fires_above_one_and_a_half_times_the_cadence() -> None:
    b = team()
    b.checkins(PRIYA, 7)
    flag = only(b.rule("MM001"))
    assert flag.severity is Severity.WARNING
    assert flag.member == "Priya" and flag.member_id == PRIYA
    assert flag.message == "7 check-ins with Priya in the last 28 days; the agreed cadence (weekly) allows 4."
    assert "check in weekly as agreed" in flag.suggestion
    assert [e.kind for e in flag.evidence].count("event") == 7
    assert flag.evidence[-1].ref == "agreement.cadence"
    assert flag.evidence[0].text == f"{ago(7).date().isoformat()} check-in"


def test_mm001_does_not_fire_at_the_threshold() -> None:
    b = team()
    b.checkins(PRIYA, 6)
    assert b.rule("MM001") == []


def test_mm001_severity_steps_to_critical_at_three_times() -> None:
    b = team()
    b.checkins(PRIYA, 11, start=0.5, step=2)
    assert only(b.rule("MM001")).severity is Severity.WARNING
    b.checkins(PRIYA, 1, start=0.25)
    assert only(b.rule("MM001")).severity is Severity.CRITICAL


def test_mm001_counts_only_the_window_and_only_this_member() -> None:
    b = team()
    sam = b.member("Sam")
    b.checkins(PRIYA, 6)
    b.event("checkin", ago(28), member_id=PRIYA)  # exactly 28 days ago: outside the window
    b.event("checkin", ago(40), member_id=PRIYA)
    b.event("checkin", NOW + timedelta(hours=1), member_id=PRIYA)  # after now: ignored
    b.checkins(sam, 3)
    b.event("checkin", ago(2), task_id=None)  # no member
    assert b.rule("MM001") == []
    b.event("checkin", ago(27, 23), member_id=PRIYA, task_id=4)
    flag = only(b.rule("MM001"))
    assert f"{ago(27, 23).date().isoformat()} check-in on task #4" in [e.text for e in flag.evidence]


def test_mm001_without_an_agreement_assumes_weekly() -> None:
    b = Builder()
    omar = b.member("Omar")
    b.checkins(omar, 7)
    flag = only(b.rule("MM001"))
    assert flag.message == (
        "7 check-ins with Omar in the last 28 days; with no agreement yet, a weekly cadence would allow 4."
    )
    assert "trust agreement" in flag.suggestion
    assert all(e.kind == "event" for e in flag.evidence)


@pytest.mark.parametrize(
    ("cadence", "quiet", "loud"),
    [("daily", 42, 43), ("twice-weekly", 12, 13), ("biweekly", 3, 4), ("monthly", 1, 2), ("on-request", 1, 2)],
)
def test_mm001_uses_each_cadence_allowance(cadence: str, quiet: int, loud: int) -> None:
    b = team()
    b.agree(PRIYA, at=ago(20), cadence=cadence)
    b.checkins(PRIYA, quiet, start=0.1, step=0.5)
    assert b.rule("MM001") == []
    b.checkins(PRIYA, loud - quiet, start=0.05, step=0.01)
    assert only(b.rule("MM001")).rule == "MM001"


def test_mm001_on_request_suggestion_waits_for_the_member() -> None:
    b = team()
    b.agree(PRIYA, at=ago(20), cadence="on-request")
    b.checkins(PRIYA, 2)
    flag = only(b.rule("MM001"))
    assert "the agreed cadence (on-request) allows 1" in flag.message
    assert "wait for them to come to you" in flag.suggestion


def test_mm001_cadence_evidence_dates_from_when_the_cadence_was_set() -> None:
    b = Builder()
    priya = b.member("Priya")
    b.agree(priya, at=ago(200), cadence="daily")
    b.agree(priya, at=ago(100), cadence="weekly")
    b.agree(priya, at=ago(50), growth_goals=["Run the retro"])
    b.checkins(priya, 7)
    evidence = only(b.rule("MM001")).evidence[-1]
    assert evidence.at == ago(100)
    assert evidence.text == f"agreed check-in cadence: weekly, since {ago(100).date().isoformat()}"


def test_mm001_can_be_switched_off_and_tuned() -> None:
    b = team()
    b.checkins(PRIYA, 5)
    assert b.rule("MM001") == []
    b.configure("MM001", factor=1)
    assert only(b.rule("MM001")).severity is Severity.WARNING
    b.configure("MM001", factor=1, critical_factor=1.25)
    assert only(b.rule("MM001")).severity is Severity.CRITICAL
    b.configure("MM001", enabled=False, factor=1)
    assert b.rule("MM001") == []
    b.configure("MM001", window_days=7)  # weekly allows 1 in 7 days; 5 check-ins in the last 5 days
    assert only(b.rule("MM001")).severity is Severity.CRITICAL


# --------------------------------------------------------------------------- MM002 decision-overridden


def test_mm002_flags_each_override_on_a_delegated_task() -> None:
    b = team()
    task = b.task(PRIYA, 5, TOOLING, title="Choose the CI provider")
    first = b.event("override", ago(5), member_id=PRIYA, task_id=task)
    b.event("override", ago(3), member_id=PRIYA, task_id=task)
    flags = b.rule("MM002")
    assert len(flags) == 2 and len({flag.id for flag in flags}) == 2
    flag = next(flag for flag in flags if flag.evidence[0].ref == first.id)
    assert flag.severity is Severity.CRITICAL
    assert flag.task_id == task and flag.area == "Tooling" and flag.area_id == TOOLING
    assert flag.message == (
        f'On {ago(5).date().isoformat()} you overrode a decision on task #{task} "Choose the CI provider", '
        "which Priya held at level 5 Advise."
    )
    assert flag.evidence[0].at == ago(5)


def test_mm002_ignores_overrides_below_the_level() -> None:
    b = team()
    task = b.task(PRIYA, 4, TOOLING)
    b.event("override", ago(5), member_id=PRIYA, task_id=task)
    assert b.rule("MM002") == []
    b.configure("MM002", min_level=4)
    assert len(b.rule("MM002")) == 1


def test_mm002_uses_the_level_at_the_moment_of_the_override() -> None:
    b = team()
    raised = b.task(PRIYA, 6, TOOLING)  # now 6, but it was 3 when overridden
    lowered = b.task(PRIYA, 3, TOOLING)  # now 3, but it was 6 when overridden
    b.event("override", ago(10), member_id=PRIYA, task_id=raised)
    b.event("level_change", ago(5), task_id=raised, member_id=PRIYA, from_level=3, to_level=6)
    b.event("override", ago(10), member_id=PRIYA, task_id=lowered)
    b.event("level_change", ago(5), task_id=lowered, member_id=PRIYA, from_level=6, to_level=3, reason="too risky")
    assert [flag.task_id for flag in b.rule("MM002")] == [lowered]


def test_mm002_only_looks_back_ninety_days() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("override", ago(90), member_id=PRIYA, task_id=task)
    assert b.rule("MM002") == []
    b.event("override", ago(89, 23), member_id=PRIYA, task_id=task)
    assert len(b.rule("MM002")) == 1
    b.configure("MM002", lookback_days=120)
    assert len(b.rule("MM002")) == 2


def test_mm002_finds_the_member_through_the_task_owner() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("override", ago(2), task_id=task)
    assert only(b.rule("MM002")).member == "Priya"


def test_mm002_on_an_area_uses_the_agreement_in_force_then() -> None:
    b = Builder()
    priya = b.member("Priya")
    hiring = b.area("Hiring")
    b.agree(priya, at=ago(60), levels={hiring: 6})
    b.agree(priya, at=ago(20), levels={hiring: 3})
    b.event("override", ago(30), member_id=priya, area_id=hiring)  # while 6 was agreed
    b.event("override", ago(10), member_id=priya, area_id=hiring)  # after it went down to 3
    b.event("override", ago(70), member_id=priya, area_id=hiring)  # before any agreement
    flag = only(b.rule("MM002"))
    assert flag.area == "Hiring" and flag.task_id is None
    assert flag.message == (
        f"On {ago(30).date().isoformat()} you overrode a decision of Priya in Hiring, "
        "where the agreed level was 6 Inquire."
    )


def test_mm002_flag_id_is_the_override_and_stays_stable() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("override", ago(5), member_id=PRIYA, task_id=task)
    today = only(b.rule("MM002")).id
    assert today.startswith("MM002-") and len(today) == len("MM002-") + 8
    assert only(b.rule("MM002", now=NOW + timedelta(days=3))).id == today


# --------------------------------------------------------------------------- MM003 approval-on-delegated


def test_mm003_one_flag_per_task_with_every_approval() -> None:
    b = team()
    task = b.task(PRIYA, 5, TOOLING, title="Plan the sprint")
    other = b.task(PRIYA, 6, TOOLING)
    b.event("approval", ago(20), member_id=PRIYA, task_id=task)
    b.event("approval", ago(4), member_id=PRIYA, task_id=task)
    b.event("approval", ago(4), member_id=PRIYA, task_id=other)
    flags = {flag.task_id: flag for flag in b.rule("MM003")}
    assert set(flags) == {task, other}
    assert flags[task].severity is Severity.WARNING
    assert len(flags[task].evidence) == 2
    assert flags[task].message == (
        f'You required your approval on task #{task} "Plan the sprint" 2 times in the last 90 days, '
        "although Priya holds it at level 5 Advise."
    )
    assert " once in the last 90 days" in flags[other].message


def test_mm003_ignores_approvals_below_the_level_then() -> None:
    b = team()
    task = b.task(PRIYA, 5, TOOLING)
    b.event("level_change", ago(10), task_id=task, from_level=4, to_level=5, reason="ready")
    b.event("approval", ago(12), member_id=PRIYA, task_id=task)  # at level 4 then
    b.event("approval", ago(100), member_id=PRIYA, task_id=task)  # too long ago
    assert b.rule("MM003") == []
    b.event("approval", ago(9), member_id=PRIYA, task_id=task)
    assert len(only(b.rule("MM003")).evidence) == 1


# --------------------------------------------------------------------------- MM004 taken-back


def test_mm004_reassign_to_the_manager_without_reason() -> None:
    b = team()
    task = b.task(MANAGER, 5, TOOLING)
    b.event("reassign", ago(5), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    flag = only(b.rule("MM004"))
    assert flag.severity is Severity.WARNING
    assert flag.message == (
        "You took work back from Priya once in the last 90 days, outside a review and without a reason."
    )
    assert flag.evidence[0].text == f"{ago(5).date().isoformat()} task #{task} moved from Priya to you without a reason"


def test_mm004_excuses_a_reason_a_review_or_a_move_to_someone_else() -> None:
    b = team()
    sam = b.member("Sam")
    task = b.task(MANAGER, 5, TOOLING)
    b.event("reassign", ago(5), task_id=task, from_owner=PRIYA, to_owner=MANAGER, reason="Priya is on leave")
    b.event("reassign", ago(6), task_id=task, from_owner=PRIYA, to_owner=MANAGER, reason="  ")
    b.event("review", ago(6, -2), member_id=PRIYA)  # same day, later hour
    b.event("reassign", ago(7), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    b.event("review", ago(7, 1), member_id=None)  # a team review that day
    b.event("reassign", ago(8), task_id=task, from_owner=PRIYA, to_owner=sam)
    b.event("reassign", ago(9), task_id=task, from_owner=MANAGER, to_owner=MANAGER)
    b.event("reassign", ago(91), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    assert b.rule("MM004") == []
    b.event("review", ago(11), member_id=sam)  # someone else's review does not excuse it
    b.event("reassign", ago(11), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    assert len(only(b.rule("MM004")).evidence) == 1


def test_mm004_counts_lowering_by_two_levels() -> None:
    b = team()
    task = b.task(PRIYA, 4, TOOLING)
    b.event("level_change", ago(5), task_id=task, member_id=PRIYA, from_level=6, to_level=5)
    assert b.rule("MM004") == []
    b.event("level_change", ago(4), task_id=task, from_level=6, to_level=4)  # member from the task owner
    flag = only(b.rule("MM004"))
    assert flag.member == "Priya"
    assert "lowered from level 6 Inquire to 4 Agree" in flag.evidence[0].text
    b.configure("MM004", min_drop=1)
    assert len(only(b.rule("MM004")).evidence) == 2


def test_mm004_is_critical_at_two_in_the_window() -> None:
    b = team()
    task = b.task(MANAGER, 5, TOOLING)
    b.event("reassign", ago(80), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    b.event("level_change", ago(2), task_id=b.task(PRIYA, 2, TOOLING), from_level=5, to_level=2)
    flag = only(b.rule("MM004"))
    assert flag.severity is Severity.CRITICAL
    assert "2 times in the last 90 days" in flag.message
    # Ten days on, the first one has left the window: a warning again, same flag id.
    later = only(b.rule("MM004", now=NOW + timedelta(days=11)))
    assert later.severity is Severity.WARNING and later.id == flag.id
    b.configure("MM004", critical_count=3)
    assert only(b.rule("MM004")).severity is Severity.WARNING


# --------------------------------------------------------------------------- MM005 below-agreement


def test_mm005_open_task_below_the_agreed_level() -> None:
    b = team()
    task = b.task(PRIYA, 3, TOOLING, title="Pick a linter")
    b.event("level_change", ago(12), task_id=task, from_level=5, to_level=3, reason="new tool")
    flag = only(b.rule("MM005"))
    assert flag.severity is Severity.WARNING and flag.task_id == task
    assert flag.message == (
        f'Task #{task} "Pick a linter" is delegated to Priya at level 3 Consult, below the level 5 Advise agreed '
        "for Tooling."
    )
    assert flag.evidence[0].ref == f"task #{task}" and flag.evidence[0].at == ago(12)
    assert flag.evidence[1].ref == f"agreement.levels.{TOOLING}"


def test_mm005_ignores_matching_done_manager_and_arealess_tasks() -> None:
    b = team()
    other = b.area("Budget")
    b.task(PRIYA, 5, TOOLING)
    b.task(PRIYA, 7, TOOLING)
    b.task(PRIYA, 2, TOOLING, status=TaskStatus.DONE)
    b.task(MANAGER, 2, TOOLING)
    b.task(PRIYA, 1)
    b.task(PRIYA, 1, other)  # no agreed level for Budget
    assert b.rule("MM005") == []
    b.task(PRIYA, 4, TOOLING, status=TaskStatus.BLOCKED)
    assert len(b.rule("MM005")) == 1
    b.configure("MM005", min_gap=2)
    assert b.rule("MM005") == []


# --------------------------------------------------------------------------- MM006 over-supervision


@pytest.mark.parametrize(
    ("readiness", "level", "fires"),
    [
        (Readiness.D3, 3, True),
        (Readiness.D3, 4, False),
        (Readiness.D4, 4, True),
        (Readiness.D4, 5, False),
        (Readiness.D2, 1, False),
        (None, 1, False),
    ],
)
def test_mm006_ready_member_held_at_a_low_level(readiness: Readiness | None, level: int, fires: bool) -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=level, readiness=readiness)})
    flags = b.rule("MM006")
    assert len(flags) == int(fires)
    if fires:
        assert flags[0].area == "Tooling"
        assert flags[0].message == (
            f"You rate Priya {readiness.value if readiness else ''} in Tooling, yet the agreed level there is only "
            f"{DelegationLevel(level).display}."
        )


def test_mm006_suggests_the_next_level_and_can_be_tuned() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=2, readiness=Readiness.D4)})
    assert "offer level 5 Advise in Tooling" in only(b.rule("MM006")).suggestion
    b.configure("MM006", d4_max_level=1)
    assert b.rule("MM006") == []


# --------------------------------------------------------------------------- MM007 dictated-deadline


def test_mm007_due_change_on_delegated_task() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING, title="Migrate the wiki")
    b.event("due_change", ago(3), task_id=task, member_id=PRIYA, from_due=day_ago(-14), to_due=day_ago(-7))
    flag = only(b.rule("MM007"))
    assert flag.severity is Severity.INFO
    assert flag.message == (
        f'You changed the due date of task #{task} "Migrate the wiki" once in the last 90 days, while Priya held '
        "it at level 6 Inquire."
    )
    assert f"moved from {day_ago(-14).isoformat()} to {day_ago(-7).isoformat()}" in flag.evidence[0].text


def test_mm007_ignores_low_levels_and_old_changes() -> None:
    b = team()
    low = b.task(PRIYA, 4, TOOLING)
    high = b.task(PRIYA, 5, TOOLING)
    b.event("due_change", ago(3), task_id=low, to_due=day_ago(-7))
    b.event("due_change", ago(95), task_id=high, to_due=day_ago(-7))
    assert b.rule("MM007") == []
    b.event("due_change", ago(2), task_id=high, to_due=None)
    assert "removed" in only(b.rule("MM007")).evidence[0].text


# --------------------------------------------------------------------------- MM008 no-autonomy


def test_mm008_member_without_any_decision() -> None:
    b = Builder()
    ana = b.member("Ana", since=day_ago(91))
    hiring = b.area("Hiring")
    b.agree(ana, levels={hiring: 3})
    b.task(ana, 3, hiring)
    b.task(ana, 5, hiring, status=TaskStatus.DONE)  # done work does not count
    flag = only(b.rule("MM008"))
    assert flag.severity is Severity.WARNING
    assert flag.message == (
        "Ana has been on the team for 91 days but holds no open task and no decision area at level 4 Agree or higher."
    )
    assert [e.ref for e in flag.evidence] == ["task #1", "agreement.levels"]


def test_mm008_does_not_fire_with_one_decision_or_a_short_tenure() -> None:
    b = Builder()
    ana = b.member("Ana", since=day_ago(90))  # not over 90 days yet
    b.member("Bo", since=None)  # unknown start: skipped
    carl = b.member("Carl", since=day_ago(400))
    dee = b.member("Dee", since=day_ago(400))
    hiring = b.area("Hiring")
    b.task(ana, 1, hiring)
    b.task(carl, 4, hiring)
    b.agree(dee, levels={hiring: 4})
    assert b.rule("MM008") == []
    b.configure("MM008", tenure_days=30, min_level=5)
    assert {flag.member for flag in b.rule("MM008")} == {"Ana", "Carl", "Dee"}


# --------------------------------------------------------------------------- MM009 stale-agreement


def test_mm009_overdue_review() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), last_review=day_ago(91))
    flag = only(b.rule("MM009"))
    assert flag.severity is Severity.WARNING
    assert flag.message == (
        f"Priya's trust agreement was due for review on {day_ago(1).isoformat()} "
        f"(last reviewed {day_ago(91).isoformat()}, every 90 days)."
    )
    b.agree(PRIYA, at=ago(4), last_review=day_ago(90))  # due today: not overdue yet
    assert b.rule("MM009") == []
    b.agree(PRIYA, at=ago(3), review_every_days=30)
    assert len(b.rule("MM009")) == 1


def test_mm009_is_critical_when_never_acknowledged() -> None:
    b = Builder()
    priya = b.member("Priya")
    b.agree(priya, at=ago(100), acknowledged=False, last_review=None)
    flag = only(b.rule("MM009"))
    assert flag.severity is Severity.CRITICAL
    assert "has never been reviewed; the first review was due on" in flag.message
    assert "agreement.acknowledged" in [e.ref for e in flag.evidence]
    # Acknowledged once, in an earlier version: a warning only.
    b.agree(priya, at=ago(99), acknowledged=True)
    b.agree(priya, at=ago(98), acknowledged=False, growth_goals=["Lead the migration"])
    assert only(b.rule("MM009")).severity is Severity.WARNING


def test_mm009_never_reviewed_starts_from_the_first_version() -> None:
    b = Builder()
    priya = b.member("Priya")
    b.agree(priya, at=ago(89), last_review=None)
    b.agree(priya, at=ago(2), cadence="biweekly")
    assert b.rule("MM009") == []
    assert len(b.rule("MM009", now=NOW + timedelta(days=2))) == 1


def test_mm009_no_agreement_yet_after_the_grace_period() -> None:
    b = Builder()
    b.member("New", since=day_ago(30))
    b.member("Old", since=day_ago(31))
    b.member("Unknown", since=None)
    flags = {flag.member: flag for flag in b.rule("MM009")}
    assert set(flags) == {"Old", "Unknown"}
    assert flags["Old"].message == "Old has no trust agreement yet, 31 days after joining the team."
    assert flags["Unknown"].message == "Unknown has no trust agreement yet."
    assert flags["Old"].severity is Severity.WARNING


def test_mm009_a_new_review_period_is_a_new_finding() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), last_review=day_ago(100))
    first = only(b.rule("MM009")).id
    assert only(b.rule("MM009", now=NOW + timedelta(days=5))).id == first
    b.agree(PRIYA, at=ago(4), last_review=day_ago(95))
    assert only(b.rule("MM009")).id != first


# --------------------------------------------------------------------------- MM010 no-growth


def test_mm010_no_growth_goal() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), growth_goals=[" "])
    flag = only(b.rule("MM010"))
    assert flag.severity is Severity.INFO
    assert flag.message == "Priya's trust agreement has no growth goal and no desired level for any area."
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=5, desired=6)})  # a desired level is a goal
    assert b.rule("MM010") == []


def test_mm010_desired_level_date_passed() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=3, desired=5, desired_by=day_ago(1))})
    flag = only(b.rule("MM010"))
    assert flag.area == "Tooling"
    assert flag.message == (
        f"Priya was to reach level 5 Advise in Tooling by {day_ago(1).isoformat()}, but the agreed level is still "
        "3 Consult."
    )
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=3, desired=5, desired_by=TODAY)})
    assert b.rule("MM010") == []
    b.agree(PRIYA, at=ago(3), levels={TOOLING: AreaAgreement(level=5, desired=5, desired_by=day_ago(1))})
    assert b.rule("MM010") == []


def test_mm010_skips_members_without_an_agreement() -> None:
    b = Builder()
    b.member("Omar")
    assert b.rule("MM010") == []


# --------------------------------------------------------------------------- MM011 bottleneck


def test_mm011_manager_owns_too_much() -> None:
    b = team()
    for _ in range(3):
        b.task(MANAGER, 2)
    b.task(PRIYA, 5, TOOLING)
    b.task(PRIYA, 5, TOOLING)
    b.task(MANAGER, 2, status=TaskStatus.DONE)
    flag = only(b.rule("MM011"))
    assert flag.member_id is None and flag.member is None and flag.area is None
    assert flag.severity is Severity.WARNING
    assert flag.message == "You own 3 of the 5 open tasks (60%); the limit is 40%."
    assert len(flag.evidence) == 3


def test_mm011_share_threshold_and_minimum_size() -> None:
    b = team()
    b.task(MANAGER, 2)
    b.task(MANAGER, 2)
    for _ in range(3):
        b.task(PRIYA, 5, TOOLING)
    assert b.rule("MM011") == []  # exactly 40%
    b.ws.tasks[3].status = TaskStatus.DONE
    assert b.rule("MM011") == []  # 50%, but only 4 open tasks
    b.configure("MM011", min_open_tasks=4)
    assert len(b.rule("MM011")) == 1


def test_mm011_area_where_nobody_decides() -> None:
    b = Builder()
    priya, sam, omar = b.member("Priya"), b.member("Sam"), b.member("Omar")
    budget, tooling = b.area("Budget"), b.area("Tooling")
    b.agree(priya, levels={budget: 1, tooling: 2})
    b.agree(sam, levels={budget: 2})
    b.agree(omar, levels={tooling: 5})
    flag = only(b.rule("MM011"))
    assert flag.area == "Budget" and flag.area_id == budget and flag.member_id is None
    assert flag.message == (
        "In Budget, all 2 members with an agreement are at level 2 Sell or lower, so every decision there waits for you."
    )
    assert [e.ref for e in flag.evidence] == [f"agreement.{priya}.levels.{budget}", f"agreement.{sam}.levels.{budget}"]
    b.agree(sam, at=ago(1), levels={budget: 3})
    assert b.rule("MM011") == []


def test_mm011_area_needs_two_members() -> None:
    b = Builder()
    priya = b.member("Priya")
    budget = b.area("Budget")
    b.agree(priya, levels={budget: 1})
    assert b.rule("MM011") == []


# --------------------------------------------------------------------------- MM012 cadence-never-relaxes


def grown(cadence: str = "weekly") -> Builder:
    b = Builder()
    omar = b.member("Omar")
    tooling = b.area("Tooling")
    b.agree(omar, at=ago(200), cadence=cadence, levels={tooling: AreaAgreement(level=3, readiness=Readiness.D2)})
    return b


def test_mm012_cadence_unchanged_while_levels_went_up() -> None:
    b = grown()
    b.agree(1, at=ago(50), levels={1: AreaAgreement(level=5, readiness=Readiness.D2)})
    flag = only(b.rule("MM012"))
    assert flag.severity is Severity.INFO
    assert flag.message == (
        "Omar's check-in cadence has been weekly for 200 days, while their agreed levels or your readiness "
        "ratings went up."
    )
    assert "for example biweekly" in flag.suggestion
    assert [e.ref for e in flag.evidence] == ["agreement.cadence", "agreement.levels.1"]


def test_mm012_readiness_going_up_counts_too() -> None:
    b = grown()
    b.agree(1, at=ago(50), levels={1: AreaAgreement(level=3, readiness=Readiness.D3)})
    assert [e.ref for e in only(b.rule("MM012")).evidence] == ["agreement.cadence", "agreement.readiness.1"]


def test_mm012_does_not_fire_when_cadence_relaxed_or_too_young_or_no_growth() -> None:
    relaxed = grown()
    relaxed.agree(1, at=ago(50), cadence="biweekly", levels={1: 5})
    assert relaxed.rule("MM012") == []
    young = Builder()
    young.member("Omar")
    young.area("Tooling")
    young.agree(1, at=ago(170), levels={1: 3})
    young.agree(1, at=ago(50), levels={1: 5})
    assert young.rule("MM012") == []
    same = grown()
    same.agree(1, at=ago(50), growth_goals=["Speak at a meetup"])
    assert same.rule("MM012") == []
    on_request = grown("on-request")
    on_request.agree(1, at=ago(50), levels={1: 6})
    assert on_request.rule("MM012") == []


def test_mm012_a_cadence_change_inside_the_period_counts_as_change() -> None:
    b = grown("daily")
    b.agree(1, at=ago(100), cadence="weekly")
    b.agree(1, at=ago(50), levels={1: 5})
    assert b.rule("MM012") == []
    # 180 days after the cadence became weekly, the levels went up since then.
    assert len(b.rule("MM012", now=NOW + timedelta(days=90))) == 1
    b.configure("MM012", days=60)
    assert len(b.rule("MM012")) == 1


# --------------------------------------------------------------------------- MM013 perception-gap


def test_mm013_gap_of_two_steps() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D2")})
    flag = only(b.rule("MM013"))
    assert flag.severity is Severity.INFO
    assert flag.message == "Priya rates their own readiness in Tooling as D2, while you rate it D4: a gap of 2 steps."
    assert "may doubt themselves" in flag.suggestion
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=5, readiness="D1", self_readiness="D4")})
    flag = only(b.rule("MM013"))
    assert "a gap of 3 steps" in flag.message and "feels more ready" in flag.suggestion


def test_mm013_ignores_small_gaps_and_missing_views() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D3")})
    assert b.rule("MM013") == []
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=5, readiness="D4")})
    assert b.rule("MM013") == []
    b.agree(PRIYA, at=ago(3), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D3")})
    b.configure("MM013", gap=1)
    assert len(b.rule("MM013")) == 1


# --------------------------------------------------------------------------- evaluate: the whole engine


def busy() -> Builder:
    """A team where several rules fire at once."""
    b = healthy()
    priya, sam = 1, 2
    b.checkins(priya, 12, start=0.5, step=2)  # plus the 4 from healthy(): critical
    task = b.task(priya, 6, 1, title="Choose the CI provider")
    b.event("override", ago(4), member_id=priya, task_id=task)
    b.event("approval", ago(3), member_id=sam, task_id=b.task(sam, 5, 1))
    for _ in range(5):
        b.task(MANAGER, 1)
    b.member("Aaron", since=None)
    return b


def test_flags_are_sorted_team_first_then_member_severity_rule() -> None:
    flags = busy().flags()
    keys = [(flag.member or "", -flag.severity.rank, flag.rule) for flag in flags]
    assert keys == sorted(keys)
    assert flags[0].member is None and flags[0].rule == "MM011"
    assert [flag.member for flag in flags][1:] == sorted(flag.member or "" for flag in flags[1:])
    priya = [flag.rule for flag in flags if flag.member == "Priya"]
    assert priya == ["MM001", "MM002"]  # both critical, then by rule id


def test_member_filter() -> None:
    b = busy()
    assert {flag.member for flag in b.flags(member_id=2)} == {"Sam"}
    assert b.flags(member_id=99) == []


def test_event_order_and_future_events_do_not_matter() -> None:
    b = busy()
    expected = b.flags()
    b.events.reverse()
    assert b.flags() == expected
    for kind in EventKind:
        b.event(kind, NOW + timedelta(minutes=1), member_id=1, task_id=1, from_owner=1, to_owner=MANAGER)
    assert b.flags() == expected


def test_naive_now_is_taken_as_utc() -> None:
    b = busy()
    assert b.flags(now=NOW.replace(tzinfo=None)) == b.flags()


def test_unknown_members_tasks_and_areas_are_skipped_quietly() -> None:
    b = team()
    b.ws.agreements[PRIYA].levels[42] = AreaAgreement(level=1, readiness="D4", self_readiness="D1")
    b.event("override", ago(1), member_id=77, task_id=1234)
    b.event("override", ago(1), member_id=77, area_id=TOOLING)
    b.event("approval", ago(1), task_id=555)
    b.event("checkin", ago(1), member_id=77)
    b.event("reassign", ago(1), from_owner=77, to_owner=MANAGER)
    b.event("level_change", ago(1), task_id=999, from_level=7, to_level=1)
    assert b.flags() == []


# --------------------------------------------------------------------------- acknowledgments


def over_monitored() -> Builder:
    b = team()
    b.checkins(PRIYA, 8)
    return b


def test_an_acknowledged_flag_is_hidden_and_can_be_shown() -> None:
    b = over_monitored()
    flag = only(b.rule("MM001"))
    b.ack(flag, until=day_ago(-10))
    assert b.rule("MM001") == []
    shown = only(b.rule("MM001", include_acknowledged=True))
    assert shown.acknowledged is not None and shown.acknowledged.reason == "discussed"
    assert shown.model_copy(update={"acknowledged": None}) == flag


def test_an_acknowledgment_lasts_until_its_date() -> None:
    b = over_monitored()
    flag = only(b.rule("MM001"))
    b.ack(flag, until=TODAY)
    assert b.rule("MM001") == []
    returned = only(b.rule("MM001", now=NOW + timedelta(days=1)))
    assert returned.id == flag.id and returned.acknowledged is None


def test_an_acknowledgment_without_date_holds_until_the_evidence_grows() -> None:
    b = over_monitored()
    b.ack(only(b.rule("MM001")))
    assert b.rule("MM001", now=NOW + timedelta(days=2)) == []  # same check-ins, later: still hidden
    b.checkins(PRIYA, 1, start=0.5)
    returned = only(b.rule("MM001", include_acknowledged=True))
    assert returned.acknowledged is None


def test_acknowledgments_are_per_flag() -> None:
    b = busy()
    before = b.flags()
    b.ack(before[0])
    assert b.flags() == before[1:]


def test_flag_ids_are_stable_across_days_and_distinct() -> None:
    b = busy()
    b.agree(1, at=ago(1), last_review=day_ago(200))
    today = {(flag.rule, flag.member_id, flag.task_id, flag.area_id): flag.id for flag in b.flags()}
    tomorrow = {
        (flag.rule, flag.member_id, flag.task_id, flag.area_id): flag.id
        for flag in b.flags(now=NOW + timedelta(days=1))
    }
    assert today == tomorrow
    ids = [flag.id for flag in b.flags()]
    assert len(ids) == len(set(ids))
    assert all(flag_id.split("-")[0] in RULES for flag_id in ids)


# --------------------------------------------------------------------------- rules, settings, severity


def test_rules_catalogue() -> None:
    assert list(RULES) == [f"MM{n:03d}" for n in range(1, 14)]
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.summary and rule.what_it_checks and rule.why_it_matters and rule.example
        for param in rule.params:
            assert param.minimum <= param.default <= param.maximum, (rule_id, param.name)
            assert param.description
    assert RULES["MM001"].severity is Severity.WARNING and RULES["MM002"].severity is Severity.CRITICAL
    assert "Appelo" in RULES["MM002"].why_it_matters
    assert "Hersey" in RULES["MM006"].why_it_matters
    assert "self-determination" in RULES["MM001"].why_it_matters


def test_rule_params_overlay_defaults_and_clamp() -> None:
    settings = Settings()
    assert rule_params(settings, "MM001") == {"window_days": 28, "factor": 1.5, "critical_factor": 3}
    settings.rules["MM001"] = RuleSettings(params={"factor": 2, "bogus": 5, "window_days": 10_000})
    assert rule_params(settings, "mm001") == {"window_days": 365, "factor": 2, "critical_factor": 3}
    assert rule_params(settings, "MM010") == {}
    with pytest.raises(InputError, match="unknown rule 'MM099'"):
        rule_params(settings, "MM099")


def test_validate_rule_setting() -> None:
    assert validate_rule_setting("MM001", "factor", "2.5") == 2.5
    assert validate_rule_setting("mm001", "window_days", " 14 ") == 14
    with pytest.raises(InputError, match="unknown rule 'MM099'"):
        validate_rule_setting("MM099", "factor", "1")
    with pytest.raises(InputError) as info:
        validate_rule_setting("MM001", "x", "1")
    assert str(info.value) == "MM001 has no setting 'x'; its settings are window_days, factor, critical_factor."
    with pytest.raises(InputError) as info:
        validate_rule_setting("MM001", "factor", "abc")
    assert str(info.value) == "factor must be a number between 1 and 10 (got 'abc')."
    with pytest.raises(InputError, match="between 1 and 10"):
        validate_rule_setting("MM001", "factor", "11")
    with pytest.raises(InputError, match="between 1 and 10"):
        validate_rule_setting("MM001", "factor", "nan")
    with pytest.raises(InputError, match="window_days must be a whole number between 1 and 365"):
        validate_rule_setting("MM001", "window_days", "2.5")
    with pytest.raises(InputError, match="MM010 has no setting 'x'; it has no settings"):
        validate_rule_setting("MM010", "x", "1")
    assert validate_rule_setting("MM011", "manager_share", "0.5") == 0.5


def test_severity() -> None:
    assert [s.rank for s in Severity] == [1, 2, 3]
    assert Severity.parse("Critical") is Severity.CRITICAL
    assert Severity.parse(Severity.INFO) is Severity.INFO
    with pytest.raises(InputError, match="severity must be one of info, warning, critical"):
        Severity.parse("loud")


def test_flags_serialise_to_json() -> None:
    flag = busy().flags()[0]
    data = flag.model_dump(mode="json")
    assert data["severity"] == "warning" and data["acknowledged"] is None
    assert Flag.model_validate(data) == flag


def test_the_engine_imports_neither_textual_nor_tinydb() -> None:
    code = (
        "import sys, delegate_tui.patterns\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- level_at


def test_level_at_without_changes_is_the_task_level() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 4, TOOLING)]
    assert level_at(task, [], ago(1000)) is DelegationLevel.AGREE


def test_level_at_rebuilds_from_out_of_order_and_backdated_changes() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 6, TOOLING)]
    other = b.task(PRIYA, 1, TOOLING)
    # Recorded in this order, but happened: 2 -> 4 (day 30), 4 -> 5 (day 20), 5 -> 6 (day 10).
    events = [
        Event(id="c", kind="level_change", at=ago(10), task_id=task.id, from_level=5, to_level=6),
        Event(id="a", kind="level_change", at=ago(30), task_id=task.id, from_level=2, to_level=4),
        Event(id="x", kind="level_change", at=ago(25), task_id=other, from_level=1, to_level=7),
        Event(id="n", kind="note", at=ago(25), task_id=task.id),
        Event(id="b", kind="level_change", at=ago(20), task_id=task.id, from_level=4, to_level=5),
    ]
    assert level_at(task, events, ago(40)) == 2
    assert level_at(task, events, ago(30)) == 4  # a change at the very moment counts
    assert level_at(task, events, ago(25)) == 4
    assert level_at(task, events, ago(15)) == 5
    assert level_at(task, events, NOW) == 6
    assert level_at(task, list(reversed(events)), ago(15)) == 5


def test_level_at_breaks_ties_by_event_id() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 3, TOOLING)]
    events = [
        Event(id="e2", kind="level_change", at=ago(5), task_id=task.id, from_level=5, to_level=3),
        Event(id="e1", kind="level_change", at=ago(5), task_id=task.id, from_level=2, to_level=5),
    ]
    assert level_at(task, events, ago(5)) == 3
    assert level_at(task, events, ago(6)) == 2


def test_level_at_with_a_missing_from_level() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 3, TOOLING)]
    events = [Event(id="e1", kind="level_change", at=ago(5), task_id=task.id, to_level=6)]
    assert level_at(task, events, ago(6)) == 3
    assert level_at(task, events, ago(4)) == 6


# --------------------------------------------------------------------------- metrics


def metrics_team() -> Builder:
    b = Builder()
    priya, sam = b.member("Priya"), b.member("Sam")
    tooling, hiring = b.area("Tooling"), b.area("Hiring")
    b.agree(priya, at=ago(100), levels={tooling: 3, hiring: 2}, cadence="twice-weekly")
    b.agree(priya, at=ago(20), levels={tooling: 6, hiring: 2})
    b.agree(sam, at=ago(100), levels={tooling: 5}, cadence="on-request")
    # Priya: three open tasks (levels 6, 3, 5) and a done one; task 3 was raised from 2 to 5 ten days ago.
    b.task(priya, 6, tooling, created=ago(200))
    b.task(priya, 3, hiring, created=ago(200))
    raised = b.task(priya, 5, tooling, created=ago(60))
    b.event("level_change", ago(10), task_id=raised, from_level=2, to_level=5, reason="ready")
    b.task(priya, 7, tooling, status=TaskStatus.DONE)
    # Sam: one task, moved to him from the manager 15 days ago.
    moved = b.task(sam, 7, tooling, created=ago(200))
    b.event("reassign", ago(15), task_id=moved, from_owner=MANAGER, to_owner=sam, reason="growth")
    b.task(MANAGER, 1)
    b.task(MANAGER, 3)
    # Check-ins with Priya: 3 in the last week, 1 in the week before, 2 in week 5, 1 in week 12, 1 too old.
    for days in (0, 1, 6.9, 7, 30, 31, 80, 84):
        b.event("checkin", ago(days), member_id=priya)
    b.event("checkin", NOW + timedelta(days=1), member_id=priya)
    return b


def test_member_metrics_on_a_small_team() -> None:
    b = metrics_team()
    metrics = member_metrics(b.ws, b.events, NOW)
    assert set(metrics) == {1, 2}
    priya, sam = metrics[1], metrics[2]
    # Priya: open tasks 6, 3, 5 and agreed areas 6, 2 -> 3 of 5 at levels 5-7.
    assert priya.autonomy_index == pytest.approx(3 / 5)
    assert priya.weekly_checkins == [1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 3]
    assert priya.checkins_last_28 == 4
    assert priya.checkins_per_week == 1.0
    assert priya.cadence_per_week == 2.0
    # Week ends are 0, 7, 14, ... 77 days ago. A week ago task 3 was already at 5: 6, 3, 5 | 6, 2 -> 3 of 5.
    # Two weeks ago it was still at 2: 6, 3, 2 | 6, 2 -> 2 of 5.
    # Three weeks ago Tooling was agreed at 3 (the version of day 100): 6, 3, 2 | 3, 2 -> 1 of 5.
    # Eleven weeks ago (77 days) task 3 did not exist yet: 6, 3 | 3, 2 -> 1 of 4.
    assert priya.weekly_autonomy[-1] == pytest.approx(3 / 5)
    assert priya.weekly_autonomy[-2] == pytest.approx(3 / 5)
    assert priya.weekly_autonomy[-3] == pytest.approx(2 / 5)
    assert priya.weekly_autonomy[-4] == pytest.approx(1 / 5)
    assert priya.weekly_autonomy[0] == pytest.approx(1 / 4)
    assert len(priya.weekly_autonomy) == 12
    # Sam: task 5 (level 7) and Tooling (5): 2 of 2. Before the move the task was the manager's: 1 of 1.
    assert sam.autonomy_index == 1.0
    assert sam.cadence_per_week is None
    assert sam.weekly_checkins == [0] * 12 and sam.checkins_last_28 == 0
    assert sam.weekly_autonomy == [1.0] * 12


def test_member_metrics_without_agreement_or_items() -> None:
    b = Builder()
    b.member("Omar")
    metrics = member_metrics(b.ws, [], NOW)[1]
    assert metrics.autonomy_index == 0.0
    assert metrics.cadence_per_week is None
    assert metrics.weekly_autonomy == [0.0] * 12


def test_team_metrics_on_a_small_team() -> None:
    b = metrics_team()
    metrics = team_metrics(b.ws, b.events, NOW)
    assert metrics.level_distribution == {1: 1, 2: 0, 3: 2, 4: 0, 5: 1, 6: 1, 7: 1}
    assert metrics.manager_share_open == pytest.approx(2 / 6)
    # Members' items: Priya 6, 3, 5, 6, 2; Sam 7, 5 -> 5 of 7 at levels 5-7.
    assert metrics.autonomy_index == pytest.approx(5 / 7)


def test_team_metrics_of_an_empty_workspace() -> None:
    metrics = team_metrics(Workspace(), [], NOW)
    assert metrics.level_distribution == dict.fromkeys(range(1, 8), 0)
    assert metrics.manager_share_open == 0.0 and metrics.autonomy_index == 0.0
