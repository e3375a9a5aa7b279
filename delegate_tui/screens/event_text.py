"""One way to word an event: the member page's recent events, a task's history and the Log
dialog's confirmation all say what happened with the same whole sentences (user text literal)."""

from __future__ import annotations

from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, Event, EventKind, Workspace


def _task_sentences() -> dict[EventKind, str]:
    return {
        EventKind.CHECKIN: _("Check-in with {name} on task #{id} {title}."),
        EventKind.OVERRIDE: _("Override for {name} on task #{id} {title}: you took or reversed the decision."),
        EventKind.APPROVAL: _("Approval for {name} on task #{id} {title}: you required sign-off."),
        EventKind.NOTE: _("Note about {name} on task #{id} {title}."),
        EventKind.REVIEW: _("Review of the trust agreement with {name}."),
        EventKind.PULSE: _("Pulse of {score} from {name}."),
        EventKind.REASSIGN: _("Task #{id} {title} reassigned from {old} to {new}."),
        EventKind.LEVEL_CHANGE: _("Task #{id} {title} moved from level {old} to {new}."),
        EventKind.DUE_CHANGE: _("Due date of task #{id} {title} changed from {old} to {new}."),
        EventKind.STATUS_CHANGE: _("Task #{id} {title} changed from {old} to {new}."),
        EventKind.ARCHIVE: _("Task #{id} {title} archived."),
        EventKind.RESTORE: _("Task #{id} {title} restored from the archive."),
        EventKind.UNDO: _("Undone: the earlier entry about {name} on task #{id} {title}."),
    }


def _sentences() -> dict[EventKind, str]:
    """Without the task: on the task's own history, or for an event that has none."""
    return {
        EventKind.CHECKIN: _("Check-in with {name}."),
        EventKind.OVERRIDE: _("Override for {name}: you took or reversed the decision."),
        EventKind.APPROVAL: _("Approval for {name}: you required sign-off."),
        EventKind.NOTE: _("Note about {name}."),
        EventKind.REVIEW: _("Review of the trust agreement with {name}."),
        EventKind.PULSE: _("Pulse of {score} from {name}."),
        EventKind.REASSIGN: _("Reassigned from {old} to {new}."),
        EventKind.LEVEL_CHANGE: _("Level changed from {old} to {new}."),
        EventKind.DUE_CHANGE: _("Due date changed from {old} to {new}."),
        EventKind.STATUS_CHANGE: _("Status changed from {old} to {new}."),
        EventKind.ARCHIVE: _("{name} left the team (archived)."),
        EventKind.RESTORE: _("{name} is back on the team (restored)."),
        EventKind.UNDO: _("Undone: the earlier entry about {name}."),
    }


def _change(event: Event, workspace: Workspace) -> tuple[str, str]:
    """The old and new value an event records ("?" where it records none)."""
    kind = event.kind
    if kind is EventKind.REASSIGN:
        return (
            workspace.owner_name(event.from_owner if event.from_owner is not None else MANAGER),
            workspace.owner_name(event.to_owner if event.to_owner is not None else MANAGER),
        )
    if kind is EventKind.LEVEL_CHANGE:
        return (
            event.from_level.display if event.from_level else "?",
            event.to_level.display if event.to_level else "?",
        )
    if kind is EventKind.DUE_CHANGE:
        return (
            event.from_due.isoformat() if event.from_due else _("none"),
            event.to_due.isoformat() if event.to_due else _("none"),
        )
    if kind is EventKind.STATUS_CHANGE:
        return (
            event.from_status.label if event.from_status else "?",
            event.to_status.label if event.to_status else "?",
        )
    return ("", "")


def event_sentence(event: Event, workspace: Workspace, *, with_task: bool = True) -> str:
    """What happened, as one sentence naming the member and (``with_task``) the task."""
    if event.kind is EventKind.LEVEL_CHANGE and event.task_id is None and event.area_id is not None:
        template = _("Level for {area} changed from {old} to {new} in the agreement with {name}.")
    elif event.kind is EventKind.ARCHIVE and event.task_id is None and event.area_id is not None:
        template = _("Decision area {area} retired.")
    elif event.kind is EventKind.RESTORE and event.task_id is None and event.area_id is not None:
        template = _("Decision area {area} back in use (restored).")
    elif with_task and event.task_id is not None:
        template = _task_sentences()[event.kind]
    else:
        template = _sentences()[event.kind]
    task = workspace.tasks.get(event.task_id) if event.task_id is not None else None
    name = (
        workspace.members[event.member_id].name
        if event.member_id is not None and event.member_id in workspace.members
        else workspace.owner_name(task.owner_id)
        if task is not None
        else workspace.manager
    )
    old, new = _change(event, workspace)
    return template.format(
        name=name,
        id=event.task_id,
        title=task.title if task is not None else "",
        area=workspace.area_name(event.area_id),
        old=old,
        new=new,
        score=event.score,
    )


def event_line(event: Event, workspace: Workspace, *, with_task: bool = True) -> str:
    """One event of a history: when (UTC), what happened, and its private reason and note."""
    line = _("{when}  {event}").format(
        when=event.at.strftime("%Y-%m-%d %H:%M"), event=event_sentence(event, workspace, with_task=with_task)
    )
    if event.reason:
        line = _("{line} Reason: “{reason}”").format(line=line, reason=event.reason)
    if event.note:
        line = _("{line} Note: “{note}”").format(line=line, note=event.note)
    return line
