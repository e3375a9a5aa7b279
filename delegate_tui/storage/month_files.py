"""The monthly event files of a workspace: reading, numbering and appending events.

Part of :class:`~delegate_tui.storage.store.Store` (see its module for the layout on disk).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError

from delegate_tui.i18n import _
from delegate_tui.model import STORED, Event, EventKind, explain, utc
from delegate_tui.storage.events import NotFast, collector_paused, decode_month, kept
from delegate_tui.storage.files import (
    AtomicJSONStorage,
    Signature,
    WorkspaceError,
    WriteFailedError,
    make_folder,
    refuse_read_only,
    signature,
)

_MONTH_FILE = TypeAdapter(dict[str, dict[str, Event]], config=ConfigDict(defer_build=True))
_MONTH_SUFFIX = ".json"


def events_folder(path: Path) -> Path:
    """The folder of monthly event files that belongs to a workspace file."""
    return path.with_name(path.stem + ".events")


def _month(moment: datetime) -> str:
    # Not strftime("%Y"): it gives "999" for the year 999, and a month file named so is never read back.
    moment = utc(moment)
    return f"{moment.year:04d}-{moment.month:02d}"


def _event_id(month: str, number: int) -> str:
    return f"e{month.replace('-', '')}-{number}"


def _number_in(event_id: str, month: str) -> int | None:
    """The number of an event id of the form ``e202611-7`` when it belongs to ``month``."""
    prefix = f"e{month.replace('-', '')}-"
    rest = event_id[len(prefix) :] if event_id.startswith(prefix) else ""
    return int(rest) if rest.isdigit() and int(rest) > 0 else None


def _without_id(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if key != "id"}


def event_document(event: Event) -> dict[str, Any]:
    """An event as stored: without its id (the key holds it), and without ``undoes`` unless it
    undoes something, so that files without an undo stay readable by a version from before undo."""
    doc = _without_id(event.model_dump(mode="json"))
    if doc.get("undoes") is None:
        doc.pop("undoes", None)
    return doc


class MonthFiles:
    """The event month files of a workspace and the pending events of its workspace file."""

    path: Path
    events_dir: Path
    _storage: AtomicJSONStorage
    _event_cache: dict[str, tuple[Signature | None, list[Event]]]
    _month_storages: dict[str, AtomicJSONStorage]
    recorded_ids: list[str]

    def _month_files(self) -> list[Path]:
        try:
            entries = list(self.events_dir.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as error:
            raise WorkspaceError(
                _("Cannot read the event history folder {path}: {problem}.").format(
                    path=self.events_dir, problem=error.strerror or str(error)
                )
            ) from None
        return sorted(
            entry
            for entry in entries
            if entry.suffix == _MONTH_SUFFIX and not entry.name.startswith(".") and len(entry.stem) == 7
        )

    def _read_month(
        self,
        path: Path,
        kinds: Collection[EventKind] | None = None,
        *,
        member_id: int | None = None,
        task_id: int | None = None,
    ) -> list[Event]:
        """The month file's events (only those of ``kinds``, and about ``member_id`` or ``task_id``,
        when given: such a read is not cached, and builds only the events it keeps)."""
        current = signature(path)
        cached = self._event_cache.get(path.name)
        whole = kinds is None and member_id is None and task_id is None
        if cached is not None and cached[0] == current:
            if whole:
                return cached[1]
            return [event for event in cached[1] if kept(event, kinds, member_id, task_id)]
        month = path.stem
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise WorkspaceError(
                _("Cannot read the event file {path}: {problem}.").format(path=path, problem=error.strerror)
            ) from None
        try:
            table = decode_month(raw, kinds, member_id=member_id, task_id=task_id)
        except NotFast:
            table = self._validate_month(path, raw)
            if not whole:
                table = {key: event for key, event in table.items() if kept(event, kinds, member_id, task_id)}
        events = []
        prefix = _event_id(month, 0)[:-1]  # "e202611-": the ids of this month are it and the key
        for key, event in table.items():
            if not key.isdigit():
                raise WorkspaceError(
                    _("The event file {path} has an entry with the id {key!r}, which is not a number.").format(
                        path=path, key=key
                    )
                )
            # Straight into the instance dict: pydantic's __setattr__ costs a tenth of the read here.
            event.__dict__["id"] = prefix + key if key.isascii() and key[0] != "0" else _event_id(month, int(key))
            events.append(event)
        if whole:
            self._event_cache[path.name] = (current, events)
        return events

    @staticmethod
    def _validate_month(path: Path, raw: bytes) -> dict[str, Event]:
        """A month file read through pydantic: what the fast path leaves to it, with its messages."""
        try:
            # pydantic parses the file's JSON itself: about a third faster than json + validate_python.
            return _MONTH_FILE.validate_json(raw, context=STORED).get("events", {})
        except ValidationError as error:
            if any(item["type"].startswith("json") for item in error.errors()):
                AtomicJSONStorage(path, kind=_("event history")).read()  # raises the clear "not valid JSON" error
            raise WorkspaceError(
                _("The event file {path} has a field that is not valid ({problem}); it was left unchanged.").format(
                    path=path, problem=explain(error, located=True)
                )
            ) from None

    def events(
        self,
        *,
        since: datetime | None = None,
        member_id: int | None = None,
        task_id: int | None = None,
        history: Collection[EventKind] = (),
        kinds: Collection[EventKind] | None = None,
    ) -> list[Event]:
        """Every recorded event (or those from ``since`` on; only those of ``kinds``, and about
        ``member_id`` or ``task_id``), in time order.

        With ``history``, the events of those kinds are kept from before ``since`` too (the rules
        need every level change of a task, but only the recent check-ins): the months before
        ``since`` are then read for those kinds only. Events not kept are decoded and type-checked
        but never built (the UI reads one member's or task's events of all time so, beside the
        recent months it holds).
        """
        first_month = _month(since) if since is not None else ""
        older = [kind for kind in history if kinds is None or kind in kinds]
        found: dict[str, Event] = {}
        # Paused until the list is sorted: the sort keys are 100,000 new tuples, and with the
        # collector running they set off collections that scan every event just read (a third of
        # the time of this method).
        with collector_paused():
            for path in self._month_files():
                if path.stem >= first_month:
                    for event in self._read_month(path, kinds, member_id=member_id, task_id=task_id):
                        found[event.id] = event
                elif older:
                    for event in self._read_month(path, older, member_id=member_id, task_id=task_id):
                        found[event.id] = event
            for event in self._pending_events():
                if kept(event, kinds, member_id, task_id):  # the months' events are kept already
                    found.setdefault(event.id, event)
            selected = [
                event for event in found.values() if since is None or event.at >= since or event.kind in history
            ]
            selected.sort(key=lambda event: (event.at, event.id))
        return selected

    def _pending_events(self) -> list[Event]:
        return [Event.model_validate(doc, context=STORED) for doc in self._storage.table("pending_events").values()]

    def _refuse_read_only_months(self, events: Iterable[Event]) -> None:
        for month in sorted({_month(event.at) for event in events}):
            refuse_read_only(self.events_dir / f"{month}{_MONTH_SUFFIX}")

    def _reserve_event_ids(self, events: list[Event]) -> list[str]:
        by_month: dict[str, int] = {}
        ids: list[str] = []
        for event in events:
            month = _month(event.at)
            if month not in by_month:
                by_month[month] = self._next_number(month)
            number = by_month[month]
            by_month[month] += 1
            event_id = _event_id(month, number)
            event.id = event_id
            ids.append(event_id)
        self.recorded_ids.extend(ids)
        return ids

    def _month_storage(self, month: str) -> AtomicJSONStorage:
        """One storage object per month file, so its parsed data is cached between steps."""
        if month not in self._month_storages:
            path = self.events_dir / f"{month}{_MONTH_SUFFIX}"
            self._month_storages[month] = AtomicJSONStorage(path, kind=_("event history"))
        return self._month_storages[month]

    def _next_number(self, month: str) -> int:
        tables = self._month_storage(month).read() or {}
        numbers = [int(key) for key in tables.get("events", {}) if key.isdigit()]
        # A pending event whose month file write was lost in a crash still owns its number.
        for doc in ((self._storage.read() or {}).get("pending_events") or {}).values():
            number = _number_in(str(doc.get("id", "")), month)
            if number is not None:
                numbers.append(number)
        return max(numbers, default=0) + 1

    def _append_events(self, events: list[Event], ids: list[str] | None = None) -> None:
        """Write events to their month files (under the lock); ids given are kept."""
        if not events:
            return
        if ids is None:
            ids = self._reserve_event_ids(events)
        if not self.events_dir.is_dir():
            try:
                make_folder(self.events_dir)
            except OSError as error:
                raise WriteFailedError(
                    _("Cannot create the event history folder {path}: {problem}.").format(
                        path=self.events_dir, problem=error.strerror
                    ),
                    error.strerror or str(error),
                ) from None
        by_month: dict[str, list[tuple[int, Event]]] = {}
        for event, event_id in zip(events, ids):
            month = _month(event.at)
            number = int(event_id.rsplit("-", 1)[1])
            by_month.setdefault(month, []).append((number, event))
        for month, numbered in by_month.items():
            storage = self._month_storage(month)
            with storage.batch():
                tables = storage.read() or {}
                table = dict(tables.get("events", {}))
                for number, event in numbered:
                    table[str(number)] = event_document(event)
                storage.write({**tables, "events": table})
