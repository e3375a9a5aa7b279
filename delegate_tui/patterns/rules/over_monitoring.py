"""MM001 over-monitoring: far more check-ins with a member than the agreed cadence allows.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: check-ins up to factor times the cadence's allowance in the window; a member
without an agreement is held to a weekly cadence, not excused.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from delegate_tui.i18n import _
from delegate_tui.model import (
    ON_REQUEST,
    cadence_allowance,
    cadence_label,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, event_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.sources import M30, SDT
from delegate_tui.patterns.text import day, format_number
from delegate_tui.patterns.timeline import AT

RULE = Rule(
    id="MM001",
    name="over-monitoring",
    severity=Severity.WARNING,
    summary=_("You check in with a member far more often than your agreement says."),
    what_it_checks=_(
        "Counts the check-in events with each member in the last window_days days (up to now) and "
        "compares them with what the agreed cadence allows in that window (weekly allows 4 in 28 days, "
        "on-request allows 1). It fires when the count is more than factor times the allowance, and is "
        "critical at critical_factor times or more. A member without a trust agreement is measured "
        "against a weekly cadence."
    ),
    why_it_matters=_(
        "Close monitoring tells people they are not trusted. Research on electronic and over-monitoring "
        "finds it lowers job satisfaction and trust, and {sdt} shows that controlling follow-up "
        "undermines the intrinsic motivation that autonomy feeds. An agreed cadence ({m30}) makes "
        "follow-up predictable instead."
    ).format(sdt=SDT, m30=M30),
    example=_(
        "Your agreement with Priya says weekly. In the last 28 days you logged 8 check-ins with her: "
        "twice the 4 the agreement allows, so MM001 warns."
    ),
    params=[
        param("window_days", 28, _("How many days back check-ins are counted."), 1, 365, True),
        param("factor", 1.5, _("Fire when check-ins exceed this multiple of the allowance."), 1, 10),
        param("critical_factor", 3, _("Critical at this multiple of the allowance or more."), 1, 20),
    ],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    window = p["window_days"]
    start = ctx.since(window)
    for member_id in ctx.ws.members:
        mine = ctx.checkins.get(member_id, [])
        checkins = mine[bisect_right(mine, start, key=AT) :]
        agreement = ctx.ws.agreements.get(member_id)
        cadence = agreement.cadence if agreement is not None else "weekly"
        allowed = cadence_allowance(cadence, window)
        count = len(checkins)
        if count <= p["factor"] * allowed:
            continue
        severity = Severity.CRITICAL if count >= p["critical_factor"] * allowed else Severity.WARNING
        name = ctx.name(member_id)
        evidence = []
        for event in checkins:
            text = (
                _("{date} check-in on task #{task_id}").format(date=day(event.at), task_id=event.task_id)
                if event.task_id is not None
                else _("{date} check-in").format(date=day(event.at))
            )
            evidence.append(event_evidence(event, text))
        if agreement is not None:
            versions = ctx.versions(member_id)
            # The cadence holds since the oldest version of the unbroken run that ends with the current one.
            since = agreement.changed_at
            for changed, terms in reversed(versions):
                if terms.cadence != cadence:
                    break
                since = changed
            evidence.append(
                agreement_evidence(
                    "agreement.cadence",
                    since,
                    _("agreed check-in cadence: {cadence}, since {date}").format(
                        cadence=cadence_label(cadence), date=day(since)
                    ),
                )
            )
            message = _(
                "{count} check-ins with {member} in the last {days} days; the agreed cadence ({cadence}) allows "
                "{allowed}."
            ).format(
                count=count,
                member=name,
                days=format_number(window),
                cadence=cadence_label(cadence),
                allowed=format_number(allowed),
            )
            if cadence == ON_REQUEST:
                suggestion = _(
                    "Agree with {member} on how they will keep you informed, then wait for them to come to you, "
                    "as your on-request agreement says."
                ).format(member=name)
            else:
                suggestion = _(
                    "Agree with {member} on how they will keep you informed, then check in {cadence} as agreed."
                ).format(member=name, cadence=cadence_label(cadence))
        else:
            message = _(
                "{count} check-ins with {member} in the last {days} days; with no agreement yet, a weekly "
                "cadence would allow {allowed}."
            ).format(count=count, member=name, days=format_number(window), allowed=format_number(allowed))
            suggestion = _(
                "Set up a trust agreement with {member} that says how often you check in, then keep to it."
            ).format(member=name)
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
