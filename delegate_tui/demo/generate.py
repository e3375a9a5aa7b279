"""Large generated data sets for benchmarks: thousands of members, a million tasks or events."""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, time, timedelta, timezone

from delegate_tui.demo.arguments import MAX_EVENTS, MAX_MEMBERS, MAX_TASKS, _check_count, _check_seed
from delegate_tui.model import (
    MANAGER,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    Event,
    EventKind,
    Member,
    Readiness,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    utc,
)

_FIRST = (
    "Ada",
    "Ahmed",
    "Aiko",
    "Alejandro",
    "Amara",
    "Anders",
    "Ana",
    "Arjun",
    "Beatriz",
    "Bilal",
    "Camille",
    "Chen",
    "Chidi",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Eva",
    "Farah",
    "Felix",
    "Giulia",
    "Hana",
    "Hugo",
    "Imani",
    "Ines",
    "Ivan",
    "Jamal",
    "Jia",
    "Joao",
    "Julia",
    "Kai",
    "Kenji",
    "Layla",
    "Leila",
    "Liam",
    "Lucia",
    "Malik",
    "Maya",
    "Mei",
    "Mateo",
    "Nadia",
    "Naveen",
    "Nia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sana",
    "Sofia",
    "Tariq",
    "Thandiwe",
    "Tomas",
    "Uma",
    "Wei",
    "Yara",
    "Yusuf",
    "Zainab",
    "Zoe",
)
_LAST = (
    "Abebe",
    "Adeyemi",
    "Alvarez",
    "Andersen",
    "Bakker",
    "Banerjee",
    "Brown",
    "Castillo",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Haddad",
    "Hansen",
    "Hoang",
    "Ibrahim",
    "Ito",
    "Jansen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Laine",
    "Larsen",
    "Lopez",
    "Mbeki",
    "Mendes",
    "Moreau",
    "Mukherjee",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Okoye",
    "Olsen",
    "Park",
    "Patel",
    "Petrov",
    "Quispe",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Van Dijk",
    "Wang",
    "Weber",
    "Yilmaz",
    "Zhang",
)
_ROLES = (
    "Engineer",
    "Senior Engineer",
    "Staff Engineer",
    "Designer",
    "QA Engineer",
    "Site Reliability Engineer",
    "Data Analyst",
    "Product Manager",
    "Support Engineer",
)
_AREAS = (
    ("Hiring", "Job descriptions, interview loops and offers."),
    ("Tooling", "The tools and services the team builds with."),
    ("Release to production", "When and how changes go live."),
    ("Budget up to 1k", "Spending up to 1,000 without asking finance."),
    ("Customer escalations", "How urgent customer problems are answered."),
    ("Architecture", "How systems are structured and connected."),
    ("On-call", "Rotations, paging rules and incident response."),
    ("Roadmap", "What the team builds next quarter."),
    ("Vendors", "Which suppliers and services we contract."),
    ("Security", "Access, secrets and vulnerability fixes."),
    ("Onboarding", "How new joiners are welcomed and trained."),
    ("Team rituals", "Standups, retros and planning sessions."),
)
_VERBS = ("Review", "Migrate", "Document", "Fix", "Upgrade", "Design", "Automate", "Plan", "Test", "Refactor")
_OBJECTS = (
    "the billing service",
    "the search index",
    "the onboarding flow",
    "the CI pipeline",
    "the release checklist",
    "the on-call runbook",
    "the customer dashboard",
    "the data export",
    "the access policies",
    "the mobile app settings",
    "the payment retries",
    "the staging environment",
)
_NOTES = (
    "Talked through priorities.",
    "Asked about blockers.",
    "Shared feedback from the customer call.",
    "Discussed growth goals.",
    "Quick status update.",
)
_REASONS = (
    "Agreed in the 1:1.",
    "Priorities changed this sprint.",
    "The customer deadline moved.",
    "Workload rebalanced across the team.",
)
_KINDS = (
    EventKind.CHECKIN,
    EventKind.NOTE,
    EventKind.OVERRIDE,
    EventKind.APPROVAL,
    EventKind.REASSIGN,
    EventKind.LEVEL_CHANGE,
    EventKind.DUE_CHANGE,
    EventKind.REVIEW,
    EventKind.STATUS_CHANGE,
    EventKind.PULSE,
)
_WEIGHTS = (50, 20, 4, 5, 5, 6, 6, 4, 3, 2)
_TASK_KINDS = frozenset(
    {
        EventKind.OVERRIDE,
        EventKind.APPROVAL,
        EventKind.REASSIGN,
        EventKind.LEVEL_CHANGE,
        EventKind.DUE_CHANGE,
        EventKind.STATUS_CHANGE,
    }
)
_CADENCES = ("daily", "twice-weekly", "weekly", "weekly", "weekly", "biweekly", "biweekly", "monthly", "on-request")
_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE)
_LEVELS = tuple(DelegationLevel)
_READINESS = tuple(Readiness)


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names: shuffled first and last name pairs, numbered once they run out."""
    pairs = [f"{first} {last}" for first in _FIRST for last in _LAST]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] + ("" if i < len(pairs) else f" {i // len(pairs) + 1}") for i in range(count)]


def _large_agreement(rng: random.Random, member_id: int, area_ids: list[int], now: datetime) -> TrustAgreement:
    today = now.date()
    levels: dict[int, AreaAgreement] = {}
    for area_id in area_ids:
        if rng.random() < 0.2:
            continue
        level = rng.randint(1, 7)
        readiness = _READINESS[min(3, max(0, (level - 1) // 2 + rng.randint(-1, 1)))]
        self_step = min(3, max(0, readiness.step - 1 + rng.randint(-1, 1)))
        desired = rng.randint(level + 1, 7) if level < 7 and rng.random() < 0.3 else None
        levels[area_id] = AreaAgreement(
            level=_LEVELS[level - 1],
            desired=None if desired is None else _LEVELS[desired - 1],
            desired_by=None if desired is None else today + timedelta(days=rng.randint(-30, 180)),
            readiness=readiness,
            self_readiness=_READINESS[self_step],
        )
    last_review = today - timedelta(days=rng.randint(0, 200))
    return TrustAgreement(
        member_id=member_id,
        changed_at=datetime.combine(last_review, time(10, 0), tzinfo=timezone.utc),
        levels=levels,
        cadence=rng.choice(_CADENCES),
        channel="Weekly 1:1",
        growth_goals=[] if rng.random() < 0.15 else ["Take on a wider scope next quarter."],
        last_review=last_review,
        acknowledged=rng.random() < 0.8,
    )


def large(members: int, tasks: int, events: int, seed: int, now: datetime) -> tuple[Workspace, list[Event]]:
    """A generated workspace of exactly the given size, for benchmarks.

    Events (mostly check-ins and notes) are spread over the last twelve months; every task event
    comes after the task was created, and the level, owner and due chains match the tasks.
    """
    _check_count("--members", members, 1, MAX_MEMBERS)
    _check_count("--tasks", tasks, 0, MAX_TASKS)
    _check_count("--events", events, 0, MAX_EVENTS)
    _check_seed(seed)
    now = utc(now).replace(microsecond=0)
    today = now.date()
    rng = random.Random(seed)

    names = _names(rng, members)
    member_map = {
        i: Member(id=i, name=names[i - 1], role=rng.choice(_ROLES), since=today - timedelta(days=rng.randint(10, 3000)))
        for i in range(1, members + 1)
    }
    area_map = {
        i: DecisionArea(id=i, name=name, description=text)
        for i, (name, text) in enumerate(_AREAS[: rng.randint(8, 12)], start=1)
    }
    area_ids = list(area_map)
    agreements = {i: _large_agreement(rng, i, area_ids, now) for i in member_map}

    # Tasks: created over the last 18 months, ids in creation order; state kept in lists while events run.
    year = 365 * 86400
    created = sorted((rng.randint(86400, year * 3 // 2) for _ in range(tasks)), reverse=True)
    created_ts = [-seconds for seconds in created]  # seconds relative to now, ascending
    owners = [MANAGER if rng.random() < 0.08 else rng.randint(1, members) for _ in range(tasks)]
    levels = [rng.randint(1, 7) for _ in range(tasks)]
    dues: list[date | None] = [
        None if rng.random() < 0.2 else today + timedelta(days=rng.randint(-60, 90)) for _ in range(tasks)
    ]

    statuses = [rng.choices(_STATUSES, weights=(40, 25, 5, 30))[0] for _ in range(tasks)]
    moments = sorted((rng.randint(0, year) for _ in range(events)), reverse=True)
    kinds = rng.choices(_KINDS, weights=_WEIGHTS, k=events)
    event_list: list[Event] = []
    append = event_list.append
    for seconds, kind in zip(moments, kinds, strict=True):
        at = now - timedelta(seconds=seconds)
        available = bisect.bisect_right(created_ts, -seconds) if kind in _TASK_KINDS else 0
        if kind in _TASK_KINDS and available == 0:
            kind = EventKind.CHECKIN
        fields: dict[str, object] = {}
        if kind in _TASK_KINDS:
            index = rng.randrange(available)
            owner = owners[index]
            fields["task_id"] = index + 1
            fields["member_id"] = None if owner == MANAGER else owner
            if kind is EventKind.LEVEL_CHANGE:
                new_level = rng.randint(1, 6)
                new_level += new_level >= levels[index]
                fields["from_level"], fields["to_level"] = _LEVELS[levels[index] - 1], _LEVELS[new_level - 1]
                levels[index] = new_level
            elif kind is EventKind.REASSIGN:
                new_owner = rng.randint(0, members - 1)
                new_owner += new_owner >= owner
                fields["from_owner"], fields["to_owner"] = owner, new_owner
                fields["member_id"] = owner if owner != MANAGER else new_owner
                owners[index] = new_owner
            elif kind is EventKind.DUE_CHANGE:
                new_due = today + timedelta(days=rng.randint(-30, 120))
                if new_due == dues[index]:
                    new_due += timedelta(days=1)
                fields["from_due"], fields["to_due"] = dues[index], new_due
                dues[index] = new_due
            elif kind is EventKind.STATUS_CHANGE:
                new_status = rng.choice([status for status in _STATUSES if status is not statuses[index]])
                fields["from_status"], fields["to_status"] = statuses[index], new_status
                statuses[index] = new_status
            if kind is not EventKind.DUE_CHANGE and rng.random() < 0.3:
                fields["reason"] = rng.choice(_REASONS)
        else:
            fields["member_id"] = rng.randint(1, members)
            if kind is EventKind.PULSE:
                fields["score"] = rng.randint(1, 5)
            if kind is EventKind.NOTE or rng.random() < 0.3:
                fields["note"] = rng.choice(_NOTES)
        append(Event.model_validate({"kind": kind, "at": at, "recorded_at": at, **fields}))

    task_map = {
        i + 1: Task(
            id=i + 1,
            title=f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
            owner_id=owners[i],
            area_id=None if rng.random() < 0.05 else rng.choice(area_ids),
            level=_LEVELS[levels[i] - 1],
            status=statuses[i],
            due=dues[i],
            created_at=now + timedelta(seconds=created_ts[i]),
        )
        for i in range(tasks)
    }
    workspace = Workspace(
        manager="Morgan Lee", members=member_map, areas=area_map, tasks=task_map, agreements=agreements
    )
    return workspace, event_list
