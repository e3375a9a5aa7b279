"""One Hypothesis generator per rule: a workspace in which that rule's pattern is likely present.

Random workspaces (:func:`tests.rules.strategies.histories`) almost never put a rule's pattern
together (of 200 drawn, MM001, MM003, MM004, MM005, MM012 and MM016 fired in none), so the
properties over them said little about those rules. Each generator here builds the pattern of
its rule, with the counts, levels, days and scores drawn at and around the rule's thresholds (its
thresholds themselves drawn now and then) and the excuses the rule knows mixed in, so that the
rule fires in a good share of examples and stays silent in a good share.
tests/rules/test_rule_coverage.py measures both for every rule in the registry: a rule added
without a generator here fails it.

:func:`any_history` is what the property tests run over: the random histories and every
generator.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from delegate_tui.model import (
    MANAGER,
    ON_REQUEST,
    AgreementVersion,
    AreaAgreement,
    AwayPeriod,
    DecisionArea,
    Event,
    EventContext,
    EventKind,
    Initiator,
    Member,
    PokerRound,
    PokerVote,
    Readiness,
    ReviewMeeting,
    RuleSettings,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    cadence_days,
)
from delegate_tui.patterns import REGISTRY, rule_params
from tests.helpers.clock import NOW
from tests.rules.strategies import History, histories

ZONES = ["UTC", "Europe/Amsterdam", "Pacific/Auckland", "America/Los_Angeles"]
"""Explicit zones only: a workspace without one would follow the machine's and the counts with it."""

NAMES = ["Priya", "Sam", "Omar", "Lena", "Ana", "Bo"]
readiness = st.sampled_from(list(Readiness))


def clamp(value: int, low: int = 1, high: int = 7) -> int:
    return max(low, min(high, value))


def around(threshold: int, below: int = 2, above: int = 2, low: int = 0) -> st.SearchStrategy[int]:
    """A whole number at the threshold or a few steps either side of it (not below ``low``),
    the threshold itself first: Hypothesis leans towards the first choices."""
    steps = sorted(range(-below, above + 1), key=lambda step: (abs(step), -step))
    return st.sampled_from(list(dict.fromkeys(max(low, threshold + step) for step in steps)))


def days_back(window: int) -> st.SearchStrategy[int]:
    """Days before now: mostly well inside a window, else on either side of its first day, or
    some days before it (what the rule must not read)."""
    inside = st.integers(0, max(0, window - 3))
    return st.one_of(inside, inside, inside, around(window - 1, 2, 2), st.integers(window, window + 10))


