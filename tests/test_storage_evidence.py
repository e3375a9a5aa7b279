"""Storing the issue-11 evidence: old workspaces open as they are, the store refuses events that
could not have happened, a level change written up later fits its history, status changes are
events, time away and the time zone are kept (and survive a backup)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from delegate_tui import summary
from delegate_tui.model import (
    AwayPeriod,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    Initiator,
    InputError,
    TaskStatus,
)
from delegate_tui.storage.store import Store, events_folder
from tests.helpers.clock import NOW


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


@pytest.fixture
def team(store: Store) -> Store:
    """Zoë (joined 2024) and Priya (joins 1 November 2026), one task created at NOW minus 30 days."""
    store.add_member("Zoë Ångström", role="Engineer", since=date(2024, 1, 15), now=NOW)
    store.add_member("Priya Natarajan", since=date(2026, 11, 1), now=NOW)
    store.add_area("Hiring", now=NOW)
    store.add_task(
        "Run the interview loop", owner_id=1, level=DelegationLevel.ADVISE, area_id=1, now=NOW - timedelta(days=30)
    )
    return store


# --------------------------------------------------------------------------- old workspaces


def _schema_2_workspace(path: Path) -> None:
    """A workspace as the version before issue 11 wrote it: no time zone, no time away, events
    without who started them, why, a score or a status."""
    path.write_bytes(
        orjson.dumps(
            {
                "meta": {"1": {"schema_version": 2, "manager": "Sam Rivera"}},
                "members": {"1": {"name": "Zoë Ångström", "role": "Engineer", "since": "2024-01-15"}},
                "areas": {"1": {"name": "Hiring", "description": ""}},
                "tasks": {
                    "1": {
                        "title": "Interview loop",
                        "owner_id": 1,
                        "area_id": 1,
                        "level": 5,
                        "status": "open",
                        "due": None,
                        "created_at": "2026-09-01T09:00:00Z",
                    }
                },
                "pending_events": {},
            }
        )
    )
    folder = events_folder(path)
    folder.mkdir()
    (folder / "2026-10.json").write_bytes(
        orjson.dumps(
            {
                "events": {
                    "1": {"kind": "checkin", "at": "2026-10-03T10:00:00Z", "member_id": 1},
                    "2": {"kind": "override", "at": "2026-10-05T10:00:00Z", "member_id": 1, "task_id": 1},
                    "3": {
                        "kind": "level_change",
                        "at": "2026-10-06T10:00:00Z",
                        "member_id": 1,
                        "task_id": 1,
                        "from_level": 3,
                        "to_level": 5,
                    },
                }
            }
        )
    )


def test_a_workspace_from_before_the_new_evidence_opens_as_it_is(db_path: Path) -> None:
    _schema_2_workspace(db_path)
    before = snapshot(db_path.parent)
    store = Store(db_path)
    workspace = store.load()
    events = store.events()
    # No migration: every new field is optional, and reading leaves the files alone.
    assert snapshot(db_path.parent) == before
    assert workspace.timezone is None and workspace.members[1].away == []
    assert [(e.kind, e.by, e.context, e.score, e.to_status) for e in events] == [
        (EventKind.CHECKIN, None, None, None, None),
        (EventKind.OVERRIDE, None, None, None, None),
        (EventKind.LEVEL_CHANGE, None, None, None, None),
    ]
    # And it takes the new evidence.
    store.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=1, by=Initiator.MEMBER))
    store.add_away(1, AwayPeriod(start=date(2026, 12, 21), end=date(2026, 12, 24)), now=NOW)
    reopened = Store(db_path)
    assert reopened.events()[-1].by is Initiator.MEMBER
    assert reopened.load().members[1].away[0].start == date(2026, 12, 21)


# --------------------------------------------------------------------------- one consistent past


def test_an_override_dated_before_its_task_existed_is_refused(team: Store, db_path: Path) -> None:
    before = snapshot(db_path.parent)
    early = Event(kind=EventKind.OVERRIDE, at=NOW - timedelta(days=31), member_id=1, task_id=1)
    with pytest.raises(InputError, match=r"before task #1 was created"):
        team.log_event(early)
    assert snapshot(db_path.parent) == before


def test_a_take_back_dated_before_its_task_existed_changes_nothing(team: Store, db_path: Path) -> None:
    before = snapshot(db_path.parent)
    with pytest.raises(InputError, match=r"before task #1 was created"):
        team.reassign_task(1, 0, now=NOW - timedelta(days=40))
    with pytest.raises(InputError, match=r"before task #1 was created"):
        team.set_task_level(1, DelegationLevel.TELL, now=NOW - timedelta(days=40))
    assert snapshot(db_path.parent) == before
    assert team.load().tasks[1].owner_id == 1


def test_joining_is_judged_on_the_managers_local_day(team: Store) -> None:
    team.set_timezone("Pacific/Auckland", now=NOW)  # UTC+13 in (southern) summer
    # 31 October 10:00 UTC is 23:00 on 31 October in Auckland: before Priya joined on 1 November.
    with pytest.raises(InputError, match=r"before Priya Natarajan joined \(2026-11-01\)"):
        team.log_event(
            Event(kind=EventKind.CHECKIN, at=datetime(2026, 10, 31, 10, 0, tzinfo=timezone.utc), member_id=2)
        )
    # 31 October 12:00 UTC is already 1 November, 01:00, there.
    team.log_event(Event(kind=EventKind.CHECKIN, at=datetime(2026, 10, 31, 12, 0, tzinfo=timezone.utc), member_id=2))
    assert [e.member_id for e in team.events()] == [2]


def test_a_level_change_written_up_later_takes_its_from_level_from_the_history(team: Store) -> None:
    team.set_task_level(1, DelegationLevel.CONSULT, now=NOW - timedelta(days=2))
    team.set_task_level(1, DelegationLevel.AGREE, now=NOW - timedelta(days=20))  # written up afterwards
    team.set_task_level(1, DelegationLevel.TELL, now=NOW - timedelta(days=10))  # between the two
    changes = [e for e in team.events() if e.kind is EventKind.LEVEL_CHANGE]
    assert [(e.from_level, e.to_level) for e in changes] == [(5, 4), (4, 1), (5, 3)]
    assert team.load().tasks[1].level is DelegationLevel.CONSULT  # the latest change still sets today's level
    with pytest.raises(InputError, match=r"already at level 4 Agree"):
        team.set_task_level(1, DelegationLevel.AGREE, now=NOW - timedelta(days=15))


# --------------------------------------------------------------------------- status changes


def test_a_status_change_is_recorded_as_an_event(team: Store) -> None:
    team.update_task(1, status=TaskStatus.DONE, now=NOW, reason="shipped", context=EventContext.REVIEW)
    team.update_task(1, status=TaskStatus.DONE, now=NOW)  # no change, no event
    team.update_task(1, title="Run the next interview loop", now=NOW)
    (event,) = team.events()
    assert (event.kind, event.from_status, event.to_status) == (
        EventKind.STATUS_CHANGE,
        TaskStatus.OPEN,
        TaskStatus.DONE,
    )
    assert (event.task_id, event.member_id, event.reason, event.context) == (1, 1, "shipped", EventContext.REVIEW)


# --------------------------------------------------------------------------- time away and the time zone


def test_time_away_is_added_to_what_is_on_disk_under_the_lock(team: Store, db_path: Path) -> None:
    stale = Store(db_path)
    stale.load()
    team.update_member(1, role="Staff Engineer", now=NOW)  # another process, after `stale` read
    stale.add_away(1, AwayPeriod(start=date(2026, 12, 21), end=date(2026, 12, 24), reason="holiday"), now=NOW)
    member = Store(db_path).load().members[1]
    assert member.role == "Staff Engineer"
    assert [(p.start, p.end, p.reason) for p in member.away] == [(date(2026, 12, 21), date(2026, 12, 24), "holiday")]
    with pytest.raises(InputError, match=r"already away from 2026-12-21 to 2026-12-24"):
        stale.add_away(1, AwayPeriod(start=date(2026, 12, 24), end=date(2026, 12, 27)), now=NOW)
    assert stale.remove_away(1, date(2026, 12, 21), now=NOW).reason == "holiday"
    assert Store(db_path).load().members[1].away == []


def test_the_time_zone_and_time_away_survive_a_backup(team: Store, tmp_path: Path) -> None:
    team.set_timezone("Europe/Amsterdam", now=NOW)
    team.add_away(1, AwayPeriod(start=date(2026, 12, 21), end=date(2026, 12, 24)), now=NOW)
    team.log_event(Event(kind=EventKind.PULSE, at=NOW, member_id=1, score=2, note="overruled twice"))
    raw = summary.backup_json(summary.build_backup(team.load(), team.events(), generated_at=NOW)).encode()
    backup = summary.parse_backup(raw, source="backup.json")
    restored = Store(tmp_path / "restored.json")
    restored.replace_everything(backup.workspace, backup.events, NOW)
    workspace = Store(tmp_path / "restored.json").load()
    assert workspace.timezone == "Europe/Amsterdam"
    assert workspace.members[1].away == team.load().members[1].away
    assert [(e.kind, e.score) for e in restored.events()] == [(EventKind.PULSE, 2)]


def test_the_time_zone_is_validated_and_can_be_cleared(team: Store, db_path: Path) -> None:
    before = snapshot(db_path.parent)
    with pytest.raises(InputError, match=r"'Europe/Atlantis' is not a known time zone"):
        team.set_timezone("Europe/Atlantis", now=NOW)
    assert snapshot(db_path.parent) == before
    team.set_timezone("Europe/Amsterdam", now=NOW)
    team.set_timezone(None, now=NOW)
    assert Store(db_path).load().timezone is None


def test_the_new_event_fields_read_back_as_written(team: Store, db_path: Path) -> None:
    written = [
        team.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=1, by=Initiator.MEMBER)),
        team.log_event(
            Event(kind=EventKind.OVERRIDE, at=NOW, member_id=1, task_id=1, context=EventContext.INCIDENT, reason="down")
        ),
        team.log_event(Event(kind=EventKind.PULSE, at=NOW, member_id=1, score=5)),
    ]
    team.update_task(1, status=TaskStatus.BLOCKED, now=NOW)
    written += [e for e in team.events() if e.kind is EventKind.STATUS_CHANGE]
    read = Store(db_path).events()
    fields = ("kind", "by", "context", "reason", "score", "from_status", "to_status")
    assert sorted(tuple(getattr(e, f) for f in fields) for e in read) == sorted(
        tuple(getattr(e, f) for f in fields) for e in written
    )
