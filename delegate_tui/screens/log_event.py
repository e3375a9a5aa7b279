"""The Log dialog: record a check-in, an override, an approval, a review, a note or a pulse.

One dialog for every screen and the command palette, with what the CLI's ``delegate log`` takes:
the kind, the member, a task (optional: person-level check-ins, reviews, notes and pulses have
none), when it happened (default now; ``yesterday 15:00``, ``2 days ago``, a date, a date and
time, in the manager's zone, shown as understood before saving), who started it, the context
and a private reason or note, and for a pulse the member's score.

An override or an approval on a delegated decision first shows the delegated-decision warning
(:mod:`~delegate_tui.screens.delegated_warning`, which asks the rules' own
predicates). Its default answer goes back to the dialog with everything still typed in it:
declining to log an override is no reason to lose the note about it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import PurePath
from typing import ClassVar, cast

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Button, Input, Label, Select, Static

from delegate_tui.history import event_problem
from delegate_tui.i18n import _
from delegate_tui.localtime import local_zone, parse_local_when
from delegate_tui.model import (
    MANAGER,
    PULSE_QUESTION,
    Event,
    EventContext,
    EventKind,
    Initiator,
    InputError,
    Task,
    TaskStatus,
    Workspace,
    explain,
    utc,
)
from delegate_tui.screens.delegated_warning import DelegatedWarningScreen, delegated_warning
from delegate_tui.screens.event_text import event_sentence
from delegate_tui.screens.form_base import FORM, FieldError, FieldErrors, FormBase
from delegate_tui.screens.host import AppHost, host
from delegate_tui.screens.log_text import _ago, context_names, kind_names, moment_text
from delegate_tui.screens.task_forms import optional_text
from delegate_tui.screens.widgets import plain, plain_text

__all__ = [
    "LOGGABLE",
    "DelegatedWarningScreen",
    "LogEventScreen",
    "Logged",
    "context_names",
    "kind_names",
    "moment_text",
    "open_from_palette",
    "open_log_dialog",
    "record",
]

LOGGABLE: tuple[EventKind, ...] = (
    EventKind.CHECKIN,
    EventKind.OVERRIDE,
    EventKind.APPROVAL,
    EventKind.REVIEW,
    EventKind.NOTE,
    EventKind.PULSE,
)
"""The kinds the dialog logs, in the order of its kind list."""

NO_TASK = -1
"""The task select's value for "no task" (a Select cannot hold None)."""
NO_CONTEXT = "none"
"""The context select's value for "no context"."""

_WITH_BY = (EventKind.CHECKIN, EventKind.APPROVAL)
_WITH_CONTEXT = (EventKind.CHECKIN, EventKind.OVERRIDE, EventKind.APPROVAL)
_WITH_TASK = (EventKind.CHECKIN, EventKind.OVERRIDE, EventKind.APPROVAL, EventKind.NOTE)
_WITH_NOTE = (EventKind.CHECKIN, EventKind.OVERRIDE, EventKind.APPROVAL, EventKind.NOTE, EventKind.PULSE)


@dataclass(frozen=True)
class Logged:
    """What the dialog saved: the event (as sent to the store) and the notification's text."""

    event: Event
    message: str


