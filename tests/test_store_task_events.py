"""What the store records when a task changes, and what it refuses, as the history shows it.

(`make mutate` found these unchecked: a due change without its old or new date, a level change,
reassignment or status change that dropped the context given, and tasks saved for a member or
decision area that does not exist.)
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from delegate_tui.model import MANAGER, DelegationLevel, EventContext, EventKind, InputError, TaskStatus
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.files import files_in


def team(store: Store) -> tuple[int, int, int]:
    """Priya, the Tooling area and her task at level 3 due on 1 December: (member, area, task)."""
    priya = store.add_member("Priya", now=NOW).id
    tooling = store.add_area("Tooling", now=NOW).id
    task = store.add_task(
        "Pick the CI provider",
        owner_id=priya,
        level=DelegationLevel(3),
        area_id=tooling,
        due=date(2026, 12, 1),
        now=NOW,
    ).id
    return priya, tooling, task


def test_each_task_change_records_what_it_was_what_it_became_and_why(store: Store) -> None:
    priya, _tooling, task = team(store)
    later = NOW + timedelta(hours=1)
    store.set_task_due(task, date(2026, 12, 8), reason="she asked", now=later, context=EventContext.MEMBER_REQUEST)
    store.set_task_level(task, DelegationLevel(5), now=later, context=EventContext.REVIEW)
    store.update_task(task, status=TaskStatus.BLOCKED, now=later, context=EventContext.INCIDENT)
    store.reassign_task(task, MANAGER, reason="she is on leave", now=later, context=EventContext.LEAVE)
    changes = [event for event in store.events() if event.task_id == task]
    assert [(event.kind, event.context) for event in changes] == [
        (EventKind.DUE_CHANGE, EventContext.MEMBER_REQUEST),
        (EventKind.LEVEL_CHANGE, EventContext.REVIEW),
        (EventKind.STATUS_CHANGE, EventContext.INCIDENT),
        (EventKind.REASSIGN, EventContext.LEAVE),
    ]
    due, level, status, moved = changes
    assert (due.from_due, due.to_due) == (date(2026, 12, 1), date(2026, 12, 8))
    assert (level.from_level, level.to_level) == (DelegationLevel(3), DelegationLevel(5))
    assert (status.from_status, status.to_status) == (TaskStatus.OPEN, TaskStatus.BLOCKED)
    assert (moved.from_owner, moved.to_owner) == (priya, MANAGER)


def test_renaming_a_task_records_no_status_change(store: Store) -> None:
    _priya, _tooling, task = team(store)
    store.update_task(task, title="Pick the CI provider for the monorepo", now=NOW + timedelta(hours=1))
    store.update_task(task, status=TaskStatus.OPEN, now=NOW + timedelta(hours=2))
    assert [event.kind for event in store.events() if event.task_id == task] == []


@pytest.mark.parametrize("change", ["add for nobody", "add in no area", "move to nobody", "move into no area"])
def test_a_task_for_a_member_or_area_that_does_not_exist_is_refused(store: Store, change: str) -> None:
    priya, _tooling, task = team(store)
    before = files_in(store.path.parent)
    with pytest.raises(InputError):
        if change == "add for nobody":
            store.add_task("Ghost work", owner_id=99, level=DelegationLevel(3), now=NOW)
        elif change == "add in no area":
            store.add_task("Ghost work", owner_id=priya, level=DelegationLevel(3), area_id=99, now=NOW)
        elif change == "move to nobody":
            store.reassign_task(task, 99, now=NOW)
        else:
            store.update_task(task, area_id=99, now=NOW)
    assert files_in(store.path.parent) == before
