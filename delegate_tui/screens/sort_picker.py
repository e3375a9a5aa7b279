"""The sort picker of the tasks screen: every column at once, so "due date" is one choice away
(``s`` steps to the next column, ``S`` reverses; the picker names them all)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from delegate_tui.i18n import _
from delegate_tui.screens.widgets import KeyOptionList


class SortPicker(ModalScreen[str | None]):
    """Dismissed with the chosen column's key, or None (escape)."""

    CSS_PATH = "sort_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="sort-picker.cancel", tooltip=_("Keep the current order.")),
    ]

    def __init__(self, columns: dict[str, str], current: str) -> None:
        super().__init__()
        self.columns = columns
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Sort the tasks by"), classes="dialog-title")
            yield KeyOptionList(*[Option(name, id=key) for key, name in self.columns.items()], id="sort-columns")
            yield Static(_("enter sorts · S on the table reverses · escape keeps the order"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one("#sort-columns", OptionList)
        options.highlighted = list(self.columns).index(self.current) if self.current in self.columns else 0
        options.focus()

    @on(OptionList.OptionSelected, "#sort-columns")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close and keep the order."""
        self.dismiss(None)
