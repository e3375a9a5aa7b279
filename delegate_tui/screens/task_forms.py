"""The task modals: add or edit a task, change its level, owner or due date.

Each form validates its fields with the same parsers and messages as the CLI, then calls the
``save`` function it was given (which writes through the store). Errors from ``save`` (an
:class:`~delegate_tui.model.InputError`, a pydantic ``ValidationError`` or a
:class:`~delegate_tui.storage.files.WorkspaceError`) are shown inline and the form stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import ClassVar, TypeVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    TEXT_LIMITS,
    DelegationLevel,
    Task,
    TaskStatus,
    Workspace,
    explain,
    utc,
)
from delegate_tui.screens.delegated_warning import delegated_warning
from delegate_tui.screens.form_base import FORM, FieldError, FieldErrors, FormBase, due_preview, form_today, read_due
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import plain, plain_text

# delegated_warning is re-exported: the rules' tests import it from here.
__all__ = ["DueForm", "FormScreen", "LevelForm", "ReassignForm", "TaskDraft", "TaskForm", "delegated_warning"]

ResultT = TypeVar("ResultT")

NO_AREA = -1
"""The area select's value for "no decision area" (a Select cannot hold None)."""

TEXT_LIMIT = TEXT_LIMITS["note"]


def optional_text(value: str, field: str, limit: int = TEXT_LIMIT) -> str | None:
    """Free text such as a reason or a note: stripped, None when empty, at most ``limit`` characters
    (the CLI's rule for ``--reason`` and ``--note``)."""
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise FieldError(field, _("{option} must be at most {limit} characters.").format(option=field, limit=limit))
    return cleaned or None


def owner_options(workspace: Workspace) -> list[tuple[Text, int]]:
    """The owners a task can have: the manager first, then the members by name (as ``Text``: a
    select reads a string prompt as markup)."""
    manager = [(plain_text(_("{name} (manager)").format(name=workspace.manager)), MANAGER)]
    members = sorted(workspace.members.values(), key=lambda m: m.name.casefold())
    return manager + [(plain_text(member.name), member.id) for member in members]


def area_options(workspace: Workspace) -> list[tuple[Text, int]]:
    """The decision areas by name, after "no area" (as ``Text``, like the owners)."""
    areas = sorted(workspace.areas.values(), key=lambda a: a.name.casefold())
    return [(Text(_("(no area)")), NO_AREA)] + [(plain_text(area.name), area.id) for area in areas]


def level_options() -> list[tuple[str, int]]:
    """The seven levels as "1 Tell" .. "7 Delegate"."""
    return [(level.display, int(level)) for level in DelegationLevel]


def status_options() -> list[tuple[str, str]]:
    """The task statuses."""
    return [(status.label, status.value) for status in TaskStatus]


# --------------------------------------------------------------------------- the form base


