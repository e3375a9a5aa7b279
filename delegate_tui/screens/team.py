"""The team: one row per member with role, autonomy, check-ins against the cadence, and flags.

enter opens the member's page; n adds a member, e edits the selected one, a edits their trust
agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import CellDoesNotExist, RowKey

from delegate_tui.i18n import _
from delegate_tui.patterns import Flag, MemberMetrics, Severity
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.flag_rows import severity_count
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import KeyFooter, fit_name, list_keys, rate_text, sparkline
from delegate_tui.text import visible


def over_cadence(metrics: MemberMetrics | None) -> bool:
    """True when the recent check-in rate is above what the cadence allows."""
    if metrics is None or metrics.cadence_per_week is None:
        return False
    return metrics.checkins_per_week > metrics.cadence_per_week + 1e-9


def worst(flags: Sequence[Flag]) -> Severity | None:
    """The most serious severity among ``flags``."""
    return max((flag.severity for flag in flags), key=lambda severity: severity.rank, default=None)


def flags_text(flags: Sequence[Flag]) -> str:
    """ "2 critical": the number of open flags and the worst severity ("none" without flags)."""
    severity = worst(flags)
    if severity is None:
        return _("none")
    return severity_count(severity, len(flags))


TEAM_COLUMNS = ("name", "autonomy", "spark", "rate", "flags", "review", "role")
"""The team table's columns, in the order :meth:`TeamScreen.show_data` gives a row's cells."""


# The cadences a rate can be shown against (a custom one as "every 10 days") and the rate itself
# (one digit before the decimal sign): the rate column is as wide as its longest text.
_SAMPLE_CADENCES = ("daily", "twice-weekly", "weekly", "biweekly", "monthly", "on-request", "10d")
_SAMPLE_RATE = 9.5
NAME_WIDTH = 16
"""The name column's width when there is room; narrower, names read "Priya N." (:func:`fit_name`)."""
NAME_MINIMUM = 10
NAME_MAXIMUM = 32
"""With room to spare, the name column grows up to the longest name, but no wider than this."""
ROLE_WIDTH = 24
ROLE_MINIMUM = 12


def _longest(*texts: str) -> int:
    return max(len(text) for text in texts)


def rate_width() -> int:
    """The check-ins column: as wide as its longest text in the current language
    ("9.5/wk vs every 10 days", "9,5/wk, geen afspraak", "archived 2026-12-02")."""
    metrics = MemberMetrics(
        member_id=0,
        autonomy_index=0,
        checkins_last_28=0,
        checkins_per_week=_SAMPLE_RATE,
        cadence_per_week=None,
        weekly_checkins=[],
        weekly_autonomy=[],
    )
    return _longest(
        _("Check-ins"),
        rate_text(metrics, None),
        *(rate_text(metrics, cadence) for cadence in _SAMPLE_CADENCES),
        _("archived {day}").format(day="2026-12-02"),
    )


def flags_width() -> int:
    """The flags column: as wide as its longest text in the current language ("1 waarschuwing",
    "9 warnings"; a member with ten or more open flags is rare)."""
    samples = [
        [Flag(id="", rule="", name="", severity=severity, message="", suggestion="")] * count
        for severity in Severity
        for count in (1, 9)
    ]
    return _longest(_("Flags"), flags_text([]), *(flags_text(sample) for sample in samples))


def review_width() -> int:
    """The review column: a date, or "no agreement" / "geen afspraak", or "never"."""
    return _longest(_("Review due"), "2026-12-02", _("no agreement"), _("never"))


