"""MM011 bottleneck (delegate_tui/patterns/rules/bottleneck.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.model import (
    MANAGER,
    TaskStatus,
)
from delegate_tui.patterns import (
    Severity,
)
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """The manager owns three of the team's five open tasks. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    for _ in range(3):
        b.task(MANAGER, 2)
    b.task(PRIYA, 5, TOOLING)
    b.task(PRIYA, 5, TOOLING)
    return b


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
