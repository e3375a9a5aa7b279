"""The fast month-file reader (msgspec) against the model (pydantic): the same events, or a hand-over.

The history is read by :mod:`delegate_tui.storage.events` without pydantic, but the domain model
stays the one truth: for any month file, the fast path gives events equal to what
``Event.model_validate(..., context=STORED)`` gives, field for field and in the same order (the
backup writes that order), or it hands the file over to pydantic, which reads or refuses it with
its own message. It never accepts what the model refuses.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from delegate_tui.model import STORED, Event, EventKind
from delegate_tui.storage.events import NotFast, StoredEvent, decode_month
from delegate_tui.storage.files import WorkspaceError, dumps
from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW

_MODEL = TypeAdapter(dict[str, dict[str, Event]])

_TEXT = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=5)
    | st.sampled_from(["\x1b", "\x1b]2;owned\x07", "\u202e", "\r\n", "\n", "\t", "\x9b", "\x00", "\u2028"]),
    max_size=6,
).map("".join)
_MOMENT_TEXT = st.one_of(
    st.datetimes(min_value=datetime(1899, 12, 30), max_value=datetime(2201, 1, 2)).map(
        lambda moment: moment.replace(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
    ),
    st.datetimes(
        min_value=datetime(1899, 12, 30),
        max_value=datetime(2201, 1, 2),
        timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=5)), timezone(timedelta(hours=-9))]),
    ).map(datetime.isoformat),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1)).map(datetime.isoformat),  # naive
    st.sampled_from(
        ["2026-11-01", "2026-11-01T10:00", "2026-11-01 10:00:00Z", "yesterday", "", "2026-13-01T00:00:00Z"]
    ),
)
_DAY_TEXT = st.one_of(
    st.dates(min_value=date(1899, 12, 1), max_value=date(2201, 1, 31)).map(date.isoformat),
    st.sampled_from(["2026-02-30", "2026-11-01T00:00:00", "soon"]),
)
_OPTIONAL_INT = st.one_of(st.none(), st.integers(-3, 12), st.sampled_from([2**70, 1.0, "3", True]))


_VALID_MOMENT = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
)
_VALID_DAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)).map(date.isoformat)


@st.composite
def stored_docs(draw: st.DrawFn) -> dict[str, Any]:
    """An event as a month file may hold it: mostly what the store writes, one time in three not."""
    odd = draw(st.integers(0, 2)) == 0

    def pick(usual: st.SearchStrategy[Any], unusual: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | usual | unusual) if odd else draw(st.none() | usual)

    doc: dict[str, Any] = {
        "kind": draw(st.sampled_from([kind.value for kind in EventKind] + (["CHECKIN", "meeting"] if odd else []))),
        "at": draw(_MOMENT_TEXT if odd else _VALID_MOMENT),
        "recorded_at": pick(_VALID_MOMENT, _MOMENT_TEXT),
        "member_id": pick(st.integers(0, 300), _OPTIONAL_INT),
        "task_id": pick(st.integers(1, 10_000), _OPTIONAL_INT),
        "area_id": pick(st.integers(1, 20), _OPTIONAL_INT),
        "note": pick(_TEXT, _TEXT),
        "reason": pick(_TEXT, _TEXT),
        "from_level": pick(st.integers(1, 7), st.integers(0, 8) | st.just("5")),
        "to_level": pick(st.integers(1, 7), st.integers(0, 8) | st.just("5")),
        "from_owner": pick(st.integers(0, 5), _OPTIONAL_INT),
        "to_owner": pick(st.integers(0, 5), _OPTIONAL_INT),
        "from_due": pick(_VALID_DAY, _DAY_TEXT),
        "to_due": pick(_VALID_DAY, _DAY_TEXT),
        "from_status": pick(st.sampled_from(["open", "in progress", "blocked", "done"]), st.just("later")),
        "to_status": pick(st.sampled_from(["open", "done"]), st.just("Done")),
        "by": pick(st.sampled_from(["manager", "member"]), st.just("someone")),
        "context": pick(st.sampled_from(["incident", "member-request", "review"]), st.just("boredom")),
        "score": pick(st.integers(1, 5), st.integers(0, 6)),
    }
    for key in draw(st.sets(st.sampled_from(sorted(doc)), max_size=3)):
        if key not in ("kind", "at"):
            del doc[key]  # files written before a field existed lack it
    if odd and draw(st.booleans()):
        doc["colour"] = "blue"  # a field the model does not know
    return doc


def _model_reading(raw: bytes) -> dict[str, Event] | None:
    try:
        return _MODEL.validate_json(raw, context=STORED).get("events", {})
    except ValidationError:
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.integers(1, 50).map(str), stored_docs(), max_size=3))
def test_the_fast_reader_gives_the_models_events_or_hands_the_file_over(table: dict[str, dict[str, Any]]) -> None:
    raw = json.dumps({"events": table}).encode()  # json: it writes integers of any size
    expected = _model_reading(raw)
    try:
        fast = decode_month(raw)
    except NotFast:
        return  # pydantic reads it: the same result by construction
    assert expected is not None, "the fast reader accepted a file the model refuses"
    assert list(fast) == list(expected)
    for key, event in fast.items():
        assert event == expected[key]
        assert list(event.__dict__) == list(expected[key].__dict__), "field order (the backup's order) differs"
        assert event.model_dump_json() == expected[key].model_dump_json()


def test_the_fast_reader_has_exactly_the_fields_of_the_model() -> None:
    assert list(StoredEvent.__struct_fields__) == list(Event.model_fields)


def test_a_note_with_terminal_escapes_reads_back_as_visible_pictures_on_the_fast_path() -> None:
    raw = dumps(
        {"events": {"1": {"kind": "note", "at": "2026-11-02T09:00:00Z", "note": "hi\x1b]2;owned\x07\r\nthere"}}}
    )
    event = decode_month(raw)["1"]
    assert event.note == "hi␛]2;owned␇\nthere"
    assert event.at == datetime(2026, 11, 2, 9, tzinfo=timezone.utc)


def _write_month(store: Store, month: str, table: dict[str, Any]) -> Path:
    folder = events_folder(store.path)
    folder.mkdir(exist_ok=True)
    path = folder / f"{month}.json"
    path.write_bytes(orjson.dumps({"events": table}))
    return path


def test_a_history_written_in_another_zone_is_read_in_utc_like_before(tmp_path: Path) -> None:
    store = Store(tmp_path / "team.json")
    store.add_member("Ann", now=NOW)
    _write_month(store, "2026-11", {"1": {"kind": "checkin", "at": "2026-11-02T10:00:00+02:00", "member_id": 1}})
    (event,) = store.events()
    assert event.at == datetime(2026, 11, 2, 8, tzinfo=timezone.utc)
    assert event.id == "e202611-1"


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ({"kind": "checkin", "at": "2301-01-01T00:00:00Z"}, "out of range"),
        ({"kind": "pulse", "at": "2026-11-02T10:00:00Z", "score": 9}, "score"),
        ({"kind": "checkin", "at": "2026-11-02T10:00:00Z", "mood": "sunny"}, "mood"),
        ({"kind": "teatime", "at": "2026-11-02T10:00:00Z"}, "kind"),
    ],
    ids=["far-future", "pulse-score", "unknown-field", "unknown-kind"],
)
def test_a_bad_event_file_is_refused_with_the_same_clear_message(
    tmp_path: Path, doc: dict[str, Any], problem: str
) -> None:
    store = Store(tmp_path / "team.json")
    path = _write_month(store, "2026-11", {"1": doc})
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="has a field that is not valid") as raised:
        store.events()
    assert problem in str(raised.value)
    assert path.read_bytes() == before
