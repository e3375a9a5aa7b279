"""Reading a month file of the event history fast, into the domain's own :class:`Event` objects.

pydantic validating 100,000 stored events costs most of ``check`` and ``export`` and keeps
three times the memory. Here msgspec decodes a month file against a struct with the same fields
and types as :class:`~delegate_tui.model.Event` (in C), a few Python checks apply what
``Event``'s validators apply to stored text (the STORED context: dates from 1900 to 2200, UTC
timestamps, control characters in notes made visible, a pulse score from 1 to 5), and each
event is built as an ``Event`` without running pydantic a second time.

Anything this fast path does not take as it is (another timestamp form, an out-of-range value,
an unknown field, JSON that does not parse) makes it give up on the file: the caller then reads
it through pydantic, which either accepts it the same way or gives the one clear message it
always gave. The fast path is therefore never more lenient than the model, only quicker.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Collection, Iterator
from datetime import date, datetime, time, timezone
from typing import Any

import msgspec
from pydantic import BaseModel

from delegate_tui.model import (
    EARLIEST,
    LATEST,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    Initiator,
    TaskStatus,
)
from delegate_tui.text import visible


class StoredEvent(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One event as a month file stores it: :class:`Event`'s fields, in its order, with its types.

    The order is the model's too: the backup writes an event's fields in the order of its
    instance dict. Timestamps stay text here and are parsed as ``Event`` parses them (``datetime.fromisoformat``),
    so that both read every timestamp to the same moment.
    """

    id: str = ""
    kind: EventKind
    at: str
    recorded_at: str | None = None
    member_id: int | None = None
    task_id: int | None = None
    area_id: int | None = None
    note: str | None = None
    reason: str | None = None
    from_level: DelegationLevel | None = None
    to_level: DelegationLevel | None = None
    from_owner: int | None = None
    to_owner: int | None = None
    from_due: date | None = None
    to_due: date | None = None
    from_status: TaskStatus | None = None
    to_status: TaskStatus | None = None
    by: Initiator | None = None
    context: EventContext | None = None
    score: int | None = None
    undoes: str | None = None


_DECODER = msgspec.json.Decoder(dict[str, dict[str, StoredEvent]])
_FIRST_MOMENT = datetime.combine(EARLIEST, time.min, timezone.utc)
_LAST_MOMENT = datetime.combine(LATEST, time.max, timezone.utc)
_UTC = timezone.utc
# Every field but the id is in a stored event (the store writes them all), so every event read
# shares one set; pydantic copies it before a change (model_copy) and never reads it otherwise.
_FIELDS_SET = set(Event.model_fields) - {"id"}
_new = object.__new__
_set = object.__setattr__
_as_tuple = msgspec.structs.astuple
_STORED_FIELDS = StoredEvent.__struct_fields__


def key_sharing_dict(model: type[BaseModel]) -> dict[str, Any]:
    """An instance dict of ``model`` with every field, made the way CPython then shares its keys.

    Its copies share one key table too (a "split" dict), so each record's dict holds only its
    values: about 190 bytes less an event (a fifth of the history's memory: 70 -> 50 MiB for
    100,000 events) than the dict of its own that pydantic or ``msgspec.structs.asdict`` makes.
    Elsewhere than CPython it is an ordinary dict, and the copies are simply dicts.
    """
    template = _new(model)
    for name in model.model_fields:  # the model's order: the backup writes fields in this order
        _set(template, name, None)
    _TEMPLATES.append(template)  # keeps the shared key table alive
    return template.__dict__


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many records.

    Creating 100,000 events or 10,000 tasks (which form no cycles) triggers dozens of collections
    that scan everything: a third of the reading time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_TEMPLATES: list[BaseModel] = []
_new_fields = key_sharing_dict(Event).copy
_parse_moment = datetime.fromisoformat


class NotFast(Exception):
    """The fast path does not take this file as it is: read it through pydantic instead."""


def _moment(text: str) -> datetime:
    if len(text) < 19:
        raise NotFast  # pydantic's own parser reads short forms; leave them to it
    try:
        moment = _parse_moment(text)
    except ValueError:
        raise NotFast from None
    if moment.tzinfo is not _UTC or not _FIRST_MOMENT <= moment <= _LAST_MOMENT:
        raise NotFast  # another zone, no zone or out of range: the model converts or refuses it
    return moment


def _day(day: date | None) -> None:
    if day is not None and not EARLIEST <= day <= LATEST:
        raise NotFast


def _event(stored: StoredEvent, strings: dict[str, str]) -> Event:
    fields = _new_fields()
    fields.update(zip(_STORED_FIELDS, _as_tuple(stored)))
    fields["at"] = at = _moment(stored.at)
    if stored.recorded_at is not None:
        # Most events are recorded when they happen: one (immutable) datetime serves both fields,
        # 48 bytes and a parse fewer an event.
        fields["recorded_at"] = at if stored.recorded_at == stored.at else _moment(stored.recorded_at)
    for name in ("note", "reason"):
        text = fields[name]
        if text is not None:
            # What Note and Reason do to stored text; equal texts are kept once (notes repeat).
            text = visible(text.replace("\r\n", "\n"), multiline=True)
            fields[name] = strings.setdefault(text, text)
    if stored.from_due is not None or stored.to_due is not None:
        _day(stored.from_due)
        _day(stored.to_due)
    if stored.score is not None and not 1 <= stored.score <= 5:
        raise NotFast
    event: Event = _new(Event)
    _set(event, "__dict__", fields)
    _set(event, "__pydantic_fields_set__", _FIELDS_SET)
    _set(event, "__pydantic_extra__", None)
    _set(event, "__pydantic_private__", None)
    return event


def kept(
    record: StoredEvent | Event,
    kinds: Collection[EventKind] | None,
    member_id: int | None = None,
    task_id: int | None = None,
) -> bool:
    """Whether a read of ``kinds`` (every kind: None) about ``member_id`` and ``task_id`` (any: None)
    keeps ``record``, a stored or a built event."""
    return (
        (kinds is None or record.kind in kinds)
        and (member_id is None or record.member_id == member_id)
        and (task_id is None or record.task_id == task_id)
    )


def decode_month(
    raw: bytes,
    kinds: Collection[EventKind] | None = None,
    *,
    member_id: int | None = None,
    task_id: int | None = None,
) -> dict[str, Event]:
    """The events of a month file's ``events`` table by their key, read as :class:`Event` reads them.

    With ``kinds``, only the events of those kinds are built (the others are still decoded, so the
    file's JSON, field names and types are checked, but no object is made of them: for a reader
    that needs a few kinds of an old month); with ``member_id`` or ``task_id``, only those about
    that member or task. Raises :class:`NotFast` when the file needs pydantic (to be read another
    way, or refused with its message).
    """
    try:
        tables = _DECODER.decode(raw)
    except msgspec.DecodeError:
        raise NotFast from None
    strings: dict[str, str] = {}
    stored_events = tables.get("events", {})
    if kinds is None and member_id is None and task_id is None:
        return {key: _event(stored, strings) for key, stored in stored_events.items()}
    return {
        key: _event(stored, strings) for key, stored in stored_events.items() if kept(stored, kinds, member_id, task_id)
    }
