"""The demo data sets: deterministic, of the asked size, and internally consistent."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest

from delegate_tui import demo
from delegate_tui.model import MANAGER, Event, EventKind, InputError, TaskStatus, Workspace

NOW = datetime(2026, 3, 1, 15, 30, tzinfo=timezone.utc)

LEFT_OUT = {EventKind.ARCHIVE, EventKind.RESTORE, EventKind.UNDO}
"""Kinds the demo data never holds: nobody in the sample or the generated teams has left."""


def _dump(workspace: Workspace, events: list[Event]) -> tuple[dict[str, object], list[dict[str, object]]]:
    return workspace.model_dump(mode="json"), [event.model_dump(mode="json") for event in events]


def _check_consistent(workspace: Workspace, events: list[Event], now: datetime) -> None:
    """Ids exist, moments are aware and not after now, and every task's history ends in its state."""
    owners = {MANAGER, *workspace.members}
    for mapping in (workspace.members, workspace.areas, workspace.tasks):
        assert list(mapping) == list(range(1, len(mapping) + 1))
        assert all(key == value.id for key, value in mapping.items())
    for task in workspace.tasks.values():
        assert task.owner_id in owners
        assert task.area_id is None or task.area_id in workspace.areas
        assert task.created_at.tzinfo is not None and task.created_at <= now
    assert set(workspace.agreements) == set(workspace.members)
    for member_id, agreement in workspace.agreements.items():
        assert agreement.member_id == member_id
        assert set(agreement.levels) <= set(workspace.areas)
        assert agreement.changed_at <= now
        assert [version.version for version in agreement.history] == list(range(1, agreement.version))

    by_task: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        assert event.id == ""
        assert event.at.utcoffset() == timedelta(0) and event.at <= now
        assert event.recorded_at is not None and event.at <= event.recorded_at <= now
        assert event.member_id is None or event.member_id in workspace.members
        assert event.area_id is None or event.area_id in workspace.areas
        for owner in (event.from_owner, event.to_owner):
            assert owner is None or owner in owners
        if event.task_id is not None:
            assert event.task_id in workspace.tasks
            assert event.at >= workspace.tasks[event.task_id].created_at
            by_task[event.task_id].append(event)
        if event.kind is EventKind.LEVEL_CHANGE:
            assert event.task_id is not None and event.from_level is not None and event.to_level is not None
            assert event.from_level != event.to_level
        if event.kind is EventKind.REASSIGN:
            assert event.task_id is not None and event.from_owner is not None and event.to_owner is not None
        if event.kind is EventKind.DUE_CHANGE:
            assert event.task_id is not None and event.to_due is not None
    assert [event.at for event in events] == sorted(event.at for event in events)

    for task_id, history in by_task.items():
        task = workspace.tasks[task_id]
        levels = [(e.from_level, e.to_level) for e in history if e.kind is EventKind.LEVEL_CHANGE]
        moves = [(e.from_owner, e.to_owner) for e in history if e.kind is EventKind.REASSIGN]
        dues = [(e.from_due, e.to_due) for e in history if e.kind is EventKind.DUE_CHANGE]
        for chain, final in ((levels, task.level), (moves, task.owner_id), (dues, task.due)):
            for (_, before), (after, _) in pairwise(chain):
                assert after == before, f"task {task_id}: a change starts from {after}, not from {before}"
            if chain:
                assert chain[-1][1] == final, f"task {task_id}: history ends at {chain[-1][1]}, task has {final}"


def _revalidates(workspace: Workspace, events: list[Event]) -> None:
    """What the store will write reads back as the same data."""
    assert Workspace.model_validate_json(workspace.model_dump_json()) == workspace
    assert [Event.model_validate_json(event.model_dump_json()) for event in events] == events


# --------------------------------------------------------------------------- sample


def test_sample_is_deterministic() -> None:
    assert _dump(*demo.sample(7, NOW)) == _dump(*demo.sample(7, NOW))
    assert _dump(*demo.sample(7, NOW)) != _dump(*demo.sample(8, NOW))


def test_sample_follows_now() -> None:
    later = NOW + timedelta(days=200)
    workspace, events = demo.sample(1, later)
    _check_consistent(workspace, events, later)
    assert max(event.at for event in events) > NOW


