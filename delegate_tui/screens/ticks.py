"""Check boxes and radio buttons that read without colour (the forms' and the export dialog's).

Apart from :mod:`delegate_tui.screens.widgets` so that the board, the first screen, does not import
Textual's toggle buttons.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class TickBox(Checkbox):
    """A checkbox whose mark is blank when unchecked, so its state reads without colour."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else " "


class TickRadio(RadioButton):
    """A radio button whose dot shows only when chosen, so the choice reads without colour."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else " "
