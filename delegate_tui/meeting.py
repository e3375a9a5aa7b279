"""Review meetings and Delegation Poker: the agenda, the version diff, the rounds and their spread.

Pure domain: no Textual, no TinyDB, no storage. The records live in :mod:`delegate_tui.model`
(:class:`~delegate_tui.model.ReviewMeeting` is part of the workspace); the functions here build
agendas and return changed copies of a meeting, which the store applies to the meeting it reads
under its lock (:meth:`delegate_tui.storage.store.Store.update_meeting`), so that several app
processes on one workspace (a projector and remote participants) never lose each other's votes.

A round of poker keeps every card. Cards stay hidden until the facilitator reveals the round; a
re-vote is a new round on the same topic. A round has **settled** when it is revealed, at least
two cards were played and the highest and the lowest card are at most :data:`SETTLED_SPREAD`
levels apart: neighbouring levels differ in nuance, two levels apart move the decision to
someone else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from statistics import median_low

from delegate_tui.i18n import _
from delegate_tui.model import (
    AgendaItem,
    AgreementTerms,
    DelegationLevel,
    Event,
    EventKind,
    InputError,
    MeetingDecision,
    MeetingNote,
    MeetingPulse,
    PokerAbout,
    PokerRound,
    PokerVote,
    Readiness,
    ReviewMeeting,
    TrustAgreement,
    Workspace,
    cadence_label,
    utc,
)
from delegate_tui.patterns.models import Flag
from delegate_tui.patterns.rules.stale_agreement import review_due

SETTLED_SPREAD = 1
"""A revealed round whose highest and lowest cards are at most this far apart has settled."""

_KIND_ORDER = {"review_due": 0, "control_flags": 1, "growth_goal_due": 2, "desired_gap": 3, "added": 4}


# --------------------------------------------------------------------------- the agenda


def build_agenda(
    workspace: Workspace, events: Sequence[Event], flags: Iterable[Flag], now: datetime
) -> list[AgendaItem]:
    """What a review meeting should talk about, as of ``now``.

    Agreements whose review is due or overdue (the stale-agreement rule's own :func:`review_due`),
    members with open (unacknowledged) control flags, areas whose desired level passed its date
    (a growth goal due) and other areas whose desired level differs from the agreed one. Members
    come in the order of their last review (never reviewed first), then by name.
    """
    today = utc(now).date()
    items: list[AgendaItem] = []
    for member_id, agreement in workspace.agreements.items():
        if member_id not in workspace.members:
            continue
        if review_due(agreement) <= today:
            items.append(AgendaItem(kind="review_due", member_id=member_id))
        for area_id, entry in agreement.levels.items():
            if entry.desired is None or entry.desired == entry.level:
                continue
            overdue = entry.desired_by is not None and entry.desired_by < today
            items.append(
                AgendaItem(kind="growth_goal_due" if overdue else "desired_gap", member_id=member_id, area_id=area_id)
            )
    flagged = sorted(
        {
            flag.member_id
            for flag in flags
            if flag.category == "control" and flag.acknowledged is None and flag.member_id in workspace.members
        }
        - {None}
    )
    items += [AgendaItem(kind="control_flags", member_id=member_id) for member_id in flagged if member_id is not None]
    last_review: dict[int, datetime] = {}
    for event in events:
        if event.kind is EventKind.REVIEW and event.member_id is not None:
            last_review[event.member_id] = max(event.at, last_review.get(event.member_id, event.at))

    def order(item: AgendaItem) -> tuple[object, ...]:
        member = workspace.members.get(item.member_id or 0)
        reviewed = last_review.get(item.member_id or 0)
        return (
            reviewed is not None,
            reviewed or now,
            member.name.casefold() if member else "",
            item.member_id or 0,
            _KIND_ORDER[item.kind],
            workspace.area_name(item.area_id).casefold(),
        )

    return sorted(items, key=order)


def item_title(workspace: Workspace, item: AgendaItem) -> str:
    """An agenda item in one sentence, as the meeting screen and the minutes show it."""
    member = workspace.owner_name(item.member_id) if item.member_id is not None else ""
    area = workspace.area_name(item.area_id)
    if item.kind == "review_due":
        return _("{member}: the agreement is due for review").format(member=member)
    if item.kind == "control_flags":
        return _("{member}: open flags about control").format(member=member)
    if item.kind == "growth_goal_due":
        return _("{member}: {area}, the desired level was due").format(member=member, area=area)
    if item.kind == "desired_gap":
        return _("{member}: {area}, desired level not reached").format(member=member, area=area)
    return item.text or _("An item added in the meeting.")


# --------------------------------------------------------------------------- what changed


def terms_at(agreement: TrustAgreement, day: date | None) -> AgreementTerms:
    """The terms in force at the end of ``day`` (the first version when ``day`` is None or earlier)."""
    versions: list[tuple[datetime, AgreementTerms]] = [(version.changed_at, version) for version in agreement.history]
    versions.append((agreement.changed_at, agreement.terms()))
    chosen = versions[0][1]
    for changed_at, terms in versions:
        if day is not None and changed_at.date() <= day:
            chosen = terms
    return AgreementTerms.model_validate(
        chosen.model_dump(include=set(AgreementTerms.model_fields)), context={"stored": True}
    )


def _level(level: DelegationLevel | None) -> str:
    return level.display if level is not None else _("none")


def version_diff(workspace: Workspace, agreement: TrustAgreement, since: date | None = None) -> list[str]:
    """What changed in ``agreement`` since ``since`` (default: its last review), one sentence each.

    Levels, desired levels and their dates per area, the check-in cadence, the review interval,
    guardrails and growth goals. Empty when nothing changed (or the agreement has one version).
    """
    before = terms_at(agreement, since if since is not None else agreement.last_review)
    after = agreement.terms()
    changes: list[str] = []
    for area_id in sorted(before.levels.keys() | after.levels.keys(), key=lambda a: workspace.area_name(a).casefold()):
        area = workspace.area_name(area_id)
        was, now = before.levels.get(area_id), after.levels.get(area_id)
        if was is None and now is not None:
            changes.append(_("{area}: agreed at {level}.").format(area=area, level=now.level.display))
        elif was is not None and now is None:
            changes.append(_("{area}: taken out of the agreement.").format(area=area))
        elif was is not None and now is not None:
            if was.level != now.level:
                changes.append(
                    _("{area}: level {before} became {after}.").format(
                        area=area, before=was.level.display, after=now.level.display
                    )
                )
            if was.desired != now.desired or was.desired_by != now.desired_by:
                changes.append(
                    _("{area}: desired level {before} became {after}.").format(
                        area=area,
                        before=_level(was.desired) + (f" ({was.desired_by.isoformat()})" if was.desired_by else ""),
                        after=_level(now.desired) + (f" ({now.desired_by.isoformat()})" if now.desired_by else ""),
                    )
                )
    if before.cadence != after.cadence:
        changes.append(
            _("Check-ins: {before} became {after}.").format(
                before=cadence_label(before.cadence), after=cadence_label(after.cadence)
            )
        )
    if before.review_every_days != after.review_every_days:
        changes.append(
            _("Review every {before} days became every {after} days.").format(
                before=before.review_every_days, after=after.review_every_days
            )
        )
    for label_added, label_removed, was_list, now_list in (
        (_("Guardrail added: {text}"), _("Guardrail removed: {text}"), before.guardrails, after.guardrails),
        (_("Growth goal added: {text}"), _("Growth goal removed: {text}"), before.growth_goals, after.growth_goals),
    ):
        changes += [label_added.format(text=text) for text in now_list if text not in was_list]
        changes += [label_removed.format(text=text) for text in was_list if text not in now_list]
    return changes


# --------------------------------------------------------------------------- poker


def spread(poker: PokerRound) -> int | None:
    """Levels between the highest and the lowest card (None before any card)."""
    if not poker.votes:
        return None
    cards = [int(vote.card) for vote in poker.votes]
    return max(cards) - min(cards)


def highest_voters(poker: PokerRound) -> list[str]:
    """Who played the highest card (in voting order); empty before any card."""
    if not poker.votes:
        return []
    top = max(vote.card for vote in poker.votes)
    return [vote.participant for vote in poker.votes if vote.card == top]


def lowest_voters(poker: PokerRound) -> list[str]:
    """Who played the lowest card (in voting order); empty before any card."""
    if not poker.votes:
        return []
    low = min(vote.card for vote in poker.votes)
    return [vote.participant for vote in poker.votes if vote.card == low]


def is_settled(poker: PokerRound) -> bool:
    """Whether the round is revealed, has two cards or more, and a spread of at most :data:`SETTLED_SPREAD`."""
    found = spread(poker)
    return poker.revealed_at is not None and len(poker.votes) >= 2 and found is not None and found <= SETTLED_SPREAD


def suggested_level(poker: PokerRound) -> DelegationLevel | None:
    """The middle card of a revealed round (the lower of the two middle ones): a proposal, not a decision."""
    if poker.revealed_at is None or not poker.votes:
        return None
    return DelegationLevel(median_low(int(vote.card) for vote in poker.votes))


def has_voted(poker: PokerRound, participant: str) -> bool:
    """Whether ``participant`` has played a card in this round."""
    wanted = participant.casefold()
    return any(vote.participant.casefold() == wanted for vote in poker.votes)


def waiting_for(meeting: ReviewMeeting, poker: PokerRound) -> list[str]:
    """The participants who have not played a card in ``poker`` yet."""
    return [name for name in meeting.participants if not has_voted(poker, name)]


def current_round(meeting: ReviewMeeting) -> PokerRound | None:
    """The latest round of the meeting, if any."""
    return meeting.rounds[-1] if meeting.rounds else None


def _participant(meeting: ReviewMeeting, name: str) -> str:
    wanted = " ".join(name.split()).casefold()
    for known in meeting.participants:
        if known.casefold() == wanted:
            return known
    raise InputError(_("{name!r} is not a participant of this meeting.").format(name=name))


def _with_round(meeting: ReviewMeeting, poker: PokerRound) -> ReviewMeeting:
    rounds = [poker if existing.id == poker.id else existing for existing in meeting.rounds]
    return meeting.model_copy(update={"rounds": rounds})


def new_meeting(
    *, facilitator: str, participants: Sequence[str], agenda: Sequence[AgendaItem], at: datetime
) -> ReviewMeeting:
    """An open meeting; the participants keep their order, each name once (the facilitator included)."""
    names: list[str] = []
    for name in [facilitator, *participants]:
        cleaned = " ".join(name.split())
        if cleaned and cleaned.casefold() not in {known.casefold() for known in names}:
            names.append(cleaned)
    if len(names) < 2:
        raise InputError(_("A review meeting needs at least two participants."))
    return ReviewMeeting(started_at=at, facilitator=facilitator, participants=names, agenda=list(agenda))


def with_new_round(
    meeting: ReviewMeeting,
    *,
    topic: str,
    at: datetime,
    area_id: int | None = None,
    member_id: int | None = None,
    about: PokerAbout = "current",
) -> ReviewMeeting:
    """The meeting with a new round of poker on ``topic`` (a decision area's name or a situation)."""
    poker = PokerRound(
        id=max((existing.id for existing in meeting.rounds), default=0) + 1,
        topic=topic,
        area_id=area_id,
        member_id=member_id,
        about=about,
        started_at=at,
    )
    return meeting.model_copy(update={"rounds": [*meeting.rounds, poker]})


def with_vote(meeting: ReviewMeeting, round_id: int, participant: str, card: object, at: datetime) -> ReviewMeeting:
    """The meeting with ``participant``'s card in round ``round_id``: one card per participant per round."""
    poker = meeting.round(round_id)
    name = _participant(meeting, participant)
    if poker.revealed_at is not None:
        raise InputError(_("Round {id} is already revealed; start a re-vote to play again.").format(id=round_id))
    if has_voted(poker, name):
        raise InputError(_("{name} has already played a card in round {id}.").format(name=name, id=round_id))
    vote = PokerVote(participant=name, card=DelegationLevel.parse(card, "card"), at=at)
    return _with_round(meeting, poker.model_copy(update={"votes": [*poker.votes, vote]}))


def revealed(meeting: ReviewMeeting, round_id: int, at: datetime) -> ReviewMeeting:
    """The meeting with round ``round_id`` revealed: every card shown at once."""
    poker = meeting.round(round_id)
    if poker.revealed_at is not None:
        return meeting
    if not poker.votes:
        raise InputError(_("Nobody has played a card in round {id} yet.").format(id=round_id))
    return _with_round(meeting, poker.model_copy(update={"revealed_at": utc(at)}))


def with_revote(meeting: ReviewMeeting, round_id: int, at: datetime) -> ReviewMeeting:
    """The meeting with a new round on the same topic as the revealed round ``round_id``."""
    poker = meeting.round(round_id)
    if poker.revealed_at is None:
        raise InputError(_("Round {id} is not revealed yet: reveal it before a re-vote.").format(id=round_id))
    return with_new_round(
        meeting, topic=poker.topic, at=at, area_id=poker.area_id, member_id=poker.member_id, about=poker.about
    )


def with_agreed(meeting: ReviewMeeting, round_id: int, level: DelegationLevel) -> ReviewMeeting:
    """The meeting with ``level`` as what the group agreed in the revealed round ``round_id``."""
    poker = meeting.round(round_id)
    if poker.revealed_at is None:
        raise InputError(_("Round {id} is not revealed yet.").format(id=round_id))
    return _with_round(meeting, poker.model_copy(update={"agreed": level}))


def with_decision(
    meeting: ReviewMeeting,
    text: str,
    at: datetime,
    *,
    member_id: int | None = None,
    area_id: int | None = None,
    round_id: int | None = None,
) -> ReviewMeeting:
    """The meeting with a decision for the minutes."""
    decision = MeetingDecision(at=at, member_id=member_id, area_id=area_id, text=text, round_id=round_id)
    return meeting.model_copy(update={"decisions": [*meeting.decisions, decision]})


def with_pulse(
    meeting: ReviewMeeting, member_id: int, score: int, at: datetime, readiness: Readiness | None = None
) -> ReviewMeeting:
    """The meeting with a member's pulse (1-5) and, when given, their own readiness."""
    pulse = MeetingPulse(member_id=member_id, score=score, at=at, readiness=readiness)
    return meeting.model_copy(update={"pulses": [*meeting.pulses, pulse]})


def with_note(meeting: ReviewMeeting, text: str, at: datetime, member_id: int | None = None) -> ReviewMeeting:
    """The meeting with a private note (kept in the manager's copy of the minutes only)."""
    if not text.strip():
        raise InputError(_("note must not be empty."))
    note = MeetingNote(at=at, member_id=member_id, text=text)
    return meeting.model_copy(update={"notes": [*meeting.notes, note]})


def with_item_status(meeting: ReviewMeeting, index: int, status: str) -> ReviewMeeting:
    """The meeting with agenda item ``index`` marked pending, reviewed or skipped."""
    if not 0 <= index < len(meeting.agenda):
        raise InputError(_("There is no agenda item {number}.").format(number=index + 1))
    agenda = list(meeting.agenda)
    agenda[index] = AgendaItem.model_validate({**agenda[index].model_dump(), "status": status})
    return meeting.model_copy(update={"agenda": agenda})


def with_item(meeting: ReviewMeeting, item: AgendaItem) -> ReviewMeeting:
    """The meeting with ``item`` added at the end of its agenda."""
    return meeting.model_copy(update={"agenda": [*meeting.agenda, item]})


def with_item_moved(meeting: ReviewMeeting, index: int, offset: int) -> ReviewMeeting:
    """The meeting with agenda item ``index`` moved ``offset`` places (kept within the agenda)."""
    if not 0 <= index < len(meeting.agenda):
        raise InputError(_("There is no agenda item {number}.").format(number=index + 1))
    agenda = list(meeting.agenda)
    item = agenda.pop(index)
    agenda.insert(max(0, min(len(agenda), index + offset)), item)
    return meeting.model_copy(update={"agenda": agenda})


def closed(meeting: ReviewMeeting, at: datetime) -> ReviewMeeting:
    """The meeting closed at ``at``: its minutes are final."""
    return meeting.model_copy(update={"status": "closed", "ended_at": utc(at)})


def open_meeting(workspace: Workspace) -> ReviewMeeting | None:
    """The latest meeting still open, if any (a second app process joins it)."""
    found = [meeting for meeting in workspace.reviews.values() if meeting.status == "open"]
    return max(found, key=lambda meeting: meeting.id) if found else None


def meetings_about(workspace: Workspace, member_id: int) -> list[ReviewMeeting]:
    """The meetings that concern a member (an agenda item, a round, a decision or a pulse), newest first."""
    found = [
        meeting
        for meeting in workspace.reviews.values()
        if any(item.member_id == member_id for item in meeting.agenda)
        or any(poker.member_id == member_id for poker in meeting.rounds)
        or any(decision.member_id == member_id for decision in meeting.decisions)
        or any(pulse.member_id == member_id for pulse in meeting.pulses)
    ]
    return sorted(found, key=lambda meeting: (meeting.started_at, meeting.id), reverse=True)
