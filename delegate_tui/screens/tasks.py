"""The tasks screen: every task in a fast table, filtered, searched and sorted, with actions.

The table draws only the rows on screen (:mod:`delegate_tui.screens.task_table`); the rows, their
search text and sort orders come from :mod:`delegate_tui.screens.task_index`, the filter syntax is
read by :mod:`delegate_tui.screens.task_filter`, and the actions that write live in
:mod:`delegate_tui.screens.task_actions`.
"""

from __future__ import annotations

import threading
from pathlib import PurePath
from typing import ClassVar

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from delegate_tui.i18n import _
from delegate_tui.model import Event, TaskStatus, day_label, relative_day
from delegate_tui.screens.data import WorkspaceData, with_older
from delegate_tui.screens.event_text import event_line
from delegate_tui.screens.host import host
from delegate_tui.screens.task_actions import TaskActions
from delegate_tui.screens.task_filter import TaskFilter, parse_filter
from delegate_tui.screens.task_index import COLUMN_KEYS, TaskIndex, sort_column_names, task_columns
from delegate_tui.screens.task_table import TaskTable
from delegate_tui.screens.widgets import KeyFooter, plain
from delegate_tui.storage import WorkspaceError

__all__ = ["TaskFilter", "TaskIndex", "TasksScreen", "event_line", "parse_filter"]

OLDER_DELAY = 0.25
"""Seconds the details rest on a task before its events older than the snapshot's window are read
(moving through the rows with the details open reads only the task the cursor stops on)."""
OLDER_KEPT = 64
"""How many tasks' older events are kept once read."""


# --------------------------------------------------------------------------- the screen


