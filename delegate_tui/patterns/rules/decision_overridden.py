"""MM002 decision-overridden: an override of a decision the member held at a delegated level.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: an override on a task below min_level at that moment, or in an area whose agreement
in force then was below it; overrides older than lookback_days; overrides about nobody on the team.
An override with a context (an incident, a guardrail, compliance, ...) is not critical: it is info
naming the context, and a warning only when the same context repeats into a pattern (three times
within 30 days).

Predicate for screens: :func:`flagged_from_level` (the delegated-decision warning).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from delegate_tui.i18n import N_, _
from delegate_tui.model import (
    Event,
    EventKind,
    Settings,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import event_evidence, make_flag
from delegate_tui.patterns.excuses import context_note, context_severity
from delegate_tui.patterns.excuses import with_context as with_context_text
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.text import day, display
from delegate_tui.patterns.thresholds import is_enabled, params_of
from delegate_tui.patterns.timeline import terms_at

RULE = Rule.declare(
    id="MM002",
    name="decision-overridden",
    severity=Severity.CRITICAL,
    summary=N_("You overrode a decision that was delegated to the member."),
    what_it_checks=N_(
        "Every override event in the last {lookback_days} days on a task whose level at that moment "
        "(rebuilt from its level changes) was {min_level} or higher, or on a decision area (an override "
        "with an area and no task) where the member's agreement in force at that moment set a level of "
        "{min_level} or higher. All overrides of one member on one of your local days are one flag, "
        "listing each."
    ),
    why_it_matters=N_(
        "At levels 5 to 7 of the {m30} the member holds the decision. Reversing it breaks the agreement "
        "and teaches people to stop deciding; {sdt} shows that loss of control hurts motivation most."
    ),
    example=N_(
        "Task #12 'Choose the CI provider' is Sam's at level 6 Inquire. You switched the provider back "
        "yourself and logged an override: MM002 flags it as critical."
    ),
    params=[
        param("min_level", 5, N_("The lowest level at which an override is flagged."), 1, 7, True),
        param("lookback_days", 90, N_("How many days back overrides are flagged."), 1, 3650, True),
    ],
)


def flagged_from_level(settings: Settings) -> int | None:
    """The lowest task level at which an override raises this rule's flag, or None when the rule is off."""
    return int(params_of(RULE, settings)["min_level"]) if is_enabled(RULE, settings) else None


def _about(ctx: Context, event: Event, min_level: float) -> tuple[int, str, int | None, int | None] | None:
    """Whose delegated decision an override reversed: (member, evidence text, task id, area id)."""
    # A known task decides by its level then; otherwise (no task, or a deleted one) the area does.
    task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
    if task is not None:
        member_id = ctx.member_of(event, task)
        level = ctx.level_at(task, event.at)
        if member_id is None or level < min_level:
            return None
        text = _("{date} override on task #{task_id} at level {level}").format(
            date=day(event.at), task_id=task.id, level=display(level)
        )
        return member_id, text, task.id, task.area_id if task.area_id in ctx.ws.areas else None
    if event.area_id is not None and event.area_id in ctx.ws.areas:
        # An override on a decision area: the agreement in force at that moment decides.
        found = ctx.member_of(event, None)
        if found is None:
            return None
        entry = ctx.levels(terms_at(ctx.versions(found), event.at)).get(event.area_id)
        if entry is None or entry.level < min_level:
            return None
        text = _("{date} override in {area} at agreed level {level}").format(
            date=day(event.at), area=ctx.ws.area_name(event.area_id), level=display(int(entry.level))
        )
        return found, text, None, event.area_id
    return None


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    # One act, one finding: every override of one member on one local day is one flag.
    groups: dict[tuple[int, date], list[tuple[Event, str, int | None, int | None]]] = {}
    with_context: dict[int, list[Event]] = {}
    for event in ctx.recent(EventKind.OVERRIDE, p["lookback_days"]):
        found = _about(ctx, event, p["min_level"])
        if found is None:
            continue
        member_id, text, task_id, area_id = found
        groups.setdefault((member_id, ctx.day_of(event.at)), []).append((event, text, task_id, area_id))
        if event.context is not None:
            with_context.setdefault(member_id, []).append(event)
    for (member_id, local), hits in groups.items():
        name = ctx.name(member_id)
        events = [event for event, _text, _task, _area in hits]
        tasks = sorted({task_id for _e, _t, task_id, _a in hits if task_id is not None})
        areas = sorted({area_id for _e, _t, _task, area_id in hits if area_id is not None})
        first_event, _first_text, first_task, first_area = hits[0]
        if len(hits) == 1 and first_task is not None:
            task = ctx.ws.tasks[first_task]
            message = _(
                'On {date} you overrode a decision on task #{task_id} "{title}", which {member} held at level {level}.'
            ).format(
                date=local.isoformat(),
                task_id=task.id,
                title=task.title,
                member=name,
                level=display(ctx.level_at(task, first_event.at)),
            )
        elif len(hits) == 1 and first_area is not None:
            entry = ctx.levels(terms_at(ctx.versions(member_id), first_event.at))[first_area]
            message = _(
                "On {date} you overrode a decision of {member} in {area}, where the agreed level was {level}."
            ).format(date=local.isoformat(), member=name, area=ctx.ws.area_name(first_area), level=entry.level.display)
        else:
            message = _("On {date} you overrode {count} decisions that {member} held at a delegated level.").format(
                date=local.isoformat(), count=len(hits), member=name
            )
        if all(event.context is not None for event in events):
            # Never critical by itself: info with its context, a warning once the same excuse repeats.
            history = with_context.get(member_id, [])
            pattern = [event for event in history if event.at <= events[-1].at]
            severity = context_severity(pattern, ctx.day_of)
            message = _("{message} {context}").format(message=message, context=context_note(pattern, ctx.day_of))
        else:
            severity = RULE.severity
        yield make_flag(
            ctx,
            RULE,
            [member_id, local.isoformat()],
            severity=severity,
            member_id=member_id,
            task_id=tasks[0] if len(tasks) == 1 else None,
            area_id=areas[0] if len(areas) == 1 else None,
            message=message,
            suggestion=_(
                "Talk with {member} about the decision rather than reversing it; if the level is too high, "
                "lower it openly with a reason and agree when it goes back up."
            ).format(member=name),
            evidence=[event_evidence(event, with_context_text(text, event)) for event, text, _task, _area in hits],
        )
