"""The join screen of a participant's tab: pick your name among the open meeting's participants."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from delegate_tui.i18n import _
from delegate_tui.meeting import open_meeting
from delegate_tui.model import Workspace
from delegate_tui.screens.participant import ParticipantScreen, participant_host
from delegate_tui.screens.widgets import plain_text


class JoinScreen(Screen[None]):
    """Who are you? The open meeting's participants, one to pick (Enter)."""

    CSS_PATH = "participant.tcss"
    DEFAULT_CLASSES = "join-screen"
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, problem: str = "") -> None:
        super().__init__()
        self.problem = problem
        self._names: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="join-body"):
            yield Static(_("Join the review meeting"), id="join-title")
            yield Static(self.problem, id="join-problem", markup=False)
            yield Static("", id="join-hint", markup=False)
            yield OptionList(id="join-names")

    def on_mount(self) -> None:
        self.sub_title = _("Review meeting")
        self.show_workspace(participant_host(self).workspace)
        self.query_one("#join-names", OptionList).focus()

    def show_workspace(self, workspace: Workspace) -> None:
        """List the participants of the meeting that is open now."""
        meeting = open_meeting(workspace)
        names = list(meeting.participants) if meeting is not None else []
        hint = self.query_one("#join-hint", Static)
        if meeting is None:
            hint.update(_("No review meeting is open yet: this page lists its participants once it starts."))
        else:
            hint.update(_("Who are you? Pick your name and press Enter."))
        if names == self._names:
            return
        self._names = names
        listing = self.query_one("#join-names", OptionList)
        listing.clear_options()
        listing.add_options([Option(plain_text(name)) for name in names])
        if names:
            listing.highlighted = 0

    @on(OptionList.OptionSelected, "#join-names")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if not 0 <= event.option_index < len(self._names):
            return
        participant_host(self).participant = self._names[event.option_index]
        self.app.switch_screen(ParticipantScreen())
