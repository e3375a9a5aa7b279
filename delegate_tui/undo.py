"""The UI's undo history: every change applied through the app can be reversed, last first.

The app wraps each store change (``DelegateApp.apply``) in :meth:`UndoHistory.before` and
:meth:`UndoHistory.after`, which keep the workspace as it was and as the change left it, and the
ids of the events the change recorded. Undoing asks the store for a new change that puts the
earlier version back (:meth:`Store.undo`), so the history says what happened: the change, then
its undoing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from delegate_tui.i18n import _
from delegate_tui.model import Workspace
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.store import Store

LIMIT = 50
"""How many changes of a session can be undone (older ones are forgotten)."""


@dataclass(frozen=True)
class UndoStep:
    """One change made in this session: the workspace before and after it, and the events it recorded."""

    before: Workspace
    after: Workspace
    event_ids: tuple[str, ...]
    label: str


class UndoHistory:
    """The changes of this session that can still be undone, newest last."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.steps: list[UndoStep] = []

    def before(self) -> Workspace | None:
        """Call just before a change: the workspace as it is (None when it cannot be read)."""
        self.store.recorded_ids.clear()
        try:
            return self.store.load()
        except WorkspaceError:
            return None

    def after(self, before: Workspace | None, label: str | None) -> None:
        """Call after the change succeeded: keep it as the next one to undo, when it changed anything."""
        ids = tuple(self.store.recorded_ids)
        self.store.recorded_ids.clear()
        if before is None:
            return
        try:
            after = self.store.load()
        except WorkspaceError:
            return
        if after == before and not ids:
            return
        self.steps.append(UndoStep(before, after, ids, label or _("the last change")))
        del self.steps[:-LIMIT]

    def forget(self) -> None:
        """Drop every step (after an erasure: the steps hold the workspace as it was)."""
        self.steps.clear()
        self.store.recorded_ids.clear()

    def undo(self, now: datetime) -> str | None:
        """Undo the newest change and return what it was (None when there is nothing to undo).

        The step is dropped whether or not the store accepted the undo: a refused undo (the
        records changed again since) cannot succeed later either. Errors propagate for the app to show.
        """
        if not self.steps:
            return None
        step = self.steps.pop()
        self.store.undo(step.before, step.after, step.event_ids, label=step.label, now=now)
        self.store.recorded_ids.clear()
        return step.label
