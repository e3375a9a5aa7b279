"""MM002 decision-overridden: an override of a decision the member held at a delegated level.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: an override on a task below min_level at that moment, or in an area whose agreement
in force then was below it; overrides older than lookback_days; overrides about nobody on the team.

Predicate for screens: :func:`flagged_from_level` (the delegated-decision warning).
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import _
from delegate_tui.model import (
    EventKind,
    Settings,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import event_evidence, event_ref, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.sources import M30, SDT
from delegate_tui.patterns.text import day, display
from delegate_tui.patterns.thresholds import is_enabled, params_of
from delegate_tui.patterns.timeline import terms_at

RULE = Rule(
    id="MM002",
    name="decision-overridden",
    severity=Severity.CRITICAL,
    summary=_("You overrode a decision that was delegated to the member."),
    what_it_checks=_(
        "Every override event in the last lookback_days days on a task whose level at that moment "
        "(rebuilt from its level changes) was min_level or higher, or on a decision area (an override "
        "with an area and no task) where the member's agreement in force at that moment set a level of "
        "min_level or higher. One flag per override."
    ),
    why_it_matters=_(
        "At levels 5 to 7 of the {m30} the member holds the decision. Reversing it breaks the agreement "
        "and teaches people to stop deciding; {sdt} shows that loss of control hurts motivation most."
    ).format(m30=M30, sdt=SDT),
    example=_(
        "Task #12 'Choose the CI provider' is Sam's at level 6 Inquire. You switched the provider back "
        "yourself and logged an override: MM002 flags it as critical."
    ),
    params=[
        param("min_level", 5, _("The lowest level at which an override is flagged."), 1, 7, True),
        param("lookback_days", 90, _("How many days back overrides are flagged."), 1, 3650, True),
    ],
)


def flagged_from_level(settings: Settings) -> int | None:
    """The lowest task level at which an override raises this rule's flag, or None when the rule is off."""
    return int(params_of(RULE, settings)["min_level"]) if is_enabled(RULE, settings) else None


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    min_level = p["min_level"]
    for event in ctx.recent(EventKind.OVERRIDE, p["lookback_days"]):
        # A known task decides by its level then; otherwise (no task, or a deleted one) the area does.
        task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
        if task is not None:
            member_id = ctx.member_of(event, task)
            level = ctx.level_at(task, event.at)
            if member_id is None or level < min_level:
                continue
            name = ctx.name(member_id)
            message = _(
                'On {date} you overrode a decision on task #{task_id} "{title}", which {member} held at level {level}.'
            ).format(date=day(event.at), task_id=task.id, title=task.title, member=name, level=display(level))
            text = _("{date} override on task #{task_id} at level {level}").format(
                date=day(event.at), task_id=task.id, level=display(level)
            )
            area_id = task.area_id if task.area_id in ctx.ws.areas else None
        elif event.area_id is not None and event.area_id in ctx.ws.areas:
            # An override on a decision area: the agreement in force at that moment decides.
            member_id = ctx.member_of(event, None)
            if member_id is None:
                continue
            entry = ctx.levels(terms_at(ctx.versions(member_id), event.at)).get(event.area_id)
            if entry is None or entry.level < min_level:
                continue
            level = int(entry.level)
            name = ctx.name(member_id)
            area = ctx.ws.area_name(event.area_id)
            message = _(
                "On {date} you overrode a decision of {member} in {area}, where the agreed level was {level}."
            ).format(date=day(event.at), member=name, area=area, level=display(level))
            text = _("{date} override in {area} at agreed level {level}").format(
                date=day(event.at), area=area, level=display(level)
            )
            area_id = event.area_id
        else:
            continue
        yield make_flag(
            ctx,
            RULE,
            [event_ref(event)],
            member_id=member_id,
            task_id=task.id if task is not None else None,
            area_id=area_id,
            message=message,
            suggestion=_(
                "Talk with {member} about the decision rather than reversing it; if the level is too high, "
                "lower it openly with a reason and agree when it goes back up."
            ).format(member=name),
            evidence=[event_evidence(event, text)],
        )
