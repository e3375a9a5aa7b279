"""MM012 cadence-never-relaxes: the same check-in cadence for months while the member grew.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: an on-request cadence; an agreement younger than days; any cadence change in the
period; no area whose level or readiness rating went up.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from delegate_tui.i18n import N_, _
from delegate_tui.localtime import day_end
from delegate_tui.model import (
    CADENCE_DAYS,
    ON_REQUEST,
    cadence_days,
    cadence_label,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag
from delegate_tui.patterns.models import Evidence, Flag, Rule, Severity, param
from delegate_tui.patterns.text import day
from delegate_tui.patterns.timeline import terms_at

RULE = Rule.declare(
    id="MM012",
    name="cadence-never-relaxes",
    severity=Severity.INFO,
    category="growth",
    summary=N_("The check-in cadence stayed the same while the member grew."),
    what_it_checks=N_(
        "The agreement is at least {days} days old; the version in force {days} days ago and every "
        "version since share the same cadence; and in an area present then and now the agreed level or "
        "your readiness rating is higher now. An on-request cadence cannot relax further and is skipped."
    ),
    why_it_matters=N_(
        "In {sl} support and supervision should decrease as readiness grows. Checking in just as "
        "often after someone has grown signals that the growth went unnoticed."
    ),
    example=N_(
        "Since March you check in with Omar weekly; since then his Tooling level went from 3 to 5 and "
        "your rating from D2 to D3, and the cadence never changed: MM012 suggests biweekly."
    ),
    params=[param("days", 180, N_("How long the cadence must have stayed the same."), 1, 3650, True)],
)


def _relaxed(cadence: str) -> str:
    """The next, less frequent cadence to suggest."""
    order = [*CADENCE_DAYS, ON_REQUEST]
    if cadence in order:
        return order[min(order.index(cadence) + 1, len(order) - 1)]
    days = cadence_days(cadence) or 365.0
    return f"{min(365, int(days) * 2)}d"


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    period = p["days"]
    # The period starts at the end of the local day ``days`` days ago: an agreement made on that day
    # (at any hour) is old enough, one made the next morning is not.
    start_day = ctx.today - timedelta(days=int(period))
    start = day_end(start_day, ctx.zone) - timedelta(microseconds=1)
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        versions = ctx.versions(member_id)
        if agreement is None or not versions or versions[0][0] > start or agreement.cadence == ON_REQUEST:
            continue
        then = terms_at(versions, start)
        if then is None or any(terms.cadence != then.cadence for changed, terms in versions if changed > start):
            continue
        if agreement.cadence != then.cadence:
            continue  # only with an inconsistent history (a past version dated after the current one)
        # The cadence has held since the start of its unbroken run of versions.
        since = versions[0][0]
        for changed, terms in reversed(versions):
            if terms.cadence != agreement.cadence:
                break
            since = changed
        old, new = ctx.levels(then), ctx.levels(agreement)
        evidence: list[Evidence] = []
        for area_id in sorted(set(old) & set(new)):
            area = ctx.ws.area_name(area_id)
            if new[area_id].level > old[area_id].level:
                evidence.append(
                    agreement_evidence(
                        f"agreement.levels.{area_id}",
                        agreement.changed_at,
                        _("{area}: level {old} on {date}, now {new}").format(
                            area=area,
                            old=old[area_id].level.display,
                            date=start_day.isoformat(),
                            new=new[area_id].level.display,
                        ),
                    )
                )
            was, now_ = old[area_id].readiness, new[area_id].readiness
            if was is not None and now_ is not None and now_.step > was.step:
                evidence.append(
                    agreement_evidence(
                        f"agreement.readiness.{area_id}",
                        agreement.changed_at,
                        _("{area}: your readiness rating {old} on {date}, now {new}").format(
                            area=area, old=was.value, date=start_day.isoformat(), new=now_.value
                        ),
                    )
                )
        if not evidence:
            continue
        name = ctx.name(member_id)
        cadence = cadence_label(agreement.cadence)
        evidence.insert(
            0,
            agreement_evidence(
                "agreement.cadence",
                since,
                _("agreed check-in cadence: {cadence}, since {date}").format(cadence=cadence, date=day(since)),
            ),
        )
        yield make_flag(
            ctx,
            RULE,
            [member_id, agreement.cadence],
            member_id=member_id,
            message=_(
                "{member}'s check-in cadence has been {cadence} for {days} days, while their agreed levels or your "
                "readiness ratings went up."
            ).format(member=name, cadence=cadence, days=(ctx.today - ctx.day_of(since)).days),
            suggestion=_(
                "{member} has grown: agree a lighter check-in cadence with them, for example {relaxed}."
            ).format(member=name, relaxed=cadence_label(_relaxed(agreement.cadence))),
            evidence=evidence,
        )
