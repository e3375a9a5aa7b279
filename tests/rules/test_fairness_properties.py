"""Fairness properties of the engine, for arbitrary valid workspaces and histories and for each
rule's pattern (tests/rules/rule_strategies.py):

- member-started check-ins never add an MM001 flag (nor raise its severity);
- relaxing a cadence never adds a flag dated before the change;
- the order events were recorded in changes nothing (also with the new fields);
- adding a context to events never raises a severity.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from delegate_tui.model import (
    CADENCE_DAYS,
    MANAGER,
    ON_REQUEST,
    Event,
    EventContext,
    EventKind,
    Initiator,
    Member,
    Task,
    Workspace,
)
from delegate_tui.patterns import Flag, evaluate
from tests.rules.rule_strategies import any_history
from tests.rules.strategies import FAST, History, dumped

RELAXED = [*CADENCE_DAYS, ON_REQUEST]


def mm001(workspace: Workspace, events: list[Event], now: datetime) -> dict[str, int]:
    return {f.id: f.severity.rank for f in evaluate(workspace, events, now) if f.rule == "MM001"}


def ranks(flags: list[Flag]) -> dict[str, int]:
    return {flag.id: flag.severity.rank for flag in flags}


@FAST
@given(any_history(), st.lists(st.integers(min_value=0, max_value=83), min_size=10, max_size=60, unique=True))
def test_member_started_check_ins_never_add_an_mm001_flag(history: History, days_ago: list[int]) -> None:
    workspace, events, now = history
    before = mm001(workspace, events, now)
    member_id = min(workspace.members)
    asked = [
        Event(
            id=f"m{i:03d}",
            kind=EventKind.CHECKIN,
            at=now - timedelta(days=d),
            member_id=member_id,
            by=Initiator.MEMBER,
        )
        for i, d in enumerate(days_ago)
    ]
    after = mm001(workspace, [*events, *asked], now)
    assert set(after) <= set(before)
    assert all(after[flag_id] <= before[flag_id] for flag_id in after)


@FAST
@given(any_history(), st.integers(min_value=0, max_value=200 * 24))
def test_relaxing_a_cadence_never_adds_a_flag_dated_before_the_change(history: History, hours_ago: int) -> None:
    workspace, events, now = history
    if not workspace.agreements:
        return
    member_id = min(workspace.agreements)
    agreement = workspace.agreements[member_id]
    if agreement.cadence not in RELAXED or agreement.cadence == ON_REQUEST:
        return
    change = max(now - timedelta(hours=hours_ago), agreement.changed_at + timedelta(seconds=1))
    if change > now:
        return
    before = ranks(evaluate(workspace, events, now))
    lighter = RELAXED[RELAXED.index(agreement.cadence) + 1]
    relaxed = workspace.model_copy(deep=True)
    relaxed.agreements[member_id] = agreement.revised(
        agreement.terms().model_copy(update={"cadence": lighter}), change, acknowledged=agreement.acknowledged
    )
    for flag in evaluate(relaxed, events, now):
        if flag.id in before and flag.severity.rank <= before[flag.id]:
            continue
        dates = [item.at for item in flag.evidence if item.kind == "event" and item.at is not None]
        assert dates and max(dates) >= change, (flag.rule, flag.message)


@FAST
@given(any_history(), st.randoms(use_true_random=False))
def test_shuffling_the_recording_order_changes_nothing(history: History, rng: random.Random) -> None:
    workspace, events, now = history
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert dumped(evaluate(workspace, shuffled, now)) == dumped(evaluate(workspace, events, now))


@FAST
@given(any_history(), st.sampled_from(list(EventContext)), st.data())
def test_adding_context_never_raises_a_severity(history: History, context: EventContext, data: st.DataObject) -> None:
    workspace, events, now = history
    # Zed, whose level-6 task draws an override, an approval and two take-backs: every control rule
    # with a context has something to judge, whatever the drawn history holds.
    workspace = workspace.model_copy(deep=True)
    workspace.members[50] = Member(id=50, name="Zed")
    workspace.tasks[50] = Task(id=50, title="Zed's task", owner_id=50, level=6, created_at=now - timedelta(days=400))
    workspace.tasks[51] = Task(
        id=51, title="Zed's other task", owner_id=MANAGER, level=6, created_at=now - timedelta(days=400)
    )
    zed = [
        Event(id="z1", kind=EventKind.OVERRIDE, at=now - timedelta(days=3), member_id=50, task_id=50),
        Event(id="z2", kind=EventKind.APPROVAL, at=now - timedelta(days=4), member_id=50, task_id=50),
        Event(
            id="z3", kind=EventKind.REASSIGN, at=now - timedelta(days=5), task_id=51, from_owner=50, to_owner=MANAGER
        ),
        Event(
            id="z4",
            kind=EventKind.LEVEL_CHANGE,
            at=now - timedelta(days=6),
            task_id=50,
            member_id=50,
            from_level=6,
            to_level=2,
        ),
    ]
    events = [*events, *zed]
    chosen = data.draw(st.sets(st.sampled_from(range(len(events))), max_size=len(events))) if events else set()
    # Only events without a context get one: replacing one (leave by incident, say) takes an excuse away.
    given_context = [
        event.model_copy(update={"context": context})
        if index in chosen and event.context is None and event.kind not in (EventKind.NOTE, EventKind.PULSE)
        else event
        for index, event in enumerate(events)
    ]
    # Flags keyed differently (one per day instead of per event) may come and go; what may not
    # happen is a finding that is worse than the worst finding before about the same person and rule.
    worst: dict[tuple[str, int | None], int] = {}
    for flag in evaluate(workspace, events, now):
        key = (flag.rule, flag.member_id)
        worst[key] = max(worst.get(key, 0), flag.severity.rank)
    # A new finding (MM016 for a member-request, say) is info at most.
    for flag in evaluate(workspace, given_context, now):
        assert flag.severity.rank <= max(1, worst.get((flag.rule, flag.member_id), 0)), (flag.rule, flag.message)
