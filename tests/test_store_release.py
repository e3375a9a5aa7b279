"""A store kept to read the history releases its copy of the workspace file between readings
(the UI's history reader): what it reads afterwards is what is on disk then."""

from __future__ import annotations

import os
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


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    parsed: list[Path] = []
    real = AtomicJSONStorage._parse

    def parse(self: AtomicJSONStorage, raw: bytes) -> dict[str, dict[str, Any]]:
        parsed.append(self.path)
        return real(self, raw)

    monkeypatch.setattr(AtomicJSONStorage, "_parse", parse)
    return parsed


def test_a_released_reader_does_not_parse_a_workspace_file_without_pending_events(
    sample_store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Store(db_path, create=False, validate=False)
    before = [event.id for event in reader.events()]
    reader.release_workspace_file()
    parsed = _counting_parses(monkeypatch)

    assert [event.id for event in reader.events()] == before
    assert db_path not in parsed  # the history alone was read: no second copy of the workspace


def _make_old(path: Path) -> None:
    """As if the file was last written a minute ago: its signature alone then tells versions apart."""
    past = path.stat().st_mtime_ns - 60_000_000_000
    os.utime(path, ns=(past, past))


def test_a_store_that_released_its_parsed_file_keeps_its_workspace_while_the_file_is_unchanged(
    sample_store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_old(db_path)
    store = Store(db_path)
    workspace = store.load()
    store.release_parsed_file()
    parsed = _counting_parses(monkeypatch)

    assert store.load() is workspace
    assert parsed == []  # neither parsed nor validated again


def test_a_store_that_released_its_parsed_file_reads_another_process_s_change(
    sample_store: Store, db_path: Path
) -> None:
    _make_old(db_path)
    store = Store(db_path)
    member = next(iter(store.load().members.values()))
    store.release_parsed_file()

    sample_store.update_member(member.id, name="Renamed Person", now=NOW)

    assert store.load().members[member.id].name == "Renamed Person"


def test_a_change_with_the_same_size_and_time_is_noticed_by_its_bytes(sample_store: Store, db_path: Path) -> None:
    """Just after a write the signature cannot tell a second write of the same size apart (a coarse
    clock): the released store compares the bytes then."""
    store = Store(db_path)
    member = next(iter(store.load().members.values()))
    store.release_parsed_file()
    before = db_path.stat()
    raw = db_path.read_bytes()
    renamed = raw.replace(member.name.encode(), b"X" * len(member.name.encode()), 1)
    assert len(renamed) == len(raw) and renamed != raw
    with db_path.open("r+b") as handle:  # in place: the same file, the same size
        handle.write(renamed)
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert db_path.stat().st_mtime_ns == before.st_mtime_ns

    assert store.load().members[member.id].name == "X" * len(member.name)


def test_a_store_that_released_its_parsed_file_changes_it_without_losing_anything(
    sample_store: Store, db_path: Path
) -> None:
    _make_old(db_path)
    store = Store(db_path)
    members = dict(store.load().members)
    store.release_parsed_file()
    sample_store.add_member("Someone Else", now=NOW)  # meanwhile, elsewhere

    store.add_member("Newcomer", now=NOW)

    names = {member.name for member in Store(db_path).load().members.values()}
    assert names == {member.name for member in members.values()} | {"Someone Else", "Newcomer"}
