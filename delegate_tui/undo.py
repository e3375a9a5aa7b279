"""The UI's undo history: every change applied through the app can be reversed, last first.

The app wraps each store change (``DelegateApp.apply``) in :meth:`UndoHistory.before` and
:meth:`UndoHistory.after`. Meanwhile the store keeps, for each transaction, the workspace it read
under the lock and the one it wrote, read back under the same lock (:attr:`Store.change_spans`),
and the ids of the events it recorded (:attr:`Store.recorded_ids`): so a change another process
makes just before or after is never taken for part of this one. Undoing asks the store for a new
change that puts the earlier version back and marks the change's events as undone
(:meth:`Store.undo`), so the history says what happened: the change, then its undoing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from delegate_tui.i18n import _
from delegate_tui.model import Workspace
from delegate_tui.storage.store import Store

LIMIT = 50
"""How many changes of a session can be undone (older ones are forgotten)."""


@dataclass(frozen=True)
class UndoStep:
    """One change made in this session: the workspace before and after each of its transactions
    (none when it only logged events), and the events it recorded."""

    spans: tuple[tuple[Workspace, Workspace], ...]
    event_ids: tuple[str, ...]
    label: str


class UndoHistory:
    """The changes of this session that can still be undone, newest last."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.steps: list[UndoStep] = []

    def before(self) -> None:
        """Call just before a change: the store starts keeping what its transactions read and wrote."""
        self.store.recorded_ids.clear()
        self.store.change_spans = []

    def after(self, label: str | None) -> None:
        """Call after the change succeeded: keep it as the next one to undo, when it changed anything."""
        ids = tuple(self.store.recorded_ids)
        spans = self.store.change_spans
        self._stop()
        if spans is None:
            return  # the store could not read back what it wrote: this change cannot be undone
        changed = tuple((before, after) for before, after in spans if before != after)
        if not changed and not ids:
            return
        self.steps.append(UndoStep(changed, ids, label or _("the last change")))
        del self.steps[:-LIMIT]

    def forget(self) -> None:
        """Drop every step (after an erasure: the steps hold the workspace as it was)."""
        self.steps.clear()
        self._stop()

    def undo(self, now: datetime) -> str | None:
        """Undo the newest change and return what it was (None when there is nothing to undo).

        The step is dropped whether or not the store accepted the undo: a refused undo (the
        records changed again since) cannot succeed later either. Errors propagate for the app to show.
        """
        self._stop()
        if not self.steps:
            return None
        step = self.steps.pop()
        try:
            self.store.undo(step.spans, step.event_ids, label=step.label, now=now)
        finally:
            self.store.recorded_ids.clear()
        return step.label

    def _stop(self) -> None:
        self.store.recorded_ids.clear()
        self.store.change_spans = None
