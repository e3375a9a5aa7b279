"""The evidence options of ``delegate`` (issue 11): who started it, why, time away, pulses, the
manager's time zone and new agreement versions; each option refused with one line naming it, exit 2,
and the workspace unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from delegate_tui.model import DelegationLevel, EventContext, EventKind, Initiator, TaskStatus
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW, NOW_ARG

TEAM = [
    ("member", "add", "Zoë Ångström", "--role", "Engineer", "--since", "2024-01-15"),
    ("member", "add", "Priya Natarajan", "--since", "2026-11-01"),
    ("area", "add", "Hiring"),
    (
        "task",
        "add",
        "Run the interview loop",
        "--member",
        "zo",
        "--level",
        "5",
        "--area",
        "hiring",
        "--at",
        "2026-10-01",
    ),
    (
        "agreement",
        "set",
        "Zoë",
        "--area",
        "Hiring=Advise",
        "--check-in",
        "weekly",
        "--acknowledged",
        "--at",
        "2026-08-01",
    ),
]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the workspace folder (lock files aside) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    return str(result.out)


@pytest.fixture
def team(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A small team recorded at NOW (the clock fixed through DELEGATE_NOW)."""
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    for args in TEAM:
        ok(cli(*args))
    return cli


def events(db_path: Path, kind: EventKind) -> list[Any]:
    return [event for event in Store(db_path).events() if event.kind is kind]


# --------------------------------------------------------------------------- who started it


def test_a_checkin_the_member_asked_for_is_recorded_as_theirs(team: Any, db_path: Path) -> None:
    ok(team("log", "checkin", "--member", "Zoë", "--by", "member"))
    ok(team("log", "checkin", "--member", "Zoë"))
    ok(team("log", "approval", "--task", "1", "--by", "Member"))
    checkins = events(db_path, EventKind.CHECKIN)
    assert [event.by for event in checkins] == [Initiator.MEMBER, None]
    assert [event.by_member for event in checkins] == [True, False]
    assert events(db_path, EventKind.APPROVAL)[0].by is Initiator.MEMBER


# --------------------------------------------------------------------------- why


def test_an_incident_override_keeps_its_context_and_reason(team: Any, db_path: Path) -> None:
    ok(team("log", "override", "--task", "1", "--context", "Incident", "--reason", "Production was down"))
    (override,) = events(db_path, EventKind.OVERRIDE)
    assert (override.context, override.reason) == (EventContext.INCIDENT, "Production was down")


def test_task_verbs_and_agreement_set_keep_context_and_reason(team: Any, db_path: Path) -> None:
    ok(team("task", "level", "1", "4", "--context", "review", "--reason", "agreed at our 1:1"))
    ok(team("task", "due", "1", "2026-12-20", "--context", "compliance", "--reason", "audit date"))
    assert ok(team("task", "status", "1", "done", "--reason", "shipped")) == "Task 1 is now done.\n"
    ok(team("task", "reassign", "1", "--member", "manager", "--context", "leave", "--reason", "Zoë is out"))
    ok(team("agreement", "set", "Zoë", "--area", "Hiring=6", "--context", "member-request", "--reason", "she asked"))
    (level, agreed) = events(db_path, EventKind.LEVEL_CHANGE)
    assert (level.context, level.reason) == (EventContext.REVIEW, "agreed at our 1:1")
    assert (agreed.context, agreed.reason, agreed.area_id) == (EventContext.MEMBER_REQUEST, "she asked", 1)
    (due,) = events(db_path, EventKind.DUE_CHANGE)
    assert (due.context, due.reason) == (EventContext.COMPLIANCE, "audit date")
    (status,) = events(db_path, EventKind.STATUS_CHANGE)
    assert (status.from_status, status.to_status, status.reason) == (TaskStatus.OPEN, TaskStatus.DONE, "shipped")
    (moved,) = events(db_path, EventKind.REASSIGN)
    assert (moved.context, moved.reason, moved.to_owner) == (EventContext.LEAVE, "Zoë is out", 0)


