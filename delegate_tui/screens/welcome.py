"""The first start: an empty workspace offers the sample team or an empty start."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from delegate_tui.i18n import _
from delegate_tui.screens.help import NAVIGATION


class WelcomeScreen(ModalScreen[str]):
    """Dismissed with ``"sample"`` (load the sample team) or ``"empty"`` (start empty)."""

    CSS_PATH = "welcome.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('sample')", _("Sample team"), id="welcome.sample", tooltip=_("Load the sample team.")),
        Binding("e", "choose('empty')", _("Start empty"), id="welcome.empty", tooltip=_("Start with nothing.")),
        Binding("escape", "choose('empty')", _("Start empty"), id="welcome.cancel", show=False),
        *NAVIGATION,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome", classes="dialog"):
            yield Static(_("Welcome to delegate"), classes="dialog-title")
            yield Static(
                _(
                    "Record your team, the decisions that matter, and how much of each you delegate, "
                    "from 1 Tell to 7 Delegate. Log what happens, and the app points out habits "
                    "that look like micromanagement."
                ),
                classes="dialog-text",
            )
            yield Static(
                _(
                    "This workspace is empty. Load a sample team to look around (you can replace it later), "
                    "or start with your own team."
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Load the sample team"), id="sample", variant="primary")
                yield Button(_("Start empty"), id="empty")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("sample" if event.button.id == "sample" else "empty")

    def action_choose(self, choice: str) -> None:
        """Close with the user's choice."""
        self.dismiss(choice)
