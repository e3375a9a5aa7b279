"""The flags screen: what the pattern engine found, each flag explained.

On the left, the flags grouped by person (team-wide flags first, as their own group) or by
severity (``s`` switches); on the right, the selected flag's message, evidence, suggestion and
the rule's own documentation. ``a`` acknowledges a flag with a reason (and optionally a date
until which it stays quiet), ``u`` takes that back; ``v`` shows acknowledged flags too; ``o``
goes to the flag's task or member. The list is a
:class:`~delegate_tui.screens.task_table.TaskTable`, so thousands of flags stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from delegate_tui.i18n import _
from delegate_tui.model import TEXT_LIMITS, FlagAck, InputError, parse_date
from delegate_tui.patterns import Flag, Severity
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.flag_rows import (
    ACK_MARKER,
    MARKERS,
    flag_columns,
    flag_details,
    group_rows,
    severity_count,
)
from delegate_tui.screens.form_base import FieldError
from delegate_tui.screens.host import host
from delegate_tui.screens.task_forms import FormScreen, optional_text
from delegate_tui.screens.task_table import TaskTable
from delegate_tui.screens.widgets import KeyFooter, plain

REASON_LIMIT = TEXT_LIMITS["acknowledgement reason"]
"""The longest acknowledgement reason (as ``delegate flag ack --reason``)."""

FlagSaver = Callable[[str, "date | None"], FlagAck]
"""What an :class:`AckForm` writes through: ``save(reason, until)`` returns the stored acknowledgement."""


# --------------------------------------------------------------------------- acknowledge


class AckForm(FormScreen[FlagAck]):
    """Acknowledge a flag: a reason (required) and an optional date until which it stays quiet."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["task_forms.tcss", "flags.tcss"]

    def __init__(self, flag: Flag, *, now_date: date, save: FlagSaver) -> None:
        super().__init__(_("Acknowledge flag {rule} {name}").format(rule=flag.rule, name=flag.name))
        self.flag = flag
        self.today = now_date
        self.save = save
        self.save_label = _("Acknowledge")

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(self.flag.message), classes="tf-subject")
        yield Static(
            plain(_("It stays hidden until the date you give, or until its evidence grows.")),
            classes="tf-hint ack-hint",
        )
        yield from self.field(_("Reason"), Input(placeholder=_("why this is fine (required)"), id="reason"), "reason")
        yield from self.field(_("Until"), Input(placeholder=_("YYYY-MM-DD (optional)"), id="until"), "until")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def collect(self) -> tuple[str, date | None]:
        reason = optional_text(self.query_one("#reason", Input).value, "reason", REASON_LIMIT)
        if not reason:
            raise FieldError("reason", _("A reason is required: say why this flag is acknowledged."))
        text = self.query_one("#until", Input).value.strip()
        try:
            until = parse_date(text, _("until")) if text else None
        except InputError as error:
            raise FieldError("until", str(error)) from None
        return reason, until

    def write(self, value: object) -> FlagAck:
        assert isinstance(value, tuple)
        reason, until = value
        return self.save(reason, until)


# --------------------------------------------------------------------------- the screen


