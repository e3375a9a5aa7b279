"""MM015 under-supervision: a member new to an area (D1) left to decide it alone.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a readiness rating other than D1, or no rating; an agreed level below min_level.
A changed level or rating is a new finding.

Predicate for screens: :func:`is_under_supervised`.
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _
from delegate_tui.model import AreaAgreement, Readiness, Settings
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.thresholds import is_enabled, params_of

RULE = Rule.declare(
    id="MM015",
    name="under-supervision",
    severity=Severity.INFO,
    category="growth",
    summary=N_("You rate a member new to an area, yet leave its decisions to them alone."),
    what_it_checks=N_(
        "For each area of a member's current agreement: your readiness rating is D1 (new to it) while "
        "the agreed level is {min_level} or higher, where the member decides and tells you afterwards, "
        "or not at all."
    ),
    why_it_matters=N_(
        "{sl} warns of the opposite mismatch too: someone new to a task needs direction, and left alone "
        "with it they learn by failing, which costs confidence. Delegating too early is abdication, not "
        "trust."
    ),
    example=N_(
        "You rate Kwame D1 in Budget, but his agreement puts Budget at 6 Inquire: MM015 suggests agreeing "
        "a lower level with more contact while he learns."
    ),
    params=[param("min_level", 6, N_("A D1 rating at this level or higher is noted."), 5, 7, True)],
)


def _flags(entry: AreaAgreement, p: Params) -> bool:
    return entry.readiness is Readiness.D1 and entry.level >= p["min_level"]


def is_under_supervised(entry: AreaAgreement, settings: Settings) -> bool:
    """Whether MM015, as the workspace sets it, notes this area entry."""
    return is_enabled(RULE, settings) and _flags(entry, params_of(RULE, settings))


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        if agreement is None:
            continue
        for area_id, entry in sorted(ctx.levels(agreement).items()):
            if not _flags(entry, p):
                continue
            name = ctx.name(member_id)
            area = ctx.ws.area_name(area_id)
            yield make_flag(
                ctx,
                RULE,
                [member_id, area_id, int(entry.level), Readiness.D1.value],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "You rate {member} D1 (new to it) in {area}, yet the agreed level there is {level}: they "
                    "decide alone."
                ).format(member=name, area=area, level=entry.level.display),
                suggestion=_(
                    "Give {member} direction in {area} while they learn: agree a lower level for now, with closer "
                    "contact, and a date to step it up."
                ).format(member=name, area=area),
                evidence=[
                    agreement_evidence(
                        f"agreement.levels.{area_id}",
                        agreement.changed_at,
                        _("{area}: agreed level {level}, your readiness rating D1").format(
                            area=area, level=entry.level.display
                        ),
                    )
                ],
            )