def test_sample_is_consistent_and_valid() -> None:
    workspace, events = demo.sample(1, NOW)
    _check_consistent(workspace, events, NOW)
    _revalidates(workspace, events)


def test_sample_reads_like_a_team() -> None:
    workspace, events = demo.sample(1, NOW)
    assert workspace.manager == "Sam Rivera"
    assert 6 <= len(workspace.members) <= 8
    assert len({member.name for member in workspace.members.values()}) == len(workspace.members)
    assert all(member.role and member.since for member in workspace.members.values())
    assert [area.name for area in workspace.areas.values()] == [
        "Hiring",
        "Tooling",
        "Release to production",
        "Budget up to 1k",
        "Customer escalations",
    ]
    assert all(area.description for area in workspace.areas.values())
    assert 28 <= len(workspace.tasks) <= 36

    joined = {m.id: (NOW.date() - m.since).days for m in workspace.members.values() if m.since}
    assert [mid for mid, days in joined.items() if days < 90] == [demo.KWAME]
    assert sum(days > 365 for days in joined.values()) >= 4

    tasks = list(workspace.tasks.values())
    open_tasks = [task for task in tasks if task.status.is_open]
    assert {task.status for task in tasks} == set(TaskStatus)
    managed = [task for task in open_tasks if task.owner_id == MANAGER]
    assert 1 <= len(managed) < 0.4 * len(open_tasks)
    assert {task.owner_id for task in tasks} == {MANAGER, *workspace.members}
    assert len({int(task.level) for task in tasks}) >= 5
    dues = [task.due for task in tasks if task.due]
    assert any(due < NOW.date() for due in dues) and any(due > NOW.date() for due in dues)

    assert set(workspace.agreements) == set(workspace.members)
    assert sum(bool(agreement.history) for agreement in workspace.agreements.values()) >= 3
    for agreement in workspace.agreements.values():
        assert agreement.growth_goals and agreement.channel and agreement.levels
    assert not workspace.agreements[demo.LENA].acknowledged

    kinds = {event.kind for event in events}
    assert kinds == set(EventKind) - LEFT_OUT
    assert NOW - events[0].at > timedelta(days=100)
    notes = [event for event in events if event.kind is EventKind.NOTE]
    assert notes and all(event.note for event in notes)


def test_sample_designed_patterns_are_in_the_data() -> None:
    """The raw facts behind each designed flag, independent of the rule engine."""
    workspace, events = demo.sample(3, NOW)
    recent = [e for e in events if NOW - e.at <= timedelta(days=28) and e.kind is EventKind.CHECKIN]
    counts = {mid: sum(e.member_id == mid for e in recent) for mid in workspace.members}
    assert counts[demo.JONAS] > 6 and counts[demo.JONAS] < 12
    weekly = [mid for mid, a in workspace.agreements.items() if a.cadence == "weekly" and mid != demo.JONAS]
    assert weekly and all(counts[mid] <= 4 for mid in weekly)

    overrides = [(e, workspace.tasks[e.task_id]) for e in events if e.kind is EventKind.OVERRIDE and e.task_id]
    # The held rollout, and the rollback during the checkout outage (logged with the context incident).
    assert [e.member_id for e, task in overrides if task.level >= 5] == [demo.DIEGO, demo.DIEGO]

    # Moves to the manager without a reason: Fatima's tests (the take-back), Priya's shipped release
    # (archived when done) and Aiko's review queue (covered while she was on holiday).
    moved = [e for e in events if e.kind is EventKind.REASSIGN and e.to_owner == MANAGER and e.reason is None]
    assert sorted(e.from_owner or 0 for e in moved) == sorted([demo.FATIMA, demo.PRIYA, demo.AIKO])
    taken_back = [e for e in moved if e.from_owner == demo.FATIMA]
    assert len(taken_back) == 1 and taken_back[0].from_owner == demo.FATIMA and taken_back[0].reason is None
    assert workspace.tasks[taken_back[0].task_id or 0].owner_id == MANAGER

    tooling = workspace.agreements[demo.TOMASZ].levels[demo.TOOLING]
    assert tooling.level <= 3 and tooling.readiness is not None and tooling.readiness.step == 4

    lena = workspace.agreements[demo.LENA]
    assert lena.last_review is not None and (NOW.date() - lena.last_review).days > lena.review_every_days

    escalations = workspace.agreements[demo.KWAME].levels[demo.ESCALATIONS]
    assert escalations.readiness is not None and escalations.self_readiness is not None
    assert escalations.self_readiness.step - escalations.readiness.step == 2


