"""A review meeting's minutes as a document and as Markdown."""

from __future__ import annotations

from delegate_tui.i18n import _
from delegate_tui.model import ReviewMeeting, Workspace
from delegate_tui.summary.document import (
    AgendaItemSummary,
    DecisionSummary,
    NoteSummary,
    PulseSummary,
    ReviewSummary,
    RoundSummary,
    VoteSummary,
    _ref,
)
from delegate_tui.summary.markdown import _day, _inline, _show, _table


def _concerns(meeting: ReviewMeeting, member_id: int) -> bool:
    return (
        any(item.member_id == member_id for item in meeting.agenda)
        or any(poker.member_id == member_id for poker in meeting.rounds)
        or any(decision.member_id == member_id for decision in meeting.decisions)
        or any(pulse.member_id == member_id for pulse in meeting.pulses)
    )


def review_summary(
    workspace: Workspace, meeting: ReviewMeeting, *, include_private: bool = False, member_id: int | None = None
) -> ReviewSummary:
    """A meeting's minutes as a document: cards of unrevealed rounds stay hidden, private notes are
    left out unless ``include_private``; with ``member_id``, only what concerns that member."""
    from delegate_tui.meeting import item_title, spread

    def mine(found: int | None) -> bool:
        return member_id is None or found == member_id

    return ReviewSummary(
        id=meeting.id,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        status=meeting.status,
        facilitator=meeting.facilitator,
        participants=list(meeting.participants),
        agenda=[
            AgendaItemSummary(
                kind=item.kind,
                member_id=item.member_id,
                area_id=item.area_id,
                title=item_title(workspace, item),
                status=item.status,
            )
            for item in meeting.agenda
            if mine(item.member_id)
        ],
        rounds=[
            RoundSummary(
                id=poker.id,
                topic=poker.topic,
                area_id=poker.area_id,
                member_id=poker.member_id,
                about=poker.about,
                started_at=poker.started_at,
                revealed_at=poker.revealed_at,
                votes=[
                    VoteSummary(
                        participant=vote.participant,
                        card=_ref(vote.card) if poker.revealed_at is not None else None,
                        at=vote.at,
                    )
                    for vote in poker.votes
                ],
                spread=spread(poker) if poker.revealed_at is not None else None,
                agreed=_ref(poker.agreed),
            )
            for poker in meeting.rounds
            if mine(poker.member_id)
        ],
        decisions=[
            DecisionSummary(
                at=decision.at,
                member_id=decision.member_id,
                area_id=decision.area_id,
                text=decision.text,
                round_id=decision.round_id,
            )
            for decision in meeting.decisions
            if mine(decision.member_id)
        ],
        pulses=[
            PulseSummary(
                member_id=pulse.member_id,
                member=workspace.owner_name(pulse.member_id),
                score=pulse.score,
                readiness=pulse.readiness,
                at=pulse.at,
            )
            for pulse in meeting.pulses
            if mine(pulse.member_id)
        ],
        notes=(
            [NoteSummary(at=note.at, member_id=note.member_id, text=note.text) for note in meeting.notes]
            if include_private
            else None
        ),
    )


def review_markdown(review: ReviewSummary) -> str:
    """A meeting's minutes as Markdown for the team's wiki (private notes only when the document has them)."""
    lines = [
        _("# Review meeting {id}: {date}").format(id=review.id, date=_day(review.started_at)),
        "",
        _("Facilitator: {name}. Participants: {names}.").format(
            name=_inline(review.facilitator), names=", ".join(_inline(name) for name in review.participants)
        ),
        _("Status: {status}; started {start}, ended {end}.").format(
            status=review.status,
            start=review.started_at.strftime("%Y-%m-%d %H:%M UTC"),
            end=review.ended_at.strftime("%Y-%m-%d %H:%M UTC") if review.ended_at else _("not yet"),
        ),
        "",
        "## " + _("Agenda"),
        "",
    ]
    lines += [f"- [{item.status}] {_inline(item.title)}" for item in review.agenda] or [_("No agenda items.")]
    lines += ["", "## " + _("Delegation Poker"), ""]
    for poker in review.rounds:
        lines.append(
            (
                _("### Round {id}: {topic} (desired level)")
                if poker.about == "desired"
                else _("### Round {id}: {topic} (current level)")
            ).format(id=poker.id, topic=_inline(poker.topic))
        )
        lines.append("")
        if poker.revealed_at is None:
            lines.append(_("Not revealed: {count} cards played, kept hidden.").format(count=len(poker.votes)))
        else:
            lines += _table(
                [_("Participant"), _("Card")], [[vote.participant, _show(vote.card)] for vote in poker.votes]
            )
            lines.append("")
            lines.append(_("Spread: {spread}.").format(spread=poker.spread))
        if poker.agreed is not None:
            lines.append(_("Agreed: {level}.").format(level=_show(poker.agreed)))
        lines.append("")
    if not review.rounds:
        lines += [_("No rounds were played."), ""]
    lines += ["## " + _("Decisions"), ""]
    lines += [f"- {_inline(decision.text)}" for decision in review.decisions] or [_("No decisions.")]
    lines += ["", "## " + _("Pulses"), ""]
    lines += [
        _("- {member}: {score} of 5").format(member=_inline(pulse.member), score=pulse.score)
        + (_(", own readiness {readiness}").format(readiness=pulse.readiness.value) if pulse.readiness else "")
        for pulse in review.pulses
    ] or [_("No pulses.")]
    if review.notes is not None:
        lines += ["", "## " + _("Private notes"), ""]
        lines += [f"- {_inline(note.text)}" for note in review.notes] or [_("No notes.")]
    return "\n".join(lines) + "\n"
