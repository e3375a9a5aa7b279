"""MM010 no-growth (delegate_tui/patterns/rules/no_growth.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.model import (
    AreaAgreement,
)
from delegate_tui.patterns import (
    Severity,
)
from tests.helpers.scenario import (
    PRIYA,
    TODAY,
    TOOLING,
    Builder,
    ago,
    day_ago,
    only,
    team,
)


def scenario() -> Builder:
    """Priya was to reach 5 Advise in Tooling by yesterday; she is still at 3 Consult. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=3, desired=5, desired_by=day_ago(1))})
    return b


def test_mm010_no_growth_goal() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), growth_goals=[" "])
    flag = only(b.rule("MM010"))
    assert flag.severity is Severity.INFO
    assert flag.message == "Priya's trust agreement has no growth goal and no desired level for any area."
    # A desired level with no date, or one more than a year away, is a wish, not a goal.
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=5, desired=6)})
    assert len(b.rule("MM010")) == 1
    b.agree(PRIYA, at=ago(3), levels={TOOLING: AreaAgreement(level=5, desired=6, desired_by=day_ago(-400))})
    assert len(b.rule("MM010")) == 1
    b.agree(PRIYA, at=ago(2), levels={TOOLING: AreaAgreement(level=5, desired=6, desired_by=day_ago(-300))})
    assert b.rule("MM010") == []  # a desired level with a date within a year is a growth goal


def test_mm010_desired_level_date_passed() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=3, desired=5, desired_by=day_ago(1))})
    flag = only(b.rule("MM010"))
    assert flag.area == "Tooling"
    assert flag.message == (
        f"Priya was to reach level 5 Advise in Tooling by {day_ago(1).isoformat()}, but the agreed level is still "
        "3 Consult."
    )
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=3, desired=5, desired_by=TODAY)})
    assert b.rule("MM010") == []
    b.agree(PRIYA, at=ago(3), levels={TOOLING: AreaAgreement(level=5, desired=5, desired_by=day_ago(1))})
    assert b.rule("MM010") == []


def test_mm010_skips_members_without_an_agreement() -> None:
    b = Builder()
    b.member("Omar")
    assert b.rule("MM010") == []
