"""The tasks screen's index: every task's cells, search text and sort keys, computed once per snapshot.

Everything a filter or a sort needs is computed once (:class:`TaskIndex`): the cell texts,
lower-cased search text and one sorted order per column, so that filtering and sorting 10,000
tasks is a single pass over a list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    DelegationLevel,
    Event,
    Task,
    TaskStatus,
    Workspace,
    relative_day,
    short_day,
)
from delegate_tui.screens.task_table import Column, Row

if TYPE_CHECKING:
    from delegate_tui.screens.task_filter import TaskFilter

# --------------------------------------------------------------------------- columns

COLUMN_KEYS: tuple[str, ...] = ("id", "title", "owner", "area", "level", "status", "due")


def task_columns(id_digits: int = 3) -> list[Column]:
    """The columns of the tasks table (titles translated at call time); the id column is as
    wide as the longest id (and "# ▲")."""
    id_width = max(3, id_digits)
    # As wide as the longest level name in the current language ("7 Delegate", "3 Raadplegen").
    level_width = max(10, *(len(level.display) for level in DelegationLevel))
    # As wide as the longest status ("in progress", "geblokkeerd").
    status_width = max(11, *(len(status.label) for status in TaskStatus))
    return [
        Column("id", _("#"), minimum=id_width, ideal=id_width, align="right"),
        Column("title", _("Title"), minimum=12, ideal=34, flex=True, cut="words"),
        Column("owner", _("Owner"), minimum=8, ideal=16, cut="name"),
        # Below 100 columns the area gives its room to the title (the details show it).
        Column("area", _("Area"), minimum=8, ideal=16, cut="words", hide_below=98),
        Column("level", _("Level"), minimum=level_width, ideal=level_width),
        Column("status", _("Status"), minimum=status_width, ideal=status_width, cut="words"),
        Column("due", _("Due"), minimum=13, ideal=21, cut="phrase"),
    ]


def sort_column_names() -> dict[str, str]:
    """The sortable columns as a user names them."""
    return {
        "id": _("id"),
        "title": _("title"),
        "owner": _("owner"),
        "area": _("area"),
        "level": _("level"),
        "status": _("status"),
        "due": _("due date"),
    }


_STATUS_ORDER = {TaskStatus.OPEN: 0, TaskStatus.IN_PROGRESS: 1, TaskStatus.BLOCKED: 2, TaskStatus.DONE: 3}
_NO_DUE = 10**7


# --------------------------------------------------------------------------- due dates


class DueText:
    """Due dates with their distance ("4 Dec · in 2 days", "2 Nov · 4 weeks ago") for one "today",
    cached per day offset."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._cache: dict[int, str] = {}

    def __call__(self, due: date) -> str:
        offset = (due - self.today).days
        text = self._cache.get(offset)
        if text is None:
            text = self._cache[offset] = self._humanize(due, offset)
        return text

    def _humanize(self, due: date, offset: int) -> str:
        # The real date first, so that "in 2 weeks" never hides which Friday it is.
        return _("{date} · {when}").format(date=short_day(due, self.today), when=relative_day(due, self.today))


# --------------------------------------------------------------------------- the index


@dataclass(slots=True)
class TaskEntry:
    """One task with everything filtering, sorting and drawing need, computed once."""

    task: Task
    row: Row
    search: str
    owner_key: str
    area_key: str
    owner_id: int
    area_id: int | None
    level: int
    status: TaskStatus
    done: bool
    due: int
    overdue: bool


