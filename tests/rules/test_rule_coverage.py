"""The property tests reach every rule: each rule's generator fires it in a good share of examples
and leaves it silent in a good share (tests/rules/rule_strategies.py).

The examples are drawn with a fixed seed (``derandomize``), so the counts are the same on every
run: a change that makes a generator miss its rule fails here, never by chance.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from delegate_tui.patterns import REGISTRY, evaluate
from tests.rules.rule_strategies import RULE_HISTORIES
from tests.rules.strategies import History

EXAMPLES = 100
SHARE = 0.2
"""At least this share of the examples fires the rule, and at least this share does not."""


def firing(rule_id: str) -> tuple[int, int]:
    """How many of the rule's generated examples fire it, out of how many were drawn."""
    counts = [0, 0]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(RULE_HISTORIES[rule_id]())
    def draw(history: History) -> None:
        workspace, events, now = history
        counts[0] += 1
        counts[1] += any(flag.rule == rule_id for flag in evaluate(workspace, events, now))

    draw()
    return counts[1], counts[0]


def test_every_rule_in_the_registry_has_a_generator() -> None:
    assert sorted(RULE_HISTORIES) == sorted(REGISTRY), "add the new rule's generator to RULE_HISTORIES"


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_each_rule_fires_in_a_good_share_of_its_examples_and_not_in_all(rule_id: str) -> None:
    assert rule_id in RULE_HISTORIES, f"{rule_id} has no generator in tests/rules/rule_strategies.py"
    fired, drawn = firing(rule_id)
    assert drawn >= EXAMPLES * 0.9, f"only {drawn} distinct examples drawn for {rule_id}"
    assert fired >= SHARE * drawn, f"{rule_id} fired in only {fired} of {drawn} examples of its generator"
    assert drawn - fired >= SHARE * drawn, f"{rule_id} fired in {fired} of {drawn}: its thresholds are never missed"
