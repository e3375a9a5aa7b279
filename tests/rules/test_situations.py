"""Real situations of a team, through the whole engine: a fair observer's verdict on each.

Each test is named by the situation. Most of them are fair close contact or necessary acts that the
engine used to flag (sometimes as critical) and must now leave alone or report as info; the rest
check that one act gives one finding and that a real pattern still shows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from delegate_tui.history import event_problem, level_before
from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    DelegationLevel,
    Event,
    EventKind,
    TaskStatus,
    TrustAgreement,
    says_something,
)
from delegate_tui.patterns import Severity
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    TOOLING,
    Builder,
    ago,
    day_ago,
    healthy,
    only,
    team,
)


def rules(b: Builder) -> list[tuple[str, str]]:
    return [(flag.rule, flag.severity.value) for flag in b.flags()]


# --------------------------------------------------------------------------- healthy controls


def test_a_healthy_team_gives_no_flag() -> None:
    assert healthy().flags() == []


def test_a_healthy_team_using_every_new_input_gives_no_flag() -> None:
    """Member-started check-ins and approvals, good pulses, leave, contexts with reasons: all normal."""
    b = healthy()
    priya, sam = 1, 2
    b.checkins(priya, 20, start=0.2, step=2, by="member")  # Priya comes to you often: her choice
    b.event("approval", ago(4), member_id=sam, task_id=3, by="member")  # Sam asked once for a second look
    b.pulse(priya, 5, ago(3))
    b.pulse(sam, 4, ago(5))
    b.away(sam, day_ago(30), day_ago(20), reason="parental leave")
    b.event("reassign", ago(25), task_id=3, from_owner=sam, to_owner=MANAGER)  # cover while away
    b.event("reassign", ago(19), task_id=3, from_owner=MANAGER, to_owner=sam, reason="back from leave")
    b.event(
        "due_change",
        ago(6),
        member_id=priya,
        task_id=1,
        from_due=day_ago(-5),
        to_due=day_ago(-9),
        context="member-request",
    )
    assert b.flags() == []


# --------------------------------------------------------------------------- onboarding


def test_onboarding_a_new_member_with_daily_contact_and_low_levels_is_normal() -> None:
    b = Builder()
    ana = b.member("Ana", since=day_ago(25))
    tooling = b.area("Tooling")
    b.agree(
        ana,
        at=ago(25),
        levels={tooling: AreaAgreement(level=3, readiness="D1", desired=5, desired_by=day_ago(-150))},
        cadence="daily",
    )
    task = b.task(ana, 2, tooling, created=ago(24))  # below the agreed 3: fine while she is new
    for days in range(25):
        b.event("checkin", ago(days, 2), member_id=ana, task_id=task)
    assert b.flags() == []


# --------------------------------------------------------------------------- incident night


def test_incident_night_is_one_finding_as_info_naming_the_incident() -> None:
    """One night: six check-ins, three overrides and a level drop, all logged with the context incident."""
    b = team()
    first, second = b.task(PRIYA, 6, TOOLING), b.task(PRIYA, 5, TOOLING)
    night = datetime.combine(day_ago(2), time(21, 0), tzinfo=timezone.utc)
    for hour in range(6):
        b.event("checkin", night + timedelta(minutes=20 * hour), member_id=PRIYA, context="incident")
    for minutes, task in ((30, first), (50, second), (70, first)):
        b.event("override", night + timedelta(minutes=minutes), member_id=PRIYA, task_id=task, context="incident")
    b.event("level_change", night + timedelta(minutes=90), task_id=second, from_level=5, to_level=2, context="incident")
    flags = b.flags()
    assert [(f.rule, f.severity) for f in flags] == [("MM002", Severity.INFO), ("MM004", Severity.INFO)]
    override = flags[0]
    assert len(override.evidence) == 3 and all("(context: an incident)" in e.text for e in override.evidence)
    assert "Each time a context was given (an incident)" in override.message


def test_incidents_every_week_become_a_pattern_raised_to_a_warning_saying_so() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    for days in (3, 10, 17):
        b.event("override", ago(days), member_id=PRIYA, task_id=task, context="incident")
    flags = sorted(b.rule("MM002"), key=lambda flag: flag.evidence[0].at or NOW)
    assert [f.severity for f in flags] == [Severity.INFO, Severity.INFO, Severity.WARNING]
    assert "was given on 3 days within 30 days: that is a pattern" in flags[-1].message
    assert all(f.severity is not Severity.CRITICAL for f in flags)


def test_an_override_without_context_on_the_same_night_stays_critical() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("override", ago(1, 1), member_id=PRIYA, task_id=task, context="incident")
    b.event("override", ago(1, 2), member_id=PRIYA, task_id=task)
    assert [(f.rule, f.severity) for f in b.flags()] == [("MM002", Severity.CRITICAL)]


# --------------------------------------------------------------------------- on-request cadence


def test_on_request_cadence_answering_each_request_is_not_over_monitoring() -> None:
    b = Builder()
    omar = b.member("Omar")
    tooling = b.area("Tooling")
    b.agree(omar, at=ago(300), levels={tooling: 6}, cadence="on-request", last_review=day_ago(20))
    for days in range(1, 84, 3):
        b.event("checkin", ago(days, 1), member_id=omar, by="member")
        b.event("checkin", ago(days), member_id=omar)  # you answered, the same day
    assert b.flags() == []


# --------------------------------------------------------------------------- leave


def test_leave_cover_and_handover_check_ins_are_no_take_back_and_no_monitoring() -> None:
    b = team()
    tasks = [b.task(PRIYA, 6, TOOLING) for _ in range(3)]
    b.away(PRIYA, day_ago(40), day_ago(26), reason="holiday")
    for task in tasks:  # moved to you while she was away, without a reason: cover
        b.event("reassign", ago(38), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
        b.event("reassign", ago(25), task_id=task, from_owner=MANAGER, to_owner=PRIYA)
    for days in range(26, 41):
        b.event("checkin", ago(days), member_id=PRIYA)
    b.event("reassign", ago(5), task_id=tasks[0], from_owner=PRIYA, to_owner=MANAGER, context="leave")
    assert b.flags() == []


# --------------------------------------------------------------------------- relaxed cadence


def test_relaxed_cadence_after_onboarding_gives_no_flag_about_the_past() -> None:
    b = Builder()
    ana = b.member("Ana", since=day_ago(400))
    tooling = b.area("Tooling")
    b.agree(ana, at=ago(300), levels={tooling: 5}, cadence="daily", last_review=day_ago(14))
    for days in range(15, 100):
        b.event("checkin", ago(days), member_id=ana)
    b.agree(ana, at=ago(14), cadence="weekly", acknowledged=True)  # relaxed, as MM012 recommends
    b.checkins(ana, 2, start=1, step=7)
    assert b.flags() == []


# --------------------------------------------------------------------------- lowering at a review


def test_lowering_a_level_at_a_review_is_not_a_take_back() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("review", ago(10, 2), member_id=PRIYA)
    b.event("level_change", ago(10), task_id=task, member_id=PRIYA, from_level=6, to_level=3)
    assert b.rule("MM004") == []


def test_a_level_drop_and_a_reassignment_of_one_task_on_one_day_are_one_take_back() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("level_change", ago(10, 2), task_id=task, member_id=PRIYA, from_level=6, to_level=3)
    b.event("reassign", ago(10), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    flag = only(b.rule("MM004"))
    assert flag.severity is Severity.WARNING and len(flag.evidence) == 2  # one act, both events listed
    assert "once in the last 90 days" in flag.message


def test_a_reason_that_says_nothing_excuses_nothing() -> None:
    assert [says_something(text) for text in (None, "", "  ", ".", "-- !", "x", "ok", "on leave")] == [
        False, False, False, False, False, False, True, True,
    ]  # fmt: skip
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("reassign", ago(3), task_id=task, from_owner=PRIYA, to_owner=MANAGER, reason=".")
    assert len(b.rule("MM004")) == 1
    b.events[-1] = b.events[-1].model_copy(update={"reason": "she asked to focus on the release"})
    assert b.rule("MM004") == []


def test_a_done_task_archived_to_the_manager_is_not_a_take_back() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING, status=TaskStatus.DONE)
    b.event("status_change", ago(4), task_id=task, from_status="in progress", to_status="done")
    b.event("reassign", ago(3), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    assert b.rule("MM004") == []
    b2 = team()
    open_task = b2.task(PRIYA, 6, TOOLING)
    b2.event("reassign", ago(3), task_id=open_task, from_owner=PRIYA, to_owner=MANAGER)
    assert len(b2.rule("MM004")) == 1


# --------------------------------------------------------------------------- one act, one finding


def test_several_overrides_of_one_member_on_one_local_day_are_one_finding_listing_each() -> None:
    b = team()
    tasks = [b.task(PRIYA, 6, TOOLING) for _ in range(3)]
    for hour, task in enumerate(tasks):
        b.event("override", ago(2, hour), member_id=PRIYA, task_id=task)
    flag = only(b.rule("MM002"))
    assert len(flag.evidence) == 3 and flag.task_id is None
    assert flag.message == f"On {day_ago(2)} you overrode 3 decisions that Priya held at a delegated level."


def test_one_low_area_is_one_below_agreement_finding_listing_its_tasks() -> None:
    b = team()
    for _ in range(3):
        b.task(PRIYA, 2, TOOLING)
    flag = only(b.rule("MM005"))
    assert [e.kind for e in flag.evidence] == ["task", "task", "task", "agreement"]
    assert flag.message == "3 open tasks of Priya in Tooling are delegated below the level 5 Advise agreed there."


def test_a_ready_member_held_low_is_told_once_by_mm006_not_again_by_mm008_and_mm011() -> None:
    b = Builder()
    priya, sam = b.member("Priya", since=day_ago(400)), b.member("Sam", since=day_ago(400))
    budget = b.area("Budget")
    b.agree(priya, at=ago(200), levels={budget: AreaAgreement(level=2, readiness="D4")}, last_review=day_ago(5))
    b.agree(sam, at=ago(200), levels={budget: AreaAgreement(level=1, readiness="D2")}, last_review=day_ago(5))
    b.task(priya, 2, budget)
    found = sorted((f.rule, f.member) for f in b.flags())
    assert found == [("MM006", "Priya"), ("MM008", "Sam")]  # not MM008 for Priya, nor MM011 for Budget


def test_an_acknowledged_standing_mismatch_returns_when_it_gets_worse() -> None:
    b = team()
    b.agree(PRIYA, at=ago(100), levels={TOOLING: AreaAgreement(level=4, readiness="D4")})
    flag = only(b.rule("MM006"))
    b.ack(flag)
    assert b.rule("MM006") == []
    b.agree(PRIYA, at=ago(50), levels={TOOLING: AreaAgreement(level=2, readiness="D4")})
    assert only(b.rule("MM006")).acknowledged is None


# --------------------------------------------------------------------------- time zones and DST


def test_time_zones_a_review_and_a_take_back_on_one_local_day_but_two_utc_days() -> None:
    """In Los Angeles: a review at 16:30 and a take-back at 10:00 on the same day; in UTC, two days."""
    zone = ZoneInfo("America/Los_Angeles")
    local = day_ago(5)
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    review = datetime.combine(local, time(16, 30), tzinfo=zone).astimezone(timezone.utc)
    taken = datetime.combine(local, time(10, 0), tzinfo=zone).astimezone(timezone.utc)
    assert review.date() != taken.date()
    b.event("review", review, member_id=PRIYA)
    b.event("reassign", taken, task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    b.timezone("UTC")
    assert len(b.rule("MM004")) == 1
    b.timezone("America/Los_Angeles")
    assert b.rule("MM004") == []


def test_time_zones_and_dst_a_25_hour_day_holds_one_contact_day() -> None:
    """Amsterdam, 2026-10-25 (clocks back): 00:30 and 23:30 that day are 24 hours apart and one local day."""
    b = Builder()
    now = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    priya = b.member("Priya")
    b.timezone("Europe/Amsterdam")
    zone = ZoneInfo("Europe/Amsterdam")
    change = date(2026, 10, 25)
    early = datetime.combine(change, time(0, 30), tzinfo=zone)
    late = datetime.combine(change, time(23, 30), tzinfo=zone)
    assert late.astimezone(timezone.utc) - early.astimezone(timezone.utc) == timedelta(hours=24)  # a 25-hour day
    b.event("checkin", early, member_id=priya)
    b.event("checkin", late, member_id=priya)
    # Six more contact days in this period and seven in the one before: the DST day counts once.
    for days in (1, 3, 5, 7, 9, 11):
        b.event("checkin", now - timedelta(days=days), member_id=priya)
    for days in range(30, 37):
        b.event("checkin", now - timedelta(days=days), member_id=priya)
    flag = only(b.rule("MM001", now=now))
    assert "on 7 days where the cadence allows 4" in flag.message
    b.timezone("UTC")  # in UTC the two are on 24 and 25 October: two contact days
    assert "on 8 days where the cadence allows 4" in only(b.rule("MM001", now=now)).message


# --------------------------------------------------------------------------- backfill


def test_backfill_events_before_their_task_or_member_existed_are_refused() -> None:
    b = team()
    b.ws.members[PRIYA] = b.ws.members[PRIYA].model_copy(update={"since": day_ago(100)})
    task = b.task(PRIYA, 6, TOOLING, created=ago(20))
    early = Event(kind=EventKind.OVERRIDE, at=ago(21), member_id=PRIYA, task_id=task)
    problem = event_problem(b.ws, early)
    assert problem is not None and f"before task #{task} was created" in problem
    before_joining = Event(kind=EventKind.CHECKIN, at=ago(101), member_id=PRIYA)
    problem = event_problem(b.ws, before_joining)
    assert problem is not None and "before Priya joined" in problem
    assert event_problem(b.ws, Event(kind=EventKind.OVERRIDE, at=ago(19), member_id=PRIYA, task_id=task)) is None
    assert event_problem(b.ws, Event(kind=EventKind.PULSE, at=ago(1), member_id=PRIYA)) is not None


def test_backfill_a_level_change_written_up_later_takes_its_from_level_from_that_moment() -> None:
    """Lowered 6 -> 3 ten days ago, raised 3 -> 5 five days ago; then a change 8 days ago is written up."""
    b = team()
    task = b.task(PRIYA, 5, TOOLING, created=ago(60))
    b.event("level_change", ago(10), task_id=task, from_level=6, to_level=3, reason="risky migration")
    b.event("level_change", ago(5), task_id=task, from_level=3, to_level=5, reason="migration done")
    found = level_before(b.ws.tasks[task], b.events, ago(8))
    assert found is DelegationLevel.CONSULT
    assert level_before(b.ws.tasks[task], b.events, ago(20)) is DelegationLevel.INQUIRE
    b.event("level_change", ago(8), task_id=task, from_level=found, to_level=2, reason="on call week")
    # An override seven days ago was at level 2 then: not a delegated decision, whatever the order recorded.
    b.event("override", ago(7), member_id=PRIYA, task_id=task)
    assert b.rule("MM002") == []


def test_a_new_agreement_version_starts_unacknowledged() -> None:
    first = TrustAgreement(
        member_id=PRIYA, changed_at=ago(50), levels={TOOLING: AreaAgreement(level=5)}, acknowledged=True
    )
    changed = first.terms().model_copy(update={"cadence": "biweekly"})
    assert changed.acknowledged  # the terms were copied from an acknowledged version ...
    assert first.revised(changed, ago(1)).acknowledged is False  # ... but the member has not seen this one
    assert first.revised(changed, ago(1), acknowledged=True).acknowledged is True
    fresh = first.model_copy(update={"acknowledged": False})
    assert fresh.revised(AgreementTerms(**{**dict(changed), "acknowledged": True}), ago(1)).acknowledged is True
    assert ago(1) < NOW
