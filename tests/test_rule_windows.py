"""Every time window of every rule, at its edges: the first and last moment in, the moment before and after out.

Each scenario is built so that the flag appears exactly when the one event (or date) at the edge is
counted, so a window one day too short or too long, or a ``<`` that became ``<=``, fails here. The
window lengths come from the rules' own defaults (``rule_params``), not copies of them. Only the
public API is used: ``evaluate``, ``RULES``, ``rule_params``, ``build_summary`` and the model classes.

Event windows end at ``now`` and hold N whole local days of the manager (here UTC): today and the
N-1 days before. The first moment of the window's first day is in, a minute before it is out; an
event after ``now`` is not history yet. Day thresholds ("more than N days on the team", "review due
on a date") compare calendar days: the boundary day itself is not late yet, the day after is.

Rules without a time window (MM005, MM006, MM011, MM013) compare levels and counts only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from delegate_tui.model import (
    MANAGER,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    Event,
    EventKind,
    Member,
    Settings,
    Task,
    TrustAgreement,
    Workspace,
)
from delegate_tui.patterns import RULES, evaluate, rule_params
from delegate_tui.summary import build_summary
from tests.helpers.clock import NOW

TODAY = NOW.date()
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
LONG_AGO = NOW - timedelta(days=400)


def param(rule_id: str, name: str) -> float:
    return rule_params(Settings(), rule_id)[name]


def fires(rule_id: str, workspace: Workspace, events: list[Event], now: datetime = NOW) -> bool:
    return any(flag.rule == rule_id for flag in evaluate(workspace, events, now))


def team(*, agreement: bool = True, since: date = date(2024, 1, 1), **terms: Any) -> Workspace:
    """Priya (member 1), one decision area (1), and a task of hers at level 6 in it (task 1)."""
    workspace = Workspace(manager="Morgan")
    workspace.members[1] = Member(id=1, name="Priya", since=since)
    workspace.areas[1] = DecisionArea(id=1, name="Releases")
    workspace.tasks[1] = Task(
        id=1, title="Ship 2.0", owner_id=1, area_id=1, level=DelegationLevel(6), created_at=LONG_AGO
    )
    if agreement:
        fields: dict[str, Any] = {
            "levels": {1: AreaAgreement(level=DelegationLevel(6))},
            "cadence": "weekly",
            "acknowledged": True,
            "growth_goals": ["Lead a release"],
            "last_review": TODAY - timedelta(days=10),
        } | terms
        workspace.agreements[1] = TrustAgreement(member_id=1, changed_at=LONG_AGO, **fields)
    return workspace


def event(kind: EventKind, at: datetime, number: int = 1, **fields: Any) -> Event:
    return Event(id=f"ev-{number:04d}", kind=kind, at=at, **fields)


# ---------------------------------------------------------------- event windows ending at now

EVENT_WINDOWS = {
    "MM001": "window_days",
    "MM002": "lookback_days",
    "MM003": "lookback_days",
    "MM004": "window_days",
    "MM007": "lookback_days",
    "MM014": "lookback_days",
    "MM016": "lookback_days",
}


def first_moment(days: float) -> datetime:
    """The first moment of a window of ``days`` local days ending now (UTC days here)."""
    first_day = TODAY - timedelta(days=int(days) - 1)
    return datetime.combine(first_day, datetime.min.time(), tzinfo=NOW.tzinfo)


def edges(days: float) -> list[tuple[str, timedelta, bool]]:
    """(name, age of the event at the edge, whether it counts)."""
    start = NOW - first_moment(days)
    return [
        ("at now (the last moment in)", timedelta(0), True),
        ("a minute after now (not history yet)", -MINUTE, False),
        ("the first moment of the window's first day", start, True),
        ("a minute before the window's first day", start + MINUTE, False),
        ("noon the day before the window", start + timedelta(hours=12), False),
    ]


def edge_scenario(rule_id: str, at: datetime) -> tuple[Workspace, list[Event]]:
    """A workspace where ``rule_id`` fires exactly when the event at ``at`` is counted."""
    if rule_id == "MM001":
        # Weekly allows floor(window / 7) contact days a period; a period is excessive above factor
        # times that, and the rule needs two excessive periods. The period before is excessive; in
        # this one all but one of the needed contact days sit inside, and the edge one tips it over.
        window = int(param("MM001", "window_days"))
        allowed = max(1, window // 7)
        needed = int(param("MM001", "factor") * allowed) + 1
        before = [
            event(EventKind.CHECKIN, NOW - timedelta(days=window + 2 + i), 100 + i, member_id=1) for i in range(needed)
        ]
        inside = [event(EventKind.CHECKIN, NOW - timedelta(days=1 + i), i + 2, member_id=1) for i in range(needed - 1)]
        return team(), [*before, *inside, event(EventKind.CHECKIN, at, 1, member_id=1)]
    if rule_id == "MM014":
        return team(), [event(EventKind.PULSE, at, member_id=1, score=1)]
    if rule_id == "MM016":
        asked = [
            event(EventKind.APPROVAL, NOW - timedelta(days=1 + i), i + 2, task_id=1, member_id=1, by="member")
            for i in range(2)
        ]
        handed = event(EventKind.REASSIGN, at, 1, task_id=1, from_owner=1, to_owner=MANAGER, context="member-request")
        return team(), [*asked, handed]
    if rule_id == "MM002":
        return team(), [event(EventKind.OVERRIDE, at, task_id=1, member_id=1)]
    if rule_id == "MM003":
        return team(), [event(EventKind.APPROVAL, at, task_id=1, member_id=1)]
    if rule_id == "MM007":
        return team(), [event(EventKind.DUE_CHANGE, at, task_id=1, member_id=1, from_due=TODAY, to_due=TODAY - DAY)]
    if rule_id == "MM004":
        low = DelegationLevel(2)
        return team(), [
            event(EventKind.LEVEL_CHANGE, at, task_id=1, member_id=1, from_level=DelegationLevel(6), to_level=low)
        ]
    raise AssertionError(rule_id)


@pytest.mark.parametrize("rule_id", sorted(EVENT_WINDOWS))
@pytest.mark.parametrize("edge", range(5), ids=[name for name, _age, _in in edges(90)])
def test_an_event_counts_only_inside_the_rules_window(rule_id: str, edge: int) -> None:
    days = param(rule_id, EVENT_WINDOWS[rule_id])
    name, age, counts = edges(days)[edge]
    workspace, events = edge_scenario(rule_id, NOW - age)
    assert fires(rule_id, workspace, events) is counts, f"{rule_id}, {days:g}-day window: event {name}"


@pytest.mark.parametrize("rule_id", sorted(EVENT_WINDOWS))
def test_the_scenario_needs_the_edge_event(rule_id: str) -> None:
    """Without the edge event nothing fires: the tests above really hinge on that one event."""
    workspace, events = edge_scenario(rule_id, NOW - timedelta(days=10))
    assert fires(rule_id, workspace, events)
    assert not fires(rule_id, workspace, events[:-1])


def take_back_on_the_windows_first_day(review_hours_before_window: float) -> tuple[Workspace, list[Event]]:
    start = first_moment(param("MM004", "window_days")) + timedelta(hours=12)  # noon of the first day
    taken = event(
        EventKind.LEVEL_CHANGE,
        start + MINUTE,
        1,
        task_id=1,
        member_id=1,
        from_level=DelegationLevel(6),
        to_level=DelegationLevel(2),
    )
    review = event(EventKind.REVIEW, start - timedelta(hours=review_hours_before_window), 2, member_id=1)
    return team(), [review, taken]


def test_a_review_earlier_on_the_take_back_windows_first_day_excuses_the_take_back() -> None:
    # The take-back is at noon on the window's first day; the review was that morning.
    workspace, events = take_back_on_the_windows_first_day(review_hours_before_window=4)
    assert events[0].at.date() == events[1].at.date()
    assert not fires("MM004", workspace, events)


def test_a_review_the_day_before_the_take_back_does_not_excuse_it() -> None:
    workspace, events = take_back_on_the_windows_first_day(review_hours_before_window=14)
    assert events[0].at.date() == events[1].at.date() - DAY
    assert fires("MM004", workspace, events)


# ---------------------------------------------------------------- calendar-day thresholds


def test_no_autonomy_checks_members_only_after_tenure_days() -> None:
    tenure = int(param("MM008", "tenure_days"))

    def low_level_member(days_on_team: int) -> Workspace:
        workspace = team(
            since=TODAY - timedelta(days=days_on_team), levels={1: AreaAgreement(level=DelegationLevel(2))}
        )
        workspace.tasks[1] = workspace.tasks[1].model_copy(update={"level": DelegationLevel(2)})
        return workspace

    assert not fires("MM008", low_level_member(tenure), [])
    assert fires("MM008", low_level_member(tenure + 1), [])


def test_a_new_member_has_grace_days_to_get_an_agreement() -> None:
    grace = Settings().grace_days
    assert not fires("MM009", team(agreement=False, since=TODAY - timedelta(days=grace)), [])
    assert fires("MM009", team(agreement=False, since=TODAY - timedelta(days=grace + 1)), [])


def review_on(last_review: date, every: int = 90) -> Workspace:
    return team(last_review=last_review, review_every_days=every)


@pytest.mark.parametrize("every", [1, 90])
def test_an_agreement_is_stale_the_day_after_its_review_falls_due(every: int) -> None:
    due_today = TODAY - timedelta(days=every)
    assert not fires("MM009", review_on(due_today + DAY, every), [])  # due tomorrow
    assert not fires("MM009", review_on(due_today, every), [])  # due today: not late yet
    assert fires("MM009", review_on(due_today - DAY, every), [])  # due yesterday


@pytest.mark.parametrize("days_late", [-1, 0, 1])
def test_the_summary_calls_a_review_overdue_exactly_when_the_stale_agreement_rule_does(days_late: int) -> None:
    every = 30
    workspace = review_on(TODAY - timedelta(days=every + days_late), every)
    summary = build_summary(workspace, [], NOW, generated_at=NOW)
    agreement = summary.members[0].agreement
    assert agreement is not None
    assert agreement.next_review_due == TODAY - timedelta(days=days_late)
    assert agreement.review_overdue is (days_late > 0)
    assert fires("MM009", workspace, []) is (days_late > 0)


@pytest.mark.parametrize(("days_late", "flagged"), [(-1, False), (0, False), (1, True)])
def test_a_desired_level_is_missed_the_day_after_its_date(days_late: int, flagged: bool) -> None:
    entry = AreaAgreement(
        level=DelegationLevel(4), desired=DelegationLevel(6), desired_by=TODAY - timedelta(days=days_late)
    )
    workspace = team(levels={1: entry})
    assert fires("MM010", workspace, []) is flagged


@pytest.mark.parametrize(
    ("age", "flagged"),
    [(timedelta(0), True), (timedelta(hours=11, minutes=59), True), (timedelta(hours=-12), False), (DAY, True)],
    ids=[
        "agreed exactly N days ago",
        "the last minute of the day N days ago",
        "the first moment of the day after",
        "a day more",
    ],
)
def test_a_cadence_is_judged_unrelaxed_only_once_it_has_held_for_the_period(age: timedelta, flagged: bool) -> None:
    days = timedelta(days=param("MM012", "days"))
    workspace = team()
    agreement = workspace.agreements[1]
    workspace.agreements[1] = agreement.model_copy(update={"changed_at": NOW - days - age})
    # The agreed level rose later on, while the cadence stayed weekly: what MM012 looks for.
    raised = agreement.terms().model_copy(update={"levels": {1: AreaAgreement(level=DelegationLevel(7))}})
    workspace.agreements[1] = workspace.agreements[1].revised(raised, NOW - timedelta(days=5))
    assert fires("MM012", workspace, []) is flagged


def test_every_rule_with_a_time_parameter_is_covered_here() -> None:
    """A new rule with a window must get its edges tested in this module."""
    timed = {rule.id for rule in RULES.values() for p in rule.params if p.name.endswith("days") or p.name == "days"}
    covered = set(EVENT_WINDOWS) | {"MM008", "MM012"}
    assert timed == covered
