"""The task modals: add or edit a task, change its level, owner or due date, log an event,
and the warning shown before the manager overrides or signs off a delegated decision.

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
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    TEXT_LIMITS,
    DelegationLevel,
    EventKind,
    InputError,
    Task,
    TaskStatus,
    Workspace,
    explain,
    parse_date,
    utc,
)
from delegate_tui.patterns.rules import approval_on_delegated, decision_overridden
from delegate_tui.screens.form_base import FORM, FieldError, FieldErrors, FormBase
from delegate_tui.screens.widgets import plain, plain_text

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
    return [(status.value, status.value) for status in TaskStatus]


# --------------------------------------------------------------------------- the delegated-decision warning

_WHO_DECIDES = {
    DelegationLevel.ADVISE: _("Task #{id} is at level {level}: {name} decides; you give an opinion."),
    DelegationLevel.INQUIRE: _("Task #{id} is at level {level}: {name} decides and informs you afterwards."),
    DelegationLevel.DELEGATE: _("Task #{id} is at level {level}: {name} decides; you need not be told."),
}


def _flag_sentence(kind: EventKind, flag_from: int | None, flagged: bool) -> str:
    """What logging the event means for the rule that watches it: a flag, none (rule off), or none at this level."""
    if kind is EventKind.OVERRIDE:
        if flagged:
            return _(
                "Logging an override records that you took back a delegated decision; it raises flag MM002 (critical)."
            )
        if flag_from is None:
            return _(
                "Logging an override records that you took back a delegated decision; rule MM002 is switched off, "
                "so it raises no flag."
            )
        return _(
            "Logging an override records that you took back a delegated decision; MM002 flags overrides only from "
            "level {level}, so this one raises no flag."
        ).format(level=DelegationLevel(flag_from).display)
    if flagged:
        return _(
            "Logging an approval records that you required sign-off on a delegated decision; it raises flag MM003."
        )
    if flag_from is None:
        return _(
            "Logging an approval records that you required sign-off on a delegated decision; rule MM003 is switched "
            "off, so it raises no flag."
        )
    return _(
        "Logging an approval records that you required sign-off on a delegated decision; MM003 flags approvals only "
        "from level {level}, so this one raises no flag."
    ).format(level=DelegationLevel(flag_from).display)


def delegated_warning(task: Task, workspace: Workspace, kind: EventKind) -> list[str] | None:
    """The sentences to show before an override or an approval on a task owned by a member that is
    delegated (level 5 or higher) or that the workspace's MM002 or MM003 would flag, or None when
    no warning is due. Whether a flag follows is the rule's own judgement, with the workspace's settings."""
    if kind is EventKind.OVERRIDE:
        flag_from = decision_overridden.flagged_from_level(workspace.settings)
    elif kind is EventKind.APPROVAL:
        flag_from = approval_on_delegated.flagged_from_level(workspace.settings)
    else:
        return None
    flagged = flag_from is not None and task.level >= flag_from
    if task.level < DelegationLevel.ADVISE and not flagged:
        return None
    member = workspace.members.get(task.owner_id)
    if member is None:
        return None
    name = member.name
    who = _WHO_DECIDES.get(task.level)
    if who is not None:
        lines = [who.format(id=task.id, level=task.level.display, name=name)]
    else:
        lines = [
            _("Task #{id} is at level {level}: {meaning}").format(
                id=task.id, level=task.level.display, meaning=task.level.meaning
            )
        ]
    agreement = workspace.agreements.get(member.id)
    area = workspace.area_name(task.area_id)
    if agreement is None:
        lines.append(_("{name} has no trust agreement yet.").format(name=name))
    else:
        agreed = agreement.level_for(task.area_id)
        if task.area_id is None:
            lines.append(
                _("The task has no decision area, so your agreement with {name} does not cover it.").format(name=name)
            )
        elif agreed is None:
            lines.append(_("Your agreement with {name} sets no level for {area}.").format(name=name, area=area))
        else:
            lines.append(
                _("Your agreement with {name} sets {area} at level {level}.").format(
                    name=name, area=area, level=agreed.display
                )
            )
        if agreement.guardrails:
            lines.append(_("Guardrails you agreed on: {guardrails}").format(guardrails=" ".join(agreement.guardrails)))
        else:
            lines.append(_("Your agreement with {name} has no guardrails.").format(name=name))
    lines.append(_flag_sentence(kind, flag_from, flagged))
    lines.append(_("If this decision should not be delegated, change the task's level instead (key l)."))
    return lines


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
        yield from self.field(_("Level"), Select(level_options(), value=level, allow_blank=False, id="level"), "level")
        status = task.status.value if task else TaskStatus.OPEN.value
        yield from self.field(
            _("Status"), Select(status_options(), value=status, allow_blank=False, id="status"), "status"
        )
        yield from self.field(
            _("Due date"),
            Input(
                value=task.due.isoformat() if task and task.due else "",
                placeholder=_("YYYY-MM-DD, or empty for none"),
                id="due",
            ),
            "due",
        )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def collect(self) -> TaskDraft:
        errors: list[FieldError] = []
        title = self.query_one("#title", Input).value
        level = DelegationLevel.parse(self.query_one("#level", Select).value)
        try:
            title = Task(title=title, level=level, created_at=utc(datetime(2000, 1, 1))).title
        except ValidationError as error:
            errors.append(FieldError("title", explain(error)))
        due_text = self.query_one("#due", Input).value.strip()
        due: date | None = None
        try:
            due = parse_date(due_text, _("due")) if due_text else None
        except InputError as error:
            errors.append(FieldError("due", str(error)))
        if errors:
            raise FieldErrors(errors)
        owner = self.query_one("#owner", Select).value
        area = self.query_one("#area", Select).value
        return TaskDraft(
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
                placeholder=_("YYYY-MM-DD, or empty for none"),
                id="due",
            ),
            "due",
        )
        yield from self.field(_("Reason"), Input(placeholder=_("optional, private"), id="reason"), "reason")

    def on_mount(self) -> None:
        self.query_one("#due", Input).focus()

    def collect(self) -> tuple[date | None]:
        text = self.query_one("#due", Input).value.strip()
        try:
            due = parse_date(text, _("due")) if text else None
        except InputError as error:
            raise FieldError("due", str(error)) from None
        self.reason = optional_text(self.query_one("#reason", Input).value, "reason")
        return (due,)

    def write(self, value: object) -> tuple[date | None]:
        assert isinstance(value, tuple)
        due: date | None = value[0]
        self.save(due, self.reason)
        return (due,)


# --------------------------------------------------------------------------- log an event

_LOG_TITLES = {
    EventKind.CHECKIN: _("Log a check-in on task #{id}"),
    EventKind.OVERRIDE: _("Log an override on task #{id}"),
    EventKind.APPROVAL: _("Log an approval on task #{id}"),
}

_ANYWAY = {
    EventKind.OVERRIDE: _("Log the override anyway"),
    EventKind.APPROVAL: _("Log the approval anyway"),
}


class LogEventForm(FormScreen[bool]):
    """Log a check-in, an override or an approval on a task, with an optional private note.

    With a ``warning`` (the task's decision is delegated) the form explains it first and
    Cancel is the default button: only an explicit confirmation logs the event.
    """

    def __init__(
        self,
        kind: EventKind,
        task: Task,
        workspace: Workspace,
        *,
        save: Callable[[str | None], None],
        warning: list[str] | None = None,
    ) -> None:
        super().__init__(_LOG_TITLES.get(kind, _("Log an event on task #{id}")).format(id=task.id))
        self.kind = kind
        self.subject_task = task
        self.workspace = workspace
        self.save = save
        self.warning = warning
        if warning:
            self.save_label = _ANYWAY.get(kind, _("Log it anyway"))
            self.save_variant = "error"
        else:
            self.save_label = _("Log it")
        self.add_class("-delegated" if warning else "-plain")

    def compose_fields(self) -> ComposeResult:
        yield Static(
            plain(
                _("{title} ({owner}, level {level})").format(
                    title=self.subject_task.title,
                    owner=self.workspace.owner_name(self.subject_task.owner_id),
                    level=self.subject_task.level.display,
                )
            ),
            classes="tf-subject",
        )
        if self.warning:
            headline, *rest = self.warning
            text = Content("\n").join([plain(headline, "bold"), plain("\n".join(rest))])
            yield Static(text, id="delegated-warning", classes="tf-warning")
        yield from self.field(_("Note"), Input(placeholder=_("optional, private"), id="note"), "note")

    def compose_buttons(self) -> ComposeResult:
        if self.warning:
            yield Button(_("Cancel"), id="cancel", variant="primary")
            yield Button(self.save_label, variant="error", id="save")
        else:
            yield from super().compose_buttons()

    def on_mount(self) -> None:
        if self.warning:
            self.query_one("#cancel", Button).focus()
        else:
            self.query_one("#note", Input).focus()

    def collect(self) -> bool:
        self.note = optional_text(self.query_one("#note", Input).value, "note")
        return True

    def write(self, value: object) -> bool:
        self.save(self.note)
        return True