def team_columns(width: int, longest_name: int = NAME_WIDTH) -> list[tuple[str, str, int]]:
    """(key, title, width) of the team table's columns in a terminal ``width`` wide: the most
    telling first; when they do not all fit, the role goes, then the sparkline (both are on the
    member page), then the names narrow to "Priya N.", so review dates, flags and check-ins are
    never cut; with room to spare, the names widen up to ``longest_name``. The columns of
    translated words are as wide as their longest text in the current language."""
    columns = [
        ("name", _("Name"), NAME_WIDTH),
        ("autonomy", _("Autonomy"), _longest(_("Autonomy"), "100%")),
        ("spark", _("12 weeks"), _longest(_("12 weeks"), "x" * 12)),
        ("rate", _("Check-ins"), rate_width()),
        ("flags", _("Flags"), flags_width()),
        ("review", _("Review due"), review_width()),
        ("role", _("Role"), ROLE_WIDTH),
    ]

    def spare() -> int:
        # Two cells of padding per column, two for a scroll bar.
        return width - 2 - sum(size + 2 for _key, _title, size in columns)

    if spare() < 0:
        # The role (cut with an ellipsis, whole on the member page) narrows before it goes.
        role = ROLE_WIDTH + spare()
        if role >= ROLE_MINIMUM:
            columns[-1] = ("role", _("Role"), role)
    for dropped in ("role", "spark"):
        if spare() >= 0:
            break
        columns = [column for column in columns if column[0] != dropped]
    if spare() < 0:
        columns[0] = ("name", _("Name"), max(NAME_MINIMUM, NAME_WIDTH + spare()))
    elif longest_name > NAME_WIDTH:
        columns[0] = ("name", _("Name"), NAME_WIDTH + min(spare(), min(longest_name, NAME_MAXIMUM) - NAME_WIDTH))
    return columns


def longest_name(data: WorkspaceData, show_archived: bool) -> int:
    """The longest name the team table lists (the archived members too when they are shown)."""
    members = data.everything.members.values() if show_archived else data.workspace.members.values()
    return max((len(visible(member.name)) for member in members), default=0)


class TeamTable(DataTable[Text]):
    """The team table; its component classes colour severities and over-cadence check-ins."""

    def add_row(self, *cells: Text, height: int | None = 1, key: str | None = None, label: object = None) -> RowKey:
        """Add a row given every column of :data:`TEAM_COLUMNS`; the cells of columns left out
        at this width (:func:`team_columns`) are dropped."""
        shown = {column.value for column in self.columns}
        kept = [cell for name, cell in zip(TEAM_COLUMNS, cells, strict=True) if name in shown]
        return super().add_row(*kept, height=height, key=key)

    def laid_out_as(self, plan: list[tuple[str, str, int]]) -> bool:
        """True when the table has the columns and widths of ``plan`` (:func:`team_columns`)."""
        return [(column.key.value, column.width) for column in self.columns.values()] == [
            (key, size) for key, _title, size in plan
        ]

    def on_resize(self) -> None:
        screen = self.screen
        if not isinstance(screen, TeamScreen):
            return
        data = host(screen).data
        if not self.laid_out_as(team_columns(self.app.size.width, longest_name(data, screen.show_archived))):
            self.call_later(screen.show_data, data)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first_row", _("First"), show=False, id="team-table.first"),
        Binding("end", "last_row", _("Last"), show=False, id="team-table.last"),
        *list_keys("team-table", down="cursor_down", up="cursor_up", first="first_row", last="last_row"),
    ]

    def action_first_row(self) -> None:
        """Select the first member (home only scrolled in a plain table; here the cursor goes too)."""
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """Select the last row."""
        self.move_cursor(row=self.row_count - 1)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "team--critical",
        "team--warning",
        "team--info",
        "team--quiet",
        "team--over",
    }


