"""The app's actions that open a screen or a form: the four modes, help, the forms for a new member,
area or task, a member's page and agreement, the export (their keys and palette entries are the app's)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen

from delegate_tui.i18n import _

if TYPE_CHECKING:
    from delegate_tui.screens.data import WorkspaceData

# The screens opened here are imported when first opened, not on the way to the first paint.

MODE_NAMES: dict[str, str] = {
    "board": _("Board"),
    "team": _("Team"),
    "tasks": _("Tasks"),
    "flags": _("Flags"),
}
"""The screens (Textual modes) and their names as the user sees them."""


class ScreenActions(App[None]):
    """The half of :class:`~delegate_tui.app.DelegateApp` that opens screens; it reads only the data snapshot."""

    data: WorkspaceData

    async def action_show_mode(self, mode: str) -> None:
        """Show one of the four screens; on the current one, go back to its first page."""
        if mode not in MODE_NAMES:
            return
        from delegate_tui.screens.help import HelpScreen
        from delegate_tui.screens.welcome import WelcomeScreen

        if isinstance(self.screen, WelcomeScreen):
            await self.screen.dismiss("empty")
        elif isinstance(self.screen, HelpScreen):
            await self.screen.dismiss(None)
        if mode != self.current_mode:
            await self.switch_mode(mode)
        # Each screen's key opens its first page (the team list, not the member page left open there).
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands, less "Keys" and "Quit": the app's Help and Quit (with their
        keys) are the same thing, shown once."""
        for command in super().get_system_commands(screen):
            if command.callback not in (self.action_show_help_panel, self.action_hide_help_panel, self.action_quit):
                yield command

    def action_help(self) -> None:
        """Show every key of the app and of the current screen."""
        from delegate_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    def action_add_member(self) -> None:
        """Open the form for a new member."""
        from delegate_tui.screens.forms import MemberForm

        self.push_screen(MemberForm())

    def action_name_manager(self) -> None:
        """Open the form that names the workspace's manager."""
        from delegate_tui.screens.forms import ManagerForm

        self.push_screen(ManagerForm())

    def action_add_area(self) -> None:
        """Open the form for a new decision area."""
        from delegate_tui.screens.forms import AreaForm

        self.push_screen(AreaForm())

    def action_edit_agreement(self, member_id: int) -> None:
        """Open the trust agreement form of a member."""
        from delegate_tui.screens.forms import AgreementForm

        if member_id in self.data.workspace.members:
            self.push_screen(AgreementForm(member_id))

    def action_open_member(self, member_id: int) -> None:
        """Show a member's page (on the team screen)."""
        from delegate_tui.screens.member import MemberScreen

        if member_id not in self.data.workspace.members:
            return
        if self.current_mode != "team":
            self.switch_mode("team")
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.push_screen(MemberScreen(member_id))

    async def action_add_task(self) -> None:
        """Go to the tasks screen and open its form for a new task."""
        if self.current_mode != "tasks":
            await self.switch_mode("tasks")
        await self.screen.run_action("add_task")

    def action_export_summary(self, member_id: int | None = None) -> None:
        """Ask where to write the shared summary, write it, and say where it went."""
        from delegate_tui.screens.export import ExportScreen

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(_("Wrote the summary to {path}.").format(path=path))

        self.push_screen(ExportScreen(member_id=member_id), done)
