"""Meeting mode: a review meeting on a shared screen or projector.

Made for a wall in front of the team: large, uncluttered, high contrast, and it never shows
private text. No notes, no reasons (notes are typed into a masked field and kept for the
manager's copy of the minutes only), no flags of anyone but the member whose item is on
screen unless the facilitator reveals them (``F`` on the item, after a confirmation that says the
wall will show them); the agenda names why a person is on it without naming their flags.

Everything the meeting does is stored in the workspace through the store (the meeting itself,
each vote, each decision), so that a second app process on the same workspace (a remote
participant's view) sees it through the app's change detection: every screen here redraws from
the snapshot in :meth:`show_data`.

Three screens: :class:`ParticipantsScreen` (who takes part), :class:`MeetingScreen` (the agenda)
and :class:`ItemScreen` (one member's agreement: what changed, the flags about them, and the
changes the meeting makes, each with the ``review`` context). Delegation Poker is
:mod:`delegate_tui.screens.poker`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from delegate_tui.i18n import _, ngettext
from delegate_tui.meeting import (
    build_agenda,
    item_title,
    new_meeting,
    open_meeting,
    version_diff,
    with_decision,
    with_item,
    with_item_moved,
    with_item_status,
    with_note,
)
from delegate_tui.model import (
    MANAGER,
    PULSE_QUESTION,
    AgendaItem,
    AgreementTerms,
    AreaAgreement,
    DelegationLevel,
    EventContext,
    InputError,
    Readiness,
    ReviewMeeting,
    Workspace,
    cadence_label,
    parse_cadence,
)
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.widgets import plain, plain_text

STATUS_MARK = {"pending": " ", "reviewed": "✓", "skipped": "–"}
"""The agenda's marks: they read without colour."""


def wall_title(workspace: Workspace, item: AgendaItem) -> str:
    """An agenda item as the wall may show it: a person with open control flags is on the agenda
    "to talk about how delegation goes", without saying that there are flags."""
    if item.kind == "control_flags":
        member = workspace.owner_name(item.member_id) if item.member_id is not None else ""
        return _("{member}: how delegation goes in practice").format(member=member)
    return item_title(workspace, item)


def open_meeting_screen(app: Any) -> None:
    """Join the meeting that is open, or ask for the participants of a new one."""
    data: WorkspaceData = host(app).data
    found = open_meeting(data.workspace)
    if found is not None:
        app.push_screen(MeetingScreen(found.id))
        return
    if not data.workspace.members:
        host(app).notify(_("Add the team's members first: a review meeting walks through their agreements."))
        return

    def chosen(names: list[str] | None) -> None:
        if not names:
            return
        now = host(app).now()
        latest = host(app).data
        present = {name.casefold() for name in names}
        agenda = [
            item
            for item in build_agenda(latest.workspace, latest.events, latest.all_flags, now)
            if item.member_id is None or latest.workspace.owner_name(item.member_id).casefold() in present
        ]
        meeting = new_meeting(facilitator=latest.workspace.manager, participants=names, agenda=agenda, at=now)
        started: list[ReviewMeeting] = []
        if host(app).apply(lambda: started.append(host(app).store.start_meeting(meeting, now=now))):
            app.push_screen(MeetingScreen(started[0].id))

    app.push_screen(ParticipantsScreen(), chosen)


# --------------------------------------------------------------------------- a question


