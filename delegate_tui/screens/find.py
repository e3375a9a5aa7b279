"""``/`` on the lists that have no filter of their own (team, flags, board): type a few letters,
enter goes to the next row that holds them (from the selected one on, round to the top again)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from delegate_tui.i18n import _
from delegate_tui.screens.widgets import plain


def next_match(texts: Sequence[str], current: int, query: str) -> int | None:
    """The index of the first of ``texts`` after ``current`` (going round) that holds ``query``,
    ignoring case; ``current`` itself last, so that finding again moves on. None: no text holds it."""
    needle = query.casefold().strip()
    if not needle or not texts:
        return None
    count = len(texts)
    for step in range(1, count + 1):
        index = (current + step) % count
        if needle in texts[index].casefold():
            return index
    return None


class FindPrompt(ModalScreen[str | None]):
    """Asks what to find; dismissed with the text (or None on escape)."""

    CSS_PATH = "find.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="find.cancel", tooltip=_("Close without moving.")),
    ]

    def __init__(self, what: str, last: str = "") -> None:
        super().__init__()
        self.what = what
        self.last = last

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.what), classes="dialog-title")
            yield Input(value=self.last, placeholder=_("a few letters of it"), id="find-input")
            yield Static(_("enter goes to the next match · escape closes"), classes="dialog-hint")

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