class LogEventScreen(FormBase[Logged]):
    """The Log dialog; dismisses with :class:`Logged` once saved, or None."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["log_event.tcss"]
    error_selector = ".log-field-error, .log-form-error"

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Callable[[], datetime],
        save: Callable[[Event], object],
        kind: EventKind = EventKind.CHECKIN,
        member_id: int | None = None,
        task_id: int | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.clock = clock
        self.zone = zone or local_zone(workspace)
        self.save = save
        task = workspace.tasks.get(task_id) if task_id is not None else None
        if task is not None and member_id is None:
            member_id = task.owner_id
        if member_id is None or (member_id != MANAGER and member_id not in workspace.members):
            members = sorted(workspace.members.values(), key=lambda m: m.name.casefold())
            member_id = members[0].id if members else MANAGER
        self.initial_kind = kind if kind in LOGGABLE else EventKind.CHECKIN
        self.initial_member = member_id
        self.initial_task = task.id if task is not None and task.owner_id in (member_id, MANAGER) else NO_TASK
        self.confirmed = False

    # ------------------------------------------------------------------ layout

    def member_options(self) -> list[tuple[Text, int]]:
        """The members by name, then the manager (for a task they keep)."""
        members = sorted(self.workspace.members.values(), key=lambda m: m.name.casefold())
        return [(plain_text(member.name), member.id) for member in members] + [
            (plain_text(_("{name} (you, the manager)").format(name=self.workspace.manager)), MANAGER)
        ]

    def task_options(self, member_id: int) -> list[tuple[Text, int]]:
        """No task, then the tasks of ``member_id`` (open ones first), or the manager's own."""
        tasks = [task for task in self.workspace.tasks.values() if task.owner_id == member_id]
        tasks.sort(key=lambda task: (task.status is TaskStatus.DONE, task.id))
        none = _("(no task: about the person)") if member_id != MANAGER else _("(no task)")
        return [(Text(none), NO_TASK)] + [
            (
                plain_text(
                    _("#{id} {title}").format(id=task.id, title=task.title)
                    if task.status is not TaskStatus.DONE
                    else _("#{id} {title} (done)").format(id=task.id, title=task.title)
                ),
                task.id,
            )
            for task in tasks
        ]

    @staticmethod
    def field(label: str, widget: Label | Input | Select[int] | Select[str], name: str) -> ComposeResult:
        """A labelled field with its error line below it."""
        with Horizontal(classes="log-field", id=f"{name}-row"):
            yield Label(label, classes="log-label")
            yield widget
        yield Static("", id=f"{name}-error", classes="log-field-error")

    def compose(self) -> ComposeResult:
        kinds = kind_names()
        with Vertical(classes="log-form"):
            yield Static(plain(_("Log what happened")), classes="log-title")
            with VerticalScroll(classes="log-body", can_focus=False):
                yield from self.field(
                    _("Kind"),
                    Select(
                        [(kinds[kind], kind.value) for kind in LOGGABLE],
                        value=self.initial_kind.value,
                        allow_blank=False,
                        id="kind",
                    ),
                    "kind",
                )
                yield from self.field(
                    _("Member"),
                    Select(self.member_options(), value=self.initial_member, allow_blank=False, id="member"),
                    "member",
                )
                yield from self.field(
                    _("Task"),
                    Select(
                        self.task_options(self.initial_member), value=self.initial_task, allow_blank=False, id="task"
                    ),
                    "task",
                )
                yield Static("", id="delegated-hint", classes="log-hint log-delegated")
                yield from self.field(
                    _("When"),
                    Input(value=_("now"), placeholder=_("now, yesterday 15:00, 2 days ago, 2026-11-20"), id="when"),
                    "when",
                )
                yield Static("", id="when-meaning", classes="log-hint")
                yield from self.field(
                    _("Started by"),
                    Select(
                        [(_("you, the manager"), Initiator.MANAGER.value), (_("the member"), Initiator.MEMBER.value)],
                        value=Initiator.MANAGER.value,
                        allow_blank=False,
                        id="by",
                    ),
                    "by",
                )
                contexts = context_names()
                yield from self.field(
                    _("Context"),
                    Select(
                        [(_("(none)"), NO_CONTEXT)] + [(contexts[item], item.value) for item in EventContext],
                        value=NO_CONTEXT,
                        allow_blank=False,
                        id="context",
                    ),
                    "context",
                )
                yield from self.field(
                    _("Reason"), Input(placeholder=_("why it was needed; optional, private"), id="reason"), "reason"
                )
                yield Static(plain(_(PULSE_QUESTION)), id="score-question", classes="log-hint log-question")
                yield from self.field(
                    _("Score"), Input(placeholder=_("1 (no room) to 5 (full room)"), id="score"), "score"
                )
                yield from self.field(_("Note"), Input(placeholder=_("optional, private"), id="note"), "note")
            yield Static("", id=self.error_id(FORM), classes="log-form-error")
            with Horizontal(classes="log-buttons"):
                yield Button(_("Log it"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def error_id(self, field: str) -> str:
        return f"{field}-error"

    def show_error(self, field: str | None, message: str) -> None:
        """Show ``message`` under ``field``; a problem with "when" replaces its live reading."""
        super().show_error(field, message)
        if field == "when":
            self.query_one("#when-meaning").display = False

    def on_resize(self) -> None:
        # A short terminal gets one line per field, and the fields scroll rather than push the buttons off.
        height = self.size.height
        self.set_class(height < 34, "-short")
        self.query_one(".log-body").styles.max_height = max(4, height - 9)

    def on_mount(self) -> None:
        self._show_kind(self.initial_kind)
        self._show_when()
        self.query_one("#kind", Select).focus()

    # ------------------------------------------------------------------ reading the fields

    @property
    def now(self) -> datetime:
        """The app's clock now: "now" and "2 days ago" mean what they say when saved, not when opened."""
        return self.clock()

    @property
    def kind(self) -> EventKind:
        """The chosen kind."""
        return EventKind(str(self.query_one("#kind", Select).value))

    @property
    def member_id(self) -> int:
        """The chosen member (or :data:`MANAGER`)."""
        return int(str(self.query_one("#member", Select).value))

    @property
    def chosen_task(self) -> Task | None:
        """The chosen task, when the kind takes one."""
        if self.kind not in _WITH_TASK:
            return None
        value = self.query_one("#task", Select).value
        return None if value == NO_TASK else self.workspace.tasks.get(int(str(value)))

    def _show_kind(self, kind: EventKind) -> None:
        shown = {
            "task": kind in _WITH_TASK,
            "by": kind in _WITH_BY,
            "context": kind in _WITH_CONTEXT,
            "reason": kind in _WITH_CONTEXT,
            "score": kind is EventKind.PULSE,
            "note": kind in _WITH_NOTE,
        }
        for name, display in shown.items():
            self.query_one(f"#{name}-row").display = display
            if not display:
                error = self.query_one(f"#{name}-error", Static)
                error.update("")
                error.remove_class("-shown")
        self.query_one("#score-question").display = kind is EventKind.PULSE
        placeholder = _("what was said; required") if kind is EventKind.NOTE else _("optional, private")
        self.query_one("#note", Input).placeholder = placeholder
        self._show_delegated()

    def _show_delegated(self) -> None:
        hint = self.query_one("#delegated-hint", Static)
        task = self.chosen_task
        lines = delegated_warning(task, self.workspace, self.kind) if task is not None else None
        hint.display = bool(lines)
        if lines:
            hint.update(plain(_("{headline} Saving shows what logging this means first.").format(headline=lines[0])))

    def _show_when(self) -> None:
        meaning = self.query_one("#when-meaning", Static)
        meaning.display = True
        try:
            moment = self.parse_when()
        except InputError as error:
            meaning.update(plain(str(error)))
            meaning.add_class("-problem")
            return
        meaning.remove_class("-problem")
        meaning.update(
            plain(_("Means {moment}, {ago}.").format(moment=moment_text(moment, self.zone), ago=_ago(moment, self.now)))
        )

    def parse_when(self) -> datetime:
        """The moment typed in "when" (empty means now), in UTC; InputError when it is not one."""
        text = self.query_one("#when", Input).value.strip() or "now"
        moment = parse_local_when(text, self.now, self.zone, _("when"))
        if utc(moment) > utc(self.now):
            raise InputError(
                _("when {value!r} is in the future ({moment}): log what has already happened.").format(
                    value=text, moment=moment_text(moment, self.zone)
                )
            )
        return moment

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._show_kind(EventKind(event.value))

    @on(Select.Changed, "#member")
    def _member_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, int):
            return
        tasks = self.query_one("#task", Select)
        keep = tasks.value
        options = self.task_options(event.value)
        tasks.set_options(options)
        tasks.value = keep if keep in {value for _label, value in options} else NO_TASK
        self._show_delegated()

    @on(Select.Changed, "#task")
    def _task_changed(self, event: Select.Changed) -> None:
        self._show_delegated()

    @on(Input.Changed, "#when")
    def _when_changed(self, event: Input.Changed) -> None:
        self._show_when()

    # ------------------------------------------------------------------ saving

    def collect(self) -> Event:
        """The event the fields describe; :class:`FieldErrors` naming each bad field."""
        errors: list[FieldError] = []
        kind = self.kind
        member_id = self.member_id
        task = self.chosen_task
        if member_id == MANAGER and kind in (EventKind.PULSE, EventKind.REVIEW):
            errors.append(
                FieldError(
                    "member",
                    _("member: a pulse is a member's answer; choose the member.")
                    if kind is EventKind.PULSE
                    else _("member: a review is of a member's trust agreement; choose the member."),
                )
            )
        elif member_id == MANAGER and task is None:
            errors.append(FieldError("task", _("task: choose one of your tasks, or choose the member this is about.")))
        at: datetime | None = None
        try:
            at = self.parse_when()
        except InputError as error:
            errors.append(FieldError("when", str(error)))
        score: int | None = None
        if kind is EventKind.PULSE:
            text = self.query_one("#score", Input).value.strip()
            if text.isascii() and text.isdigit() and 1 <= int(text) <= 5:
                score = int(text)
            else:
                errors.append(
                    FieldError(
                        "score",
                        _("score must be a whole number from 1 to 5 (got {value}).").format(value=repr(text))
                        if text
                        else _("score: give the member's answer, from 1 (no room) to 5 (full room)."),
                    )
                )
        reason = note = None
        try:
            reason = optional_text(self.query_one("#reason", Input).value, "reason") if kind in _WITH_CONTEXT else None
        except FieldError as error:
            errors.append(error)
        try:
            note = optional_text(self.query_one("#note", Input).value, "note") if kind in _WITH_NOTE else None
        except FieldError as error:
            errors.append(error)
        if kind is EventKind.NOTE and note is None and not any(e.field == "note" for e in errors):
            errors.append(FieldError("note", _("note: a note needs its text.")))
        if errors or at is None:
            raise FieldErrors(errors)
        context = str(self.query_one("#context", Select).value) if kind in _WITH_CONTEXT else NO_CONTEXT
        by = Initiator.parse(self.query_one("#by", Select).value) if kind in _WITH_BY else None
        try:
            event = Event(
                kind=kind,
                at=at,
                member_id=None if member_id == MANAGER else member_id,
                task_id=task.id if task is not None else None,
                area_id=task.area_id if task is not None else None,
                note=note,
                reason=reason,
                by=by,
                context=None if context == NO_CONTEXT else EventContext.parse(context),
                score=score,
            )
        except ValidationError as error:
            fields = {str(item["loc"][0]) for item in error.errors() if item.get("loc")}
            field = next((name for name in ("note", "reason", "score") if name in fields), "when")
            raise FieldError(field, explain(error)) from None
        problem = event_problem(self.workspace, event, self.zone)
        if problem is not None:
            raise FieldError("member" if kind is EventKind.PULSE and event.member_id is None else "when", problem)
        return event

    def submit(self) -> None:
        """Check the fields; show the delegated-decision warning first when it applies; save."""
        event = self.collect()
        task = self.chosen_task
        lines = delegated_warning(task, self.workspace, event.kind) if task is not None else None
        if lines and not self.confirmed:

            def answered(confirmed: bool | None) -> None:
                if confirmed:
                    self.confirmed = True
                    self.action_save()
                    self.confirmed = False
                else:
                    self.query_one("#note" if self.kind in _WITH_NOTE else "#kind").focus()

            self.app.push_screen(DelegatedWarningScreen(event.kind, lines), answered)
            return
        if self.store_call(lambda: self.save(event), label=self.logged_message(event)) is None:
            return
        self.dismiss(Logged(event, self.logged_message(event)))

    def logged_message(self, event: Event) -> str:
        """The notification's text for ``event`` (names shown literally by the app's notify)."""
        return _("Logged {when}: {event}").format(
            when=moment_text(event.at, self.zone), event=event_sentence(event, self.workspace)
        )


# --------------------------------------------------------------------------- opening it


def record(app: AppHost, event: Event) -> object:
    """Write ``event`` through the store, as ``delegate log`` does: a review of a member with an
    agreement goes through the agreement (its last review moves), every other event is appended."""
    store = app.store
    if event.kind is EventKind.REVIEW and event.member_id is not None and event.member_id in store.load().agreements:
        return store.set_agreement(event.member_id, lambda terms: terms, now=app.now(), reviewed=event.at)
    return store.log_event(event)


def open_log_dialog(
    node: DOMNode,
    *,
    kind: EventKind = EventKind.CHECKIN,
    member_id: int | None = None,
    task_id: int | None = None,
    done: Callable[[Logged], None] | None = None,
) -> None:
    """Open the Log dialog prefilled with ``kind``, ``member_id`` and ``task_id``; once saved,
    reload, say what was logged, and call ``done``. ``node`` is the screen (or app) it is opened from."""
    app = host(node)

    def saved(result: Logged | None) -> None:
        if result is None:
            return
        app.reload()
        app.notify(result.message)
        if done is not None:
            done(result)

    node.app.push_screen(
        LogEventScreen(
            app.data.workspace,
            clock=app.now,
            save=lambda event: record(app, event),
            kind=kind,
            member_id=member_id,
            task_id=task_id,
        ),
        saved,
    )


def open_from_palette(node: DOMNode, kind: EventKind) -> None:
    """The palette's "Log a ..." commands: prefilled from the screen underneath, when it says
    who or what is selected (``log_prefill``)."""
    prefill = getattr(node.app.screen, "log_prefill", None)
    member_id, task_id = prefill() if callable(prefill) else (None, None)
    open_log_dialog(node, kind=kind, member_id=cast("int | None", member_id), task_id=cast("int | None", task_id))
