"""The engine: run every enabled rule over one evaluation context and sort the flags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from delegate_tui.model import Event, EventKind, RuleSettings, Workspace, utc
from delegate_tui.patterns.acknowledgements import ack_holds
from delegate_tui.patterns.context import Context
from delegate_tui.patterns.metrics import METRIC_DAYS
from delegate_tui.patterns.models import CATEGORY_RANK, Flag
from delegate_tui.patterns.registry import CHECKS, LOOKBACK
from delegate_tui.patterns.settings import rule_params

TIMELINE_KINDS = frozenset({EventKind.LEVEL_CHANGE, EventKind.REASSIGN, EventKind.STATUS_CHANGE, EventKind.UNDO})
"""The kinds of event the rule :class:`Context` keeps of all time: a task's level, owner and status
at any moment, and when it got its current level, come from them; and the undo events, so that an
event undone is left out however old its undo is."""


RULE_KINDS = frozenset(EventKind) - {EventKind.NOTE}
"""The kinds of event the rules read: the rule :class:`Context` drops notes (their text is private,
and no rule counts them)."""


def history_start(workspace: Workspace, now: datetime) -> datetime | None:
    """The earliest moment whose events the enabled rules read, besides those of :data:`TIMELINE_KINDS`
    (which they read from the start); None when a rule needs the whole history.

    ``evaluate`` over ``events(since=history_start(...), history=TIMELINE_KINDS, kinds=RULE_KINDS)``
    gives the same flags as over every event, reading only the recent months (docs/speed.md).
    """
    days = 0.0
    for rule_id in CHECKS:
        if not workspace.settings.rules.get(rule_id, RuleSettings()).enabled:
            continue
        lookback = LOOKBACK.get(rule_id)
        if lookback is None:
            return None
        days = max(days, lookback(rule_params(workspace.settings, rule_id)))
    # A window of N days starts at the first local midnight after now - N days (Context.since), and
    # MM001's periods at the local midnights of their days: two days to spare covers both, with any
    # daylight-saving shift between.
    return utc(now) - timedelta(days=days + 2)


def evaluation_start(workspace: Workspace, now: datetime) -> datetime | None:
    """The earliest moment whose events the flags and the metrics at ``now`` read, besides those of
    :data:`TIMELINE_KINDS` (read from the start): :func:`history_start` and the metrics' twelve weeks;
    None when a rule needs the whole history."""
    rules = history_start(workspace, now)
    if rules is None:
        return None
    # Two days to spare, as for the rules: the weeks are whole local days.
    return min(rules, utc(now) - timedelta(days=METRIC_DAYS + 2))


def _sort_key(flag: Flag) -> tuple[int, str, str, int, int, int, str, str]:
    # Team-wide flags (no member) come first; then members by name. Within each, control flags
    # come first, then growth, then upkeep, each most severe first.
    category = CATEGORY_RANK[flag.category]
    if flag.member_id is None:
        return (0, "", "", 0, category, -flag.severity.rank, flag.rule, flag.id)
    name = flag.member or ""
    return (1, name.casefold(), name, flag.member_id, category, -flag.severity.rank, flag.rule, flag.id)


def evaluate(
    workspace: Workspace,
    events: Sequence[Event],
    now: datetime,
    *,
    include_acknowledged: bool = False,
    member_id: int | None = None,
    context: Context | None = None,
) -> list[Flag]:
    """Run every enabled rule and return the flags, sorted by member name (team-wide flags first),
    then category (control, growth, upkeep), severity (most severe first), rule id and flag id.

    Events after ``now`` are ignored. Acknowledged flags are left out while their acknowledgment
    holds, unless ``include_acknowledged`` (they then carry ``acknowledged``). With ``member_id``
    only that member's flags are returned. ``context``, built from the same workspace, events and
    ``now``, is used instead of indexing the events again (a caller that also computes metrics).
    """
    ctx = context if context is not None else Context(workspace, events, now)
    ctx.raised = []  # this evaluation's flags only, should the context have served one before
    flags: list[Flag] = []
    for rule_id, check in CHECKS.items():
        if not workspace.settings.rules.get(rule_id, RuleSettings()).enabled:
            continue
        params = rule_params(workspace.settings, rule_id)
        raised = list(check(ctx, params))
        # Rules later in the table may read what earlier ones found (MM014 looks for control flags).
        ctx.raised.extend(raised)
        for flag in raised:
            if member_id is not None and flag.member_id != member_id:
                continue
            ack = workspace.acks.get(flag.id)
            if ack_holds(ack, flag, ctx.today):
                if not include_acknowledged:
                    continue
                flag.acknowledged = ack
            flags.append(flag)
    flags.sort(key=_sort_key)
    return flags
