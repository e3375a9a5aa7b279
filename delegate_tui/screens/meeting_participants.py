"""Who takes part in a new review meeting."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from delegate_tui.i18n import _
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import plain_text


class ParticipantsScreen(ModalScreen[list[str] | None]):
    """Who takes part: the manager and the members present (everyone is ticked to begin with)."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-participants"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", _("Start"), id="meeting.start"),
        Binding("escape", "cancel", _("Cancel"), id="meeting.participants-cancel"),
    ]

    def compose(self) -> ComposeResult:
        workspace = host(self).data.workspace
        names = [workspace.manager, *sorted((m.name for m in workspace.members.values()), key=str.casefold)]
        with Vertical(id="participants-box"):
            yield Static(_("Who takes part in the review meeting?"), id="participants-title")
            yield SelectionList[str](
                *[Selection(plain_text(name), name, True) for name in names], id="participants-list"
            )
            yield Static(_("Space ticks a name; Ctrl+S starts the meeting."), id="participants-hint")
            yield Static("", id="participants-error", markup=False)

    def action_start(self) -> None:
        """Start with the ticked names."""
        chosen = list(self.query_one("#participants-list", SelectionList).selected)
        if len(chosen) < 2:
            self.query_one("#participants-error", Static).update(_("Tick at least two participants."))
            return
        self.dismiss([str(name) for name in chosen])

    def action_cancel(self) -> None:
        """Close without starting a meeting."""
        self.dismiss(None)
