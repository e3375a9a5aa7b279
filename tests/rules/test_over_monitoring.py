"""MM001 over-monitoring (delegate_tui/patterns/rules/over_monitoring.py): when it fires and what excuses it.

Periods are 28 local days: period 0 is today and the 27 days before, period 1 the 28 before that, and so
on. ``on_days`` puts one manager-started check-in at noon on each given local day (days ago).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from delegate_tui.localtime import day_end, day_start, local_day
from delegate_tui.model import AreaAgreement, Readiness
from delegate_tui.patterns import Severity
from delegate_tui.patterns.models import Flag
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    day_ago,
    only,
    team,
)

PERIOD_0 = range(0, 28)
PERIOD_1 = range(28, 56)
PERIOD_2 = range(56, 84)


def on_days(b: Builder, member: int, days_ago: Iterable[int], hour: float = 0, **fields: Any) -> None:
    for days in days_ago:
        b.event("checkin", ago(days, hour), member_id=member, **fields)


def spread(period: range, count: int) -> list[int]:
    """``count`` distinct days of a period, spread over it."""
    step = len(period) / count
    return [period.start + int(i * step) for i in range(count)]


def scenario() -> Builder:
    """Priya, on a weekly agreement, was checked on seven days in each of the last two four-week periods.
    (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    on_days(b, PRIYA, spread(PERIOD_0, 7) + spread(PERIOD_1, 7))
    return b


def agreed(cadence: str) -> Builder:
    """Priya with one agreement, on ``cadence`` since 200 days ago."""
    b = Builder()
    priya = b.member("Priya")
    tooling = b.area("Tooling")
    b.agree(priya, at=ago(200), levels={tooling: 5}, cadence=cadence)
    return b


def mm001(b: Builder, **options: Any) -> list[Flag]:
    return b.rule("MM001", **options)


def test_mm001_warns_when_the_excess_is_sustained() -> None:
    flag = only(mm001(scenario()))
    assert flag.severity is Severity.WARNING
    assert flag.member == "Priya" and flag.member_id == PRIYA and flag.category == "control"
    assert flag.message == (
        "You checked in with Priya on more days than agreed in 2 of the last 3 periods of 28 days; in the last "
        "one, on 7 days where the cadence allows 4."
    )
    assert "check in weekly as agreed" in flag.suggestion
    assert [e.kind for e in flag.evidence].count("event") == 14
    periods = [e.text for e in flag.evidence if e.kind == "agreement"]
    assert periods == [
        f"{day_ago(55)} to {day_ago(28)}: check-ins you started on 7 days; the cadence then (weekly) allows 4",
        f"{day_ago(27)} to {day_ago(0)}: check-ins you started on 7 days; the cadence then (weekly) allows 4",
    ]


def test_mm001_a_launch_week_burst_in_one_period_is_not_a_flag() -> None:
    b = team()
    on_days(b, PRIYA, range(0, 10))  # ten days in a row, once
    assert mm001(b) == []


def test_mm001_a_chronic_excess_months_long_still_shows() -> None:
    b = team()
    on_days(b, PRIYA, spread(PERIOD_1, 8) + spread(PERIOD_2, 8))  # quiet this month, but two months of it
    assert only(mm001(b)).severity is Severity.WARNING
    b2 = team()
    on_days(b2, PRIYA, spread(range(84, 112), 20) + spread(range(112, 140), 20))  # a crisis long ago
    assert mm001(b2) == []


def test_mm001_does_not_fire_at_the_threshold() -> None:
    b = team()
    on_days(b, PRIYA, spread(PERIOD_0, 6) + spread(PERIOD_1, 6))  # 6 = 1.5 x 4: not above it
    assert mm001(b) == []


def test_mm001_several_check_ins_on_one_local_day_are_one_contact_day() -> None:
    b = team()
    for hour in (1, 2, 3, 4):
        on_days(b, PRIYA, spread(PERIOD_0, 5) + spread(PERIOD_1, 5), hour=hour)
    assert mm001(b) == []  # 20 check-ins a period, but on 5 days


def test_mm001_member_started_check_ins_never_count() -> None:
    b = team()
    on_days(b, PRIYA, list(PERIOD_0) + list(PERIOD_1), by="member")  # Priya asked every day
    assert mm001(b) == []
    on_days(b, PRIYA, spread(PERIOD_0, 7) + spread(PERIOD_1, 7), hour=2)
    flag = only(mm001(b))
    assert [e.kind for e in flag.evidence].count("event") == 14  # only the ones you started


def test_mm001_critical_only_for_a_large_sustained_excess() -> None:
    b = team()
    on_days(b, PRIYA, spread(PERIOD_0, 12) + spread(PERIOD_1, 7))
    assert only(mm001(b)).severity is Severity.WARNING  # 3 x 4 once, 1.75 x 4 once
    on_days(b, PRIYA, [d for d in spread(PERIOD_1, 12) if d not in spread(PERIOD_1, 7)][:5], hour=1)
    assert only(mm001(b)).severity is Severity.CRITICAL


def test_mm001_without_an_agreement_assumes_weekly() -> None:
    b = Builder()
    omar = b.member("Omar")
    on_days(b, omar, spread(PERIOD_0, 7) + spread(PERIOD_1, 7))
    flag = only(mm001(b))
    assert "in the last one, on 7 days where the cadence allows 4" in flag.message
    assert "trust agreement" in flag.suggestion


@pytest.mark.parametrize(
    ("cadence", "quiet", "loud"),
    [("twice-weekly", 12, 13), ("biweekly", 3, 4), ("monthly", 1, 2), ("on-request", 1, 2)],
)
def test_mm001_uses_each_cadence_allowance(cadence: str, quiet: int, loud: int) -> None:
    b = agreed(cadence)
    on_days(b, PRIYA, spread(PERIOD_0, quiet) + spread(PERIOD_1, quiet))
    assert mm001(b) == []
    b2 = agreed(cadence)
    on_days(b2, PRIYA, spread(PERIOD_0, loud) + spread(PERIOD_1, loud))
    assert only(mm001(b2)).rule == "MM001"


def test_mm001_a_daily_cadence_is_never_exceeded() -> None:
    b = agreed("daily")
    for hour in (1, 3):
        on_days(b, PRIYA, range(0, 84), hour=hour)
    assert mm001(b) == []


def test_mm001_on_request_allows_what_the_member_asked_for() -> None:
    """On-request cadence: the manager may answer each request, and no more."""
    b = agreed("on-request")
    asked = spread(PERIOD_0, 5) + spread(PERIOD_1, 5)
    on_days(b, PRIYA, asked, hour=2, by="member")
    on_days(b, PRIYA, asked)  # you followed up on the day of each request
    assert mm001(b) == []
    on_days(b, PRIYA, [d + 1 for d in asked if d + 1 not in asked])  # and on the day after each, unasked
    flag = only(mm001(b))
    assert "wait for them to come to you" in flag.suggestion


def test_mm001_onboarding_a_new_member_is_normal_close_contact() -> None:
    """Ana joined 50 days ago and you met her every day: the grace period (42 days) is close contact by design."""
    b = Builder()
    ana = b.member("Ana", since=day_ago(50))
    on_days(b, ana, range(0, 51))
    assert mm001(b) == []
    b.ws.settings.grace_days = 0
    assert only(mm001(b)).severity is Severity.CRITICAL


def test_mm001_contact_in_an_area_rated_d1_is_direction_not_monitoring() -> None:
    b = agreed("weekly")
    b.agree(PRIYA, at=ago(150), levels={TOOLING: AreaAgreement(level=3, readiness=Readiness.D1)})
    task = b.task(PRIYA, 3, TOOLING)
    on_days(b, PRIYA, spread(PERIOD_0, 10) + spread(PERIOD_1, 10), task_id=task)
    assert mm001(b) == []
    on_days(b, PRIYA, spread(PERIOD_0, 10) + spread(PERIOD_1, 10), hour=1)  # not on the D1 task: counts
    assert len(mm001(b)) == 1


def test_mm001_incident_night_check_ins_with_a_context_do_not_count() -> None:
    b = team()
    for hour in range(6):
        on_days(b, PRIYA, [3], hour=hour + 0.5, context="incident")
    on_days(b, PRIYA, spread(PERIOD_0, 10) + spread(PERIOD_1, 10), context="incident")
    assert mm001(b) == []


def test_mm001_leave_days_are_left_out_of_the_period() -> None:
    """Check-ins while Priya was on leave (handing over, covering) are no part of the measure."""
    b = team()
    b.away(PRIYA, day_ago(20), day_ago(5), reason="holiday")
    b.away(PRIYA, day_ago(50), day_ago(36))
    on_days(b, PRIYA, list(range(5, 21)) + list(range(36, 51)) + [0, 30])
    assert mm001(b) == []
    b2 = team()
    on_days(b2, PRIYA, list(range(5, 21)) + list(range(36, 51)) + [0, 30])
    assert len(mm001(b2)) == 1


def test_mm001_relaxed_cadence_never_judges_the_past_by_the_new_one() -> None:
    """Daily during onboarding, then weekly since ten days ago (as MM012 recommends): nothing to flag."""
    b = team()
    b.agree(PRIYA, at=ago(120), cadence="daily")
    on_days(b, PRIYA, range(11, 84))  # daily, as agreed then
    b.agree(PRIYA, at=ago(10), cadence="weekly")
    on_days(b, PRIYA, [1, 8])
    assert mm001(b) == []


def test_mm001_tightening_a_cadence_is_measured_from_the_change() -> None:
    b = agreed("monthly")
    on_days(b, PRIYA, spread(PERIOD_0, 3) + spread(PERIOD_1, 3))
    assert len(mm001(b)) == 1  # 3 days a month on a monthly cadence
    b.agree(PRIYA, at=ago(100), cadence="weekly")
    assert mm001(b) == []


def test_mm001_contact_days_are_the_managers_local_days() -> None:
    """Two check-ins an hour apart around midnight in Auckland are two local days, one UTC day."""
    b = team()
    utc_days = spread(PERIOD_0, 6) + spread(PERIOD_1, 6)
    for days in utc_days:
        b.event(
            "checkin",
            datetime.combine(day_ago(days), datetime.min.time(), timezone.utc) + timedelta(hours=10.5),
            member_id=PRIYA,
        )
        b.event(
            "checkin",
            datetime.combine(day_ago(days), datetime.min.time(), timezone.utc) + timedelta(hours=11.5),
            member_id=PRIYA,
        )
    b.timezone("UTC")
    assert mm001(b) == []  # 6 contact days a period
    b.timezone("Pacific/Auckland")  # UTC+13 in November: 23:30 and 00:30
    assert len(mm001(b)) == 1  # 12 contact days a period


def test_mm001_a_local_day_across_the_dst_change_is_one_day_of_25_hours() -> None:
    zone_name = "Europe/Amsterdam"
    b = team()
    b.timezone(zone_name)
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    change = date(2026, 10, 25)  # clocks go back at 03:00 CEST
    assert day_end(change, zone) - day_start(change, zone) == timedelta(hours=25)
    first = day_start(change, zone) + timedelta(minutes=30)  # 00:30 CEST
    last = day_end(change, zone) - timedelta(minutes=30)  # 23:30 CET, 25 hours later
    assert local_day(first, zone) == local_day(last, zone) == change
    assert first.date() != last.date()  # two UTC days


def test_mm001_can_be_switched_off_and_tuned() -> None:
    b = team()
    on_days(b, PRIYA, spread(PERIOD_0, 5) + spread(PERIOD_1, 5))
    assert mm001(b) == []
    b.configure("MM001", factor=1)
    assert only(mm001(b)).severity is Severity.WARNING
    b.configure("MM001", factor=1, critical_factor=1.25)
    assert only(mm001(b)).severity is Severity.CRITICAL
    b.configure("MM001", factor=1, sustained=3)
    assert mm001(b) == []
    b.configure("MM001", enabled=False, factor=1)
    assert mm001(b) == []


def test_mm001_an_acknowledgement_until_a_date_survives_the_next_check_in() -> None:
    b = scenario()
    flag = only(mm001(b))
    b.ack(flag, until=day_ago(-14))
    on_days(b, PRIYA, [1, 2], hour=1)
    assert mm001(b) == []  # more evidence, same severity: the acknowledgement holds until its date
    b.ws.acks[flag.id] = b.ws.acks[flag.id].model_copy(update={"severity": "warning"})
    on_days(b, PRIYA, [d for d in range(0, 56) if d not in spread(PERIOD_0, 7) + spread(PERIOD_1, 7)], hour=3)
    returned = only(mm001(b, include_acknowledged=True))
    assert returned.severity is Severity.CRITICAL and returned.acknowledged is None  # worse: it returns
