"""The workspace file: its validation, reading, and the locked transaction every change runs in.

Part of :class:`~delegate_tui.storage.store.Store` (see its module for the layout on disk).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from glob import escape as glob_escape
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from delegate_tui.history import event_problem
from delegate_tui.i18n import _, ngettext
from delegate_tui.integrity import is_whole_number, workspace_problem
from delegate_tui.model import STORED, Event, InputError, Workspace, explain, utc
from delegate_tui.storage.files import (
    Signature,
    WorkspaceError,
    WorkspaceLock,
    WriteFailedError,
    make_private,
    refuse_read_only,
    remove_stray_temp_files,
    signature,
)
from delegate_tui.storage.migrations import CURRENT_SCHEMA
from delegate_tui.storage.month_files import MonthFiles, _month, _without_id, event_document
from delegate_tui.storage.tasks import NotFast, decode_tasks
from delegate_tui.storage.workspace_fast import decode_workspace


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


class WorkspaceFile(MonthFiles):
    """Reading and validating the workspace file; the transaction a change of it runs in."""

    lock: WorkspaceLock
    notices: list[str]
    _workspace: Workspace | None
    _workspace_signature: Signature | None
    _workspace_tables: object
    _released: tuple[Signature, bytes | None] | None
    """Set by :meth:`release_parsed_file`: the file's signature then, and its bytes when racy."""
    _secured: bool
    change_spans: list[tuple[Workspace, Workspace]] | None

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

    def _model_workspace(self, tables: dict[str, dict[str, Any]]) -> Workspace:
        """The workspace of ``tables`` as pydantic validates it all, or its one clear message."""
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
                    path=self.path, problem=explain(error, located=True)
                )
            ) from None
        except (TypeError, ValueError, AttributeError):
            raise WorkspaceError(
                _("The file {path} is not a delegate-tui workspace (unexpected shape); it was left unchanged.").format(
                    path=self.path
                )
            ) from None
        return workspace

    def _fast_workspace(self, tables: dict[str, dict[str, Any]]) -> Workspace | None:
        """What :meth:`_model_workspace` makes of ``tables``, without pydantic when every table is
        as the store writes it (see :mod:`delegate_tui.storage.tasks` and
        :mod:`delegate_tui.storage.workspace_fast`), else with the tasks alone read fast; None when
        the tasks need pydantic."""
        try:
            tasks = decode_tasks(tables.get("tasks", {}))
        except NotFast:
            return None  # pydantic reads it all: the same workspace, or the message it always gave
        try:
            return decode_workspace(tables, tasks)
        except NotFast:
            pass
        try:
            # The model validates no task against anything else (Workspace has no validator that
            # reads its tasks), so everything else validates alike without them.
            workspace = self._model_workspace({**tables, "tasks": {}})
        except WorkspaceError:
            return None  # pydantic reads it all: the message it always gave
        workspace.__dict__["tasks"] = tasks  # the tasks field was set (to {}): its place and fields set stay
        return workspace

    def _validate_tables(self, tables: dict[str, dict[str, Any]]) -> Workspace:
        workspace = self._fast_workspace(tables)
        if workspace is None:
            workspace = self._model_workspace(tables)
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
        if self._workspace is not None and self._released is not None:
            signature_then, racy = self._released
            if signature(self.path) == signature_then and (racy is None or self._bytes_now() == racy):
                return self._workspace
        self._released = None
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

    def workspace_of(self, raw: bytes) -> Workspace | None:
        """The workspace the workspace file's bytes ``raw`` hold, checked as :meth:`load` checks the
        file (None when they are of another schema version; :class:`WorkspaceError` when not valid).

        For a derived file that must name the exact bytes it was built from (the ``log`` fast path's
        index): the file itself may change between reading its bytes and reading it again.
        """
        tables = self._storage._parse(raw)
        if self._schema_version(tables) != CURRENT_SCHEMA:
            return None
        return self._validate_tables(tables)

    def release_parsed_file(self) -> None:
        """Drop the parsed workspace file but keep the workspace validated from it, which :meth:`load`
        returns while the file is unchanged (its signature, and its bytes when the signature alone
        cannot tell): for a store kept open for long (the UI's), which otherwise holds the parsed
        file beside the workspace (6 MiB for 10,000 tasks). A change parses the file again, under
        the lock, as it always does."""
        tables = self._storage.parsed
        if (
            self._workspace is None
            or tables is None
            or tables is not self._workspace_tables
            or self._storage.current_signature != self._workspace_signature
            or self._workspace_signature is None
        ):
            return  # nothing validated from what is parsed: nothing to keep
        self._released = (self._workspace_signature, self._storage.racy_bytes)
        self._storage.forget()
        self._workspace_tables = None

    def _bytes_now(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except OSError:
            return None

    def release_workspace_file(self) -> None:
        """Forget the workspace file as parsed and validated here (it is read again when next needed):
        for a store kept to read the history, which otherwise holds a second copy of the workspace."""
        self._storage.forget()
        self._workspace, self._workspace_signature, self._workspace_tables = None, None, None
        self._released = None

    def load_brief(self, task_ids: Iterable[int] = ()) -> Workspace:
        """The workspace with only the tasks ``task_ids`` (those that exist) among its tasks.

        Everything else is read and validated as by :meth:`load`; the other tasks are neither
        validated nor present. Validating 10,000 tasks costs ten times what all the rest does,
        and a verb such as ``delegate log`` needs one task at most.
        """
        wanted = set(task_ids)
        if not wanted:
            # No task wanted: the tasks table is not even parsed when the file allows (the UI's start).
            brief = self._storage.read_without("tasks", needs=("meta",))
            if brief is None:
                raise self._gone()
            self._schema_version(brief)
            return self._validate_tables({**brief, "tasks": {}})
        tables = self._read_tables()
        self._schema_version(tables)
        tasks = {
            key: doc
            for key, doc in tables.get("tasks", {}).items()
            if key.isascii() and key.isdigit() and int(key) in wanted
        }
        return self._validate_tables({**tables, "tasks": tasks})

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
                    db.table("pending_events").insert(event_document(event) | {"id": event.id})
            self._workspace = None
            if self.change_spans is not None:
                # Read back before the lock is released, so no other process's change can slip in.
                try:
                    self.change_spans.append((workspace, self.load()))
                except WorkspaceError:
                    self.change_spans = None  # committed all the same: only its undo is lost
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
