"""The change verbs of review meetings and Delegation Poker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from delegate_tui.i18n import _
from delegate_tui.model import (
    Event,
    EventContext,
    EventKind,
    Initiator,
    InputError,
    PokerRound,
    Readiness,
    ReviewMeeting,
    Workspace,
    utc,
)
from delegate_tui.storage.task_changes import TaskChanges
from delegate_tui.storage.workspace_file import Transaction


class MeetingChanges(TaskChanges):
    """Changes of review meetings: agenda and minutes, poker rounds and votes, pulses, closing."""

    def start_meeting(self, meeting: ReviewMeeting, *, now: datetime) -> ReviewMeeting:
        """Keep a new review meeting (see :func:`delegate_tui.meeting.new_meeting`) and return it with its id."""

        def apply(tx: Transaction) -> ReviewMeeting:
            self._check_meeting_refs(tx.workspace, meeting)
            started = ReviewMeeting.model_validate({**meeting.model_dump(), "id": tx.next_id(tx.workspace.reviews)})
            tx.put("reviews", started.id, started.model_dump(mode="json"))
            return started

        return self._change(now, apply)

    def update_meeting(
        self,
        meeting_id: int,
        change: Callable[[ReviewMeeting], ReviewMeeting],
        *,
        now: datetime,
        events: Callable[[ReviewMeeting], list[Event]] | None = None,
    ) -> ReviewMeeting:
        """Apply ``change`` to the meeting as it is on disk now (read under the lock) and save it.

        ``change`` must carry only what this process does (a vote, a reveal): another process's
        votes in the meantime are in the meeting it gets. ``events`` gives the events that belong
        to the change (a pulse), recorded in the same transaction. A closed meeting is refused.
        """

        def apply(tx: Transaction) -> ReviewMeeting:
            current = tx.workspace.reviews.get(meeting_id)
            if current is None:
                raise InputError(_("There is no review meeting with id {id}.").format(id=meeting_id))
            if current.status == "closed":
                raise InputError(
                    _("Review meeting {id} is closed; its minutes no longer change.").format(id=meeting_id)
                )
            changed = change(current)
            updated = ReviewMeeting.model_validate({**changed.model_dump(), "id": meeting_id})
            self._check_meeting_refs(tx.workspace, updated)
            for event in events(updated) if events is not None else []:
                if event.member_id is not None and event.member_id not in tx.workspace.members:
                    raise InputError(_("There is no member with id {id}.").format(id=event.member_id))
                tx.record(event)
            tx.put("reviews", meeting_id, updated.model_dump(mode="json"))
            return updated

        return self._change(now, apply)

    def start_poker_round(
        self,
        meeting_id: int,
        *,
        topic: str,
        area_id: int | None = None,
        member_id: int | None = None,
        about: Literal["current", "desired"] = "current",
        now: datetime,
    ) -> PokerRound:
        """Start a round of Delegation Poker on a decision area or a situation typed in."""
        from delegate_tui.meeting import with_new_round

        at = utc(now)
        meeting = self.update_meeting(
            meeting_id,
            lambda m: with_new_round(m, topic=topic, at=at, area_id=area_id, member_id=member_id, about=about),
            now=now,
        )
        return meeting.rounds[-1]

    def cast_vote(self, meeting_id: int, round_id: int, participant: str, card: int, *, now: datetime) -> PokerRound:
        """Keep ``participant``'s hidden card in a round (one per participant per round)."""
        from delegate_tui.meeting import with_vote

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: with_vote(m, round_id, participant, card, at), now=now).round(
            round_id
        )

    def reveal_round(self, meeting_id: int, round_id: int, *, now: datetime) -> PokerRound:
        """Reveal every card of a round at once."""
        from delegate_tui.meeting import revealed

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: revealed(m, round_id, at), now=now).round(round_id)

    def revote(self, meeting_id: int, round_id: int, *, now: datetime) -> PokerRound:
        """Start a new round on the topic of the revealed round ``round_id`` (the old cards are kept)."""
        from delegate_tui.meeting import with_revote

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: with_revote(m, round_id, at), now=now).rounds[-1]

    def record_meeting_pulse(
        self, meeting_id: int, member_id: int, score: int, *, readiness: Readiness | None = None, now: datetime
    ) -> ReviewMeeting:
        """Keep a member's pulse in the meeting and record it as a ``pulse`` event (context review)."""
        from delegate_tui.meeting import with_pulse

        at = utc(now)
        pulse = Event(
            kind=EventKind.PULSE,
            at=at,
            recorded_at=utc(datetime.now().astimezone()),
            member_id=member_id,
            score=score,
            by=Initiator.MEMBER,
            context=EventContext.REVIEW,
        )
        return self.update_meeting(
            meeting_id, lambda m: with_pulse(m, member_id, score, at, readiness), now=now, events=lambda _m: [pulse]
        )

    def close_meeting(self, meeting_id: int, *, now: datetime) -> ReviewMeeting:
        """Close a meeting: its minutes are final."""
        from delegate_tui.meeting import closed

        at = utc(now)
        return self.update_meeting(meeting_id, lambda m: closed(m, at), now=now)

    @staticmethod
    def _check_meeting_refs(workspace: Workspace, meeting: ReviewMeeting) -> None:
        for item in meeting.agenda:
            TaskChanges._check_refs(workspace, owner_id=item.member_id, area_id=item.area_id)
        for poker in meeting.rounds:
            TaskChanges._check_refs(workspace, owner_id=poker.member_id, area_id=poker.area_id)
