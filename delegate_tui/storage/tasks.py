"""Reading the tasks of the workspace file fast, into the domain's own :class:`Task` objects.

pydantic validating 10,000 tasks costs most of opening a large workspace (the UI's first paint,
every verb that loads the whole workspace). Here msgspec converts the parsed ``tasks`` table
against a struct with the same fields and types as :class:`~delegate_tui.model.Task` (in C), a
few Python checks apply what ``Task``'s validators apply to stored text (the STORED context), and
each task is built as a ``Task`` without running pydantic a second time.

Unlike the event reader, this one takes only what the model keeps exactly as it is: a title the
model would change (control characters, surrounding or repeated whitespace) or refuse (empty), a
level spelled another way than its number, a timestamp in any form but the one the store writes
(``2026-11-02T09:00:00Z``, with microseconds when it has them), a date out of range, a missing or
unknown field, a bool where a number belongs, a key that is not a plain decimal number: anything
of this kind makes it give up on the table. The caller then reads the tasks through pydantic,
which either accepts them the same way or gives the one clear message it always gave. The fast
path is therefore never more lenient than the model, only quicker.
"""

# Annotations stay evaluated here (no `from __future__ import annotations`): msgspec then reads the
# structs' types as they are instead of evaluating their text when it first decodes one (about 1 ms
# of the UI's first paint).

from datetime import date, datetime
from typing import Any

import msgspec

from delegate_tui.model import EARLIEST, LATEST, DelegationLevel, Task, TaskStatus
from delegate_tui.storage.events import NotFast, collector_paused, key_sharing_dict
from delegate_tui.text import visible

__all__ = ["NotFast", "StoredTask", "decode_tasks", "stored_id", "stored_line", "stored_moment"]


class StoredTask(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One task as the workspace file stores it: :class:`Task`'s fields but the id (its key), in
    the model's order, with its types.

    No field has a default: the store writes them all, and a task without one would have other
    ``__pydantic_fields_set__`` than the shared set below (pydantic then reads it). Timestamps
    stay text here, to be checked for the store's own form before they are parsed.
    """

    title: str
    owner_id: int
    area_id: int | None
    level: DelegationLevel
    status: TaskStatus
    due: date | None
    created_at: str
    archived_at: str | None


_TABLE = dict[str, StoredTask]
_convert = msgspec.convert
_parse_moment = datetime.fromisoformat
_LONGEST_KEY = 18  # a task id the store could have written; anything longer is left to pydantic
# Every field is in a stored task and the id is added from its key, so every task read shares
# one set: pydantic copies it before a change (model_copy), and assigning a field adds a name
# the set already holds.
_FIELDS_SET = set(Task.model_fields)
_new = object.__new__
_set = object.__setattr__


_new_fields = key_sharing_dict(Task).copy


def stored_moment(text: str) -> datetime:
    """``text`` read as ``Moment`` reads it, when it is exactly what the store writes for a moment
    from :data:`EARLIEST` to :data:`LATEST` (``2026-11-02T09:00:00Z``, or with six digits of
    microseconds when they are not all zero), else :class:`NotFast`."""
    # The separators in their places (a slice is several times cheaper than a regular
    # expression); fromisoformat then accepts nothing but ASCII digits between them. Other forms
    # the model reads (another zone, no zone, a space, "19:24.5") are left to it.
    length = len(text)
    if not (
        (length == 20 and text[4:20:3] == "--T::Z") or (length == 27 and text[4:20:3] == "--T::." and text[26] == "Z")
    ):
        raise NotFast
    # Fixed-width digits compare as the moments do: years 1900 to 2200 are the range.
    if not "1900" <= text < "2201":
        raise NotFast
    try:
        # As the model parses it ("Z" as "+00:00": Python 3.10 reads no "Z").
        moment = _parse_moment(text[:-1] + "+00:00")
    except ValueError:
        raise NotFast from None  # 2026-02-30, 25:00, letters for digits: the model refuses them
    if length == 27 and not moment.microsecond:
        raise NotFast  # ".000000": the store writes none
    return moment


def stored_line(text: str, *, required: bool) -> None:
    """Nothing when a one-line text type (``Title``, ``Name``, ``Role``...) keeps ``text`` as it is
    in the STORED context, else :class:`NotFast`."""
    # What the STORED check does: control characters made visible, whitespace collapsed, and
    # empty refused when required. Over-long stored text is kept by the model, so it is kept here too.
    if (required and not text) or " ".join(visible(text).split()) != text:
        raise NotFast


def stored_id(key: str) -> int:
    """``int(key)`` for a key the store writes (a record's id), else :class:`NotFast`."""
    # What int() reads of the keys the store writes: no sign, space, underscore, other digit or
    # leading zero (two spellings of one id, where the model keeps the last).
    if not (key.isascii() and key.isdigit() and len(key) <= _LONGEST_KEY) or (key[0] == "0" and key != "0"):
        raise NotFast
    return int(key)


def _tasks(stored_tasks: dict[str, StoredTask]) -> dict[int, Task]:
    tasks: dict[int, Task] = {}
    titles: set[str] = set()  # titles repeat (templates, copies): each is checked once
    new_fields, new, put, fields_set = _new_fields, _new, _set, _FIELDS_SET
    for key, stored in stored_tasks.items():
        # stored_id's check, inline: a call per task costs 5% of the read.
        if not (key.isascii() and key.isdigit() and len(key) <= _LONGEST_KEY) or (key[0] == "0" and key != "0"):
            raise NotFast
        task_id = int(key)
        title = stored.title
        if title not in titles:
            stored_line(title, required=True)
            titles.add(title)
        due = stored.due
        if due is not None and not EARLIEST <= due <= LATEST:
            raise NotFast
        archived_at = stored.archived_at
        # Field by field: twice as fast as updating from the struct's tuple.
        fields = new_fields()
        fields["id"] = task_id
        fields["title"] = title
        fields["owner_id"] = stored.owner_id
        fields["area_id"] = stored.area_id
        fields["level"] = stored.level
        fields["status"] = stored.status
        fields["due"] = due
        fields["created_at"] = stored_moment(stored.created_at)
        fields["archived_at"] = None if archived_at is None else stored_moment(archived_at)
        task: Task = new(Task)
        put(task, "__dict__", fields)
        put(task, "__pydantic_fields_set__", fields_set)
        put(task, "__pydantic_extra__", None)
        put(task, "__pydantic_private__", None)
        tasks[task_id] = task
    return tasks


def decode_tasks(table: dict[str, Any]) -> dict[int, Task]:
    """The tasks of the workspace file's parsed ``tasks`` table by id, in the table's order, each
    as ``Task.model_validate({**doc, "id": int(key)}, context=STORED)`` makes it.

    Raises :class:`NotFast` when the table needs pydantic (to be read another way, or refused
    with its message).
    """
    try:
        stored_tasks = _convert(table, _TABLE)
    except msgspec.ValidationError:
        raise NotFast from None
    with collector_paused():
        return _tasks(stored_tasks)
