"""Bring a retired decision area back from the board (``U``): a picker of the retired areas, then
a confirmation; recorded like ``delegate area restore`` and undoable like every change."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from delegate_tui.i18n import _
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import KeyOptionList


class RetiredAreaPicker(ModalScreen[int | None]):
    """Dismissed with the chosen retired area's id, or None (escape)."""

    DEFAULT_CSS = """
    RetiredAreaPicker { align: center middle; }
    RetiredAreaPicker .dialog { width: 50; }
    RetiredAreaPicker #retired-areas { height: auto; max-height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="area-restore.cancel", tooltip=_("Restore nothing.")),
    ]

    def __init__(self, areas: list[tuple[int, str]]) -> None:
        super().__init__()
        self.areas = areas

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Restore a retired decision area"), classes="dialog-title")
            yield KeyOptionList(*[Option(label, id=str(area_id)) for area_id, label in self.areas], id="retired-areas")
            yield Static(_("enter chooses · escape restores nothing"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one("#retired-areas", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#retired-areas")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id) if event.option.id is not None else None)

    def action_cancel(self) -> None:
        """Close without restoring anything."""
        self.dismiss(None)


def ask_restore_area(node: DOMNode) -> None:
    """Pick a retired area, confirm, then bring it back onto the board."""
    from delegate_tui.screens.remove_dialogs import ConfirmRemoval, confirm_then_apply

    app = host(node)
    retired = sorted(
        (area for area in app.data.everything.areas.values() if area.archived_at is not None),
        key=lambda area: area.name.casefold(),
    )
    if not retired:
        app.notify(_("No decision area is retired."))
        return
    labels = [
        (
            area.id,
            _("{name} (retired {date})").format(
                name=area.name, date=area.archived_at.date().isoformat() if area.archived_at else ""
            ),
        )
        for area in retired
    ]

    def chosen(area_id: int | None) -> None:
        area = app.data.everything.areas.get(area_id) if area_id is not None else None
        if area is None or area.archived_at is None:
            return

        confirm_then_apply(
            node,
            ConfirmRemoval(
                _("Restore the decision area {name}?").format(name=area.name),
                [
                    _("{name} will be back on the board, in the agreements and in the rules.").format(name=area.name),
                ],
                _("Restore area"),
                danger=False,
            ),
            lambda: app.store.restore_area(area.id, now=app.now()),
            _("Restored the decision area {name}.").format(name=area.name),
        )

    node.app.push_screen(RetiredAreaPicker(labels), chosen)
