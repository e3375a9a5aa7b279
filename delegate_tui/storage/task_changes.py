"""The change verbs of tasks and trust agreements, and logging an event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from delegate_tui.history import event_problem, level_before
from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    InputError,
    NothingChanged,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    utc,
)
from delegate_tui.storage.edits import AgreementChange, SavedAgreement
from delegate_tui.storage.files import remove_stray_temp_files
from delegate_tui.storage.team_changes import TeamChanges
from delegate_tui.storage.workspace_file import Transaction


class TaskChanges(TeamChanges):
    """Changes of tasks and agreements (recording their events), and plain logged events."""

    def add_task(
        self,
        title: str,
        *,
        owner_id: int,
        level: DelegationLevel,
        area_id: int | None = None,
        due: date | None = None,
        status: TaskStatus = TaskStatus.OPEN,
        now: datetime,
    ) -> Task:
        """Add a task and return it with its new id."""

        def apply(tx: Transaction) -> Task:
            self._check_refs(tx.workspace, owner_id=owner_id, area_id=area_id)
            task = Task(
                id=tx.next_id(tx.workspace.tasks),
                title=title,
                owner_id=owner_id,
                area_id=area_id,
                level=level,
                status=status,
                due=due,
                created_at=tx.now,
            )
            tx.put("tasks", task.id, task.model_dump(mode="json"))
            return task

        return self._change(now, apply)

    def update_task(
        self,
        task_id: int,
        *,
        title: str | None = None,
        area_id: int | Literal["unchanged"] | None = "unchanged",
        status: TaskStatus | None = None,
        now: datetime,
        reason: str | None = None,
        context: EventContext | None = None,
    ) -> Task:
        """Change a task's title, area or status (level, owner and due date have their own verbs).

        A new status is recorded as a ``status_change`` event (with ``reason`` and ``context``), so the
        rules can tell a finished task archived to the manager from work taken back.
        """

        def apply(tx: Transaction) -> Task:
            task = tx.workspace.task(task_id)
            changes: dict[str, Any] = {}
            if title is not None:
                changes["title"] = title
            if area_id != "unchanged":
                self._check_refs(tx.workspace, area_id=area_id)
                changes["area_id"] = area_id
            if status is not None:
                changes["status"] = status
            updated = Task.model_validate({**task.model_dump(), **changes})
            tx.put("tasks", task.id, updated.model_dump(mode="json"))
            if status is not None and status != task.status:
                tx.record(
                    self._event(
                        tx,
                        EventKind.STATUS_CHANGE,
                        task,
                        reason,
                        from_status=task.status,
                        to_status=status,
                        context=context,
                    )
                )
            return updated

        return self._change(now, apply)

    def set_task_level(
        self,
        task_id: int,
        level: DelegationLevel,
        *,
        reason: str | None = None,
        now: datetime,
        context: EventContext | None = None,
    ) -> Event:
        """Change a task's delegation level, recording a ``level_change`` event (with ``context``, e.g.
        a review, when the change is not work taken back)."""

        def apply(tx: Transaction) -> Event:
            task = tx.workspace.task(task_id)
            # A change written up later starts from the level the history gives at its moment, and
            # leaves the task's level alone when a later change already set it. Without a later
            # change the task's level is the level at that moment: only the months from it on are read.
            later = [e for e in self.events(since=tx.now) if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id]
            history = later
            if any(e.at > tx.now for e in later):
                history = [e for e in self.events() if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id]
            before = level_before(task, history, tx.now)
            if before == level:
                raise NothingChanged(
                    _("Task {task_id} is already at level {level}.").format(task_id=task.id, level=level.display)
                )
            if not any(e.at > tx.now for e in history):
                tx.put("tasks", task.id, task.model_copy(update={"level": level}).model_dump(mode="json"))
            return tx.record(
                self._event(
                    tx, EventKind.LEVEL_CHANGE, task, reason, from_level=before, to_level=level, context=context
                )
            )

        return self._change(now, apply)

    def set_task_due(
        self,
        task_id: int,
        due: date | None,
        *,
        reason: str | None = None,
        now: datetime,
        context: EventContext | None = None,
    ) -> Event:
        """Change (or clear) a task's due date, recording a ``due_change`` event."""

        def apply(tx: Transaction) -> Event:
            task = tx.workspace.task(task_id)
            if task.due == due:
                raise NothingChanged(_("Task {task_id} already has that due date.").format(task_id=task.id))
            tx.put("tasks", task.id, task.model_copy(update={"due": due}).model_dump(mode="json"))
            return tx.record(
                self._event(tx, EventKind.DUE_CHANGE, task, reason, from_due=task.due, to_due=due, context=context)
            )

        return self._change(now, apply)

    def reassign_task(
        self,
        task_id: int,
        owner_id: int,
        *,
        reason: str | None = None,
        now: datetime,
        context: EventContext | None = None,
    ) -> Event:
        """Give a task to another owner (a member or the manager), recording a ``reassign`` event."""

        def apply(tx: Transaction) -> Event:
            task = tx.workspace.task(task_id)
            self._check_refs(tx.workspace, owner_id=owner_id)
            if task.owner_id == owner_id:
                raise NothingChanged(
                    _("Task {task_id} already belongs to {owner}.").format(
                        task_id=task.id, owner=tx.workspace.owner_name(owner_id)
                    )
                )
            tx.put("tasks", task.id, task.model_copy(update={"owner_id": owner_id}).model_dump(mode="json"))
            event = self._event(
                tx, EventKind.REASSIGN, task, reason, from_owner=task.owner_id, to_owner=owner_id, context=context
            )
            # The person losing the task is the one the event is about, unless it goes to a member.
            event = event.model_copy(update={"member_id": task.owner_id if task.owner_id != MANAGER else owner_id})
            return tx.record(event)

        return self._change(now, apply)

    def _event(self, tx: Transaction, kind: EventKind, task: Task, reason: str | None, **fields: Any) -> Event:
        return Event(
            kind=kind,
            at=tx.now,
            recorded_at=utc(datetime.now().astimezone()),
            member_id=task.owner_id if task.owner_id != MANAGER else None,
            task_id=task.id,
            area_id=task.area_id,
            reason=(reason or "").strip() or None,
            **fields,
        )

    def set_agreement(
        self,
        member_id: int,
        change: AgreementChange,
        *,
        now: datetime,
        reviewed: datetime | None = None,
        context: EventContext | None = None,
        acknowledged: bool | None = None,
        reason: str | None = None,
    ) -> SavedAgreement:
        """Apply ``change`` to a member's latest agreement terms (read under the lock) and save a new version.

        Level changes and a review (``reviewed``, which also sets the terms' last review) are recorded
        as events, with ``context`` (a review meeting passes ``review``, so its changes never count as work
        taken back); ``acknowledged`` says whether the member acknowledged the new version (see
        :meth:`TrustAgreement.revised`). ``change`` gets the terms as they are on disk now, not as a screen showed them
        earlier: it must carry only what the user changed (see :func:`agreement_edit`).
        """

        def apply(tx: Transaction) -> SavedAgreement:
            if member_id not in tx.workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            current = tx.workspace.agreements.get(member_id)
            terms = change(current.terms() if current is not None else AgreementTerms())
            if reviewed is not None:
                terms = terms.model_copy(update={"last_review": reviewed.date()})
            for area_id in terms.levels:
                # A line already agreed for an area since retired stays as it is; a new one is refused.
                if current is None or area_id not in current.levels:
                    self._check_refs(tx.workspace, area_id=area_id)
            if current is None:
                agreement = TrustAgreement(**dict(terms), member_id=member_id, changed_at=tx.now)
                before: dict[int, DelegationLevel] = {}
            else:
                seen = {"last_review", "acknowledged"}
                if not acknowledged and terms.model_dump(exclude=seen) == current.terms().model_dump(exclude=seen):
                    # Only the review date moved: the member has seen these very terms, so their
                    # acknowledgement stands (a review is not a new agreement to acknowledge).
                    terms = terms.model_copy(update={"acknowledged": current.acknowledged})
                    agreement = current.revised(terms, tx.now, acknowledged=current.acknowledged)
                else:
                    agreement = current.revised(terms, tx.now, acknowledged=acknowledged)
                before = {area: entry.level for area, entry in current.levels.items()}
            for area_id, entry in terms.levels.items():
                if before.get(area_id) is not None and before[area_id] != entry.level:
                    tx.record(
                        Event(
                            kind=EventKind.LEVEL_CHANGE,
                            at=tx.now,
                            recorded_at=utc(datetime.now().astimezone()),
                            member_id=member_id,
                            area_id=area_id,
                            from_level=before[area_id],
                            to_level=entry.level,
                            context=context,
                            reason=(reason or "").strip() or None,
                        )
                    )
            if reviewed is not None:
                tx.record(
                    Event(
                        kind=EventKind.REVIEW,
                        at=utc(reviewed),
                        recorded_at=utc(datetime.now().astimezone()),
                        member_id=member_id,
                        context=context,
                    )
                )
            changed = current is None or agreement is not current
            if changed:
                tx.put("agreements", member_id, agreement.model_dump(mode="json"))
            return SavedAgreement(agreement, changed)

        return self._change(now, apply)

    def log_event(self, event: Event) -> Event:
        """Record an event that changes nothing else (a check-in, an override, a note...)."""
        with self.lock.held():
            self._before_change()
            # Only the referenced task is validated: the cost of a check-in must not grow with the task list.
            workspace = self.load_brief(() if event.task_id is None else (event.task_id,))
            if event.member_id is not None and event.member_id not in workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=event.member_id))
            if event.task_id is not None and event.task_id not in workspace.tasks:
                raise InputError(_("There is no task with id {task_id}.").format(task_id=event.task_id))
            if event.area_id is not None and event.area_id not in workspace.areas:
                raise InputError(_("There is no decision area with id {id}.").format(id=event.area_id))
            problem = event_problem(workspace, event)
            if problem is not None:
                raise InputError(problem)
            stamped = event.model_copy(
                update={"recorded_at": event.recorded_at or utc(datetime.now().astimezone()), "id": ""}
            )
            remove_stray_temp_files(self.events_dir)
            self._refuse_read_only_months([stamped])
            ids = self._reserve_event_ids([stamped])
            self._append_events([stamped], ids)
            return stamped

    @staticmethod
    def _check_refs(workspace: Workspace, *, owner_id: int | None = None, area_id: int | None = None) -> None:
        if owner_id is not None and owner_id != MANAGER and owner_id not in workspace.members:
            raise InputError(_("There is no member with id {id}.").format(id=owner_id))
        if area_id is not None and area_id not in workspace.areas:
            raise InputError(_("There is no decision area with id {id}.").format(id=area_id))
        member = workspace.members.get(owner_id) if owner_id is not None else None
        if member is not None and member.archived_at is not None:
            raise InputError(_("{name} is archived and cannot be given work.").format(name=member.name))
        area = workspace.areas.get(area_id) if area_id is not None else None
        if area is not None and area.archived_at is not None:
            raise InputError(_("The decision area {name} is retired.").format(name=area.name))
