"""The command palette (ctrl+p): every screen by its name and every action, with its key.

Typing "team" finds the team screen, "add member" the member form, "agreement priya" the trust
agreement of Priya. The actions of the screen underneath come from its key bindings (and those of
its focused widget), so a key added to a screen is in the palette at once, shown with its key.
With nothing typed the palette lists those actions, then the screens and the app's actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from delegate_tui.i18n import _
from delegate_tui.screens.widgets import plain

if TYPE_CHECKING:
    from textual.screen import Screen

    from delegate_tui.app import DelegateApp


@dataclass(frozen=True)
class Command:
    """One palette entry: what the user types to find it, what it does, and a line of help."""

    name: str
    action: Callable[[], object]
    help: str
    discover: bool = True
    key: str = ""
    """How its key is shown ("R", "1 2 3"), when the screen has one."""

    def prompt(self, shown: Content) -> Content:
        """The palette line: the name (as ``shown``, highlighted or not) and the key after it."""
        if not self.key:
            return shown
        return Content.assemble(shown, "  ", (self.key, "$text-muted"))


MOVEMENT_ACTIONS = (
    "move",
    "cursor_",
    "page",
    "jump",
    "first",
    "last",
    "scroll_",
    "focus_",
    "copy_text",
    "command_palette",
    "select_cursor",
)
"""Actions that move the cursor or the focus: keys, not things to find by name (the help lists them)."""


def _is_movement(node: object, action: str) -> bool:
    # Textual's own widgets (an Input's cursor keys, a text area's) are editing, not actions.
    if type(node).__module__.startswith("textual."):
        return True
    return action.split(".")[-1].startswith(MOVEMENT_ACTIONS)


def binding_commands(app: DelegateApp, screen: Screen[object]) -> list[Command]:
    """Every action bound to a key on ``screen`` (its own, its focused widget's and the app's), by
    the binding's description, with its key. Keys bound to the same action are one command
    ("delete 0"); keys with one description and different actions (1 to 7: set the level) one
    command each, named with the key ("Set level 4")."""
    groups: dict[tuple[str, str], list[tuple[str, object, str, str]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled or _is_movement(active.node, binding.action):
            continue
        display = app.get_key_display(
            Binding(key, binding.action, binding.description, key_display=binding.key_display)
        )
        groups.setdefault((binding.description, binding.tooltip), []).append(
            (display, active.node, binding.action, binding.tooltip)
        )
    commands: list[Command] = []
    for (description, tooltip), entries in groups.items():
        actions = {(id(node), action) for _display, node, action, _tooltip in entries}
        if len(actions) == 1:
            _display, node, action, _tooltip = entries[0]
            keys = " ".join(display for display, *_rest in entries)
            commands.append(Command(description, partial(_run, app, action, node), tooltip or description, key=keys))
            continue
        for position, (display, node, action, _tooltip) in enumerate(entries):
            commands.append(
                Command(
                    _("{action} {key}").format(action=description, key=display),
                    partial(_run, app, action, node),
                    tooltip or description,
                    # With nothing typed, one of them stands for all ("Set level 1"); typing finds each.
                    discover=position == 0,
                    key=display,
                )
            )
    return commands


async def _run(app: DelegateApp, action: str, node: object) -> None:
    from textual.dom import DOMNode

    await app.run_action(action, node if isinstance(node, DOMNode) else None)


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
    """ "Language: Nederlands" and "Language: English": each language by its own name, so that it is
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
    """The screen's actions, the screens, forms and per-member pages for the command palette."""

    def _commands(self) -> list[Command]:
        app = cast("DelegateApp", self.app)
        # The screen's own actions first; an app command of the same name (Help, Add member) is
        # the same action, shown once, with its key.
        screen_commands = binding_commands(app, self.screen)
        named = {command.name.casefold() for command in screen_commands}
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
            Command(
                _("Load the sample team"),
                app.action_load_sample,
                _("Replace the workspace with a sample team to look around; asks first if it is not empty."),
            ),
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
        commands = screen_commands + [command for command in commands if command.name.casefold() not in named]
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
                yield DiscoveryHit(
                    command.prompt(plain(command.name)), command.action, help=_help(command), text=command.name
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            # Found by its name, or less surely by its explanation ("add task" finds "New").
            score = max(matcher.match(command.name), matcher.match(command.help) * 0.5 if command.key else 0)
            if score > 0:
                # The matcher's highlighting reads its candidate as markup: a member's name is shown plain.
                shown = matcher.highlight(command.name) if "[" not in command.name else plain(command.name)
                yield Hit(score, command.prompt(shown), command.action, help=_help(command), text=command.name)
