"""A yes-or-no question before a change that cannot be taken back by a key: it says in whole
sentences what will happen, and "Cancel" has the focus, so enter alone changes nothing."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from delegate_tui.i18n import _
from delegate_tui.screens.widgets import plain


class Confirm(ModalScreen[bool]):
    """Dismissed with True (the user agreed) or False (Cancel, escape)."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="confirm.cancel", tooltip=_("Close; nothing is changed.")),
    ]

    def __init__(self, title: str, sentences: list[str], confirm: str) -> None:
        super().__init__()
        self.question = title
        self.sentences = sentences
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="dialog-title")
            for sentence in self.sentences:
                yield Static(plain(sentence), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(self.confirm, variant="error", id="confirm")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")
