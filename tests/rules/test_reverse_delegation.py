"""MM016 reverse-delegation (delegate_tui/patterns/rules/reverse_delegation.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.model import MANAGER
from delegate_tui.patterns import Severity
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    day_ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya holds two Tooling tasks at level 5 Advise, yet asked for your approval twice and handed one
    back at her own request. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    first, second = b.task(PRIYA, 5, TOOLING), b.task(PRIYA, 5, TOOLING)
    b.event("approval", ago(20), member_id=PRIYA, task_id=first, by="member")
    b.event("approval", ago(10), member_id=PRIYA, task_id=second, by="member")
    b.event("reassign", ago(5), task_id=second, from_owner=PRIYA, to_owner=MANAGER, context="member-request")
    return b


def test_mm016_repeated_hand_backs_are_a_coaching_opportunity() -> None:
    b = scenario()
    flag = only(b.rule("MM016"))
    assert flag.severity is Severity.INFO and flag.category == "growth"
    assert flag.message == (
        "Priya handed 3 decisions they hold back to you in the last 90 days: a coaching opportunity."
    )
    assert "ask what they would decide" in flag.suggestion
    # Not the manager's fault: neither MM003 (she asked) nor MM004 (at her request) says it again.
    assert {f.rule for f in b.flags()} == {"MM016"}


def test_mm016_needs_a_repeated_pattern() -> None:
    b = scenario()
    b.events.pop()
    assert b.rule("MM016") == []


def test_mm016_approvals_you_required_and_low_levels_do_not_count() -> None:
    b = team()
    low = b.task(PRIYA, 3, TOOLING)
    high = b.task(PRIYA, 6, TOOLING)
    for days in (3, 6, 9):
        b.event("approval", ago(days), member_id=PRIYA, task_id=low, by="member")
        b.event("approval", ago(days, 1), member_id=PRIYA, task_id=high)  # you required it: MM003's
    assert b.rule("MM016") == []
    assert only(b.rule("MM003")).task_id == high


def test_mm016_hand_backs_while_away_do_not_count() -> None:
    b = scenario()
    b.away(PRIYA, day_ago(6), day_ago(4))
    assert b.rule("MM016") == []