class FormScreen(FormBase[ResultT]):
    """A modal form: a title, fields with inline errors, a form-wide error line, Save and Cancel.

    A form reads its fields in :meth:`collect` and writes them through the store in :meth:`write`."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["task_forms.tcss"]
    error_selector = ".tf-field-error, .tf-form-error"

    save_label: str = _("Save")
    save_variant: str = "primary"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="tf-form"):
            yield Static(plain(self.form_title), classes="tf-title")
            with VerticalScroll(classes="tf-body", can_focus=False):
                yield from self.compose_fields()
            yield Static("", id=self.error_id(FORM), classes="tf-form-error")
            with Horizontal(classes="tf-buttons"):
                yield from self.compose_buttons()

    def compose_fields(self) -> ComposeResult:
        """The fields of the form (override)."""
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        """Save, then Cancel."""
        yield Button(self.save_label, variant=self.save_variant, id="save")  # type: ignore[arg-type]
        yield Button(_("Cancel"), id="cancel")

    @staticmethod
    def field(label: str, widget: Widget, name: str) -> ComposeResult:
        """A labelled field with its error line below it."""
        with Horizontal(classes="tf-field", id=f"{name}-row"):
            yield Label(label, classes="tf-label")
            yield widget
        yield Static("", id=f"{name}-error", classes="tf-field-error")

    def error_id(self, field: str) -> str:
        return f"{field}-error"

    def collect(self) -> object:
        """Read and validate the fields (override); raise :class:`FieldError` for a bad one."""
        raise NotImplementedError

    def write(self, value: object) -> ResultT:
        """Write the collected value through the store and return what the form dismisses with
        (override); raise InputError, ValidationError or WorkspaceError on failure."""
        raise NotImplementedError

    def submit(self) -> None:
        """Validate, write, and close the form; or show what is wrong."""
        value = self.collect()
        result = self.store_call(lambda: self.write(value))
        if result is not None:
            self.dismiss(result)


# --------------------------------------------------------------------------- add and edit


@dataclass(frozen=True)
class TaskDraft:
    """The validated fields of the task form."""

    title: str
    owner_id: int
    area_id: int | None
    level: DelegationLevel
    status: TaskStatus
    due: date | None
    reason: str | None = None
    """Why the level or the owner changed (asked only when one of them did)."""


class TaskForm(FormScreen[int]):
    """Add a task (``task=None``) or edit one; dismisses with the task id, or None."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        task: Task | None,
        save: Callable[[TaskDraft], int],
        default_owner: int | None = None,
    ) -> None:
        title = _("New task") if task is None else _("Edit task #{id}").format(id=task.id)
        super().__init__(title)
        self.workspace = workspace
        self.subject_task = task
        self.save = save
        self.default_owner = default_owner
        self.default_level = int(DelegationLevel.AGREE)
        """The level a new task got by default (not by hand): a change of owner or area may replace it."""

    def compose_fields(self) -> ComposeResult:
        task = self.subject_task
        owners = owner_options(self.workspace)
        owner = task.owner_id if task else self.default_owner
        if owner is None or owner not in {value for _label, value in owners}:
            owner = MANAGER
        yield from self.field(
            _("Title"),
            Input(value=task.title if task else "", placeholder=_("What needs doing"), id="title"),
            "title",
        )
        yield from self.field(_("Owner"), Select(owners, value=owner, allow_blank=False, id="owner"), "owner")
        area = task.area_id if task and task.area_id is not None else NO_AREA
        yield from self.field(
            _("Area"), Select(area_options(self.workspace), value=area, allow_blank=False, id="area"), "area"
        )
        level = int(task.level) if task else int(DelegationLevel.AGREE)
        self.default_level = level
        yield from self.field(_("Level"), Select(level_options(), value=level, allow_blank=False, id="level"), "level")
        # The hint's first text is its final one: a text changed while the form mounts keeps the
        # height of the first (Textual lays it out once before the Changed messages arrive).
        hint = self._level_hint(DelegationLevel(level), owner, area)
        yield Static(plain(hint), id="level-meaning", classes="tf-hint")
        status = task.status.value if task else TaskStatus.OPEN.value
        yield from self.field(
            _("Status"), Select(status_options(), value=status, allow_blank=False, id="status"), "status"
        )
        yield from self.field(
            _("Due date"),
            Input(
                value=task.due.isoformat() if task and task.due else "",
                placeholder=_("friday, in 2 weeks, YYYY-MM-DD; empty for none"),
                id="due",
            ),
            "due",
        )
        yield Static("", id="due-preview", classes="tf-hint")
        if task is not None:
            # Asked as the l and r dialogs ask it; kept with a change of level or owner.
            yield from self.field(
                _("Reason"),
                Input(placeholder=_("if the level or owner changes: why (optional, private)"), id="reason"),
                "reason",
            )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _today(self) -> date:
        return form_today(host(self).now(), self.workspace)

    def _agreed(self, owner: object, area: object) -> DelegationLevel | None:
        """The level the owner's trust agreement sets for the area, if any."""
        if not isinstance(owner, int) or not isinstance(area, int) or area == NO_AREA:
            return None
        agreement = self.workspace.agreements.get(owner)
        entry = agreement.levels.get(area) if agreement is not None else None
        return entry.level if entry is not None else None

    @on(Select.Changed, "#owner, #area")
    def _owner_or_area_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.subject_task is not None:
            return
        # A new task starts at the level the owner's agreement sets for its area, unless a level
        # was chosen by hand.
        agreed = self._agreed(self.query_one("#owner", Select).value, self.query_one("#area", Select).value)
        level = self.query_one("#level", Select)
        if agreed is not None and level.value == self.default_level:
            self.default_level = int(agreed)
            level.value = int(agreed)
        elif isinstance(level.value, int):
            self.query_one("#level-meaning", Static).update(
                plain(self._current_level_hint(DelegationLevel(level.value)))
            )

    @on(Select.Changed, "#level")
    def _level_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, int):
            self.query_one("#level-meaning", Static).update(
                plain(self._current_level_hint(DelegationLevel(event.value)))
            )

    def _current_level_hint(self, level: DelegationLevel) -> str:
        owner, area = self.query_one("#owner", Select).value, self.query_one("#area", Select).value
        return self._level_hint(level, owner, area)

    def _level_hint(self, level: DelegationLevel, owner: object, area: object) -> str:
        agreed = self._agreed(owner, area)
        if agreed is None:
            return level.meaning
        if agreed == level:
            return _("{meaning} As agreed for this area.").format(meaning=level.meaning)
        return _("{meaning} The agreement says {agreed} for this area.").format(
            meaning=level.meaning, agreed=agreed.display
        )

    @on(Input.Changed, "#due")
    def _due_changed(self, event: Input.Changed) -> None:
        self.query_one("#due-preview", Static).update(plain(due_preview(event.value, self._today())))

    def collect(self) -> TaskDraft:
        errors: list[FieldError] = []
        title = self.query_one("#title", Input).value
        level = DelegationLevel.parse(self.query_one("#level", Select).value)
        try:
            title = Task(title=title, level=level, created_at=utc(datetime(2000, 1, 1))).title
        except ValidationError as error:
            errors.append(FieldError("title", explain(error)))
        due: date | None = None
        try:
            due = read_due(self.query_one("#due", Input).value, self._today(), "due", _("due date"))
        except FieldError as error:
            errors.append(error)
        reason: str | None = None
        if self.subject_task is not None:
            try:
                reason = optional_text(self.query_one("#reason", Input).value, "reason")
            except FieldError as error:
                errors.append(error)
        if errors:
            raise FieldErrors(errors)
        owner = self.query_one("#owner", Select).value
        area = self.query_one("#area", Select).value
        return TaskDraft(
            reason=reason,
            title=title,
            owner_id=int(str(owner)),
            area_id=None if area == NO_AREA else int(str(area)),
            level=level,
            status=TaskStatus.parse(self.query_one("#status", Select).value),
            due=due,
        )

    def write(self, value: object) -> int:
        assert isinstance(value, TaskDraft)
        return self.save(value)


