"""Replacing a whole workspace and its history atomically, through a journal a crash can be rolled back from.

Part of :class:`~delegate_tui.storage.store.Store` (see its module for the layout on disk).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterable
from datetime import datetime
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

import orjson

from delegate_tui.i18n import _
from delegate_tui.model import Event, Workspace
from delegate_tui.storage import files
from delegate_tui.storage.files import WorkspaceError, dumps, fsync_folder, make_folder, remove_stray_temp_files
from delegate_tui.storage.migrations import CURRENT_SCHEMA
from delegate_tui.storage.month_files import _MONTH_SUFFIX, _month, _number_in, _without_id, event_document
from delegate_tui.storage.workspace_file import WorkspaceFile


class ReplaceJournal(WorkspaceFile):
    """:meth:`replace_everything` and the recovery of a replace a crash interrupted."""

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

    def replace_everything(
        self, workspace: Workspace, events: Iterable[Event], now: datetime, *, keep_backup: bool = True
    ) -> None:
        """Replace the whole workspace and its history (demo data, import of a full backup).

        A crash leaves the old workspace and history or the new ones; a failure (a full disk, a
        read-only folder) undoes what was done and says so. The old workspace file becomes the
        backup file, unless ``keep_backup`` is False (an erasure): the backup is then the new one.
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
                    table[str(number)] = event_document(event)
            next_number = {month: max(map(int, table), default=0) + 1 for month, table in by_month.items()}
            for event in sorted(unnumbered, key=lambda e: (e.at, e.id)):
                month = _month(event.at)
                number = next_number.get(month, 1)
                next_number[month] = number + 1
                by_month.setdefault(month, {})[str(number)] = event_document(event)
            token = secrets.token_hex(8)
            journal = self.path.with_name(f".{self.path.name}.replace-{token}{self._JOURNAL_SUFFIX}")
            staging, main_new, old = self._replace_paths(journal)
            committed = False
            try:
                # The journal comes first: from it on, the next open rolls a crash back (or finishes
                # the clean-up once the workspace file itself has been replaced).
                files.write_atomically(journal, dumps({"had_events": self.events_dir.exists()}), backup=False)
                make_folder(staging)
                for month, table in by_month.items():
                    files.write_atomically(staging / f"{month}{_MONTH_SUFFIX}", dumps({"events": table}), backup=False)
                files.write_atomically(main_new, dumps(tables), backup=False)
                if self.events_dir.exists():
                    os.replace(self.events_dir, old)
                os.replace(staging, self.events_dir)
                if self.path.exists() or not keep_backup:
                    bak_link = self.path.with_name(f".{self.path.name}.{token}.tmp.bak")
                    os.link(self.path if keep_backup else main_new, bak_link)
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
