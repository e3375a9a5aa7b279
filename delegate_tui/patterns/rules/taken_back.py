"""MM004 taken-back: work taken back from a member without a reason, outside a review.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a reason on the event; a review of that member (or of the whole team) on the same
UTC day; a reassignment to someone other than the manager; a level lowered by less than min_drop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    EventKind,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import event_evidence, make_flag
from delegate_tui.patterns.models import Evidence, Flag, Rule, Severity, param
from delegate_tui.patterns.sources import SDT, SL
from delegate_tui.patterns.text import blank, day, format_number
from delegate_tui.patterns.timeline import EVENT_KEY

RULE = Rule(
    id="MM004",
    name="taken-back",
    severity=Severity.WARNING,
    summary=_("You took work back from a member without a reason, outside a review."),
    what_it_checks=_(
        "In the last window_days days: a task reassigned from the member to you, or a task's level "
        "lowered by min_drop or more, where the event has no reason and no review of that member (or "
        "of the whole team) was logged on the same day (UTC). One flag per member; critical when it "
        "happened critical_count times or more."
    ),
    why_it_matters=_(
        "{sl} asks leaders to step back in only when readiness drops, and to say why. Work taken back "
        "without a word feels like a verdict; {sdt} links such unexplained loss of autonomy to lower "
        "motivation and trust."
    ).format(sl=SL, sdt=SDT),
    example=_(
        "You moved task #8 from Omar to yourself on Tuesday and lowered task #9 from 6 to 3 on Friday, "
        "both without a reason: two take-backs in 90 days, so MM004 is critical."
    ),
    params=[
        param("window_days", 90, _("How many days back take-backs are counted."), 1, 3650, True),
        param("min_drop", 2, _("A level lowered by this many steps or more counts."), 1, 6, True),
        param("critical_count", 2, _("Critical at this many take-backs or more."), 1, 100, True),
    ],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    reviewed: set[tuple[int | None, date]] = {
        # A day more than the window: a review earlier on the first day of the window still counts.
        (event.member_id, event.at.date())
        for event in ctx.recent(EventKind.REVIEW, p["window_days"] + 1)
    }
    found: dict[int, list[Evidence]] = defaultdict(list)
    candidates = sorted(
        ctx.recent(EventKind.REASSIGN, p["window_days"]) + ctx.recent(EventKind.LEVEL_CHANGE, p["window_days"]),
        key=EVENT_KEY,
    )
    for event in candidates:
        if not blank(event.reason):
            continue
        task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
        task_label = str(event.task_id) if event.task_id is not None else "?"
        if event.kind is EventKind.REASSIGN:
            if event.to_owner != MANAGER:
                continue
            member_id = event.from_owner if event.from_owner not in (None, MANAGER) else event.member_id
            if member_id is None or member_id not in ctx.ws.members:
                continue
            text = _("{date} task #{task_id} moved from {member} to you without a reason").format(
                date=day(event.at), task_id=task_label, member=ctx.name(member_id)
            )
        else:
            if event.from_level is None or event.to_level is None:
                continue
            if event.from_level - event.to_level < p["min_drop"]:
                continue
            found_member = ctx.member_of(event, task)
            if found_member is None:
                continue
            member_id = found_member
            text = _("{date} task #{task_id} lowered from level {from_level} to {to_level} without a reason").format(
                date=day(event.at),
                task_id=task_label,
                from_level=event.from_level.display,
                to_level=event.to_level.display,
            )
        # A review of this member, or of the whole team (no member), on the same day excuses it.
        if (member_id, event.at.date()) in reviewed or (None, event.at.date()) in reviewed:
            continue
        found[member_id].append(event_evidence(event, text))
    for member_id, evidence in found.items():
        name = ctx.name(member_id)
        count = len(evidence)
        days = format_number(p["window_days"])
        if count == 1:
            message = _(
                "You took work back from {member} once in the last {days} days, outside a review and without a reason."
            ).format(member=name, days=days)
        else:
            message = _(
                "You took work back from {member} {count} times in the last {days} days, outside a review and "
                "without a reason."
            ).format(member=name, count=count, days=days)
        yield make_flag(
            ctx,
            RULE,
            [member_id],
            severity=Severity.CRITICAL if count >= p["critical_count"] else Severity.WARNING,
            member_id=member_id,
            message=message,
            suggestion=_(
                "When you need to take work back from {member}, say why and record the reason, or do it in a "
                "review; then agree what would let them have it back."
            ).format(member=name),
            evidence=evidence,
        )
