"""level_at: a task's level at a past moment, rebuilt from its history."""

from __future__ import annotations

from delegate_tui.model import (
    DelegationLevel,
    Event,
)
from delegate_tui.patterns import (
    level_at,
)
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    TOOLING,
    ago,
    team,
)


def test_level_at_without_changes_is_the_task_level() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 4, TOOLING)]
    assert level_at(task, [], ago(1000)) is DelegationLevel.AGREE


def test_level_at_rebuilds_from_out_of_order_and_backdated_changes() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 6, TOOLING)]
    other = b.task(PRIYA, 1, TOOLING)
    # Recorded in this order, but happened: 2 -> 4 (day 30), 4 -> 5 (day 20), 5 -> 6 (day 10).
    events = [
        Event(id="c", kind="level_change", at=ago(10), task_id=task.id, from_level=5, to_level=6),
        Event(id="a", kind="level_change", at=ago(30), task_id=task.id, from_level=2, to_level=4),
        Event(id="x", kind="level_change", at=ago(25), task_id=other, from_level=1, to_level=7),
        Event(id="n", kind="note", at=ago(25), task_id=task.id),
        Event(id="b", kind="level_change", at=ago(20), task_id=task.id, from_level=4, to_level=5),
    ]
    assert level_at(task, events, ago(40)) == 2
    assert level_at(task, events, ago(30)) == 4  # a change at the very moment counts
    assert level_at(task, events, ago(25)) == 4
    assert level_at(task, events, ago(15)) == 5
    assert level_at(task, events, NOW) == 6
    assert level_at(task, list(reversed(events)), ago(15)) == 5


def test_level_at_breaks_ties_by_event_id() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 3, TOOLING)]
    events = [
        Event(id="e2", kind="level_change", at=ago(5), task_id=task.id, from_level=5, to_level=3),
        Event(id="e1", kind="level_change", at=ago(5), task_id=task.id, from_level=2, to_level=5),
    ]
    assert level_at(task, events, ago(5)) == 3
    assert level_at(task, events, ago(6)) == 2


def test_level_at_with_a_missing_from_level() -> None:
    b = team()
    task = b.ws.tasks[b.task(PRIYA, 3, TOOLING)]
    events = [Event(id="e1", kind="level_change", at=ago(5), task_id=task.id, to_level=6)]
    assert level_at(task, events, ago(6)) == 3
    assert level_at(task, events, ago(4)) == 6
