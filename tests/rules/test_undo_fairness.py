"""An undone change counts against no one: the rule context drops an undone event with its undo.

The UI's undo answers each event of the change it reverses with one event naming it in
``undoes`` (the reverse change, or an ``undo`` event for a check-in logged by mistake); see
delegate_tui/storage/undo_changes.py. Every rule then reads the history as if neither had happened.
"""

from __future__ import annotations

from datetime import timedelta

from delegate_tui.model import MANAGER, EventKind
from delegate_tui.patterns.context import Context
from delegate_tui.patterns.metrics import member_metrics
from tests.helpers.scenario import NOW, PRIYA, TOOLING, Builder, ago, team

UNDO_REASON = "Undo: Level changed to 2."


def _undo_at(event_at: float) -> float:
    """A minute after the change (an undo follows the mistake at once), in days ago."""
    return event_at - 1 / (24 * 60)


def test_a_level_lowered_by_mistake_and_undone_is_no_take_back() -> None:
    b = team()
    task = b.task(PRIYA, 5, TOOLING)
    mistake = b.event("level_change", ago(3), task_id=task, member_id=PRIYA, from_level=5, to_level=2)
    assert [flag.rule for flag in b.rule("MM004")] == ["MM004"]  # the lowering alone is a take-back
    b.event(
        "level_change",
        ago(_undo_at(3)),
        task_id=task,
        member_id=PRIYA,
        from_level=2,
        to_level=5,
        reason=UNDO_REASON,
        undoes=mistake.id,
    )
    assert b.rule("MM004") == []
    ctx = Context(b.ws, b.events, NOW)
    assert ctx.levels_of(b.ws.tasks[task]).at(ago(_undo_at(3) / 2)) == 5
    assert ctx.by_kind.get(EventKind.LEVEL_CHANGE, []) == []


def test_a_level_raised_by_mistake_and_put_back_is_neither_a_raise_nor_a_lowering() -> None:
    b = team()
    task = b.task(PRIYA, 3, TOOLING, created=ago(200))
    mistake = b.event("level_change", ago(2), task_id=task, member_id=PRIYA, from_level=3, to_level=7)
    b.event(
        "level_change",
        ago(_undo_at(2)),
        task_id=task,
        member_id=PRIYA,
        from_level=7,
        to_level=3,
        reason=UNDO_REASON,
        undoes=mistake.id,
    )
    with_pair = b.flags()
    ctx = Context(b.ws, b.events, NOW)
    timeline = ctx.levels_of(b.ws.tasks[task])
    # Level 3 throughout: the minute at 7 never happened, and the task has held 3 since it was created.
    assert timeline.times == [] and timeline.at(ago(2, -0.01)) == 3
    b.events.clear()
    assert with_pair == b.flags()


def test_work_moved_to_the_manager_by_mistake_and_undone_is_no_take_back() -> None:
    b = team()
    task = b.task(PRIYA, 5, TOOLING)
    mistake = b.event("reassign", ago(4), task_id=task, member_id=PRIYA, from_owner=PRIYA, to_owner=MANAGER)
    assert [flag.rule for flag in b.rule("MM004")] == ["MM004"]
    b.event(
        "reassign",
        ago(_undo_at(4)),
        task_id=task,
        member_id=PRIYA,
        from_owner=MANAGER,
        to_owner=PRIYA,
        reason="Undo: Reassigned.",
        undoes=mistake.id,
    )
    assert b.rule("MM004") == []


def _monitored(extra: int, undone: bool) -> Builder:
    """Priya, weekly agreement, checked on six days in each of the last two periods (the most that is
    not over-monitoring), plus ``extra`` check-ins per period, each undone a minute later when ``undone``."""
    b = team()
    for period in (0, 28):
        b.checkins(PRIYA, 6, start=period + 1, step=4)
        for i in range(extra):
            days = period + 3 + 4 * i
            mistake = b.event("checkin", ago(days), member_id=PRIYA)
            if undone:
                b.event(
                    "undo", ago(_undo_at(days)), member_id=PRIYA, reason="Undo: Logged a check-in.", undoes=mistake.id
                )
    return b


def test_undone_check_ins_are_no_check_ins_for_over_monitoring_or_the_counts() -> None:
    assert _monitored(0, undone=False).rule("MM001") == []
    assert [flag.rule for flag in _monitored(3, undone=False).rule("MM001")] == ["MM001"]
    undone = _monitored(3, undone=True)
    assert undone.rule("MM001") == []
    plain = _monitored(0, undone=False)
    counted = member_metrics(undone.ws, undone.events, NOW)[PRIYA]
    assert counted == member_metrics(plain.ws, plain.events, NOW)[PRIYA]
    assert counted.checkins_last_28 == 6


def test_an_undo_after_now_does_not_count_yet() -> None:
    b = team()
    task = b.task(PRIYA, 5, TOOLING)
    mistake = b.event("level_change", ago(3), task_id=task, member_id=PRIYA, from_level=5, to_level=2)
    b.event("level_change", NOW + timedelta(hours=1), task_id=task, from_level=2, to_level=5, undoes=mistake.id)
    assert [flag.rule for flag in b.rule("MM004")] == ["MM004"]
