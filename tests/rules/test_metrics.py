"""Metrics (not a rule): autonomy and check-in figures per member and for the team."""

from __future__ import annotations

from datetime import timedelta

import pytest

from delegate_tui.model import (
    MANAGER,
    TaskStatus,
    Workspace,
)
from delegate_tui.patterns import (
    member_metrics,
    team_metrics,
)
from tests.helpers.scenario import (
    NOW,
    Builder,
    ago,
)


def metrics_team() -> Builder:
    b = Builder()
    priya, sam = b.member("Priya"), b.member("Sam")
    tooling, hiring = b.area("Tooling"), b.area("Hiring")
    b.agree(priya, at=ago(100), levels={tooling: 3, hiring: 2}, cadence="twice-weekly")
    b.agree(priya, at=ago(20), levels={tooling: 6, hiring: 2})
    b.agree(sam, at=ago(100), levels={tooling: 5}, cadence="on-request")
    # Priya: three open tasks (levels 6, 3, 5) and a done one; task 3 was raised from 2 to 5 ten days ago.
    b.task(priya, 6, tooling, created=ago(200))
    b.task(priya, 3, hiring, created=ago(200))
    raised = b.task(priya, 5, tooling, created=ago(60))
    b.event("level_change", ago(10), task_id=raised, from_level=2, to_level=5, reason="ready")
    b.task(priya, 7, tooling, status=TaskStatus.DONE)
    # Sam: one task, moved to him from the manager 15 days ago.
    moved = b.task(sam, 7, tooling, created=ago(200))
    b.event("reassign", ago(15), task_id=moved, from_owner=MANAGER, to_owner=sam, reason="growth")
    b.task(MANAGER, 1)
    b.task(MANAGER, 3)
    # Check-ins with Priya: 2 in the last week (today and the 6 local days before), 2 in the week before
    # (6.9 days ago is on the local day 7 days ago), 2 in week 5, 1 in week 12, 1 too old.
    for days in (0, 1, 6.9, 7, 30, 31, 80, 84):
        b.event("checkin", ago(days), member_id=priya)
    b.event("checkin", NOW + timedelta(days=1), member_id=priya)
    return b


def test_member_metrics_on_a_small_team() -> None:
    b = metrics_team()
    metrics = member_metrics(b.ws, b.events, NOW)
    assert set(metrics) == {1, 2}
    priya, sam = metrics[1], metrics[2]
    # Priya: open tasks 6, 3, 5 and agreed areas 6, 2 -> 3 of 5 at levels 5-7.
    assert priya.autonomy_index == pytest.approx(3 / 5)
    assert priya.weekly_checkins == [1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 2]
    assert priya.checkins_last_28 == 4
    assert priya.checkins_per_week == 1.0
    assert priya.cadence_per_week == 2.0
    # Week ends are the ends of the local days 0, 7, 14, ... 77 days ago. A week ago task 3 was already at 5: 6, 3, 5 | 6, 2 -> 3 of 5.
    # Two weeks ago it was still at 2: 6, 3, 2 | 6, 2 -> 2 of 5.
    # Three weeks ago Tooling was agreed at 3 (the version of day 100): 6, 3, 2 | 3, 2 -> 1 of 5.
    # Eleven weeks ago (77 days) task 3 did not exist yet: 6, 3 | 3, 2 -> 1 of 4.
    assert priya.weekly_autonomy[-1] == pytest.approx(3 / 5)
    assert priya.weekly_autonomy[-2] == pytest.approx(3 / 5)
    assert priya.weekly_autonomy[-3] == pytest.approx(2 / 5)
    assert priya.weekly_autonomy[-4] == pytest.approx(1 / 5)
    assert priya.weekly_autonomy[0] == pytest.approx(1 / 4)
    assert len(priya.weekly_autonomy) == 12
    # Sam: task 5 (level 7) and Tooling (5): 2 of 2. Before the move the task was the manager's: 1 of 1.
    assert sam.autonomy_index == 1.0
    assert sam.cadence_per_week is None
    assert sam.weekly_checkins == [0] * 12 and sam.checkins_last_28 == 0
    assert sam.weekly_autonomy == [1.0] * 12


def test_member_metrics_without_agreement_or_items() -> None:
    b = Builder()
    b.member("Omar")
    metrics = member_metrics(b.ws, [], NOW)[1]
    assert metrics.autonomy_index == 0.0
    assert metrics.cadence_per_week is None
    assert metrics.weekly_autonomy == [0.0] * 12


def test_team_metrics_on_a_small_team() -> None:
    b = metrics_team()
    metrics = team_metrics(b.ws, b.events, NOW)
    assert metrics.level_distribution == {1: 1, 2: 0, 3: 2, 4: 0, 5: 1, 6: 1, 7: 1}
    assert metrics.manager_share_open == pytest.approx(2 / 6)
    # Members' items: Priya 6, 3, 5, 6, 2; Sam 7, 5 -> 5 of 7 at levels 5-7.
    assert metrics.autonomy_index == pytest.approx(5 / 7)


def test_team_metrics_of_an_empty_workspace() -> None:
    metrics = team_metrics(Workspace(), [], NOW)
    assert metrics.level_distribution == dict.fromkeys(range(1, 8), 0)
    assert metrics.manager_share_open == 0.0 and metrics.autonomy_index == 0.0
