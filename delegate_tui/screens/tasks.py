"""The tasks screen: every task in a fast table, filtered, searched and sorted, with actions.

The table draws only the rows on screen (:mod:`delegate_tui.screens.task_table`). Everything a
filter or a sort needs is computed once per data snapshot (:class:`TaskIndex`): the cell texts,
lower-cased search text and one sorted order per column, so that filtering and sorting 10,000
tasks is a single pass over a list.

Filter syntax (the ``/`` input): free words match the title; ``@name`` an owner (``@manager`` for
the manager), ``area:name`` (``area:none`` for tasks without one), ``status:open``, ``level:5``,
``level:>=5``, ``level:3-5`` or ``level:advise``, ``#12`` a task id. Tokens of one kind widen the
filter (``@priya @jonas``), tokens of different kinds narrow it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    DelegationLevel,
    Event,
    EventKind,
    Task,
    TaskStatus,
    Workspace,
)
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.task_forms import (
    DueForm,
    LevelForm,
    ReassignForm,
    TaskDraft,
    TaskForm,
)
from delegate_tui.screens.task_table import Column, Row, TaskTable
from delegate_tui.screens.widgets import plain

# --------------------------------------------------------------------------- columns

COLUMN_KEYS: tuple[str, ...] = ("id", "title", "owner", "area", "level", "status", "due")


def task_columns(id_digits: int = 3) -> list[Column]:
    """The columns of the tasks table (titles translated at call time); the id column is as
    wide as the longest id (and "# ▲")."""
    id_width = max(3, id_digits)
    return [
        Column("id", _("#"), minimum=id_width, ideal=id_width, align="right"),
        Column("title", _("Title"), minimum=12, ideal=44, flex=True),
        Column("owner", _("Owner"), minimum=8, ideal=16),
        Column("area", _("Area"), minimum=8, ideal=16),
        Column("level", _("Level"), minimum=10, ideal=10),
        Column("status", _("Status"), minimum=7, ideal=11),
        Column("due", _("Due"), minimum=13, ideal=15),
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
    """Relative due dates ("in 3 days", "2 weeks ago") for one "today", cached per day offset."""

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
        if offset == 0:
            return _("today")
        if offset == 1:
            return _("tomorrow")
        if offset == -1:
            return _("yesterday")
        import arrow

        return str(arrow.get(due).humanize(arrow.get(self.today)))


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
        status_names = {status: status.value for status in TaskStatus}
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


# --------------------------------------------------------------------------- filters

_TOKEN = re.compile(r'(?:[A-Za-z]+:|@|#)?"[^"]*"?|\S+')
_LEVEL_RANGE = re.compile(r"^(\d)\s*-\s*(\d)$")
_LEVEL_COMPARE = re.compile(r"^(>=|<=|>|<|=)?\s*(.+)$")


@dataclass
class TaskFilter:
    """A parsed filter: the tests to apply, what to say about them, and any problems."""

    text: str = ""
    words: list[str] = field(default_factory=list)
    owners: set[int] | None = None
    areas: set[int | None] | None = None
    statuses: set[TaskStatus] | None = None
    levels: set[int] | None = None
    ids: set[int] | None = None
    parts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not self.words and all(
            value is None for value in (self.owners, self.areas, self.statuses, self.levels, self.ids)
        )

    def matcher(self) -> Callable[[TaskEntry], bool]:
        """One function that tests an entry against every part of the filter."""
        words, owners, areas = self.words, self.owners, self.areas
        statuses, levels, ids = self.statuses, self.levels, self.ids

        def test(entry: TaskEntry) -> bool:
            if owners is not None and entry.owner_id not in owners:
                return False
            if areas is not None and entry.area_id not in areas:
                return False
            if statuses is not None and entry.status not in statuses:
                return False
            if levels is not None and entry.level not in levels:
                return False
            if ids is not None and entry.row.key not in ids:
                return False
            if words:
                search = entry.search
                for word in words:
                    if word not in search:
                        return False
            return True

        return test


def _unquote(text: str) -> str:
    return text.strip().strip('"').strip()


def _matches_name(name: str, wanted: str) -> bool:
    folded = name.casefold()
    return folded.startswith(wanted) or any(word.startswith(wanted) for word in folded.split()) or wanted in folded


def _parse_levels(text: str) -> set[int] | None:
    text = text.strip().casefold()
    ranged = _LEVEL_RANGE.match(text)
    if ranged:
        low, high = sorted((int(ranged.group(1)), int(ranged.group(2))))
        return {n for n in range(low, high + 1) if 1 <= n <= 7} or None
    compare = _LEVEL_COMPARE.match(text)
    if not compare:
        return None
    operator, value = compare.group(1) or "=", compare.group(2).strip()
    try:
        level = int(DelegationLevel.parse(value))
    except ValueError:
        return None
    tests: dict[str, Callable[[int], bool]] = {
        "=": lambda n: n == level,
        ">=": lambda n: n >= level,
        "<=": lambda n: n <= level,
        ">": lambda n: n > level,
        "<": lambda n: n < level,
    }
    found = {n for n in range(1, 8) if tests[operator](n)}
    return found or None


def _levels_text(levels: set[int]) -> str:
    ordered = sorted(levels)
    if len(ordered) == 1:
        return DelegationLevel(ordered[0]).display
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return _("{low} to {high}").format(
            low=DelegationLevel(ordered[0]).display, high=DelegationLevel(ordered[-1]).display
        )
    return ", ".join(DelegationLevel(n).display for n in ordered)


def parse_filter(text: str, workspace: Workspace) -> TaskFilter:
    """Read the filter input (see the module docstring for the syntax)."""
    flt = TaskFilter(text=text)
    owner_names: list[str] = []
    owner_tokens: list[str] = []
    area_names: list[str] = []
    status_names: list[str] = []
    for token in _TOKEN.findall(text):
        lowered = token.casefold()
        if lowered.startswith("@") and len(token) > 1:
            wanted = _unquote(token[1:]).casefold()
            found: set[int] = set()
            if wanted in ("manager", "me") or (wanted and workspace.manager.casefold().startswith(wanted)):
                found.add(MANAGER)
            found |= {m.id for m in workspace.members.values() if _matches_name(m.name, wanted)}
            flt.owners = (flt.owners or set()) | found
            owner_tokens.append(token)
            if not found:
                flt.problems.append(_("Nobody on the team matches {token}.").format(token=token))
            owner_names += sorted(workspace.owner_name(owner) for owner in found)
        elif lowered.startswith("area:"):
            wanted = _unquote(token[5:]).casefold()
            areas: set[int | None] = set()
            if wanted in ("none", "-", ""):
                areas.add(None)
                area_names.append(_("none"))
            else:
                matched = [a for a in workspace.areas.values() if _matches_name(a.name, wanted)]
                areas |= {a.id for a in matched}
                area_names += sorted(a.name for a in matched)
                if not matched:
                    flt.problems.append(_("No decision area matches {token}.").format(token=token))
            flt.areas = (flt.areas or set()) | areas
        elif lowered.startswith("status:"):
            wanted = _unquote(token[7:]).casefold().replace("-", " ").replace("_", " ")
            statuses = {s for s in TaskStatus if s.value.startswith(wanted) or s.value.replace(" ", "") == wanted}
            if not wanted or not statuses:
                flt.problems.append(
                    _("{token} is not a status: use open, in-progress, blocked or done.").format(token=token)
                )
                continue
            flt.statuses = (flt.statuses or set()) | statuses
            status_names += [s.value for s in TaskStatus if s in statuses]
        elif lowered.startswith("level:"):
            levels = _parse_levels(_unquote(token[6:]))
            if levels is None:
                flt.problems.append(
                    _("{token} is not a level: use 1-7, a name, >=5 or a range such as 3-5.").format(token=token)
                )
                continue
            flt.levels = (flt.levels or set()) | levels
        elif lowered.startswith("#") and lowered[1:].isdigit() and lowered[1:].isascii():
            flt.ids = (flt.ids or set()) | {int(lowered[1:])}
        else:
            word = _unquote(token).casefold()
            if word:
                flt.words.append(word)
    if flt.owners is not None:
        names = list(dict.fromkeys(owner_names))
        if len(names) > 3:
            flt.parts.append(
                _("{count} owners matching {tokens}").format(count=len(names), tokens=" ".join(owner_tokens))
            )
        else:
            flt.parts.append(_("owner {names}").format(names=", ".join(names) or _("(nobody)")))
    if flt.areas is not None:
        flt.parts.append(_("area {names}").format(names=", ".join(dict.fromkeys(area_names)) or _("(none matches)")))
    if flt.statuses is not None:
        flt.parts.append(_("status {names}").format(names=", ".join(dict.fromkeys(status_names))))
    if flt.levels is not None:
        flt.parts.append(_("level {levels}").format(levels=_levels_text(flt.levels)))
    if flt.ids is not None:
        flt.parts.append(_("task {ids}").format(ids=", ".join(f"#{n}" for n in sorted(flt.ids))))
    if flt.words:
        flt.parts.append(_("title contains “{text}”").format(text=" ".join(flt.words)))
    return flt


# --------------------------------------------------------------------------- the event history text


def event_line(event: Event, workspace: Workspace) -> str:
    """One event of a task's history as a sentence (with its private note or reason)."""
    when = event.at.strftime("%Y-%m-%d %H:%M")
    kind = event.kind
    if kind is EventKind.CHECKIN:
        text = _("{when}  Check-in.").format(when=when)
    elif kind is EventKind.OVERRIDE:
        text = _("{when}  Override: you took or reversed the decision.").format(when=when)
    elif kind is EventKind.APPROVAL:
        text = _("{when}  Approval: you required sign-off.").format(when=when)
    elif kind is EventKind.REASSIGN:
        text = _("{when}  Reassigned from {old} to {new}.").format(
            when=when,
            old=workspace.owner_name(event.from_owner if event.from_owner is not None else MANAGER),
            new=workspace.owner_name(event.to_owner if event.to_owner is not None else MANAGER),
        )
    elif kind is EventKind.LEVEL_CHANGE:
        text = _("{when}  Level changed from {old} to {new}.").format(
            when=when,
            old=event.from_level.display if event.from_level else "?",
            new=event.to_level.display if event.to_level else "?",
        )
    elif kind is EventKind.DUE_CHANGE:
        text = _("{when}  Due date changed from {old} to {new}.").format(
            when=when,
            old=event.from_due.isoformat() if event.from_due else _("none"),
            new=event.to_due.isoformat() if event.to_due else _("none"),
        )
    elif kind is EventKind.REVIEW:
        text = _("{when}  Agreement reviewed.").format(when=when)
    else:
        text = _("{when}  Note.").format(when=when)
    extra = [piece for piece in (event.reason, event.note) if piece]
    if extra:
        text = _("{event} “{text}”").format(event=text, text=" / ".join(extra))
    return text


