"""Property tests of the rule engine over arbitrary valid workspaces and histories, and over each
rule's pattern at and around its thresholds (tests/rules/rule_strategies.py: every rule is reached)."""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from delegate_tui.localtime import local_day, local_zone
from delegate_tui.model import (
    AreaAgreement,
    DecisionArea,
    FlagAck,
    Member,
    RuleSettings,
    TrustAgreement,
    Workspace,
)
from delegate_tui.patterns import RULES, evaluate, member_metrics, rule_params, team_metrics
from tests.helpers.clock import NOW
from tests.rules.rule_strategies import any_history
from tests.rules.strategies import QUICK, THOROUGH, History, area_agreements, dumped


def window_days(workspace: Workspace, rule_id: str) -> float | None:
    """How many days back a rule reads events, as the workspace sets it (None: it reads no window)."""
    params = rule_params(workspace.settings, rule_id)
    if "lookback_days" in params:
        return params["lookback_days"]
    if "window_days" in params:
        return params["window_days"] * params.get("windows", 1)
    return None


@THOROUGH
@given(any_history(), st.randoms(use_true_random=False))
def test_evaluate_is_total_deterministic_order_free_and_acknowledgeable(history: History, rng: random.Random) -> None:
    workspace, events, now = history
    by_id = {event.id: event for event in events}
    flags = evaluate(workspace, events, now)
    assert dumped(evaluate(workspace, events, now)) == dumped(flags)
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert dumped(evaluate(workspace, shuffled, now)) == dumped(flags)
    # Events after now change nothing.
    assert dumped(evaluate(workspace, [e for e in events if e.at <= now], now)) == dumped(flags)
    # Every flag is well formed, ids are unique, and the order is the documented one.
    assert len({flag.id for flag in flags}) == len(flags)
    for flag in flags:
        assert flag.rule in RULES and flag.id.startswith(flag.rule + "-")
        assert workspace.settings.rules.get(flag.rule, RuleSettings()).enabled
        assert flag.message and flag.suggestion and flag.acknowledged is None
        assert flag.category == RULES[flag.rule].category
        assert not (flag.category == "upkeep" and flag.severity.value == "critical")
        assert flag.member_id is None or flag.member == workspace.members[flag.member_id].name
        assert flag.task_id is None or flag.task_id in workspace.tasks
        assert flag.area_id is None or flag.area == workspace.areas[flag.area_id].name
        # Event evidence is events of the history, none after now, none before the rule's window.
        window = window_days(workspace, flag.rule)
        for item in flag.evidence:
            if item.kind == "event":
                assert item.ref in by_id and item.at == by_id[item.ref].at and item.at <= now
                assert window is None or item.at >= now - timedelta(days=window), (flag.rule, item.text)
            elif item.kind == "task":
                assert (
                    item.ref.removeprefix("task #").isdigit()
                    and int(item.ref.removeprefix("task #")) in workspace.tasks
                )
    rank = {"control": 0, "growth": 1, "upkeep": 2}
    keys = [
        (
            flag.member_id is not None,
            (flag.member or "").casefold(),
            flag.member or "",
            flag.member_id or 0,
            rank[flag.category],
            -flag.severity.rank,
            flag.rule,
            flag.id,
        )
        for flag in flags
    ]
    assert keys == sorted(keys)
    # Acknowledging every flag with its evidence hides them all; include_acknowledged shows them again.
    for flag in flags:
        workspace.acks[flag.id] = FlagAck(
            flag_id=flag.id, reason="seen", at=now, evidence=[item.ref for item in flag.evidence]
        )
    assert evaluate(workspace, shuffled, now) == []
    shown = evaluate(workspace, events, now, include_acknowledged=True)
    assert [flag.id for flag in shown] == [flag.id for flag in flags]
    assert all(flag.acknowledged is workspace.acks[flag.id] for flag in shown)
    # An acknowledgment that ended yesterday (the manager's local yesterday) hides nothing.
    for ack in workspace.acks.values():
        ack.until = local_day(now, local_zone(workspace)) - timedelta(days=1)
    assert dumped(evaluate(workspace, events, now)) == dumped(flags)


@QUICK
@given(any_history(), st.randoms(use_true_random=False))
def test_metrics_are_total_bounded_and_order_free(history: History, rng: random.Random) -> None:
    workspace, events, now = history
    members = member_metrics(workspace, events, now)
    assert set(members) == set(workspace.members)
    for metrics in members.values():
        assert 0.0 <= metrics.autonomy_index <= 1.0
        assert len(metrics.weekly_checkins) == 12 and len(metrics.weekly_autonomy) == 12
        assert all(0.0 <= value <= 1.0 for value in metrics.weekly_autonomy)
        assert metrics.checkins_last_28 == sum(metrics.weekly_checkins[-4:])
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert member_metrics(workspace, shuffled, now) == members
    team = team_metrics(workspace, events, now)
    assert sorted(team.level_distribution) == list(range(1, 8))
    assert sum(team.level_distribution.values()) == sum(task.status.is_open for task in workspace.tasks.values())
    assert 0.0 <= team.manager_share_open <= 1.0 and 0.0 <= team.autonomy_index <= 1.0


@QUICK
@given(
    entry=area_agreements(),
    d3=st.integers(1, 7),
    d4=st.integers(1, 7),
    gap=st.integers(1, 3),
    mm006_on=st.booleans(),
    mm013_on=st.booleans(),
)
def test_the_board_readiness_mark_agrees_with_the_flags_for_any_settings(
    entry: AreaAgreement, d3: int, d4: int, gap: int, mm006_on: bool, mm013_on: bool
) -> None:
    """Whatever the manager sets with `delegate rules`, the board's mark is there exactly when check flags the cell."""
    from delegate_tui.screens.board import readiness_mismatch

    ws = Workspace(manager="Morgan")
    ws.members[1] = Member(id=1, name="Priya")
    ws.areas[1] = DecisionArea(id=1, name="Tooling")
    ws.agreements[1] = TrustAgreement(member_id=1, changed_at=NOW - timedelta(days=5), levels={1: entry})
    ws.settings.rules["MM006"] = RuleSettings(enabled=mm006_on, params={"d3_max_level": d3, "d4_max_level": d4})
    ws.settings.rules["MM013"] = RuleSettings(enabled=mm013_on, params={"gap": gap})
    flagged = any(flag.rule in ("MM006", "MM013") and flag.area_id == 1 for flag in evaluate(ws, [], NOW))
    assert readiness_mismatch(entry, ws.settings) == flagged
