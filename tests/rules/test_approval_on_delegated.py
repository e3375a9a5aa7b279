"""MM003 approval-on-delegated (delegate_tui/patterns/rules/approval_on_delegated.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.model import EventKind
from delegate_tui.patterns import (
    Severity,
)
from delegate_tui.patterns.rules.approval_on_delegated import flagged_from_level
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya plans the sprint at 5 Advise, yet was asked twice this month to get sign-off. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    task = b.task(PRIYA, 5, TOOLING, title="Plan the sprint")
    b.event("approval", ago(20), member_id=PRIYA, task_id=task)
    b.event("approval", ago(4), member_id=PRIYA, task_id=task)
    return b


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


def test_mm003_the_approval_warning_follows_the_rule_settings() -> None:
    from delegate_tui.screens.task_forms import delegated_warning

    b = team()
    task = b.ws.tasks[b.task(PRIYA, 5, TOOLING, title="Plan the sprint")]
    warning = delegated_warning(task, b.ws, EventKind.APPROVAL)
    assert warning is not None and any("it raises flag MM003." in line for line in warning)
    b.configure("MM003", enabled=False)
    warning = delegated_warning(task, b.ws, EventKind.APPROVAL)
    assert warning is not None and not any("raises flag MM003" in line for line in warning)
    assert flagged_from_level(b.ws.settings) is None


def test_mm003_an_approval_the_member_asked_for_is_not_you_taking_sign_off() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("approval", ago(3), member_id=PRIYA, task_id=task, by="member")
    assert b.rule("MM003") == []
    b.event("approval", ago(2), member_id=PRIYA, task_id=task)  # this one you required
    flag = only(b.rule("MM003"))
    assert len(flag.evidence) == 1 and "once" in flag.message


def test_mm003_approvals_each_with_a_context_are_info_naming_it() -> None:
    b = team()
    task = b.task(PRIYA, 6, TOOLING)
    b.event("approval", ago(3), member_id=PRIYA, task_id=task, context="compliance")
    flag = only(b.rule("MM003"))
    assert flag.severity is Severity.INFO
    assert "The context given was compliance" in flag.message
