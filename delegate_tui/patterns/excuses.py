"""What makes an act necessary rather than control: its context, its reason, and the same excuse repeated.

An event with a context (an incident, an agreed guardrail, ...) is never critical by itself: the
rules report it as info, naming the context. Only a pattern of the same excuse, :data:`REPEAT_COUNT`
events with one context within :data:`REPEAT_DAYS` days, is raised to a warning, and the flag says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from delegate_tui.i18n import _
from delegate_tui.model import Event, EventContext, says_something
from delegate_tui.patterns.models import Severity

REPEAT_COUNT = 3
"""This many events giving one context ..."""
REPEAT_DAYS = 30
"""... within this many days make the excuse a pattern."""


def excused_by_reason(event: Event) -> bool:
    """A reason that says something (not blank, punctuation or one character) explains the act."""
    return says_something(event.reason)


def repeated_context(events: Sequence[Event]) -> tuple[EventContext, int] | None:
    """The context given :data:`REPEAT_COUNT` times or more within :data:`REPEAT_DAYS` days among
    ``events`` (sorted by time), with the most times it was given in such a span; None otherwise."""
    best: tuple[EventContext, int] | None = None
    by_context: dict[EventContext, list[Event]] = {}
    for event in events:
        if event.context is not None:
            by_context.setdefault(event.context, []).append(event)
    for context in EventContext:  # a fixed order: the result never depends on the recording order
        found = by_context.get(context, [])
        start = 0
        most = 0
        for end, event in enumerate(found):
            while event.at - found[start].at > timedelta(days=REPEAT_DAYS):
                start += 1
            most = max(most, end - start + 1)
        if most >= REPEAT_COUNT and (best is None or most > best[1]):
            best = (context, most)
    return best


def context_severity(events: Sequence[Event]) -> Severity:
    """Info for acts that each give a context; a warning once one context repeats into a pattern."""
    return Severity.WARNING if repeated_context(events) is not None else Severity.INFO


def context_note(events: Sequence[Event]) -> str:
    """A sentence saying which contexts were given, and whether one repeats into a pattern."""
    repeated = repeated_context(events)
    if repeated is not None:
        context, count = repeated
        return _(
            "The same reason, {context}, was given {count} times within {days} days: that is a pattern rather "
            "than an exception, worth talking about."
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
