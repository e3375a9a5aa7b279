"""A store kept to read the history releases its copy of the workspace file between readings
(the UI's history reader): what it reads afterwards is what is on disk then."""

from __future__ import annotations

from pathlib import Path

from delegate_tui.model import Event, EventKind
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