class FlagList(TaskTable):
    """The flag list: at a new width, the rows grouped by severity may name people in full or shortened."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, FlagsScreen):
            self.call_after_refresh(screen.regroup)


class FlagsScreen(Screen[None]):
    """The findings of the pattern engine, grouped and explained."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["task_table.tcss", "flags.tcss"]
    SUB_TITLE = _("Flags")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "acknowledge",
            _("Acknowledge"),
            id="flags.acknowledge",
            tooltip=_("Acknowledge the flag with a reason."),
        ),
        Binding(
            "v",
            "toggle_acknowledged",
            _("Acknowledged"),
            id="flags.toggle-acknowledged",
            tooltip=_("Show or hide acknowledged flags."),
        ),
        Binding(
            "u",
            "withdraw",
            _("Unacknowledge"),
            show=False,
            id="flags.unacknowledge",
            tooltip=_("Take back the acknowledgement: the flag is open again."),
        ),
        Binding(
            "o",
            "open_subject",
            _("Go to"),
            id="flags.open",
            tooltip=_("Go to the flag's task, or else its member's page."),
        ),
        Binding(
            "slash",
            "find",
            _("Find"),
            show=False,
            id="flags.find",
            tooltip=_("Go to the next flag that mentions some text: a name, a rule, an area."),
        ),
        Binding(
            "s",
            "toggle_grouping",
            _("Group"),
            show=False,
            id="flags.group",
            tooltip=_("Group by person or by severity."),
        ),
    ]

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._data: WorkspaceData | None = None
        self.flags: list[Flag] = []
        self.show_acknowledged = False
        self.group_by = "person"
        self.hidden_count = 0
        self._pending_acks: dict[str, FlagAck] = {}
        self._last_find = ""
        """Acknowledged here while a large workspace's flags are still being recomputed."""
        self._rows_for: int | None = None
        """The message width the rows were grouped for (:func:`severity_row_text`)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Static("", id="flag-summary")
        yield Static("", id="flag-empty")
        with Horizontal(id="flag-panes"):
            yield FlagList(flag_columns(), id="flag-list")
            with VerticalScroll(id="flag-detail"):
                yield Static("", id="flag-detail-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#flag-list", TaskTable).focus()
        self.show_data(host(self).data)

    @property
    def table(self) -> TaskTable:
        """The flag list."""
        return self.query_one("#flag-list", TaskTable)

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from a new snapshot, keeping the selected flag when it is still there."""
        selected = self.selected_flag()
        self._data = data
        if data.complete:
            self._pending_acks.clear()
        pending = self._pending_acks
        if self.show_acknowledged:
            self.flags = [
                flag.model_copy(update={"acknowledged": pending[flag.id]}) if flag.id in pending else flag
                for flag in data.all_flags
            ]
        else:
            self.flags = [flag for flag in data.flags if flag.id not in pending]
        self.hidden_count = len(data.all_flags) - len([f for f in data.flags if f.id not in pending])
        self._redraw(selected.id if selected else None)

    def _message_width(self) -> int | None:
        """The width of the list's message column, None before the list is laid out."""
        table = self.table
        return table.widths[-1] if table.scrollable_content_region.width else None

    def regroup(self) -> None:
        """Group the rows again when the message column's width changed (:class:`FlagList`)."""
        if self.is_mounted and self.group_by == "severity" and self._message_width() != self._rows_for:
            selected = self.selected_flag()
            self._redraw(selected.id if selected else None)

    def _redraw(self, keep_id: str | None) -> None:
        data = self._data
        if data is None:
            return
        self._rows_for = self._message_width()
        rows = group_rows(self.flags, self.group_by, self._rows_for)
        keep = next((i for i, flag in enumerate(self.flags) if flag.id == keep_id), None)
        table = self.table
        table.set_rows(rows, keep_key=keep)
        if keep is None and rows:
            table._move(0, 1)
        empty = not rows
        hidden = self.hidden_count
        self.query_one("#flag-panes").display = not empty
        message = self.query_one("#flag-empty", Static)
        message.display = empty
        if empty:
            if not data.complete:
                text = _("Looking for patterns in the history…")
            else:
                text = _("No flags: nothing looks like micromanagement right now.")
                if hidden and not self.show_acknowledged:
                    more = (
                        _("1 acknowledged flag is hidden; press v to show it.")
                        if hidden == 1
                        else _("{count} acknowledged flags are hidden; press v to show them.").format(count=hidden)
                    )
                    text += "\n" + more
            message.update(plain(text))
        self._show_summary(hidden)
        self._show_selected()

    def _show_summary(self, hidden: int) -> None:
        counts = {severity: 0 for severity in Severity}
        for flag in self.flags:
            if flag.acknowledged is None:
                counts[flag.severity] += 1
        parts = [
            # "5 warnings (!)": the count with its plural, then the mark the list uses for it.
            _("{counted} ({marker})").format(
                counted=severity_count(severity, counts[severity]), marker=MARKERS[severity]
            )
            for severity in (Severity.CRITICAL, Severity.WARNING, Severity.INFO)
        ]
        if self.show_acknowledged:
            parts.append(_("{count} acknowledged ({marker}) shown (v hides)").format(count=hidden, marker=ACK_MARKER))
        elif hidden:
            parts.append(_("{count} acknowledged hidden (v shows)").format(count=hidden))
        parts.append(_("grouped by person (s)") if self.group_by == "person" else _("grouped by severity (s)"))
        if self._data is not None and not self._data.complete:
            parts.append(_("updating…"))
        self.query_one("#flag-summary", Static).update(plain(" · ".join(parts)))

    def selected_flag(self) -> Flag | None:
        """The highlighted flag, if any."""
        if not self.is_mounted:
            return None
        try:
            key = self.table.cursor_key
        except Exception:
            return None
        if key is None or not 0 <= key < len(self.flags):
            return None
        return self.flags[key]

    @on(TaskTable.Highlighted, "#flag-list")
    def _highlighted(self, event: TaskTable.Highlighted) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        flag = self.selected_flag()
        detail = self.query_one("#flag-detail-text", Static)
        if flag is None or self._data is None:
            detail.update("")
            return
        detail.update(flag_details(flag, self._data))
        self.query_one("#flag-detail", VerticalScroll).scroll_home(animate=False)

    # ------------------------------------------------------------------ actions

    def action_toggle_acknowledged(self) -> None:
        """Show or hide acknowledged flags."""
        self.show_acknowledged = not self.show_acknowledged
        if self._data is not None:
            self.show_data(self._data)

    def action_toggle_grouping(self) -> None:
        """Group by person or by severity."""
        selected = self.selected_flag()
        self.group_by = "severity" if self.group_by == "person" else "person"
        self._redraw(selected.id if selected else None)

    def action_acknowledge(self) -> None:
        """Acknowledge the selected flag with a reason."""
        flag = self.selected_flag()
        if flag is None:
            self.notify(_("There is no flag selected."), severity="warning")
            return
        app = host(self)

        def save(reason: str, until: date | None) -> FlagAck:
            now = app.now()
            ack = FlagAck(
                flag_id=flag.id,
                reason=reason,
                at=now,
                until=until,
                evidence=[e.ref for e in flag.evidence],
                severity=flag.severity.value,
            )
            return app.store.acknowledge_flag(ack, now=now)

        def done(ack: FlagAck | None) -> None:
            if ack is None:
                return
            self._pending_acks[flag.id] = ack
            app.reload()
            if ack.until is not None:
                self.notify(_("Acknowledged {flag} until {date}.").format(flag=flag.id, date=ack.until.isoformat()))
            else:
                self.notify(_("Acknowledged {flag}; it returns when its evidence grows.").format(flag=flag.id))

        self.app.push_screen(AckForm(flag, now_date=app.now().date(), save=save), done)

    def action_withdraw(self) -> None:
        """Take back the acknowledgement of the selected flag."""
        flag = self.selected_flag()
        if flag is None:
            self.notify(_("There is no flag selected."), severity="warning")
            return
        if flag.acknowledged is None:
            self.notify(_("Flag {flag} is not acknowledged.").format(flag=flag.id), severity="warning")
            return
        app = host(self)
        self._pending_acks.pop(flag.id, None)
        app.apply(
            lambda: app.store.withdraw_acknowledgement(flag.id, now=app.now()),
            success=_("Flag {flag} is open again.").format(flag=flag.id),
        )

    async def action_open_subject(self) -> None:
        """Go to the selected flag's task on the tasks screen, or else to its member's page."""
        flag = self.selected_flag()
        if flag is None:
            self.notify(_("There is no flag selected."), severity="warning")
            return
        app = host(self)
        workspace = app.data.workspace
        if flag.task_id is not None and flag.task_id in workspace.tasks:
            from delegate_tui.screens.tasks import TasksScreen

            await self.app.run_action("app.show_mode('tasks')")
            screen = self.app.screen
            if isinstance(screen, TasksScreen):
                screen.show_task(flag.task_id)
            return
        if flag.member_id is not None and flag.member_id in workspace.members:
            app.action_open_member(flag.member_id)
            return
        self.notify(_("This flag is about the whole team: it has no task or member page."))

    def action_find(self) -> None:
        """Ask for some text and go to the next flag that mentions it (member, rule, area or message)."""
        from delegate_tui.screens.find import FindPrompt, next_match

        def found(query: str | None) -> None:
            if query is None:
                return
            self._last_find = query
            rows = self.table.rows
            texts: list[str] = []
            for row in rows:
                flag = self.flags[row.key] if row.selectable else None
                parts = (flag.member, flag.rule, flag.name, flag.area, flag.message) if flag else ()
                texts.append(" ".join(part for part in parts if part))
            index = next_match(texts, self.table.cursor_row, query)
            if index is None:
                self.notify(_("No flag mentions {text!r}.").format(text=query), severity="warning")
            else:
                self.table.move_to_key(rows[index].key)

        self.app.push_screen(FindPrompt(_("Find a flag"), self._last_find), found)