# --------------------------------------------------------------------------- pulses


def test_a_pulse_keeps_the_members_score_and_note(team: Any, db_path: Path) -> None:
    out = ok(team("log", "pulse", "--member", "Zoë", "--score", "2", "--note", "decisions got overruled"))
    assert out.startswith("Logged pulse e") and " for Zoë Ångström at " in out
    (pulse,) = events(db_path, EventKind.PULSE)
    assert (pulse.score, pulse.note, pulse.member_id) == (2, "decisions got overruled", 1)


# --------------------------------------------------------------------------- time away


def test_time_away_is_recorded_listed_and_removed(team: Any, db_path: Path) -> None:
    assert ok(team("member", "away", "Zoë", "--from", "2026-12-21", "--to", "2027-01-03", "--reason", "holiday")) == (
        "Zoë Ångström is away from 2026-12-21 to 2027-01-03.\n"
    )
    ok(team("member", "away", "Zoë", "--from", "2026-11-02", "--to", "2026-11-02"))
    periods = Store(db_path).load().members[1].away
    assert [(p.start, p.end, p.reason) for p in periods] == [
        (date(2026, 11, 2), date(2026, 11, 2), None),
        (date(2026, 12, 21), date(2027, 1, 3), "holiday"),
    ]
    assert ok(team("member", "away", "Zoë")) == "2026-11-02 to 2026-11-02\n2026-12-21 to 2027-01-03  holiday\n"
    assert ok(team("member", "away", "Zoë", "--remove", "2026-11-02")) == (
        "Removed the time away of Zoë Ångström from 2026-11-02 to 2026-11-02.\n"
    )
    assert [p.start for p in Store(db_path).load().members[1].away] == [date(2026, 12, 21)]
    assert ok(team("member", "away", "Priya")) == "Priya Natarajan has no time away recorded.\n"


# --------------------------------------------------------------------------- the manager's time zone


def test_a_date_alone_is_noon_of_the_managers_local_day(team: Any, db_path: Path) -> None:
    assert ok(team("manager", "--timezone", "Europe/Amsterdam")) == (
        "Days are now judged in the time zone Europe/Amsterdam.\n"
    )
    assert Store(db_path).load().timezone == "Europe/Amsterdam"
    assert ok(team("manager")) == "Manager\n"  # showing the name still shows only the name
    out = ok(team("log", "checkin", "--member", "Zoë", "--at", "2026-11-27"))
    assert out.endswith(" at 2026-11-27 12:00 Europe/Amsterdam.\n")
    ok(team("log", "checkin", "--member", "Zoë", "--at", "yesterday 00:30"))
    earlier, later = (event.at for event in events(db_path, EventKind.CHECKIN))  # in time order
    assert later == datetime(2026, 11, 27, 11, 0, tzinfo=timezone.utc)  # CET is UTC+1 in November
    assert earlier == datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc)  # the 27th already in Amsterdam
    assert ok(team("manager", "--timezone", "system")) == "Days are now judged in this machine's time zone.\n"
    assert Store(db_path).load().timezone is None


