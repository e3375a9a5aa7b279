"""The delegation board (home screen): decision areas (rows) x members (columns).

Each cell is the level agreed in the member's trust agreement for that area, as number and
name ("5 Advise"), tinted along the Tell-to-Delegate scale; marks add what needs a look:
``↗`` a desired level is set, ``!`` readiness and level do not match (or the member sees their
readiness differently), ``⚑`` an open flag about that member and area. Digits 1-7 set the
level of the selected cell (a new agreement version; the store records the level change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from delegate_tui.i18n import _
from delegate_tui.model import AgreementTerms, AreaAgreement, DelegationLevel, Settings, Workspace
from delegate_tui.screens.board_grid import AREA_WIDTH, BoardGrid, Cell, cell_width, no_cell
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import (
    EMPTY,
    MARK_DESIRED,
    MARK_FLAG,
    MARK_MISMATCH,
    KeyFooter,
    fit_name,
    readiness_mismatch,
)
from delegate_tui.storage import WorkspaceError
from delegate_tui.text import visible

if TYPE_CHECKING:
    from delegate_tui.patterns import Flag

# Re-exported: the board's tests and rule tests import these from here.
__all__ = [
    "AREA_WIDTH",
    "MARK_MISMATCH",
    "BoardGrid",
    "BoardScreen",
    "Cell",
    "area_flags",
    "cell_marks",
    "cell_width",
    "fit_name",
    "ordered_areas",
    "ordered_members",
    "readiness_mismatch",
]


def area_flags(flags: list[Flag]) -> dict[tuple[int, int], list[Flag]]:
    """Open flags by (member id, area id)."""
    found: dict[tuple[int, int], list[Flag]] = {}
    for flag in flags:
        if flag.member_id is not None and flag.area_id is not None:
            found.setdefault((flag.member_id, flag.area_id), []).append(flag)
    return found


def cell_marks(entry: AreaAgreement | None, flagged: bool, settings: Settings) -> str:
    """The marks of one cell, in a fixed order."""
    marks = ""
    if entry is not None and entry.desired is not None:
        marks += MARK_DESIRED
    if entry is not None and readiness_mismatch(entry, settings):
        marks += MARK_MISMATCH
    if flagged:
        marks += MARK_FLAG
    return marks


def board_cell(workspace: Workspace, member_id: int, area_id: int, flagged: bool, width: int) -> Cell:
    """The cell of a member and an area, ``width`` wide: the agreed level (or ``·``) and its marks."""
    agreement = workspace.agreements.get(member_id)
    entry = agreement.levels.get(area_id) if agreement is not None else None
    marks = cell_marks(entry, flagged, workspace.settings)
    body = f" {EMPTY}" if entry is None else f" {entry.level.display}"
    if marks:
        # The marks at the cell's right, always a space after the level ("3 Raadplegen ↗").
        body = f"{body:<{width - len(marks) - 1}}{marks}"
    return Cell(f"{body:<{width - 1}} ", None if entry is None else int(entry.level))


def ordered_members(workspace: Workspace) -> list[int]:
    """Member ids in the board's column order (by name)."""
    return [m.id for m in sorted(workspace.members.values(), key=lambda m: (m.name.casefold(), m.id))]


def ordered_areas(workspace: Workspace) -> list[int]:
    """Area ids in the board's row order (the order they were added)."""
    return sorted(workspace.areas)


