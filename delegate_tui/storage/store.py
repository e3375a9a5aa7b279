"""The typed workspace store: the only door to TinyDB.

Layout on disk for a workspace ``team.json``::

    team.json              members, areas, tasks, agreements, settings, acks (TinyDB)
    team.json.bak          the previous version of team.json
    team.json.lock         the inter-process lock
    team.events/2026-11.json   the events that happened in November 2026 (TinyDB), etc.
    team.cache/            outputs of ``check`` and ``export`` to replay (delegate_tui.quick.cache):
                           derived and disposable, never read by the store; erasing a member removes it

Every change runs as one transaction: take the lock, read the latest files, validate,
apply, write each touched file atomically. An event that belongs to a change of the
workspace file (a level change, a reassignment) is first written into the workspace
file's ``pending_events`` table in the same atomic write, then appended to its month
file; a crash between the two is repaired on the next change. A plain logged event
only touches its month file, so its cost does not grow with the history.

The store is built in layers, one module each: the month files (:mod:`.month_files`), the
workspace file and its transaction (:mod:`.workspace_file`), the replace journal
(:mod:`.journal`), and the change verbs (:mod:`.team_changes`, :mod:`.task_changes`,
:mod:`.meeting_changes`, :mod:`.removal_changes`, :mod:`.undo_changes`); this module opens and migrates the files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pydantic import ValidationError

from delegate_tui.i18n import _
from delegate_tui.model import STORED, Event, Workspace, explain
from delegate_tui.storage.files import AtomicJSONStorage, Signature, WorkspaceError, WorkspaceLock, make_folder
from delegate_tui.storage.files import write_atomically as write_atomically
from delegate_tui.storage.migrations import CURRENT_SCHEMA, migrate
from delegate_tui.storage.month_files import _event_id, _month
from delegate_tui.storage.month_files import events_folder as events_folder
from delegate_tui.storage.undo_changes import UndoChanges
from delegate_tui.storage.workspace_file import Transaction as Transaction


class Store(UndoChanges):
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
        self._released: tuple[Signature, bytes | None] | None = None
        self._event_cache: dict[str, tuple[Signature | None, list[Event]]] = {}
        self._month_storages: dict[str, AtomicJSONStorage] = {}
        self.recorded_ids: list[str] = []
        """The ids of the events this store recorded (the UI's undo takes them out of a logged event)."""
        self.change_spans: list[tuple[Workspace, Workspace]] | None = None
        """While a list (the UI's undo sets one around each change), every change appends the
        workspace it read under the lock and the one it wrote, read back under the same lock."""
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
        # Without validating, opening only needs the schema version: the tasks are not parsed for it
        # when the file is as the store writes it (and load_brief then reads the same parse).
        tables = (self._storage.read() if validate else self._storage.read_without("tasks", needs=("meta",))) or {}
        version = self._schema_version(tables)
        if version < CURRENT_SCHEMA:
            self._migrate()
        elif validate:
            self.load()

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
                problem = explain(error, located=True) if isinstance(error, ValidationError) else str(error)
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
