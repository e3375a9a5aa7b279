"""What several screens share: small widgets, the board's marks, the check-in sparkline, and
plain-text helpers (user text shown literally, cut to fit)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList
from textual.widgets._footer import FooterKey

from delegate_tui.i18n import _
from delegate_tui.model import AreaAgreement, Settings, cadence_label
from delegate_tui.patterns.rules.over_supervision import is_over_supervised
from delegate_tui.patterns.rules.perception_gap import is_perception_gap
from delegate_tui.patterns.text import format_number
from delegate_tui.text import visible

if TYPE_CHECKING:
    from textual.screen import Screen

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


NARROW = 100
"""Below this many columns the footer is compact (as the app's ``-narrow`` breakpoint)."""


class KeyFooter(Footer):
    """The footer, fitted to the terminal: the screen's keys in the order the screen lists them
    (or ranks them in ``FOOTER_KEYS``), then the app's (all or none), and the palette hint (``^p``) always; what does not fit whole is
    left out from the end, app keys first, never cut mid-word (every key stays in the palette and on ``?``).
    Below :data:`NARROW` columns it is compact (one space less per key)."""

    def __init__(self) -> None:
        super().__init__()
        self._width = 0
        self._shown: tuple[object, ...] = ()
        self._before_first_frame: bool | None = None  # settled at the first compose

    def compose(self) -> ComposeResult:
        # Composed with its screen: Textual's footer stays empty until the screen's first bindings
        # signal and then recomposes once per signal (twice before the first frame here, which
        # the screen's first paint waited for). A signal that changes nothing the footer shows
        # recomposes nothing (see bindings_changed).
        self._bindings_ready = True
        width = self.app.size.width
        self._width = width
        if self._before_first_frame is None:
            self._before_first_frame = not getattr(self.app, "painted", True)
        if self._before_first_frame:
            # The app's first frame comes without the keys, as Textual's own footer draws it; they
            # follow right after it (first_frame_drawn): a dozen keys styled and drawn were a
            # sixth of that frame on the scale set.
            self._shown = ()
            return
        self._shown = self._what_it_shows(width)
        compact = width < NARROW
        # Before the first mount, the class is only set: the keys are styled with it when they
        # are mounted, and the footer's own style does not depend on it (a restyle saved).
        self.set_class(compact, "-compact", update=self.is_mounted)
        self.set_reactive(Footer.compact, compact)
        widgets = list(super().compose())
        palette = [w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")]
        keys = [w for w in widgets if isinstance(w, FooterKey) and w not in palette]
        room = width - sum(_key_width(w, compact, palette=True) for w in palette)
        app_keys = [w for w in keys if w.action.startswith("app.") or not self._on_screen(w)]
        screen_keys = [w for w in keys if w not in app_keys]
        # A screen may rank its keys (FOOTER_KEYS: actions, most used first) apart from their order in BINDINGS.
        ranking: tuple[str, ...] = getattr(self.screen, "FOOTER_KEYS", ())
        if ranking:
            screen_keys.sort(key=lambda w: ranking.index(w.action) if w.action in ranking else len(ranking))
        shown: list[FooterKey] = []
        for key in screen_keys:
            needed = _key_width(key, compact)
            if needed > room:
                break  # the keys after it rank lower: leave them out too
            shown.append(key)
            room -= needed
        # The app's keys (b m t f ?) go together or not at all: "b Board" alone would read as the only way.
        if sum(_key_width(key, compact) for key in app_keys) <= room:
            shown += app_keys
        else:
            shown += [key for key in app_keys if key.action.endswith("help") and _key_width(key, compact) <= room][:1]
        kept = set(map(id, shown))
        for widget in widgets:
            if isinstance(widget, FooterKey):
                if id(widget) not in kept and widget not in palette:
                    continue
                # Each key shows its compact style by a class, which its first watch sets once it
                # is mounted, styling the key again (3 ms for the board's): set here, that watch
                # changes nothing. The keys follow the footer's compact style (a data binding);
                # the palette's is not bound and keeps FooterKey's default, compact, as Textual
                # draws it (reading it here would run that watch at once).
                key_compact = True if widget in palette else compact
                widget.set_reactive(FooterKey.compact, key_compact)
                widget.set_class(key_compact, "-compact", update=False)
            yield widget

    def first_frame_drawn(self, *, then: Callable[[], object]) -> None:
        """Show the keys left out of the app's first frame, then call ``then`` (the app calls this
        once that frame is drawn)."""

        async def show() -> None:
            if self._before_first_frame:
                self._before_first_frame = False
                await self._refit()
            then()

        self.call_later(show)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        if self.is_attached and self._what_it_shows(self.app.size.width) != self._shown:
            await self.recompose()

    def _what_it_shows(self, width: int) -> tuple[object, ...]:
        """Everything :meth:`compose` reads: the width and the bindings it shows (with their node's kind)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        bindings = tuple(
            (
                key,
                binding.action,
                binding.description,
                binding.key_display,
                binding.group,
                enabled,
                tooltip,
                node is self.app,
            )
            for key, (node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        return (width, self.show_command_palette, getattr(self.screen, "FOOTER_KEYS", ()), bindings)

    def _on_screen(self, key: FooterKey) -> bool:
        """True when the key is the screen's (or its focused widget's) rather than the app's."""
        binding = self.screen.active_bindings.get(key.key)
        return binding is not None and binding.node is not self.app

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_later(self.recompose)


def _key_width(key: FooterKey, compact: bool, *, palette: bool = False) -> int:
    """The cells a footer key takes (its CSS: padding around the key, after the description)."""
    text = cell_len(key.key_display) + cell_len(key.description)
    if palette:
        return text + (2 if compact else 4)  # the border and the space around
    return text + (2 if compact else 3)


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


def fit_name(name: str, width: int) -> str:
    """A person's name in ``width`` characters: in full, else "Priya N.", else "Priya", else cut."""
    name = visible(name)
    if len(name) <= width:
        return name
    parts = name.split()
    if len(parts) > 1:
        short = f"{parts[0]} {parts[-1][0]}."
        if len(short) <= width:
            return short
        if len(parts[0]) <= width:
            return parts[0]  # "Fatima" rather than "Fatima …"
    return fit(name, width)


def fit_words(text: str, width: int) -> str:
    """``text`` in ``width`` characters: whole, else cut after its last whole word that fits, with
    "…" ("Release to…"), else cut (one long word); the detail line shows it in full."""
    text = visible(text)
    if len(text) <= width:
        return text
    cut = text[: width - 1].rstrip()
    if " " in cut:
        cut = cut[: cut.rindex(" ")].rstrip()
        if cut:
            return cut + ELLIPSIS
    return fit(text, width)


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
