"""A member's page: the whole trust agreement, what changed between its versions, their open
flags, tasks and recent events (notes included: this is the manager's own tool)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from pydantic import ValidationError
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from delegate_tui.i18n import _
from delegate_tui.model import (
    AgreementTerms,
    AreaAgreement,
    DelegationLevel,
    Event,
    Readiness,
    TrustAgreement,
    Workspace,
    cadence_label,
    relative_day,
    short_day,
)
from delegate_tui.screens.data import WorkspaceData, with_older
from delegate_tui.screens.event_text import event_line
from delegate_tui.screens.flag_rows import severity_name
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import (
    MARK_FLAG,
    MARK_MISMATCH,
    KeyFooter,
    KeyScroll,
    fit,
    plain,
    plain_text,
    rate_text,
    readiness_mismatch,
    sparkline,
)
from delegate_tui.storage import WorkspaceError

RECENT_EVENTS = 25


def _terms(version: AgreementTerms) -> AgreementTerms:
    return AgreementTerms.model_validate(version.model_dump(include=set(AgreementTerms.model_fields)))


def _level(level: DelegationLevel | None) -> str:
    return level.display if level is not None else _("none")


def _readiness(readiness: Readiness | None) -> str:
    return readiness.value if readiness is not None else _("none")


def _desired(entry: AreaAgreement | None) -> str:
    if entry is None or entry.desired is None:
        return _("none")
    if entry.desired_by is None:
        return entry.desired.display
    return _("{level} by {date}").format(level=entry.desired.display, date=entry.desired_by.isoformat())


def describe_changes(before: AgreementTerms | None, after: AgreementTerms, workspace: Workspace) -> list[str]:
    """What changed from ``before`` to ``after``, one short phrase per change, areas by name."""
    if before is None:
        levels = [
            _("{area} {level}").format(area=workspace.area_name(area_id), level=entry.level.display)
            for area_id, entry in sorted(after.levels.items(), key=lambda item: workspace.area_name(item[0]).casefold())
        ]
        if not levels:
            return [_("first version")]
        return [_("first version: {levels}").format(levels=", ".join(levels))]
    changes: list[str] = []
    areas = sorted(set(before.levels) | set(after.levels), key=lambda area_id: workspace.area_name(area_id).casefold())
    for area_id in areas:
        name = workspace.area_name(area_id)
        old, new = before.levels.get(area_id), after.levels.get(area_id)
        if old is None and new is not None:
            changes.append(_("{area} set to {level}").format(area=name, level=new.level.display))
            continue
        if new is None and old is not None:
            changes.append(_("{area} removed (was {level})").format(area=name, level=old.level.display))
            continue
        assert old is not None and new is not None
        details: list[str] = []
        if (old.desired, old.desired_by) != (new.desired, new.desired_by):
            details.append(_("desired {old} → {new}").format(old=_desired(old), new=_desired(new)))
        if old.readiness != new.readiness:
            details.append(
                _("readiness {old} → {new}").format(old=_readiness(old.readiness), new=_readiness(new.readiness))
            )
        if old.self_readiness != new.self_readiness:
            details.append(
                _("self-readiness {old} → {new}").format(
                    old=_readiness(old.self_readiness), new=_readiness(new.self_readiness)
                )
            )
        if old.level != new.level:
            head = _("{area} {old} → {new}").format(area=name, old=old.level.display, new=new.level.display)
            changes.append(
                _("{change} ({details})").format(change=head, details=", ".join(details)) if details else head
            )
        elif details:
            changes.append(_("{area}: {details}").format(area=name, details=", ".join(details)))
    if before.cadence != after.cadence:
        changes.append(
            _("check-ins {old} → {new}").format(old=cadence_label(before.cadence), new=cadence_label(after.cadence))
        )
    if before.channel != after.channel:
        changes.append(_("channel: “{new}”").format(new=after.channel or "-"))
    if before.support != after.support:
        changes.append(_("support: “{new}”").format(new=after.support or "-"))
    for rail in after.guardrails:
        if rail not in before.guardrails:
            changes.append(_("guardrail added: “{text}”").format(text=rail))
    for rail in before.guardrails:
        if rail not in after.guardrails:
            changes.append(_("guardrail removed: “{text}”").format(text=rail))
    for goal in after.growth_goals:
        if goal not in before.growth_goals:
            changes.append(_("growth goal added: “{text}”").format(text=goal))
    for goal in before.growth_goals:
        if goal not in after.growth_goals:
            changes.append(_("growth goal removed: “{text}”").format(text=goal))
    if before.review_every_days != after.review_every_days:
        changes.append(
            _("review every {old} → {new} days").format(old=before.review_every_days, new=after.review_every_days)
        )
    if before.last_review != after.last_review and after.last_review is not None:
        changes.append(_("reviewed on {date}").format(date=after.last_review.isoformat()))
    if before.acknowledged != after.acknowledged:
        changes.append(_("acknowledged") if after.acknowledged else _("no longer acknowledged"))
    return changes or [_("no change in the terms")]


def version_history(agreement: TrustAgreement, workspace: Workspace) -> list[str]:
    """One line per version, newest first: "v3 2026-10-01: Hiring 3 Consult → 5 Advise; ..."."""
    versions: list[tuple[int, str, AgreementTerms]] = [
        (v.version, v.changed_at.date().isoformat(), _terms(v))
        for v in sorted(agreement.history, key=lambda v: v.version)
    ]
    versions.append((agreement.version, agreement.changed_at.date().isoformat(), agreement.terms()))
    lines: list[str] = []
    previous: AgreementTerms | None = None
    for number, day, terms in versions:
        lines.append(
            _("v{version} {date}: {changes}").format(
                version=number, date=day, changes="; ".join(describe_changes(previous, terms, workspace))
            )
        )
        previous = terms
    return lines[::-1]


class MemberScreen(Screen[None]):
    """Everything about one member (pushed on the team screen; escape goes back)."""

    CSS_PATH = "member.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="member.back", tooltip=_("Back to the team.")),
        Binding(
            "a,enter", "edit_agreement", _("Agreement"), id="member.agreement", tooltip=_("Edit the trust agreement.")
        ),
        Binding("e", "edit_member", _("Edit member"), id="member.edit", tooltip=_("Name, role and start date.")),
        Binding(
            "L",
            "log_event",
            _("Log"),
            id="member.log",
            tooltip=_("Log a check-in, override, approval, review, note or pulse."),
        ),
        Binding(
            "n",
            "add_member",
            _("Add member"),
            id="member.add-member",
            show=False,
            tooltip=_("Add a person to the team."),
        ),
        Binding(
            "x",
            "remove_member",
            _("Remove member"),
            id="member.remove",
            show=False,
            tooltip=_("Archive this member: off the board and the rules, history kept."),
        ),
    ]

    def __init__(self, member_id: int) -> None:
        super().__init__()
        self.member_id = member_id
        self._older: list[Event] | None = None
        """Every event about the member, read from the store when the snapshot's window
        (``WorkspaceData.history_since``) holds fewer than the page shows; None until then."""
        self._reading_older = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with KeyScroll(id="member-page"):
            yield Static("", id="member-title", markup=False)
            with Horizontal(id="member-checkins"):
                yield Label(_("Check-ins per week, last 12 weeks:"), id="member-spark-label")
                yield Label("", id="member-spark", markup=False)
                yield Label("", id="member-rate", markup=False)
            yield Static(_("Trust agreement"), classes="section-title")
            yield Static("", id="member-agreement", markup=False)
            yield Static("", id="member-terms", markup=False)
            yield Static(_("Open flags"), classes="section-title")
            yield Static("", id="member-flags", markup=False)
            yield Static(_("Review meetings"), classes="section-title", id="member-reviews-title")
            yield Static("", id="member-reviews", markup=False)
            yield Static(_("Versions"), classes="section-title")
            yield Static("", id="member-history", markup=False)
            yield Static(_("Open tasks"), classes="section-title")
            yield Static("", id="member-tasks", markup=False)
            yield Static(_("Recent events"), classes="section-title")
            yield Static("", id="member-events", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_data(host(self).data)

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw the page from a new snapshot."""
        workspace = data.workspace
        member = workspace.members.get(self.member_id)
        if member is None:
            # Archived or erased (here or in another process): the page has nothing left to show.
            if self.is_current:
                self.app.pop_screen()
            return
        self.sub_title = member.name
        agreement = workspace.agreements.get(self.member_id)
        metrics = data.metrics.get(self.member_id)
        title = member.name
        if member.role and member.since:
            title = _("{name}, {role}, on the team since {date}").format(
                name=member.name, role=member.role, date=member.since.isoformat()
            )
        elif member.role:
            title = _("{name}, {role}").format(name=member.name, role=member.role)
        if metrics is not None:
            title += "\n" + _(
                "Autonomy index {autonomy:.0%}: the share of their open tasks and agreed areas at levels 5-7."
            ).format(autonomy=metrics.autonomy_index)
        self.query_one("#member-title", Static).update(plain(title))
        self.query_one("#member-spark", Label).update(
            sparkline(metrics.weekly_checkins, metrics.cadence_per_week) if metrics else "…"
        )
        self.query_one("#member-rate", Label).update(rate_text(metrics, agreement.cadence if agreement else None))
        self._agreement(data, agreement)
        self._flags(data)
        self._history(agreement, workspace)
        self._reviews(data)
        self._tasks(data)
        self._events(data)

    def _reviews(self, data: WorkspaceData) -> None:
        """The review meetings about the member (shown only when there are some): their decisions and pulses."""
        from delegate_tui.meeting import meetings_about

        meetings = meetings_about(data.workspace, self.member_id)
        for selector in ("#member-reviews-title", "#member-reviews"):
            self.query_one(selector, Static).display = bool(meetings)
        text = Text()
        for meeting in meetings:
            if text:
                text.append("\n")
            text.append(
                _("Review #{id} on {date} ({status})").format(
                    id=meeting.id, date=meeting.started_at.date().isoformat(), status=meeting.status
                ),
                style="bold",
            )
            for decision in meeting.decisions:
                if decision.member_id == self.member_id:
                    text.append("\n• ")
                    text.append(decision.text)
            for pulse in meeting.pulses:
                if pulse.member_id == self.member_id:
                    text.append("\n• ")
                    text.append(_("Pulse {score} of 5").format(score=pulse.score))
        self.query_one("#member-reviews", Static).update(text)

    def _agreement(self, data: WorkspaceData, agreement: TrustAgreement | None) -> None:
        workspace = data.workspace
        table_widget = self.query_one("#member-agreement", Static)
        terms_widget = self.query_one("#member-terms", Static)
        if agreement is None:
            table_widget.update(
                _("No trust agreement yet. Press {key} to write one.").format(key=self._key("edit_agreement"))
            )
            terms_widget.update("")
            return
        table = Table(box=None, pad_edge=False, expand=False, show_edge=False)
        # When the row is too wide the area wraps; the levels, the translated headings over short
        # cells ("Gereed" over "D2") and the marks stay whole.
        table.add_column(_("Area"))
        shown = [entry.level.display for entry in agreement.levels.values()]
        table.add_column(_("Level"), no_wrap=True, min_width=max(len(_("Level")), *map(len, shown)))
        for header in (_("Desired"), _("Readiness"), _("Self")):
            table.add_column(header, no_wrap=True, min_width=len(header))
        table.add_column("", no_wrap=True, min_width=2)
        flagged = {flag.area_id for flag in data.flags_for(self.member_id) if flag.area_id is not None}
        for area_id, entry in sorted(
            agreement.levels.items(), key=lambda item: workspace.area_name(item[0]).casefold()
        ):
            mismatch = MARK_MISMATCH if readiness_mismatch(entry, workspace.settings) else ""
            marks = mismatch + (MARK_FLAG if area_id in flagged else "")
            table.add_row(
                plain_text(workspace.area_name(area_id)),
                entry.level.display,
                _desired(entry) if entry.desired else "",
                entry.readiness.value if entry.readiness else "",
                entry.self_readiness.value if entry.self_readiness else "",
                marks,
            )
        table_widget.update(
            table
            if agreement.levels
            else Text(
                _("No decision areas agreed yet. Press {key} to add some.").format(key=self._key("edit_agreement"))
            )
        )
        never = _("never")
        if agreement.last_review is None:
            due = _("now: it was never reviewed")
        else:
            next_review = agreement.last_review + timedelta(days=agreement.review_every_days)
            days = (next_review - data.now.date()).days
            if days < 0:
                due = _("{date}, overdue by {days} days").format(date=next_review.isoformat(), days=-days)
            else:
                due = _("{date}, in {days} days").format(date=next_review.isoformat(), days=days)
        rows = [
            (
                _("Version"),
                _("{version}, saved {date}").format(
                    version=agreement.version, date=agreement.changed_at.date().isoformat()
                ),
            ),
            (_("Check-ins"), cadence_label(agreement.cadence)),
            (_("Channel"), agreement.channel or "-"),
            (_("Support"), agreement.support or "-"),
            (_("Guardrails"), "\n".join(f"• {rail}" for rail in agreement.guardrails) or "-"),
            (_("Growth goals"), "\n".join(f"• {goal}" for goal in agreement.growth_goals) or "-"),
            (_("Review every"), _("{days} days").format(days=agreement.review_every_days)),
            (_("Last review"), agreement.last_review.isoformat() if agreement.last_review else never),
            (_("Next review due"), due),
            (_("Acknowledged"), _("yes") if agreement.acknowledged else _("no")),
        ]
        terms = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
        terms.add_column(no_wrap=True)
        terms.add_column()
        for label, value in rows:
            terms.add_row(label, plain_text(value))  # channel, support and goals are the user's text
        terms_widget.update(terms)

    def _history(self, agreement: TrustAgreement | None, workspace: Workspace) -> None:
        widget = self.query_one("#member-history", Static)
        if agreement is None:
            widget.update(_("No versions yet."))
            return
        table = Table(box=None, pad_edge=False, show_header=False, show_edge=False, expand=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for line in version_history(agreement, workspace):
            version, _sep, changes = line.partition(": ")
            table.add_row(version, plain_text(changes))
        widget.update(table)

    def _flags(self, data: WorkspaceData) -> None:
        widget = self.query_one("#member-flags", Static)
        if not data.complete:
            widget.update(_("Checking…"))
            return
        flags = data.flags_for(self.member_id)
        if not flags:
            widget.update(_("None."))
            return
        widget.update(
            plain(
                "\n".join(
                    _("{mark} {severity} {rule}: {message}").format(
                        mark=MARK_FLAG, severity=severity_name(flag.severity), rule=flag.rule, message=flag.message
                    )
                    for flag in flags
                )
            )
        )

    def _tasks(self, data: WorkspaceData) -> None:
        workspace = data.workspace
        mine = [task for task in workspace.tasks.values() if task.owner_id == self.member_id]
        open_tasks = sorted(
            (task for task in mine if task.status.is_open),
            key=lambda task: (task.due is None, task.due or data.now.date(), task.id),
        )
        done = len(mine) - len(open_tasks)
        widget = self.query_one("#member-tasks", Static)
        if not mine:
            widget.update(_("No tasks."))
            return
        table = Table(box=None, pad_edge=False, show_edge=False)
        for header in ("#", _("Title"), _("Area"), _("Level"), _("Status"), _("Due")):
            table.add_column(header, no_wrap=True)
        for task in open_tasks:
            table.add_row(
                str(task.id),
                plain_text(fit(task.title, 40, align=None)),
                plain_text(workspace.area_name(task.area_id)),
                task.level.display,
                task.status.label,
                (
                    _("{date} · {when}").format(
                        date=short_day(task.due, data.now.date()), when=relative_day(task.due, data.now.date())
                    )
                    if task.due
                    else ""
                ),
            )
        parts: list[Table | Text] = [table] if open_tasks else [Text(_("No open tasks."))]
        if done:
            parts.append(Text(_("and {count} done").format(count=done)))
        from rich.console import Group

        widget.update(Group(*parts))

    def _events(self, data: WorkspaceData) -> None:
        widget = self.query_one("#member-events", Static)
        if not data.complete and not data.events:
            widget.update(_("Reading the history…"))
            return
        events = self.member_events(data, RECENT_EVENTS, active=True)
        if not events:
            widget.update(_("Reading the history…") if self._reading_older else _("Nothing logged yet."))
            return
        widget.update(plain("\n".join(event_line(event, data.workspace) for event in events)))

    def member_events(self, data: WorkspaceData, wanted: int | None, *, active: bool) -> list[Event]:
        """The member's newest ``wanted`` events (all with None), newest first. When the snapshot holds
        only its recent months and fewer than that, the older ones are read from the store in the
        background (the page is drawn again then) and, meanwhile, those at hand are given. ``active``:
        events about archived tasks and areas are left out, as in ``data.events``."""
        events = data.events_for(member_id=self.member_id)
        since = data.history_since
        # The snapshot's events before ``since`` are only some kinds: the newest ``wanted`` are
        # complete when that many are from ``since`` on.
        if since is None or (wanted is not None and len(events) >= wanted and events[wanted - 1].at >= since):
            return events[:wanted]
        if self._older is None:
            if not self._reading_older:
                self._reading_older = True
                self._read_older()
            return events[:wanted]
        older = data.workspace.active_events(self._older) if active and data.archive is not None else self._older
        return with_older(events, older, since)[:wanted]

    @work(thread=True, exclusive=True, group="member-older-events")
    def _read_older(self) -> None:
        try:
            events = host(self).older_events(member_id=self.member_id)
        except (WorkspaceError, ValidationError, OSError) as error:
            self.app.call_from_thread(self._older_failed, str(error))
            return
        self.app.call_from_thread(self._older_read, events)

    def _older_read(self, events: list[Event]) -> None:
        self._older, self._reading_older = events, False
        if self.is_attached:
            self.show_data(host(self).data)

    def _older_failed(self, message: str) -> None:
        self._reading_older = False
        host(self).notify(message, severity="error", timeout=10)

    def _key(self, action: str) -> str:
        for key, binding in self._bindings:
            if binding.action == action:
                return self.app.get_key_display(Binding(key, action))
        return action

    def action_back(self) -> None:
        """Back to the team list."""
        self.dismiss(None)

    def action_edit_agreement(self) -> None:
        """Edit this member's trust agreement."""
        host(self).action_edit_agreement(self.member_id)

    def action_edit_member(self) -> None:
        """Edit this member's details."""
        from delegate_tui.screens.forms import MemberForm

        member = host(self).data.workspace.members.get(self.member_id)
        if member is not None:
            self.app.push_screen(MemberForm(member))

    def action_remove_member(self) -> None:
        """Archive this member, after a confirmation; the page then goes back to the team."""
        from delegate_tui.screens.remove_dialogs import ask_archive_member

        ask_archive_member(self, self.member_id)

    def action_add_member(self) -> None:
        """Add a member."""
        host(self).action_add_member()

    def action_log_event(self) -> None:
        """Open the Log dialog about this member."""
        from delegate_tui.screens.log_event import open_log_dialog

        open_log_dialog(self, member_id=self.member_id)

    def log_prefill(self) -> tuple[int | None, int | None]:
        """Who the Log dialog starts with: this member."""
        return self.member_id, None
