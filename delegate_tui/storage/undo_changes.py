"""Undo: a new change that puts back what an earlier change of this session replaced.

The UI keeps, for each change it made, the workspace as the change read it and as it wrote it
(both under the change's lock, :attr:`Store.change_spans`) and the ids of the events it recorded
(:attr:`Store.recorded_ids`). :meth:`UndoChanges.undo` compares the two workspaces and, under the
lock, writes the earlier version of every record that changed, provided it is still as the change
left it (another process or screen may have changed it since: then nothing is undone). Nothing is
taken out of the history: each event of the undone change is answered by one new event that names
it in ``undoes`` -- the reverse change (a level change back, with the reason "Undo: ...") where a
record changed, else an ``undo`` event (a check-in entered by mistake stays, marked undone). The
rules leave out an undone event together with its answer (:class:`~delegate_tui.patterns.context.Context`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, Event, EventKind, InputError, Task, TrustAgreement, Workspace, utc
from delegate_tui.storage.removal_changes import RemovalChanges
from delegate_tui.storage.workspace_file import Transaction

_TABLES = ("members", "areas", "tasks", "agreements", "reviews")
_OPPOSITE = {EventKind.ARCHIVE: EventKind.RESTORE, EventKind.RESTORE: EventKind.ARCHIVE}


def _dump(record: object) -> object:
    """A record as comparable data (its stored form, not its object identity)."""
    return record.model_dump(mode="json") if isinstance(record, BaseModel) else record


Span = tuple[Workspace, Workspace]
"""A transaction of the change: the workspace as it read it and as it wrote it."""


def _net(spans: Sequence[Span], part: Callable[[Workspace], Mapping[Any, Any]]) -> dict[Any, tuple[Any, Any]]:
    """What the change's own transactions did to one part of the workspace (a table by id):
    for every entry one of them changed, the entry before the first that changed it and after the
    last. A change another process made between two of them is not in any span, so not in here."""
    found: dict[Any, tuple[Any, Any]] = {}
    for before, after in spans:
        old, new = part(before), part(after)
        for key in set(old) | set(new):
            if _dump(old.get(key)) != _dump(new.get(key)):
                found[key] = (found[key][0] if key in found else old.get(key), new.get(key))
    return {key: pair for key, pair in sorted(found.items()) if _dump(pair[0]) != _dump(pair[1])}


class _Answers:
    """The events of the change being undone that no reverse event has answered yet."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.open = list(events)

    def take(self, kind: EventKind, fields: dict[str, Any]) -> str | None:
        """The id of the event a reverse event of ``kind`` answers (None when the change recorded none)."""
        wanted = _OPPOSITE.get(kind, kind)
        task_id = fields.get("task_id")
        for event in self.open:
            # A task's events are matched by the task (a reassignment names another member); the
            # others by member and area (an agreement's level, an archived member or area).
            same = (
                event.task_id == task_id
                if task_id is not None
                else event.task_id is None
                and (event.member_id, event.area_id) == (fields.get("member_id"), fields.get("area_id"))
            )
            if event.kind is wanted and same:
                self.open.remove(event)
                return event.id
        return None


