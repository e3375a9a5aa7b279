"""The history comes back in time order however it was logged: across months, ties by id, pending events too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from delegate_tui.model import DelegationLevel, Event, EventKind
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


def test_events_logged_out_of_order_come_back_in_time_order(db_path: Path) -> None:
    store = Store(db_path)
    ann = store.add_member("Ann", now=NOW).id
    bob = store.add_member("Bob", now=NOW).id
    task = store.add_task("Plan the offsite", owner_id=ann, level=DelegationLevel(3), now=NOW - timedelta(days=60))

    def log(note: str, days_ago: float, member_id: int = ann) -> None:
        store.log_event(
            Event(kind=EventKind.CHECKIN, at=NOW - timedelta(days=days_ago), member_id=member_id, note=note)
        )

    # Logged newest first, jumping between months (October and November) and members.
    log("yesterday", 1)
    log("forty days ago", 40)
    log("two days ago", 2, bob)
    log("thirty-five days ago", 35)
    log("also yesterday, logged later", 1)  # the same moment as "yesterday": the id decides
    store.set_task_level(task.id, DelegationLevel(5), now=NOW - timedelta(days=20))  # via the transaction

    events = Store(db_path).events()
    assert [e.note or e.kind.value for e in events] == [
        "forty days ago",
        "thirty-five days ago",
        "level_change",
        "two days ago",
        "yesterday",
        "also yesterday, logged later",
    ]
    assert [e.note for e in Store(db_path).events(since=NOW - timedelta(days=2))] == [
        "two days ago",
        "yesterday",
        "also yesterday, logged later",
    ]
    assert [e.note for e in Store(db_path).events(member_id=bob)] == ["two days ago"]
