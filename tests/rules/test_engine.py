"""The engine as a whole: a healthy team, sorting, filters, ordering, acknowledgments, serialisation."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from delegate_tui.model import (
    MANAGER,
    AreaAgreement,
    EventKind,
    InputError,
)
from delegate_tui.patterns import (
    RULES,
    Flag,
    Severity,
)
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    TODAY,
    TOOLING,
    ago,
    busy,
    day_ago,
    healthy,
    only,
    over_monitored,
    team,
)


def test_a_healthy_team_raises_no_flag() -> None:
    assert healthy().flags() == []


def test_flags_are_sorted_team_first_then_member_control_first_severity_rule() -> None:
    b = busy()
    b.agree(1, at=ago(1), last_review=day_ago(200))  # Priya's review is overdue too: an upkeep flag
    flags = b.flags()
    rank = {"control": 0, "growth": 1, "upkeep": 2}
    keys = [(flag.member or "", rank[flag.category], -flag.severity.rank, flag.rule) for flag in flags]
    assert keys == sorted(keys)
    assert flags[0].member is None and flags[0].rule == "MM011"
    assert [flag.member for flag in flags][1:] == sorted(flag.member or "" for flag in flags[1:])
    priya = [(flag.rule, flag.category) for flag in flags if flag.member == "Priya"]
    # Both control flags critical, by rule id; the overdue review (upkeep, a warning) after them.
    assert priya[:2] == [("MM001", "control"), ("MM002", "control")] and priya[-1] == ("MM009", "upkeep")


def test_member_filter() -> None:
    b = busy()
    assert {flag.member for flag in b.flags(member_id=2)} == {"Sam"}
    assert b.flags(member_id=99) == []


def test_event_order_and_future_events_do_not_matter() -> None:
    b = busy()
    expected = b.flags()
    b.events.reverse()
    assert b.flags() == expected
    for kind in EventKind:
        b.event(kind, NOW + timedelta(minutes=1), member_id=1, task_id=1, from_owner=1, to_owner=MANAGER)
    assert b.flags() == expected


def test_naive_now_is_taken_as_utc() -> None:
    b = busy()
    assert b.flags(now=NOW.replace(tzinfo=None)) == b.flags()


def test_unknown_members_tasks_and_areas_are_skipped_quietly() -> None:
    b = team()
    b.ws.agreements[PRIYA].levels[42] = AreaAgreement(level=1, readiness="D4", self_readiness="D1")
    b.event("override", ago(1), member_id=77, task_id=1234)
    b.event("override", ago(1), member_id=77, area_id=TOOLING)
    b.event("approval", ago(1), task_id=555)
    b.event("checkin", ago(1), member_id=77)
    b.event("reassign", ago(1), from_owner=77, to_owner=MANAGER)
    b.event("level_change", ago(1), task_id=999, from_level=7, to_level=1)
    assert b.flags() == []


# --------------------------------------------------------------------------- acknowledgments


def test_an_acknowledged_flag_is_hidden_and_can_be_shown() -> None:
    b = over_monitored()
    flag = only(b.rule("MM001"))
    b.ack(flag, until=day_ago(-10))
    assert b.rule("MM001") == []
    shown = only(b.rule("MM001", include_acknowledged=True))
    assert shown.acknowledged is not None and shown.acknowledged.reason == "discussed"
    assert shown.model_copy(update={"acknowledged": None}) == flag


def test_an_acknowledgment_lasts_until_its_date() -> None:
    b = over_monitored()
    flag = only(b.rule("MM001"))
    b.ack(flag, until=TODAY)
    assert b.rule("MM001") == []
    returned = only(b.rule("MM001", now=NOW + timedelta(days=1)))
    assert returned.id == flag.id and returned.acknowledged is None


def test_an_acknowledgment_without_date_holds_until_the_evidence_grows() -> None:
    b = over_monitored()
    b.ack(only(b.rule("MM001")))
    assert b.rule("MM001", now=NOW + timedelta(days=2)) == []  # same check-ins, later: still hidden
    b.checkins(PRIYA, 1, start=0.5)
    returned = only(b.rule("MM001", include_acknowledged=True))
    assert returned.acknowledged is None


def test_acknowledgments_are_per_flag() -> None:
    b = busy()
    before = b.flags()
    b.ack(before[0])
    assert b.flags() == before[1:]


def test_flag_ids_are_stable_across_days_and_distinct() -> None:
    b = busy()
    b.agree(1, at=ago(1), last_review=day_ago(200))
    today = {(flag.rule, flag.member_id, flag.task_id, flag.area_id): flag.id for flag in b.flags()}
    tomorrow = {
        (flag.rule, flag.member_id, flag.task_id, flag.area_id): flag.id
        for flag in b.flags(now=NOW + timedelta(days=1))
    }
    assert today == tomorrow
    ids = [flag.id for flag in b.flags()]
    assert len(ids) == len(set(ids))
    assert all(flag_id.split("-")[0] in RULES for flag_id in ids)


def test_severity() -> None:
    assert [s.rank for s in Severity] == [1, 2, 3]
    assert Severity.parse("Critical") is Severity.CRITICAL
    assert Severity.parse(Severity.INFO) is Severity.INFO
    with pytest.raises(InputError, match="severity must be one of info, warning, critical"):
        Severity.parse("loud")


def test_flags_serialise_to_json() -> None:
    flag = busy().flags()[0]
    data = flag.model_dump(mode="json")
    assert data["severity"] == "warning" and data["acknowledged"] is None
    assert Flag.model_validate(data) == flag


def test_the_engine_imports_neither_textual_nor_tinydb() -> None:
    code = (
        "import sys, delegate_tui.patterns\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
