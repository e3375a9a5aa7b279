"""MM007 dictated-deadline (delegate_tui/patterns/rules/dictated_deadline.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.patterns import (
    Severity,
)
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
    """Priya migrates the wiki at 6 Inquire; the manager moved its due date a week forward. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    task = b.task(PRIYA, 6, TOOLING, title="Migrate the wiki")
    b.event("due_change", ago(3), task_id=task, member_id=PRIYA, from_due=day_ago(-14), to_due=day_ago(-7))
    return b


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