class TeamScreen(Screen[None]):
    """Every member at a glance."""

    CSS_PATH = "team.tcss"
    SUB_TITLE = _("Team")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find", _("Find"), id="team.find", show=False, tooltip=_("Go to a member by name.")),
        Binding(
            "enter",
            "open_member",
            _("Open"),
            id="team.open",
            tooltip=_("The member's page: agreement, history, tasks."),
        ),
        Binding("n", "add_member", _("Add member"), id="team.add-member", tooltip=_("Add a person to the team.")),
        Binding("e", "edit_member", _("Edit member"), id="team.edit-member", tooltip=_("Name, role and start date.")),
        Binding("a", "edit_agreement", _("Agreement"), id="team.agreement", tooltip=_("Edit the trust agreement.")),
        Binding(
            "L",
            "log_event",
            _("Log"),
            id="team.log",
            tooltip=_("Log a check-in, override, approval, review, note or pulse."),
        ),
        Binding(
            "x",
            "remove_member",
            _("Remove member"),
            id="team.remove-member",
            show=False,
            tooltip=_("Archive the selected member: off the board and the rules, history kept."),
        ),
        Binding(
            "A",
            "toggle_archived",
            _("Show archived"),
            id="team.show-archived",
            show=False,
            tooltip=_("Show or hide the members who left (archived)."),
        ),
        Binding(
            "R",
            "restore_member",
            _("Restore member"),
            id="team.restore-member",
            show=False,
            tooltip=_("Bring the selected archived member back onto the team."),
        ),
        Binding(
            "E",
            "erase_member",
            _("Erase member…"),
            id="team.erase-member",
            show=False,
            tooltip=_("Erase the selected member and everything about them, for good."),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._order: list[int] = []
        self.show_archived = False
        self._last_find = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Static("", id="team-summary", markup=False)
        yield Static("", id="team-empty", markup=False)
        yield TeamTable(id="team", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_data(host(self).data))
        self.show_data(host(self).data)

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw the table, keeping the selected member."""
        table = self.query_one(TeamTable)
        workspace = data.workspace
        keep = self.selected_member()
        members = sorted(workspace.members.values(), key=lambda m: (m.name.casefold(), m.id))
        archived = (
            sorted(
                (m for m in data.everything.members.values() if m.archived_at is not None),
                key=lambda m: (m.name.casefold(), m.id),
            )
            if self.show_archived
            else []
        )
        empty = self.query_one("#team-empty", Static)
        empty.display = not members
        table.display = bool(members)
        empty.update(
            _("No members yet. Press {key} to add the first person on your team.").format(key=self._key("add_member"))
        )
        summary = self.query_one("#team-summary", Static)
        if not data.complete:
            summary.update(_("{count} members. Reading the history…").format(count=len(members)))
        elif data.team is not None and members:
            summary.update(
                _(
                    "{count} members · team autonomy {autonomy:.0%} · you own {share:.0%} of the open tasks · "
                    "{flags} open flags"
                ).format(
                    count=len(members),
                    autonomy=data.team.autonomy_index,
                    share=data.team.manager_share_open,
                    flags=len(data.flags),
                )
            )
        else:
            summary.update(_("{count} members.").format(count=len(members)))
        summary.display = bool(members)
        table.clear()
        plan = team_columns(self.app.size.width, longest_name(data, self.show_archived))
        if not table.laid_out_as(plan):
            table.clear(columns=True)
            for key, title, width in plan:
                table.add_column(title, width=width, key=key)
        name_width = plan[0][2]
        by_member: dict[int, list[Flag]] = {}
        for flag in data.flags:
            if flag.member_id is not None:
                by_member.setdefault(flag.member_id, []).append(flag)
        quiet = table.get_component_rich_style("team--quiet", partial=True)
        over = table.get_component_rich_style("team--over", partial=True)
        for member in members:
            metrics = data.metrics.get(member.id)
            agreement = workspace.agreements.get(member.id)
            flags = by_member.get(member.id, [])
            severity = worst(flags)
            flag_style = table.get_component_rich_style(f"team--{severity.value}", partial=True) if severity else quiet
            autonomy = f"{metrics.autonomy_index:.0%}" if metrics else "…"
            spark = sparkline(metrics.weekly_checkins, metrics.cadence_per_week) if metrics else "…"
            rate = rate_text(metrics, agreement.cadence if agreement else None)
            if agreement is None:
                review = _("no agreement")
            elif agreement.last_review is None:
                review = _("never")
            else:
                review = (agreement.last_review + timedelta(days=agreement.review_every_days)).isoformat()
            table.add_row(
                Text(fit_name(member.name, name_width), no_wrap=True, overflow="ellipsis"),
                Text(autonomy, justify="right"),
                Text(spark, style=over if over_cadence(metrics) else ""),
                Text(rate, style=over if over_cadence(metrics) else ""),
                Text(flags_text(flags) if metrics or flags else "…", style=flag_style),
                Text(review),
                Text(visible(member.role), style=quiet, no_wrap=True, overflow="ellipsis"),
                key=str(member.id),
                height=1,
            )
        for member in archived:
            left = member.archived_at.date().isoformat() if member.archived_at else ""
            table.add_row(
                Text(fit_name(member.name, name_width), style=quiet, no_wrap=True, overflow="ellipsis"),
                Text(""),
                Text(""),
                Text(_("archived {day}").format(day=left), style=quiet),
                Text(""),
                Text(""),
                Text(visible(member.role), style=quiet, no_wrap=True, overflow="ellipsis"),
                key=str(member.id),
                height=1,
            )
        had_members = bool(self._order)
        self._order = [m.id for m in members] + [m.id for m in archived]
        if had_members != bool(self._order):
            self.refresh_bindings()
        if keep in self._order:
            table.move_cursor(row=self._order.index(keep), scroll=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys about the selected member are hidden while the team is empty.
        if action in ("open_member", "edit_member", "edit_agreement", "remove_member", "erase_member"):
            return bool(self._order)
        return True

    def _key(self, action: str) -> str:
        for key, binding in self._bindings:
            if binding.action == action:
                return self.app.get_key_display(Binding(key, action))
        return action

    def action_find(self) -> None:
        """Ask for a few letters of a name and go to the next member who has them."""
        from delegate_tui.screens.find import FindPrompt, next_match

        table = self.query_one(TeamTable)

        def found(query: str | None) -> None:
            if query is None:
                return
            self._last_find = query
            names = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
            row = next_match(names, table.cursor_row, query)
            if row is None:
                self.notify(_("No member's name holds {text!r}.").format(text=query), severity="warning")
            else:
                table.move_cursor(row=row)

        self.app.push_screen(FindPrompt(_("Find a member"), self._last_find), found)

    def selected_member(self) -> int | None:
        """The member of the selected row."""
        table = self.query_one(TeamTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None
        return int(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_member()

    def action_open_member(self) -> None:
        """Open the selected member's page."""
        member_id = self.selected_member()
        if member_id is None:
            self.app.bell()
            return
        archived = host(self).data.everything.members.get(member_id)
        if archived is not None and archived.archived_at is not None:
            from delegate_tui.screens.archived_member import ArchivedMemberScreen

            self.app.push_screen(ArchivedMemberScreen(member_id))
            return
        host(self).action_open_member(member_id)

    def action_add_member(self) -> None:
        """Add a member."""
        host(self).action_add_member()

    def action_log_event(self) -> None:
        """Open the Log dialog about the selected member."""
        from delegate_tui.screens.log_event import open_log_dialog

        open_log_dialog(self, member_id=self.selected_member())

    def log_prefill(self) -> tuple[int | None, int | None]:
        """Who the Log dialog starts with: the selected member."""
        return self.selected_member(), None

    def action_edit_member(self) -> None:
        """Edit the selected member."""
        from delegate_tui.screens.forms import MemberForm

        member_id = self.selected_member()
        member = host(self).data.workspace.members.get(member_id) if member_id is not None else None
        if member is None:
            self.app.bell()
            return
        self.app.push_screen(MemberForm(member))

    def action_edit_agreement(self) -> None:
        """Edit the selected member's trust agreement."""
        member_id = self.selected_member()
        if member_id is None:
            self.app.bell()
            return
        host(self).action_edit_agreement(member_id)

    def action_remove_member(self) -> None:
        """Archive the selected member, after a confirmation that says who takes over their open tasks."""
        from delegate_tui.screens.remove_dialogs import ask_archive_member

        ask_archive_member(self, self.selected_member())

    def action_toggle_archived(self) -> None:
        """Show or hide the archived members (dimmed, after the team)."""
        self.show_archived = not self.show_archived
        self.show_data(host(self).data)
        if self.show_archived and not any(
            m.archived_at is not None for m in host(self).data.everything.members.values()
        ):
            self.notify(_("No member is archived."))

    def action_restore_member(self) -> None:
        """Bring the selected archived member back, after a confirmation."""
        from delegate_tui.screens.remove_dialogs import ask_restore_member

        ask_restore_member(self, self.selected_member())

    def action_erase_member(self) -> None:
        """Erase the selected member for good, after their full name is typed."""
        from delegate_tui.screens.remove_dialogs import ask_erase_member

        ask_erase_member(self, self.selected_member())
