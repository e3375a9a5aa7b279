"""Hypothesis strategies over workspaces and histories (arbitrary valid ones, drawn at random),
and the settings and helpers the property tests share.

:func:`histories` draws anything valid, ids pointing nowhere included; it rarely puts a rule's
pattern together (see tests/rules/rule_strategies.py for the generators that do, one per rule).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from delegate_tui.model import (
    AgreementVersion,
    AreaAgreement,
    AwayPeriod,
    DecisionArea,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    Initiator,
    Member,
    Readiness,
    RuleSettings,
    Settings,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
)
from delegate_tui.patterns import RULES, Flag
from tests.helpers.clock import NOW

History = tuple[Workspace, list[Event], datetime]
"""A workspace, its event history and the moment it is judged at."""

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THOROUGH = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""For the engine's main invariants: each rule's generator gets about eighteen examples."""


def dumped(flags: list[Flag]) -> list[dict[str, Any]]:
    """Flags as plain data, to compare two evaluations field by field."""
    return [flag.model_dump(mode="json") for flag in flags]


UNKNOWN = 99  # an id that no member, task or area has

moments = st.integers(min_value=-400 * 24, max_value=60 * 24).map(lambda hours: NOW + timedelta(hours=hours))
# Most events fall in the windows the rules look at (the last 90 days), some before and after.
recent = st.integers(min_value=-100 * 24, max_value=3 * 24).map(lambda hours: NOW + timedelta(hours=hours))
event_moments = recent | moments
dates = st.integers(min_value=-500, max_value=120).map(lambda days: NOW.date() + timedelta(days=days))
levels = st.sampled_from(list(DelegationLevel))
readiness = st.none() | st.sampled_from(list(Readiness))
cadences = st.sampled_from(["daily", "twice-weekly", "weekly", "biweekly", "monthly", "on-request", "10d", "1d"])
reasons = st.sampled_from([None, "", "  ", "on leave", "?", "x"])
contexts = st.none() | st.sampled_from(list(EventContext))
initiators = st.none() | st.sampled_from(list(Initiator))


@st.composite
def area_agreements(draw: st.DrawFn) -> AreaAgreement:
    return AreaAgreement(
        level=draw(levels),
        desired=draw(st.none() | levels),
        desired_by=draw(st.none() | dates),
        readiness=draw(readiness),
        self_readiness=draw(readiness),
    )


@st.composite
def terms(draw: st.DrawFn, area_ids: list[int]) -> dict[str, Any]:
    areas = draw(st.lists(st.sampled_from([*area_ids, UNKNOWN]), max_size=4, unique=True))
    return {
        "levels": {area_id: draw(area_agreements()) for area_id in areas},
        "cadence": draw(cadences),
        "growth_goals": draw(st.lists(st.sampled_from(["Lead a release", " "]), max_size=2)),
        "review_every_days": draw(st.integers(min_value=1, max_value=400)),
        "last_review": draw(st.none() | dates),
        "acknowledged": draw(st.booleans()),
    }


@st.composite
def agreements(draw: st.DrawFn, member_id: int, area_ids: list[int]) -> TrustAgreement:
    count = draw(st.integers(min_value=1, max_value=4))
    stamps = draw(st.lists(moments, min_size=count, max_size=count))
    history = [
        AgreementVersion(**draw(terms(area_ids)), version=number, changed_at=stamp)
        for number, stamp in enumerate(stamps[:-1], start=1)
    ]
    return TrustAgreement(
        **draw(terms(area_ids)), member_id=member_id, version=count, changed_at=stamps[-1], history=history
    )


@st.composite
def rule_settings(draw: st.DrawFn) -> Settings:
    chosen = draw(st.lists(st.sampled_from(list(RULES)), max_size=4, unique=True))
    result = Settings()
    for rule_id in chosen:
        params = {
            param.name: float(
                draw(st.integers(min_value=int(param.minimum), max_value=int(param.maximum)))
                if param.integer
                else draw(st.floats(min_value=param.minimum, max_value=param.maximum))
            )
            for param in RULES[rule_id].params
            if draw(st.booleans())
        }
        result.rules[rule_id] = RuleSettings(enabled=draw(st.booleans()), params=params)
    return result


