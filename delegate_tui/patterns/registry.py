"""The one table of rules: each rule module's documentation and its check, in rule-id order.

Everything else is derived from it: ``RULES`` (what ``delegate rules``, the flags screen and the
generated pages in docs/rules/ show) and ``CHECKS`` (what :func:`evaluate` runs), so the two
cannot drift apart. Adding a rule means adding its module to ``RULE_MODULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType

from delegate_tui.i18n import current as current_language
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.models import Flag, Rule
from delegate_tui.patterns.rules import (
    approval_on_delegated,
    below_agreement,
    bottleneck,
    cadence_never_relaxes,
    decision_overridden,
    dictated_deadline,
    low_pulse,
    no_autonomy,
    no_growth,
    over_monitoring,
    over_supervision,
    perception_gap,
    reverse_delegation,
    stale_agreement,
    taken_back,
    under_supervision,
)

Check = Callable[[Context, Params], Iterator[Flag]]


@dataclass(frozen=True)
class RuleEntry:
    """A rule as the registry holds it: its documentation, its check and the module that holds both."""

    rule: Rule
    check: Check
    module: ModuleType


RULE_MODULES: tuple[ModuleType, ...] = (
    over_monitoring,
    decision_overridden,
    approval_on_delegated,
    taken_back,
    below_agreement,
    over_supervision,
    dictated_deadline,
    no_autonomy,
    stale_agreement,
    no_growth,
    bottleneck,
    cadence_never_relaxes,
    perception_gap,
    low_pulse,
    under_supervision,
    reverse_delegation,
)

REGISTRY: dict[str, RuleEntry] = {
    module.RULE.id: RuleEntry(rule=module.RULE, check=module.check, module=module) for module in RULE_MODULES
}


class RuleBook(Mapping[str, Rule]):
    """The rules by id, their documentation in the current language (rule modules keep it in
    English: they are imported before the language is chosen, and the UI can switch it)."""

    def __init__(self, rules: dict[str, Rule]) -> None:
        self._rules = rules
        self._translated: dict[str, dict[str, Rule]] = {}

    def _book(self) -> dict[str, Rule]:
        language = current_language()
        book = self._translated.get(language)
        if book is None:
            book = self._translated[language] = {key: rule.translated() for key, rule in self._rules.items()}
        return book

    def __getitem__(self, key: str) -> Rule:
        return self._book()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._rules)

    def __len__(self) -> int:
        return len(self._rules)


RULES: RuleBook = RuleBook({rule_id: entry.rule for rule_id, entry in REGISTRY.items()})
"""Every rule's documentation and thresholds, by id, in the current language."""

CHECKS: dict[str, Check] = {rule_id: entry.check for rule_id, entry in REGISTRY.items()}
"""Every rule's check, by id."""


LOOKBACK: dict[str, Callable[[Mapping[str, float]], float]] = {
    "MM001": lambda p: p["window_days"] * p["windows"],  # its periods of check-ins
    "MM002": lambda p: p["lookback_days"],
    "MM003": lambda p: p["lookback_days"],
    "MM004": lambda p: p["window_days"] + 1,  # the reviews of the day before the window count too
    "MM005": lambda p: 0,
    "MM006": lambda p: 0,
    "MM007": lambda p: p["lookback_days"],
    "MM008": lambda p: 0,
    "MM009": lambda p: 0,
    "MM010": lambda p: 0,
    "MM011": lambda p: 0,
    "MM012": lambda p: 0,
    "MM013": lambda p: 0,
    "MM014": lambda p: p["lookback_days"],
    "MM015": lambda p: 0,
    "MM016": lambda p: p["lookback_days"],
}
"""How many days of events each rule reads back from now, given its thresholds: the longest window
it passes to ``Context.recent`` or counts check-ins in (0: it reads no window of events). Every rule
also reads the task timelines (level changes, reassignments, status changes) of all time, which are
always kept. A rule missing here is taken to read the whole history (see :func:`history_start`)."""
