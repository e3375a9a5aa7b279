"""Small widgets shared by several screens."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Checkbox, RadioButton

from delegate_tui.text import visible


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


def plain(text: str, style: str = "") -> Content:
    """User text for a widget: shown literally, never read as markup, with its control
    characters made visible (so a name can neither style the screen nor send the terminal an escape)."""
    shown = visible(text, multiline=True)
    return Content.styled(shown, style) if style else Content(shown)


def plain_text(text: str, style: str = "") -> Text:
    """The same as :func:`plain`, as a Rich ``Text`` (for Rich tables and other Rich renderables)."""
    return Text(visible(text, multiline=True), style=style)