def test_sample_healthy_people_look_healthy() -> None:
    workspace, events = demo.sample(5, NOW)
    for mid in (demo.PRIYA, demo.AIKO):
        agreement = workspace.agreements[mid]
        assert agreement.acknowledged and agreement.growth_goals
        assert agreement.last_review is not None and (NOW.date() - agreement.last_review).days < 90
        assert all(area.level >= 4 for area in agreement.levels.values())
        assert any(area.desired is not None for area in agreement.levels.values())
        for area in agreement.levels.values():
            if area.desired_by is not None:
                assert area.desired_by > NOW.date()
        for task in workspace.tasks.values():
            if task.owner_id == mid and task.status.is_open and task.area_id in agreement.levels:
                assert task.level >= agreement.levels[task.area_id].level
        assert not [e for e in events if e.member_id == mid and e.kind in (EventKind.OVERRIDE, EventKind.APPROVAL)]


# --------------------------------------------------------------------------- large


def test_large_has_exactly_the_asked_size() -> None:
    workspace, events = demo.large(20, 500, 2000, 42, NOW)
    assert (len(workspace.members), len(workspace.tasks), len(events)) == (20, 500, 2000)
    assert 8 <= len(workspace.areas) <= 12
    assert len({member.name for member in workspace.members.values()}) == 20
    _check_consistent(workspace, events, NOW)
    _revalidates(workspace, events)


def test_large_spreads_events_over_a_year() -> None:
    _, events = demo.large(20, 500, 2000, 42, NOW)
    months = {(event.at.year, event.at.month) for event in events}
    assert 12 <= len(months) <= 13
    assert NOW - events[0].at <= timedelta(days=366)
    kinds = [event.kind for event in events]
    assert set(kinds) == set(EventKind) - LEFT_OUT
    assert kinds.count(EventKind.CHECKIN) + kinds.count(EventKind.NOTE) > len(kinds) / 2


def test_large_is_deterministic() -> None:
    assert _dump(*demo.large(5, 50, 300, 1, NOW)) == _dump(*demo.large(5, 50, 300, 1, NOW))
    assert _dump(*demo.large(5, 50, 300, 1, NOW)) != _dump(*demo.large(5, 50, 300, 2, NOW))


def test_large_edge_sizes() -> None:
    workspace, events = demo.large(1, 0, 0, 0, NOW)
    assert (len(workspace.members), len(workspace.tasks), events) == (1, 0, [])
    workspace, events = demo.large(1, 3, 200, 0, NOW)
    _check_consistent(workspace, events, NOW)
    assert len(events) == 200


def test_large_names_stay_unique_beyond_the_name_pool() -> None:
    workspace, _ = demo.large(4000, 0, 0, 0, NOW)
    assert len({member.name for member in workspace.members.values()}) == 4000


@pytest.mark.parametrize(
    ("members", "tasks", "events", "option", "got"),
    [
        (0, 10, 10, "--members", "0"),
        (10_001, 10, 10, "--members", "10001"),
        (5, -1, 10, "--tasks", "-1"),
        (5, 1_000_001, 10, "--tasks", "1000001"),
        (5, 10, -5, "--events", "-5"),
        (5, 10, 1_000_001, "--events", "1000001"),
        (True, 10, 10, "--members", "True"),
        (2.5, 10, 10, "--members", "2.5"),
    ],
)
def test_large_rejects_bad_sizes(members: object, tasks: object, events: object, option: str, got: str) -> None:
    with pytest.raises(InputError) as caught:
        demo.large(members, tasks, events, 1, NOW)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(f"{option} must be a whole number from ")
    assert message.endswith(f"(got {got}).")


def test_members_message_reads_as_a_sentence() -> None:
    with pytest.raises(InputError, match=r"^--members must be a whole number from 1 to 10000 \(got 0\)\.$"):
        demo.large(0, 1, 1, 1, NOW)


def test_seed_must_be_a_whole_number() -> None:
    with pytest.raises(InputError, match="--seed"):
        demo.large(1, 1, 1, "x", NOW)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="--seed"):
        demo.sample(1.5, NOW)  # type: ignore[arg-type]
