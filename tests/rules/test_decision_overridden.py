"""MM002 decision-overridden (delegate_tui/patterns/rules/decision_overridden.py): when it fires and what excuses it."""

from __future__ import annotations

from datetime import timedelta

from delegate_tui.model import EventKind
from delegate_tui.patterns import (
    Severity,
)
from delegate_tui.patterns.rules.decision_overridden import flagged_from_level
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
    """Priya held "Choose the CI provider" at 5 Advise, and the manager reversed her choice. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    task = b.task(PRIYA, 5, TOOLING, title="Choose the CI provider")
    b.event("override", ago(5), member_id=PRIYA, task_id=task)
    return b


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
    assert b.rule("MM002") == []  # the window is today and the 89 local days before
    b.event("override", ago(89, 11), member_id=PRIYA, task_id=task)  # the first minute of that first day
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


# --------------------------------------------------------------------------- the task forms share the rule's judgement


def test_mm002_the_override_warning_promises_a_flag_only_when_the_rule_would_raise_one() -> None:
    """Before an override the tasks screen warns; it names MM002 only while MM002 would really flag it."""
    from delegate_tui.screens.task_forms import delegated_warning

    b = team()
    task = b.ws.tasks[b.task(PRIYA, 5, TOOLING, title="Choose the CI provider")]
    warning = delegated_warning(task, b.ws, EventKind.OVERRIDE)
    assert warning is not None and any("it raises flag MM002 (critical)" in line for line in warning)
    assert flagged_from_level(b.ws.settings) == 5

    b.configure("MM002", enabled=False)
    assert flagged_from_level(b.ws.settings) is None
    warning = delegated_warning(task, b.ws, EventKind.OVERRIDE)
    assert warning is not None  # the decision is still delegated: the warning stays
    assert not any("raises flag MM002" in line for line in warning)
    assert any("rule MM002 is switched off, so it raises no flag" in line for line in warning)
    b.event("override", ago(0, hours=1), member_id=PRIYA, task_id=task.id)
    assert b.rule("MM002") == []  # and indeed no flag follows

    b.configure("MM002", min_level=6)
    warning = delegated_warning(task, b.ws, EventKind.OVERRIDE)
    assert warning is not None and not any("raises flag MM002" in line for line in warning)
    assert any("MM002 flags overrides only from level 6 Inquire" in line for line in warning)
    assert b.rule("MM002") == []

    b.configure("MM002", min_level=3)
    low = b.ws.tasks[b.task(PRIYA, 3, TOOLING)]
    warning = delegated_warning(low, b.ws, EventKind.OVERRIDE)
    assert warning is not None and any("it raises flag MM002 (critical)" in line for line in warning)
    override = b.event("override", ago(0, hours=1), member_id=PRIYA, task_id=low.id)
    assert any(override.id in [e.ref for e in flag.evidence] for flag in b.rule("MM002"))
