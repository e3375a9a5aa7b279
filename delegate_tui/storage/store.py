"""The typed workspace store: the only door to TinyDB.

Layout on disk for a workspace ``team.json``::

    team.json              members, areas, tasks, agreements, settings, acks (TinyDB)
    team.json.bak          the previous version of team.json
    team.json.lock         the inter-process lock
    team.events/2026-11.json   the events that happened in November 2026 (TinyDB), etc.

Every change runs as one transaction: take the lock, read the latest files, validate,
apply, write each touched file atomically. An event that belongs to a change of the
workspace file (a level change, a reassignment) is first written into the workspace
file's ``pending_events`` table in the same atomic write, then appended to its month
file; a crash between the two is repaired on the next change. A plain logged event
only touches its month file, so its cost does not grow with the history.
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, Literal, TypeVar

import orjson
from pydantic import TypeAdapter, ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from delegate_tui.history import event_problem, level_before
from delegate_tui.i18n import _, ngettext
from delegate_tui.integrity import is_whole_number, workspace_problem
from delegate_tui.model import (
    MANAGER,
    STORED,
    AgreementTerms,
    AwayPeriod,
    DecisionArea,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    FlagAck,
    Initiator,
    InputError,
    Member,
    PokerRound,
    Readiness,
    ReviewMeeting,
    Settings,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    parse_timezone,
    utc,
)
from delegate_tui.storage.edits import AgreementChange, SavedAgreement
from delegate_tui.storage.events import NotFast, decode_month
from delegate_tui.storage.files import (
    AtomicJSONStorage,
    Signature,
    WorkspaceError,
    WorkspaceLock,
    WriteFailedError,
    dumps,
    fsync_folder,
    make_folder,
    make_private,
    refuse_read_only,
    remove_stray_temp_files,
    signature,
    write_atomically,
)
from delegate_tui.storage.migrations import CURRENT_SCHEMA, migrate

T = TypeVar("T")

_MONTH_FILE = TypeAdapter(dict[str, dict[str, Event]])
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading many events.

    Creating 100,000 event objects (which form no cycles) triggers dozens of collections that
    scan everything: a third of the reading time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _number_in(event_id: str, month: str) -> int | None:
    """The number of an event id of the form ``e202611-7`` when it belongs to ``month``."""
    prefix = f"e{month.replace('-', '')}-"
    rest = event_id[len(prefix) :] if event_id.startswith(prefix) else ""
    return int(rest) if rest.isdigit() and int(rest) > 0 else None


def _without_id(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if key != "id"}


def _format_validation(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}"


class Transaction:
    """One locked, validated change of the workspace (see :meth:`Store.transaction`)."""

    def __init__(self, db: TinyDB, workspace: Workspace, now: datetime) -> None:
        self.db = db
        self.workspace = workspace
        self.now = now
        self.new_events: list[Event] = []

    def put(self, table: str, doc_id: int, record: dict[str, Any]) -> None:
        """Insert or replace one document."""
        self.db.table(table).upsert(Document(_without_id(record), doc_id=doc_id))

    def next_id(self, records: dict[int, Any]) -> int:
        """The next free id in a table of the workspace."""
        return max(records, default=0) + 1

    def record(self, event: Event) -> Event:
        """Add an event to the change; the store gives it its id when it commits."""
        self.new_events.append(event)
        return event


class Store:
    """Typed access to one workspace (the workspace file plus its monthly event files)."""

    def __init__(self, path: Path | str, *, create: bool = True, validate: bool = True) -> None:
        """Open (or create) the workspace at ``path``.

        With ``validate=False`` opening only checks that the file is a workspace of a schema this
        version reads; its records are validated when they are read (:meth:`load`,
        :meth:`load_brief`). For verbs that read a few records of a large workspace.
        """
        self.path = Path(path).expanduser()
        if self.path.is_symlink():
            # A workspace kept elsewhere (a synced folder) and linked here: use the real file, or the
            # first write would replace the link by a copy and the real file would silently go stale.
            self.path = self.path.resolve()
        self.events_dir = events_folder(self.path)
        self.lock = WorkspaceLock(self.path)
        self._storage = AtomicJSONStorage(self.path)
        self._workspace: Workspace | None = None
        self._workspace_signature: Signature | None = None
        self._workspace_tables: object = None
        self._event_cache: dict[str, tuple[Signature | None, list[Event]]] = {}
        self._month_storages: dict[str, AtomicJSONStorage] = {}
        self.notices: list[str] = []
        """Things the user should know that are not errors (permissions tightened, history deferred)."""
        self._secured = False
        self._open(create, validate)

    def take_notices(self) -> list[str]:
        """The notices gathered since the last call (each is shown once)."""
        notices, self.notices = self.notices, []
        return notices

    # ------------------------------------------------------------------ opening

    def _open(self, create: bool, validate: bool) -> None:
        if self.path.is_dir():
            raise WorkspaceError(_("Cannot use {path}: it is a folder, not a workspace file.").format(path=self.path))
        if self._replace_journals() or self._replace_temp_files():
            with self.lock.held():
                try:
                    self._finish_interrupted_replace()
                except OSError as error:
                    raise WorkspaceError(
                        _(
                            "The workspace {path} was being replaced when a program stopped, and that cannot be "
                            "finished now ({problem}); nothing was changed."
                        ).format(path=self.path, problem=error.strerror or str(error))
                    ) from None
        if not self.path.exists():
            if not create:
                raise WorkspaceError(_("There is no workspace at {path}.").format(path=self.path))
            if not self.path.parent.is_dir():
                try:
                    missing = [
                        folder for folder in (self.path.parent, *self.path.parent.parents) if not folder.exists()
                    ]
                    for folder in reversed(missing):
                        make_folder(folder)  # private whatever the umask
                except OSError as error:
                    raise WorkspaceError(
                        _("Cannot create the folder {path}: {problem}.").format(
                            path=self.path.parent, problem=error.strerror
                        )
                    ) from None
            with self.lock.held():
                if not self.path.exists():
                    self._storage.write({"meta": {"1": {"schema_version": CURRENT_SCHEMA, "manager": "Manager"}}})
            return
        tables = self._storage.read() or {}
        version = self._schema_version(tables)
        if version < CURRENT_SCHEMA:
            self._migrate()
        elif validate:
            self.load()

    def _schema_version(self, tables: dict[str, dict[str, Any]]) -> int:
        meta = tables.get("meta", {}).get("1")
        if not tables:
            return CURRENT_SCHEMA
        if not isinstance(meta, dict) or not is_whole_number(meta.get("schema_version")):
            raise WorkspaceError(
                _(
                    "The file {path} is not a delegate-tui workspace (it has no schema version); it was left unchanged."
                ).format(path=self.path)
            )
        version = int(meta["schema_version"])
        if version > CURRENT_SCHEMA:
            raise WorkspaceError(
                _(
                    "The workspace {path} was written by a newer delegate-tui (schema {found}; this version reads up "
                    "to {supported}); it was left unchanged. Upgrade delegate-tui to open it."
                ).format(path=self.path, found=version, supported=CURRENT_SCHEMA)
            )
        if version < 1:
            raise WorkspaceError(
                _("The workspace {path} has an unknown schema version {found}; it was left unchanged.").format(
                    path=self.path, found=version
                )
            )
        return version

    def _migrate(self) -> None:
        with self.lock.held():
            tables = self._storage.read() or {}
            version = self._schema_version(tables)
            if version >= CURRENT_SCHEMA:
                return
            upgraded, moved = migrate(tables, version)
            try:
                self._validate_tables(upgraded)
                events = [Event.model_validate(doc, context=STORED) for doc in moved]
            except (ValidationError, WorkspaceError) as error:
                problem = _format_validation(error) if isinstance(error, ValidationError) else str(error)
                raise WorkspaceError(
                    _("The workspace {path} could not be upgraded ({problem}); it was left unchanged.").format(
                        path=self.path, problem=problem
                    )
                ) from None
            backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
            shutil.copy2(self.path, backup)
            os.chmod(backup, 0o600)
            # Numbered from 1 in each month, so a migration interrupted before the workspace file was
            # written, and run again, rewrites the same events instead of adding them twice.
            numbers: dict[str, int] = {}
            ids: list[str] = []
            for event in events:
                month = _month(event.at)
                numbers[month] = numbers.get(month, 0) + 1
                ids.append(_event_id(month, numbers[month]))
            self._append_events(events, ids)
            self._storage.write(upgraded)

    # ------------------------------------------------------------------ reading

    def _validate_tables(self, tables: dict[str, dict[str, Any]]) -> Workspace:
        meta = tables.get("meta", {}).get("1", {})
        settings = tables.get("settings", {}).get("1")
        try:
            workspace = Workspace.model_validate(
                {
                    "manager": meta.get("manager", "Manager"),
                    "timezone": meta.get("timezone"),
                    "members": {int(k): {**v, "id": int(k)} for k, v in tables.get("members", {}).items()},
                    "areas": {int(k): {**v, "id": int(k)} for k, v in tables.get("areas", {}).items()},
                    "tasks": {int(k): {**v, "id": int(k)} for k, v in tables.get("tasks", {}).items()},
                    "agreements": {int(k): v for k, v in tables.get("agreements", {}).items()},
                    "settings": settings if settings is not None else {},
                    "acks": {v.get("flag_id", k): v for k, v in tables.get("acks", {}).items()},
                    "reviews": {int(k): {**v, "id": int(k)} for k, v in tables.get("reviews", {}).items()},
                },
                context=STORED,  # text an earlier version stored with control characters still opens
            )
        except ValidationError as error:
            raise WorkspaceError(
                _("The workspace {path} has a field that is not valid ({problem}); it was left unchanged.").format(
                    path=self.path, problem=_format_validation(error)
                )
            ) from None
        except (TypeError, ValueError, AttributeError):
            raise WorkspaceError(
                _("The file {path} is not a delegate-tui workspace (unexpected shape); it was left unchanged.").format(
                    path=self.path
                )
            ) from None
        # The importer's checks too, so that whatever opens can be backed up and restored.
        problem = workspace_problem(workspace)
        if problem is not None:
            raise WorkspaceError(
                _("The workspace {path} has a broken reference ({problem}); it was left unchanged.").format(
                    path=self.path, problem=problem
                )
            )
        return workspace

    def _gone(self) -> WorkspaceError:
        return WorkspaceError(
            _("The workspace {path} is gone (moved or deleted); nothing was changed.").format(path=self.path)
        )

    def _read_tables(self) -> dict[str, dict[str, Any]]:
        tables = self._storage.read()
        if tables is None:
            # Opening created the file if it was missing: missing now means someone removed it.
            raise self._gone()
        return tables

    def load(self) -> Workspace:
        """The workspace as it is on disk now (cached while the file is unchanged)."""
        tables = self._read_tables()
        current = self._storage.current_signature
        if (
            self._workspace is not None
            and current == self._workspace_signature
            and current is not None
            and tables is self._workspace_tables  # the storage re-parses when the bytes changed
        ):
            return self._workspace
        self._schema_version(tables)
        self._workspace = self._validate_tables(tables)
        self._workspace_signature = current
        self._workspace_tables = tables
        return self._workspace

    def load_brief(self, task_ids: Iterable[int] = ()) -> Workspace:
        """The workspace with only the tasks ``task_ids`` (those that exist) among its tasks.

        Everything else is read and validated as by :meth:`load`; the other tasks are neither
        validated nor present. Validating 10,000 tasks costs ten times what all the rest does,
        and a verb such as ``delegate log`` needs one task at most.
        """
        tables = self._read_tables()
        self._schema_version(tables)
        wanted = set(task_ids)
        tasks = {
            key: doc
            for key, doc in tables.get("tasks", {}).items()
            if key.isascii() and key.isdigit() and int(key) in wanted
        }
        return self._validate_tables({**tables, "tasks": tasks})

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

    def _read_month(self, path: Path) -> list[Event]:
        current = signature(path)
        cached = self._event_cache.get(path.name)
        if cached is not None and cached[0] == current:
            return cached[1]
        month = path.stem
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise WorkspaceError(
                _("Cannot read the event file {path}: {problem}.").format(path=path, problem=error.strerror)
            ) from None
        try:
            table = decode_month(raw)
        except NotFast:
            table = self._validate_month(path, raw)
        events = []
        for key, event in table.items():
            if not key.isdigit():
                raise WorkspaceError(
                    _("The event file {path} has an entry with the id {key!r}, which is not a number.").format(
                        path=path, key=key
                    )
                )
            # Straight into the instance dict: pydantic's __setattr__ costs a tenth of the read here.
            event.__dict__["id"] = _event_id(month, int(key))
            events.append(event)
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
                    path=path, problem=_format_validation(error)
                )
            ) from None

    def events(self, *, since: datetime | None = None, member_id: int | None = None) -> list[Event]:
        """Every recorded event (or those from ``since`` on), in time order."""
        first_month = _month(since) if since is not None else ""
        found: dict[str, Event] = {}
        # Paused until the list is sorted: the sort keys are 100,000 new tuples, and with the
        # collector running they set off collections that scan every event just read (a third of
        # the time of this method).
        with _collector_paused():
            for path in self._month_files():
                if path.stem >= first_month:
                    for event in self._read_month(path):
                        found[event.id] = event
            for event in self._pending_events():
                found.setdefault(event.id, event)
            selected = [
                event
                for event in found.values()
                if (since is None or event.at >= since) and (member_id is None or event.member_id == member_id)
            ]
            selected.sort(key=lambda event: (event.at, event.id))
        return selected

    def _pending_events(self) -> list[Event]:
        tables = self._storage.read() or {}
        return [Event.model_validate(doc, context=STORED) for doc in tables.get("pending_events", {}).values()]

    def state(self) -> tuple[Signature | None, tuple[tuple[str, Signature | None], ...]]:
        """A token that changes whenever any file of the workspace changes (for refreshing a UI)."""
        try:
            return signature(self.path), tuple((path.name, signature(path)) for path in self._month_files())
        except WorkspaceError:
            return None, (("unreadable", None),)  # the reload that follows says what is wrong

    def _before_change(self) -> None:
        """Checks every change makes under the lock before it writes anything."""
        if not self.path.exists():
            raise self._gone()
        refuse_read_only(self.path)
        if not self._secured:
            self._secure()

    def _secure(self) -> None:
        """Make every file and folder of the workspace private (once per store), and say so."""
        candidates = [
            self.path,
            self.path.with_name(self.path.name + ".bak"),
            self.lock.path,
            *self.path.parent.glob(f"{glob_escape(self.path.name)}.schema*.bak"),
            self.events_dir,
        ]
        with contextlib.suppress(OSError):
            candidates += [entry for entry in self.events_dir.iterdir() if not entry.is_symlink()]
        tightened = [path for path in candidates if not path.is_symlink() and make_private(path)]
        self._secured = True
        if len(tightened) == 1:
            self.notices.append(_("{name} was readable by others; it is now private.").format(name=tightened[0].name))
        elif tightened:
            self.notices.append(
                ngettext(
                    "{count} file of the workspace {path} was readable by others; it is now private.",
                    "{count} files of the workspace {path} were readable by others; they are now private.",
                    len(tightened),
                ).format(count=len(tightened), path=self.path)
            )

    def _refuse_read_only_months(self, events: Iterable[Event]) -> None:
        for month in sorted({_month(event.at) for event in events}):
            refuse_read_only(self.events_dir / f"{month}{_MONTH_SUFFIX}")

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def transaction(self, now: datetime) -> Iterator[Transaction]:
        """Lock, read the latest data, let the block change it, and write it atomically.

        Raise :class:`InputError` inside the block to abandon the change: nothing is written.
        """
        with self.lock.held():
            self._before_change()
            remove_stray_temp_files(self.path.parent, self.path.name)
            remove_stray_temp_files(self.events_dir)
            workspace = self.load()
            db = TinyDB(storage=lambda: self._storage)
            tx = Transaction(db, workspace, utc(now))
            with self._storage.batch():
                self._settle_pending(db)
                yield tx
                # Checked before the workspace file is written, so a refusal leaves everything as it was.
                for event in tx.new_events:
                    problem = event_problem(tx.workspace, event)
                    if problem is not None:
                        raise InputError(problem)
                self._refuse_read_only_months(tx.new_events)
                ids = self._reserve_event_ids(tx.new_events)
                for event in tx.new_events:
                    db.table("pending_events").insert(_without_id(event.model_dump(mode="json")) | {"id": event.id})
            self._workspace = None
            if tx.new_events:
                try:
                    self._append_events(tx.new_events, ids)
                except WorkspaceError as error:
                    # The change is committed: its events wait in the workspace file's pending table,
                    # which every read includes, and move to their month file with the next change.
                    reason = error.reason if isinstance(error, WriteFailedError) else str(error)
                    self.notices.append(
                        _(
                            "The change was saved in {path}, but its event history could not be written yet "
                            "({problem}); the events are kept in the workspace file and move to the history "
                            "with the next change."
                        ).format(path=self.path, problem=reason)
                    )

    def _settle_pending(self, db: TinyDB) -> None:
        """Move pending events whose month file write may have been lost (crash) into their files."""
        pending = db.table("pending_events")
        docs = pending.all()
        if not docs:
            return
        events = [Event.model_validate(dict(doc), context=STORED) for doc in docs]
        months = {_month(event.at) for event in events}
        known = {event.id for path in self._month_files() if path.stem in months for event in self._read_month(path)}
        missing = [event for event in events if event.id not in known]
        if missing:
            self._append_events(missing, [event.id for event in missing])
        pending.truncate()

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
                    table[str(number)] = _without_id(event.model_dump(mode="json"))
                storage.write({**tables, "events": table})

    _JOURNAL_SUFFIX = ".journal"

    def _replace_journals(self) -> list[Path]:
        """The journals of replaces that did not finish (a crash, or a clean-up that failed)."""
        try:
            return sorted(self.path.parent.glob(f".{glob_escape(self.path.name)}.replace-*{self._JOURNAL_SUFFIX}"))
        except OSError:
            return []

    def _replace_paths(self, journal: Path) -> tuple[Path, Path, Path]:
        """Staging folder, staged workspace file and set-aside history of the replace ``journal`` records.

        Hidden names with a random part, derived from the journal's own name: they cannot be a
        user's files, and a clean-up only ever touches what this replace made.
        """
        token = journal.name[len(f".{self.path.name}.replace-") : -len(self._JOURNAL_SUFFIX)]
        folder = self.path.parent
        return (
            folder / f".{self.events_dir.name}.replace-{token}.new",
            folder / f".{self.path.name}.replace-{token}.new",
            folder / f".{self.events_dir.name}.replace-{token}.old",
        )

    def _replace_temp_files(self) -> list[Path]:
        """Temp files of a replace killed while writing its journal or its staged workspace file."""
        prefix = f"..{self.path.name}.replace-"  # mkstemp adds a dot before the hidden name
        try:
            return [
                entry
                for entry in self.path.parent.iterdir()
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp")
            ]
        except OSError:
            return []

    def _finish_interrupted_replace(self) -> None:
        """Roll back, or complete, every :meth:`replace_everything` that did not finish (under the lock)."""
        for journal in self._replace_journals():
            self._finish_replace(journal)
        # A write killed half-way leaves its temp file; no replace is running while we hold the lock.
        for leftover in self._replace_temp_files():
            leftover.unlink(missing_ok=True)

    def _finish_replace(self, journal: Path) -> None:
        staging, main_new, old = self._replace_paths(journal)
        try:
            had_events = bool(orjson.loads(journal.read_bytes()).get("had_events", True))
        except (orjson.JSONDecodeError, AttributeError, OSError):
            had_events = True
        if main_new.exists():
            # Not committed (the workspace file is still the old one): put the old history back.
            if old.exists():
                if self.events_dir.exists():
                    shutil.rmtree(self.events_dir)  # the staged history, moved in before the crash
                os.replace(old, self.events_dir)
            elif not had_events and not staging.exists() and self.events_dir.exists():
                shutil.rmtree(self.events_dir)
            shutil.rmtree(staging, ignore_errors=True)
            main_new.unlink()
        else:
            # Either committed (only the set-aside history is left) or stopped before the staged
            # workspace file existed (only the staging folder is): both are clean-ups.
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
        fsync_folder(self.path.parent)
        if not (staging.exists() or old.exists() or main_new.exists()):
            # Kept otherwise, so that the next open retries; the names can never be reused.
            journal.unlink()
            fsync_folder(self.path.parent)

    def replace_everything(self, workspace: Workspace, events: Iterable[Event], now: datetime) -> None:
        """Replace the whole workspace and its history (demo data, import of a full backup).

        A crash leaves the old workspace and history or the new ones; a failure (a full disk, a
        read-only folder) undoes what was done and says so.
        """
        events = list(events)
        with self.lock.held():
            self._before_change()
            remove_stray_temp_files(self.path.parent, self.path.name)
            tables: dict[str, dict[str, Any]] = {
                "meta": {
                    "1": {
                        "schema_version": CURRENT_SCHEMA,
                        "manager": workspace.manager,
                        "timezone": workspace.timezone,
                    }
                },
                "settings": {"1": workspace.settings.model_dump(mode="json")},
                "members": {str(k): _without_id(v.model_dump(mode="json")) for k, v in workspace.members.items()},
                "areas": {str(k): _without_id(v.model_dump(mode="json")) for k, v in workspace.areas.items()},
                "tasks": {str(k): _without_id(v.model_dump(mode="json")) for k, v in workspace.tasks.items()},
                "agreements": {str(k): v.model_dump(mode="json") for k, v in workspace.agreements.items()},
                "acks": {str(i): v.model_dump(mode="json") for i, v in enumerate(workspace.acks.values(), start=1)},
                "reviews": {str(k): _without_id(v.model_dump(mode="json")) for k, v in workspace.reviews.items()},
            }
            self._validate_tables(tables)
            by_month: dict[str, dict[str, Any]] = {}
            unnumbered: list[Event] = []
            for event in events:
                # Ids from a backup are kept: flag acknowledgements refer to them.
                number = _number_in(event.id, _month(event.at))
                table = by_month.setdefault(_month(event.at), {})
                if number is None or str(number) in table:
                    unnumbered.append(event)
                else:
                    table[str(number)] = _without_id(event.model_dump(mode="json"))
            next_number = {month: max(map(int, table), default=0) + 1 for month, table in by_month.items()}
            for event in sorted(unnumbered, key=lambda e: (e.at, e.id)):
                month = _month(event.at)
                number = next_number.get(month, 1)
                next_number[month] = number + 1
                by_month.setdefault(month, {})[str(number)] = _without_id(event.model_dump(mode="json"))
            token = secrets.token_hex(8)
            journal = self.path.with_name(f".{self.path.name}.replace-{token}{self._JOURNAL_SUFFIX}")
            staging, main_new, old = self._replace_paths(journal)
            committed = False
            try:
                # The journal comes first: from it on, the next open rolls a crash back (or finishes
                # the clean-up once the workspace file itself has been replaced).
                write_atomically(journal, dumps({"had_events": self.events_dir.exists()}), backup=False)
                make_folder(staging)
                for month, table in by_month.items():
                    write_atomically(staging / f"{month}{_MONTH_SUFFIX}", dumps({"events": table}), backup=False)
                write_atomically(main_new, dumps(tables), backup=False)
                if self.events_dir.exists():
                    os.replace(self.events_dir, old)
                os.replace(staging, self.events_dir)
                if self.path.exists():
                    bak_link = self.path.with_name(f".{self.path.name}.{token}.tmp.bak")
                    os.link(self.path, bak_link)
                    os.replace(bak_link, self.path.with_name(self.path.name + ".bak"))
                os.replace(main_new, self.path)
                committed = True
                fsync_folder(self.path.parent)
            except OSError as error:
                undone = self._undo_replace(journal)
                problem = error.strerror or str(error)
                if undone:
                    raise WorkspaceError(
                        _("Cannot replace the workspace {path}: {problem}; nothing was changed.").format(
                            path=self.path, problem=problem
                        )
                    ) from None
                raise WorkspaceError(
                    _(
                        "Cannot replace the workspace {path}: {problem}. The old workspace is put back the next "
                        "time it is opened."
                    ).format(path=self.path, problem=problem)
                ) from None
            finally:
                self._workspace = None
                self._event_cache.clear()
                self._month_storages.clear()
                self._storage._forget()
            if committed:
                with contextlib.suppress(OSError):
                    self._finish_replace(journal)  # a clean-up that fails is retried at the next open

    def _undo_replace(self, journal: Path) -> bool:
        """Roll back a failed replace at once; False when that failed too (the next open retries)."""
        if not journal.exists():
            return True
        try:
            self._finish_replace(journal)
        except OSError:
            return False
        return not journal.exists()

    # ------------------------------------------------------------------ domain operations

    def _change(self, now: datetime, apply: Callable[[Transaction], T]) -> T:
        with self.transaction(now) as tx:
            return apply(tx)

    def set_manager(self, name: str, *, now: datetime) -> None:
        """Name the workspace's manager."""
        cleaned = Member(name=name).name

        def apply(tx: Transaction) -> None:
            meta = dict(tx.db.table("meta").get(doc_id=1) or {})
            tx.put("meta", 1, {**meta, "manager": cleaned, "schema_version": CURRENT_SCHEMA})

        self._change(now, apply)

    def set_timezone(self, name: str | None, *, now: datetime) -> str | None:
        """Set the manager's IANA time zone (``None``: the system's); return the name kept."""
        cleaned = None if name is None else parse_timezone(name, "--timezone")

        def apply(tx: Transaction) -> str | None:
            meta = dict(tx.db.table("meta").get(doc_id=1) or {})
            # Kept as null rather than removed: an upsert merges into the stored document.
            tx.put("meta", 1, {**meta, "timezone": cleaned, "schema_version": CURRENT_SCHEMA})
            return cleaned

        return self._change(now, apply)

    def add_away(self, member_id: int, period: AwayPeriod, *, now: datetime) -> Member:
        """Record days a member is away; a period overlapping one already recorded is refused."""

        def apply(tx: Transaction) -> Member:
            member = tx.workspace.members.get(member_id)
            if member is None:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            for known in member.away:
                if period.start <= known.end and known.start <= period.end:
                    raise InputError(
                        _("{name} is already away from {start} to {end}; remove that period first.").format(
                            name=member.name, start=known.start.isoformat(), end=known.end.isoformat()
                        )
                    )
            away = sorted([*member.away, period], key=lambda item: (item.start, item.end))
            updated = member.model_copy(update={"away": away})
            tx.put("members", member.id, updated.model_dump(mode="json"))
            return updated

        return self._change(now, apply)

    def remove_away(self, member_id: int, start: date, *, now: datetime) -> AwayPeriod:
        """Remove the away period of a member that starts on ``start``; return it."""

        def apply(tx: Transaction) -> AwayPeriod:
            member = tx.workspace.members.get(member_id)
            if member is None:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            found = [period for period in member.away if period.start == start]
            if not found:
                raise InputError(
                    _("{name} has no time away starting on {start}.").format(name=member.name, start=start.isoformat())
                )
            rest = [period for period in member.away if period.start != start]
            tx.put("members", member.id, member.model_copy(update={"away": rest}).model_dump(mode="json"))
            return found[0]

        return self._change(now, apply)

    def add_member(self, name: str, *, role: str = "", since: date | None = None, now: datetime) -> Member:
        """Add a member; names are unique (case-insensitively)."""

        def apply(tx: Transaction) -> Member:
            member = Member(id=tx.next_id(tx.workspace.members), name=name, role=role.strip(), since=since)
            if any(m.name.casefold() == member.name.casefold() for m in tx.workspace.members.values()):
                raise InputError(_("There is already a member named {name!r}.").format(name=member.name))
            tx.put("members", member.id, member.model_dump(mode="json"))
            return member

        return self._change(now, apply)

    def update_member(
        self,
        member_id: int,
        *,
        name: str | None = None,
        role: str | None = None,
        since: date | Literal["unchanged"] | None = "unchanged",
        now: datetime,
    ) -> Member:
        """Change the given details of a member (those left out keep their latest value)."""

        def apply(tx: Transaction) -> Member:
            if member_id not in tx.workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            changes: dict[str, Any] = {}
            if name is not None:
                changes["name"] = name
            if role is not None:
                changes["role"] = role.strip()
            if since != "unchanged":
                changes["since"] = since
            member = Member.model_validate({**tx.workspace.members[member_id].model_dump(), **changes})
            clash = [
                m
                for m in tx.workspace.members.values()
                if m.id != member.id and m.name.casefold() == member.name.casefold()
            ]
            if clash:
                raise InputError(_("There is already a member named {name!r}.").format(name=member.name))
            tx.put("members", member.id, member.model_dump(mode="json"))
            return member

        return self._change(now, apply)

    def add_area(self, name: str, *, description: str = "", now: datetime) -> DecisionArea:
        """Add a decision area; names are unique (case-insensitively)."""

        def apply(tx: Transaction) -> DecisionArea:
            area = DecisionArea(id=tx.next_id(tx.workspace.areas), name=name, description=description.strip())
            if any(a.name.casefold() == area.name.casefold() for a in tx.workspace.areas.values()):
                raise InputError(_("There is already a decision area named {name!r}.").format(name=area.name))
            tx.put("areas", area.id, area.model_dump(mode="json"))
            return area

        return self._change(now, apply)

    def update_area(
        self, area_id: int, *, name: str | None = None, description: str | None = None, now: datetime
    ) -> DecisionArea:
        """Change the given details of a decision area (those left out keep their latest value)."""

        def apply(tx: Transaction) -> DecisionArea:
            if area_id not in tx.workspace.areas:
                raise InputError(_("There is no decision area with id {id}.").format(id=area_id))
            changes: dict[str, Any] = {}
            if name is not None:
                changes["name"] = name
            if description is not None:
                changes["description"] = description.strip()
            area = DecisionArea.model_validate({**tx.workspace.areas[area_id].model_dump(), **changes})
            if any(a.id != area.id and a.name.casefold() == area.name.casefold() for a in tx.workspace.areas.values()):
                raise InputError(_("There is already a decision area named {name!r}.").format(name=area.name))
            tx.put("areas", area.id, area.model_dump(mode="json"))
            return area

        return self._change(now, apply)

    def add_task(
        self,
        title: str,
        *,
        owner_id: int,
        level: DelegationLevel,
        area_id: int | None = None,
        due: date | None = None,
        status: TaskStatus = TaskStatus.OPEN,
        now: datetime,
    ) -> Task:
        """Add a task and return it with its new id."""

        def apply(tx: Transaction) -> Task:
            self._check_refs(tx.workspace, owner_id=owner_id, area_id=area_id)
            task = Task(
                id=tx.next_id(tx.workspace.tasks),
                title=title,
                owner_id=owner_id,
                area_id=area_id,
                level=level,
                status=status,
                due=due,
                created_at=tx.now,
            )
            tx.put("tasks", task.id, task.model_dump(mode="json"))
            return task

        return self._change(now, apply)

    def update_task(
        self,
        task_id: int,
        *,
        title: str | None = None,
        area_id: int | Literal["unchanged"] | None = "unchanged",
        status: TaskStatus | None = None,
        now: datetime,
        reason: str | None = None,
        context: EventContext | None = None,
    ) -> Task:
        """Change a task's title, area or status (level, owner and due date have their own verbs).

        A new status is recorded as a ``status_change`` event (with ``reason`` and ``context``), so the
        rules can tell a finished task archived to the manager from work taken back.
        """

        def apply(tx: Transaction) -> Task:
            task = tx.workspace.task(task_id)
            changes: dict[str, Any] = {}
            if title is not None:
                changes["title"] = title
            if area_id != "unchanged":
                self._check_refs(tx.workspace, area_id=area_id)
                changes["area_id"] = area_id
            if status is not None:
                changes["status"] = status
            updated = Task.model_validate({**task.model_dump(), **changes})
            tx.put("tasks", task.id, updated.model_dump(mode="json"))
            if status is not None and status != task.status:
                tx.record(
                    self._event(
                        tx,
                        EventKind.STATUS_CHANGE,
                        task,
                        reason,
                        from_status=task.status,
                        to_status=status,
                        context=context,
                    )
                )
            return updated

        return self._change(now, apply)

    def set_task_level(
        self,
        task_id: int,
        level: DelegationLevel,
        *,
        reason: str | None = None,
        now: datetime,
        context: EventContext | None = None,
    ) -> Event:
        """Change a task's delegation level, recording a ``level_change`` event (with ``context``, e.g.
        a review, when the change is not work taken back)."""

        def apply(tx: Transaction) -> Event:
            task = tx.workspace.task(task_id)
            # A change written up later starts from the level the history gives at its moment, and
            # leaves the task's level alone when a later change already set it. Without a later
            # change the task's level is the level at that moment: only the months from it on are read.
            later = [e for e in self.events(since=tx.now) if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id]
            history = later
            if any(e.at > tx.now for e in later):
                history = [e for e in self.events() if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id]
            before = level_before(task, history, tx.now)
            if before == level:
                raise InputError(
                    _("Task {task_id} is already at level {level}.").format(task_id=task.id, level=level.display)
                )
            if not any(e.at > tx.now for e in history):
                tx.put("tasks", task.id, task.model_copy(update={"level": level}).model_dump(mode="json"))
            return tx.record(
                self._event(
                    tx, EventKind.LEVEL_CHANGE, task, reason, from_level=before, to_level=level, context=context
                )
            )

        return self._change(now, apply)

    def set_task_due(
        self,
        task_id: int,
        due: date | None,
        *,
        reason: str | None = None,
        now: datetime,
        context: EventContext | None = None,
    ) -> Event:
        """Change (or clear) a task's due date, recording a ``due_change`` event."""

        def apply(tx: Transaction) -> Event:
            task = tx.workspace.task(task_id)
            if task.due == due:
                raise InputError(_("Task {task_id} already has that due date.").format(task_id=task.id))
            tx.put("tasks", task.id, task.model_copy(update={"due": due}).model_dump(mode="json"))
            return tx.record(
                self._event(tx, EventKind.DUE_CHANGE, task, reason, from_due=task.due, to_due=due, context=context)
            )

        return self._change(now, apply)

    def reassign_task(
        self,
        task_id: int,
        owner_id: int,
        *,
        reason: str | None = None,
        now: datetime,
        context: EventContext | None = None,
    ) -> Event:
        """Give a task to another owner (a member or the manager), recording a ``reassign`` event."""

        def apply(tx: Transaction) -> Event:
            task = tx.workspace.task(task_id)
            self._check_refs(tx.workspace, owner_id=owner_id)
            if task.owner_id == owner_id:
                raise InputError(
                    _("Task {task_id} already belongs to {owner}.").format(
                        task_id=task.id, owner=tx.workspace.owner_name(owner_id)
                    )
                )
            tx.put("tasks", task.id, task.model_copy(update={"owner_id": owner_id}).model_dump(mode="json"))
            event = self._event(
                tx, EventKind.REASSIGN, task, reason, from_owner=task.owner_id, to_owner=owner_id, context=context
            )
            # The person losing the task is the one the event is about, unless it goes to a member.
            event = event.model_copy(update={"member_id": task.owner_id if task.owner_id != MANAGER else owner_id})
            return tx.record(event)

        return self._change(now, apply)

    def _event(self, tx: Transaction, kind: EventKind, task: Task, reason: str | None, **fields: Any) -> Event:
        return Event(
            kind=kind,
            at=tx.now,
            recorded_at=utc(datetime.now().astimezone()),
            member_id=task.owner_id if task.owner_id != MANAGER else None,
            task_id=task.id,
            area_id=task.area_id,
            reason=(reason or "").strip() or None,
            **fields,
        )

    def set_agreement(
        self,
        member_id: int,
        change: AgreementChange,
        *,
        now: datetime,
        reviewed: datetime | None = None,
        context: EventContext | None = None,
        acknowledged: bool | None = None,
        reason: str | None = None,
    ) -> SavedAgreement:
        """Apply ``change`` to a member's latest agreement terms (read under the lock) and save a new version.

        Level changes and a review (``reviewed``, which also sets the terms' last review) are recorded
        as events, with ``context`` (a review meeting passes ``review``, so its changes never count as work
        taken back); ``acknowledged`` says whether the member acknowledged the new version (see
        :meth:`TrustAgreement.revised`). ``change`` gets the terms as they are on disk now, not as a screen showed them
        earlier: it must carry only what the user changed (see :func:`agreement_edit`).
        """

        def apply(tx: Transaction) -> SavedAgreement:
            if member_id not in tx.workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            current = tx.workspace.agreements.get(member_id)
            terms = change(current.terms() if current is not None else AgreementTerms())
            if reviewed is not None:
                terms = terms.model_copy(update={"last_review": reviewed.date()})
            for area_id in terms.levels:
                self._check_refs(tx.workspace, area_id=area_id)
            if current is None:
                agreement = TrustAgreement(**dict(terms), member_id=member_id, changed_at=tx.now)
                before: dict[int, DelegationLevel] = {}
            else:
                seen = {"last_review", "acknowledged"}
                if not acknowledged and terms.model_dump(exclude=seen) == current.terms().model_dump(exclude=seen):
                    # Only the review date moved: the member has seen these very terms, so their
                    # acknowledgement stands (a review is not a new agreement to acknowledge).
                    terms = terms.model_copy(update={"acknowledged": current.acknowledged})
                    agreement = current.revised(terms, tx.now, acknowledged=current.acknowledged)
                else:
                    agreement = current.revised(terms, tx.now, acknowledged=acknowledged)
                before = {area: entry.level for area, entry in current.levels.items()}
            for area_id, entry in terms.levels.items():
                if before.get(area_id) is not None and before[area_id] != entry.level:
                    tx.record(
                        Event(
                            kind=EventKind.LEVEL_CHANGE,
                            at=tx.now,
                            recorded_at=utc(datetime.now().astimezone()),
                            member_id=member_id,
                            area_id=area_id,
                            from_level=before[area_id],
                            to_level=entry.level,
                            context=context,
                            reason=(reason or "").strip() or None,
                        )
                    )
            if reviewed is not None:
                tx.record(
                    Event(
                        kind=EventKind.REVIEW,
                        at=utc(reviewed),
                        recorded_at=utc(datetime.now().astimezone()),
                        member_id=member_id,
                        context=context,
                    )
                )
            changed = current is None or agreement is not current
            if changed:
                tx.put("agreements", member_id, agreement.model_dump(mode="json"))
            return SavedAgreement(agreement, changed)

        return self._change(now, apply)

    def log_event(self, event: Event) -> Event:
        """Record an event that changes nothing else (a check-in, an override, a note...)."""
        with self.lock.held():
            self._before_change()
            # Only the referenced task is validated: the cost of a check-in must not grow with the task list.
            workspace = self.load_brief(() if event.task_id is None else (event.task_id,))
            if event.member_id is not None and event.member_id not in workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=event.member_id))
            if event.task_id is not None and event.task_id not in workspace.tasks:
                raise InputError(_("There is no task with id {task_id}.").format(task_id=event.task_id))
            if event.area_id is not None and event.area_id not in workspace.areas:
                raise InputError(_("There is no decision area with id {id}.").format(id=event.area_id))
            problem = event_problem(workspace, event)
            if problem is not None:
                raise InputError(problem)
            stamped = event.model_copy(
                update={"recorded_at": event.recorded_at or utc(datetime.now().astimezone()), "id": ""}
            )
            remove_stray_temp_files(self.events_dir)
            self._refuse_read_only_months([stamped])
            ids = self._reserve_event_ids([stamped])
            self._append_events([stamped], ids)
            return stamped

    def acknowledge_flag(self, ack: FlagAck, *, now: datetime) -> FlagAck:
        """Keep a flag acknowledgement (replacing an earlier one for the same flag)."""

        def apply(tx: Transaction) -> FlagAck:
            table = tx.db.table("acks")
            for doc in table.all():
                if doc.get("flag_id") == ack.flag_id:
                    table.remove(doc_ids=[doc.doc_id])
            table.insert(ack.model_dump(mode="json"))
            return ack

        return self._change(now, apply)

    def update_settings(self, change: Callable[[Settings], Settings], *, now: datetime) -> Settings:
        """Apply ``change`` to the latest settings and save the result."""

        def apply(tx: Transaction) -> Settings:
            settings = Settings.model_validate(change(tx.workspace.settings.model_copy(deep=True)).model_dump())
            tx.put("settings", 1, settings.model_dump(mode="json"))
            return settings

        return self._change(now, apply)

    @staticmethod
    def _check_refs(workspace: Workspace, *, owner_id: int | None = None, area_id: int | None = None) -> None:
        if owner_id is not None and owner_id != MANAGER and owner_id not in workspace.members:
            raise InputError(_("There is no member with id {id}.").format(id=owner_id))
        if area_id is not None and area_id not in workspace.areas:
            raise InputError(_("There is no decision area with id {id}.").format(id=area_id))

    # ------------------------------------------------------------------ review meetings

    def start_meeting(self, meeting: ReviewMeeting, *, now: datetime) -> ReviewMeeting:
        """Keep a new review meeting (see :func:`delegate_tui.meeting.new_meeting`) and return it with its id."""

        def apply(tx: Transaction) -> ReviewMeeting:
            self._check_meeting_refs(tx.workspace, meeting)
            started = ReviewMeeting.model_validate({**meeting.model_dump(), "id": tx.next_id(tx.workspace.reviews)})
            tx.put("reviews", started.id, started.model_dump(mode="json"))
            return started

        return self._change(now, apply)

    def update_meeting(
        self,
        meeting_id: int,
        change: Callable[[ReviewMeeting], ReviewMeeting],
        *,
        now: datetime,
        events: Callable[[ReviewMeeting], list[Event]] | None = None,
    ) -> ReviewMeeting:
        """Apply ``change`` to the meeting as it is on disk now (read under the lock) and save it.

        ``change`` must carry only what this process does (a vote, a reveal): another process's
        votes in the meantime are in the meeting it gets. ``events`` gives the events that belong
        to the change (a pulse), recorded in the same transaction. A closed meeting is refused.
        """

        def apply(tx: Transaction) -> ReviewMeeting:
            current = tx.workspace.reviews.get(meeting_id)
            if current is None:
                raise InputError(_("There is no review meeting with id {id}.").format(id=meeting_id))
            if current.status == "closed":
                raise InputError(
                    _("Review meeting {id} is closed; its minutes no longer change.").format(id=meeting_id)
                )
            changed = change(current)
            updated = ReviewMeeting.model_validate({**changed.model_dump(), "id": meeting_id})
            self._check_meeting_refs(tx.workspace, updated)
            for event in events(updated) if events is not None else []:
                if event.member_id is not None and event.member_id not in tx.workspace.members:
                    raise InputError(_("There is no member with id {id}.").format(id=event.member_id))
                tx.record(event)
            tx.put("reviews", meeting_id, updated.model_dump(mode="json"))
            return updated

        return self._change(now, apply)

    def start_poker_round(
        self,
        meeting_id: int,
        *,
        topic: str,
        area_id: int | None = None,
        member_id: int | None = None,
        about: Literal["current", "desired"] = "current",
        now: datetime,
    ) -> PokerRound:
        """Start a round of Delegation Poker on a decision area or a situation typed in."""
        from delegate_tui.meeting import with_new_round

        at = utc(now)
        meeting = self.update_meeting(
            meeting_id,
            lambda m: with_new_round(m, topic=topic, at=at, area_id=area_id, member_id=member_id, about=about),
            now=now,
        )
        return meeting.rounds[-1]

    def cast_vote(self, meeting_id: int, round_id: int, participant: str, card: int, *, now: datetime) -> PokerRound:
        """Keep ``participant``'s hidden card in a round (one per participant per round)."""
        from delegate_tui.meeting import with_vote

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: with_vote(m, round_id, participant, card, at), now=now).round(
            round_id
        )

    def reveal_round(self, meeting_id: int, round_id: int, *, now: datetime) -> PokerRound:
        """Reveal every card of a round at once."""
        from delegate_tui.meeting import revealed

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: revealed(m, round_id, at), now=now).round(round_id)

    def revote(self, meeting_id: int, round_id: int, *, now: datetime) -> PokerRound:
        """Start a new round on the topic of the revealed round ``round_id`` (the old cards are kept)."""
        from delegate_tui.meeting import with_revote

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: with_revote(m, round_id, at), now=now).rounds[-1]

    def record_meeting_pulse(
        self,
        meeting_id: int,
        member_id: int,
        score: int,
        *,
        readiness: Readiness | None = None,
        now: datetime,
    ) -> ReviewMeeting:
        """Keep a member's pulse in the meeting and record it as a ``pulse`` event (context review)."""
        from delegate_tui.meeting import with_pulse

        at = utc(now)
        pulse = Event(
            kind=EventKind.PULSE,
            at=at,
            recorded_at=utc(datetime.now().astimezone()),
            member_id=member_id,
            score=score,
            by=Initiator.MEMBER,
            context=EventContext.REVIEW,
        )
        return self.update_meeting(
            meeting_id, lambda m: with_pulse(m, member_id, score, at, readiness), now=now, events=lambda _m: [pulse]
        )

    def close_meeting(self, meeting_id: int, *, now: datetime) -> ReviewMeeting:
        """Close a meeting: its minutes are final."""
        from delegate_tui.meeting import closed

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: closed(m, at), now=now)

    @staticmethod
    def _check_meeting_refs(workspace: Workspace, meeting: ReviewMeeting) -> None:
        for item in meeting.agenda:
            Store._check_refs(workspace, owner_id=item.member_id, area_id=item.area_id)
        for poker in meeting.rounds:
            Store._check_refs(workspace, owner_id=poker.member_id, area_id=poker.area_id)
