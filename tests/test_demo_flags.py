"""The sample team trips exactly the rules it was designed to show, and the healthy people none."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

import pytest

from delegate_tui import demo
from delegate_tui.model import Event, EventContext, EventKind, Initiator, Workspace
from delegate_tui.patterns import Flag, evaluate

NOWS = [
    datetime(2026, 3, 1, 15, 30, tzinfo=timezone.utc),  # a Sunday afternoon
    datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc),
    datetime(2027, 6, 14, 0, 5, tzinfo=timezone.utc),  # just after midnight
]

SEVERITY = {
    "MM001": {"warning"},  # contact on 9 days in each of the last two periods against 4 allowed: over 1.5x, under 3x
    "MM002": {"critical", "info"},  # the held rollout; the override during the checkout outage (an incident)
    "MM004": {"warning"},  # taken back once, not twice
    "MM006": {"warning"},
    "MM009": {"warning"},  # never acknowledged, but upkeep is never critical
    "MM013": {"info"},
    "MM014": {"warning"},  # Kwame's low pulse, with no control flag about him
}


def _flags(seed: int, now: datetime, zone: str = "UTC") -> tuple[Workspace, list[Event], list[Flag]]:
    workspace, events = demo.sample(seed, now)
    workspace = workspace.model_copy(update={"timezone": zone})
    # The store gives events their ids; the engine cites them as evidence.
    events = [event.model_copy(update={"id": f"demo-{i}"}) for i, event in enumerate(events)]
    return workspace, events, evaluate(workspace, events, now)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Amsterdam"])
@pytest.mark.parametrize("now", NOWS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sample_raises_the_designed_flags(seed: int, now: datetime, zone: str) -> None:
    _, _, flags = _flags(seed, now, zone)
    rules: dict[int | None, set[str]] = defaultdict(set)
    for flag in flags:
        rules[flag.member_id].add(flag.rule)
        assert flag.severity.value in SEVERITY[flag.rule], flag.message
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
    assert len(checkins) == 18 and all(e.kind is EventKind.CHECKIN and e.by is None for e in checkins)

    overrides = [flag for flag in flags if flag.rule == "MM002"]
    assert [flag.severity.value for flag in overrides] == ["critical", "info"]
    held, incident = ([by_id[item.ref] for item in flag.evidence if item.ref in by_id] for flag in overrides)
    assert [e.kind for e in held] == [EventKind.OVERRIDE] and held[0].context is None
    assert workspace.tasks[held[0].task_id or 0].title == "Roll out the Postgres 16 upgrade to production"
    assert [e.context for e in incident] == [EventContext.INCIDENT]
    assert "an incident" in overrides[1].message

    # Priya asked for a check-in herself; Aiko's queue was covered while she was on holiday: no flag.
    assert any(e.by is Initiator.MEMBER and e.member_id == demo.PRIYA for e in events)
    assert workspace.members[demo.AIKO].away
    assert any(e.kind is EventKind.REASSIGN and e.from_owner == demo.AIKO and e.to_owner == 0 for e in events)
    pulses = [e for e in events if e.kind is EventKind.PULSE]
    assert {(e.member_id, e.score) for e in pulses} == {(demo.PRIYA, 5), (demo.KWAME, 2)}
    assert by_rule["MM014"].member_id == demo.KWAME

    taken = [by_id[item.ref] for item in by_rule["MM004"].evidence if item.ref in by_id]
    assert [(e.kind, e.from_owner, e.to_owner) for e in taken] == [(EventKind.REASSIGN, demo.FATIMA, 0)]

    assert by_rule["MM006"].area_id == demo.TOOLING
    assert by_rule["MM013"].area_id == demo.ESCALATIONS
