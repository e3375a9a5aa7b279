"""MM013 perception-gap: the manager's and the member's view of their readiness far apart.

Two sources of the same finding: the readiness ratings in the agreement (yours and the member's
own), and the cards you and the member played in the latest revealed Delegation Poker round about
them and an area (a review meeting's round, :attr:`Workspace.reviews`).

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: an area without both ratings, or ratings closer than the gap setting (2 steps unless
set otherwise). For poker: a round not revealed, a round without both your card and the member's,
a situation typed in (no area), or cards closer than the same gap setting (in levels); only the
latest revealed round about the member and the area counts, so a re-vote in which you come
together clears it. A changed pair of ratings or cards is a new finding.

Predicate for screens: :func:`is_perception_gap` (the board's readiness mark).
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _, ngettext
from delegate_tui.model import AreaAgreement, DelegationLevel, PokerRound, ReviewMeeting, Settings, Workspace
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.thresholds import is_enabled, params_of

RULE = Rule.declare(
    id="MM013",
    name="perception-gap",
    severity=Severity.INFO,
    category="growth",
    summary=N_("You and the member see their readiness in an area very differently."),
    what_it_checks=N_(
        "For each area of a member's current agreement with both readiness views filled in: your "
        "rating and the member's own rating differ by {gap} steps or more (D1 to D4 are steps 1 to 4). "
        "And for each member and area with a revealed Delegation Poker round: in the latest one, your card "
        "and the member's card differ by {gap} levels or more."
    ),
    why_it_matters=N_(
        "{sl} separates competence from confidence: autonomy needs both your trust and the person's "
        "trust in themselves. Delegation Poker ({m30}) exists to surface exactly these gaps."
    ),
    example=N_(
        "You rate Priya D4 in Hiring; she rates herself D2: a gap of 2 steps, so MM013 suggests "
        "talking about what you see in her work."
    ),
    params=[param("gap", 2, N_("Flag a difference of this many steps or more."), 1, 3, True)],
)


def readiness_gap(entry: AreaAgreement) -> int | None:
    """How many steps apart your readiness rating and the member's own are (None unless both are set)."""
    if entry.readiness is None or entry.self_readiness is None:
        return None
    return abs(entry.readiness.step - entry.self_readiness.step)


def is_perception_gap(entry: AreaAgreement, settings: Settings) -> bool:
    """Whether MM013, as the workspace sets it, flags this area entry (the board's readiness mark)."""
    gap = readiness_gap(entry)
    return is_enabled(RULE, settings) and gap is not None and gap >= params_of(RULE, settings)["gap"]


def latest_poker_rounds(workspace: Workspace) -> dict[tuple[int, int], tuple[ReviewMeeting, PokerRound]]:
    """The latest revealed poker round about each (member, area), with its meeting."""
    latest: dict[tuple[int, int], tuple[ReviewMeeting, PokerRound]] = {}
    for meeting in sorted(workspace.reviews.values(), key=lambda found: found.id):
        for poker in meeting.rounds:
            if poker.revealed_at is None or poker.member_id is None or poker.area_id is None:
                continue
            key = (poker.member_id, poker.area_id)
            known = latest.get(key)
            if known is None or poker.revealed_at >= (known[1].revealed_at or poker.revealed_at):
                latest[key] = (meeting, poker)
    return latest


def _card(poker: PokerRound, name: str) -> int | None:
    wanted = name.casefold()
    return next((int(vote.card) for vote in poker.votes if vote.participant.casefold() == wanted), None)


def _poker_gaps(ctx: Context, p: Params) -> Iterator[Flag]:
    for (member_id, area_id), (meeting, poker) in sorted(latest_poker_rounds(ctx.ws).items()):
        member = ctx.ws.members.get(member_id)
        if member is None:
            continue
        mine, theirs = _card(poker, ctx.ws.manager), _card(poker, member.name)
        if mine is None or theirs is None or abs(mine - theirs) < p["gap"]:
            continue
        name, area, gap = ctx.name(member_id), ctx.ws.area_name(area_id), abs(mine - theirs)
        mine_label, theirs_label = DelegationLevel(mine).display, DelegationLevel(theirs).display
        if poker.about == "desired":
            message = ngettext(
                "In Delegation Poker on the desired level in {area}, you played {mine} and {member} played "
                "{theirs}: {gap} level apart.",
                "In Delegation Poker on the desired level in {area}, you played {mine} and {member} played "
                "{theirs}: {gap} levels apart.",
                gap,
            )
        else:
            message = ngettext(
                "In Delegation Poker on {area}, you played {mine} and {member} played {theirs}: {gap} level apart.",
                "In Delegation Poker on {area}, you played {mine} and {member} played {theirs}: {gap} levels apart.",
                gap,
            )
        if theirs < mine:
            suggestion = _(
                "{member} would take less of {area} than you would give: ask what support they need before you "
                "step back."
            )
        else:
            suggestion = _(
                "{member} would take more of {area} than you would give: talk about what you need to see, and "
                "agree guardrails for a step up."
            )
        yield make_flag(
            ctx,
            RULE,
            [member_id, area_id, "poker", meeting.id, poker.id, mine, theirs],
            member_id=member_id,
            area_id=area_id,
            message=message.format(area=area, mine=mine_label, member=name, theirs=theirs_label, gap=gap),
            suggestion=suggestion.format(member=name, area=area),
            evidence=[
                agreement_evidence(
                    f"review #{meeting.id}, round {poker.id}",
                    poker.revealed_at,
                    _("{area}: your card {mine}, their card {theirs} (review #{id}, round {round})").format(
                        area=area, mine=mine_label, theirs=theirs_label, id=meeting.id, round=poker.id
                    ),
                )
            ],
        )


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    yield from _poker_gaps(ctx, p)
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        for area_id, entry in sorted(ctx.levels(agreement).items()):
            mine, theirs = entry.readiness, entry.self_readiness
            gap = readiness_gap(entry)
            if agreement is None or mine is None or theirs is None or gap is None or gap < p["gap"]:
                continue
            name = ctx.name(member_id)
            area = ctx.ws.area_name(area_id)
            if theirs.step < mine.step:
                suggestion = _(
                    "{member} may doubt themselves in {area}: tell them what you see in their work, and offer "
                    "support while they take the decisions."
                ).format(member=name, area=area)
            else:
                suggestion = _(
                    "{member} feels more ready in {area} than you judge: talk about what you need to see, and "
                    "agree a step up with clear guardrails."
                ).format(member=name, area=area)
            yield make_flag(
                ctx,
                RULE,
                [member_id, area_id, mine.value, theirs.value],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "{member} rates their own readiness in {area} as {theirs}, while you rate it {mine}: a gap of "
                    "{gap} steps."
                ).format(member=name, area=area, theirs=theirs.value, mine=mine.value, gap=gap),
                suggestion=suggestion,
                evidence=[
                    agreement_evidence(
                        f"agreement.levels.{area_id}.readiness",
                        agreement.changed_at,
                        _("{area}: your rating {mine}, their own rating {theirs}").format(
                            area=area, mine=mine.value, theirs=theirs.value
                        ),
                    )
                ],
            )
