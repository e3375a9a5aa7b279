"""MM004 taken-back: work taken back from a member without a reason, outside a review.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a reason that says something (blank, punctuation or one character is no reason);
a review of that member (or of the whole team) on the same local day; a reassignment to someone
other than the manager; a level lowered by less than min_drop; work moved while the member was away
or with the context ``leave`` (cover, not a take-back); a done task archived to the manager; a
hand-back at the member's request (MM016 tells that as reverse delegation). A level drop and a
reassignment of one task on one local day are one take-back. Take-backs that each give a context
are info naming it, a warning only when the same context repeats into a pattern.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from delegate_tui.i18n import N_, _, ngettext
from delegate_tui.model import (
    MANAGER,
    Event,
    EventContext,
    EventKind,
    TaskStatus,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import event_evidence, event_ref, make_flag
from delegate_tui.patterns.excuses import context_note, context_severity, excused_by_reason, with_context
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.text import day, format_number
from delegate_tui.patterns.timeline import EVENT_KEY

RULE = Rule.declare(
    id="MM004",
    name="taken-back",
    severity=Severity.WARNING,
    summary=N_("You took work back from a member without a reason, outside a review."),
    what_it_checks=N_(
        "In the last {window_days} days: a task reassigned from the member to you, or a task's level "
        "lowered by {min_drop} steps or more, where the event has no reason and no review of that member "
        "(or of the whole team) was logged on the same local day. A level drop and a reassignment of one "
        "task on one day count once. One flag per member; critical when it happened {critical_count} "
        "times or more."
    ),
    why_it_matters=N_(
        "{sl} asks leaders to step back in only when readiness drops, and to say why. Work taken back "
        "without a word feels like a verdict; {sdt} links such unexplained loss of autonomy to lower "
        "motivation and trust."
    ),
    example=N_(
        "You moved task #8 from Omar to yourself on Tuesday and lowered task #9 from 6 to 3 on Friday, "
        "both without a reason: two take-backs in 90 days, so MM004 is critical."
    ),
    params=[
        param("window_days", 90, N_("How many days back take-backs are counted."), 1, 3650, True),
        param("min_drop", 2, N_("A level lowered by this many steps or more counts."), 1, 6, True),
        param("critical_count", 2, N_("Critical at this many take-backs or more."), 1, 100, True),
    ],
)


def _take_back(ctx: Context, event: Event, p: Params) -> tuple[int, str] | None:
    """The member a reassignment or level drop took work from, with the evidence text; None when it
    is not a take-back (moved to someone else, a small drop, cover while away, a done task archived)."""
    task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
    task_label = str(event.task_id) if event.task_id is not None else "?"
    if event.kind is EventKind.REASSIGN:
        if event.to_owner != MANAGER:
            return None
        member_id = event.from_owner if event.from_owner not in (None, MANAGER) else event.member_id
        if member_id is None or member_id not in ctx.ws.members:
            return None
        # Covering for someone away is not a take-back, nor is archiving a finished task.
        if ctx.away(member_id, event.at) or event.context is EventContext.LEAVE:
            return None
        if task is not None and ctx.status_at(task, event.at) is TaskStatus.DONE:
            return None
        text = _("{date} task #{task_id} moved from {member} to you without a reason").format(
            date=day(event.at), task_id=task_label, member=ctx.name(member_id)
        )
        return member_id, text
    if event.from_level is None or event.to_level is None or event.from_level - event.to_level < p["min_drop"]:
        return None
    found = ctx.member_of(event, task)
    if found is None or ctx.away(found, event.at) or event.context is EventContext.LEAVE:
        return None
    text = _("{date} task #{task_id} lowered from level {from_level} to {to_level} without a reason").format(
        date=day(event.at), task_id=task_label, from_level=event.from_level.display, to_level=event.to_level.display
    )
    return found, text


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    reviewed: set[tuple[int | None, date]] = {
        # A day more than the window: a review earlier on the first day of the window still counts.
        (event.member_id, ctx.day_of(event.at))
        for event in ctx.recent(EventKind.REVIEW, p["window_days"] + 1)
    }
    candidates = sorted(
        ctx.recent(EventKind.REASSIGN, p["window_days"]) + ctx.recent(EventKind.LEVEL_CHANGE, p["window_days"]),
        key=EVENT_KEY,
    )
    # One act, one finding: a level drop and a reassignment of one task on one local day are one take-back.
    acts: dict[int, dict[tuple[object, date], list[tuple[Event, str]]]] = defaultdict(dict)
    for event in candidates:
        if excused_by_reason(event) or event.context is EventContext.MEMBER_REQUEST:
            continue  # explained; a hand-back the member asked for is MM016's to tell
        found = _take_back(ctx, event, p)
        if found is None:
            continue
        member_id, text = found
        local = ctx.day_of(event.at)
        # A review of this member, or of the whole team (no member), on the same local day excuses it.
        if (member_id, local) in reviewed or (None, local) in reviewed:
            continue
        key = (event.task_id if event.task_id is not None else event_ref(event), local)
        acts[member_id].setdefault(key, []).append((event, text))
    for member_id, by_act in acts.items():
        name = ctx.name(member_id)
        count = len(by_act)
        days = format_number(p["window_days"])
        events = [event for hits in by_act.values() for event, _text in hits]
        evidence = [
            event_evidence(event, with_context(text, event)) for hits in by_act.values() for event, text in hits
        ]
        message = ngettext(
            "You took work back from {member} once in the last {days} days, outside a review and without a reason.",
            "You took work back from {member} {count} times in the last {days} days, outside a review and "
            "without a reason.",
            count,
        ).format(member=name, count=count, days=days)
        if all(event.context is not None for event in events):
            severity = context_severity(events, ctx.day_of)
            message = _("{message} {context}").format(message=message, context=context_note(events, ctx.day_of))
        else:
            severity = Severity.CRITICAL if count >= p["critical_count"] else Severity.WARNING
        yield make_flag(
            ctx,
            RULE,
            [member_id],
            severity=severity,
            member_id=member_id,
            message=message,
            suggestion=_(
                "When you need to take work back from {member}, say why and record the reason, or do it in a "
                "review; then agree what would let them have it back."
            ).format(member=name),
            evidence=evidence,
        )
