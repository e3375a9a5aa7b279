"""One consistent past: which events may be recorded, and what a backfilled level change starts from.

The store and the CLI call these before recording an event, so that every rule reads a history
in which nothing happened to a task before it existed or to a member before they joined.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from delegate_tui.i18n import _
from delegate_tui.localtime import local_day, local_zone
from delegate_tui.model import MANAGER, DelegationLevel, Event, EventKind, Task, Workspace, utc

_NEEDS_TASK = (EventKind.REASSIGN, EventKind.LEVEL_CHANGE, EventKind.DUE_CHANGE, EventKind.STATUS_CHANGE)


def event_problem(workspace: Workspace, event: Event, zone: tzinfo | None = None) -> str | None:
    """Why ``event`` cannot be recorded in ``workspace``, as one sentence, or None when it can.

    Refused: anything but an archive or a restore about an archived member, task or area; an event on a task
    dated before the task was created; an event about a member dated
    before the local day they joined (``Member.since``); a pulse without a member or a score; a
    status change without its new status. Unknown task or member ids are the store's to refuse.
    """
    archived = _archived_problem(workspace, event)
    if archived is not None:
        return archived
    zone = zone or local_zone(workspace)
    task = workspace.tasks.get(event.task_id) if event.task_id is not None else None
    if task is not None and utc(event.at) < task.created_at:
        return _(
            "The {kind} is dated {at}, before task #{task_id} was created ({created}); an event cannot "
            "happen to a task that did not exist yet."
        ).format(
            kind=event.kind.value.replace("_", " "),
            at=utc(event.at).isoformat(timespec="minutes"),
            task_id=task.id,
            created=task.created_at.isoformat(timespec="minutes"),
        )
    member = workspace.members.get(event.member_id) if event.member_id not in (None, MANAGER) else None
    if member is not None and member.since is not None and local_day(event.at, zone) < member.since:
        return _(
            "The {kind} is dated {day}, before {member} joined ({since}); an event cannot be about someone "
            "not yet on the team."
        ).format(
            kind=event.kind.value.replace("_", " "),
            day=local_day(event.at, zone).isoformat(),
            member=member.name,
            since=member.since.isoformat(),
        )
    if event.kind is EventKind.PULSE:
        if event.member_id in (None, MANAGER):
            return _("A pulse is a member's answer: name the member.")
        if event.score is None:
            return _("A pulse needs a score from 1 to 5.")
    if event.kind is EventKind.STATUS_CHANGE and event.to_status is None:
        return _("A status change needs the new status.")
    if event.kind in _NEEDS_TASK and event.task_id is None and event.area_id is None:
        return _("A {kind} is about a task: name the task.").format(kind=event.kind.value.replace("_", " "))
    return None


def _archived_problem(workspace: Workspace, event: Event) -> str | None:
    """Nothing but archiving and restoring is recorded about an archived member, task or area (and the
    undoing of what was recorded before: an undo only marks an earlier event)."""
    if event.kind in (EventKind.ARCHIVE, EventKind.RESTORE, EventKind.UNDO):
        return None
    member = workspace.members.get(event.member_id) if event.member_id not in (None, MANAGER) else None
    if member is not None and member.archived_at is not None:
        return _("{name} is archived; restore them before recording anything about them.").format(name=member.name)
    task = workspace.tasks.get(event.task_id) if event.task_id is not None else None
    if task is not None and task.archived_at is not None:
        return _("Task {task_id} is archived; restore it first.").format(task_id=task.id)
    area = workspace.areas.get(event.area_id) if event.area_id is not None else None
    if area is not None and area.archived_at is not None:
        return _("The decision area {name} is retired; restore it first.").format(name=area.name)
    return None


def level_before(task: Task, events: Sequence[Event], moment: datetime) -> DelegationLevel:
    """The level a task had just before ``moment``, from its recorded history.

    A backfilled level change takes this as its ``from`` level, so a change written up later fits
    between the changes recorded around it instead of contradicting them.
    """
    # Imported here: ``delegate log`` records events through this module, and the rule engine's
    # package (which importing its timeline loads) is a tenth of that command's time.
    from delegate_tui.patterns.timeline import level_at

    before = [e for e in events if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id and e.at < utc(moment)]
    if before:
        return level_at(task, before, moment)
    later = sorted(
        (e for e in events if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id and e.from_level is not None),
        key=lambda e: (e.at, e.id),
    )
    if later and later[0].from_level is not None:
        return later[0].from_level
    return task.level
