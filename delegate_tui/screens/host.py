"""What a screen may ask of the app, and the one way to ask it.

Screens and modals never import the app: they reach it through :func:`host`, typed as
:class:`AppHost`, the small surface they really use (the data snapshot, the store to write
through, the clock, toasts, and the app's navigation actions). ``DelegateApp`` satisfies it;
mypy checks that in ``delegate_tui/app.py``. Everything else a screen needs from Textual's
``App`` (``push_screen``, ``bell``, ``get_key_display``) stays on ``self.app``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, cast

from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from delegate_tui.model import Event
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.storage.store import Store


class AppHost(Protocol):
    """The app as the screens see it."""

    store: Store
    """Where every change is written (screens never touch TinyDB)."""

    data: WorkspaceData
    """The current snapshot: the workspace, its history, flags and metrics."""

    def now(self) -> datetime:
        """The app's clock (tests pass a fixed one)."""
        ...

    def apply(self, change: Callable[[], object], *, success: str | None = None, undoable: bool = True) -> bool:
        """Run a store change: show its error and return False, or reload, say ``success`` and return True.

        The change can be undone (ctrl+z) unless it is not ``undoable`` (an erasure), which also
        forgets the earlier steps."""
        ...

    def reload(self) -> None:
        """Re-read the store and hand the new snapshot to every screen."""
        ...

    def older_events(self, *, member_id: int | None = None, task_id: int | None = None) -> list[Event]:
        """Every event about a member (or a task) of all time, in time order, from the store: for a
        worker thread completing a snapshot that holds only the recent months (``data.history_since``)."""
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
        """Show a toast (plain text, never markup)."""
        ...

    def action_add_member(self) -> None:
        """Open the form for a new member."""
        ...

    def action_add_area(self) -> None:
        """Open the form for a new decision area."""
        ...

    def action_edit_agreement(self, member_id: int) -> None:
        """Open a member's trust agreement form."""
        ...

    def action_open_member(self, member_id: int) -> None:
        """Show a member's page."""
        ...


def host(node: DOMNode) -> AppHost:
    """The app of a screen, modal or widget, as far as screens may use it."""
    return cast(AppHost, node.app)
