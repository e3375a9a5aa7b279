"""Review meetings and their minutes: agenda, Delegation Poker rounds, decisions, pulses, notes."""

# No `from __future__ import annotations`: pydantic builds these classes at every start, and reads
# annotations that are types faster than text it must evaluate (see docs/speed.md).

from typing import Literal

from pydantic import Field, field_validator

from delegate_tui.i18n import _
from delegate_tui.model.base import InputError, Record
from delegate_tui.model.dates import Moment
from delegate_tui.model.levels import DelegationLevel, Level, Readiness
from delegate_tui.model.text import Description, Name, Note, Title

PokerAbout = Literal["current", "desired"]
"""What a Delegation Poker round is about: the level in force now, or where it should go."""


class PokerVote(Record):
    """One participant's card in one round of Delegation Poker."""

    participant: Name
    card: Level
    at: Moment

    @field_validator("card", mode="before")
    @classmethod
    def _card(cls, value: object) -> DelegationLevel:
        return DelegationLevel.parse(value, "card")


class PokerRound(Record):
    """One round of Delegation Poker: every card is kept, hidden until ``revealed_at``.

    A re-vote is a new round on the same topic, so that the earlier cards stay in the minutes.
    """

    id: int
    topic: Title = Field(description="The decision area's name or a situation typed in.")
    area_id: int | None = None
    member_id: int | None = None
    about: PokerAbout = "current"
    started_at: Moment
    votes: list[PokerVote] = Field(default_factory=list)
    revealed_at: Moment | None = None
    agreed: DelegationLevel | None = Field(default=None, description="The level the group agreed on, if any.")


AgendaKind = Literal["review_due", "control_flags", "desired_gap", "growth_goal_due", "added"]
"""Why an item is on a meeting's agenda."""


class AgendaItem(Record):
    """One item of a review meeting's agenda; its words are made when it is shown."""

    kind: AgendaKind
    member_id: int | None = None
    area_id: int | None = None
    text: Title | None = Field(default=None, description="The facilitator's words for an item added by hand.")
    status: Literal["pending", "reviewed", "skipped"] = "pending"


class MeetingDecision(Record):
    """Something the meeting changed or confirmed, in the words shown in the minutes."""

    at: Moment
    member_id: int | None = None
    area_id: int | None = None
    text: Description
    round_id: int | None = None


class MeetingPulse(Record):
    """A member's pulse captured in the meeting (also recorded as a ``pulse`` event)."""

    member_id: int
    score: int = Field(ge=1, le=5)
    at: Moment
    readiness: Readiness | None = Field(default=None, description="The member's own readiness, when they gave it.")


class MeetingNote(Record):
    """A private note taken in the meeting: kept in the manager's copy of the minutes only."""

    at: Moment
    member_id: int | None = None
    text: Note


class ReviewMeeting(Record):
    """A review meeting and its minutes: agenda, poker rounds with every vote, decisions, pulses, notes."""

    id: int = 0
    started_at: Moment
    ended_at: Moment | None = None
    status: Literal["open", "closed"] = "open"
    facilitator: Name
    participants: list[Name] = Field(default_factory=list, description="The manager and the members present.")
    agenda: list[AgendaItem] = Field(default_factory=list)
    rounds: list[PokerRound] = Field(default_factory=list)
    decisions: list[MeetingDecision] = Field(default_factory=list)
    pulses: list[MeetingPulse] = Field(default_factory=list)
    notes: list[MeetingNote] = Field(default_factory=list, description="Private.")

    def round(self, round_id: int) -> PokerRound:
        """The round with ``round_id``, or :class:`InputError`."""
        for found in self.rounds:
            if found.id == round_id:
                return found
        raise InputError(_("There is no poker round {id} in this meeting.").format(id=round_id))
