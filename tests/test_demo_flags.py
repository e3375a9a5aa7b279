"""The sample team trips exactly the rules it was designed to show, and the healthy people none."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

import pytest

from delegate_tui import demo
from delegate_tui.model import Event, EventKind, Workspace
from delegate_tui.patterns import Flag, evaluate

NOWS = [
    datetime(2026, 3, 1, 15, 30, tzinfo=timezone.utc),  # a Sunday afternoon
    datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc),
    datetime(2027, 6, 14, 0, 5, tzinfo=timezone.utc),  # just after midnight
]

SEVERITY = {
    "MM001": "warning",  # 9 check-ins in 28 days against 4 allowed: over 1.5x, under 3x
    "MM002": "critical",
    "MM004": "warning",  # taken back once, not twice
    "MM006": "warning",
    "MM009": "critical",  # never acknowledged
    "MM013": "info",
}


def _flags(seed: int, now: datetime) -> tuple[Workspace, list[Event], list[Flag]]:
    workspace, events = demo.sample(seed, now)
    # The store gives events their ids; the engine cites them as evidence.
    events = [event.model_copy(update={"id": f"demo-{i}"}) for i, event in enumerate(events)]
    return workspace, events, evaluate(workspace, events, now)


@pytest.mark.parametrize("now", NOWS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sample_raises_the_designed_flags(seed: int, now: datetime) -> None:
    _, _, flags = _flags(seed, now)
    rules: dict[int | None, list[str]] = defaultdict(list)
    for flag in flags:
        rules[flag.member_id].append(flag.rule)
        assert flag.severity.value == SEVERITY[flag.rule], flag.message
    assert None not in rules, "the sample should raise no team-wide flag"
    assert {member: sorted(found) for member, found in rules.items()} == {
        member: sorted(expected) for member, expected in demo.SAMPLE_FLAGS.items() if expected
    }


def test_healthy_people_get_no_flags() -> None:
    workspace, _, flags = _flags(0, NOWS[0])
    healthy = [member for member, expected in demo.SAMPLE_FLAGS.items() if not expected]
    assert len(healthy) >= 2
    assert {workspace.members[member].name for member in healthy} == {"Priya Natarajan", "Aiko Tanaka"}
    assert not [flag for flag in flags if flag.member_id in healthy]


def test_flags_point_at_the_designed_evidence() -> None:
    workspace, events, flags = _flags(0, NOWS[0])
    by_id = {event.id: event for event in events}
    by_rule = {flag.rule: flag for flag in flags}

    checkins = [by_id[item.ref] for item in by_rule["MM001"].evidence if item.ref in by_id]
    assert len(checkins) == 9 and all(e.kind is EventKind.CHECKIN for e in checkins)

    override = [by_id[item.ref] for item in by_rule["MM002"].evidence if item.ref in by_id]
    assert [e.kind for e in override] == [EventKind.OVERRIDE]
    assert workspace.tasks[override[0].task_id or 0].title == "Roll out the Postgres 16 upgrade to production"

    taken = [by_id[item.ref] for item in by_rule["MM004"].evidence if item.ref in by_id]
    assert [(e.kind, e.from_owner, e.to_owner) for e in taken] == [(EventKind.REASSIGN, demo.FATIMA, 0)]

    assert by_rule["MM006"].area_id == demo.TOOLING
    assert by_rule["MM013"].area_id == demo.ESCALATIONS
