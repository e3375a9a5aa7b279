"""The delegated-decision warning: what it says before an override or an approval on a task whose
decision is delegated (or that the workspace's MM002 or MM003 would flag), and the modal showing it.

Whether a flag follows is asked of the rules' own predicates with the workspace's settings.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from delegate_tui.i18n import _
from delegate_tui.model import DelegationLevel, EventKind, Task, Workspace
from delegate_tui.patterns.rules import approval_on_delegated, decision_overridden
from delegate_tui.screens.widgets import plain

_WHO_DECIDES = {
    DelegationLevel.ADVISE: _("Task #{id} is at level {level}: {name} decides; you give an opinion."),
    DelegationLevel.INQUIRE: _("Task #{id} is at level {level}: {name} decides and informs you afterwards."),
    DelegationLevel.DELEGATE: _("Task #{id} is at level {level}: {name} decides; you need not be told."),
}


def _flag_sentence(kind: EventKind, flag_from: int | None, flagged: bool) -> str:
    """What logging the event means for the rule that watches it: a flag, none (rule off), or none at this level."""
    if kind is EventKind.OVERRIDE:
        if flagged:
            return _(
                "Logging an override records that you took back a delegated decision; it raises flag MM002 (critical)."
            )
        if flag_from is None:
            return _(
                "Logging an override records that you took back a delegated decision; rule MM002 is switched off, "
                "so it raises no flag."
            )
        return _(
            "Logging an override records that you took back a delegated decision; MM002 flags overrides only from "
            "level {level}, so this one raises no flag."
        ).format(level=DelegationLevel(flag_from).display)
    if flagged:
        return _(
            "Logging an approval records that you required sign-off on a delegated decision; it raises flag MM003."
        )
    if flag_from is None:
        return _(
            "Logging an approval records that you required sign-off on a delegated decision; rule MM003 is switched "
            "off, so it raises no flag."
        )
    return _(
        "Logging an approval records that you required sign-off on a delegated decision; MM003 flags approvals only "
        "from level {level}, so this one raises no flag."
    ).format(level=DelegationLevel(flag_from).display)


def delegated_warning(task: Task, workspace: Workspace, kind: EventKind) -> list[str] | None:
    """The sentences to show before an override or an approval on a task owned by a member that is
    delegated (level 5 or higher) or that the workspace's MM002 or MM003 would flag, or None when
    no warning is due. Whether a flag follows is the rule's own judgement, with the workspace's settings."""
    if kind is EventKind.OVERRIDE:
        flag_from = decision_overridden.flagged_from_level(workspace.settings)
    elif kind is EventKind.APPROVAL:
        flag_from = approval_on_delegated.flagged_from_level(workspace.settings)
    else:
        return None
    flagged = flag_from is not None and task.level >= flag_from
    if task.level < DelegationLevel.ADVISE and not flagged:
        return None
    member = workspace.members.get(task.owner_id)
    if member is None:
        return None
    name = member.name
    who = _WHO_DECIDES.get(task.level)
    if who is not None:
        lines = [who.format(id=task.id, level=task.level.display, name=name)]
    else:
        lines = [
            _("Task #{id} is at level {level}: {meaning}").format(
                id=task.id, level=task.level.display, meaning=task.level.meaning
            )
        ]
    agreement = workspace.agreements.get(member.id)
    area = workspace.area_name(task.area_id)
    if agreement is None:
        lines.append(_("{name} has no trust agreement yet.").format(name=name))
    else:
        agreed = agreement.level_for(task.area_id)
        if task.area_id is None:
            lines.append(
                _("The task has no decision area, so your agreement with {name} does not cover it.").format(name=name)
            )
        elif agreed is None:
            lines.append(_("Your agreement with {name} sets no level for {area}.").format(name=name, area=area))
        else:
            lines.append(
                _("Your agreement with {name} sets {area} at level {level}.").format(
                    name=name, area=area, level=agreed.display
                )
            )
        if agreement.guardrails:
            # One guardrail a line: run together, their sentences read as one.
            rails = "".join(f"\n• {rail}" for rail in agreement.guardrails)
            lines.append(_("Guardrails you agreed on: {guardrails}").format(guardrails=rails))
        else:
            lines.append(_("Your agreement with {name} has no guardrails.").format(name=name))
    lines.append(_flag_sentence(kind, flag_from, flagged))
    lines.append(_("If this decision should not be delegated, change the task's level instead (key l)."))
    return lines


class DelegatedWarningScreen(ModalScreen[bool]):
    """The delegated-decision warning, before an override or an approval is saved.

    Dismisses with True to log it anyway; "Go back" (the default: enter) or escape returns
    False, to the dialog, which still holds everything typed in it.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = ["log_event.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Go back"), id="log-warning.back", tooltip=_("Back to the Log dialog.")),
    ]

    def __init__(self, kind: EventKind, lines: list[str]) -> None:
        super().__init__()
        self.kind = kind
        self.lines = lines

    def compose(self) -> ComposeResult:
        headline, *rest = self.lines
        anyway = _("Log the override anyway") if self.kind is EventKind.OVERRIDE else _("Log the approval anyway")
        with Vertical(classes="log-warning-box"):
            yield Static(plain(_("This decision is delegated")), classes="log-warning-title")
            yield Static(
                Content("\n").join([plain(headline, "bold"), plain("\n".join(rest))]),
                id="delegated-warning",
                classes="log-warning-text",
            )
            yield Static(plain(_("Go back keeps everything you typed.")), classes="log-warning-hint")
            with Horizontal(classes="log-warning-buttons"):
                yield Button(_("Go back"), variant="primary", id="back")
                yield Button(anyway, variant="error", id="confirm")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def action_back(self) -> None:
        """Back to the dialog, nothing logged."""
        self.dismiss(False)

    @on(Button.Pressed, "#back")
    def _back(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)
