"""What several screens share: small widgets, the board's marks, the check-in sparkline, and
plain-text helpers (user text shown literally, cut to fit)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, OptionList, RadioButton

from delegate_tui.i18n import _
from delegate_tui.model import AreaAgreement, Settings, cadence_label
from delegate_tui.patterns.rules.over_supervision import is_over_supervised
from delegate_tui.patterns.rules.perception_gap import is_perception_gap
from delegate_tui.patterns.text import format_number
from delegate_tui.text import visible

if TYPE_CHECKING:
    from delegate_tui.patterns import MemberMetrics

ELLIPSIS = "…"

MARK_DESIRED = "↗"
"""A desired level is set."""
MARK_MISMATCH = "!"
"""Readiness and level do not match (see :func:`readiness_mismatch`)."""
MARK_FLAG = "⚑"
"""An open flag about that member and area."""
EMPTY = "·"
"""No level agreed."""

BARS = "▁▂▃▄▅▆▇█"
NO_CHECKIN = "·"


def list_keys(prefix: str, *, down: str, up: str, first: str, last: str) -> list[BindingType]:
    """``j``/``k`` and ``g``/``G``: down, up, first and last in a list, as the arrows and home/end
    do (the keys of vi, less and most keyboard tools); ids ``PREFIX.j`` and so on, for a keymap."""
    return [
        Binding("j", down, _("Down"), show=False, id=f"{prefix}.j"),
        Binding("k", up, _("Up"), show=False, id=f"{prefix}.k"),
        Binding("g", first, _("First"), show=False, id=f"{prefix}.g"),
        Binding("G", last, _("Last"), show=False, id=f"{prefix}.G"),
    ]


class KeyScroll(VerticalScroll):
    """A scrolling page that also scrolls with ``j``/``k`` and ``g``/``G``."""

    BINDINGS: ClassVar[list[BindingType]] = list_keys(
        "page", down="scroll_down", up="scroll_up", first="scroll_home", last="scroll_end"
    )


class KeyOptionList(OptionList):
    """An option list that also moves with ``j``/``k`` and ``g``/``G``."""

    BINDINGS: ClassVar[list[BindingType]] = list_keys(
        "list", down="cursor_down", up="cursor_up", first="first", last="last"
    )


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


def fit(text: str, width: int, align: Literal["left", "right"] | None = "left") -> str:
    """``text`` padded or cut to exactly ``width`` cells, ending in "…" when it was cut (with
    ``align=None``, cut but not padded); control characters are shown visibly (a cell is user
    text, going straight to the terminal)."""
    if width <= 0:
        return ""
    text = visible(text)
    if text.isascii():
        if len(text) > width:
            return text[: width - 1] + ELLIPSIS
        if align is None:
            return text
        return text.rjust(width) if align == "right" else text.ljust(width)
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    if align is None:
        return text
    padding = " " * (width - length)
    return padding + text if align == "right" else text + padding


def readiness_mismatch(entry: AreaAgreement, settings: Settings) -> bool:
    """True when readiness and level disagree as the workspace's rules judge it: over-supervision
    (MM006) or a perception gap (MM013), so the mark agrees with ``delegate check``."""
    return is_over_supervised(entry, settings) or is_perception_gap(entry, settings)


def sparkline(weekly: Sequence[int], cadence_per_week: float | None = None) -> str:
    """Check-ins per week as unicode bars (``·`` for a week without any). The scale puts the
    agreed cadence at half height, so weeks above it stand out; a busier week tops the scale."""
    top = max(max(weekly, default=0), 2 * (cadence_per_week or 0.5), 1)
    return "".join(
        NO_CHECKIN if count <= 0 else BARS[min(len(BARS) - 1, math.ceil(count / top * len(BARS)) - 1)]
        for count in weekly
    )


def rate_text(metrics: MemberMetrics | None, cadence: str | None) -> str:
    """Check-ins per week over the last 4 weeks against the agreed cadence: "3.5/wk vs weekly"."""
    if metrics is None:
        return "…"
    rate = format_number(round(metrics.checkins_per_week, 1))
    if cadence is None:
        return _("{rate}/wk, no agreement").format(rate=rate)
    return _("{rate}/wk vs {cadence}").format(rate=rate, cadence=cadence_label(cadence))
