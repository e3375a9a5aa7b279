"""MM001 over-monitoring: you keep checking in with a member far more often than the agreed cadence.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

It counts contact days, not check-ins: the manager's local days with at least one check-in the
manager started. Each period of window_days days is measured against the cadences in force during
it (the agreement's versions are kept), and when the cadence changed within a period, against the
most generous of them: relaxing a cadence never judges the past by the new one. A warning needs the excess in at least sustained of the last windows periods; critical a
large excess (critical_factor times the allowance) that is sustained too.

What excuses it: check-ins the member started (``--by member``); check-ins with a context (an
incident, a guardrail, ...); check-ins on a task in an area you rate D1, where close contact is the
right style; days the member was away (left out of the period, allowance and count alike); the
member's first grace days on the team (and the days before they joined); a burst in one period
only. On an on-request cadence the
member's own requests allow as many contact days (at least one per period). A member without an
agreement is held to a weekly cadence, not excused.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from delegate_tui.i18n import N_, _
from delegate_tui.localtime import day_start
from delegate_tui.model import (
    ON_REQUEST,
    Event,
    Readiness,
    cadence_days,
    cadence_label,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, event_evidence, make_flag
from delegate_tui.patterns.models import Evidence, Flag, Rule, Severity, param
from delegate_tui.patterns.text import day, format_number
from delegate_tui.patterns.timeline import terms_at

RULE = Rule.declare(
    id="MM001",
    name="over-monitoring",
    severity=Severity.WARNING,
    summary=N_("You keep checking in with a member far more often than your agreement says."),
    what_it_checks=N_(
        "Counts the days on which you started a check-in with each member (several check-ins on one of "
        "your local days are one contact day), in each of the last {windows} periods of {window_days} days, "
        "and compares them with what the cadence in force allows (the most generous one when it changed "
        "during the period; weekly allows 4 in 28 "
        "days; on-request allows the days the member asked for, and at least one). A period is excessive "
        "above {factor} times the allowance. It warns when {sustained} or more of the last {windows} "
        "periods were excessive, and is critical when {sustained} or more reached {critical_factor} times "
        "the allowance. A member without a trust agreement is measured against a weekly cadence."
    ),
    why_it_matters=N_(
        "Close monitoring tells people they are not trusted. Research on electronic and over-monitoring "
        "finds it lowers job satisfaction and trust, and {sdt} shows that controlling follow-up "
        "undermines the intrinsic motivation that autonomy feeds. Micromanagement is involvement that "
        "is excessive, sustained and unnecessary: one busy week is not it. An agreed cadence ({m30}) "
        "makes follow-up predictable instead."
    ),
    example=N_(
        "Your agreement with Priya says weekly. In each of the last two four-week periods you checked in "
        "with her on 8 days, twice the 4 the agreement allows: MM001 warns."
    ),
    params=[
        param("window_days", 28, N_("How many days one period holds."), 1, 365, True),
        param("windows", 3, N_("How many periods back are looked at."), 1, 12, True),
        param("sustained", 2, N_("In how many of those periods the excess must show."), 1, 12, True),
        param("factor", 1.5, N_("A period is excessive above this multiple of the allowance."), 1, 10),
        param("critical_factor", 3, N_("Critical at this multiple of the allowance or more, sustained."), 1, 20),
    ],
)


@dataclass
class _Period:
    """One period: its present days, the contact days in it and the cadences in force on them."""

    first: date
    last: date
    days: int = 0
    cadences: list[str] = field(default_factory=list)
    contacts: list[list[Event]] = field(default_factory=list)
    requests: int = 0

    @property
    def allowed(self) -> float:
        """What the most generous cadence in force during the period allows over all its present days.

        The benefit of the doubt makes the verdict fair to the past: relaxing a cadence adds a
        stricter one beside the old, so no period holding a day of the old one is judged harder.
        """
        best = 0.0
        for cadence in self.cadences:
            every = cadence_days(cadence)
            # A period shortened by leave or onboarding is rounded up: the benefit of the doubt.
            allowed = self.requests if every is None else math.ceil(self.days / every - 1e-9)
            best = max(best, float(max(1, allowed)))
        return best

    def excessive(self, factor: float) -> bool:
        return self.days > 0 and len(self.contacts) > factor * self.allowed


def _counts(ctx: Context, member_id: int, event: Event) -> bool:
    """Whether a manager-started check-in counts as monitoring (no context, not in a D1 area)."""
    if event.context is not None:
        return False
    task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
    area_id = task.area_id if task is not None else event.area_id
    return ctx.readiness_at(member_id, area_id, event.at) is not Readiness.D1


def _periods(ctx: Context, member_id: int, p: Params) -> list[_Period]:
    """The last periods, newest first, with each present day under the cadence in force at its start."""
    window, count = int(p["window_days"]), int(p["windows"])
    versions = ctx.versions(member_id)
    manager_days: dict[date, list[Event]] = {}
    requested: set[date] = set()
    for event in ctx.checkins.get(member_id, []):
        local = ctx.day_of(event.at)
        if event.by_member:
            requested.add(local)
        elif _counts(ctx, member_id, event):
            manager_days.setdefault(local, []).append(event)
    since = ctx.ws.members[member_id].since
    periods = []
    for index in range(count):
        last = ctx.today - timedelta(days=index * window)
        period = _Period(first=last - timedelta(days=window - 1), last=last)
        for offset in range(window):
            current = period.first + timedelta(days=offset)
            before_joining = since is not None and current < since
            if before_joining or ctx.away_on(member_id, current) or ctx.new_on(member_id, current):
                continue  # not on the team yet, away, or new: no part of the measure
            terms = terms_at(versions, ctx.day_start(current))
            cadence = terms.cadence if terms is not None else "weekly"
            if cadence not in period.cadences:
                period.cadences.append(cadence)
            period.days += 1
            if current in manager_days:
                period.contacts.append(manager_days[current])
            if current in requested:
                period.requests += 1
        periods.append(period)
    return periods


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        periods = _periods(ctx, member_id, p)
        excessive = [period for period in periods if period.excessive(p["factor"])]
        if len(excessive) < p["sustained"]:
            continue
        large = [period for period in excessive if len(period.contacts) >= p["critical_factor"] * period.allowed]
        severity = Severity.CRITICAL if len(large) >= p["sustained"] else Severity.WARNING
        name = ctx.name(member_id)
        evidence: list[Evidence] = []
        for period in sorted(excessive, key=lambda item: item.first):
            cadences = ", ".join(cadence_label(cadence) for cadence in period.cadences)
            evidence.append(
                agreement_evidence(
                    "agreement.cadence",
                    day_start(period.first, ctx.zone),
                    _(
                        "{first} to {last}: check-ins you started on {contacts} days; the cadence then ({cadence}) "
                        "allows {allowed}"
                    ).format(
                        first=period.first.isoformat(),
                        last=period.last.isoformat(),
                        contacts=len(period.contacts),
                        cadence=cadences,
                        allowed=format_number(period.allowed),
                    ),
                )
            )
            for events in period.contacts:
                for event in events:
                    text = (
                        _("{date} check-in on task #{task_id}").format(date=day(event.at), task_id=event.task_id)
                        if event.task_id is not None
                        else _("{date} check-in").format(date=day(event.at))
                    )
                    evidence.append(event_evidence(event, text))
        latest = periods[0]
        message = _(
            "You checked in with {member} on more days than agreed in {count} of the last {windows} periods of "
            "{days} days; in the last one, on {contacts} days where the cadence allows {allowed}."
        ).format(
            member=name,
            count=len(excessive),
            windows=len(periods),
            days=format_number(p["window_days"]),
            contacts=len(latest.contacts),
            allowed=format_number(latest.allowed),
        )
        agreement = ctx.ws.agreements.get(member_id)
        if agreement is None:
            suggestion = _(
                "Set up a trust agreement with {member} that says how often you check in, then keep to it."
            ).format(member=name)
        elif agreement.cadence == ON_REQUEST:
            suggestion = _(
                "Agree with {member} on how they will keep you informed, then wait for them to come to you, "
                "as your on-request agreement says."
            ).format(member=name)
        else:
            suggestion = _(
                "Agree with {member} on how they will keep you informed, then check in {cadence} as agreed."
            ).format(member=name, cadence=cadence_label(agreement.cadence))
        yield make_flag(
            ctx,
            RULE,
            [member_id],
            severity=severity,
            member_id=member_id,
            message=message,
            suggestion=suggestion,
            evidence=evidence,
        )
