"""MM001 over-monitoring (delegate_tui/patterns/rules/over_monitoring.py): when it fires and what excuses it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from delegate_tui.patterns import (
    Severity,
)
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya, on a weekly agreement, was checked on seven times in four weeks. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.checkins(PRIYA, 7)
    return b


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