def test_a_summer_date_follows_daylight_saving_time(team: Any, db_path: Path) -> None:
    ok(team("manager", "--timezone", "Europe/Amsterdam"))
    ok(team("task", "add", "Summer task", "--member", "zo", "--level", "3", "--at", "2026-07-01"))
    assert Store(db_path).load().tasks[2].created_at == datetime(2026, 7, 1, 10, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- new agreement versions


def test_a_new_agreement_version_starts_unacknowledged(team: Any, db_path: Path) -> None:
    assert Store(db_path).load().agreements[1].acknowledged  # version 1, acknowledged when set
    ok(team("agreement", "set", "Zoë", "--check-in", "biweekly"))
    agreement = Store(db_path).load().agreements[1]
    assert (agreement.version, agreement.acknowledged) == (2, False)
    assert "Acknowledged      no" in ok(team("agreement", "show", "Zoë"))
    ok(team("agreement", "set", "Zoë", "--check-in", "monthly", "--acknowledged"))
    agreement = Store(db_path).load().agreements[1]
    assert (agreement.version, agreement.acknowledged) == (3, True)


def test_a_review_leaves_the_members_acknowledgement_standing(team: Any, db_path: Path) -> None:
    ok(team("log", "review", "--member", "Zoë", "--at", "2026-11-20"))
    ok(team("agreement", "set", "Zoë", "--reviewed", "2026-11-27"))
    agreement = Store(db_path).load().agreements[1]
    assert (agreement.last_review, agreement.acknowledged) == (date(2026, 11, 27), True)
    assert [e.at.date() for e in events(db_path, EventKind.REVIEW)] == [date(2026, 11, 20), date(2026, 11, 27)]


# --------------------------------------------------------------------------- one consistent past


def test_an_event_before_its_task_existed_is_refused(team: Any, db_path: Path) -> None:
    before = snapshot(db_path.parent)
    result = team("log", "override", "--task", "1", "--at", "2026-09-30")
    assert result.code == 2
    assert "before task #1 was created" in result.err and result.err.count("\n") == 1
    assert snapshot(db_path.parent) == before


def test_a_checkin_before_the_member_joined_is_refused(team: Any, db_path: Path) -> None:
    before = snapshot(db_path.parent)
    result = team("log", "checkin", "--member", "Priya", "--at", "2026-10-31")
    assert result.code == 2
    assert "before Priya Natarajan joined (2026-11-01)" in result.err
    assert snapshot(db_path.parent) == before


def test_a_level_change_written_up_later_starts_from_the_level_at_that_moment(team: Any, db_path: Path) -> None:
    assert (
        ok(team("task", "level", "1", "3", "--at", "2026-11-20")) == "Task 1 moved from level 5 Advise to 3 Consult.\n"
    )
    # Written up afterwards: on 10 November the task was still at 5, and today's level stays 3.
    assert ok(team("task", "level", "1", "4", "--at", "2026-11-10")) == "Task 1 moved from level 5 Advise to 4 Agree.\n"
    changes = sorted(events(db_path, EventKind.LEVEL_CHANGE), key=lambda event: event.at)
    assert [(e.from_level, e.to_level) for e in changes] == [(5, 4), (5, 3)]
    assert Store(db_path).load().tasks[1].level is DelegationLevel.CONSULT


# --------------------------------------------------------------------------- refusals

REFUSED = [
    (("log", "checkin", "--member", "Zoë", "--by", "boss"), "--by must be one of manager, member (got 'boss')"),
    (("log", "override", "--task", "1", "--by", "member"), "--by applies to check-ins and approvals only"),
    (("log", "checkin", "--member", "Zoë", "--context", "fire"), "--context must be one of incident, guardrail"),
    (("log", "note", "--member", "Zoë", "--note", "x", "--context", "incident"), "--context applies to check-ins"),
    (("log", "pulse", "--member", "Zoë", "--note", "x", "--reason", "why"), "--reason applies to check-ins"),
    (("log", "checkin", "--member", "Zoë", "--reason", "x" * 2001), "--reason must be at most 2000 characters"),
    (("log", "pulse", "--member", "Zoë"), "A pulse needs --score N"),
    (("log", "pulse", "--member", "Zoë", "--score", "6"), "--score must be a whole number from 1 to 5 (got '6')"),
    (("log", "pulse", "--member", "Zoë", "--score", "0"), "--score must be a whole number from 1 to 5 (got '0')"),
    (("log", "pulse", "--member", "Zoë", "--score", "three"), "--score must be a whole number from 1 to 5"),
    (("log", "pulse", "--task", "1", "--score", "3"), "A pulse is a member's answer: add --member NAME"),
    (("log", "checkin", "--member", "Zoë", "--score", "3"), "--score applies to a pulse only"),
    (("log", "status_change", "--task", "1"), "written by 'delegate task status'"),
    (("task", "level", "1", "4", "--context", "panic"), "--context must be one of"),
    (("task", "due", "1", "2026-12-01", "--context", "x"), "--context must be one of"),
    (("task", "status", "1", "done", "--context", "x"), "--context must be one of"),
    (("task", "reassign", "1", "--member", "manager", "--context", "x"), "--context must be one of"),
    (("agreement", "set", "Zoë", "--check-in", "daily", "--context", "x"), "--context must be one of"),
    (("member", "away", "Zoë", "--from", "2026-12-09", "--to", "2026-12-02"), "--to (2026-12-02) must not be before"),
    (("member", "away", "Zoë", "--from", "2026-12-09"), "Time away needs both --from DATE and --to DATE"),
    (("member", "away", "Zoë", "--from", "2026-02-30", "--to", "2026-03-02"), "--from 2026-02-30 is not a date"),
    (("member", "away", "Zoë", "--remove", "2026-12-01"), "Zoë Ångström has no time away starting on 2026-12-01"),
    (("member", "away", "Zoë", "--remove", "2026-12-01", "--to", "2026-12-02"), "--remove takes no --from, --to"),
    (("member", "away", "Nobody", "--from", "2026-12-01", "--to", "2026-12-02"), "There is no member named"),
    (("manager", "--timezone", "Mars/Olympus"), "--timezone 'Mars/Olympus' is not a known time zone"),
    (("manager", "--timezone", "../../etc/passwd"), "is not a known time zone"),
    (("manager", "Sam", "--timezone", "Nowhere"), "is not a known time zone"),
    (("log", "checkin", "--member", "Zoë", "--at", "2026-11-27 25:00"), "is not a clock time"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[" ".join(args)[:60] for args, _message in REFUSED])
def test_a_refused_evidence_option_says_why_and_changes_nothing(
    team: Any, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(team("member", "away", "Zoë", "--from", "2026-12-21", "--to", "2026-12-24"))
    before = snapshot(db_path.parent)
    result = team(*args)
    assert result.code == 2, result.out
    assert message.casefold() in result.err.casefold(), result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert result.out == ""
    assert snapshot(db_path.parent) == before


def test_an_overlapping_time_away_is_refused(team: Any, db_path: Path) -> None:
    ok(team("member", "away", "Zoë", "--from", "2026-12-21", "--to", "2026-12-24"))
    before = snapshot(db_path.parent)
    result = team("member", "away", "Zoë", "--from", "2026-12-24", "--to", "2026-12-31")
    assert result.code == 2
    assert "already away from 2026-12-21 to 2026-12-24" in result.err
    assert snapshot(db_path.parent) == before


# --------------------------------------------------------------------------- end to end


def _delegate(db: Path, *args: str, now: str = NOW_ARG) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DELEGATE_DB": str(db), "DELEGATE_NOW": now, "TZ": "UTC"}
    return subprocess.run(
        [sys.executable, "-m", "delegate_tui", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def _team_with_daily_checkins(cli: Any, db: Path, by: str) -> None:
    for args in TEAM:
        assert cli(*args, db=db).code == 0
    for days_ago in range(84):
        at = (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
        result = cli("log", "checkin", "--member", "Zoë", "--by", by, "--at", at, db=db)
        assert result.code == 0, result.err


def test_checkins_the_member_asked_for_raise_no_over_monitoring_flag(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    asked, imposed = tmp_path / "asked.json", tmp_path / "imposed.json"
    _team_with_daily_checkins(cli, asked, "member")
    _team_with_daily_checkins(cli, imposed, "manager")
    # Through the installed command in its own process, as a manager would run it.
    assert _delegate(asked, "log", "checkin", "--member", "Zoë", "--by", "member").returncode == 0
    results = {
        name: _delegate(db, "check", "--format", "json") for name, db in (("asked", asked), ("imposed", imposed))
    }
    for result in results.values():
        assert result.returncode == 0, result.stderr
    rules = {name: [flag["rule"] for flag in json.loads(r.stdout)["flags"]] for name, r in results.items()}
    assert "MM001" in rules["imposed"]  # the same contact, started by the manager, is over-monitoring
    assert "MM001" not in rules["asked"]
