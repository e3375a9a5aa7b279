"""MM003 approval-on-delegated: sign-off required on a task held at a delegated level.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: approvals the member asked for (``--by member``: not you taking sign-off; when
it repeats, MM016 tells it as reverse delegation); approvals on tasks below min_level at that moment,
or older than lookback_days. Approvals that each give a context (compliance, an agreed guardrail,
...) are info naming it, a warning only when the same context repeats into a pattern.

Predicate for screens: :func:`flagged_from_level` (the delegated-decision warning).
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _, ngettext
from delegate_tui.model import (
    EventKind,
    Settings,
)
from delegate_tui.patterns.context import Context, Params, events_on_delegated_tasks
from delegate_tui.patterns.evidence import event_evidence, make_flag
from delegate_tui.patterns.excuses import context_note, context_severity, with_context
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.text import day, display, format_number
from delegate_tui.patterns.thresholds import is_enabled, params_of

RULE = Rule.declare(
    id="MM003",
    name="approval-on-delegated",
    severity=Severity.WARNING,
    summary=N_("You required sign-off on a task the member holds at a delegated level."),
    what_it_checks=N_(
        "Approvals you required (not those the member asked for) in the last {lookback_days} days on a "
        "task whose level at that moment was {min_level} or higher. One flag per task and member, with "
        "every such approval as evidence."
    ),
    why_it_matters=N_(
        "At level 5 (Advise) of the {m30} the manager gives an opinion and the member decides; asking "
        "for sign-off quietly turns it back into level 3 or 4, without anyone agreeing to that."
    ),
    example=N_(
        "Lena holds task #31 'Plan the sprint' at level 5 Advise, yet you asked her twice this month "
        "to get your approval before starting: MM003 warns."
    ),
    params=[
        param("min_level", 5, N_("The lowest level at which an approval is flagged."), 1, 7, True),
        param("lookback_days", 90, N_("How many days back approvals are counted."), 1, 3650, True),
    ],
)


def flagged_from_level(settings: Settings) -> int | None:
    """The lowest task level at which an approval raises this rule's flag, or None when the rule is off."""
    return int(params_of(RULE, settings)["min_level"]) if is_enabled(RULE, settings) else None


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for (member_id, task_id), found in events_on_delegated_tasks(ctx, EventKind.APPROVAL, p).items():
        hits = [(event, level) for event, level in found if not event.by_member]
        if not hits:
            continue
        task = ctx.ws.tasks[task_id]
        name = ctx.name(member_id)
        level = display(hits[-1][1])
        days = format_number(p["lookback_days"])
        message = ngettext(
            'You required your approval on task #{task_id} "{title}" once in the last {days} days, although '
            "{member} holds it at level {level}.",
            'You required your approval on task #{task_id} "{title}" {count} times in the last {days} days, '
            "although {member} holds it at level {level}.",
            len(hits),
        ).format(task_id=task_id, title=task.title, count=len(hits), days=days, member=name, level=level)
        events = [event for event, _level in hits]
        severity = RULE.severity
        if all(event.context is not None for event in events):
            severity = context_severity(events, ctx.day_of)
            message = _("{message} {context}").format(message=message, context=context_note(events, ctx.day_of))
        yield make_flag(
            ctx,
            RULE,
            [member_id, task_id],
            severity=severity,
            member_id=member_id,
            task_id=task_id,
            area_id=task.area_id if task.area_id in ctx.ws.areas else None,
            message=message,
            suggestion=_(
                "Give {member} your opinion on task #{task_id} and let them decide; if you really need sign-off, "
                "agree a lower level with them openly."
            ).format(member=name, task_id=task_id),
            evidence=[
                event_evidence(
                    event,
                    with_context(
                        _("{date} approval required on task #{task_id} at level {level}").format(
                            date=day(event.at), task_id=task_id, level=display(at_level)
                        ),
                        event,
                    ),
                )
                for event, at_level in hits
            ],
        )
