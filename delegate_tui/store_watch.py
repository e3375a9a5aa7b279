"""Noticing another process's change of the workspace: what both apps' watch timers run.

The manager's app and a participant's tab each poll the store's file signatures
(:meth:`Store.state`) and re-read the workspace when a file changed, so another process's
change shows within the watch interval.
"""

from __future__ import annotations

from typing import Protocol

from textual.notifications import SeverityLevel

from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.store import Store


class Reloads(Protocol):
    """An app that re-reads its workspace and shows toasts."""

    def reload(self) -> None:
        """Re-read the workspace and redraw what shows it."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast."""
        ...


class StoreWatch:
    """The workspace's files as the app last read them, and the check its timer runs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen = store.state()

    def read(self) -> None:
        """Remember the files as they are now (the app has just read them)."""
        self.seen = self.store.state()

    def check(self, app: Reloads) -> None:
        """Reload ``app`` when a file changed since it was last read.

        A workspace that no longer reads (removed, damaged) is said once, in a toast, and not
        again until its files change once more.
        """
        try:
            state = self.store.state()
        except OSError:
            return
        if state != self.seen:
            try:
                app.reload()
            except WorkspaceError as error:
                self.seen = state
                # A path or a message may hold brackets: plain text, never markup.
                app.notify(str(error), severity="error", timeout=10, markup=False)