class Plan:
    """A workspace being built for one rule: ids in order, events with unique ids, times before now."""

    def __init__(self, draw: st.DrawFn, rule_id: str) -> None:
        self.draw = draw
        self.rule_id = rule_id
        # Any hour of the day in any of the zones: local days and window edges move with it.
        self.now = NOW + timedelta(minutes=draw(st.integers(-12 * 60, 11 * 60)))
        self.ws = Workspace(manager="Morgan", timezone=draw(st.sampled_from(ZONES)))
        self.events: list[Event] = []
        # The hour of the day events keep when each day must stay a day of its own (contact days).
        self.hours = draw(st.integers(0, 9))

    @property
    def today(self) -> date:
        return self.now.date()

    def tuned(self, **choices: st.SearchStrategy[float]) -> dict[str, float]:
        """Set some of the rule's thresholds (each one half the time) and return all of them as used."""
        params = {name: float(self.draw(choice)) for name, choice in choices.items() if self.draw(st.booleans())}
        if params:
            known = self.ws.settings.rules.setdefault(self.rule_id, RuleSettings())
            known.params.update(params)
        return rule_params(self.ws.settings, self.rule_id)

    def ago(self, days: int, *, same_hour: bool = False) -> datetime:
        """A moment ``days`` days before now, at a drawn hour of that day or the night before it
        (``same_hour``: the plan's one hour, so that different days stay different local days)."""
        hours = self.hours if same_hour else self.draw(st.integers(0, 9))
        return self.now - timedelta(days=days, hours=hours, minutes=self.draw(st.integers(0, 5)))

    def member(self, since_days: int | None = 400, away: list[tuple[int, int]] | None = None) -> int:
        """A member on the team since ``since_days`` days ago (None: no start date), away on the
        periods given as (first, last) days ago."""
        number = len(self.ws.members) + 1
        self.ws.members[number] = Member(
            id=number,
            name=NAMES[(number - 1) % len(NAMES)] + ("" if number <= len(NAMES) else str(number)),
            since=None if since_days is None else self.today - timedelta(days=since_days),
            away=[
                AwayPeriod(start=self.today - timedelta(days=first), end=self.today - timedelta(days=last))
                for first, last in away or []
            ],
        )
        return number

    def area(self) -> int:
        number = len(self.ws.areas) + 1
        self.ws.areas[number] = DecisionArea(id=number, name=["Tooling", "Hiring", "Budget", "Releases"][number % 4])
        return number

    def task(
        self,
        owner: int,
        level: int,
        area: int | None = None,
        status: TaskStatus = TaskStatus.OPEN,
        created_days: int = 300,
    ) -> int:
        number = len(self.ws.tasks) + 1
        self.ws.tasks[number] = Task(
            id=number,
            title=f"Task {number}",
            owner_id=owner,
            area_id=area,
            level=level,
            status=status,
            created_at=self.now - timedelta(days=created_days),
        )
        return number

    def event(self, kind: EventKind, days: int, *, same_hour: bool = False, **fields: Any) -> Event:
        event = Event(id=f"g{len(self.events):03d}", kind=kind, at=self.ago(days, same_hour=same_hour), **fields)
        self.events.append(event)
        return event

    def agreement(self, member: int, versions: list[tuple[int, dict[str, Any]]]) -> TrustAgreement:
        """An agreement whose versions were made the given days ago (oldest first) with the given terms."""
        stamps = [self.now - timedelta(days=days, hours=1) for days, _terms in versions]
        history = [
            AgreementVersion(**terms, version=number, changed_at=stamp)
            for number, (stamp, (_days, terms)) in enumerate(zip(stamps, versions, strict=True), start=1)
        ][:-1]
        agreement = TrustAgreement(
            **versions[-1][1], member_id=member, version=len(versions), changed_at=stamps[-1], history=history
        )
        self.ws.agreements[member] = agreement
        return agreement

    def build(self) -> History:
        return self.ws, self.events, self.now


def entry(level: int, **fields: Any) -> AreaAgreement:
    return AreaAgreement(level=clamp(level), **fields)


@st.composite
def apart(draw: st.DrawFn, gaps: st.SearchStrategy[int], top: int) -> tuple[int, int]:
    """Two steps from 1 to ``top``, a drawn gap apart (as far as the scale allows), either higher."""
    gap = min(draw(gaps), top - 1)
    low = draw(st.integers(1, top - gap))
    return (low, low + gap) if draw(st.booleans()) else (low + gap, low)


def chance(draw: st.DrawFn, one_in: int) -> bool:
    """True one time in ``one_in`` (the last choice: Hypothesis starts from the first)."""
    return draw(st.integers(1, one_in)) == one_in


def sometimes(value: Any, draw: st.DrawFn, one_in: int = 4) -> Any:
    """``value`` one time in ``one_in``, else None."""
    return value if chance(draw, one_in) else None


def mostly(value: Any, draw: st.DrawFn, one_in: int = 4) -> Any:
    """``value``, except one time in ``one_in`` None."""
    return None if chance(draw, one_in) else value


# -- control


