"""A rule by its id, its thresholds as the workspace sets them, and checking a new setting."""

from __future__ import annotations

from delegate_tui.i18n import _
from delegate_tui.model import (
    InputError,
    Settings,
)
from delegate_tui.patterns.models import Rule
from delegate_tui.patterns.registry import RULES
from delegate_tui.patterns.text import format_number
from delegate_tui.patterns.thresholds import is_enabled, params_of


def lookup_rule(rule_id: str) -> Rule:
    """The rule with this id (any case, spaces around ignored), or an InputError naming the rules."""
    rule = RULES.get(str(rule_id).strip().upper())
    if rule is None:
        raise InputError(
            _("There is no rule {rule!r}; the rules are {first} to {last}.").format(
                rule=str(rule_id), first=next(iter(RULES)), last=next(reversed(RULES))
            )
        )
    return rule


def rule_enabled(settings: Settings, rule_id: str) -> bool:
    """Whether the workspace runs this rule (rules are on unless switched off)."""
    return is_enabled(lookup_rule(rule_id), settings)


def rule_params(settings: Settings, rule_id: str) -> dict[str, float]:
    """A rule's thresholds: the defaults overlaid with the workspace settings, clamped to their ranges."""
    return params_of(lookup_rule(rule_id), settings)


def validate_rule_setting(rule_id: str, key: str, value: str) -> float:
    """Check one ``KEY=VALUE`` rule setting and return the value as a number."""
    rule = lookup_rule(rule_id)
    param = next((p for p in rule.params if p.name == key.strip()), None)
    if param is None:
        if not rule.params:
            raise InputError(_("{rule} has no setting {key!r}; it has no settings.").format(rule=rule.id, key=key))
        raise InputError(
            _("{rule} has no setting {key!r}; its settings are {names}.").format(
                rule=rule.id, key=key, names=", ".join(p.name for p in rule.params)
            )
        )
    try:
        number = float(str(value).strip())
    except ValueError:
        number = float("nan")
    valid = number == number and param.minimum <= number <= param.maximum
    if param.integer and valid and not number.is_integer():
        valid = False
    if not valid:
        text = (
            _("{name} must be a whole number between {minimum} and {maximum} (got {value!r}).")
            if param.integer
            else _("{name} must be a number between {minimum} and {maximum} (got {value!r}).")
        )
        raise InputError(
            text.format(
                name=param.name,
                minimum=format_number(param.minimum),
                maximum=format_number(param.maximum),
                value=str(value),
            )
        )
    return number
