"""The read-only page of an archived member (opened with enter on the team list, archived shown):
their last agreement, their tasks and their whole history, kept after they left the team."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from delegate_tui.i18n import _
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.event_text import event_line
from delegate_tui.screens.host import host
from delegate_tui.screens.member import MemberScreen
from delegate_tui.screens.widgets import KeyFooter, KeyScroll, fit, plain, plain_text


class ArchivedMemberScreen(MemberScreen, inherit_bindings=False):
    """An archived member's page: shown, never changed (restore them first, with R on the team list)."""

    DEFAULT_CSS = """
    ArchivedMemberScreen #member-archived {
        color: $text-warning;
        padding: 1 0 0 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="archived-member.back", tooltip=_("Back to the team.")),
        # The member page's change keys answer with why nothing happens, rather than silence.
        Binding("a,enter,e,L,n,x", "refuse", _("Change"), show=False, id="archived-member.refuse"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with KeyScroll(id="member-page"):
            yield Static("", id="member-title", markup=False)
            yield Static("", id="member-archived", markup=False)
            yield Static(_("Trust agreement (last version)"), classes="section-title")
            yield Static("", id="member-agreement", markup=False)
            yield Static("", id="member-terms", markup=False)
            yield Static(_("Review meetings"), classes="section-title", id="member-reviews-title")
            yield Static("", id="member-reviews", markup=False)
            yield Static(_("Versions"), classes="section-title")
            yield Static("", id="member-history", markup=False)
            yield Static(_("Tasks"), classes="section-title")
            yield Static("", id="member-tasks", markup=False)
            yield Static(_("History"), classes="section-title")
            yield Static("", id="member-events", markup=False)
        yield KeyFooter()

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw the page from a new snapshot (the whole workspace, archived records included)."""
        workspace = data.everything
        member = workspace.members.get(self.member_id)
        if member is None or member.archived_at is None:
            # Restored or erased (here or in another process): this page no longer applies.
            if self.is_current:
                self.app.pop_screen()
            return
        whole = replace(data, workspace=workspace, events=data.history or data.events, flags=[])
        self.sub_title = member.name
        title = _("{name}, {role}").format(name=member.name, role=member.role) if member.role else member.name
        self.query_one("#member-title", Static).update(plain(title))
        self.query_one("#member-archived", Static).update(
            Text(
                _("Archived on {date}. Restore with R on the team list.").format(
                    date=member.archived_at.date().isoformat()
                ),
                style="bold",
            )
        )
        agreement = workspace.agreements.get(self.member_id)
        self._agreement(whole, agreement)
        self._history(agreement, workspace)
        self._reviews(whole)
        self._all_tasks(whole)
        self._all_events(whole)

    def _all_tasks(self, data: WorkspaceData) -> None:
        """Every task they still own (open ones went to a colleague when they left), archived ones too."""
        workspace = data.workspace
        mine = sorted((t for t in workspace.tasks.values() if t.owner_id == self.member_id), key=lambda t: t.id)
        widget = self.query_one("#member-tasks", Static)
        if not mine:
            widget.update(_("No tasks."))
            return
        table = Table(box=None, pad_edge=False, show_edge=False)
        for header in ("#", _("Title"), _("Area"), _("Level"), _("Status")):
            table.add_column(header, no_wrap=True)
        for task in mine:
            status = task.status.label
            if task.archived_at is not None:
                status = _("{status}, archived {date}").format(status=status, date=task.archived_at.date().isoformat())
            table.add_row(
                str(task.id),
                plain_text(fit(task.title, 40, align=None)),
                plain_text(workspace.area_name(task.area_id)),
                task.level.display,
                status,
            )
        widget.update(table)

    def _all_events(self, data: WorkspaceData) -> None:
        """Their whole history, newest first (not only the recent events of an active member's page)."""
        widget = self.query_one("#member-events", Static)
        if not data.complete and not data.events:
            widget.update(_("Reading the history…"))
            return
        events = self.member_events(data, None, active=False)
        if not events:
            widget.update(_("Reading the history…") if self._reading_older else _("Nothing logged yet."))
            return
        widget.update(plain("\n".join(event_line(event, data.workspace) for event in events)))

    def action_refuse(self) -> None:
        """Say why nothing changes: an archived member is shown, not edited."""
        member = host(self).data.everything.members.get(self.member_id)
        name = member.name if member is not None else ""
        self.notify(
            _(
                "{name} is archived: nothing about them can be changed. Restore them first, with R on the team list."
            ).format(name=name),
            severity="warning",
        )
