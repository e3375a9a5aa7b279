"""The change verbs that take things away: archive and restore members, areas and tasks, delete a task, erase a member.

Archiving keeps the record and its history (``archived_at`` set, an ``archive`` event recorded);
:meth:`Workspace.active` is the view that leaves it out. Deleting is for a task without history (a
typo). Erasing takes a person out of every file of the workspace: the workspace file, its backup,
every month file and the migration backups.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from typing import Literal

from delegate_tui.i18n import _, ngettext
from delegate_tui.model import (
    MANAGER,
    DecisionArea,
    Erasure,
    Event,
    EventContext,
    EventKind,
    InputError,
    Member,
    Task,
    Workspace,
    erase_member,
    utc,
)
from delegate_tui.storage.meeting_changes import MeetingChanges
from delegate_tui.storage.workspace_file import Transaction

Kind = Literal["member", "area"]


def _open_task_ids(workspace: Workspace, *, owner_id: int | None = None, area_id: int | None = None) -> list[int]:
    return sorted(
        task.id
        for task in workspace.tasks.values()
        if task.archived_at is None
        and task.status.is_open
        and (owner_id is None or task.owner_id == owner_id)
        and (area_id is None or task.area_id == area_id)
    )


def _ids_text(ids: list[int]) -> str:
    return ", ".join(f"#{task_id}" for task_id in ids)


class RemovalChanges(MeetingChanges):
    """Archive, restore, delete and erase, each one transaction."""

    def _stamp(self, tx: Transaction, kind: EventKind, **fields: int | None) -> Event:
        return tx.record(Event(kind=kind, at=tx.now, recorded_at=utc(datetime.now().astimezone()), **fields))

    def archive_member(self, member_id: int, *, now: datetime, reassign_to: int | None = None) -> Member:
        """Archive a member who left the team. Their open tasks go to ``reassign_to`` (a member or the
        manager) in the same change, each recorded as a reassignment because they left; without it,
        open tasks refuse the change (reassign them first)."""

        def apply(tx: Transaction) -> Member:
            member = tx.workspace.members.get(member_id)
            if member is None:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            if member.archived_at is not None:
                raise InputError(_("{name} is already archived.").format(name=member.name))
            open_ids = _open_task_ids(tx.workspace, owner_id=member.id)
            if open_ids and reassign_to is not None:
                if reassign_to == member.id:
                    raise InputError(_("--reassign-to must name someone other than {name}.").format(name=member.name))
                self._check_refs(tx.workspace, owner_id=reassign_to)
                reason = _("{name} left the team.").format(name=member.name)
                for task_id in open_ids:
                    task = tx.workspace.tasks[task_id]
                    tx.put("tasks", task.id, task.model_copy(update={"owner_id": reassign_to}).model_dump(mode="json"))
                    event = self._event(
                        tx,
                        EventKind.REASSIGN,
                        task,
                        reason,
                        from_owner=member.id,
                        to_owner=reassign_to,
                        context=EventContext.LEAVE,
                    )
                    tx.record(event.model_copy(update={"member_id": member.id}))
                open_ids = []
            if open_ids:
                raise InputError(
                    ngettext(
                        "{name} still owns open task {ids}; reassign it or mark it done first.",
                        "{name} still owns {count} open tasks ({ids}); reassign them or mark them done first.",
                        len(open_ids),
                    ).format(name=member.name, count=len(open_ids), ids=_ids_text(open_ids))
                )
            archived = member.model_copy(update={"archived_at": tx.now})
            tx.put("members", member.id, archived.model_dump(mode="json"))
            self._stamp(tx, EventKind.ARCHIVE, member_id=member.id)
            return archived

        return self._change(now, apply)

    def restore_member(self, member_id: int, *, now: datetime) -> Member:
        """Bring an archived member back onto the team."""

        def apply(tx: Transaction) -> Member:
            member = tx.workspace.members.get(member_id)
            if member is None:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            if member.archived_at is None:
                raise InputError(_("{name} is not archived.").format(name=member.name))
            restored = member.model_copy(update={"archived_at": None})
            tx.put("members", member.id, restored.model_dump(mode="json"))
            self._stamp(tx, EventKind.RESTORE, member_id=member.id)
            return restored

        return self._change(now, apply)

    def archive_area(self, area_id: int, *, now: datetime) -> DecisionArea:
        """Retire a decision area; refused while open tasks are in it (move or finish those first)."""

        def apply(tx: Transaction) -> DecisionArea:
            area = tx.workspace.areas.get(area_id)
            if area is None:
                raise InputError(_("There is no decision area with id {id}.").format(id=area_id))
            if area.archived_at is not None:
                raise InputError(_("The decision area {name} is already retired.").format(name=area.name))
            open_ids = _open_task_ids(tx.workspace, area_id=area.id)
            if open_ids:
                raise InputError(
                    ngettext(
                        "The decision area {name} still has open task {ids}; move it to another area or mark "
                        "it done first.",
                        "The decision area {name} still has {count} open tasks ({ids}); move them to another "
                        "area or mark them done first.",
                        len(open_ids),
                    ).format(name=area.name, count=len(open_ids), ids=_ids_text(open_ids))
                )
            retired = area.model_copy(update={"archived_at": tx.now})
            tx.put("areas", area.id, retired.model_dump(mode="json"))
            self._stamp(tx, EventKind.ARCHIVE, area_id=area.id)
            return retired

        return self._change(now, apply)

    def restore_area(self, area_id: int, *, now: datetime) -> DecisionArea:
        """Bring a retired decision area back into use."""

        def apply(tx: Transaction) -> DecisionArea:
            area = tx.workspace.areas.get(area_id)
            if area is None:
                raise InputError(_("There is no decision area with id {id}.").format(id=area_id))
            if area.archived_at is None:
                raise InputError(_("The decision area {name} is not retired.").format(name=area.name))
            restored = area.model_copy(update={"archived_at": None})
            tx.put("areas", area.id, restored.model_dump(mode="json"))
            self._stamp(tx, EventKind.RESTORE, area_id=area.id)
            return restored

        return self._change(now, apply)

    def archive_task(self, task_id: int, *, now: datetime) -> Task:
        """Archive a task: off the board and out of the rules, its history kept."""

        def apply(tx: Transaction) -> Task:
            task = tx.workspace.task(task_id)
            if task.archived_at is not None:
                raise InputError(_("Task {task_id} is already archived.").format(task_id=task.id))
            archived = task.model_copy(update={"archived_at": tx.now})
            tx.put("tasks", task.id, archived.model_dump(mode="json"))
            self._stamp(
                tx,
                EventKind.ARCHIVE,
                task_id=task.id,
                member_id=task.owner_id if task.owner_id != MANAGER else None,
                area_id=task.area_id,
            )
            return archived

        return self._change(now, apply)

    def restore_task(self, task_id: int, *, now: datetime) -> Task:
        """Bring an archived task back; refused while its owner or its area is archived."""

        def apply(tx: Transaction) -> Task:
            task = tx.workspace.task(task_id)
            if task.archived_at is None:
                raise InputError(_("Task {task_id} is not archived.").format(task_id=task.id))
            owner = tx.workspace.members.get(task.owner_id)
            if owner is not None and owner.archived_at is not None:
                raise InputError(
                    _("Task {task_id} belongs to {name}, who is archived; restore them first.").format(
                        task_id=task.id, name=owner.name
                    )
                )
            area = tx.workspace.areas.get(task.area_id) if task.area_id is not None else None
            if area is not None and area.archived_at is not None:
                raise InputError(
                    _("Task {task_id} is in the retired decision area {name}; restore the area first.").format(
                        task_id=task.id, name=area.name
                    )
                )
            restored = task.model_copy(update={"archived_at": None})
            tx.put("tasks", task.id, restored.model_dump(mode="json"))
            self._stamp(
                tx,
                EventKind.RESTORE,
                task_id=task.id,
                member_id=task.owner_id if task.owner_id != MANAGER else None,
                area_id=task.area_id,
            )
            return restored

        return self._change(now, apply)

    def task_has_history(self, task_id: int) -> bool:
        """Whether any event is recorded about the task."""
        return any(event.task_id == task_id for event in self.events())

    def delete_task(self, task_id: int, *, now: datetime) -> Task:
        """Delete a task that has no history (a typo); a task with events can only be archived."""

        def apply(tx: Transaction) -> Task:
            task = tx.workspace.task(task_id)
            count = sum(1 for event in self.events() if event.task_id == task.id)
            if count:
                raise InputError(
                    ngettext(
                        "Task {task_id} has {count} recorded event, so it cannot be deleted; archive it instead.",
                        "Task {task_id} has {count} recorded events, so it cannot be deleted; archive it instead.",
                        count,
                    ).format(task_id=task.id, count=count)
                )
            tx.db.table("tasks").remove(doc_ids=[task.id])
            return task

        return self._change(now, apply)

    def erase_member(self, member_id: int, *, now: datetime) -> Erasure:
        """Take a member out of every file of the workspace (see :func:`delegate_tui.model.erase_member`).

        Read and written under the lock: the workspace and history are rewritten in place of
        everything (the replace journal keeps it atomic), the backup file then holds the erased
        workspace too, and the migration backups (an older format, which cannot be rewritten) and the output cache are removed.
        """
        from delegate_tui.patterns import evaluate
        from delegate_tui.quick.cache import cache_folder

        with self.lock.held():
            workspace = self.load()
            events = self.events()
            if member_id not in workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            flags = evaluate(workspace, events, utc(now), include_acknowledged=True, member_id=member_id)
            erasure = erase_member(
                workspace, events, member_id, flag_ids=[flag.id for flag in flags if flag.member_id == member_id]
            )
            self.replace_everything(erasure.workspace, erasure.events, now, keep_backup=False)
            for old in self.path.parent.glob(f"{self.path.name}.schema*.bak"):
                old.unlink()
            # The output cache (NAME.cache/, delegate_tui.quick.cache) holds old outputs that name them.
            shutil.rmtree(cache_folder(self.path), ignore_errors=True)
            return erasure
