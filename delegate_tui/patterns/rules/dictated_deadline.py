"""MM007 dictated-deadline: due dates changed on work the member holds at a delegated level.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: due changes on tasks below min_level at that moment, or older than lookback_days; a
due change with the context ``member-request`` (the member asked for the new date). Other contexts
are named in the evidence; the rule is info anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _, ngettext
from delegate_tui.model import (
    DelegationLevel,
    EventContext,
    EventKind,
)
from delegate_tui.patterns.context import Context, Params, events_on_delegated_tasks
from delegate_tui.patterns.evidence import event_evidence, make_flag
from delegate_tui.patterns.excuses import with_context
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.text import day, display, format_number

RULE = Rule.declare(
    id="MM007",
    name="dictated-deadline",
    severity=Severity.INFO,
    summary=N_("You changed the due date of work the member holds at a delegated level."),
    what_it_checks=N_(
        "Due-date changes in the last {lookback_days} days on a task whose level at that moment was "
        "{min_level} or higher. The app records the manager's actions, so every due change counts as "
        "yours, except one with the context member-request (the member asked for it). One flag per task "
        "and member."
    ),
    why_it_matters=N_(
        "When to deliver is part of how the work is done. At levels 5 to 7 of the {m30} that belongs to "
        "the member; {sdt} shows that self-set goals are kept with more commitment than imposed ones."
    ),
    example=N_(
        "Omar holds task #52 'Migrate the wiki' at 6 Inquire; you moved its due date forward a week "
        "without asking him: MM007 notes it."
    ),
    params=[
        param("min_level", 5, N_("The lowest level at which a due change is noted."), 1, 7, True),
        param("lookback_days", 90, N_("How many days back due changes are noted."), 1, 3650, True),
    ],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    min_level = DelegationLevel(int(p["min_level"])).display
    for (member_id, task_id), found in events_on_delegated_tasks(ctx, EventKind.DUE_CHANGE, p).items():
        hits = [(event, level) for event, level in found if event.context is not EventContext.MEMBER_REQUEST]
        if not hits:
            continue
        task = ctx.ws.tasks[task_id]
        name = ctx.name(member_id)
        days = format_number(p["lookback_days"])
        message = ngettext(
            'You changed the due date of task #{task_id} "{title}" once in the last {days} days, while '
            "{member} held it at level {level}.",
            'You changed the due date of task #{task_id} "{title}" {count} times in the last {days} days, '
            "while {member} held it at level {level}.",
            len(hits),
        ).format(task_id=task_id, title=task.title, count=len(hits), days=days, member=name, level=display(hits[-1][1]))
        evidence = []
        for event, at_level in hits:
            if event.from_due is not None and event.to_due is not None:
                text = _("{date} due date of task #{task_id} moved from {from_due} to {to_due} at level {level}")
            elif event.to_due is not None:
                text = _("{date} due date of task #{task_id} set to {to_due} at level {level}")
            else:
                text = _("{date} due date of task #{task_id} removed at level {level}")
            evidence.append(
                event_evidence(
                    event,
                    with_context(
                        text.format(
                            date=day(event.at),
                            task_id=task_id,
                            from_due=day(event.from_due) if event.from_due else "",
                            to_due=day(event.to_due) if event.to_due else "",
                            level=display(at_level),
                        ),
                        event,
                    ),
                )
            )
        yield make_flag(
            ctx,
            RULE,
            [member_id, task_id],
            member_id=member_id,
            task_id=task_id,
            area_id=task.area_id if task.area_id in ctx.ws.areas else None,
            message=message,
            suggestion=_(
                "Ask {member} what date they can commit to, and agree deadlines together for work they hold at "
                "level {level} or higher."
            ).format(member=name, level=min_level),
            evidence=evidence,
        )
