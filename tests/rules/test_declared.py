"""Each rule's documentation, as its module declares it, is what pydantic would make of it.

The rule modules build their ``RULE`` and thresholds without validation (``Rule.declare``,
``param``), so that importing them on the way to the UI's first paint builds no validator; these
tests are the validation instead.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from delegate_tui.patterns.models import Rule, RuleParam
from delegate_tui.patterns.registry import REGISTRY


@pytest.mark.parametrize("rule_id", sorted(REGISTRY))
def test_declared_rule_is_what_validation_makes_of_it(rule_id: str) -> None:
    declared = REGISTRY[rule_id].rule
    validated = Rule.model_validate(declared.model_dump(exclude_unset=True))
    assert declared == validated
    assert declared.model_dump(mode="json") == validated.model_dump(mode="json")
    assert declared.model_fields_set == validated.model_fields_set
    for mine, theirs in zip(declared.params, validated.params, strict=True):
        assert type(mine) is RuleParam
        assert mine.model_fields_set == theirs.model_fields_set
        assert [type(getattr(mine, name)) for name in RuleParam.model_fields] == [
            type(getattr(theirs, name)) for name in RuleParam.model_fields
        ]


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_a_declaration_pydantic_would_refuse_is_caught_here() -> None:
    # What the test above guards against: declare() takes anything.
    odd = Rule.declare(
        id="MM999", name="odd", severity="sometimes", summary="s", what_it_checks="w", why_it_matters="y"
    )
    with pytest.raises(ValueError):
        Rule.model_validate(odd.model_dump())


def test_importing_the_boards_rules_builds_no_validator() -> None:
    code = (
        "import delegate_tui.patterns.rules.over_supervision, delegate_tui.patterns.rules.perception_gap\n"
        "from delegate_tui.patterns.models import Rule, RuleParam\n"
        "print(type(Rule.__pydantic_validator__).__name__, type(RuleParam.__pydantic_validator__).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["MockValSer", "MockValSer"]
