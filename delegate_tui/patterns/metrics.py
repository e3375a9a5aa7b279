"""Autonomy and check-in figures per member and for the team (not a rule: they raise no flag)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from delegate_tui.localtime import day_end
from delegate_tui.model import (
    MANAGER,
    DelegationLevel,
    Event,
    Workspace,
    cadence_days,
)
from delegate_tui.patterns.context import Context
from delegate_tui.patterns.timeline import terms_at


class MemberMetrics(BaseModel):
    """How much autonomy a member has, and how closely they are followed up."""

    model_config = ConfigDict(defer_build=True)  # see delegate_tui.model.base.Record

    member_id: int
    autonomy_index: float = Field(
        description=(
            "The share, 0 to 1, of the member's items at levels 5-7, where the items are the member's open tasks "
            "plus the areas of their current agreement (each counts once). 0 when there are no items."
        )
    )
    checkins_last_28: int = Field(
        description="Check-in events with the member in the last 28 local days (today and the 27 days before it)."
    )
    checkins_per_week: float = Field(description="checkins_last_28 divided by 4.")
    cadence_per_week: float | None = Field(
        description="Check-ins per week the agreed cadence allows (7 / days); None for on-request or no agreement."
    )
    weekly_checkins: list[int] = Field(
        description=(
            "Check-ins per week for 12 weeks of 7 local days, oldest first; the last week is today and the 6 days "
            "before it."
        )
    )
    weekly_autonomy: list[float] = Field(
        description=(
            "The autonomy index at the end of the last day of each of those weeks, approximated: the currently "
            "open tasks that "
            "existed then (created_at), owned by the member then (reassign events) at their level then "
            "(level_change events), plus the areas of the agreement version in force then. Done tasks are left "
            "out because the store does not record when a task was finished."
        )
    )


class TeamMetrics(BaseModel):
    """The delegation picture of the whole team."""

    model_config = ConfigDict(defer_build=True)  # see delegate_tui.model.base.Record

    level_distribution: dict[int, int] = Field(description="Open tasks per level 1-7 (every level present).")
    manager_share_open: float = Field(description="The share of open tasks that the manager owns (0 without tasks).")
    autonomy_index: float = Field(
        description=(
            "The members' open tasks and agreed areas pooled, share at levels 5-7. Tasks the manager owns are left "
            "out: manager_share_open measures them."
        )
    )


_WEEKS = 12
METRIC_DAYS = 7 * _WEEKS
"""How far back the metrics count check-ins (the sparkline's twelve weeks), in days."""
_WEEK = timedelta(days=7)
_INSTANT = timedelta(microseconds=1)  # the last moment of a day is one before the next day's start
_DELEGATED = 5  # levels 5-7: the member holds the decision


def _share(items: Iterable[int]) -> float:
    levels = list(items)
    return sum(1 for level in levels if level >= _DELEGATED) / len(levels) if levels else 0.0


def _member_items(ctx: Context, member_id: int) -> list[int]:
    tasks = [int(task.level) for task in ctx.open_by_owner.get(member_id, [])]
    areas = [int(entry.level) for entry in ctx.levels(ctx.ws.agreements.get(member_id)).values()]
    return tasks + areas


def member_metrics(
    workspace: Workspace, events: Sequence[Event], now: datetime, *, context: Context | None = None
) -> dict[int, MemberMetrics]:
    """Autonomy and check-in figures for every member, with 12 weeks of history.

    ``context``, built from the same workspace, events and ``now``, saves indexing the events again.
    """
    ctx = context if context is not None else Context(workspace, events, now)
    # Weeks of whole local days, as the rules' windows: the last week is today and the 6 days before.
    # Each week is read as it stood at the last moment of its last day (events after now are cut off,
    # so this week's end reads the history up to now): the figures change only from one day to the next.
    week_ends = [day_end(ctx.today - _WEEK * back, ctx.zone) - _INSTANT for back in range(_WEEKS - 1, -1, -1)]
    # One pass over the open tasks: per member and week, the items owned then and those at 5-7.
    counted: dict[int, list[int]] = defaultdict(lambda: [0] * _WEEKS)
    held: dict[int, list[int]] = defaultdict(lambda: [0] * _WEEKS)
    for task in ctx.open_tasks:
        first = bisect_left(week_ends, task.created_at)  # the first week that ends after it existed
        levels, owners = ctx.levels_of(task), ctx.owners_of(task)
        if not levels.times and not owners.times:
            # No history: the same owner and level all along (the common case, so kept cheap).
            owner, delegated = owners.initial, levels.initial >= _DELEGATED
            for week in range(first, _WEEKS):
                counted[owner][week] += 1
                held[owner][week] += delegated
            continue
        for week in range(first, _WEEKS):
            owner = owners.at(week_ends[week])
            counted[owner][week] += 1
            held[owner][week] += levels.at(week_ends[week]) >= _DELEGATED
    result: dict[int, MemberMetrics] = {}
    for member_id in sorted(workspace.members):
        weekly = [0] * _WEEKS
        for event in ctx.checkins.get(member_id, []):
            back = (ctx.today - ctx.day_of(event.at)).days // 7
            if back < _WEEKS:
                weekly[_WEEKS - 1 - back] += 1
        last_28 = sum(weekly[-4:])
        agreement = workspace.agreements.get(member_id)
        days = cadence_days(agreement.cadence) if agreement is not None else None
        versions = ctx.versions(member_id)
        autonomy_history = []
        for week, end in enumerate(week_ends):
            areas = [int(entry.level) for entry in ctx.levels(terms_at(versions, end)).values()]
            total = counted[member_id][week] + len(areas) if member_id in counted else len(areas)
            holding = (held[member_id][week] if member_id in held else 0) + sum(lvl >= _DELEGATED for lvl in areas)
            autonomy_history.append(holding / total if total else 0.0)
        result[member_id] = MemberMetrics(
            member_id=member_id,
            autonomy_index=_share(_member_items(ctx, member_id)),
            checkins_last_28=last_28,
            checkins_per_week=last_28 / 4,
            cadence_per_week=7 / days if days else None,
            weekly_checkins=weekly,
            weekly_autonomy=autonomy_history,
        )
    return result


def team_metrics(workspace: Workspace, events: Sequence[Event], now: datetime) -> TeamMetrics:
    """Level distribution of open tasks, the manager's share of them, and the team's autonomy index."""
    ctx = Context(workspace, (), now)  # nothing here reads the event history
    distribution = {int(level): 0 for level in DelegationLevel}
    for task in ctx.open_tasks:
        distribution[int(task.level)] += 1
    total = len(ctx.open_tasks)
    items: list[int] = []
    for member_id in sorted(workspace.members):
        items += _member_items(ctx, member_id)
    return TeamMetrics(
        level_distribution=distribution,
        manager_share_open=len(ctx.open_by_owner.get(MANAGER, [])) / total if total else 0.0,
        autonomy_index=_share(items),
    )
