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


# --------------------------------------------------------------------------- Delegation Poker cards


def test_mm013_poker_cards_far_apart_in_the_latest_revealed_round() -> None:
    b = team()
    b.poker_round(PRIYA, TOOLING, {"Morgan": 6, "Priya": 3, "Sam": 4}, at=ago(2))
    flag = only(b.rule("MM013"))
    assert (flag.member_id, flag.area_id) == (PRIYA, TOOLING)
    assert (
        flag.message
        == "In Delegation Poker on Tooling, you played 6 Inquire and Priya played 3 Consult: 3 levels apart."
    )
    assert "would take less of Tooling" in flag.suggestion
    assert [(e.at, e.text) for e in flag.evidence] == [
        (ago(2), "Tooling: your card 6 Inquire, their card 3 Consult (review #1, round 1)")
    ]
    b.poker_round(PRIYA, TOOLING, {"morgan": 2, "Priya": 5}, at=ago(1), about="desired")  # names match loosely
    flag = only(b.rule("MM013"))
    assert flag.message.startswith("In Delegation Poker on the desired level in Tooling, you played 2 Sell")
    assert "would take more of Tooling" in flag.suggestion and flag.evidence[0].at == ago(1)


def test_mm013_poker_a_revote_that_comes_together_clears_it_an_unrevealed_one_does_not() -> None:
    b = team()
    b.poker_round(PRIYA, TOOLING, {"Morgan": 6, "Priya": 3}, at=ago(3))
    b.poker_round(PRIYA, TOOLING, {"Morgan": 6, "Priya": 5}, at=ago(2))
    assert b.rule("MM013") == []
    b.poker_round(PRIYA, TOOLING, {"Morgan": 7, "Priya": 1}, at=ago(1), revealed=False)  # cards still face down
    assert b.rule("MM013") == []


def test_mm013_poker_needs_both_cards_and_an_area() -> None:
    b = team()
    b.poker_round(PRIYA, TOOLING, {"Morgan": 7, "Sam": 1}, at=ago(3))  # Priya did not play
    b.poker_round(PRIYA, None, {"Morgan": 7, "Priya": 1}, at=ago(2))  # a situation typed in, no area
    assert b.rule("MM013") == []


def test_mm013_poker_cards_use_the_rules_own_gap_setting() -> None:
    b = team()
    b.poker_round(PRIYA, TOOLING, {"Morgan": 5, "Priya": 3}, at=ago(2))
    assert "2 levels apart" in only(b.rule("MM013")).message  # the default gap, 2
    b.configure("MM013", gap=3)
    assert b.rule("MM013") == []
    b.configure("MM013", gap=1)
    b.poker_round(PRIYA, TOOLING, {"Morgan": 5, "Priya": 4}, at=ago(1))
    assert "1 level apart." in only(b.rule("MM013")).message
    b.configure("MM013", enabled=False)
    assert b.rule("MM013") == []
