"""MM014 low-pulse: a member says they lack room to decide, while the tool sees no control at all.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a latest pulse above max_score; a pulse older than lookback_days; a control flag
about the member (an override, an approval, a take-back, ...), acknowledged or not: the history
already shows what the pulse says. Only the member's latest pulse counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _
from delegate_tui.model import PULSE_QUESTION, Event, EventKind
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import event_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.text import day

RULE = Rule.declare(
    id="MM014",
    name="low-pulse",
    severity=Severity.WARNING,
    summary=N_("A member says they lack room to decide, though the history shows no control."),
    what_it_checks=N_(
        "The member's latest pulse in the last {lookback_days} days (their answer, from 1 to 5, to "
        '"I had the room to decide what was mine to decide") is {max_score} or lower, and no '
        "micromanagement rule (category control) flags anything about them."
    ),
    why_it_matters=N_(
        "The rules only see what is logged, and much control happens in meetings and chats nobody "
        "writes up. Autonomy is felt, not recorded: in {sdt} it is the person's own experience that "
        "counts. A low pulse with a clean history means the history misses something."
    ),
    example=N_(
        "Kwame answered 2 to the pulse last week, yet no override, approval or take-back of his is on "
        "record: MM014 suggests asking him what took his room away."
    ),
    params=[
        param("max_score", 2, N_("A pulse at this score or lower is low."), 1, 4, True),
        param("lookback_days", 42, N_("How many days back the latest pulse is read."), 1, 3650, True),
    ],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    latest: dict[int, Event] = {}
    for event in ctx.recent(EventKind.PULSE, p["lookback_days"]):
        if event.member_id is not None and event.member_id in ctx.ws.members and event.score is not None:
            latest[event.member_id] = event  # events are in time order: the last one wins
    controlled = {flag.member_id for flag in ctx.raised if flag.category == "control"}
    for member_id, event in sorted(latest.items()):
        if event.score is None or event.score > p["max_score"] or member_id in controlled:
            continue
        name = ctx.name(member_id)
        yield make_flag(
            ctx,
            RULE,
            [member_id, event.id or day(event.at)],
            member_id=member_id,
            message=_(
                'On {date} {member} gave {score} out of 5 to "{question}", yet nothing on record shows you '
                "taking decisions from them."
            ).format(date=ctx.day_of(event.at).isoformat(), member=name, score=event.score, question=_(PULSE_QUESTION)),
            suggestion=_(
                "Ask {member} what took their room to decide: the history misses something, so talk rather than "
                "trust the silence."
            ).format(member=name),
            evidence=[
                event_evidence(event, _("{date} pulse: {score} out of 5").format(date=day(event.at), score=event.score))
            ],
        )
