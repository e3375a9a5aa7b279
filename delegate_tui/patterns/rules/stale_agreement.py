"""MM009 stale-agreement: a trust agreement overdue for review, never confirmed, or missing.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a review due today or later; for a member without an agreement, a start date within
the workspace's grace days (``Settings.grace_days``). It is upkeep, never critical: an overdue review
is a chore, not a harm done to someone.

Predicate for screens: :func:`review_due` (the summary's next review date).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from delegate_tui.i18n import N_, _
from delegate_tui.model import TrustAgreement
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity
from delegate_tui.patterns.text import day

RULE = Rule.declare(
    id="MM009",
    name="stale-agreement",
    severity=Severity.WARNING,
    category="upkeep",
    summary=N_("A trust agreement is overdue for review, or missing."),
    what_it_checks=N_(
        "The agreement's last review date (or, if it was never reviewed, the date of its first version) "
        "plus its review interval lies before today; the flag says so when no version of the agreement was "
        "ever acknowledged by the member. A member with no agreement at all gets a warning once they "
        "have been on the team longer than the workspace's grace period (42 days unless set otherwise), "
        "or at once without a start date. Upkeep: never critical."
    ),
    why_it_matters=N_(
        "Delegation boards in the {m30} are living agreements that the team revisits; an agreement "
        "nobody looked at for months, or one the member never confirmed, is not shared any more."
    ),
    example=N_(
        "Lena's agreement was last reviewed on 2026-05-01 with a 90-day interval; the review was due "
        "on 2026-07-30 and has not happened: MM009 warns."
    ),
)


def review_due(agreement: TrustAgreement) -> date:
    """When the agreement's next review is due: its last review (else its first version's date) plus
    its review interval. The rule is overdue from the day after."""
    first = min([agreement.changed_at, *(version.changed_at for version in agreement.history)])
    return (agreement.last_review or first.date()) + timedelta(days=agreement.review_every_days)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for member_id, member in ctx.ws.members.items():
        name = member.name
        agreement = ctx.ws.agreements.get(member_id)
        if agreement is None:
            if member.since is not None and (ctx.today - member.since).days <= ctx.grace_days:
                continue
            if member.since is not None:
                message = _("{member} has no trust agreement yet, {days} days after joining the team.").format(
                    member=name, days=(ctx.today - member.since).days
                )
            else:
                message = _("{member} has no trust agreement yet.").format(member=name)
            yield make_flag(
                ctx,
                RULE,
                [member_id, "none"],
                member_id=member_id,
                message=message,
                suggestion=_(
                    "Sit down with {member} to agree levels for their decision areas, a check-in cadence and a "
                    "review date."
                ).format(member=name),
                evidence=[],
            )
            continue
        versions = ctx.versions(member_id)
        first = versions[0][0]
        start = agreement.last_review or first.date()
        due = review_due(agreement)
        if due >= ctx.today:
            continue
        ever_acknowledged = any(terms.acknowledged for _changed, terms in versions)
        if agreement.last_review is not None:
            message = _(
                "{member}'s trust agreement was due for review on {due} (last reviewed {last}, every {every} days)."
            ).format(member=name, due=due.isoformat(), last=start.isoformat(), every=agreement.review_every_days)
            reviewed = agreement_evidence(
                "agreement.last_review",
                datetime.combine(start, time.min, timezone.utc),
                _("last reviewed {date}; review every {every} days").format(
                    date=start.isoformat(), every=agreement.review_every_days
                ),
            )
        else:
            message = _(
                "{member}'s trust agreement has never been reviewed; the first review was due on {due}, {every} days "
                "after it was agreed on {agreed}."
            ).format(member=name, due=due.isoformat(), every=agreement.review_every_days, agreed=start.isoformat())
            reviewed = agreement_evidence(
                "agreement.last_review",
                first,
                _("never reviewed; agreed on {date}, review every {every} days").format(
                    date=day(first), every=agreement.review_every_days
                ),
            )
        evidence = [reviewed]
        if ever_acknowledged:
            suggestion = _(
                "Plan a review with {member} to walk through the agreement together and record the outcome."
            ).format(member=name)
        else:
            evidence.append(
                agreement_evidence(
                    "agreement.acknowledged",
                    agreement.changed_at,
                    _("{member} has never acknowledged any version of the agreement").format(member=name),
                )
            )
            suggestion = _(
                "Plan a review with {member}, walk through the agreement together and ask them to acknowledge it: "
                "an agreement they never confirmed is not yet shared."
            ).format(member=name)
        yield make_flag(
            ctx,
            RULE,
            # The review period is part of the finding: after the next review, a new overdue review is a new flag.
            [member_id, start.isoformat()],
            severity=Severity.WARNING,
            member_id=member_id,
            message=message,
            suggestion=suggestion,
            evidence=evidence,
        )
