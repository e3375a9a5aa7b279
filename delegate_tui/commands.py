"""The command palette (ctrl+p): every screen by its name and every main action.

Typing "team" finds the team screen, "add member" the member form, "agreement priya" the trust
agreement of Priya. With nothing typed the palette lists the screens and the main actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from delegate_tui.i18n import _
from delegate_tui.screens.widgets import plain

if TYPE_CHECKING:
    from delegate_tui.app import DelegateApp


@dataclass(frozen=True)
class Command:
    """One palette entry: what the user types to find it, what it does, and a line of help."""

    name: str
    action: Callable[[], object]
    help: str
    discover: bool = True


def _help(command: Command) -> str:
    # The palette reads a help string as markup but passes Content through unchanged (documented
    # in Content.from_markup): member names in the help must be shown as typed.
    return cast(str, plain(command.help))


def _log_commands(app: DelegateApp) -> list[Command]:
    """One "Log a ..." command per kind the Log dialog takes, prefilled from the screen underneath."""
    from delegate_tui.model import EventKind

    helps = {
        EventKind.CHECKIN: _("Record a check-in, now or earlier, on a task or with the person."),
        EventKind.OVERRIDE: _("Record that you took or reversed a decision."),
        EventKind.APPROVAL: _("Record a sign-off on a decision."),
        EventKind.REVIEW: _("Record a review of a trust agreement."),
        EventKind.NOTE: _("Write a private note about a member or a task."),
        EventKind.PULSE: _("Record a member's answer: I had the room to decide what was mine to decide."),
    }
    names = {
        EventKind.CHECKIN: _("Log a check-in"),
        EventKind.OVERRIDE: _("Log an override"),
        EventKind.APPROVAL: _("Log an approval"),
        EventKind.REVIEW: _("Log a review"),
        EventKind.NOTE: _("Log a note"),
        EventKind.PULSE: _("Log a pulse"),
    }
    return [Command(names[kind], partial(_open_log, app, kind), helps[kind]) for kind in names]


def _open_log(app: DelegateApp, kind: object) -> None:
    from delegate_tui.model import EventKind
    from delegate_tui.screens.log_event import open_from_palette

    open_from_palette(app, EventKind(kind))


def _language_commands(app: DelegateApp) -> list[Command]:
    """"Language: Nederlands" and "Language: English": each language by its own name, so that it is
    found by someone who cannot read the current one."""
    from delegate_tui.i18n import LANGUAGES

    helps = {
        "nl": _("Show the app in Dutch (Nederlands); remembered in the workspace."),
        "en": _("Show the app in English; remembered in the workspace."),
    }
    return [
        Command(
            _("Language: {name}").format(name=name),
            partial(app.switch_language, code),
            helps[code],
        )
        for code, name in LANGUAGES.items()
    ]


def _open_meeting(app: DelegateApp) -> None:
    from delegate_tui.screens.meeting import open_meeting_screen

    open_meeting_screen(app)


class DelegateCommands(Provider):
    """Screens, forms and per-member pages for the command palette."""

    def _commands(self) -> list[Command]:
        app = cast("DelegateApp", self.app)
        commands = [
            Command(_("Board"), partial(app.run_action, "show_mode('board')"), _("The delegation board.")),
            Command(_("Team"), partial(app.run_action, "show_mode('team')"), _("The team and each trust agreement.")),
            Command(_("Tasks"), partial(app.run_action, "show_mode('tasks')"), _("Every task and its level.")),
            Command(
                _("Flags"),
                partial(app.run_action, "show_mode('flags')"),
                _("Patterns that look like micromanagement."),
            ),
            Command(_("Help"), app.action_help, _("Every key of the current screen.")),
            Command(_("Add member"), app.action_add_member, _("Add a person to the team.")),
            Command(_("Add decision area"), app.action_add_area, _("Add a kind of decision, such as Hiring.")),
            Command(
                _("Your name as the manager"),
                app.action_name_manager,
                _("The owner shown for the tasks you keep."),
            ),
            Command(_("Add task"), partial(app.run_action, "add_task"), _("Add a piece of work on the tasks screen.")),
            Command(
                _("Export summary"),
                app.action_export_summary,
                _("Write the shared JSON or Markdown summary to a file."),
            ),
            Command(
                _("Start a review meeting"),
                partial(_open_meeting, app),
                _("Walk through the agreements with the team, with Delegation Poker; or join the open meeting."),
            ),
            *_log_commands(app),
            *_language_commands(app),
        ]
        workspace = app.data.workspace
        for member in sorted(workspace.members.values(), key=lambda m: m.name.casefold()):
            commands.append(
                Command(
                    _("Edit agreement: {name}").format(name=member.name),
                    partial(app.action_edit_agreement, member.id),
                    _("The trust agreement with {name}.").format(name=member.name),
                    discover=False,
                )
            )
            commands.append(
                Command(
                    _("Export summary: {name}").format(name=member.name),
                    partial(app.action_export_summary, member.id),
                    _("Write a summary that holds only {name}'s page.").format(name=member.name),
                    discover=False,
                )
            )
            commands.append(
                Command(
                    _("Open member: {name}").format(name=member.name),
                    partial(app.action_open_member, member.id),
                    _("Everything about {name}: agreement, history, tasks, events.").format(name=member.name),
                    discover=False,
                )
            )
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(plain(command.name), command.action, help=_help(command), text=command.name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                # The matcher's highlighting reads its candidate as markup: a member's name is shown plain.
                shown = matcher.highlight(command.name) if "[" not in command.name else plain(command.name)
                yield Hit(score, shown, command.action, help=_help(command), text=command.name)
