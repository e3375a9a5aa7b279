"""A store kept to read the history releases its copy of the workspace file between readings
(the UI's history reader): what it reads afterwards is what is on disk then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from delegate_tui.model import DelegationLevel, Event, EventKind
from delegate_tui.storage.files import AtomicJSONStorage
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


def test_a_released_reader_reads_the_changes_made_meanwhile(sample_store: Store, db_path: Path) -> None:
    reader = Store(db_path, create=False, validate=False)
    before = {event.id for event in reader.events()}
    member = next(iter(reader.load().members.values()))
    reader.release_workspace_file()

    sample_store.update_member(member.id, name="Renamed Person", now=NOW)
    logged = sample_store.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=member.id))

    assert {event.id for event in reader.events()} == before | {logged.id}
    assert reader.load().members[member.id].name == "Renamed Person"


class _Crash(BaseException):
    """A process killed between writing the workspace file and the event's month file."""


def _leave_a_pending_event(store: Store, monkeypatch: pytest.MonkeyPatch) -> Event:
    task = next(iter(store.load().tasks.values()))
    level = DelegationLevel.TELL if task.level is not DelegationLevel.TELL else DelegationLevel.SELL

    def crash(self: Store, events: list[Event], ids: list[str] | None = None) -> None:
        raise _Crash

    monkeypatch.setattr(Store, "_append_events", crash)
    with pytest.raises(_Crash):
        store.set_task_level(task.id, level, now=NOW)  # its level change stays pending
    monkeypatch.undo()
    [pending] = orjson.loads(store.path.read_bytes())["pending_events"].values()
    return Event.model_validate(pending)


def test_a_released_reader_reads_a_pending_event_left_by_a_crash(
    sample_store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Store(db_path, create=False, validate=False)
    before = {event.id for event in reader.events()}
    reader.release_workspace_file()

    pending = _leave_a_pending_event(sample_store, monkeypatch)

    assert {event.id for event in reader.events()} == before | {pending.id}


def test_a_released_reader_does_not_parse_a_workspace_file_without_pending_events(
    sample_store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Store(db_path, create=False, validate=False)
    before = [event.id for event in reader.events()]
    reader.release_workspace_file()
    parsed: list[Path] = []
    real = AtomicJSONStorage._parse

    def parse(self: AtomicJSONStorage, raw: bytes) -> dict[str, dict[str, Any]]:
        parsed.append(self.path)
        return real(self, raw)

    monkeypatch.setattr(AtomicJSONStorage, "_parse", parse)

    assert [event.id for event in reader.events()] == before
    assert db_path not in parsed  # the history alone was read: no second copy of the workspace