class MeetingPrompt(ModalScreen[str | None]):
    """One question with one answer, checked before it closes; ``secret`` masks what is typed
    (a note on a projector must not be read off the wall)."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="meeting.prompt-cancel"),
    ]

    def __init__(
        self,
        question: str,
        *,
        placeholder: str = "",
        secret: bool = False,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.secret = secret
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(plain(self.question), id="prompt-question")
            yield Input(placeholder=self.placeholder, password=self.secret, id="prompt-input")
            yield Static("", id="prompt-error", markup=False)
            yield Static(_("Enter to answer, Escape to cancel."), id="prompt-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = self.check(value) if self.check is not None else None
        if problem is not None:
            self.query_one("#prompt-error", Static).update(plain(problem))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


def level_problem(value: str) -> str | None:
    """Why ``value`` is not a delegation level (the level parser's own message), or None."""
    try:
        DelegationLevel.parse(value)
    except InputError as error:
        return str(error)
    return None


# --------------------------------------------------------------------------- participants


class ParticipantsScreen(ModalScreen[list[str] | None]):
    """Who takes part: the manager and the members present (everyone is ticked to begin with)."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-participants"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", _("Start"), id="meeting.start"),
        Binding("escape", "cancel", _("Cancel"), id="meeting.participants-cancel"),
    ]

    def compose(self) -> ComposeResult:
        workspace = host(self).data.workspace
        names = [workspace.manager, *sorted((m.name for m in workspace.members.values()), key=str.casefold)]
        with Vertical(id="participants-box"):
            yield Static(_("Who takes part in the review meeting?"), id="participants-title")
            yield SelectionList[str](
                *[Selection(plain_text(name), name, True) for name in names], id="participants-list"
            )
            yield Static(_("Space ticks a name; Ctrl+S starts the meeting."), id="participants-hint")
            yield Static("", id="participants-error", markup=False)

    def action_start(self) -> None:
        """Start with the ticked names."""
        chosen = list(self.query_one("#participants-list", SelectionList).selected)
        if len(chosen) < 2:
            self.query_one("#participants-error", Static).update(_("Tick at least two participants."))
            return
        self.dismiss([str(name) for name in chosen])

    def action_cancel(self) -> None:
        """Close without starting a meeting."""
        self.dismiss(None)


# --------------------------------------------------------------------------- the agenda


class MeetingScreen(Screen[None]):
    """The agenda of a review meeting: walk it, reorder it, add to it, skip, play poker, close."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_item", _("Open"), id="meeting.open", tooltip=_("The item's agreement.")),
        Binding("s", "skip", _("Skip"), id="meeting.skip", tooltip=_("Skip this item.")),
        Binding("left_square_bracket", "move(-1)", _("Up"), id="meeting.move-up", tooltip=_("Move the item up.")),
        Binding("right_square_bracket", "move(1)", _("Down"), id="meeting.move-down", tooltip=_("Move the item down.")),
        Binding("a", "add_item", _("Add item"), id="meeting.add", tooltip=_("Add an item to the agenda.")),
        Binding("p", "poker", _("Poker"), id="meeting.poker", tooltip=_("Delegation Poker on a situation typed in.")),
        Binding("x", "close_meeting", _("End"), id="meeting.close", tooltip=_("End the meeting and keep the minutes.")),
        Binding("escape", "leave", _("Leave"), id="meeting.leave", tooltip=_("Leave; the meeting stays open.")),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-body"):
            yield Static("", id="meeting-head", markup=False)
            with Horizontal(id="meeting-main"):
                yield OptionList(id="meeting-agenda")
                with VerticalScroll(id="meeting-side"):
                    yield Static("", id="meeting-item", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Review meeting")
        self.show_data(host(self).data)
        self.query_one("#meeting-agenda", OptionList).focus()

    def meeting(self) -> ReviewMeeting | None:
        """The meeting as the latest snapshot has it."""
        return host(self).data.workspace.reviews.get(self.meeting_id)

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from a new snapshot (another process's changes included)."""
        meeting = data.workspace.reviews.get(self.meeting_id)
        if meeting is None:
            return
        workspace = data.workspace
        head = Text(_("Review meeting #{id}").format(id=meeting.id), style="bold")
        head.append("  ")
        head.append(
            ngettext("{count} participant: ", "{count} participants: ", len(meeting.participants)).format(
                count=len(meeting.participants)
            )
        )
        head.append(", ".join(meeting.participants))
        done = sum(1 for item in meeting.agenda if item.status != "pending")
        head.append("\n")
        head.append(_("{done} of {total} items done").format(done=done, total=len(meeting.agenda)))
        if meeting.status == "closed":
            head.append("  ")
            head.append(_("Ended: the minutes are kept."), style="bold")
        self.query_one("#meeting-head", Static).update(head)
        agenda = self.query_one("#meeting-agenda", OptionList)
        highlighted = agenda.highlighted
        agenda.clear_options()
        for item in meeting.agenda:
            line = Text(f"[{STATUS_MARK[item.status]}] ")
            line.append(wall_title(workspace, item))
            agenda.add_option(Option(line))
        if meeting.agenda:
            agenda.highlighted = min(highlighted or 0, len(meeting.agenda) - 1)
        self._show_item(data)

    @on(OptionList.OptionHighlighted, "#meeting-agenda")
    def _highlighted(self) -> None:
        self._show_item(host(self).data)

    @on(OptionList.OptionSelected, "#meeting-agenda")
    def _selected(self) -> None:
        self.action_open_item()

    def _index(self) -> int | None:
        meeting = self.meeting()
        index = self.query_one("#meeting-agenda", OptionList).highlighted
        if meeting is None or index is None or not 0 <= index < len(meeting.agenda):
            return None
        return index

    def _show_item(self, data: WorkspaceData) -> None:
        meeting = data.workspace.reviews.get(self.meeting_id)
        index = self._index()
        widget = self.query_one("#meeting-item", Static)
        if meeting is None or index is None:
            widget.update(_("The agenda is empty: add an item (a) or play Delegation Poker (p)."))
            return
        item = meeting.agenda[index]
        if item.member_id is None:
            widget.update(plain_text(wall_title(data.workspace, item)))
            return
        widget.update(agreement_view(data, item.member_id, with_flags=False))

    def _update(self, change: Callable[[ReviewMeeting], ReviewMeeting], success: str | None = None) -> bool:
        app = host(self)
        return app.apply(lambda: app.store.update_meeting(self.meeting_id, change, now=app.now()), success=success)

    def action_open_item(self) -> None:
        """Open the highlighted item: the member's agreement and what the meeting changes in it."""
        meeting, index = self.meeting(), self._index()
        if meeting is None or index is None:
            return
        item = meeting.agenda[index]
        if item.member_id is None or item.member_id == MANAGER:
            self.app.bell()
            return
        self.app.push_screen(ItemScreen(self.meeting_id, index))

    def action_skip(self) -> None:
        """Skip the highlighted item (it stays on the agenda, marked skipped)."""
        index = self._index()
        if index is not None:
            self._update(lambda m: with_item_status(m, index, "skipped"))

    def action_move(self, offset: int) -> None:
        """Move the highlighted item up or down the agenda."""
        index = self._index()
        if index is None:
            return
        if self._update(lambda m: with_item_moved(m, index, offset)):
            meeting = self.meeting()
            if meeting is not None and meeting.agenda:
                self.query_one("#meeting-agenda", OptionList).highlighted = max(
                    0, min(len(meeting.agenda) - 1, index + offset)
                )

    def action_add_item(self) -> None:
        """Add an item in the facilitator's words."""

        def added(text: str | None) -> None:
            if text:
                self._update(lambda m: with_item(m, AgendaItem(kind="added", text=text)))

        self.app.push_screen(
            MeetingPrompt(_("What should the meeting talk about?"), check=_required(_("the item"))), added
        )

    def action_poker(self) -> None:
        """Delegation Poker on a situation typed in, e.g. "a customer asks for a refund above 1k"."""
        ask_poker_situation(self, self.meeting_id)

    def action_close_meeting(self) -> None:
        """End the meeting: the minutes are saved and can be shown with ``delegate review show``."""

        def answered(answer: str | None) -> None:
            if answer is None or answer.casefold() not in ("y", "yes", _("y"), _("yes")):
                return
            app = host(self)
            if app.apply(
                lambda: app.store.close_meeting(self.meeting_id, now=app.now()),
                success=_("The minutes are kept as review #{id}: delegate review show {id}").format(id=self.meeting_id),
            ):
                self.dismiss(None)

        self.app.push_screen(MeetingPrompt(_("End the meeting and keep the minutes? (y/n)"), placeholder="y"), answered)

    def action_leave(self) -> None:
        """Back to where the meeting was opened from; it stays open to join again."""
        self.dismiss(None)


def _required(field: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return _("{field} must not be empty.").format(field=field) if not value.strip() else None

    return check


def ask_poker_situation(screen: Screen[Any], meeting_id: int) -> None:
    """Ask for a situation, start a round on it and show the poker screen."""
    from delegate_tui.screens.poker import PokerScreen

    def typed(text: str | None) -> None:
        if not text:
            return
        app = host(screen)
        started: list[int] = []
        if app.apply(lambda: started.append(app.store.start_poker_round(meeting_id, topic=text, now=app.now()).id)):
            screen.app.push_screen(PokerScreen(meeting_id, started[0]))

    screen.app.push_screen(
        MeetingPrompt(
            _("Which situation? e.g. a customer asks for a refund above 1k"), check=_required(_("the situation"))
        ),
        typed,
    )


# --------------------------------------------------------------------------- one member's item


def agreement_view(
    data: WorkspaceData,
    member_id: int,
    *,
    with_flags: bool,
    area_id: int | None = None,
    revealed: Sequence[int] = (),
) -> RenderableType:
    """A member's agreement for the wall: levels per area, cadence, guardrails, growth goals, what
    changed since the last review and, with ``with_flags``, the open flags about them in plain words.
    Never a note or a reason; another person's flags only for the people in ``revealed`` (the
    facilitator revealed them, knowing the wall shows them)."""
    workspace = data.workspace
    member = workspace.members.get(member_id)
    agreement = workspace.agreements.get(member_id)
    if member is None:
        return Text("")
    parts: list[RenderableType] = [plain_text(member.name, "bold")]
    if agreement is None:
        parts.append(Text(_("No trust agreement yet.")))
        return Group(*parts)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    table.add_column(_("Area"))
    table.add_column(_("Level"))
    table.add_column(_("Desired"))
    for area_id_, entry in sorted(agreement.levels.items(), key=lambda item: workspace.area_name(item[0]).casefold()):
        marker = "▶ " if area_id_ == area_id else "  "
        desired = entry.desired.display if entry.desired is not None else "-"
        if entry.desired is not None and entry.desired_by is not None:
            desired = _("{level} by {date}").format(level=desired, date=entry.desired_by.isoformat())
        table.add_row(plain_text(marker + workspace.area_name(area_id_)), Text(entry.level.display), Text(desired))
    parts.append(table)
    terms = Text()
    terms.append(_("Check-ins: {cadence}").format(cadence=cadence_label(agreement.cadence)))
    terms.append("\n")
    last = agreement.last_review.isoformat() if agreement.last_review else _("never")
    terms.append(
        _("Version {version}; last reviewed {last}; review every {days} days.").format(
            version=agreement.version, last=last, days=agreement.review_every_days
        )
    )
    parts.append(terms)
    for title, items in ((_("Guardrails"), agreement.guardrails), (_("Growth goals"), agreement.growth_goals)):
        if items:
            block = Text(title, style="bold")
            for text in items:
                block.append("\n• ")
                block.append(text)
            parts.append(block)
    changes = version_diff(workspace, agreement)
    block = Text(_("Changed since the last review"), style="bold")
    for change in changes or [_("Nothing.")]:
        block.append("\n• ")
        block.append(change)
    parts.append(block)
    if with_flags:
        flags = data.flags_for(member_id)
        block = Text(_("What the flags say"), style="bold")
        for flag in flags or []:
            block.append("\n• ")
            block.append(flag.message)
        if not flags:
            block.append("\n• ")
            block.append(_("No open flags."))
        parts.append(block)
    for other_id in revealed:
        if other_id == member_id or other_id not in workspace.members:
            continue
        block = Text(
            _("What the flags about {member} say (revealed by the facilitator)").format(
                member=workspace.owner_name(other_id)
            ),
            style="bold",
        )
        others = data.flags_for(other_id)
        for flag in others:
            block.append("\n• ")
            block.append(flag.message)
        if not others:
            block.append("\n• ")
            block.append(_("No open flags."))
        parts.append(block)
    return Group(*[item for part in parts for item in (part, Text(""))][:-1])


class ItemScreen(Screen[None]):
    """One member's agreement in the meeting, and the changes the meeting makes to it."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-screen meeting-item-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(level), f"set_level({level})", _("Set level"), id=f"meeting.level-{level}", show=False)
            for level in range(1, 8)
        ],
        Binding("r", "reviewed(False)", _("Reviewed"), id="meeting.reviewed", tooltip=_("Confirm the agreement.")),
        Binding(
            "R",
            "reviewed(True)",
            _("Reviewed + ack"),
            id="meeting.acknowledged",
            tooltip=_("Confirm it; the member acknowledges this version."),
        ),
        Binding("d", "desired", _("Desired"), id="meeting.desired", tooltip=_("Change the desired level.")),
        Binding("c", "cadence", _("Cadence"), id="meeting.cadence", tooltip=_("Change the check-in cadence.")),
        Binding("g", "add_goal('growth_goals')", _("Goal"), id="meeting.goal", tooltip=_("Add a growth goal.")),
        Binding("G", "add_goal('guardrails')", _("Guardrail"), id="meeting.guardrail", tooltip=_("Add a guardrail.")),
        Binding("k", "poker('current')", _("Poker"), id="meeting.item-poker", tooltip=_("Poker on the level.")),
        Binding(
            "K",
            "poker('desired')",
            _("Poker desired"),
            id="meeting.item-poker-desired",
            tooltip=_("Poker on the desired level."),
        ),
        Binding("u", "pulse", _("Pulse"), id="meeting.pulse", tooltip=_("The member's pulse and own readiness.")),
        Binding("n", "note", _("Note"), id="meeting.note", tooltip=_("A private note, typed masked.")),
        Binding("f", "toggle_flags", _("Flags"), id="meeting.flags", tooltip=_("Show or hide this member's flags.")),
        Binding(
            "F",
            "reveal_flags",
            _("Others' flags"),
            id="meeting.reveal-flags",
            tooltip=_("Show another person's flags on the wall, after a confirmation."),
        ),
        Binding("up", "area(-1)", _("Area up"), id="meeting.area-up", show=False, priority=True),
        Binding("down", "area(1)", _("Area down"), id="meeting.area-down", show=False, priority=True),
        Binding("escape", "back", _("Agenda"), id="meeting.back", tooltip=_("Back to the agenda.")),
    ]

    def __init__(self, meeting_id: int, index: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.index = index
        self.area_index = 0
        self.show_flags = True
        # Other people whose flags the facilitator chose to show on the wall: never by default.
        self.revealed: list[int] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="item-body"):
            yield Static("", id="item-head", markup=False)
            yield Static("", id="item-agreement", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Review meeting")
        self.show_data(host(self).data)

    def item(self) -> AgendaItem | None:
        """The agenda item on screen."""
        meeting = host(self).data.workspace.reviews.get(self.meeting_id)
        if meeting is None or not 0 <= self.index < len(meeting.agenda):
            return None
        return meeting.agenda[self.index]

    @property
    def member_id(self) -> int:
        """The member on screen."""
        item = self.item()
        return item.member_id if item is not None and item.member_id is not None else MANAGER

    def areas(self) -> list[int]:
        """The areas of the member's agreement, by name."""
        workspace = host(self).data.workspace
        agreement = workspace.agreements.get(self.member_id)
        if agreement is None:
            return []
        return sorted(agreement.levels, key=lambda area_id: workspace.area_name(area_id).casefold())

    def area_id(self) -> int | None:
        """The area the cursor is on, starting on the item's own area."""
        areas = self.areas()
        if not areas:
            return None
        return areas[max(0, min(self.area_index, len(areas) - 1))]

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from a new snapshot."""
        item = self.item()
        if item is None:
            return
        if item.area_id is not None and getattr(self, "_placed", False) is False:
            self._placed = True
            if item.area_id in self.areas():
                self.area_index = self.areas().index(item.area_id)
        head = Text(wall_title(data.workspace, item), style="bold")
        head.append("\n")
        head.append(
            _("1-7 set the level of the marked area; arrows move the mark."),
            style="italic",
        )
        self.query_one("#item-head", Static).update(head)
        self.query_one("#item-agreement", Static).update(
            agreement_view(
                data, self.member_id, with_flags=self.show_flags, area_id=self.area_id(), revealed=self.revealed
            )
        )

    def _member_name(self) -> str:
        return host(self).data.workspace.owner_name(self.member_id)

    def _change_agreement(
        self,
        change: Callable[[AgreementTerms], AgreementTerms],
        decision: str,
        *,
        reviewed: bool = False,
        acknowledged: bool | None = None,
        area_id: int | None = None,
        status: str | None = None,
    ) -> bool:
        """A change of the agreement with the review context, then the decision in the minutes."""
        app = host(self)
        member_id = self.member_id
        now = app.now()

        def both() -> None:
            app.store.set_agreement(
                member_id,
                change,
                now=now,
                reviewed=now if reviewed else None,
                context=EventContext.REVIEW,
                acknowledged=acknowledged,
            )

            def minutes(meeting: ReviewMeeting) -> ReviewMeeting:
                meeting = with_decision(meeting, decision, now, member_id=member_id, area_id=area_id)
                return with_item_status(meeting, self.index, status) if status else meeting

            app.store.update_meeting(self.meeting_id, minutes, now=now)

        return app.apply(both, success=decision)

    def _has_agreement(self) -> bool:
        if self.member_id not in host(self).data.workspace.agreements:
            host(self).notify(
                _("{member} has no trust agreement yet: make one from the board first.").format(
                    member=self._member_name()
                ),
                severity="warning",
            )
            return False
        return True

    def action_area(self, offset: int) -> None:
        """Move the area mark."""
        areas = self.areas()
        if areas:
            self.area_index = max(0, min(len(areas) - 1, self.area_index + offset))
            self.show_data(host(self).data)

    def action_set_level(self, level: int) -> None:
        """Agree a new level for the marked area."""
        area_id = self.area_id()
        if area_id is None or not self._has_agreement():
            self.app.bell()
            return
        chosen = DelegationLevel(level)
        workspace = host(self).data.workspace
        entry = workspace.agreements[self.member_id].levels[area_id]
        if entry.level == chosen:
            return
        decision = _("{member}, {area}: level {before} became {after}.").format(
            member=self._member_name(),
            area=workspace.area_name(area_id),
            before=entry.level.display,
            after=chosen.display,
        )
        self._change_agreement(_level_change(area_id, chosen, "current"), decision, area_id=area_id)

    def action_desired(self) -> None:
        """Ask for the desired level of the marked area."""
        area_id = self.area_id()
        if area_id is None or not self._has_agreement():
            self.app.bell()
            return
        workspace = host(self).data.workspace

        def answered(value: str | None) -> None:
            if not value:
                return
            chosen = DelegationLevel.parse(value)
            decision = _("{member}, {area}: desired level {level}.").format(
                member=self._member_name(), area=workspace.area_name(area_id), level=chosen.display
            )
            self._change_agreement(_level_change(area_id, chosen, "desired"), decision, area_id=area_id)

        self.app.push_screen(
            MeetingPrompt(
                _("Desired level in {area} (1-7)?").format(area=workspace.area_name(area_id)), check=level_problem
            ),
            answered,
        )

    def action_cadence(self) -> None:
        """Ask for a new check-in cadence."""
        if not self._has_agreement():
            return

        def check(value: str) -> str | None:
            try:
                parse_cadence(value)
            except InputError as error:
                return str(error)
            return None

        def answered(value: str | None) -> None:
            if not value:
                return
            cadence = parse_cadence(value)
            decision = _("{member}: check-ins {cadence}.").format(
                member=self._member_name(), cadence=cadence_label(cadence)
            )
            self._change_agreement(lambda terms: terms.model_copy(update={"cadence": cadence}), decision)

        self.app.push_screen(
            MeetingPrompt(_("Check-in cadence?"), placeholder="weekly, biweekly, 10d ...", check=check), answered
        )

    def action_add_goal(self, field: str) -> None:
        """Ask for a growth goal or a guardrail to add."""
        if not self._has_agreement():
            return
        goal = field == "growth_goals"

        def check(value: str) -> str | None:
            if not value.strip():
                return _("the text must not be empty.")
            try:
                AgreementTerms.model_validate({field: [value]})
            except ValueError as error:
                return str(error).splitlines()[-1]
            return None

        def answered(value: str | None) -> None:
            if not value:
                return
            text = AgreementTerms.model_validate({field: [value]}).model_dump()[field][0]

            def change(terms: AgreementTerms) -> AgreementTerms:
                items = list(getattr(terms, field))
                return terms.model_copy(update={field: [*items, text] if text not in items else items})

            template = _("{member}: growth goal added: {text}") if goal else _("{member}: guardrail added: {text}")
            self._change_agreement(change, template.format(member=self._member_name(), text=text))

        question = _("Which growth goal?") if goal else _("Which guardrail?")
        self.app.push_screen(MeetingPrompt(question, check=check), answered)

    def action_reviewed(self, acknowledged: bool) -> None:
        """Confirm the agreement as reviewed (stamps the review date; with the member's acknowledgement)."""
        if not self._has_agreement():
            return
        name = self._member_name()
        decision = (
            _("{member}'s agreement was reviewed; {member} acknowledged this version.").format(member=name)
            if acknowledged
            else _("{member}'s agreement was reviewed.").format(member=name)
        )
        self._change_agreement(
            lambda terms: terms, decision, reviewed=True, acknowledged=True if acknowledged else None, status="reviewed"
        )

    def action_poker(self, about: str) -> None:
        """Delegation Poker on the marked area's level (or desired level)."""
        from delegate_tui.screens.poker import PokerScreen

        area_id = self.area_id()
        if area_id is None:
            self.app.bell()
            return
        app = host(self)
        topic = app.data.workspace.area_name(area_id)
        started: list[int] = []
        member_id = self.member_id
        if app.apply(
            lambda: started.append(
                app.store.start_poker_round(
                    self.meeting_id,
                    topic=topic,
                    area_id=area_id,
                    member_id=member_id,
                    about="desired" if about == "desired" else "current",
                    now=app.now(),
                ).id
            )
        ):
            self.app.push_screen(PokerScreen(self.meeting_id, started[0]))

    def action_pulse(self) -> None:
        """The member's pulse (1-5) and, if they give it, their own readiness (D1-D4)."""
        name = self._member_name()

        def parts(value: str) -> tuple[int, Readiness | None]:
            words = value.split()
            if not words or not (words[0].isascii() and words[0].isdigit() and 1 <= int(words[0]) <= 5):
                raise InputError(_("the pulse must be a whole number from 1 to 5, then D1-D4 if given."))
            readiness = Readiness.parse(words[1], "own readiness") if len(words) > 1 else None
            if len(words) > 2:
                raise InputError(_("the pulse must be a whole number from 1 to 5, then D1-D4 if given."))
            return int(words[0]), readiness

        def check(value: str) -> str | None:
            try:
                parts(value)
            except InputError as error:
                return str(error)
            return None

        area_id = self.area_id()
        in_agreement = area_id is not None and self.member_id in host(self).data.workspace.agreements

        def answered(value: str | None) -> None:
            if not value:
                return
            score, readiness = parts(value)
            app = host(self)
            member_id, now = self.member_id, app.now()

            def both() -> None:
                app.store.record_meeting_pulse(self.meeting_id, member_id, score, readiness=readiness, now=now)
                if readiness is not None and area_id is not None and in_agreement:
                    # The member's own view goes into the agreement too, as `agreement set
                    # --self-readiness` does, so the perception-gap rule reads it.
                    app.store.set_agreement(
                        member_id, _self_readiness_change(area_id, readiness), now=now, context=EventContext.REVIEW
                    )

            app.apply(both, success=_("{member}'s pulse is kept.").format(member=name))

        question = (
            _(
                "{member}: {question}? 1 (not at all) to 5 (fully), then own readiness in {area} D1-D4 if you like."
            ).format(member=name, question=PULSE_QUESTION, area=host(self).data.workspace.area_name(area_id))
            if in_agreement
            else _("{member}: {question}? 1 (not at all) to 5 (fully), then own readiness D1-D4 if you like.").format(
                member=name, question=PULSE_QUESTION
            )
        )
        self.app.push_screen(
            MeetingPrompt(
                question,
                placeholder="4 D3",
                check=check,
            ),
            answered,
        )

    def action_note(self) -> None:
        """A private note: typed masked, kept for the manager's copy of the minutes only."""

        def answered(value: str | None) -> None:
            if not value:
                return
            app = host(self)
            member_id = self.member_id
            app.apply(
                lambda: app.store.update_meeting(
                    self.meeting_id, lambda m: with_note(m, value, app.now(), member_id), now=app.now()
                ),
                success=_("The private note is kept for the manager's copy of the minutes."),
            )

        self.app.push_screen(
            MeetingPrompt(_("A private note (hidden while typed; only in the manager's minutes):"), secret=True),
            answered,
        )

    def action_toggle_flags(self) -> None:
        """Show or hide the flags about the member on screen (hiding them hides the revealed ones too)."""
        self.show_flags = not self.show_flags
        if not self.show_flags:
            self.revealed = []
        self.show_data(host(self).data)

    def action_reveal_flags(self) -> None:
        """Show another person's flags on the wall: asked by name, then confirmed, never by default."""
        workspace = host(self).data.workspace

        def person(value: str) -> int:
            member = workspace.member_named(value)
            if member.id == self.member_id:
                raise InputError(_("{member}'s own flags are shown with f.").format(member=member.name))
            return member.id

        def check(value: str) -> str | None:
            try:
                person(value)
            except InputError as error:
                return str(error)
            return None

        def confirmed(member_id: int, answer: str | None) -> None:
            if answer is None or answer.casefold() not in ("y", "yes", _("y"), _("yes")):
                return
            if member_id not in self.revealed:
                self.revealed.append(member_id)
            self.show_data(host(self).data)

        def named(value: str | None) -> None:
            if not value:
                return
            member_id = person(value)
            self.app.push_screen(
                MeetingPrompt(
                    _("The wall will show {member}'s flags to everyone in the room. Show them? (y/n)").format(
                        member=workspace.owner_name(member_id)
                    ),
                    placeholder="y",
                ),
                lambda answer: confirmed(member_id, answer),
            )

        self.app.push_screen(MeetingPrompt(_("Whose flags should the wall show?"), check=check), named)

    def action_back(self) -> None:
        """Back to the agenda."""
        self.dismiss(None)


def _level_change(area_id: int, level: DelegationLevel, about: str) -> Callable[[AgreementTerms], AgreementTerms]:
    """The change of one area's level (or desired level), applied to the terms read under the lock."""

    def change(terms: AgreementTerms) -> AgreementTerms:
        entry = terms.levels.get(area_id)
        if about == "desired":
            updated = (entry or AreaAgreement(level=level)).model_copy(update={"desired": level})
        else:
            updated = entry.model_copy(update={"level": level}) if entry is not None else AreaAgreement(level=level)
        return terms.model_copy(update={"levels": {**terms.levels, area_id: updated}})

    return change


def _self_readiness_change(area_id: int, readiness: Readiness) -> Callable[[AgreementTerms], AgreementTerms]:
    """The member's own readiness in one area, applied to the terms read under the lock."""

    def change(terms: AgreementTerms) -> AgreementTerms:
        entry = terms.levels.get(area_id)
        if entry is None:
            return terms
        updated = entry.model_copy(update={"self_readiness": readiness})
        return terms.model_copy(update={"levels": {**terms.levels, area_id: updated}})

    return change


def level_change(area_id: int, level: DelegationLevel, about: str) -> Callable[[AgreementTerms], AgreementTerms]:
    """The change a poker round's agreed level makes to an agreement (see :mod:`delegate_tui.screens.poker`)."""
    return _level_change(area_id, level, about)
