"""The meeting's one-question dialog, and the checks its answers get."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from delegate_tui.i18n import _
from delegate_tui.model import DelegationLevel, InputError
from delegate_tui.screens.widgets import plain


class MeetingPrompt(ModalScreen[str | None]):
    """One question with one answer, checked before it closes; ``secret`` masks what is typed
    (a note on a projector must not be read off the wall)."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="meeting.prompt-cancel"),
    ]

    def __init__(
        self,
        question: str,
        *,
        placeholder: str = "",
        secret: bool = False,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.secret = secret
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(plain(self.question), id="prompt-question")
            yield Input(placeholder=self.placeholder, password=self.secret, id="prompt-input")
            yield Static("", id="prompt-error", markup=False)
            yield Static(_("Enter to answer, Escape to cancel."), id="prompt-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = self.check(value) if self.check is not None else None
        if problem is not None:
            self.query_one("#prompt-error", Static).update(plain(problem))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


def level_problem(value: str) -> str | None:
    """Why ``value`` is not a delegation level (the level parser's own message), or None."""
    try:
        DelegationLevel.parse(value)
    except InputError as error:
        return str(error)
    return None


def _required(field: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return _("{field} must not be empty.").format(field=field) if not value.strip() else None

    return check
