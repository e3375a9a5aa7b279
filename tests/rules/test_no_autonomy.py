"""MM008 no-autonomy (delegate_tui/patterns/rules/no_autonomy.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.model import (
    TaskStatus,
)
from delegate_tui.patterns import (
    Severity,
)
from tests.helpers.scenario import (
    Builder,
    day_ago,
    only,
)


def scenario() -> Builder:
    """Ana joined three months ago and holds nothing above 3 Consult. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = Builder()
    ana = b.member("Ana", since=day_ago(91))
    hiring = b.area("Hiring")
    b.agree(ana, levels={hiring: 3})
    b.task(ana, 3, hiring)
    return b


def test_mm008_member_without_any_decision() -> None:
    b = Builder()
    ana = b.member("Ana", since=day_ago(91))
    hiring = b.area("Hiring")
    b.agree(ana, levels={hiring: 3})
    b.task(ana, 3, hiring)
    b.task(ana, 5, hiring, status=TaskStatus.DONE)  # done work does not count
    flag = only(b.rule("MM008"))
    assert flag.severity is Severity.WARNING
    assert flag.message == (
        "Ana has been on the team for 91 days but holds no open task and no decision area at level 4 Agree or higher."
    )
    assert [e.ref for e in flag.evidence] == ["task #1", "agreement.levels"]


def test_mm008_does_not_fire_with_one_decision_or_a_short_tenure() -> None:
    b = Builder()
    ana = b.member("Ana", since=day_ago(90))  # not over 90 days yet
    b.member("Bo", since=None)  # unknown start: skipped
    carl = b.member("Carl", since=day_ago(400))
    dee = b.member("Dee", since=day_ago(400))
    hiring = b.area("Hiring")
    b.task(ana, 1, hiring)
    b.task(carl, 4, hiring)
    b.agree(dee, levels={hiring: 4})
    assert b.rule("MM008") == []
    b.configure("MM008", tenure_days=30, min_level=5)
    assert {flag.member for flag in b.rule("MM008")} == {"Ana", "Carl", "Dee"}
