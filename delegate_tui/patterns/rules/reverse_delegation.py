"""MM016 reverse-delegation: a member keeps handing decisions they hold back up to you.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: fewer than min_count hand-backs in lookback_days; approvals the manager required
(MM003's) and reassignments without the context ``member-request`` (MM004's); tasks below min_level
at that moment; hand-backs while the member was away. It is a coaching opportunity, not the
manager's fault, so it is info.
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _
from delegate_tui.model import MANAGER, Event, EventContext, EventKind
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import event_evidence, make_flag
from delegate_tui.patterns.models import Evidence, Flag, Rule, Severity, param
from delegate_tui.patterns.text import day, display
from delegate_tui.patterns.timeline import EVENT_KEY

RULE = Rule.declare(
    id="MM016",
    name="reverse-delegation",
    severity=Severity.INFO,
    category="growth",
    summary=N_("A member keeps handing decisions they hold back up to you."),
    what_it_checks=N_(
        "In the last {lookback_days} days, on tasks the member held at level {min_level} or higher at "
        "that moment: approvals the member asked for (by member) and tasks moved to you at the member's "
        "request (context member-request). It notes a member with {min_count} or more."
    ),
    why_it_matters=N_(
        '"Who\'s got the monkey?" (William Oncken and Donald Wass, Harvard Business Review, 1974): '
        "when a decision that is theirs comes back to you, you take on their work and they lose the "
        "practice. It is not your fault, but it is yours to coach: at the levels of the {m30} they agreed "
        "to, ask what they would decide, and let them."
    ),
    example=N_(
        "Sam holds release planning at 5 Advise, yet asked for your approval three times this month: "
        "MM016 suggests asking him what he would decide next time."
    ),
    params=[
        param("min_level", 5, N_("The lowest task level at which a hand-back counts."), 1, 7, True),
        param("min_count", 3, N_("Note a member with this many hand-backs or more."), 1, 100, True),
        param("lookback_days", 90, N_("How many days back hand-backs are counted."), 1, 3650, True),
    ],
)


def _hand_back(ctx: Context, event: Event, p: Params) -> tuple[int, str] | None:
    task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
    if task is None:
        return None
    level = ctx.level_at(task, event.at)
    if level < p["min_level"]:
        return None
    if event.kind is EventKind.APPROVAL:
        if not event.by_member:
            return None
        member_id = ctx.member_of(event, task)
        text = _("{date} asked for your approval on task #{task_id} at level {level}")
    else:
        if event.context is not EventContext.MEMBER_REQUEST or event.to_owner != MANAGER:
            return None
        member_id = event.from_owner if event.from_owner not in (None, MANAGER) else ctx.member_of(event, task)
        if member_id is not None and member_id not in ctx.ws.members:
            member_id = None
        text = _("{date} asked you to take over task #{task_id}, held at level {level}")
    if member_id is None or ctx.away(member_id, event.at):
        return None
    return member_id, text.format(date=day(event.at), task_id=task.id, level=display(level))


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    found: dict[int, list[Evidence]] = {}
    candidates = sorted(
        ctx.recent(EventKind.APPROVAL, p["lookback_days"]) + ctx.recent(EventKind.REASSIGN, p["lookback_days"]),
        key=EVENT_KEY,
    )
    for event in candidates:
        hit = _hand_back(ctx, event, p)
        if hit is not None:
            found.setdefault(hit[0], []).append(event_evidence(event, hit[1]))
    for member_id, evidence in sorted(found.items()):
        if len(evidence) < p["min_count"]:
            continue
        name = ctx.name(member_id)
        yield make_flag(
            ctx,
            RULE,
            [member_id],
            member_id=member_id,
            message=_(
                "{member} handed {count} decisions they hold back to you in the last {days} days: a coaching "
                "opportunity."
            ).format(member=name, count=len(evidence), days=int(p["lookback_days"])),
            suggestion=_(
                "Next time {member} brings you a decision that is theirs, ask what they would decide and let them; "
                "agree what support they need rather than taking it back."
            ).format(member=name),
            evidence=evidence,
        )
