"""Small widgets shared by several screens."""

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