class TasksScreen(TaskActions):
    """Every task, with its owner, area, delegation level, status and due date."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["task_table.tcss", "tasks.tcss"]
    SUB_TITLE = _("Tasks")

    FOOTER_KEYS: ClassVar[tuple[str, ...]] = (
        "log('override')",
        "log('approval')",
        "reassign",
        "change_due",
        "toggle_status",
        "log('checkin')",
        "change_level",
        "search",
        "add_task",
        "edit_task",
        "details",
    )
    """The footer's keys, most used first: what fits of them is shown (screens/widgets.KeyFooter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            _("Filter"),
            priority=True,
            id="tasks.search",
            tooltip=_("Filter by text, @owner, area:, status:, level:."),
        ),
        Binding(
            "escape",
            "clear",
            _("Clear"),
            show=False,
            id="tasks.clear",
            tooltip=_("Clear the filter or close the details."),
        ),
        Binding("s", "sort", _("Sort"), show=False, id="tasks.sort", tooltip=_("Sort by the next column.")),
        Binding(
            "O", "pick_sort", _("Sort by"), show=False, id="tasks.sort-by", tooltip=_("Choose the column to sort by.")
        ),
        Binding("S", "reverse", _("Reverse"), show=False, id="tasks.reverse", tooltip=_("Reverse the sort order.")),
        Binding(
            "h",
            "toggle_done",
            _("Done tasks"),
            show=False,
            id="tasks.toggle-done",
            tooltip=_("Show or hide done tasks."),
        ),
        Binding("n", "add_task", _("New"), id="tasks.add", tooltip=_("Add a task.")),
        Binding("e", "edit_task", _("Edit"), id="tasks.edit", tooltip=_("Edit the selected task.")),
        Binding("c", "log('checkin')", _("Check-in"), id="tasks.checkin", tooltip=_("Log a check-in on the task.")),
        Binding(
            "L",
            "log_event",
            _("Log"),
            show=False,
            id="tasks.log",
            tooltip=_("Log a check-in, override, approval, review, note or pulse."),
        ),
        Binding(
            "o",
            "log('override')",
            _("Override"),
            id="tasks.override",
            tooltip=_("Log an override of a decision."),
        ),
        Binding(
            "a",
            "log('approval')",
            _("Approval"),
            id="tasks.approval",
            tooltip=_("Log an approval you required."),
        ),
        Binding("l", "change_level", _("Level"), id="tasks.level", tooltip=_("Change the task's delegation level.")),
        Binding("r", "reassign", _("Reassign"), id="tasks.reassign", tooltip=_("Give the task to someone else.")),
        Binding("d", "change_due", _("Due"), id="tasks.due", tooltip=_("Change or clear the due date.")),
        Binding(
            "x,space",
            "toggle_status",
            _("Done"),
            id="tasks.toggle-status",
            tooltip=_("Mark the task done, or open again."),
        ),
        Binding(
            "enter", "details", _("Details"), id="tasks.details", tooltip=_("Show the task's details and history.")
        ),
        Binding(
            "delete",
            "remove_task",
            _("Remove task"),
            show=False,
            id="tasks.remove",
            tooltip=_("Archive the task (history kept), or delete it when it has no history."),
        ),
    ]

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._data: WorkspaceData | None = None
        self._index: TaskIndex | None = None
        self._filter = TaskFilter()
        self.sort_column = "id"
        self.sort_reverse = False
        self.show_done = False
        self.details_open = False
        self._id_digits = 0
        self._older: dict[int, list[Event]] = {}
        """Every event of a task, read from the store for the details when the snapshot holds only
        its recent months (``WorkspaceData.history_since``) and the task is older than them."""
        self._older_wanted: int | None = None
        self._older_timer: Timer | None = None
        self._older_lock = threading.Lock()  # one reading at a time

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Input(
            placeholder=_("Filter: words @owner area:name status:open level:>=5 #id"),
            id="task-filter",
        )
        yield Static("", id="task-summary")
        yield TaskTable(task_columns(), empty_text=_("No tasks yet. Press n to add one."), id="task-table")
        with VerticalScroll(id="task-details"):
            yield Static("", id="task-details-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TaskTable).focus()
        self.show_data(host(self).data)

    # ------------------------------------------------------------------ data

    @property
    def index(self) -> TaskIndex:
        """The index of the current snapshot."""
        assert self._index is not None
        return self._index

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from a new snapshot, keeping the filter, the sort and the selected task."""
        previous = self._data
        self._data = data
        if (
            self._index is None
            or previous is None
            or previous.workspace is not data.workspace
            or previous.now.date() != data.now.date()
        ):
            self._index = TaskIndex(data.workspace, data.now.date())
            self._filter = parse_filter(self._filter.text, data.workspace)
            digits = len(str(max(data.workspace.tasks, default=0)))
            if digits != self._id_digits:
                self._id_digits = digits
                self.table.set_columns(task_columns(digits))
        else:
            self._index._events = None
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Apply the filter and the sort to the current index and redraw the table."""
        if self._index is None:
            return
        table = self.table
        keep = table.cursor_key
        rows = self._index.select(self._filter, self.sort_column, self.sort_reverse, show_done=self.show_done)
        table.set_sort(self.sort_column, self.sort_reverse)
        table.empty_text = (
            _("No tasks yet. Press n to add one.")
            if not len(self._index)
            else _("No task matches the filter. Press escape to clear it.")
        )
        table.set_rows(rows, keep_key=keep)
        self._show_summary(len(rows))

    def _show_summary(self, shown: int) -> None:
        total = len(self.index)
        parts = [_("{shown} of {total} tasks").format(shown=shown, total=total)]
        parts += self._filter.parts
        if not self.show_done and not (self._filter.statuses and TaskStatus.DONE in self._filter.statuses):
            parts.append(_("done hidden (h)"))
        parts.append(
            _("sorted by {column} {direction}").format(
                column=sort_column_names()[self.sort_column], direction="▼" if self.sort_reverse else "▲"
            )
        )
        text = plain(" · ".join(parts))
        if self._filter.problems:
            text = Content("\n").join([text, plain(" ".join(self._filter.problems), "bold")])
        summary = self.query_one("#task-summary", Static)
        summary.set_class(bool(self._filter.problems), "-problem")
        summary.update(text)

    # ------------------------------------------------------------------ filter input

    def set_filter(self, text: str) -> None:
        """Show the tasks matching ``text`` (the same syntax as the filter input)."""
        box = self.query_one("#task-filter", Input)
        with box.prevent(Input.Changed):
            box.value = text
        self._apply_filter(text)

    def _apply_filter(self, text: str) -> None:
        if self._data is None:
            return
        self._filter = parse_filter(text, self._data.workspace)
        self.refresh_rows()

    @on(Input.Changed, "#task-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#task-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.table)

    def action_search(self) -> None:
        """Focus the filter input.

        The binding has priority and focuses at once: Textual hands each key to the widget
        focused when it arrives, so the keys typed right after ``/`` (queued while the app was
        busy) land in the input instead of triggering the table's keys. In the input itself the
        key types its character, as usual.
        """
        box = self.query_one("#task-filter", Input)
        if box.has_focus:
            box.insert_text_at_cursor("/")
            return
        self.set_focus(box)

    def action_clear(self) -> None:
        """Escape: leave the filter input, close the details, or clear the filter."""
        box = self.query_one("#task-filter", Input)
        if box.has_focus:
            if box.value:
                self.set_filter("")
            self.set_focus(self.table)
            return
        if self.details_open:
            self._set_details(False)
            return
        if box.value:
            self.set_filter("")

    # ------------------------------------------------------------------ sort and done

    def action_sort(self) -> None:
        """Sort by the next column."""
        position = COLUMN_KEYS.index(self.sort_column)
        self.sort_column = COLUMN_KEYS[(position + 1) % len(COLUMN_KEYS)]
        self.refresh_rows()

    def action_pick_sort(self) -> None:
        """Choose the sort column from a list of them all."""
        from delegate_tui.screens.sort_picker import SortPicker

        def chosen(column: str | None) -> None:
            if column is not None and column in COLUMN_KEYS:
                self.sort_column = column
                self.refresh_rows()

        self.app.push_screen(SortPicker(sort_column_names(), self.sort_column), chosen)

    def show_task(self, task_id: int) -> bool:
        """Select task ``task_id``, clearing the filter and showing done tasks if it is hidden by them."""
        if self._data is None or task_id not in self._data.workspace.tasks:
            return False
        if self.table.move_to_key(task_id):
            return True
        if self._data.workspace.tasks[task_id].status == TaskStatus.DONE:
            self.show_done = True
        self.set_filter("")
        return self.table.move_to_key(task_id)

    def action_reverse(self) -> None:
        """Reverse the sort order."""
        self.sort_reverse = not self.sort_reverse
        self.refresh_rows()

    def action_toggle_done(self) -> None:
        """Show or hide done tasks."""
        self.show_done = not self.show_done
        self.refresh_rows()

    # ------------------------------------------------------------------ details

    def action_details(self) -> None:
        """Open or close the details of the selected task."""
        self._set_details(not self.details_open)

    @on(TaskTable.Selected, "#task-table")
    def _row_selected(self, event: TaskTable.Selected) -> None:
        self._set_details(True)

    @on(TaskTable.Highlighted, "#task-table")
    def _row_highlighted(self, event: TaskTable.Highlighted) -> None:
        if self.details_open:
            self._show_details()

    def _set_details(self, show: bool) -> None:
        self.details_open = show
        self.query_one("#task-details").display = show
        if show:
            self._show_details()

    def _show_details(self) -> None:
        try:
            text = self.query_one("#task-details-text", Static)
        except NoMatches:
            return
        text.update(self.details_content())

    def action_remove_task(self) -> None:
        """Archive or delete the selected task, after a confirmation that says which."""
        from delegate_tui.screens.remove_dialogs import ask_remove_task

        task = self.selected_task()
        ask_remove_task(self, task.id if task is not None else None)

    def details_text(self) -> str:
        """The details of the selected task and its history, as plain text."""
        return self.details_content().plain

    def details_content(self) -> Content:
        """The details of the selected task and its history (user text shown literally)."""
        task = self.selected_task()
        if task is None or self._data is None:
            return plain(_("No task selected."))
        data = self._data
        ws = data.workspace
        lines: list[Content | str] = [
            plain(_("Task #{id}: {title}").format(id=task.id, title=task.title), "bold"),
            plain(
                _("Owner: {owner} · Area: {area} · Status: {status}").format(
                    owner=ws.owner_name(task.owner_id),
                    area=ws.area_name(task.area_id) or _("none"),
                    status=task.status.label,
                )
            ),
            plain(_("Level {level}: {meaning}").format(level=task.level.display, meaning=task.level.meaning)),
        ]
        if task.due is not None:
            lines.append(
                plain(
                    _("Due {date} ({when}).").format(
                        date=day_label(task.due), when=relative_day(task.due, data.now.date())
                    )
                )
            )
        lines.append("")
        events = self.index.events_of(task.id, data.events)
        loading = not data.complete
        since = data.history_since
        # Nothing is recorded on a task before it was created (history.event_problem): a task
        # created since then has every event in the snapshot.
        if data.complete and since is not None and task.created_at < since:
            older = self._older.get(task.id)
            if older is None:
                self._want_older(task.id)
                loading = True
            else:
                events = with_older(events, ws.active_events(older) if data.archive is not None else older, since)
        if loading and not events:
            lines.append(plain(_("Loading the history…")))
        elif not events:
            lines.append(plain(_("Nothing has been logged on this task yet.")))
        else:
            if loading:
                # The events at hand are shown meanwhile, under a heading that does not count them.
                heading = _("Loading the history…")
            elif len(events) == 1:
                heading = _("History (1 event)")
            else:
                heading = _("History ({count} events, newest first)").format(count=len(events))
            lines.append(plain(heading, "bold"))
            lines += [plain(event_line(event, ws, with_task=False)) for event in events[:200]]
        return Content("\n").join(lines)

    def _want_older(self, task_id: int) -> None:
        """Read the task's older events once the details have rested on it for :data:`OLDER_DELAY`."""
        if task_id == self._older_wanted:
            return
        self._older_wanted = task_id
        if self._older_timer is not None:
            self._older_timer.stop()
        self._older_timer = self.set_timer(OLDER_DELAY, self._start_older)

    def _start_older(self) -> None:
        task_id = self._older_wanted
        if task_id is not None and task_id not in self._older:
            self._read_older(task_id)

    @work(thread=True, exclusive=True, group="task-older-events")
    def _read_older(self, task_id: int) -> None:
        worker = get_current_worker()
        try:
            with self._older_lock:
                if worker.is_cancelled:
                    return  # the cursor moved on while an earlier task was read
                events = host(self).older_events(task_id=task_id)
        except (WorkspaceError, ValidationError, OSError) as error:
            self.app.call_from_thread(host(self).notify, str(error), severity="error", timeout=10)
            # The details then show the events at hand rather than "Loading" for good.
            events = []
        self.app.call_from_thread(self._older_read, task_id, events)

    def _older_read(self, task_id: int, events: list[Event]) -> None:
        self._older[task_id] = events
        while len(self._older) > OLDER_KEPT:
            del self._older[next(iter(self._older))]
        if self._older_wanted == task_id:
            self._older_wanted = None
        if self.details_open:
            self._show_details()

    # ------------------------------------------------------------------ writes
