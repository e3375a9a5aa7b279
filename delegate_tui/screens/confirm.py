"""A yes-or-no question before a change that cannot be taken back by a key: it says in whole
sentences what will happen, and "Cancel" has the focus, so enter alone changes nothing."""

from __future__ import annotations

from typing import ClassVar, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from delegate_tui.i18n import _
from delegate_tui.screens.widgets import plain

ResultT = TypeVar("ResultT")


class CancelFirstDialog(ModalScreen[ResultT]):
    """What every confirmation does alike: Cancel focused first (enter alone changes nothing);
    escape and Cancel close it with :attr:`CANCELLED`, changing nothing."""

    CANCELLED: ClassVar[object] = None
    FIRST_FOCUS: ClassVar[str] = "#cancel"
    """The widget focused on open (Textual runs every class's ``on_mount``, so it is a setting, not an override)."""

    def on_mount(self) -> None:
        self.query_one(self.FIRST_FOCUS).focus()

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(cast(ResultT, self.CANCELLED))

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


class Confirm(CancelFirstDialog[bool]):
    """Dismissed with True (the user agreed) or False (Cancel, escape)."""

    CANCELLED: ClassVar[object] = False

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

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)
