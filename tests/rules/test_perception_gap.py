"""MM013 perception-gap (delegate_tui/patterns/rules/perception_gap.py): when it fires and what excuses it."""

from __future__ import annotations

from delegate_tui.model import (
    AreaAgreement,
    RuleSettings,
    Settings,
)
from delegate_tui.patterns import (
    Severity,
)
from delegate_tui.patterns.rules.perception_gap import is_perception_gap
from tests.helpers.scenario import (
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """The manager rates Priya D4 in Tooling; she rates herself D2. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D2")})
    return b


def test_mm013_gap_of_two_steps() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D2")})
    flag = only(b.rule("MM013"))
    assert flag.severity is Severity.INFO
    assert flag.message == "Priya rates their own readiness in Tooling as D2, while you rate it D4: a gap of 2 steps."
    assert "may doubt themselves" in flag.suggestion
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=5, readiness="D1", self_readiness="D4")})
    flag = only(b.rule("MM013"))
    assert "a gap of 3 steps" in flag.message and "feels more ready" in flag.suggestion


def test_mm013_ignores_small_gaps_and_missing_views() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D3")})
    assert b.rule("MM013") == []
    b.agree(PRIYA, at=ago(4), levels={TOOLING: AreaAgreement(level=5, readiness="D4")})
    assert b.rule("MM013") == []
    b.agree(PRIYA, at=ago(3), levels={TOOLING: AreaAgreement(level=5, readiness="D4", self_readiness="D3")})
    b.configure("MM013", gap=1)
    assert len(b.rule("MM013")) == 1


def test_mm013_is_perception_gap_takes_the_workspace_settings() -> None:
    entry = AreaAgreement(level=5, readiness="D4", self_readiness="D2")
    settings = Settings()
    assert is_perception_gap(entry, settings)
    settings.rules["MM013"] = RuleSettings(params={"gap": 3})
    assert not is_perception_gap(entry, settings)
    settings.rules["MM013"] = RuleSettings(enabled=False)
    assert not is_perception_gap(AreaAgreement(level=5, readiness="D4", self_readiness="D1"), settings)
    assert not is_perception_gap(AreaAgreement(level=5, readiness="D4"), Settings())
