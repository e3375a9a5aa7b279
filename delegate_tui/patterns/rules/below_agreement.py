"""MM005 below-agreement: an open task delegated below the level the member's agreement sets for its area.

The rule's documentation (``RULE``, what ``delegate rules`` and docs/rules/ show) and its
thresholds sit right above its check.

What excuses it: done tasks, tasks the manager owns, tasks without a decision area or in an area the
agreement does not cover, and gaps smaller than min_gap; a member in their first grace days on the
team, or an area agreed with them less than grace days ago (starting lower is normal then). One
finding per member and area, listing its tasks.
"""

from __future__ import annotations

from collections.abc import Iterator

from delegate_tui.i18n import N_, _
from delegate_tui.model import Task
from delegate_tui.patterns.context import Context, Params, level_since
from delegate_tui.patterns.evidence import agreement_evidence, make_flag, task_evidence
from delegate_tui.patterns.models import Flag, Rule, Severity, param

RULE = Rule.declare(
    id="MM005",
    name="below-agreement",
    severity=Severity.WARNING,
    summary=N_("An open task is delegated at a lower level than the member's agreement says."),
    what_it_checks=N_(
        "Every open task (status other than done) owned by a member, in a decision area for which the "
        "member's current agreement sets a level, whose own level is at least {min_gap} below it. One "
        "flag per member and area, listing its tasks."
    ),
    why_it_matters=N_(
        "A delegation board is an explicit agreement ({m30}). Handing out work below the agreed level "
        "says one thing and does another, which erodes trust faster than a lower agreed level would."
    ),
    example=N_(
        "Priya's agreement puts Tooling at 6 Inquire, but you created task #40 'Pick a linter' for her "
        "at 3 Consult: MM005 warns."
    ),
    params=[param("min_gap", 1, N_("How many levels below the agreement a task must be."), 1, 6, True)],
)


def check(ctx: Context, p: Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        agreed = ctx.levels(ctx.ws.agreements.get(member_id))
        if not agreed:
            continue
        agreement = ctx.ws.agreements[member_id]
        # One finding per member and area, listing its tasks: one gap between word and deed.
        below: dict[int, list[Task]] = {}
        for task in ctx.open_by_owner.get(member_id, []):
            entry = agreed.get(task.area_id) if task.area_id is not None else None
            if entry is None or entry.level - task.level < p["min_gap"]:
                continue
            if ctx.in_grace(member_id, ctx.now, task.area_id):
                continue  # someone new, or an area newly agreed: starting lower is normal
            below.setdefault(entry_area(task), []).append(task)
        for area_id, tasks in sorted(below.items()):
            entry = agreed[area_id]
            name = ctx.name(member_id)
            area = ctx.ws.area_name(area_id)
            if len(tasks) == 1:
                task = tasks[0]
                message = _(
                    'Task #{task_id} "{title}" is delegated to {member} at level {level}, below the level {agreed} '
                    "agreed for {area}."
                ).format(
                    task_id=task.id,
                    title=task.title,
                    member=name,
                    level=task.level.display,
                    agreed=entry.level.display,
                    area=area,
                )
                suggestion = _(
                    "Raise task #{task_id} to level {agreed} as agreed with {member}, or revise the agreement "
                    "together if {area} needs a lower level for now."
                ).format(task_id=task.id, agreed=entry.level.display, member=name, area=area)
            else:
                message = _(
                    "{count} open tasks of {member} in {area} are delegated below the level {agreed} agreed there."
                ).format(count=len(tasks), member=name, area=area, agreed=entry.level.display)
                suggestion = _(
                    "Raise these tasks to level {agreed} as agreed with {member}, or revise the agreement together "
                    "if {area} needs a lower level for now."
                ).format(agreed=entry.level.display, member=name, area=area)
            evidence = [
                task_evidence(
                    task,
                    level_since(ctx, task),
                    _("{task} at level {level}").format(task=ctx.task_text(task), level=task.level.display),
                )
                for task in tasks
            ]
            evidence.append(
                agreement_evidence(
                    f"agreement.levels.{area_id}",
                    agreement.changed_at,
                    _("agreed level for {area}: {level}").format(area=area, level=entry.level.display),
                )
            )
            yield make_flag(
                ctx,
                RULE,
                # Keyed on the agreed level: a new agreed level is a new finding.
                [member_id, area_id, int(entry.level)],
                member_id=member_id,
                task_id=tasks[0].id if len(tasks) == 1 else None,
                area_id=area_id,
                message=message,
                suggestion=suggestion,
                evidence=evidence,
            )


def entry_area(task: Task) -> int:
    return task.area_id if task.area_id is not None else 0
