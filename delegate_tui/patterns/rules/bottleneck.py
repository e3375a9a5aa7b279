"""MM011 bottleneck: the manager owns most open work, or nobody but the manager decides in an area.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: fewer than min_open_tasks open tasks (for the share); fewer than min_members
members with an entry for the area, or anyone above max_level there; an area where MM006 already
flags someone as ready but held low (that flag names who could decide).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from delegate_tui.i18n import N_, _
from delegate_tui.model import (
    MANAGER,
    AreaAgreement,
)
from delegate_tui.patterns.context import Context, Params
from delegate_tui.patterns.evidence import agreement_evidence, make_flag, task_evidence
from delegate_tui.patterns.models import Flag, Rule, Severity, param
from delegate_tui.patterns.rules.over_supervision import is_over_supervised
from delegate_tui.patterns.text import display, format_number

RULE = Rule.declare(
    id="MM011",
    name="bottleneck",
    severity=Severity.WARNING,
    summary=N_("Too much waits for you: you own most open work, or nobody decides in an area."),
    what_it_checks=N_(
        "Team-wide: you own more than {manager_share_percent}% of the open tasks (only with at least "
        "{min_open_tasks} open tasks); or, in a decision area, every member whose agreement has an "
        "entry for it is at level {max_level} or lower (only with at least {min_members} such members, "
        "and unless MM006 already flags one of them as ready but held low)."
    ),
    why_it_matters=N_(
        "The {m30} exist to spread decisions: a manager who decides everything becomes the slowest "
        "part of the team, and nobody else learns to decide."
    ),
    example=N_(
        "You own 9 of the 15 open tasks (60%), and in Budget all four members are at 1 Tell or 2 Sell: "
        "MM011 raises two team flags."
    ),
    params=[
        param("manager_share", 0.4, N_("Fire when you own more than this share of open tasks."), 0, 1),
        param("min_open_tasks", 5, N_("Only check the share with at least this many open tasks."), 1, 100000, True),
        param("max_level", 2, N_("An area where everyone is at this level or lower is flagged."), 1, 7, True),
        param("min_members", 2, N_("Only check an area with at least this many members."), 1, 1000, True),
    ],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    total = len(ctx.open_tasks)
    mine = ctx.open_by_owner.get(MANAGER, [])
    if total >= p["min_open_tasks"] and len(mine) > p["manager_share"] * total:
        yield make_flag(
            ctx,
            RULE,
            ["manager"],
            message=_("You own {count} of the {total} open tasks ({share}%); the limit is {limit}%.").format(
                count=len(mine),
                total=total,
                share=format_number(round(100 * len(mine) / total, 1)),
                limit=format_number(round(100 * p["manager_share"], 1)),
            ),
            suggestion=_(
                "Keep the tasks only you can do, and hand the rest to the team at a level each person is ready for."
            ),
            evidence=[
                task_evidence(
                    task,
                    task.created_at,
                    _("{task} is yours, at level {level}").format(task=ctx.task_text(task), level=task.level.display),
                )
                for task in mine
            ],
        )
    by_area: dict[int, list[tuple[int, AreaAgreement, datetime]]] = defaultdict(list)
    for member_id in sorted(ctx.ws.members):
        agreement = ctx.ws.agreements.get(member_id)
        for area_id, entry in ctx.levels(agreement).items():
            if agreement is not None:
                by_area[area_id].append((member_id, entry, agreement.changed_at))
    for area_id in sorted(by_area):
        entries = by_area[area_id]
        if len(entries) < p["min_members"] or any(entry.level > p["max_level"] for _m, entry, _at in entries):
            continue
        if any(is_over_supervised(entry, ctx.ws.settings) for _m, entry, _at in entries):
            continue  # MM006 already names who is ready to decide here
        area = ctx.ws.area_name(area_id)
        highest = max(int(entry.level) for _m, entry, _at in entries)
        yield make_flag(
            ctx,
            RULE,
            ["area", area_id],
            area_id=area_id,
            message=_(
                "In {area}, all {count} members with an agreement are at level {level} or lower, so every decision "
                "there waits for you."
            ).format(area=area, count=len(entries), level=display(highest)),
            suggestion=_(
                "Choose one person who is ready for {area} and raise their level there, with the support they need."
            ).format(area=area),
            evidence=[
                agreement_evidence(
                    f"agreement.{member_id}.levels.{area_id}",
                    changed,
                    _("{member}: {area} at level {level}").format(
                        member=ctx.name(member_id), area=area, level=entry.level.display
                    ),
                )
                for member_id, entry, changed in entries
            ],
        )
