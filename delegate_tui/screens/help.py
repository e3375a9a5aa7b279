"""The help screen (``?``): every key of the app and of the screen underneath, from the real
bindings, so keys remapped with a keymap show as they are."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from delegate_tui.i18n import N_, _
from delegate_tui.screens.widgets import plain

NAVIGATION: list[BindingType] = [
    Binding("b", "app.show_mode('board')", _("Board"), id="app.board", show=False),
    Binding("m", "app.show_mode('team')", _("Team"), id="app.team", show=False),
    Binding("t", "app.show_mode('tasks')", _("Tasks"), id="app.tasks", show=False),
    Binding("f", "app.show_mode('flags')", _("Flags"), id="app.flags", show=False),
]
"""The app's screen keys, for modal screens that let the user move on (App bindings do not reach
into a modal screen); same ids, so a keymap moves them together."""

GENERAL_ACTIONS = {"app.focus_next", "app.focus_previous", "screen.copy_text", "focus_next", "focus_previous"}
"""Textual's own keys on every screen: listed with the keys that work everywhere."""

TEXTUAL_DESCRIPTIONS = frozenset((N_("Focus Next"), N_("Focus Previous"), N_("Copy selected text")))
"""Textual's own English descriptions of those keys, so the catalogue can translate them too."""


def _description(text: str) -> str:
    return _(text) if text in TEXTUAL_DESCRIPTIONS else text


def key_groups(screen: Screen[object]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The active keys of ``screen`` as (group title, [(keys, description)]): the screen's own
    keys first, then the focused widget's, then the keys that work everywhere. Keys bound to the
    same description are shown together ("1 2 3 ...")."""
    app = screen.app
    titles: dict[str, list[tuple[list[str], str, str]]] = {}
    active_bindings = sorted(
        screen.active_bindings.items(),
        key=lambda item: (item[1].binding.action in GENERAL_ACTIONS, item[1].binding.action in ("quit", "app.quit")),
    )
    for key, active in active_bindings:
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        title = _group_title(active.node, screen, binding.action)
        entries = titles.setdefault(title, [])
        display = app.get_key_display(
            Binding(key, binding.action, binding.description, key_display=binding.key_display)
        )
        for keys, description, tooltip in entries:
            if description == binding.description and tooltip == binding.tooltip:
                keys.append(display)
                break
        else:
            entries.append(([display], binding.description, binding.tooltip))
    order = {_("On this screen"): 0, _("Everywhere"): 1}
    groups = sorted(titles.items(), key=lambda item: order.get(item[0], 2))
    return [
        (
            title,
            [
                (
                    " ".join(keys),
                    _("{action}: {explanation}").format(action=_description(description), explanation=tooltip)
                    if tooltip and tooltip != description
                    else _description(description),
                )
                for keys, description, tooltip in entries
            ],
        )
        for title, entries in groups
    ]


def _group_title(node: DOMNode, screen: Screen[object], action: str) -> str:
    if node is screen.app or action in GENERAL_ACTIONS:
        return _("Everywhere")
    if node is screen:
        return _("On this screen")
    title = getattr(node, "BINDING_GROUP_TITLE", None)
    if title:
        return _("In the {widget}").format(widget=str(title).lower())
    return _("In the focused {widget}").format(widget=_widget_name(node))


def _widget_name(node: DOMNode) -> str:
    name = type(node).__name__
    for suffix in ("DataTable", "Table"):
        if name.endswith(suffix):
            return _("table")
    return name.lower()


class HelpScreen(ModalScreen[None]):
    """Lists the keys, grouped; escape (or ``?`` again) closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", _("Close"), id="help.close"),
        *NAVIGATION,
    ]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self.groups = key_groups(underneath)
        self.screen_title = underneath.sub_title or underneath.title or underneath.app.title or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static(plain(_("Keys: {screen}").format(screen=self.screen_title)), classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                for title, entries in self.groups:
                    yield Static(title, classes="help-group", markup=False)
                    for keys, description in entries:
                        with Horizontal(classes="help-row"):
                            yield Label(keys, classes="help-key", markup=False)
                            yield Label(description, classes="help-description", markup=False)
            yield Static(
                _("Press escape to close. ctrl+p finds any screen or action by name."),
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
