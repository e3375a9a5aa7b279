"""MM006 over-supervision: a member rated ready (D3, D4) whom the agreement keeps at a low level.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a D3 rating above d3_max_level, a D4 rating above d4_max_level; D1, D2 or no rating
never fires. It owns the ready-but-held-low fact: MM008 (no autonomy) and MM011 (an area where
nobody decides) leave out what it already says.

Predicate for screens: :func:`is_over_supervised` (the board's readiness mark).
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _
from delegate_tui.model import AreaAgreement, DelegationLevel, Readiness, Settings
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.thresholds import is_enabled, params_of

RULE = Rule.declare(
    id="MM006",
    name="over-supervision",
    severity=Severity.WARNING,
    summary=N_("You rate a member as ready, yet keep the decisions in that area yourself."),
    what_it_checks=N_(
        "For each area of a member's current agreement: your readiness rating is D3 while the agreed "
        "level is {d3_max_level} or lower, or D4 while it is {d4_max_level} or lower. This rule owns that "
        "fact: MM008 and MM011 do not repeat it."
    ),
    why_it_matters=N_(
        "In {sl} a capable but cautious person (D3) needs support rather than direction, and a "
        "self-reliant one (D4) needs delegation. Holding the decision with them over-directs and "
        "demotivates the people you most need to keep."
    ),
    example=N_(
        "You rate Sam D4 in Release to production, but the agreed level there is 3 Consult: MM006 "
        "suggests offering 5 Advise."
    ),
    params=[
        param("d3_max_level", 3, N_("A D3 rating with this level or lower is flagged."), 1, 7, True),
        param("d4_max_level", 4, N_("A D4 rating with this level or lower is flagged."), 1, 7, True),
    ],
)


def _limit(entry: AreaAgreement, p: Params) -> float | None:
    """The highest level at which the entry's readiness rating counts as over-supervised, if any."""
    limits = {Readiness.D3: p["d3_max_level"], Readiness.D4: p["d4_max_level"]}
    return limits.get(entry.readiness) if entry.readiness is not None else None


def is_over_supervised(entry: AreaAgreement, settings: Settings) -> bool:
    """Whether MM006, as the workspace sets it, flags this area entry (the board's readiness mark)."""
    if not is_enabled(RULE, settings):
        return False
    limit = _limit(entry, params_of(RULE, settings))
    return limit is not None and entry.level <= limit


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        for area_id, entry in sorted(ctx.levels(agreement).items()):
            limit = _limit(entry, p)
            if agreement is None or entry.readiness is None or limit is None or entry.level > limit:
                continue
            name = ctx.name(member_id)
            area = ctx.ws.area_name(area_id)
            offer = DelegationLevel(min(7, max(int(entry.level), int(limit)) + 1)).display
            yield make_flag(
                ctx,
                RULE,
                # Keyed on the values: a worse mismatch (lower level, higher rating) is a new finding.
                [member_id, area_id, int(entry.level), entry.readiness.value],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "You rate {member} {readiness} in {area}, yet the agreed level there is only {level}."
                ).format(member=name, readiness=entry.readiness.value, area=area, level=entry.level.display),
                suggestion=_(
                    "{member} is ready for more: offer level {offer} in {area} and agree how they will keep you "
                    "informed."
                ).format(member=name, offer=offer, area=area),
                evidence=[
                    agreement_evidence(
                        f"agreement.levels.{area_id}",
                        agreement.changed_at,
                        _("{area}: agreed level {level}, your readiness rating {readiness}").format(
                            area=area, level=entry.level.display, readiness=entry.readiness.value
                        ),
                    )
                ],
            )
