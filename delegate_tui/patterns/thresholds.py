"""A rule's thresholds and on/off state as the workspace sets them, given the rule itself.

Rule modules use these for the predicates they share with the screens; they cannot go through
the registry (it imports them), so this module knows nothing of it.
"""

from __future__ import annotations

from delegate_tui.model import Settings
from delegate_tui.patterns.models import Rule


def is_enabled(rule: Rule, settings: Settings) -> bool:
    """Whether the workspace runs ``rule`` (rules are on unless switched off)."""
    stored = settings.rules.get(rule.id)
    return stored is None or stored.enabled


def params_of(rule: Rule, settings: Settings) -> dict[str, float]:
    """The rule's thresholds: the defaults overlaid with the workspace settings.

    Unknown keys in the settings are ignored and values are clamped to the parameter's range,
    so a hand-edited workspace cannot make the engine misbehave.
    """
    # Not ``get(rule.id, RuleSettings())``: the board asks this of every cell, and building a
    # model each time was most of its cost.
    found = settings.rules.get(rule.id)
    stored = found.params if found is not None else {}
    values: dict[str, float] = {}
    for param in rule.params:
        value = stored.get(param.name, param.default)
        if value != value:  # NaN compares unequal to itself; fall back to the default
            value = param.default
        values[param.name] = min(param.maximum, max(param.minimum, float(value)))
    return values
