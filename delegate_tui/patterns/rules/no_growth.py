"""MM010 no-growth: an agreement without any growth goal, or a growth target date that passed.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a growth goal, or a desired level with a date within a year; a desired level already
reached; a target date today or later. A desired level with no date, or a date more than a year
away, is not a growth goal. Members without an agreement are left to MM009.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from delegate_tui.i18n import N_, _
from delegate_tui.model import AreaAgreement
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity
from delegate_tui.patterns.text import blank

RULE = Rule.declare(
    id="MM010",
    name="no-growth",
    severity=Severity.INFO,
    category="growth",
    summary=N_("An agreement has no growth goal, or a growth target date passed."),
    what_it_checks=N_(
        "A current agreement with no growth goal text and no growth target: a desired level above the "
        "agreed one, with a date no more than a year ahead (a desired level with no date, or a date "
        "further away, is a wish, not a goal). Or an area whose desired level has a date that is before "
        "today while the agreed level is still below the desired level (one flag per such area)."
    ),
    why_it_matters=N_(
        "{sl} expects development levels to move, and competence is a basic need in {sdt}. Without a "
        "target, or with targets that silently lapse, delegation stops growing."
    ),
    example=N_(
        "Sam's agreement says Hiring should reach 5 Advise by 2026-09-01; it is November and Hiring is "
        "still at 3 Consult: MM010 notes it."
    ),
)


def is_growth_target(entry: AreaAgreement, today: date) -> bool:
    """A desired level above the agreed one, with a date no more than a year from ``today``
    (a target date already passed still counts here: the lapsed target is flagged on its own)."""
    if entry.desired is None or entry.desired_by is None or entry.desired <= entry.level:
        return False
    return entry.desired_by <= today + timedelta(days=365)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        if agreement is None:
            continue  # MM009 already says there is no agreement
        name = ctx.name(member_id)
        agreed = ctx.levels(agreement)
        has_goal = any(not blank(goal) for goal in agreement.growth_goals)
        if not has_goal and not any(is_growth_target(entry, ctx.today) for entry in agreed.values()):
            yield make_flag(
                ctx,
                RULE,
                [member_id, "goals"],
                member_id=member_id,
                message=_("{member}'s trust agreement has no growth goal and no desired level for any area.").format(
                    member=name
                ),
                suggestion=_(
                    "Ask {member} where they want to grow, and record it as a growth goal or as a desired level "
                    "with a date."
                ).format(member=name),
                evidence=[
                    agreement_evidence(
                        "agreement.growth_goals",
                        agreement.changed_at,
                        _("no growth goals, no desired levels (agreement version {version})").format(
                            version=agreement.version
                        ),
                    )
                ],
            )
        for area_id, entry in sorted(agreed.items()):
            if entry.desired is None or entry.desired_by is None:
                continue
            if entry.desired_by >= ctx.today or entry.level >= entry.desired:
                continue
            area = ctx.ws.area_name(area_id)
            yield make_flag(
                ctx,
                RULE,
                [member_id, area_id, int(entry.desired), entry.desired_by.isoformat()],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "{member} was to reach level {desired} in {area} by {by}, but the agreed level is still {level}."
                ).format(
                    member=name,
                    desired=entry.desired.display,
                    area=area,
                    by=entry.desired_by.isoformat(),
                    level=entry.level.display,
                ),
                suggestion=_(
                    "Talk with {member} about what holds back level {desired} in {area}, then raise the level or "
                    "set a new date together."
                ).format(member=name, desired=entry.desired.display, area=area),
                evidence=[
                    agreement_evidence(
                        f"agreement.levels.{area_id}.desired",
                        agreement.changed_at,
                        _("{area}: desired {desired} by {by}, agreed {level}").format(
                            area=area,
                            desired=entry.desired.display,
                            by=entry.desired_by.isoformat(),
                            level=entry.level.display,
                        ),
                    )
                ],
            )