class TaskIndex:
    """The tasks of one snapshot, ready to filter and sort quickly."""

    def __init__(self, workspace: Workspace, today: date) -> None:
        self.workspace = workspace
        self.today = today
        due_text = DueText(today)
        owners = {MANAGER: workspace.manager} | {m.id: m.name for m in workspace.members.values()}
        owner_keys = {key: name.casefold() for key, name in owners.items()}
        areas = {a.id: a.name for a in workspace.areas.values()}
        area_keys = {key: name.casefold() for key, name in areas.items()}
        level_names = {level: level.display for level in DelegationLevel}
        level_styles = {
            level: (None, None, None, None, f"task-table--level-{int(level)}", None, None) for level in DelegationLevel
        }
        overdue_styles = {
            level: (None, None, None, None, f"task-table--level-{int(level)}", None, "task-table--overdue")
            for level in DelegationLevel
        }
        status_names = {status: status.label for status in TaskStatus}
        done_status = TaskStatus.DONE
        done_style = "task-table--done"
        overdue_text = _("! {when}")
        today_ordinal = today.toordinal()
        entries: list[TaskEntry] = []
        append = entries.append
        for task_id in sorted(workspace.tasks):
            task = workspace.tasks[task_id]
            owner_id = task.owner_id
            owner = owners.get(owner_id)
            if owner is None:
                owner = workspace.owner_name(owner_id)
                owner_keys[owner_id] = owner.casefold()
            area_id = task.area_id
            area = areas.get(area_id, "") if area_id is not None else ""
            status = task.status
            done = status is done_status
            due_date = task.due
            if due_date is None:
                due, due_ordinal, overdue = "", _NO_DUE, False
            else:
                due_ordinal = due_date.toordinal()
                overdue = not done and due_ordinal < today_ordinal
                due = overdue_text.format(when=due_text(due_date)) if overdue else due_text(due_date)
            level = task.level
            row = Row(
                task_id,
                (str(task_id), task.title, owner, area, level_names[level], status_names[status], due),
                overdue_styles[level] if overdue else level_styles[level],
                done_style if done else None,
            )
            append(
                TaskEntry(
                    task,
                    row,
                    f"#{task_id} {task.title}".casefold(),
                    owner_keys[owner_id],
                    area_keys.get(area_id, "") if area_id is not None else "",
                    owner_id,
                    area_id,
                    int(level),
                    status,
                    done,
                    due_ordinal,
                    overdue,
                )
            )
        self.entries = entries
        self._orders: dict[str, list[TaskEntry]] = {"id": entries}
        self._events: dict[int, list[Event]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def ordered(self, column: str) -> list[TaskEntry]:
        """The entries sorted ascending by ``column`` (ties by id), computed once per column."""
        order = self._orders.get(column)
        if order is None:
            key = _sort_keys()[column]
            order = self._orders[column] = sorted(self.entries, key=key)
        return order

    def select(self, flt: TaskFilter, column: str, reverse: bool, *, show_done: bool) -> list[Row]:
        """The rows that pass ``flt``, in the sort order."""
        order = self.ordered(column)
        if reverse:
            order = order[::-1]
        hide_done = not show_done and not (flt.statuses and TaskStatus.DONE in flt.statuses)
        if flt.is_empty:
            if not hide_done:
                return [entry.row for entry in order]
            return [entry.row for entry in order if entry.task.status is not TaskStatus.DONE]
        test = flt.matcher()
        return [
            entry.row for entry in order if not (hide_done and entry.task.status is TaskStatus.DONE) and test(entry)
        ]

    def events_of(self, task_id: int, events: Sequence[Event]) -> list[Event]:
        """The events of one task, newest first (the history is indexed on first use)."""
        if self._events is None:
            index: dict[int, list[Event]] = {}
            for event in events:
                if event.task_id is not None:
                    index.setdefault(event.task_id, []).append(event)
            self._events = index
        return self._events.get(task_id, [])[::-1]


def _sort_keys() -> dict[str, Callable[[TaskEntry], Any]]:
    # The entries come in id order and sorted() is stable, so ties stay in id order.
    return {
        "id": lambda e: e.row.key,
        "title": lambda e: e.search.partition(" ")[2],
        "owner": lambda e: e.owner_key,
        "area": lambda e: (e.area_key == "", e.area_key),
        "level": lambda e: e.level,
        "status": lambda e: _STATUS_ORDER[e.status],
        "due": lambda e: e.due,
    }
