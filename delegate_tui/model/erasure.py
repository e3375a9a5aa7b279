"""Erasure: a workspace and history with one person taken out completely (the right to erasure).

Pure: the store reads the workspace and its history under the lock, calls :func:`erase_member`
and writes the result in place of everything (``Store.erase_member``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from delegate_tui.i18n import _
from delegate_tui.model.base import InputError
from delegate_tui.model.meetings import ReviewMeeting
from delegate_tui.model.records import Event
from delegate_tui.model.text import STORED
from delegate_tui.model.workspace import Workspace

ERASED = "(erased)"
"""What stands in free text where the erased person's name was."""


@dataclass(frozen=True)
class Erasure:
    """The workspace and history without the person, and what was taken out."""

    workspace: Workspace
    events: list[Event]
    name: str
    tasks: int
    events_removed: int
    acks: int


def _about(event: Event, member_id: int, task_ids: set[int]) -> bool:
    return (
        event.member_id == member_id
        or event.from_owner == member_id
        or event.to_owner == member_id
        or (event.task_id is not None and event.task_id in task_ids)
    )


def _meeting_without(meeting: ReviewMeeting, member_id: int, name: str, manager: str) -> ReviewMeeting:
    folded = name.casefold()
    rounds = [
        poker.model_copy(update={"votes": [vote for vote in poker.votes if vote.participant.casefold() != folded]})
        for poker in meeting.rounds
        if poker.member_id != member_id
    ]
    return meeting.model_copy(
        update={
            "facilitator": manager if meeting.facilitator.casefold() == folded else meeting.facilitator,
            "participants": [person for person in meeting.participants if person.casefold() != folded],
            "agenda": [item for item in meeting.agenda if item.member_id != member_id],
            "rounds": rounds,
            "decisions": [item for item in meeting.decisions if item.member_id != member_id],
            "pulses": [item for item in meeting.pulses if item.member_id != member_id],
            "notes": [item for item in meeting.notes if item.member_id != member_id],
        }
    )


_NAMES = frozenset({"name", "participant", "participants", "facilitator", "manager", "id", "flag_id", "evidence"})
"""Fields holding someone else's name or an id: another Priya keeps her name."""


def _redact(value: Any, pattern: re.Pattern[str]) -> Any:
    """Every free text in a dumped record with the name replaced (keys, names and ids kept)."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_redact(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: item if key in _NAMES else _redact(item, pattern) for key, item in value.items()}
    return value


def _name_pattern(name: str) -> re.Pattern[str]:
    """The full name in any case, and each of its words of two or more letters as written (a note
    says "pairing with Priya"): a word that happens to be a name is erased too, the safer mistake."""
    parts = sorted({part for part in re.split(r"[\s\-]+", name) if len(part) >= 2}, key=len, reverse=True)
    alternatives = [re.escape(name), *(f"(?-i:{re.escape(part)})" for part in parts)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def erase_member(
    workspace: Workspace, events: Sequence[Event], member_id: int, *, flag_ids: Iterable[str] = ()
) -> Erasure:
    """``workspace`` and ``events`` without member ``member_id``: their record and agreement, the tasks
    they own and those tasks' history, every event about them (as the member, or as an owner a task
    went from or to), their meeting participation (attendance, poker cards, rounds, agenda items,
    decisions, pulses and notes about them), and the flag acknowledgements of ``flag_ids`` (the
    flags about them) or of evidence that is gone. Their name left in any other text (a note about
    a colleague that mentions them), or any word of it, becomes ``(erased)``.
    """
    member = workspace.members.get(member_id)
    if member is None:
        raise InputError(_("There is no member with id {id}.").format(id=member_id))
    task_ids = {task.id for task in workspace.tasks.values() if task.owner_id == member_id}
    kept_events = [event for event in events if not _about(event, member_id, task_ids)]
    gone = {event.id for event in events} - {event.id for event in kept_events}
    about = set(flag_ids)
    acks = {
        key: ack for key, ack in workspace.acks.items() if ack.flag_id not in about and not (set(ack.evidence) & gone)
    }
    reduced = workspace.model_copy(
        update={
            "members": {key: value for key, value in workspace.members.items() if key != member_id},
            "tasks": {key: value for key, value in workspace.tasks.items() if key not in task_ids},
            "agreements": {key: value for key, value in workspace.agreements.items() if key != member_id},
            "acks": acks,
            "reviews": {
                key: _meeting_without(meeting, member_id, member.name, workspace.manager)
                for key, meeting in workspace.reviews.items()
            },
        }
    )
    pattern = _name_pattern(member.name)
    cleaned = Workspace.model_validate(_redact(reduced.model_dump(mode="json"), pattern), context=STORED)
    cleaned_events = [
        Event.model_validate(_redact(event.model_dump(mode="json"), pattern), context=STORED) for event in kept_events
    ]
    return Erasure(
        workspace=cleaned,
        events=cleaned_events,
        name=member.name,
        tasks=len(task_ids),
        events_removed=len(gone),
        acks=len(workspace.acks) - len(acks),
    )
