"""A remote participant's view of a review meeting: the current poker round and their own card.

This is all a participant's browser tab ever shows (``delegate serve``, ``?join=NAME``): the
meeting's participants, the topic of the latest round of Delegation Poker, how many have voted,
the cards face down until the facilitator reveals them (then every card at once, the spread and
who should explain), and a masked prompt for the participant's own card. No agenda, no
agreement, no flags, no notes: nothing private reaches this screen. It redraws from the app's
latest reading of the workspace, so a card played in another tab, or the facilitator's reveal,
shows here within the app's watch interval.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, Protocol, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input, Static

from delegate_tui.i18n import _, ngettext
from delegate_tui.meeting import (
    SETTLED_SPREAD,
    current_round,
    has_voted,
    highest_voters,
    lowest_voters,
    open_meeting,
    spread,
)
from delegate_tui.model import PokerRound, ReviewMeeting, Workspace
from delegate_tui.screens.poker_cards import CARD_WIDTH, poker_cards, voted_count
from delegate_tui.storage.store import Store

TRACE_ENV = "DELEGATE_SERVE_TRACE"
"""When set, each redraw appends what the screen shows, as one JSON line, to this file (tests read it:
a browser draws the terminal on a canvas, so what a tab shows cannot be read off the page)."""


class ParticipantHost(Protocol):
    """The participant app as its screens see it."""

    store: Store
    workspace: Workspace
    participant: str | None

    def now(self) -> datetime:
        """The app's clock."""
        ...

    def apply(self, change: Callable[[], object]) -> str | None:
        """Run a store change; the problem in one sentence, or None when it was kept."""
        ...


def participant_host(node: DOMNode) -> ParticipantHost:
    """The participant app of a screen."""
    return cast(ParticipantHost, node.app)


class ParticipantScreen(Screen[None]):
    """The meeting as one participant sees it in their own tab."""

    CSS_PATH = "participant.tcss"
    DEFAULT_CLASSES = "participant-screen"
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self) -> None:
        super().__init__()
        self._prompting = False
        """Whether the card prompt is shown (it takes the focus when it appears)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="participant-body", can_focus=False):
            yield Static("", id="participant-head", markup=False)
            yield Static("", id="participant-topic", markup=False)
            yield Static("", id="participant-count", markup=False)
            yield Static("", id="participant-cards", markup=False)
            yield Static("", id="participant-outcome", markup=False)
            yield Static("", id="participant-prompt", markup=False)
            yield Input(password=True, placeholder=_("1 to 7"), id="participant-card")
            yield Static("", id="participant-error", markup=False)

    def on_mount(self) -> None:
        self.sub_title = _("Review meeting")
        self.show_workspace(participant_host(self).workspace)

    def on_resize(self) -> None:
        self.show_workspace(participant_host(self).workspace)

    def show_workspace(self, workspace: Workspace) -> None:
        """Redraw from a new reading of the workspace (another tab's card or the reveal included)."""
        app = participant_host(self)
        name = app.participant or ""
        meeting = open_meeting(workspace)
        head = Text(_("You are {name}.").format(name=name), style="bold")
        box = self.query_one("#participant-card", Input)
        if meeting is None:
            head.append("\n")
            head.append(_("No review meeting is open yet: this page follows it once the facilitator starts one."))
            self.query_one("#participant-head", Static).update(head)
            for part in ("topic", "count", "cards", "outcome", "prompt"):
                self.query_one(f"#participant-{part}", Static).update("")
            box.display = self._prompting = False
            self._trace(None, None)
            return
        head.append("  ")
        head.append(_("Review meeting #{id}").format(id=meeting.id))
        head.append("\n")
        head.append(
            ngettext("{count} participant: ", "{count} participants: ", len(meeting.participants)).format(
                count=len(meeting.participants)
            )
        )
        head.append(", ".join(meeting.participants))
        self.query_one("#participant-head", Static).update(head)
        poker = current_round(meeting)
        if poker is None:
            self.query_one("#participant-topic", Static).update(
                _("Waiting for the facilitator to start a round of Delegation Poker.")
            )
            for part in ("count", "cards", "outcome", "prompt"):
                self.query_one(f"#participant-{part}", Static).update("")
            box.display = self._prompting = False
            self._trace(meeting, None)
            return
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
        self.query_one("#participant-topic", Static).update(topic)
        self.query_one("#participant-count", Static).update(Text(voted_count(meeting, poker), style="bold"))
        width = max(CARD_WIDTH, (self.size.width or 80) - 4)
        self.query_one("#participant-cards", Static).update(poker_cards(meeting, poker, width))
        self.query_one("#participant-outcome", Static).update(self._outcome(poker))
        prompt = self.query_one("#participant-prompt", Static)
        can_vote = poker.revealed_at is None and not has_voted(poker, name)
        if can_vote:
            prompt.update(
                Text(_("{name}: your card, 1 (Tell) to 7 (Delegate), then Enter.").format(name=name), style="bold")
            )
        elif poker.revealed_at is None:
            prompt.update(_("Your card is on the table, face down, until the facilitator reveals the round."))
        else:
            prompt.update("")
        box.display = can_vote
        if can_vote and not self._prompting:
            box.value = ""
            box.focus()
        self._prompting = can_vote
        self._trace(meeting, poker)

    def _outcome(self, poker: PokerRound) -> Text:
        if poker.revealed_at is None:
            return Text(_("The cards stay face down until the facilitator reveals them."))
        found = spread(poker) or 0
        text = Text(_("Spread: {spread}").format(spread=found), style="bold")
        if found > SETTLED_SPREAD:
            text.append("\n")
            text.append(
                _("Highest: {high}. Lowest: {low}. Please explain your cards.").format(
                    high=", ".join(highest_voters(poker)), low=", ".join(lowest_voters(poker))
                )
            )
        if poker.agreed is not None:
            text.append("\n")
            text.append(_("Agreed: {level}").format(level=poker.agreed.display), style="bold reverse")
        return text

    @on(Input.Submitted, "#participant-card")
    def _played(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        error = self.query_one("#participant-error", Static)
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 7):
            error.update(_("Pick a card from 1 (Tell) to 7 (Delegate)."))
            return
        app = participant_host(self)
        meeting = open_meeting(app.workspace)
        poker = current_round(meeting) if meeting is not None else None
        if meeting is None or poker is None or app.participant is None:
            return
        meeting_id, round_id, name = meeting.id, poker.id, app.participant
        problem = app.apply(lambda: app.store.cast_vote(meeting_id, round_id, name, int(value), now=app.now()))
        error.update(problem or "")
        event.input.value = ""

    def _trace(self, meeting: ReviewMeeting | None, poker: PokerRound | None) -> None:
        path = os.environ.get(TRACE_ENV)
        if not path:
            return
        shown: dict[str, object] = {"participant": participant_host(self).participant, "meeting": None}
        if meeting is not None:
            shown["meeting"] = meeting.id
        if meeting is not None and poker is not None:
            shown.update(
                round=poker.id,
                count=voted_count(meeting, poker),
                revealed=poker.revealed_at is not None,
                # Only what the screen shows: the numbers after the reveal, never before.
                cards={vote.participant: int(vote.card) for vote in poker.votes} if poker.revealed_at else {},
            )
        with open(path, "a", encoding="utf-8") as trace:
            trace.write(json.dumps(shown) + "\n")
