"""Delegation Poker on the shared screen: hidden cards, one reveal, the spread, a re-vote.

Pass the keyboard: Enter asks the next participant who has not voted for their card in a
masked field, so nobody sees an earlier card. A card played in another app process on the same
workspace (a remote participant) shows here as "voted" through the app's change detection; the
cards stay face down until the facilitator reveals them all at once. After the reveal the spread
is shown and the highest and lowest voters are named, to explain their cards; a re-vote is a new
round (every card of every round is kept). The agreed level goes onto the board and into the
agreement with the ``review`` context, or, for a situation typed in, into the minutes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from delegate_tui.i18n import _
from delegate_tui.meeting import (
    SETTLED_SPREAD,
    highest_voters,
    is_settled,
    lowest_voters,
    spread,
    suggested_level,
    waiting_for,
    with_agreed,
    with_decision,
)
from delegate_tui.model import DelegationLevel, EventContext, InputError, PokerRound, ReviewMeeting
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.meeting import MeetingPrompt, level_change
from delegate_tui.screens.poker_cards import CARD_WIDTH, poker_cards, voted_count
from delegate_tui.screens.widgets import KeyFooter


class PokerScreen(Screen[None]):
    """One round of Delegation Poker (and its re-votes) in a review meeting."""

    CSS_PATH = "poker.tcss"
    DEFAULT_CLASSES = "poker-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "vote", _("Next card"), id="poker.vote", tooltip=_("The next participant picks a card.")),
        Binding("space", "reveal", _("Reveal"), id="poker.reveal", tooltip=_("Show every card at once.")),
        Binding("v", "revote", _("Re-vote"), id="poker.revote", tooltip=_("A new round on the same topic.")),
        Binding("a", "agree", _("Agree"), id="poker.agree", tooltip=_("Agree the middle card.")),
        *[
            Binding(str(level), f"agree({level})", _("Agree level"), id=f"poker.agree-{level}", show=False)
            for level in range(1, 8)
        ],
        Binding("escape", "back", _("Back"), id="poker.back", tooltip=_("Back to the meeting.")),
    ]

    def __init__(self, meeting_id: int, round_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="poker-body"):
            yield Static("", id="poker-topic", markup=False)
            yield Static("", id="poker-count", markup=False)
            with Vertical(id="poker-table"):
                yield Static("", id="poker-cards", markup=False)
            yield Static("", id="poker-outcome", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Delegation Poker")
        self.show_data(host(self).data)

    def on_resize(self) -> None:
        self.show_data(host(self).data)

    def _state(self) -> tuple[ReviewMeeting, PokerRound] | None:
        meeting = host(self).data.workspace.reviews.get(self.meeting_id)
        if meeting is None:
            return None
        try:
            return meeting, meeting.round(self.round_id)
        except InputError:
            return None

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from a new snapshot: another process's card shows as voted, never its value."""
        state = self._state()
        if state is None:
            return
        meeting, poker = state
        workspace = data.workspace
        topic = Text(_("Round {id}").format(id=poker.id), style="bold")
        topic.append("  ")
        topic.append(poker.topic, style="bold")
        if poker.member_id is not None:
            topic.append("  ")
            topic.append(_("for {member}").format(member=workspace.owner_name(poker.member_id)))
        topic.append("\n")
        topic.append(
            _("Which level should it be now?") if poker.about == "current" else _("Which level should it grow to?")
        )
        self.query_one("#poker-topic", Static).update(topic)
        count = Text(voted_count(meeting, poker), style="bold")
        waiting = waiting_for(meeting, poker)
        if poker.revealed_at is None and waiting:
            count.append("   ")
            count.append(_("Next: {name} (Enter)").format(name=waiting[0]))
        elif poker.revealed_at is None:
            count.append("   ")
            count.append(_("Everyone has voted: Space reveals the cards."))
        self.query_one("#poker-count", Static).update(count)
        width = max(CARD_WIDTH, (self.size.width or 80) - 4)
        self.query_one("#poker-cards", Static).update(poker_cards(meeting, poker, width))
        self.query_one("#poker-outcome", Static).update(self._outcome(meeting, poker))

    def _outcome(self, meeting: ReviewMeeting, poker: PokerRound) -> Text:
        if poker.revealed_at is None:
            return Text(_("The cards stay face down until everyone is ready."))
        found = spread(poker) or 0
        text = Text(_("Spread: {spread}").format(spread=found), style="bold")
        text.append("\n")
        if found > SETTLED_SPREAD:
            text.append(
                _("Highest: {high}. Lowest: {low}. Please explain your cards.").format(
                    high=", ".join(highest_voters(poker)), low=", ".join(lowest_voters(poker))
                )
            )
            text.append("\n")
        suggested = suggested_level(poker)
        if is_settled(poker):
            text.append(
                _("Settled (spread {most} or less): agree {level} with a, or another level with 1-7.").format(
                    most=SETTLED_SPREAD, level=suggested.display if suggested else "-"
                )
            )
        else:
            text.append(_("Not settled yet: talk it through, then re-vote with v."))
        if poker.agreed is not None:
            text.append("\n")
            text.append(_("Agreed: {level}").format(level=poker.agreed.display), style="bold reverse")
        return text

    def action_vote(self) -> None:
        """The next participant who has not voted picks a card in a masked prompt."""
        state = self._state()
        if state is None:
            return
        meeting, poker = state
        waiting = waiting_for(meeting, poker)
        if poker.revealed_at is not None or not waiting:
            self.app.bell()
            return
        name = waiting[0]

        def check(value: str) -> str | None:
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 7):
                return _("Pick a card from 1 (Tell) to 7 (Delegate).")
            return None

        def played(value: str | None) -> None:
            if not value:
                return
            app = host(self)
            app.apply(lambda: app.store.cast_vote(self.meeting_id, self.round_id, name, int(value), now=app.now()))

        self.app.push_screen(
            MeetingPrompt(
                _("{name}: your card, 1 (Tell) to 7 (Delegate). Nobody else looks.").format(name=name),
                secret=True,
                check=check,
            ),
            played,
        )

    def action_reveal(self) -> None:
        """Show every card at once."""
        app = host(self)
        app.apply(lambda: app.store.reveal_round(self.meeting_id, self.round_id, now=app.now()))

    def action_revote(self) -> None:
        """A new round on the same topic; this round's cards are kept."""
        app = host(self)
        started: list[int] = []
        if app.apply(lambda: started.append(app.store.revote(self.meeting_id, self.round_id, now=app.now()).id)):
            self.round_id = started[0]
            self.show_data(app.data)

    def action_agree(self, level: int | None = None) -> None:
        """Agree a level (the middle card without a number) and put it on the board and into the agreement."""
        state = self._state()
        if state is None:
            return
        _meeting, poker = state
        if poker.revealed_at is None:
            self.app.bell()
            return
        chosen = DelegationLevel(level) if level is not None else suggested_level(poker)
        if chosen is None:
            return
        app = host(self)
        workspace = app.data.workspace
        now = app.now()
        if poker.member_id is not None and poker.area_id is not None:
            subject = _("{member}, {area}").format(
                member=workspace.owner_name(poker.member_id), area=workspace.area_name(poker.area_id)
            )
        else:
            subject = poker.topic
        if poker.about == "desired":
            decision = _("{subject}: desired level {level}, agreed in Delegation Poker (round {id}).")
        else:
            decision = _("{subject}: level {level}, agreed in Delegation Poker (round {id}).")
        text = decision.format(subject=subject, level=chosen.display, id=poker.id)
        member_id, area_id, round_id = poker.member_id, poker.area_id, poker.id

        def agree() -> None:
            if member_id is not None and area_id is not None:
                app.store.set_agreement(
                    member_id, level_change(area_id, chosen, poker.about), now=now, context=EventContext.REVIEW
                )
            app.store.update_meeting(
                self.meeting_id,
                lambda m: with_decision(
                    with_agreed(m, round_id, chosen), text, now, member_id=member_id, area_id=area_id, round_id=round_id
                ),
                now=now,
            )

        app.apply(agree, success=text)

    def action_back(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
