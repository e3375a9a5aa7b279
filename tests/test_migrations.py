"""Schema migrations as pure functions: what a schema-1 file's tables become (found by mutation testing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from delegate_tui.storage.migrations import CURRENT_SCHEMA, migrate
from delegate_tui.storage.store import Store


def v1(events: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {
        "meta": {"1": {"schema_version": 1, "manager": "Sam Rivera"}},
        "members": {"1": {"name": "Zoë", "role": "", "since": None}},
    }
    if events is not None:
        tables["events"] = events
    return tables


def checkin(note: str, stale_id: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": "checkin", "at": "2026-09-03T10:00:00Z", "member_id": 1, "note": note}
    return doc if stale_id is None else doc | {"id": stale_id}


def test_the_manager_and_everything_else_in_meta_survive_the_migration() -> None:
    tables, _events = migrate(v1({}), 1)
    assert tables["meta"] == {"1": {"schema_version": CURRENT_SCHEMA, "manager": "Sam Rivera"}}
    assert tables["members"] == v1()["members"]


def test_a_schema_1_file_keeps_its_managers_name_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(orjson.dumps(v1({"1": checkin("first")})))
    assert Store(path).load().manager == "Sam Rivera"


def test_a_schema_1_file_without_an_events_table_migrates_with_no_events() -> None:
    tables, events = migrate(v1(), 1)
    assert events == []
    assert "events" not in tables


def test_events_move_in_the_order_of_their_numbers_not_of_their_keys_as_text() -> None:
    _tables, events = migrate(v1({"10": checkin("tenth"), "2": checkin("second"), "1": checkin("first")}), 1)
    assert [event["note"] for event in events] == ["first", "second", "tenth"]


def test_moved_events_leave_their_old_ids_behind_for_the_store_to_number_anew() -> None:
    _tables, events = migrate(v1({"1": checkin("first", stale_id="1"), "2": checkin("second", stale_id="1")}), 1)
    assert events == [checkin("first"), checkin("second")]
