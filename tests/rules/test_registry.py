"""The rule registry: the catalogue, settings and their validation, and that every rule is complete."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest

import delegate_tui.patterns.rules as rule_package
from delegate_tui.model import (
    InputError,
    RuleSettings,
    Settings,
)
from delegate_tui.patterns import (
    RULES,
    Severity,
    rule_params,
    validate_rule_setting,
)
from delegate_tui.patterns.docs import pages, rule_document
from delegate_tui.patterns.registry import CHECKS, REGISTRY, RULE_MODULES


def test_rules_catalogue() -> None:
    assert list(RULES) == [f"MM{n:03d}" for n in range(1, 17)]
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.summary and rule.what_it_checks and rule.why_it_matters and rule.example
        for param in rule.params:
            assert param.minimum <= param.default <= param.maximum, (rule_id, param.name)
            assert param.description
    assert RULES["MM001"].severity is Severity.WARNING and RULES["MM002"].severity is Severity.CRITICAL
    assert "Appelo" in RULES["MM002"].why_it_matters
    assert "Hersey" in RULES["MM006"].why_it_matters
    assert "self-determination" in RULES["MM001"].why_it_matters
    assert "Oncken" in RULES["MM016"].why_it_matters


def test_every_rule_has_a_category_and_upkeep_is_never_critical() -> None:
    categories = {rule_id: rule.category for rule_id, rule in RULES.items()}
    assert {rule_id for rule_id, category in categories.items() if category == "upkeep"} == {"MM009"}
    assert {rule_id for rule_id, category in categories.items() if category == "growth"} == {
        "MM010",
        "MM012",
        "MM013",
        "MM015",
        "MM016",
    }
    assert all(RULES[rule_id].severity is not Severity.CRITICAL for rule_id, c in categories.items() if c == "upkeep")


def test_rule_texts_show_values_in_words_not_parameter_names() -> None:
    """No "in the last window_days days" or "differ by gap steps": every setting shows as its value."""
    for rule_id, rule in RULES.items():
        text = rule_document(rule).sections[0][1]
        for param in rule.params:
            if "_" in param.name or param.name in ("gap", "factor"):  # "days" and "windows" are words too
                assert f" {param.name} " not in f" {text} ", (rule_id, param.name, text)
        assert "{" not in text, (rule_id, text)
    settings = Settings(rules={"MM001": RuleSettings(params={"window_days": 14})})
    assert "periods of 14 days" in rule_document(RULES["MM001"], settings).sections[0][1]
    assert "differ by 2 steps or more" in rule_document(RULES["MM013"]).sections[0][1]


def test_rule_params_overlay_defaults_and_clamp() -> None:
    settings = Settings()
    defaults = {"window_days": 28, "windows": 3, "sustained": 2, "factor": 1.5, "critical_factor": 3}
    assert rule_params(settings, "MM001") == defaults
    settings.rules["MM001"] = RuleSettings(params={"factor": 2, "bogus": 5, "window_days": 10_000})
    assert rule_params(settings, "mm001") == defaults | {"window_days": 365, "factor": 2}
    assert rule_params(settings, "MM010") == {}
    with pytest.raises(InputError, match="There is no rule 'MM099'"):
        rule_params(settings, "MM099")


def test_validate_rule_setting() -> None:
    assert validate_rule_setting("MM001", "factor", "2.5") == 2.5
    assert validate_rule_setting("mm001", "window_days", " 14 ") == 14
    with pytest.raises(InputError, match="There is no rule 'MM099'"):
        validate_rule_setting("MM099", "factor", "1")
    with pytest.raises(InputError) as info:
        validate_rule_setting("MM001", "x", "1")
    assert (
        str(info.value)
        == "MM001 has no setting 'x'; its settings are window_days, windows, sustained, factor, critical_factor."
    )
    with pytest.raises(InputError) as info:
        validate_rule_setting("MM001", "factor", "abc")
    assert str(info.value) == "factor must be a number between 1 and 10 (got 'abc')."
    with pytest.raises(InputError, match="between 1 and 10"):
        validate_rule_setting("MM001", "factor", "11")
    with pytest.raises(InputError, match="between 1 and 10"):
        validate_rule_setting("MM001", "factor", "nan")
    with pytest.raises(InputError, match="window_days must be a whole number between 1 and 365"):
        validate_rule_setting("MM001", "window_days", "2.5")
    with pytest.raises(InputError, match="MM010 has no setting 'x'; it has no settings"):
        validate_rule_setting("MM010", "x", "1")
    assert validate_rule_setting("MM011", "manager_share", "0.5") == 0.5


ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_module_is_registered_once_and_named_by_what_it_finds() -> None:
    found = sorted(info.name for info in pkgutil.iter_modules(rule_package.__path__))
    registered = sorted(module.__name__.rsplit(".", 1)[1] for module in RULE_MODULES)
    assert found == registered
    assert list(REGISTRY) == list(RULES) == list(CHECKS) == sorted(RULES)
    for rule_id, entry in REGISTRY.items():
        assert entry.module.__name__.rsplit(".", 1)[1] == entry.rule.name.replace("-", "_"), rule_id
        assert RULES[rule_id] == entry.rule.translated() and CHECKS[rule_id] is entry.check


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_every_rule_has_docs_a_check_tests_and_a_scenario(rule_id: str) -> None:
    entry = REGISTRY[rule_id]
    rule = entry.rule
    assert rule.summary and rule.what_it_checks and rule.why_it_matters and rule.example
    doc = entry.module.__doc__ or ""
    assert doc.startswith(f"{rule_id} {rule.name}: ") and "What excuses it:" in doc
    name = entry.module.__name__.rsplit(".", 1)[1]
    tests = importlib.import_module(f"tests.rules.test_{name}")
    assert [n for n in vars(tests) if n.startswith(f"test_{rule_id.lower()}_")], (
        f"no tests named test_{rule_id.lower()}_*"
    )
    # The scenario fires the rule through the whole engine, and only because of the rule: switched off, it is quiet.
    b = tests.scenario()
    assert b.rule(rule_id), f"the scenario of {rule_id} raises no {rule_id} flag"
    b.configure(rule_id, enabled=False)
    assert b.rule(rule_id) == []


def test_the_rule_pages_in_docs_are_current() -> None:
    folder = ROOT / "docs" / "rules"
    expected = pages()
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.md")}
    stale = sorted(name for name in expected if on_disk.get(name) != expected[name])
    extra = sorted(set(on_disk) - set(expected))
    assert not stale and not extra, (
        f"docs/rules/ is out of date (stale: {stale}, not a rule: {extra}); "
        "run: .venv/bin/python -m delegate_tui.patterns.docs"
    )


def test_delegate_rules_shows_the_rule_document_with_the_workspace_values(cli: Any, store: Any) -> None:
    """`delegate rules MM001` and the flags screen render the same document: its sections and settings."""
    assert cli("rules", "set", "MM001", "factor=2").code == 0
    result = cli("rules", "MM001")
    assert result.code == 0
    # textwrap may break lines at hyphens, so compare with all whitespace taken out.
    shown = "".join(result.out.split())

    def squeezed(text: str) -> str:
        return "".join(text.split())

    document = rule_document(RULES["MM001"], store.load().settings)
    for heading, text in document.sections:
        assert squeezed(heading) in shown and squeezed(text) in shown
    assert squeezed("factor = 2 (default 1.5): A period is excessive above this multiple of the allowance.") in shown
    assert squeezed("A period is excessive above 2 times the allowance.") in shown
    assert [squeezed(line) in shown for line in document.settings] == [True] * 5
    assert squeezed(document.settings_hint) in shown
