"""What makes an act necessary rather than control: its context, its reason, and the same excuse repeated.

An event with a context (an incident, an agreed guardrail, ...) is never critical by itself: the
rules report it as info, naming the context. Only a pattern of the same excuse, one context given
on :data:`REPEAT_COUNT` different local days within :data:`REPEAT_DAYS` days, is raised to a
warning, and the flag says so. Several events of one night are one occasion, not a pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from delegate_tui.i18n import _
from delegate_tui.model import Event, EventContext, says_something
from delegate_tui.patterns.models import Severity

REPEAT_COUNT = 3
"""One context given on this many local days ..."""
REPEAT_DAYS = 30
"""... within this many days make the excuse a pattern."""


def excused_by_reason(event: Event) -> bool:
    """A reason that says something (not blank, punctuation or one character) explains the act."""
    return says_something(event.reason)


DayOf = Callable[[datetime], date]


def repeated_context(events: Sequence[Event], day_of: DayOf) -> tuple[EventContext, int] | None:
    """The context given on :data:`REPEAT_COUNT` local days or more within :data:`REPEAT_DAYS` days
    among ``events``, with the most days it was given in such a span; None otherwise."""
    best: tuple[EventContext, int] | None = None
    by_context: dict[EventContext, set[date]] = {}
    for event in events:
        if event.context is not None:
            by_context.setdefault(event.context, set()).add(day_of(event.at))
    for context in EventContext:  # a fixed order: the result never depends on the recording order
        found = sorted(by_context.get(context, set()))
        start = 0
        most = 0
        for end, current in enumerate(found):
            while (current - found[start]).days >= REPEAT_DAYS:
                start += 1
            most = max(most, end - start + 1)
        if most >= REPEAT_COUNT and (best is None or most > best[1]):
            best = (context, most)
    return best


def context_severity(events: Sequence[Event], day_of: DayOf) -> Severity:
    """Info for acts that each give a context; a warning once one context repeats into a pattern."""
    return Severity.WARNING if repeated_context(events, day_of) is not None else Severity.INFO


def context_note(events: Sequence[Event], day_of: DayOf) -> str:
    """A sentence saying which contexts were given, and whether one repeats into a pattern."""
    repeated = repeated_context(events, day_of)
    if repeated is not None:
        context, count = repeated
        return _(
            "The same reason, {context}, was given on {count} days within {days} days: that is a pattern "
            "rather than an exception, worth talking about."
        ).format(context=context.label, count=count, days=REPEAT_DAYS)
    labels = sorted({event.context.label for event in events if event.context is not None})
    if len(events) == 1:
        return _("The context given was {context}: reported for your information.").format(context=labels[0])
    return _("Each time a context was given ({contexts}): reported for your information.").format(
        contexts=", ".join(labels)
    )


def with_context(text: str, event: Event) -> str:
    """An evidence line with the event's context, when it has one."""
    if event.context is None:
        return text
    return _("{text} (context: {context})").format(text=text, context=event.context.label)
