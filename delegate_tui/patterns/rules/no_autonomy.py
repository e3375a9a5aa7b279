"""MM008 no-autonomy: a member some months on the team who holds no decision at all.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: a start date within tenure_days (or none); one open task or one agreed area at
min_level or higher; an area where MM006 already flags the member as ready but held low (that flag
says it, with the area to hand over).
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _
from delegate_tui.model import (
    DelegationLevel,
)
from delegate_tui.patterns.context import Context, Params, level_since
from delegate_tui.patterns.evidence import agreement_evidence, make_flag, task_evidence
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.rules.over_supervision import is_over_supervised
from delegate_tui.patterns.text import display

RULE = Rule.declare(
    id="MM008",
    name="no-autonomy",
    severity=Severity.WARNING,
    summary=N_("A member who has been on the team a while holds no decision at all."),
    what_it_checks=N_(
        "A member whose start date is more than {tenure_days} days ago has no open task at level "
        "{min_level} or higher and no decision area at that level or higher in their current agreement. "
        "Members without a start date are skipped, and so are members MM006 already flags as ready but "
        "held low."
    ),
    why_it_matters=N_(
        "Autonomy is one of the three basic needs in {sdt}; the {m30} are meant to widen over time. "
        "After a few months, someone with no decision of their own learns to wait for instructions."
    ),
    example=N_(
        "Ana joined five months ago; all her tasks are at 2 Sell or 3 Consult and her agreement has no "
        "area above 3: MM008 warns."
    ),
    params=[
        param("tenure_days", 90, N_("Members on the team longer than this are checked."), 0, 3650, True),
        param("min_level", 4, N_("The level that counts as holding a decision."), 1, 7, True),
    ],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    min_level = p["min_level"]
    level_text = DelegationLevel(int(min_level)).display
    for member_id, member in ctx.ws.members.items():
        if member.since is None:
            continue
        tenure = (ctx.today - member.since).days
        if tenure <= p["tenure_days"]:
            continue
        tasks = ctx.open_by_owner.get(member_id, [])
        agreement = ctx.ws.agreements.get(member_id)
        agreed = ctx.levels(agreement)
        if any(task.level >= min_level for task in tasks) or any(e.level >= min_level for e in agreed.values()):
            continue
        if any(is_over_supervised(entry, ctx.ws.settings) for entry in agreed.values()):
            continue  # MM006 already names the area where this member is ready for more
        name = member.name
        evidence = [
            task_evidence(
                task,
                level_since(ctx, task),
                _("{task} at level {level}").format(task=ctx.task_text(task), level=task.level.display),
            )
            for task in tasks
        ]
        if agreement is not None and agreed:
            highest = max(int(entry.level) for entry in agreed.values())
            evidence.append(
                agreement_evidence(
                    "agreement.levels",
                    agreement.changed_at,
                    _("highest agreed level in any area: {level}").format(level=display(highest)),
                )
            )
        yield make_flag(
            ctx,
            RULE,
            [member_id],
            member_id=member_id,
            message=_(
                "{member} has been on the team for {days} days but holds no open task and no decision area at level "
                "{level} or higher."
            ).format(member=name, days=tenure, level=level_text),
            suggestion=_(
                "Pick one task or decision area that {member} can hold at level {level} or higher, and write it "
                "into their trust agreement."
            ).format(member=name, level=level_text),
            evidence=evidence,
        )