# --------------------------------------------------------------------------- the screen


class TasksScreen(Screen[None]):
    """Every task, with its owner, area, delegation level, status and due date."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["task_table.tcss", "tasks.tcss"]
    SUB_TITLE = _("Tasks")

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
            show=False,
            id="tasks.override",
            tooltip=_("Log an override of a decision."),
        ),
        Binding(
            "a",
            "log('approval')",
            _("Approval"),
            show=False,
            id="tasks.approval",
            tooltip=_("Log an approval you required."),
        ),
        Binding("l", "change_level", _("Level"), id="tasks.level", tooltip=_("Change the task's delegation level.")),
        Binding(
            "r", "reassign", _("Reassign"), show=False, id="tasks.reassign", tooltip=_("Give the task to someone else.")
        ),
        Binding("d", "change_due", _("Due"), show=False, id="tasks.due", tooltip=_("Change or clear the due date.")),
        Binding(
            "x,space",
            "toggle_status",
            _("Done"),
            show=False,
            id="tasks.toggle-status",
            tooltip=_("Mark the task done, or open again."),
        ),
        Binding(
            "enter", "details", _("Details"), id="tasks.details", tooltip=_("Show the task's details and history.")
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TaskTable).focus()
        self.show_data(host(self).data)

    # ------------------------------------------------------------------ data

    @property
    def table(self) -> TaskTable:
        """The tasks table."""
        return self.query_one("#task-table", TaskTable)

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
                    status=task.status.value,
                )
            ),
            plain(_("Level {level}: {meaning}").format(level=task.level.display, meaning=task.level.meaning)),
        ]
        if task.due is not None:
            lines.append(
                plain(
                    _("Due {date} ({when}).").format(date=task.due.isoformat(), when=DueText(data.now.date())(task.due))
                )
            )
        lines.append("")
        events = self.index.events_of(task.id, data.events)
        if not data.complete and not events:
            lines.append(plain(_("Loading the history…")))
        elif not events:
            lines.append(plain(_("Nothing has been logged on this task yet.")))
        else:
            heading = (
                _("History (1 event)")
                if len(events) == 1
                else _("History ({count} events, newest first)").format(count=len(events))
            )
            lines.append(plain(heading, "bold"))
            lines += [plain(event_line(event, ws)) for event in events[:200]]
        return Content("\n").join(lines)

    # ------------------------------------------------------------------ writes

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
                store.set_task_level(task.id, draft.level, now=now)
            if draft.owner_id != task.owner_id:
                store.reassign_task(task.id, draft.owner_id, now=now)
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
