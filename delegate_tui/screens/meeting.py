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

Three screens, one module each: :class:`ParticipantsScreen` (who takes part,
:mod:`.meeting_participants`), :class:`MeetingScreen` (the agenda, here) and :class:`ItemScreen`
(one member's agreement: what changed, the flags about them, and the changes the meeting makes,
each with the ``review`` context; :mod:`.meeting_item`). Beside them: the question dialog
(:mod:`.meeting_prompt`) and what the wall shows (:mod:`.meeting_wall`). Delegation Poker is
:mod:`delegate_tui.screens.poker`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from delegate_tui.i18n import _, ngettext
from delegate_tui.meeting import build_agenda, new_meeting, open_meeting, with_item, with_item_moved, with_item_status
from delegate_tui.model import MANAGER, AgendaItem, ReviewMeeting
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.meeting_item import ItemScreen
from delegate_tui.screens.meeting_participants import ParticipantsScreen
from delegate_tui.screens.meeting_prompt import MeetingPrompt, _required
from delegate_tui.screens.meeting_wall import agreement_view, level_change, wall_title
from delegate_tui.screens.widgets import KeyFooter, KeyOptionList, plain_text

__all__ = ["ItemScreen", "MeetingPrompt", "MeetingScreen", "ParticipantsScreen", "level_change", "open_meeting_screen"]

STATUS_MARK = {"pending": " ", "reviewed": "✓", "skipped": "–"}
"""The agenda's marks: they read without colour."""


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
                yield KeyOptionList(id="meeting-agenda")
                with VerticalScroll(id="meeting-side"):
                    yield Static("", id="meeting-item", markup=False)
        yield KeyFooter()

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
