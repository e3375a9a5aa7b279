"""The tasks screen's writes: add and edit a task, log on it, change its level, owner, due date and status."""

from __future__ import annotations

from datetime import date

from textual.screen import Screen

from delegate_tui.i18n import _
from delegate_tui.model import DelegationLevel, EventKind, Task, TaskStatus
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.task_filter import TaskFilter
from delegate_tui.screens.task_forms import DueForm, LevelForm, ReassignForm, TaskDraft, TaskForm
from delegate_tui.screens.task_table import TaskTable


class TaskActions(Screen[None]):
    """The actions of the tasks screen that change the workspace (the screen supplies the table and selection)."""

    _data: WorkspaceData | None
    _filter: TaskFilter

    @property
    def table(self) -> TaskTable:
        """The tasks table."""
        return self.query_one("#task-table", TaskTable)

    def selected_task(self) -> Task | None:
        """The highlighted task, if any."""
        key = self.table.cursor_key
        if key is None or self._data is None:
            return None
        return self._data.workspace.tasks.get(key)

    def _need_task(self) -> Task | None:
        task = self.selected_task()
        if task is None:
            self.notify(_("There is no task selected."), severity="warning")
        return task

    def _after_write(self, task_id: int | None, message: str | None) -> None:
        host(self).reload()
        if task_id is not None:
            self.table.move_to_key(task_id)
        if message:
            self.notify(message)

    def action_add_task(self) -> None:
        """Open the form for a new task."""
        if self._data is None:
            return
        app = host(self)
        owner = next(iter(self._filter.owners)) if self._filter.owners and len(self._filter.owners) == 1 else None

        def save(draft: TaskDraft) -> int:
            task = app.store.add_task(
                draft.title,
                owner_id=draft.owner_id,
                level=draft.level,
                area_id=draft.area_id,
                due=draft.due,
                status=draft.status,
                now=app.now(),
            )
            return task.id

        def done(task_id: int | None) -> None:
            if task_id is not None:
                self._after_write(task_id, _("Added task #{id}.").format(id=task_id))
                if self.table.cursor_key != task_id:
                    self.notify(_("Task #{id} is hidden by the filter.").format(id=task_id), severity="warning")

        self.app.push_screen(TaskForm(self._data.workspace, task=None, save=save, default_owner=owner), done)

    def action_edit_task(self) -> None:
        """Open the form to edit the selected task."""
        task = self._need_task()
        if task is None or self._data is None:
            return
        app = host(self)

        def save(draft: TaskDraft) -> int:
            now = app.now()
            store = app.store
            # Only what the user changed: another process may have changed the rest meanwhile.
            if (draft.title, draft.area_id, draft.status) != (task.title, task.area_id, task.status):
                store.update_task(
                    task.id,
                    title=draft.title if draft.title != task.title else None,
                    area_id=draft.area_id if draft.area_id != task.area_id else "unchanged",
                    status=draft.status if draft.status != task.status else None,
                    now=now,
                )
            if draft.level != task.level:
                store.set_task_level(task.id, draft.level, reason=draft.reason, now=now)
            if draft.owner_id != task.owner_id:
                store.reassign_task(task.id, draft.owner_id, reason=draft.reason, now=now)
            if draft.due != task.due:
                store.set_task_due(task.id, draft.due, now=now)
            return task.id

        def done(task_id: int | None) -> None:
            if task_id is not None:
                self._after_write(task_id, _("Saved task #{id}.").format(id=task_id))

        self.app.push_screen(TaskForm(self._data.workspace, task=task, save=save), done)

    def action_log(self, kind: str) -> None:
        """Open the Log dialog for a check-in, an override or an approval on the selected task."""
        task = self._need_task()
        if task is None:
            return
        self._open_log(EventKind(kind), task)

    def action_log_event(self) -> None:
        """Open the Log dialog, on the selected task when there is one."""
        self._open_log(EventKind.CHECKIN, self.selected_task())

    def _open_log(self, kind: EventKind, task: Task | None) -> None:
        from delegate_tui.screens.log_event import open_log_dialog

        def done(logged: object) -> None:
            if task is not None:
                self.table.move_to_key(task.id)

        open_log_dialog(
            self,
            kind=kind,
            member_id=task.owner_id if task is not None else None,
            task_id=task.id if task is not None else None,
            done=done,
        )

    def log_prefill(self) -> tuple[int | None, int | None]:
        """Who and what the Log dialog starts with: the selected task and its owner."""
        task = self.selected_task()
        return (task.owner_id, task.id) if task is not None else (None, None)

    def action_change_level(self) -> None:
        """Change the selected task's delegation level."""
        task = self._need_task()
        if task is None:
            return
        app = host(self)

        def save(level: DelegationLevel, reason: str | None) -> None:
            app.store.set_task_level(task.id, level, reason=reason, now=app.now())

        def done(level: DelegationLevel | None) -> None:
            if level is not None:
                self._after_write(
                    task.id,
                    _("Task {task_id} moved from level {old} to {new}.").format(
                        task_id=task.id, old=task.level.display, new=level.display
                    ),
                )

        self.app.push_screen(LevelForm(task, save=save), done)

    def action_reassign(self) -> None:
        """Give the selected task to another member or to the manager."""
        task = self._need_task()
        if task is None or self._data is None:
            return
        app = host(self)
        workspace = self._data.workspace

        def save(owner_id: int, reason: str | None) -> None:
            app.store.reassign_task(task.id, owner_id, reason=reason, now=app.now())

        def done(owner_id: int | None) -> None:
            if owner_id is not None:
                self._after_write(
                    task.id,
                    _("Task {task_id} moved from {old} to {new}.").format(
                        task_id=task.id, old=workspace.owner_name(task.owner_id), new=workspace.owner_name(owner_id)
                    ),
                )

        self.app.push_screen(ReassignForm(task, workspace, save=save), done)

    def action_change_due(self) -> None:
        """Change or clear the selected task's due date."""
        task = self._need_task()
        if task is None:
            return
        app = host(self)

        def save(due: date | None, reason: str | None) -> None:
            app.store.set_task_due(task.id, due, reason=reason, now=app.now())

        def done(result: tuple[date | None] | None) -> None:
            if result is None:
                return
            (due,) = result
            if due is None:
                message = _("Task {task_id} no longer has a due date.").format(task_id=task.id)
            else:
                message = _("Task {task_id} is now due on {due}.").format(task_id=task.id, due=due.isoformat())
            self._after_write(task.id, message)

        self.app.push_screen(DueForm(task, save=save), done)

    def action_toggle_status(self) -> None:
        """Mark the selected task done, or open it again."""
        task = self._need_task()
        if task is None:
            return
        app = host(self)
        done = task.status is not TaskStatus.DONE
        status = TaskStatus.DONE if done else TaskStatus.OPEN
        message = (
            _("Task #{id} is done.").format(id=task.id) if done else _("Task #{id} is open again.").format(id=task.id)
        )
        if app.apply(lambda: app.store.update_task(task.id, status=status, now=app.now()), success=message):
            self.table.move_to_key(task.id)