@st.composite
def over_monitoring(draw: st.DrawFn) -> History:
    """MM001: contact days per period at and around factor times what the cadence allows."""
    plan = Plan(draw, "MM001")
    p = plan.tuned(window_days=st.sampled_from([7, 14, 28]), windows=st.integers(1, 4))
    window, windows = int(p["window_days"]), int(p["windows"])
    p = plan.tuned(
        sustained=st.integers(1, max(1, min(2, windows))),
        factor=st.sampled_from([1.0, 1.5, 2.0]),
        critical_factor=st.sampled_from([2.0, 3.0]),
    )
    cadence = draw(st.sampled_from(["weekly", "twice-weekly", "biweekly", "monthly", "10d", ON_REQUEST, None]))
    since = draw(st.sampled_from([None, 700, 700, window * windows // 2]))
    away_start = sometimes(draw(st.integers(6, 40)), draw)
    member = plan.member(since, [(away_start, away_start - draw(st.integers(0, 6)))] if away_start else [])
    if cadence is not None:  # none: held to a weekly cadence
        plan.agreement(member, [(window * windows + draw(st.integers(0, 30)), {"cadence": cadence})])
    every = cadence_days(cadence or "weekly")
    for period in range(windows):
        requests = draw(st.integers(0, 2)) if every is None else 0
        allowed = max(1, requests if every is None else math.ceil(window / every))
        count = min(window, max(0, int(p["factor"] * allowed) + draw(st.sampled_from([1, 0, 2, -1, 3]))))
        # Each period: the member's own requests, the contact days you started, and days with only
        # check-ins that do not count (the member asked, or there was an incident).
        offsets = draw(st.permutations(list(range(window))))
        excused = draw(st.integers(0, 2))
        for offset in offsets[:requests]:
            plan.event(
                EventKind.CHECKIN, period * window + offset, same_hour=True, member_id=member, by=Initiator.MEMBER
            )
        for offset in offsets[requests : requests + count]:
            for by in [None, *draw(st.lists(st.sampled_from([Initiator.MANAGER, Initiator.MEMBER]), max_size=1))]:
                plan.event(EventKind.CHECKIN, period * window + offset, same_hour=True, member_id=member, by=by)
        for offset in offsets[requests + count : requests + count + excused]:
            excuse: dict[str, Any] = draw(
                st.sampled_from([{"by": Initiator.MEMBER}, {"context": EventContext.INCIDENT}])
            )
            plan.event(EventKind.CHECKIN, period * window + offset, same_hour=True, member_id=member, **excuse)
    return plan.build()


def _delegated_task(plan: Plan, draw: st.DrawFn, member: int, min_level: int, area: int | None) -> tuple[int, int]:
    """A task of the member at a level around ``min_level``, sometimes changed to it a while ago."""
    level = clamp(min_level + draw(st.integers(-2, 1)))
    task = plan.task(member, level, area)
    if draw(st.booleans()):
        plan.event(
            EventKind.LEVEL_CHANGE,
            draw(st.integers(1, 120)),
            task_id=task,
            member_id=member,
            from_level=clamp(level + draw(st.sampled_from([-2, -1, 1]))),
            to_level=level,
            reason="agreed in the review",
        )
    return task, level


@st.composite
def decision_overridden(draw: st.DrawFn) -> History:
    """MM002: overrides on tasks (or areas) at and around min_level, inside and around the lookback."""
    plan = Plan(draw, "MM002")
    p = plan.tuned(min_level=st.integers(3, 7), lookback_days=st.sampled_from([14, 30, 90]))
    min_level, lookback = int(p["min_level"]), int(p["lookback_days"])
    member, area = plan.member(), plan.area()
    by_area = draw(st.booleans())
    if by_area:
        plan.agreement(
            member, [(draw(st.integers(30, 200)), {"levels": {area: entry(min_level + draw(st.integers(-2, 1)))}})]
        )
    task, _level = _delegated_task(plan, draw, member, min_level, sometimes(area, draw, 2))
    for _ in range(draw(st.integers(1, 3))):
        plan.event(
            EventKind.OVERRIDE,
            draw(days_back(lookback)),
            member_id=member if by_area else draw(st.sampled_from([None, member, MANAGER])),
            task_id=None if by_area else task,
            area_id=area if by_area else None,
            context=sometimes(draw(st.sampled_from(list(EventContext))), draw, 3),
        )
    return plan.build()


@st.composite
def approval_on_delegated(draw: st.DrawFn) -> History:
    """MM003: approvals on tasks at and around min_level, some asked for by the member."""
    plan = Plan(draw, "MM003")
    p = plan.tuned(min_level=st.integers(3, 7), lookback_days=st.sampled_from([14, 30, 90]))
    min_level, lookback = int(p["min_level"]), int(p["lookback_days"])
    member = plan.member()
    task, _level = _delegated_task(plan, draw, member, min_level, None)
    for _ in range(draw(st.integers(1, 3))):
        plan.event(
            EventKind.APPROVAL,
            draw(days_back(lookback)),
            member_id=draw(st.sampled_from([None, member])),
            task_id=task,
            by=draw(st.sampled_from([None, Initiator.MANAGER, Initiator.MEMBER])),
            context=sometimes(draw(st.sampled_from(list(EventContext))), draw, 4),
        )
    return plan.build()


@st.composite
def taken_back(draw: st.DrawFn) -> History:
    """MM004: reassignments to the manager and level drops around min_drop, with and without excuses."""
    plan = Plan(draw, "MM004")
    p = plan.tuned(
        window_days=st.sampled_from([14, 30, 90]), min_drop=st.integers(1, 3), critical_count=st.integers(1, 3)
    )
    window, min_drop = int(p["window_days"]), int(p["min_drop"])
    away_start = sometimes(draw(st.integers(2, window)), draw, 5)
    member = plan.member(away=[(away_start, max(0, away_start - 3))] if away_start else [])
    for _ in range(draw(st.integers(1, 3))):
        days = draw(days_back(window))
        excuse: dict[str, Any] = draw(
            st.sampled_from(
                [
                    *[{}] * 4,
                    {"reason": "?"},  # says nothing: no excuse
                    {"context": EventContext.INCIDENT},  # named, yet no excuse
                    {"reason": "on leave"},
                    {"context": EventContext.LEAVE},
                    {"context": EventContext.MEMBER_REQUEST},
                ]
            )
        )
        if draw(st.booleans()):
            status = TaskStatus.DONE if chance(draw, 5) else TaskStatus.OPEN  # archiving a done task is no take-back
            task = plan.task(MANAGER, draw(st.integers(1, 7)), status=status)
            plan.event(EventKind.REASSIGN, days, task_id=task, from_owner=member, to_owner=MANAGER, **excuse)
        else:
            drop = draw(around(min_drop, 1, 1, low=0))
            level = draw(st.integers(clamp(drop + 1), 7))
            task = plan.task(member, clamp(level - drop))
            plan.event(
                EventKind.LEVEL_CHANGE,
                days,
                task_id=task,
                member_id=draw(st.sampled_from([None, member])),
                from_level=level,
                to_level=clamp(level - drop),
                **excuse,
            )
        if chance(draw, 6):  # a review that day excuses it
            plan.event(EventKind.REVIEW, days, member_id=draw(st.sampled_from([None, member])))
    return plan.build()


@st.composite
def below_agreement(draw: st.DrawFn) -> History:
    """MM005: open tasks in an agreed area at and around min_gap below the agreed level."""
    plan = Plan(draw, "MM005")
    gap = int(plan.tuned(min_gap=st.integers(1, 3))["min_gap"])
    grace = plan.ws.settings.grace_days
    member = plan.member(draw(st.sampled_from([None, 400, 400, grace - 1, grace + 1])))
    area = plan.area()
    agreed = draw(st.integers(3, 7))
    agreed_days = draw(st.sampled_from([300, 300, grace - 1, grace + 1]))  # newly agreed: starting lower is normal
    plan.agreement(member, [(agreed_days, {"levels": {area: entry(agreed)}})])
    for _ in range(draw(st.integers(1, 3))):
        status = draw(st.sampled_from([TaskStatus.OPEN, TaskStatus.BLOCKED, TaskStatus.DONE]))
        plan.task(member, clamp(agreed - gap + draw(st.integers(-1, 1))), area, status)
    return plan.build()


@st.composite
def over_supervision(draw: st.DrawFn) -> History:
    """MM006: D3 and D4 ratings at levels around d3_max_level and d4_max_level (D1, D2 now and then)."""
    plan = Plan(draw, "MM006")
    p = plan.tuned(d3_max_level=st.integers(2, 5), d4_max_level=st.integers(3, 6))
    member = plan.member()
    levels = {}
    for _ in range(draw(st.integers(1, 2))):
        rating = draw(st.sampled_from([Readiness.D3, Readiness.D4, Readiness.D4, Readiness.D2]))
        limit = int(p["d4_max_level"] if rating is Readiness.D4 else p["d3_max_level"])
        levels[plan.area()] = entry(limit + draw(st.integers(-1, 2)), readiness=rating)
    plan.agreement(member, [(draw(st.integers(1, 300)), {"levels": levels})])
    return plan.build()


@st.composite
def dictated_deadline(draw: st.DrawFn) -> History:
    """MM007: due changes on tasks at and around min_level, some the member asked for."""
    plan = Plan(draw, "MM007")
    p = plan.tuned(min_level=st.integers(3, 7), lookback_days=st.sampled_from([14, 30, 90]))
    min_level, lookback = int(p["min_level"]), int(p["lookback_days"])
    member = plan.member()
    task, _level = _delegated_task(plan, draw, member, min_level, sometimes(plan.area(), draw, 2))
    for _ in range(draw(st.integers(1, 3))):
        plan.event(
            EventKind.DUE_CHANGE,
            draw(days_back(lookback)),
            member_id=draw(st.sampled_from([None, member])),
            task_id=task,
            from_due=sometimes(plan.today + timedelta(days=draw(st.integers(-5, 30))), draw, 2),
            to_due=mostly(plan.today + timedelta(days=draw(st.integers(-5, 30))), draw),
            context=draw(st.sampled_from([None, None, EventContext.MEMBER_REQUEST, EventContext.INCIDENT])),
        )
    return plan.build()


@st.composite
def no_autonomy(draw: st.DrawFn) -> History:
    """MM008: tenure around tenure_days; tasks and agreed areas at and around min_level."""
    plan = Plan(draw, "MM008")
    p = plan.tuned(tenure_days=st.sampled_from([30, 90, 180]), min_level=st.integers(3, 6))
    tenure, min_level = int(p["tenure_days"]), int(p["min_level"])
    member = plan.member(draw(st.sampled_from([tenure + 200, tenure + 200, tenure + 1, tenure, tenure - 1, None])))
    below = st.integers(min_level - 3, min_level - 1).map(clamp)
    for _ in range(draw(st.integers(0, 3))):
        plan.task(member, draw(below), status=draw(st.sampled_from(list(TaskStatus))))
    if chance(draw, 5):  # a decision held: a task at the level, or an area agreed at it
        plan.task(member, min_level + draw(st.integers(0, 1)), status=draw(st.sampled_from(list(TaskStatus))))
    if draw(st.booleans()):
        levels = {plan.area(): entry(draw(below), readiness=sometimes(draw(readiness), draw, 3))}
        if chance(draw, 6):
            levels[plan.area()] = entry(min_level)
        plan.agreement(member, [(100, {"levels": levels})])
    return plan.build()


# -- upkeep and growth


@st.composite
def stale_agreement(draw: st.DrawFn) -> History:
    """MM009: reviews falling due the days around today; members without an agreement around grace."""
    plan = Plan(draw, "MM009")
    plan.ws.settings.grace_days = draw(st.sampled_from([14, 42]))
    grace = plan.ws.settings.grace_days
    for _ in range(draw(st.integers(1, 2))):
        if chance(draw, 3):
            plan.member(draw(st.sampled_from([None, grace - 1, grace, grace + 1])))
            continue
        member = plan.member()
        every = draw(st.sampled_from([30, 90]))
        overdue = draw(st.integers(-2, 1))  # the review falls due that many days before today
        terms: dict[str, Any] = {"review_every_days": every, "acknowledged": draw(st.booleans())}
        if draw(st.booleans()):
            terms["last_review"] = plan.today - timedelta(days=every + overdue)
            plan.agreement(member, [(every + overdue + draw(st.integers(0, 100)), terms)])
        else:
            first = every + overdue
            later = draw(st.sampled_from([[], [max(0, first - 10)]]))
            plan.agreement(member, [(first, terms), *((days, terms | {"cadence": "biweekly"}) for days in later)])
    return plan.build()


@st.composite
def no_growth(draw: st.DrawFn) -> History:
    """MM010: goals blank or not; desired levels dated around today and around a year ahead."""
    plan = Plan(draw, "MM010")
    member = plan.member()
    levels = {}
    for _ in range(draw(st.integers(0, 2))):
        level = draw(st.integers(2, 6))
        by = draw(st.sampled_from([None, -1, 0, 1, 364, 365, 366, 30]))
        levels[plan.area()] = entry(
            level,
            desired=clamp(level + draw(st.integers(-1, 2))),
            desired_by=None if by is None else plan.today + timedelta(days=by),
        )
    goals = draw(st.sampled_from([[], [], [" "], ["Lead a release"]]))
    plan.agreement(member, [(draw(st.integers(1, 300)), {"levels": levels, "growth_goals": goals})])
    return plan.build()


@st.composite
def bottleneck(draw: st.DrawFn) -> History:
    """MM011: the manager's share of open tasks around manager_share, with counts around
    min_open_tasks; an area where members are at and around max_level, with counts around min_members."""
    plan = Plan(draw, "MM011")
    p = plan.tuned(
        manager_share=st.sampled_from([0.25, 0.4, 0.5]),
        min_open_tasks=st.integers(3, 6),
        max_level=st.integers(1, 4),
        min_members=st.integers(1, 3),
    )
    members = [plan.member() for _ in range(draw(st.integers(1, 4)))]
    total = draw(around(int(p["min_open_tasks"]), 1, 2, low=1))
    mine = clamp(round(p["manager_share"] * total) + draw(st.integers(-1, 2)), 0, total)
    for number in range(total):
        owner = MANAGER if number < mine else draw(st.sampled_from(members))
        plan.task(owner, draw(st.integers(1, 7)))
    plan.task(MANAGER, 3, status=TaskStatus.DONE)  # done work is not open work
    if not chance(draw, 4):
        area = plan.area()
        for member in members[: draw(around(int(p["min_members"]), 1, 1, low=0))]:
            level = draw(around(int(p["max_level"]), 1, 1, low=1))
            plan.agreement(member, [(60, {"levels": {area: entry(level, readiness=sometimes(Readiness.D4, draw, 5))}})])
    return plan.build()


@st.composite
def cadence_never_relaxes(draw: st.DrawFn) -> History:
    """MM012: agreements around `days` old, with the cadence kept or changed, and levels or ratings raised or not."""
    plan = Plan(draw, "MM012")
    days = int(plan.tuned(days=st.sampled_from([60, 180]))["days"])
    member = plan.member()
    area = plan.area()
    cadence = draw(st.sampled_from(["weekly", "weekly", "daily", "monthly", "10d", "weekly", "biweekly", ON_REQUEST]))
    level, rating = draw(st.integers(2, 5)), draw(readiness)
    first = {"cadence": cadence, "levels": {area: entry(level, readiness=rating)}}
    versions = [(draw(around(days, 1, 2, low=1)), first)]
    for _ in range(draw(st.sampled_from([1, 2, 1, 2, 0]))):
        raised: dict[str, Any] = {
            "level": clamp(level + draw(st.sampled_from([1, 1, 0]))),
            "readiness": Readiness(f"D{clamp(rating.step + draw(st.sampled_from([1, 0])), 1, 4)}"),
        }
        changed = "twice-weekly" if chance(draw, 5) else cadence
        versions.append(
            # Mostly after the start of the period, now and then before it (then it is the version in force).
            (
                draw(st.integers(0, max(0, days - 2)) | st.integers(0, versions[-1][0])),
                {"cadence": changed, "levels": {area: entry(**raised)}},
            )
        )
    plan.agreement(member, versions)
    return plan.build()


@st.composite
def perception_gap(draw: st.DrawFn) -> History:
    """MM013: your and the member's ratings, and your poker cards, at and around `gap` apart."""
    plan = Plan(draw, "MM013")
    gap = int(plan.tuned(gap=st.integers(1, 3))["gap"])
    member = plan.member()
    area = plan.area()
    if draw(st.booleans()):
        mine, theirs = draw(apart(around(gap, 1, 1, low=0), 4))
        rated = entry(
            4,
            readiness=Readiness(f"D{mine}"),
            self_readiness=mostly(Readiness(f"D{theirs}"), draw),
        )
        plan.agreement(member, [(50, {"levels": {area: rated}})])
    else:
        rounds = []
        for number in range(1, draw(st.integers(1, 2)) + 1):
            mine, theirs = draw(apart(around(gap, 1, 1, low=0), 7))
            started = plan.ago(draw(st.integers(1, 30)))
            voters = [(plan.ws.manager, mine), (plan.ws.members[member].name.upper(), theirs), ("Sam", 4)]
            rounds.append(
                PokerRound(
                    id=number,
                    topic="Tooling",
                    area_id=area,
                    member_id=member,
                    about=draw(st.sampled_from(["current", "desired"])),
                    started_at=started,
                    votes=[
                        PokerVote(participant=who, card=card, at=started)
                        for who, card in voters[: draw(st.sampled_from([3, 3, 2, 1]))]
                    ],
                    revealed_at=mostly(started + timedelta(minutes=5), draw),
                )
            )
        plan.ws.reviews[1] = ReviewMeeting(id=1, started_at=plan.ago(31), facilitator=plan.ws.manager, rounds=rounds)
    return plan.build()


@st.composite
def low_pulse(draw: st.DrawFn) -> History:
    """MM014: latest pulses around max_score and the lookback; an override now and then explains them."""
    plan = Plan(draw, "MM014")
    p = plan.tuned(max_score=st.integers(1, 3), lookback_days=st.sampled_from([14, 42]))
    # New, or holding a decision: no other control flag (MM008) says it already.
    member = plan.member(draw(st.sampled_from([None, 20, 400])))
    plan.task(member, 5)
    for _ in range(draw(st.integers(1, 3))):
        score = clamp(int(p["max_score"]) + draw(st.integers(-1, 1)), 1, 5)
        plan.event(EventKind.PULSE, draw(days_back(int(p["lookback_days"]))), member_id=member, score=score)
    if chance(draw, 4):  # a control flag already tells the story
        plan.event(EventKind.OVERRIDE, 2, task_id=plan.task(member, 6), member_id=member)
    return plan.build()


@st.composite
def under_supervision(draw: st.DrawFn) -> History:
    """MM015: D1 ratings at levels around min_level (other ratings now and then)."""
    plan = Plan(draw, "MM015")
    min_level = int(plan.tuned(min_level=st.integers(5, 7))["min_level"])
    member = plan.member()
    levels = {
        plan.area(): entry(
            min_level + draw(st.integers(-2, 1)),
            readiness=draw(st.sampled_from([Readiness.D1, Readiness.D1, Readiness.D2, None])),
        )
        for _ in range(draw(st.integers(1, 2)))
    }
    plan.agreement(member, [(draw(st.integers(1, 300)), {"levels": levels})])
    return plan.build()


@st.composite
def reverse_delegation(draw: st.DrawFn) -> History:
    """MM016: hand-backs around min_count, on tasks around min_level, some of them excused."""
    plan = Plan(draw, "MM016")
    p = plan.tuned(min_level=st.integers(3, 7), min_count=st.integers(1, 4), lookback_days=st.sampled_from([30, 90]))
    min_level, lookback = int(p["min_level"]), int(p["lookback_days"])
    away_start = sometimes(draw(st.integers(1, lookback)), draw, 5)
    member = plan.member(away=[(away_start, max(0, away_start - 5))] if away_start else [])
    task = plan.task(member, min_level)
    for _ in range(draw(around(int(p["min_count"]), 1, 2, low=1))):
        days = draw(st.integers(0, lookback - 2) | days_back(lookback))
        # Now and then one that does not count: below min_level then, or not the member's doing.
        level = clamp(min_level - draw(st.sampled_from([0, 0, 0, 0, 1])))
        if draw(st.booleans()):
            by = draw(st.sampled_from([Initiator.MEMBER, Initiator.MEMBER, Initiator.MEMBER, None]))
            on = task if level == min_level else plan.task(member, level)
            plan.event(EventKind.APPROVAL, days, task_id=on, member_id=member, by=by)
        else:
            context = draw(st.sampled_from([EventContext.MEMBER_REQUEST] * 3 + [None]))
            moved = plan.task(MANAGER, level)
            plan.event(EventKind.REASSIGN, days, task_id=moved, from_owner=member, to_owner=MANAGER, context=context)
    return plan.build()


RULE_HISTORIES: dict[str, Callable[[], st.SearchStrategy[History]]] = {
    "MM001": over_monitoring,
    "MM002": decision_overridden,
    "MM003": approval_on_delegated,
    "MM004": taken_back,
    "MM005": below_agreement,
    "MM006": over_supervision,
    "MM007": dictated_deadline,
    "MM008": no_autonomy,
    "MM009": stale_agreement,
    "MM010": no_growth,
    "MM011": bottleneck,
    "MM012": cadence_never_relaxes,
    "MM013": perception_gap,
    "MM014": low_pulse,
    "MM015": under_supervision,
    "MM016": reverse_delegation,
}
"""Each rule's generator, by rule id: every rule in the registry must have one."""


def any_history() -> st.SearchStrategy[History]:
    """What the property tests run over: random histories, and each rule's pattern as often."""
    generators = [RULE_HISTORIES[rule_id]() for rule_id in REGISTRY if rule_id in RULE_HISTORIES]
    return st.one_of(histories(), *generators)
