"""What the meeting screens show of the team on the wall (titles, one member's agreement), and the
changes of agreement terms the meeting makes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from delegate_tui.i18n import _
from delegate_tui.meeting import item_title, version_diff
from delegate_tui.model import (
    AgendaItem,
    AgreementTerms,
    AreaAgreement,
    DelegationLevel,
    Readiness,
    Workspace,
    cadence_label,
)
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.widgets import plain_text


def wall_title(workspace: Workspace, item: AgendaItem) -> str:
    """An agenda item as the wall may show it: a person with open control flags is on the agenda
    "to talk about how delegation goes", without saying that there are flags."""
    if item.kind == "control_flags":
        member = workspace.owner_name(item.member_id) if item.member_id is not None else ""
        return _("{member}: how delegation goes in practice").format(member=member)
    return item_title(workspace, item)


def agreement_view(
    data: WorkspaceData,
    member_id: int,
    *,
    with_flags: bool,
    area_id: int | None = None,
    revealed: Sequence[int] = (),
) -> RenderableType:
    """A member's agreement for the wall: levels per area, cadence, guardrails, growth goals, what
    changed since the last review and, with ``with_flags``, the open flags about them in plain words.
    Never a note or a reason; another person's flags only for the people in ``revealed`` (the
    facilitator revealed them, knowing the wall shows them)."""
    workspace = data.workspace
    member = workspace.members.get(member_id)
    agreement = workspace.agreements.get(member_id)
    if member is None:
        return Text("")
    parts: list[RenderableType] = [plain_text(member.name, "bold")]
    if agreement is None:
        parts.append(Text(_("No trust agreement yet.")))
        return Group(*parts)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    table.add_column(_("Area"))
    table.add_column(_("Level"))
    table.add_column(_("Desired"))
    for area_id_, entry in sorted(agreement.levels.items(), key=lambda item: workspace.area_name(item[0]).casefold()):
        marker = "▶ " if area_id_ == area_id else "  "
        desired = entry.desired.display if entry.desired is not None else "-"
        if entry.desired is not None and entry.desired_by is not None:
            desired = _("{level} by {date}").format(level=desired, date=entry.desired_by.isoformat())
        table.add_row(plain_text(marker + workspace.area_name(area_id_)), Text(entry.level.display), Text(desired))
    parts.append(table)
    terms = Text()
    terms.append(_("Check-ins: {cadence}").format(cadence=cadence_label(agreement.cadence)))
    terms.append("\n")
    last = agreement.last_review.isoformat() if agreement.last_review else _("never")
    terms.append(
        _("Version {version}; last reviewed {last}; review every {days} days.").format(
            version=agreement.version, last=last, days=agreement.review_every_days
        )
    )
    parts.append(terms)
    for title, items in ((_("Guardrails"), agreement.guardrails), (_("Growth goals"), agreement.growth_goals)):
        if items:
            block = Text(title, style="bold")
            for text in items:
                block.append("\n• ")
                block.append(text)
            parts.append(block)
    changes = version_diff(workspace, agreement)
    block = Text(_("Changed since the last review"), style="bold")
    for change in changes or [_("Nothing.")]:
        block.append("\n• ")
        block.append(change)
    parts.append(block)
    if with_flags:
        flags = data.flags_for(member_id)
        block = Text(_("What the flags say"), style="bold")
        for flag in flags or []:
            block.append("\n• ")
            block.append(flag.message)
        if not flags:
            block.append("\n• ")
            block.append(_("No open flags."))
        parts.append(block)
    for other_id in revealed:
        if other_id == member_id or other_id not in workspace.members:
            continue
        block = Text(
            _("What the flags about {member} say (revealed by the facilitator)").format(
                member=workspace.owner_name(other_id)
            ),
            style="bold",
        )
        others = data.flags_for(other_id)
        for flag in others:
            block.append("\n• ")
            block.append(flag.message)
        if not others:
            block.append("\n• ")
            block.append(_("No open flags."))
        parts.append(block)
    return Group(*[item for part in parts for item in (part, Text(""))][:-1])


def _level_change(area_id: int, level: DelegationLevel, about: str) -> Callable[[AgreementTerms], AgreementTerms]:
    """The change of one area's level (or desired level), applied to the terms read under the lock."""

    def change(terms: AgreementTerms) -> AgreementTerms:
        entry = terms.levels.get(area_id)
        if about == "desired":
            updated = (entry or AreaAgreement(level=level)).model_copy(update={"desired": level})
        else:
            updated = entry.model_copy(update={"level": level}) if entry is not None else AreaAgreement(level=level)
        return terms.model_copy(update={"levels": {**terms.levels, area_id: updated}})

    return change


def _self_readiness_change(area_id: int, readiness: Readiness) -> Callable[[AgreementTerms], AgreementTerms]:
    """The member's own readiness in one area, applied to the terms read under the lock."""

    def change(terms: AgreementTerms) -> AgreementTerms:
        entry = terms.levels.get(area_id)
        if entry is None:
            return terms
        updated = entry.model_copy(update={"self_readiness": readiness})
        return terms.model_copy(update={"levels": {**terms.levels, area_id: updated}})

    return change


def level_change(area_id: int, level: DelegationLevel, about: str) -> Callable[[AgreementTerms], AgreementTerms]:
    """The change a poker round's agreed level makes to an agreement (see :mod:`delegate_tui.screens.poker`)."""
    return _level_change(area_id, level, about)