@st.composite
def event_lists(draw: st.DrawFn, member_ids: list[int], task_ids: list[int], area_ids: list[int]) -> list[Event]:
    def likely(ids: list[int], *odd: int) -> st.SearchStrategy[int | None]:
        # Mostly real ids, so that rules fire; sometimes none, the manager (0) or an unknown id.
        rare = st.none() | st.sampled_from(list(odd))
        return (st.sampled_from(ids) | rare) if ids else rare

    member_choice = likely(member_ids, 0, UNKNOWN)
    owner_choice = likely(member_ids, 0, 0, UNKNOWN)
    task_choice = likely(task_ids, UNKNOWN)
    area_choice = st.none() | likely(area_ids, UNKNOWN)
    count = draw(st.integers(min_value=0, max_value=30))
    # A few shared moments, so that ties in time (broken by id) happen often.
    shared = draw(st.lists(event_moments, min_size=1, max_size=5))
    events: list[Event] = []
    if draw(st.booleans()) and member_ids:
        # A burst of recent check-ins with one member, enough to trip over-monitoring now and then.
        member_id = draw(st.sampled_from(member_ids))
        for at in draw(st.lists(recent, max_size=14)):
            events.append(Event(id=f"c{len(events):03d}", kind=EventKind.CHECKIN, at=at, member_id=member_id))
        # ... and a steady habit over two months, enough for a sustained excess.
        for days in draw(st.lists(st.integers(0, 60), max_size=30)):
            events.append(
                Event(
                    id=f"c{len(events):03d}",
                    kind=EventKind.CHECKIN,
                    at=NOW - timedelta(days=days, hours=draw(st.integers(0, 23))),
                    member_id=member_id,
                    by=draw(initiators),
                    context=draw(st.none() | st.just(EventContext.INCIDENT)),
                )
            )
    for index in range(count):
        kind = draw(st.sampled_from(list(EventKind)))
        fields: dict[str, Any] = {}
        # Only the fields the kind carries are drawn: the rest stay empty, as the app records them,
        # and drawing fewer values keeps the test fast.
        if kind is EventKind.LEVEL_CHANGE:
            fields = {"from_level": draw(st.none() | levels), "to_level": draw(st.none() | levels)}
        elif kind is EventKind.REASSIGN:
            fields = {"from_owner": draw(owner_choice), "to_owner": draw(owner_choice)}
        elif kind is EventKind.DUE_CHANGE:
            fields = {"from_due": draw(st.none() | dates), "to_due": draw(st.none() | dates)}
        elif kind is EventKind.STATUS_CHANGE:
            fields = {"from_status": draw(st.none() | st.sampled_from(list(TaskStatus))), "to_status": TaskStatus.DONE}
        elif kind is EventKind.PULSE:
            fields = {"score": draw(st.integers(1, 5))}
        if kind in (EventKind.CHECKIN, EventKind.APPROVAL):
            fields["by"] = draw(initiators)
        if kind in (EventKind.LEVEL_CHANGE, EventKind.REASSIGN, EventKind.DUE_CHANGE):
            fields["reason"] = draw(reasons)
        if kind is not EventKind.PULSE and kind is not EventKind.NOTE:
            fields["context"] = draw(contexts)
        events.append(
            Event(
                id=f"e{index:03d}",
                kind=kind,
                at=draw(st.sampled_from(shared) | event_moments),
                member_id=draw(member_choice),
                task_id=draw(task_choice),
                area_id=draw(area_choice),
                **fields,
            )
        )
    return events


@st.composite
def away_periods(draw: st.DrawFn) -> list[AwayPeriod]:
    periods = []
    for start in draw(st.lists(dates, max_size=2)):
        periods.append(AwayPeriod(start=start, end=start + timedelta(days=draw(st.integers(0, 20)))))
    return periods


@st.composite
def histories(draw: st.DrawFn) -> History:
    """Any valid workspace and history, with ids that point nowhere now and then."""
    names = draw(st.lists(st.sampled_from(["Priya", "Sam", "Omar", "Lena", "Ana", "priya"]), min_size=1, max_size=5))
    members = {
        number: Member(id=number, name=name, since=draw(st.none() | dates), away=draw(away_periods()))
        for number, name in enumerate(names, 1)
    }
    areas = {
        number: DecisionArea(id=number, name=name)
        for number, name in enumerate(draw(st.lists(st.sampled_from(["Tooling", "Hiring", "Budget"]), max_size=3)), 1)
    }
    area_ids, member_ids = list(areas), list(members)
    tasks = {}
    for number in range(1, draw(st.integers(min_value=0, max_value=10)) + 1):
        tasks[number] = Task(
            id=number,
            title=f"Task {number}",
            owner_id=draw(st.sampled_from([0, 0, UNKNOWN, *member_ids])),
            area_id=draw(st.none() | st.sampled_from([UNKNOWN, *area_ids])),
            level=draw(levels),
            status=draw(st.sampled_from(list(TaskStatus))),
            due=draw(st.none() | dates),
            created_at=draw(moments),
        )
    agreed = draw(st.lists(st.sampled_from(member_ids), unique=True)) if member_ids else []
    workspace = Workspace(
        members=members,
        areas=areas,
        tasks=tasks,
        agreements={member_id: draw(agreements(member_id, area_ids)) for member_id in agreed},
        settings=draw(rule_settings()),
        timezone=draw(
            st.none() | st.sampled_from(["UTC", "Europe/Amsterdam", "Pacific/Auckland", "America/Los_Angeles"])
        ),
    )
    events = draw(event_lists(member_ids, list(tasks), area_ids))
    now = NOW + timedelta(days=draw(st.integers(min_value=-30, max_value=30)), seconds=draw(st.integers(0, 86399)))
    return workspace, events, now
