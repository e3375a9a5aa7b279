"""Undo: a new change that puts back what an earlier change of this session replaced.

The UI keeps, for each change it made, the workspace just before and just after it and the ids of
the events it recorded (:attr:`Store.recorded_ids`). :meth:`UndoChanges.undo` compares the two
workspaces and, under the lock, writes the earlier version of every record that changed, provided
it is still as the change left it (another process or screen may have changed it since: then
nothing is undone). What the history must keep is recorded as a new event (a level change back,
with the reason "Undo: ..."); events that the change only logged (a check-in entered by mistake)
are taken out again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, Event, EventKind, InputError, Task, TrustAgreement, Workspace, utc
from delegate_tui.storage.month_files import _MONTH_SUFFIX, _number_in
from delegate_tui.storage.removal_changes import RemovalChanges
from delegate_tui.storage.workspace_file import Transaction

_TABLES = ("members", "areas", "tasks", "agreements", "reviews")


def _dump(record: BaseModel | None) -> dict[str, Any] | None:
    return None if record is None else record.model_dump(mode="json")


class UndoChanges(RemovalChanges):
    """Undoing a change made through this store."""

    def undo(self, before: Workspace, after: Workspace, event_ids: Iterable[str], *, label: str, now: datetime) -> None:
        """Put back ``before`` wherever ``after`` differs from it, recording why (``Undo: label``).

        Refused, with nothing changed, when a record the change touched has changed since, or when
        the undo would take away a member or task that has a history by now.
        """
        reason = _("Undo: {change}").format(change=label)
        logged = set(event_ids)
        with self.lock.held():
            events = self.events()
            recorded = [event for event in events if event.id in logged]

            def apply(tx: Transaction) -> None:
                current = tx.workspace
                restored: dict[str, dict[int, BaseModel]] = {}
                for table in _TABLES:
                    old: dict[int, BaseModel] = getattr(before, table)
                    new: dict[int, BaseModel] = getattr(after, table)
                    now_: dict[int, BaseModel] = getattr(current, table)
                    for key in sorted(set(old) | set(new)):
                        if _dump(old.get(key)) == _dump(new.get(key)):
                            continue
                        if _dump(now_.get(key)) != _dump(new.get(key)):
                            raise InputError(_("Nothing was undone: what that change touched has changed again since."))
                        self._put_back(tx, table, key, old.get(key), new.get(key), events, logged, reason)
                        records = restored.setdefault(table, dict(now_))
                        if key in old:
                            records[key] = old[key]
                        else:
                            records.pop(key, None)
                # The reverse events are checked against the records as the undo leaves them (a
                # member it restores may be named in them).
                tx.workspace = current.model_copy(update=restored)
                if before.settings != after.settings:
                    if current.settings != after.settings:
                        raise InputError(_("Nothing was undone: what that change touched has changed again since."))
                    tx.put("settings", 1, before.settings.model_dump(mode="json"))
                if (before.manager, before.timezone) != (after.manager, after.timezone):
                    meta = dict(tx.db.table("meta").get(doc_id=1) or {})
                    tx.put("meta", 1, {**meta, "manager": before.manager, "timezone": before.timezone})
                for flag_id in sorted(set(before.acks) | set(after.acks)):
                    if before.acks.get(flag_id) == after.acks.get(flag_id):
                        continue
                    acks = tx.db.table("acks")
                    acks.remove(doc_ids=[doc.doc_id for doc in acks.all() if doc.get("flag_id") == flag_id])
                    if flag_id in before.acks:
                        acks.insert(before.acks[flag_id].model_dump(mode="json"))

            self._change(now, apply)
            # Events that were only logged (nothing else follows from them) are taken out again; the
            # events of a record's change stay, answered by the reverse events just recorded.
            changed_records = any(
                _dump(getattr(before, table).get(key)) != _dump(getattr(after, table).get(key))
                for table in _TABLES
                for key in set(getattr(before, table)) | set(getattr(after, table))
            )
            if recorded and not changed_records:
                self._remove_events(recorded)

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
    ) -> None:
        if old is None:
            # The change added it: take it away again, unless it has a history of its own by now.
            field = {"members": "member_id", "tasks": "task_id", "areas": "area_id"}.get(table)
            if field is not None and any(getattr(e, field) == key and e.id not in logged for e in events):
                raise InputError(_("Nothing was undone: it has a history by now; archive it instead."))
            tx.db.table(table).remove(doc_ids=[key])
            return
        if table == "tasks" and isinstance(old, Task) and isinstance(new, Task):
            self._task_back(tx, old, new, reason)
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
            self._stamp_back(tx, kind, reason, **about)

    def _task_back(self, tx: Transaction, old: Task, new: Task, reason: str) -> None:
        tx.put("tasks", old.id, old.model_dump(mode="json"))
        member = old.owner_id if old.owner_id != MANAGER else None
        about: dict[str, Any] = {"task_id": old.id, "member_id": member, "area_id": old.area_id}
        if old.level != new.level:
            self._stamp_back(tx, EventKind.LEVEL_CHANGE, reason, **about, from_level=new.level, to_level=old.level)
        if old.owner_id != new.owner_id:
            self._stamp_back(
                tx,
                EventKind.REASSIGN,
                reason,
                **{**about, "member_id": new.owner_id if new.owner_id != MANAGER else member},
                from_owner=new.owner_id,
                to_owner=old.owner_id,
            )
        if old.due != new.due:
            self._stamp_back(tx, EventKind.DUE_CHANGE, reason, **about, from_due=new.due, to_due=old.due)
        if old.status != new.status:
            self._stamp_back(tx, EventKind.STATUS_CHANGE, reason, **about, from_status=new.status, to_status=old.status)
        if (old.archived_at is None) != (new.archived_at is None):
            self._stamp_back(tx, EventKind.RESTORE if old.archived_at is None else EventKind.ARCHIVE, reason, **about)

    @staticmethod
    def _stamp_back(tx: Transaction, kind: EventKind, reason: str, **fields: Any) -> None:
        tx.record(Event(kind=kind, at=tx.now, recorded_at=utc(datetime.now().astimezone()), reason=reason, **fields))

    def _remove_events(self, events: list[Event]) -> None:
        """Take logged events out of their month files (under the lock, each file written atomically)."""
        by_month: dict[str, set[int]] = {}
        for event in events:
            month = f"{utc(event.at).year:04d}-{utc(event.at).month:02d}"
            number = _number_in(event.id, month)
            if number is not None:
                by_month.setdefault(month, set()).add(number)
        for month, numbers in by_month.items():
            path = self.events_dir / f"{month}{_MONTH_SUFFIX}"
            if not path.exists():
                continue
            storage = self._month_storage(month)
            with storage.batch():
                tables = storage.read() or {}
                table = {key: doc for key, doc in tables.get("events", {}).items() if int(key) not in numbers}
                storage.write({**tables, "events": table})
        self._event_cache.clear()
