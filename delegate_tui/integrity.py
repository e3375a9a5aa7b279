"""The checks a workspace must pass beyond its fields' own validation: ids and references.

Shared by the workspace loader and the backup importer, so that whatever the program opens it
can also back up and restore, and whatever it refuses to import it also refuses to open.
Problems come back as ``where: problem`` with a JSON location, e.g.
``workspace.tasks.7.owner_id 9 is not a member``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, AgendaItem, Event, MeetingDecision, PokerRound, Workspace

MAX_ID = 999_999_999_999_999_999
"""The largest record id: 18 digits, what the CLI reads as a task id, and within JSON's 64-bit integers."""


def is_whole_number(value: object) -> bool:
    """True for a JSON whole number, and not for ``true``/``false`` (which Python counts as ints)."""
    return type(value) is int


def workspace_problem(ws: Workspace) -> str | None:
    """The first broken id or reference in a validated workspace, as ``where: problem``, or None."""
    for table, records in (("members", ws.members), ("areas", ws.areas), ("tasks", ws.tasks)):
        for key, record in records.items():
            if table == "members" and key == MANAGER:
                return _("workspace.members.{key}: member id {key} is reserved for the manager").format(key=MANAGER)
            if not 1 <= key <= MAX_ID:
                return _("workspace.{table}.{key}: ids must be whole numbers from 1 to {most}").format(
                    table=table, key=key, most=MAX_ID
                )
            if record.id != key:
                return _("workspace.{table}.{key}.id {id} does not match its key {key}").format(
                    table=table, key=key, id=record.id
                )
    for key, task in ws.tasks.items():
        if task.owner_id != MANAGER and task.owner_id not in ws.members:
            return _("workspace.tasks.{key}.owner_id {id} is not a member").format(key=key, id=task.owner_id)
        if task.area_id is not None and task.area_id not in ws.areas:
            return _("workspace.tasks.{key}.area_id {id} is not a decision area").format(key=key, id=task.area_id)
    for key, agreement in ws.agreements.items():
        if key not in ws.members:
            return _("workspace.agreements.{key}: {key} is not a member").format(key=key)
        if agreement.member_id != key:
            return _("workspace.agreements.{key}.member_id {id} does not match its key {key}").format(
                key=key, id=agreement.member_id
            )
        versions: list[tuple[str, Iterable[int]]] = [("", agreement.levels)]
        versions += [(f".history[{i}]", version.levels) for i, version in enumerate(agreement.history)]
        for prefix, levels in versions:
            for area_id in levels:
                if area_id not in ws.areas:
                    return _("workspace.agreements.{key}{prefix}.levels.{area}: {area} is not a decision area").format(
                        key=key, prefix=prefix, area=area_id
                    )
    for key, meeting in ws.reviews.items():
        if meeting.id != key:
            return _("workspace.reviews.{key}.id {id} does not match its key {key}").format(key=key, id=meeting.id)
        parts: list[tuple[str, Sequence[AgendaItem | PokerRound | MeetingDecision]]] = [
            ("agenda", meeting.agenda),
            ("rounds", meeting.rounds),
            ("decisions", meeting.decisions),
        ]
        for part, entries in parts:
            for index, entry in enumerate(entries):
                if entry.member_id is not None and entry.member_id not in ws.members:
                    return _("workspace.reviews.{key}.{part}[{index}].member_id {id} is not a member").format(
                        key=key, part=part, index=index, id=entry.member_id
                    )
                if entry.area_id is not None and entry.area_id not in ws.areas:
                    return _("workspace.reviews.{key}.{part}[{index}].area_id {id} is not a decision area").format(
                        key=key, part=part, index=index, id=entry.area_id
                    )
        for index, pulse in enumerate(meeting.pulses):
            if pulse.member_id not in ws.members:
                return _("workspace.reviews.{key}.pulses[{index}].member_id {id} is not a member").format(
                    key=key, index=index, id=pulse.member_id
                )
    for flag_id, ack in ws.acks.items():
        if ack.flag_id != flag_id:
            return _("workspace.acks.{key}.flag_id {id!r} does not match its key").format(key=flag_id, id=ack.flag_id)
    return None


def events_problem(ws: Workspace, events: Sequence[Event]) -> str | None:
    """The first event that names a member, task or area ``ws`` does not have, or repeats an id."""
    seen: dict[str, int] = {}
    for index, event in enumerate(events):
        if event.member_id is not None and event.member_id != MANAGER and event.member_id not in ws.members:
            return _("events[{index}].member_id {id} is not a member").format(index=index, id=event.member_id)
        if event.task_id is not None and event.task_id not in ws.tasks:
            return _("events[{index}].task_id {id} is not a task").format(index=index, id=event.task_id)
        if event.area_id is not None and event.area_id not in ws.areas:
            return _("events[{index}].area_id {id} is not a decision area").format(index=index, id=event.area_id)
        for field, owner in (("from_owner", event.from_owner), ("to_owner", event.to_owner)):
            if owner is not None and owner != MANAGER and owner not in ws.members:
                return _("events[{index}].{field} {id} is neither the manager (0) nor a member").format(
                    index=index, field=field, id=owner
                )
        if event.id:
            if event.id in seen:
                return _("events[{index}].id {id!r} repeats the id of events[{first}]").format(
                    index=index, id=event.id, first=seen[event.id]
                )
            seen[event.id] = index
    return None
