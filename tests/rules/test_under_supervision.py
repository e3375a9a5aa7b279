"""MM015 under-supervision (delegate_tui/patterns/rules/under_supervision.py): when it fires and what excuses it."""

from __future__ import annotations

import pytest

from delegate_tui.model import AreaAgreement, Settings
from delegate_tui.patterns import Severity
from delegate_tui.patterns.rules.under_supervision import is_under_supervised
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """You rate Priya D1 in Tooling but agreed level 6 Inquire there.
    (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.agree(PRIYA, at=ago(100), levels={TOOLING: AreaAgreement(level=6, readiness="D1")})
    return b


def test_mm015_d1_readiness_at_level_six_or_seven_is_left_alone() -> None:
    flag = only(scenario().rule("MM015"))
    assert flag.severity is Severity.INFO and flag.category == "growth"
    assert flag.area_id == TOOLING
    assert flag.message == (
        "You rate Priya D1 (new to it) in Tooling, yet the agreed level there is 6 Inquire: they decide alone."
    )


@pytest.mark.parametrize(("level", "readiness", "fires"), [(7, "D1", True), (5, "D1", False), (7, "D2", False)])
def test_mm015_only_d1_at_the_top_levels(level: int, readiness: str, fires: bool) -> None:
    b = team()
    entry = AreaAgreement(level=level, readiness=readiness)
    b.agree(PRIYA, at=ago(100), levels={TOOLING: entry})
    assert bool(b.rule("MM015")) is fires
    assert is_under_supervised(entry, Settings()) is fires


def test_mm015_a_changed_level_is_a_new_finding() -> None:
    b = scenario()
    first = only(b.rule("MM015"))
    b.agree(PRIYA, at=ago(1), levels={TOOLING: AreaAgreement(level=7, readiness="D1")})
    assert only(b.rule("MM015")).id != first.id
