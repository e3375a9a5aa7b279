"""The micromanagement rule engine: pure functions, no Textual, no TinyDB.

:func:`evaluate` takes the workspace, the event history and a moment ("now") and returns
:class:`Flag` objects, each with its rule, the numbers, the evidence and a suggestion phrased for
the manager. The same input always gives the same output: events are sorted by ``(at, id)``
before anything is read, and events after ``now`` are ignored.

What is read "as of a moment" and what is read as it stands:

* Events are history: only those at or before ``now`` count, and windows such as "the last
  28 days" end at ``now`` and hold whole local days of the manager (today and the 27 days
  before). Apart from that cut-off, every result depends on ``now`` only through its local day.
* A task's level at a past moment is rebuilt from its ``level_change`` events
  (:func:`level_at`); its owner at a past moment from its ``reassign`` events.
* An agreement's terms at a past moment are the version in force then (the latest version whose
  ``changed_at`` is at or before that moment; none before the first version).
* Everything else (tasks, their status, the current agreement terms, members, areas) is taken
  as it stands in the workspace: the store holds no history for it.

An event is about the member in its ``member_id``; an event on a task without one (or with the
manager's id) is about the task's owner at that moment. Agreed levels for decision areas that no
longer exist in ``workspace.areas`` are ignored everywhere, and flags are only raised about
members that exist in ``workspace.members``. Event ids are taken to be unique (the store makes
them so); they are the evidence references that acknowledgments remember.

The package: one module per rule in ``rules/`` (documentation, thresholds, check and the
predicates screens share), the one table of them in ``registry``, and the shared machinery
(``timeline``, ``context``, ``evidence``, ``engine``, ``acknowledgements``, ``metrics``) beside it;
``span`` says for how long a result stays the same (:func:`unchanged_span`).
See docs/rules/ for the rules themselves.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from delegate_tui.patterns.engine import evaluate
    from delegate_tui.patterns.metrics import MemberMetrics, TeamMetrics, member_metrics, team_metrics
    from delegate_tui.patterns.models import Evidence, Flag, Rule, RuleParam, Severity
    from delegate_tui.patterns.registry import REGISTRY, RULES
    from delegate_tui.patterns.settings import lookup_rule, rule_enabled, rule_params, validate_rule_setting
    from delegate_tui.patterns.span import unchanged_span
    from delegate_tui.patterns.timeline import level_at

# Where each public name lives. They are imported on first use (PEP 562): a screen that imports
# one rule's predicate (``patterns.rules.perception_gap``) loads this package first, and loading
# the engine, the registry of every rule and the metrics with it cost the UI's first paint 20 ms.
_HOMES = {
    "evaluate": "engine",
    "MemberMetrics": "metrics",
    "TeamMetrics": "metrics",
    "member_metrics": "metrics",
    "team_metrics": "metrics",
    "Evidence": "models",
    "Flag": "models",
    "Rule": "models",
    "RuleParam": "models",
    "Severity": "models",
    "REGISTRY": "registry",
    "RULES": "registry",
    "lookup_rule": "settings",
    "rule_enabled": "settings",
    "rule_params": "settings",
    "validate_rule_setting": "settings",
    "unchanged_span": "span",
    "level_at": "timeline",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


__all__ = [
    "REGISTRY",
    "RULES",
    "Evidence",
    "Flag",
    "MemberMetrics",
    "Rule",
    "RuleParam",
    "Severity",
    "TeamMetrics",
    "evaluate",
    "level_at",
    "lookup_rule",
    "member_metrics",
    "rule_enabled",
    "rule_params",
    "team_metrics",
    "unchanged_span",
    "validate_rule_setting",
]