class BoardScreen(Screen[None]):
    """Areas x members, the agreed level in each cell."""

    CSS_PATH = "board.tcss"
    SUB_TITLE = _("Board")
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(
                str(level),
                f"set_level({level})",
                _("Set level"),
                id=f"board.level-{level}",
                show=False,
                tooltip=_("Agree this level for the selected cell, from 1 Tell to 7 Delegate."),
            )
            for level in range(1, 8)
        ],
        Binding(
            "enter",
            "edit_agreement",
            _("Agreement"),
            id="board.agreement",
            show=False,
            tooltip=_("Edit the trust agreement of the selected member."),
        ),
        Binding(
            "slash",
            "find",
            _("Find"),
            id="board.find",
            show=False,
            tooltip=_("Go to a member (a column) or an area (a row) by name."),
        ),
        Binding("n", "add_area", _("Add area"), id="board.add-area", tooltip=_("Add a decision area (a row).")),
        Binding("N", "add_member", _("Add member"), id="board.add-member", tooltip=_("Add a member (a column).")),
        Binding(
            "L",
            "log_event",
            _("Log"),
            id="board.log",
            tooltip=_("Log a check-in, override, approval, review, note or pulse."),
        ),
        Binding(
            "R",
            "review_meeting",
            _("Review"),
            id="board.review-meeting",
            show=False,
            tooltip=_("Start a review meeting, or join the open one."),
        ),
        Binding(
            "e",
            "edit_area",
            _("Edit area"),
            id="board.edit-area",
            show=False,
            tooltip=_("Rename or describe this row's area."),
        ),
        Binding(
            "o",
            "open_member",
            _("Member page"),
            id="board.open-member",
            show=False,
            tooltip=_("Everything about this column's member."),
        ),
        Binding(
            "delete,0",
            "clear_level",
            _("Clear level"),
            id="board.clear-level",
            show=False,
            tooltip=_("Remove this area from the member's agreement."),
        ),
        Binding(
            "X",
            "retire_area",
            _("Retire area"),
            id="board.retire-area",
            show=False,
            tooltip=_("Retire this row's decision area: off the board and the rules, history kept."),
        ),
        Binding(
            "U",
            "restore_area",
            _("Restore area"),
            id="board.restore-area",
            show=False,
            tooltip=_("Bring a retired decision area back onto the board."),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._members: list[int] = []
        self._areas: list[int] = []
        self._data: WorkspaceData | None = None
        self._flagged: dict[tuple[int, int], list[Flag]] = {}
        self._last_find = ""
        self._shown = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Static("", id="board-empty", markup=False)
        yield BoardGrid(id="board")
        yield Static("", id="board-detail", markup=False)
        yield Static(self._legend(), id="board-legend", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_data(host(self).data)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Run before Textual's own handler. Shown the first time, the board was just mounted, and
        # every widget styled as it was (and again at each change since): Textual need not style
        # them all once more (5 ms of the first paint on the scale set). Later, it does.
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    # ------------------------------------------------------------------ drawing

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw the board from a new snapshot, keeping the selected cell."""
        self._data = data
        grid = self.query_one(BoardGrid)
        workspace = data.workspace
        selected = self.selected()
        members = ordered_members(workspace)
        areas = ordered_areas(workspace)
        empty = self.query_one("#board-empty", Static)
        detail = self.query_one("#board-detail", Static)
        legend = self.query_one("#board-legend", Static)
        if (bool(members and areas)) != bool(self._members and self._areas):
            self.refresh_bindings()
        self._members, self._areas = members, areas
        if not members or not areas:
            empty.update(self._empty_text(workspace))
            empty.display = True
            grid.display = detail.display = legend.display = False
            grid.set_content([], [], no_cell)
            return
        empty.display = False
        grid.display = detail.display = legend.display = True
        flagged = self._flagged = area_flags(data.flags)
        width = cell_width()

        def make_cell(column: int, row: int) -> Cell:
            return board_cell(workspace, members[column], areas[row], (members[column], areas[row]) in flagged, width)

        grid.set_content(
            [workspace.areas[area_id].name for area_id in areas],
            [workspace.members[member_id].name for member_id in members],
            make_cell,
        )
        if selected is not None and selected[0] in members and selected[1] in areas:
            grid.select(members.index(selected[0]), areas.index(selected[1]))
        self._describe()

    def _empty_text(self, workspace: Workspace) -> str:
        add_area = self._key("add_area")
        add_member = self._key("add_member")
        if not workspace.members and not workspace.areas:
            return _(
                "The board is empty.\n\n"
                "Press {add_area} to add a decision area: a kind of decision, such as Hiring or Tooling.\n"
                "Press {add_member} to add a member of your team.\n\n"
                "Each area becomes a row and each member a column. Select a cell and press 1 to 7 to record how "
                "much of that decision you delegate, from 1 Tell to 7 Delegate."
            ).format(add_area=add_area, add_member=add_member)
        if not workspace.areas:
            return _(
                "No decision areas yet. Press {add_area} to add one, such as Hiring, Tooling or Budget up to 1k: "
                "each area becomes a row of the board."
            ).format(add_area=add_area)
        return _(
            "No members yet. Press {add_member} to add a member of your team: each member becomes a column of the board."
        ).format(add_member=add_member)

    def _key(self, action: str) -> str:
        """How the key bound to ``action`` is shown (so remapped keys read right)."""
        for key, binding in self._bindings:
            if binding.action == action:
                return self.app.get_key_display(Binding(key, action))
        return action

    def _legend(self) -> str:
        return _(
            "{desired} desired level  {mismatch} readiness mismatch  {flag} open flag  {empty} nothing agreed   "
            "1-3 you decide, 4 together, 5-7 they decide   1-7 set the level, enter the agreement"
        ).format(desired=MARK_DESIRED, mismatch=MARK_MISMATCH, flag=MARK_FLAG, empty=EMPTY)

    # ------------------------------------------------------------------ the selected cell

    def selected(self) -> tuple[int, int] | None:
        """(member id, area id) of the selected cell, or None when the board is empty."""
        if not self._members or not self._areas:
            return None
        column, row = self.query_one(BoardGrid).cursor
        if column >= len(self._members) or row >= len(self._areas):
            return None
        return self._members[column], self._areas[row]

    def selected_member(self) -> int | None:
        """The member of the selected column."""
        found = self.selected()
        return found[0] if found else None

    def on_board_grid_moved(self, event: BoardGrid.Moved) -> None:
        event.stop()
        self._describe()

    def on_board_grid_chosen(self, event: BoardGrid.Chosen) -> None:
        event.stop()
        self.action_edit_agreement()

    def _describe(self) -> None:
        detail = self.query_one("#board-detail", Static)
        data = self._data
        found = self.selected()
        if data is None or found is None:
            detail.update("")
            return
        member_id, area_id = found
        workspace = data.workspace
        member = workspace.members.get(member_id)
        area = workspace.areas.get(area_id)
        if member is None or area is None:
            detail.update("")
            return
        agreement = workspace.agreements.get(member_id)
        entry = agreement.levels.get(area_id) if agreement is not None else None
        lines: list[str] = []
        if entry is None:
            lines.append(
                _("{member} · {area}: nothing agreed yet. Press 1-7 to set a level.").format(
                    member=member.name, area=area.name
                )
            )
        else:
            lines.append(
                _("{member} · {area}: {level}. {meaning}").format(
                    member=member.name, area=area.name, level=entry.level.display, meaning=entry.level.meaning
                )
            )
            facts: list[str] = []
            if entry.desired is not None and entry.desired_by is not None:
                facts.append(
                    _("Heading for {level} by {date}.").format(
                        level=entry.desired.display, date=entry.desired_by.isoformat()
                    )
                )
            elif entry.desired is not None:
                facts.append(_("Heading for {level}.").format(level=entry.desired.display))
            if entry.readiness is not None or entry.self_readiness is not None:
                unknown = _("not rated")
                facts.append(
                    _("Readiness: {manager} in your view, {own} in theirs.").format(
                        manager=entry.readiness.value if entry.readiness else unknown,
                        own=entry.self_readiness.value if entry.self_readiness else unknown,
                    )
                )
            if readiness_mismatch(entry, workspace.settings):
                facts.append(_("{mark} Readiness and level do not match.").format(mark=MARK_MISMATCH))
            if facts:
                lines.append(" ".join(facts))
        for flag in self._flagged.get((member_id, area_id), [])[:2]:
            lines.append(_("{mark} {message}").format(mark=MARK_FLAG, message=flag.message))
        if not data.complete:
            lines.append(_("Reading the history and checking for flags…"))
        detail.update(visible("\n".join(lines), multiline=True))

    # ------------------------------------------------------------------ actions

    CELL_ACTIONS: ClassVar[set[str]] = {"set_level", "clear_level", "edit_agreement", "open_member", "edit_area"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that need a cell are hidden (and do nothing) while the board is empty.
        if action in self.CELL_ACTIONS:
            return bool(self._members and self._areas)
        return True

    def action_set_level(self, level: int) -> None:
        """Set the agreed level of the selected cell (a new agreement version)."""
        found = self.selected()
        if found is None:
            self.app.bell()
            return
        member_id, area_id = found
        app = host(self)
        workspace = app.data.workspace
        chosen = DelegationLevel(level)
        member = workspace.members[member_id]
        area = workspace.areas[area_id]
        try:
            latest = app.store.load().agreements.get(member_id)
        except WorkspaceError as error:
            self.notify(str(error), severity="error")
            return
        entry = latest.levels.get(area_id) if latest is not None else None
        if entry is not None and entry.level == chosen:
            self.notify(
                _("{member} already has {level} in {area}.").format(
                    member=member.name, level=chosen.display, area=area.name
                )
            )
            return

        def change(terms: AgreementTerms) -> AgreementTerms:
            # Applied to the terms read under the lock: only this cell changes.
            entry = terms.levels.get(area_id)
            updated = entry.model_copy(update={"level": chosen}) if entry is not None else AreaAgreement(level=chosen)
            return terms.model_copy(update={"levels": {**terms.levels, area_id: updated}})

        app.apply(
            lambda: app.store.set_agreement(member_id, change, now=app.now()),
            success=_("{member} now has {level} in {area}.").format(
                member=member.name, level=chosen.display, area=area.name
            ),
        )

    def action_review_meeting(self) -> None:
        """Start a review meeting, or join the one that is open."""
        from delegate_tui.screens.meeting import open_meeting_screen

        open_meeting_screen(self.app)

    def action_clear_level(self) -> None:
        """Remove the selected area from the member's agreement."""
        found = self.selected()
        if found is None:
            self.app.bell()
            return
        member_id, area_id = found
        app = host(self)
        try:
            agreement = app.store.load().agreements.get(member_id)
        except WorkspaceError as error:
            self.notify(str(error), severity="error")
            return
        if agreement is None or area_id not in agreement.levels:
            return

        def change(terms: AgreementTerms) -> AgreementTerms:
            return terms.model_copy(
                update={"levels": {key: value for key, value in terms.levels.items() if key != area_id}}
            )

        workspace = app.data.workspace
        app.apply(
            lambda: app.store.set_agreement(member_id, change, now=app.now()),
            success=_("{area} is no longer part of the agreement with {member}.").format(
                area=workspace.areas[area_id].name, member=workspace.members[member_id].name
            ),
        )

    def action_edit_agreement(self) -> None:
        """Open the trust agreement form of the selected column's member."""
        member_id = self.selected_member()
        if member_id is None:
            self.app.bell()
            return
        host(self).action_edit_agreement(member_id)

    def action_open_member(self) -> None:
        """Show the selected column's member page."""
        member_id = self.selected_member()
        if member_id is None:
            self.app.bell()
            return
        host(self).action_open_member(member_id)

    def action_retire_area(self) -> None:
        """Retire the selected row's decision area, after a confirmation."""
        from delegate_tui.screens.remove_dialogs import ask_retire_area

        found = self.selected()
        ask_retire_area(self, found[1] if found else None)

    def action_restore_area(self) -> None:
        """Pick a retired decision area and bring it back, after a confirmation."""
        from delegate_tui.screens.area_restore import ask_restore_area

        ask_restore_area(self)

    def action_add_area(self) -> None:
        """Add a decision area."""
        host(self).action_add_area()

    def action_log_event(self) -> None:
        """Open the Log dialog about the selected column's member."""
        from delegate_tui.screens.log_event import open_log_dialog

        open_log_dialog(self, member_id=self.selected_member())

    def log_prefill(self) -> tuple[int | None, int | None]:
        """Who the Log dialog starts with: the selected column's member."""
        return self.selected_member(), None

    def action_find(self) -> None:
        """Ask for a few letters and go to the next member with them in their name, else the next area."""
        from delegate_tui.screens.find import FindPrompt, next_match

        grid = self.query_one(BoardGrid)

        def found(query: str | None) -> None:
            if query is None:
                return
            self._last_find = query
            column, row = grid.cursor
            member = next_match(grid.member_names, column, query)
            if member is not None:
                grid.select(member, row)
                return
            area = next_match(grid.area_names, row, query)
            if area is not None:
                grid.select(column, area)
                return
            self.notify(_("No member or area is named with {text!r}.").format(text=query), severity="warning")

        self.app.push_screen(FindPrompt(_("Find a member or an area"), self._last_find), found)

    def action_add_member(self) -> None:
        """Add a member."""
        host(self).action_add_member()

    def action_edit_area(self) -> None:
        """Edit the selected row's decision area."""
        from delegate_tui.screens.forms import AreaForm

        found = self.selected()
        if found is None:
            self.app.bell()
            return
        area = host(self).data.workspace.areas.get(found[1])
        if area is not None:
            self.app.push_screen(AreaForm(area))
