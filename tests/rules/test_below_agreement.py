"""MM005 below-agreement (delegate_tui/patterns/rules/below_agreement.py): when it fires and what excuses it."""

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
    day_ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya's agreement puts Tooling at 5 Advise, but she was handed 'Pick a linter' at 3 Consult. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.task(PRIYA, 3, TOOLING, title="Pick a linter")
    return b


def test_mm005_open_task_below_the_agreed_level() -> None:
    b = team()
    task = b.task(PRIYA, 3, TOOLING, title="Pick a linter")
    b.event("level_change", ago(12), task_id=task, from_level=5, to_level=3, reason="new tool")
    flag = only(b.rule("MM005"))
    assert flag.severity is Severity.WARNING and flag.task_id == task
    assert flag.message == (
        f'Task #{task} "Pick a linter" is delegated to Priya at level 3 Consult, below the level 5 Advise agreed '
        "for Tooling."
    )
    assert flag.evidence[0].ref == f"task #{task}" and flag.evidence[0].at == ago(12)
    assert flag.evidence[1].ref == f"agreement.levels.{TOOLING}"


def test_mm005_ignores_matching_done_manager_and_arealess_tasks() -> None:
    b = team()
    other = b.area("Budget")
    b.task(PRIYA, 5, TOOLING)
    b.task(PRIYA, 7, TOOLING)
    b.task(PRIYA, 2, TOOLING, status=TaskStatus.DONE)
    b.task(MANAGER, 2, TOOLING)
    b.task(PRIYA, 1)
    b.task(PRIYA, 1, other)  # no agreed level for Budget
    assert b.rule("MM005") == []
    b.task(PRIYA, 4, TOOLING, status=TaskStatus.BLOCKED)
    assert len(b.rule("MM005")) == 1
    b.configure("MM005", min_gap=2)
    assert b.rule("MM005") == []


def test_mm005_a_newly_agreed_area_or_a_new_member_starts_lower_without_a_flag() -> None:
    b = team()
    b.agree(PRIYA, at=ago(10), levels={TOOLING: 5, 2: 4})
    b.area("Budget")
    b.task(PRIYA, 2, 2)  # Budget was agreed ten days ago: within the grace period
    assert b.rule("MM005") == []
    b.ws.settings.grace_days = 7
    assert len(b.rule("MM005")) == 1
    newcomer = Builder()
    ana = newcomer.member("Ana", since=day_ago(10))
    tooling = newcomer.area("Tooling")
    newcomer.agree(ana, at=ago(300), levels={tooling: 5})
    newcomer.task(ana, 2, tooling)
    assert newcomer.rule("MM005") == []