# --------------------------------------------------------------------------- level, owner, due


class LevelForm(FormScreen[DelegationLevel]):
    """Change a task's delegation level, with an optional reason."""

    def __init__(self, task: Task, *, save: Callable[[DelegationLevel, str | None], None]) -> None:
        super().__init__(_("Change the level of task #{id}").format(id=task.id))
        self.subject_task = task
        self.save = save

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(self.subject_task.title), classes="tf-subject")
        yield from self.field(
            _("Level"),
            Select(level_options(), value=int(self.subject_task.level), allow_blank=False, id="level"),
            "level",
        )
        yield Static(plain(self.subject_task.level.meaning), id="level-meaning", classes="tf-hint")
        yield from self.field(_("Reason"), Input(placeholder=_("optional, private"), id="reason"), "reason")

    def on_mount(self) -> None:
        self.query_one("#level", Select).focus()

    @on(Select.Changed, "#level")
    def _level_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.query_one("#level-meaning", Static).update(plain(DelegationLevel(event.value).meaning))

    def collect(self) -> DelegationLevel:
        self.reason = optional_text(self.query_one("#reason", Input).value, "reason")
        return DelegationLevel.parse(self.query_one("#level", Select).value)

    def write(self, value: object) -> DelegationLevel:
        assert isinstance(value, DelegationLevel)
        self.save(value, self.reason)
        return value


class ReassignForm(FormScreen[int]):
    """Give a task to another member or to the manager, with an optional reason."""

    def __init__(self, task: Task, workspace: Workspace, *, save: Callable[[int, str | None], None]) -> None:
        super().__init__(_("Reassign task #{id}").format(id=task.id))
        self.subject_task = task
        self.workspace = workspace
        self.save = save

    def compose_fields(self) -> ComposeResult:
        yield Static(
            plain(
                _("{title} (now with {owner})").format(
                    title=self.subject_task.title, owner=self.workspace.owner_name(self.subject_task.owner_id)
                )
            ),
            classes="tf-subject",
        )
        yield from self.field(
            _("New owner"),
            Select(owner_options(self.workspace), value=self.subject_task.owner_id, allow_blank=False, id="owner"),
            "owner",
        )
        yield from self.field(_("Reason"), Input(placeholder=_("optional, private"), id="reason"), "reason")

    def on_mount(self) -> None:
        self.query_one("#owner", Select).focus()

    def collect(self) -> int:
        self.reason = optional_text(self.query_one("#reason", Input).value, "reason")
        return int(str(self.query_one("#owner", Select).value))

    def write(self, value: object) -> int:
        assert isinstance(value, int)
        self.save(value, self.reason)
        return value


class DueForm(FormScreen[tuple[date | None]]):
    """Change or clear a task's due date, with an optional reason.

    Dismisses with a one-item tuple (so that clearing the date, ``(None,)``, differs from
    cancelling, ``None``).
    """

    def __init__(self, task: Task, *, save: Callable[[date | None, str | None], None]) -> None:
        super().__init__(_("Change the due date of task #{id}").format(id=task.id))
        self.subject_task = task
        self.save = save

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(self.subject_task.title), classes="tf-subject")
        yield from self.field(
            _("Due date"),
            Input(
                value=self.subject_task.due.isoformat() if self.subject_task.due else "",
                placeholder=_("friday, in 2 weeks, YYYY-MM-DD; empty for none"),
                id="due",
            ),
            "due",
        )
        yield Static("", id="due-preview", classes="tf-hint")
        yield from self.field(_("Reason"), Input(placeholder=_("optional, private"), id="reason"), "reason")

    def on_mount(self) -> None:
        self.query_one("#due", Input).focus()

    def _today(self) -> date:
        return form_today(host(self).now(), host(self).data.workspace)

    @on(Input.Changed, "#due")
    def _due_changed(self, event: Input.Changed) -> None:
        self.query_one("#due-preview", Static).update(plain(due_preview(event.value, self._today())))

    def collect(self) -> tuple[date | None]:
        due = read_due(self.query_one("#due", Input).value, self._today(), "due", _("due date"))
        self.reason = optional_text(self.query_one("#reason", Input).value, "reason")
        return (due,)

    def write(self, value: object) -> tuple[date | None]:
        assert isinstance(value, tuple)
        due: date | None = value[0]
        self.save(due, self.reason)
        return (due,)