class UndoChanges(RemovalChanges):
    """Undoing a change made through this store."""

    def undo(self, spans: Sequence[Span], event_ids: Iterable[str], *, label: str, now: datetime) -> None:
        """Put back what the transactions ``spans`` of a change changed and mark the events ``event_ids``
        undone, recording why (``Undo: label``); ``spans`` is empty for a change that only logged events.

        Refused, with nothing changed, when a record the change touched has changed since, or when
        the undo would take away a member or task that has a history by now.
        """
        reason = _("Undo: {change}").format(change=label)
        logged = set(event_ids)
        with self.lock.held():
            events = self.events()
            answered = {event.undoes for event in events if event.undoes is not None}
            recorded = [event for event in events if event.id in logged and event.id not in answered]
            if not spans and not recorded:
                raise InputError(_("Nothing was undone: what that change recorded is no longer in the history."))

            def apply(tx: Transaction) -> None:
                answers = _Answers(recorded)
                if spans:
                    self._records_back(tx, spans, events, logged, reason, answers)
                for event in answers.open:
                    # Only logged (a check-in entered by mistake): it stays in the history, marked undone.
                    self._stamp_back(
                        tx,
                        EventKind.UNDO,
                        reason,
                        None,
                        member_id=event.member_id,
                        task_id=event.task_id,
                        area_id=event.area_id,
                        undoes=event.id,
                    )

            self._change(now, apply)

    def _records_back(
        self,
        tx: Transaction,
        spans: Sequence[Span],
        events: list[Event],
        logged: set[str],
        reason: str,
        answers: _Answers,
    ) -> None:
        current = tx.workspace
        moved = _("Nothing was undone: what that change touched has changed again since.")
        restored: dict[str, dict[int, BaseModel]] = {}
        for table in _TABLES:
            now_: dict[int, BaseModel] = getattr(current, table)
            for key, (old, new) in _net(spans, attrgetter(table)).items():
                if _dump(now_.get(key)) != _dump(new):
                    raise InputError(moved)
                self._put_back(tx, table, key, old, new, events, logged, reason, answers)
                records = restored.setdefault(table, dict(now_))
                if old is not None:
                    records[key] = old
                else:
                    records.pop(key, None)
        # The reverse events are checked against the records as the undo leaves them (a
        # member it restores may be named in them).
        tx.workspace = current.model_copy(update=restored)
        for old_settings, new_settings in _net(spans, lambda ws: {1: ws.settings}).values():
            if current.settings != new_settings:
                raise InputError(moved)
            tx.put("settings", 1, old_settings.model_dump(mode="json"))
        for (manager, zone), _after in _net(spans, lambda ws: {1: (ws.manager, ws.timezone)}).values():
            meta = dict(tx.db.table("meta").get(doc_id=1) or {})
            tx.put("meta", 1, {**meta, "manager": manager, "timezone": zone})
        for flag_id, (old_ack, _new_ack) in _net(spans, lambda ws: ws.acks).items():
            acks = tx.db.table("acks")
            acks.remove(doc_ids=[doc.doc_id for doc in acks.all() if doc.get("flag_id") == flag_id])
            if old_ack is not None:
                acks.insert(old_ack.model_dump(mode="json"))

    def _put_back(
        self,
        tx: Transaction,
        table: str,
        key: int,
        old: BaseModel | None,
        new: BaseModel | None,
        events: list[Event],
        logged: set[str],
        reason: str,
        answers: _Answers,
    ) -> None:
        if old is None:
            # The change added it: take it away again, unless it has a history of its own by now.
            field = {"members": "member_id", "tasks": "task_id", "areas": "area_id"}.get(table)
            if field is not None and any(getattr(e, field) == key and e.id not in logged for e in events):
                raise InputError(_("Nothing was undone: it has a history by now; archive it instead."))
            tx.db.table(table).remove(doc_ids=[key])
            return
        if table == "tasks" and isinstance(old, Task) and isinstance(new, Task):
            self._task_back(tx, old, new, reason, answers)
            return
        if table == "agreements" and isinstance(old, TrustAgreement) and isinstance(new, TrustAgreement):
            # A new version with the earlier terms: the versions in between stay in its history.
            back = new.revised(old.terms(), tx.now, acknowledged=old.acknowledged)
            tx.put("agreements", key, back.model_dump(mode="json"))
            for area_id, entry in old.levels.items():
                later = new.levels.get(area_id)
                if later is not None and later.level != entry.level:
                    self._stamp_back(
                        tx,
                        EventKind.LEVEL_CHANGE,
                        reason,
                        answers,
                        member_id=key,
                        area_id=area_id,
                        from_level=later.level,
                        to_level=entry.level,
                    )
            return
        tx.put(table, key, old.model_dump(mode="json"))
        archived_then, archived_now = getattr(old, "archived_at", None), getattr(new, "archived_at", None)
        if (archived_then is None) != (archived_now is None):
            kind = EventKind.RESTORE if archived_then is None else EventKind.ARCHIVE
            about = {"members": {"member_id": key}, "areas": {"area_id": key}}.get(table, {})
            self._stamp_back(tx, kind, reason, answers, **about)

    def _task_back(self, tx: Transaction, old: Task, new: Task, reason: str, answers: _Answers) -> None:
        tx.put("tasks", old.id, old.model_dump(mode="json"))
        member = old.owner_id if old.owner_id != MANAGER else None
        about: dict[str, Any] = {"task_id": old.id, "member_id": member, "area_id": old.area_id}
        if old.level != new.level:
            self._stamp_back(
                tx, EventKind.LEVEL_CHANGE, reason, answers, **about, from_level=new.level, to_level=old.level
            )
        if old.owner_id != new.owner_id:
            self._stamp_back(
                tx,
                EventKind.REASSIGN,
                reason,
                answers,
                **{**about, "member_id": new.owner_id if new.owner_id != MANAGER else member},
                from_owner=new.owner_id,
                to_owner=old.owner_id,
            )
        if old.due != new.due:
            self._stamp_back(tx, EventKind.DUE_CHANGE, reason, answers, **about, from_due=new.due, to_due=old.due)
        if old.status != new.status:
            self._stamp_back(
                tx, EventKind.STATUS_CHANGE, reason, answers, **about, from_status=new.status, to_status=old.status
            )
        if (old.archived_at is None) != (new.archived_at is None):
            kind = EventKind.RESTORE if old.archived_at is None else EventKind.ARCHIVE
            self._stamp_back(tx, kind, reason, answers, **about)

    @staticmethod
    def _stamp_back(tx: Transaction, kind: EventKind, reason: str, answers: _Answers | None, **fields: Any) -> None:
        """Record a reverse event, naming in ``undoes`` the event of the undone change it answers."""
        if answers is not None:
            fields["undoes"] = answers.take(kind, fields)
        tx.record(Event(kind=kind, at=tx.now, recorded_at=utc(datetime.now().astimezone()), reason=reason, **fields))
