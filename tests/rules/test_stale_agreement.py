"""MM009 stale-agreement (delegate_tui/patterns/rules/stale_agreement.py): when it fires and what excuses it."""

from __future__ import annotations

from datetime import timedelta

from delegate_tui.patterns import (
    Severity,
)
from delegate_tui.patterns.rules.stale_agreement import review_due
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    TODAY,
    Builder,
    ago,
    day_ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya's agreement was last reviewed 91 days ago, on a 90-day review interval. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.agree(PRIYA, at=ago(5), last_review=day_ago(91))
    return b


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


def test_mm009_is_upkeep_and_never_critical_even_when_never_acknowledged() -> None:
    b = Builder()
    priya = b.member("Priya")
    b.agree(priya, at=ago(100), acknowledged=False, last_review=None)
    flag = only(b.rule("MM009"))
    assert flag.severity is Severity.WARNING and flag.category == "upkeep"
    assert "ask them to acknowledge it" in flag.suggestion
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
    b.member("New", since=day_ago(42))
    b.member("Old", since=day_ago(43))
    b.member("Unknown", since=None)
    flags = {flag.member: flag for flag in b.rule("MM009")}
    assert set(flags) == {"Old", "Unknown"}
    assert flags["Old"].message == "Old has no trust agreement yet, 43 days after joining the team."
    assert flags["Unknown"].message == "Unknown has no trust agreement yet."
    assert flags["Old"].severity is Severity.WARNING


def test_mm009_a_new_review_period_is_a_new_finding() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), last_review=day_ago(100))
    first = only(b.rule("MM009")).id
    assert only(b.rule("MM009", now=NOW + timedelta(days=5))).id == first
    b.agree(PRIYA, at=ago(4), last_review=day_ago(95))
    assert only(b.rule("MM009")).id != first


def test_mm009_review_due_is_the_date_the_summary_shows_and_the_flag_starts_after() -> None:
    from delegate_tui import summary

    b = team()
    b.agree(PRIYA, at=ago(5), last_review=day_ago(90))
    agreement = b.ws.agreements[PRIYA]
    assert review_due(agreement) == TODAY
    document = summary.build_summary(b.ws, b.events, NOW, generated_at=NOW)
    member = next(m for m in document.members if m.id == PRIYA)
    assert member.agreement is not None and member.agreement.next_review_due == TODAY
    assert b.rule("MM009") == []  # due today: not overdue yet
    assert len(b.rule("MM009", now=NOW + timedelta(days=1))) == 1
