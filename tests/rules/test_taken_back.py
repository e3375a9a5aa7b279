"""MM004 taken-back (delegate_tui/patterns/rules/taken_back.py): when it fires and what excuses it."""

from __future__ import annotations

from datetime import timedelta

from delegate_tui.model import (
    MANAGER,
)
from delegate_tui.patterns import (
    Severity,
)
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """The manager moved one of Priya's tasks to themselves without a word, outside a review. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    task = b.task(MANAGER, 5, TOOLING)
    b.event("reassign", ago(5), task_id=task, from_owner=PRIYA, to_owner=MANAGER)
    return b


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
