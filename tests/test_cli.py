"""The ``delegate`` data verbs: what they print, their exit codes, and that a refused command changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest

from delegate_tui.cli import main
from delegate_tui.model import DelegationLevel, EventKind, TaskStatus
from delegate_tui.storage.store import Store, events_folder
from tests.helpers.clock import NOW, NOW_ARG

ROOT = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the workspace folder (lock files aside) with its bytes and mtime."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    return str(result.out)


TEAM = [
    ("member", "add", "Zoë Ångström", "--role", "Engineer", "--since", "2024-01-15"),
    ("member", "add", "Priya Natarajan"),
    ("member", "add", "Pablo Ruiz"),
    ("area", "add", "Hiring", "--description", "Who joins the team"),
    ("area", "add", "Tooling"),
    ("task", "add", "Run the interview loop", "--member", "zo", "--level", "5", "--area", "hiring"),
    ("agreement", "set", "Zoë", "--area", "Hiring=Advise", "--check-in", "weekly"),
]


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small team built once per module through the CLI itself (writes cost fsyncs)."""
    folder = tmp_path_factory.mktemp("team-template")
    for args in TEAM:
        assert main([*args, "--db", str(folder / "team.json")]) == 0
    return folder


@pytest.fixture
def team(cli: Any, db_path: Path, team_template: Path) -> Any:
    """The small team, copied into this test's workspace."""
    shutil.copytree(team_template, db_path.parent, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    assert Store(db_path).load().tasks[1].title == "Run the interview loop"
    return cli


# --------------------------------------------------------------------------- members and areas


def test_member_add_and_list(cli: Any, db_path: Path) -> None:
    assert ok(cli("member", "add", "  Zoë   Ångström ", "--role", "Engineer", "--since", "2024-01-15")) == (
        "Added member Zoë Ångström (id 1).\n"
    )
    assert ok(cli("member", "add", "Priya")) == "Added member Priya (id 2).\n"
    text = ok(cli("member", "list"))
    assert text.splitlines()[0].split() == ["Name", "Role", "Since", "Open", "Check-ins"]
    assert "Zoë Ångström  Engineer  2024-01-15" in text
    doc = json.loads(ok(cli("member", "list", "--format", "json")))
    assert [m["name"] for m in doc["members"]] == ["Priya", "Zoë Ångström"]
    assert doc["members"][1] == {
        "id": 1,
        "name": "Zoë Ångström",
        "role": "Engineer",
        "since": "2024-01-15",
        "open_tasks": 0,
        "cadence": None,
    }
    assert stat_mode(db_path) == 0o600


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_empty_lists_say_how_to_start(cli: Any, store: Any) -> None:
    assert "delegate member add NAME" in ok(cli("member", "list"))
    assert "delegate area add NAME" in ok(cli("area", "list"))
    assert "delegate task add TITLE" in ok(cli("task", "list"))
    assert json.loads(ok(cli("task", "list", "--format", "json"))) == {"tasks": []}


def test_area_add_and_list(cli: Any) -> None:
    assert ok(cli("area", "add", "Release to production", "--description", "Ship it")) == (
        "Added decision area Release to production (id 1).\n"
    )
    assert "Release to production  Ship it" in ok(cli("area", "list"))
    assert json.loads(ok(cli("area", "list", "--format", "json"))) == {
        "areas": [{"id": 1, "name": "Release to production", "description": "Ship it"}]
    }


# --------------------------------------------------------------------------- tasks


def test_task_add_prints_only_the_id(team: Any, db_path: Path) -> None:
    result = team("task", "add", "Pick a CI service", "--member", "PRIYA", "--level", "inquire", "--due", "2026-12-24")
    assert (result.code, result.out, result.err) == (0, "2\n", "")
    assert team("task", "add", "Budget review", "--member", "manager", "--level", "1").out == "3\n"
    task = Store(db_path).load().tasks[2]
    assert (task.title, task.owner_id, task.level, task.due.isoformat() if task.due else None) == (
        "Pick a CI service",
        2,
        DelegationLevel.INQUIRE,
        "2026-12-24",
    )
    assert Store(db_path).load().tasks[3].owner_id == 0


def test_task_list_text_and_json(team: Any) -> None:
    ok(team("task", "add", "Pick a CI service", "--member", "priya", "--level", "6", "--status", "in-progress"))
    ok(team("task", "add", "Old thing", "--member", "priya", "--level", "2", "--status", "done"))
    text = ok(team("task", "list"))
    assert text.splitlines()[0].split() == ["#", "Title", "Owner", "Area", "Level", "Status", "Due"]
    assert "5 Advise" in text and "6 Inquire" in text and "Old thing" not in text
    assert "Old thing" in ok(team("task", "list", "--all"))
    doc = json.loads(ok(team("task", "list", "--member", "Priya", "--format", "json")))
    assert [(t["id"], t["owner"], t["level"], t["level_name"], t["status"]) for t in doc["tasks"]] == [
        (2, "Priya Natarajan", 6, "Inquire", "in progress")
    ]
    first = json.loads(ok(team("task", "list", "--format", "json")))["tasks"][0]
    assert first == {
        "id": 1,
        "title": "Run the interview loop",
        "owner": "Zoë Ångström",
        "owner_is_manager": False,
        "area": "Hiring",
        "level": 5,
        "level_name": "Advise",
        "status": "open",
        "due": None,
    }


def test_task_level_due_status_and_reassign(team: Any, db_path: Path) -> None:
    assert ok(team("task", "level", "#1", "consult", "--reason", "client escalation")) == (
        "Task 1 moved from level 5 Advise to 3 Consult.\n"
    )
    assert ok(team("task", "due", "1", "2026-12-01")) == "Task 1 is now due on Tue 1 Dec 2026 (2026-12-01).\n"
    assert ok(team("task", "due", "1", "none")) == "Task 1 no longer has a due date.\n"
    assert ok(team("task", "status", "1", "Blocked")) == "Task 1 is now blocked.\n"
    assert ok(team("task", "reassign", "1", "--member", "manager")) == "Task 1 moved from Zoë Ångström to Manager.\n"
    assert ok(team("task", "reassign", "1", "--member", "pri")) == "Task 1 moved from Manager to Priya Natarajan.\n"
    store = Store(db_path)
    task = store.load().tasks[1]
    assert (task.level, task.due, task.status, task.owner_id) == (DelegationLevel.CONSULT, None, TaskStatus.BLOCKED, 2)
    events = [e for e in store.events() if e.task_id == 1]
    assert [e.kind for e in events] == [
        EventKind.LEVEL_CHANGE,
        EventKind.DUE_CHANGE,
        EventKind.DUE_CHANGE,
        EventKind.STATUS_CHANGE,
        EventKind.REASSIGN,
        EventKind.REASSIGN,
    ]
    assert (events[0].from_level, events[0].to_level, events[0].reason) == (5, 3, "client escalation")
    assert (events[3].from_status, events[3].to_status) == (TaskStatus.OPEN, TaskStatus.BLOCKED)
    assert (events[4].from_owner, events[4].to_owner, events[4].member_id) == (1, 0, 1)


# --------------------------------------------------------------------------- agreements


def test_agreement_set_versions_and_show(team: Any) -> None:
    assert ok(team("agreement", "set", "zoë", "--area", "Hiring=5", "--check-in", "Weekly")) == (
        "The agreement with Zoë Ångström already says this; nothing changed.\n"
    )
    out = ok(
        team(
            "agreement",
            "set",
            "Zoë",
            "--area",
            "Tooling=3",
            "--desired",
            "Tooling=5@2027-03-01",
            "--readiness",
            "Tooling=d3",
            "--self-readiness",
            "Tooling=D2",
            "--check-in",
            "every two weeks",
            "--review-every",
            "60",
            "--growth",
            "Run hiring alone",
            "--acknowledged",
        )
    )
    assert out == "Saved version 2 of the agreement with Zoë Ångström.\n"
    text = ok(team("agreement", "show", "zoë ångström"))
    assert text.startswith("Trust agreement with Zoë Ångström, version 2 (")
    assert "Tooling  3 Consult  5 Advise by 2027-03-01  D3         D2" in text
    assert "biweekly" in text and "60 days" in text and "Run hiring alone" in text
    doc = json.loads(ok(team("agreement", "show", "Zoë", "--format", "json")))
    assert (doc["version"], doc["cadence"], doc["acknowledged"], doc["review_every_days"]) == (2, "biweekly", True, 60)
    assert [(v["version"], v["cadence"]) for v in doc["history"]] == [(1, "weekly")]
    assert [(a["area"], a["level"], a["desired"], a["readiness"]) for a in doc["levels"]] == [
        ("Hiring", 5, None, None),
        ("Tooling", 3, 5, "D3"),
    ]
    ok(team("agreement", "set", "Zoë", "--area", "Hiring=7", "--check-in", "10 days"))
    doc = json.loads(ok(team("agreement", "show", "Zoë", "--format", "json")))
    assert (doc["version"], doc["cadence"], doc["levels"][0]["level"]) == (3, "10d", 7)
    assert "every 10 days" in ok(team("agreement", "show", "Zoë"))


def test_agreement_level_change_and_review_write_events(
    team: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI's clock is fixed: "yesterday" read against the wall clock later fails across midnight.
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    ok(team("agreement", "set", "Zoë", "--area", "Hiring=6", "--reviewed", "yesterday"))
    events = Store(db_path).events(member_id=1)
    assert [(e.kind, e.area_id) for e in events] == [(EventKind.REVIEW, None), (EventKind.LEVEL_CHANGE, 1)]
    doc = json.loads(ok(team("agreement", "show", "Zoë", "--format", "json")))
    assert doc["last_review"] == "2026-11-27"


# --------------------------------------------------------------------------- log


def test_log_kinds(team: Any, db_path: Path) -> None:
    out = ok(team("log", "checkin", "--member", "zo", "--note", "asked for status twice"))
    assert out.startswith("Logged checkin e") and " for Zoë Ångström at " in out
    ok(team("log", "Override", "--task", "1"))  # the member comes from the task
    ok(team("log", "approval", "--member", "Priya", "--area", "tooling"))
    ok(team("log", "note", "--member", "Pablo", "--note", "wants more scope"))
    assert ok(team("log", "review", "--member", "Zoë")).startswith("Recorded a review with Zoë Ångström on ")
    events = Store(db_path).events()
    assert [(e.kind.value, e.member_id) for e in events] == [
        ("checkin", 1),
        ("override", 1),
        ("approval", 2),
        ("note", 3),
        ("review", 1),
    ]
    assert events[0].note == "asked for status twice"
    assert events[1].task_id == 1 and events[1].area_id == 1
    assert events[2].area_id == 2


def test_at_records_the_moment_given(team: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)  # 2026-11-28 12:00 UTC
    before = datetime.now(timezone.utc).replace(microsecond=0)  # only for recorded_at, the real moment of writing
    ok(team("log", "checkin", "--member", "Zoë", "--at", "3 days ago"))
    ok(team("task", "add", "Backfilled", "--member", "Zoë", "--level", "3", "--at", "yesterday"))
    # An event cannot predate its task: the older task gets its level change after it was created.
    ok(team("task", "add", "Older", "--member", "Zoë", "--level", "3", "--at", "2026-10-01T09:30:00+02:00"))
    ok(team("task", "level", "3", "4", "--at", "2026-10-02T09:30:00+02:00"))
    store = Store(db_path)
    events = {event.kind: event for event in store.events()}
    checkin, level = events[EventKind.CHECKIN], events[EventKind.LEVEL_CHANGE]
    assert checkin.at == datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    assert checkin.recorded_at is not None and checkin.recorded_at >= before
    assert level.at == datetime(2026, 10, 2, 7, 30, tzinfo=timezone.utc)
    assert (events_folder(db_path) / "2026-10.json").exists()
    created = store.load().tasks[2].created_at
    assert created == datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- refused commands

REFUSED = [
    (("task", "add", "X", "--member", "zo", "--level", "9"), "--level must be 1-7 or one of Tell, Sell, Consult"),
    (("task", "add", "X", "--member", "zo", "--level", "boss"), "--level must be 1-7 or one of Tell"),
    (("task", "add", "X", "--member", "Bob", "--level", "3"), "There is no member named 'Bob'"),
    (("task", "add", "X", "--member", "p", "--level", "3"), "member 'p' is ambiguous: it matches Pablo Ruiz, Priya"),
    (("task", "add", "X", "--member", "zo", "--level", "3", "--area", "Budget"), "no decision area named 'Budget'"),
    (("task", "add", "X", "--member", "zo", "--level", "3", "--due", "2026-02-30"), "--due 2026-02-30 is not a date"),
    (("task", "add", "X", "--member", "zo", "--level", "3", "--status", "finished"), "--status must be one of open"),
    (("task", "add", "X", "--member", "zo", "--level", "3", "--at", "last tuesday"), "--at 'last tuesday' is not a"),
    (("task", "add", " ", "--member", "zo", "--level", "3"), "title must not be empty"),
    (("task", "add", "X", "--level", "3"), "the following arguments are required: --member"),
    (("task", "add", "X", "--member", "zo"), "the following arguments are required: --level"),
    (("task", "level", "99", "3"), "There is no task with id 99"),
    (("task", "level", "1", "8"), "LEVEL must be 1-7"),
    (("task", "due", "1", "2026-13-01"), "DATE 2026-13-01 is not a date"),
    (("task", "due", "x1", "2026-12-01"), "There is no task with id x1"),
    (("task", "status", "1", "finished"), "STATUS must be one of open, in progress, blocked, done"),
    (("task", "reassign", "1", "--member", "Bob"), "There is no member named 'Bob'"),
    (("task", "reassign", "1"), "the following arguments are required: --member"),
    (("task", "frobnicate"), "invalid choice: 'frobnicate'"),
    (("agreement", "set", "Zoë", "--area", "Hiring=9"), "--area Hiring must be 1-7"),
    (("agreement", "set", "Zoë", "--area", "Budget=3"), "There is no decision area named 'Budget'"),
    (("agreement", "set", "Zoë", "--area", "Hiring"), "--area expects AREA=VALUE"),
    (("agreement", "set", "Zoë", "--check-in", "hourly"), "--check-in must be daily, twice-weekly, weekly"),
    (("agreement", "set", "Zoë", "--readiness", "Hiring=D7"), "--readiness must be one of D1, D2, D3, D4"),
    (("agreement", "set", "Zoë", "--self-readiness", "Hiring=high"), "--self-readiness must be one of D1"),
    (("agreement", "set", "Zoë", "--readiness", "Tooling=D2"), "set a level for Tooling first"),
    (("agreement", "set", "Zoë", "--review-every", "often"), "--review-every must be a whole number"),
    (("agreement", "set", "Zoë", "--desired", "Hiring=6@2026-02-30"), "2026-02-30 is not a date"),
    (("agreement", "set", "Zoë", "--reviewed", "someday"), "--reviewed 'someday' is not a date or time"),
    (("agreement", "set", "Bob", "--area", "Hiring=3"), "There is no member named 'Bob'"),
    (("agreement", "show", "Priya"), "Priya Natarajan has no trust agreement yet"),
    (("agreement", "show", "Bob"), "There is no member named 'Bob'"),
    (("log", "checkin"), "--member is required"),
    (("log", "checkin", "--member", "Bob"), "There is no member named 'Bob'"),
    (("log", "meeting", "--member", "zo"), "KIND must be one of checkin, override"),
    (("log", "level_change", "--member", "zo"), "written by 'delegate task level'"),
    (("log", "undo", "--member", "zo"), "undo events are written by the program itself"),
    (("log", "archive", "--member", "zo"), "archive events are written by the program itself"),
    (("log", "checkin", "--member", "zo", "--task", "77"), "There is no task with id 77"),
    (("log", "checkin", "--member", "zo", "--area", "Budget"), "There is no decision area named 'Budget'"),
    (("log", "checkin", "--member", "zo", "--at", "2026-02-30"), "--at 2026-02-30 is not a date"),
    (("log", "note", "--member", "zo"), "A note needs its text"),
    (("member", "add", "zoë ångström"), "There is already a member named"),
    (("member", "add", ""), "name must not be empty"),
    (("member", "add", "X" * 81), "name must be at most 80 characters"),
    (("member", "add", "Bob", "--since", "2026-02-30"), "--since 2026-02-30 is not a date"),
    (("member", "list", "--format", "xml"), "invalid choice: 'xml'"),
    (("area", "add", "HIRING"), "There is already a decision area named 'HIRING'"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("demo",), "is not empty; add --force"),
    (("demo", "--force", "--members", "0"), "--members must be a whole number from 1"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[" ".join(args)[:40] for args, _m in REFUSED])
def test_refused_command_says_why_in_one_line_and_changes_nothing(
    team: Any, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(db_path.parent)
    result = team(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.endswith("\n") and result.err.count("\n") == 1, result.err
    assert message.casefold() in result.err.casefold(), result.err
    assert "Traceback" not in result.err
    assert snapshot(db_path.parent) == before


def test_a_verb_without_its_action(team: Any, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(db_path.parent)
    capsys.readouterr()
    assert main(["--db", str(db_path), "task"]) == 2
    err = capsys.readouterr().err
    assert err == "delegate task: the following arguments are required: ACTION (see 'delegate task --help').\n"
    assert snapshot(db_path.parent) == before


# --------------------------------------------------------------------------- where the workspace is


def test_db_before_or_after_the_verb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--db", str(first), "member", "add", "Ann"]) == 0
    assert main(["member", "add", "Bob", "--db", str(second)]) == 0
    assert main(["--db", str(first), "member", "list", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["member", "list", "--db", str(second), "--format", "json"]) == 0
    assert [m["name"] for m in json.loads(capsys.readouterr().out)["members"]] == ["Bob"]
    assert [m.name for m in Store(first).load().members.values()] == ["Ann"]


def test_delegate_db_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from-env" / "team.json"
    path.parent.mkdir()
    monkeypatch.setenv("DELEGATE_DB", str(path))
    assert main(["member", "add", "Ann"]) == 0
    assert [m.name for m in Store(path).load().members.values()] == ["Ann"]
    # --db wins over the environment.
    other = tmp_path / "explicit.json"
    assert main(["member", "add", "Bob", "--db", str(other)]) == 0
    assert [m.name for m in Store(path).load().members.values()] == ["Ann"]
    assert [m.name for m in Store(other).load().members.values()] == ["Bob"]


# --------------------------------------------------------------------------- demo


def test_demo_fills_an_empty_workspace_and_refuses_a_full_one(cli: Any, db_path: Path) -> None:
    out = ok(cli("demo"))
    assert out.startswith("Created 8 members, 5 decision areas, ") and str(db_path) in out
    before = snapshot(db_path.parent)
    result = cli("demo")
    assert result.code == 2
    assert result.err == (
        f"delegate: The workspace {db_path} is not empty; add --force to replace everything in it with demo data.\n"
    )
    assert snapshot(db_path.parent) == before
    out = ok(cli("demo", "--force", "--members", "3", "--tasks", "12", "--events", "40", "--seed", "7"))
    assert out.startswith("Created 3 members, ") and "12 tasks and 40 events" in out
    store = Store(db_path)
    assert (len(store.load().members), len(store.load().tasks), len(store.events())) == (3, 12, 40)
    assert stat_mode(events_folder(db_path)) == 0o700
    assert {stat_mode(path) for path in [db_path, *events_folder(db_path).glob("*.json")]} == {0o600}


def test_demo_refuses_a_workspace_with_only_a_member(cli: Any, db_path: Path) -> None:
    ok(cli("member", "add", "Ann"))
    before = snapshot(db_path.parent)
    assert cli("demo").code == 2
    assert snapshot(db_path.parent) == before


# --------------------------------------------------------------------------- JSON output


@pytest.mark.parametrize(
    "args",
    [
        ("member", "list"),
        ("area", "list"),
        ("task", "list"),
        ("task", "list", "--all"),
        ("agreement", "show", "Zoë"),
    ],
)
def test_format_json_prints_one_document(team: Any, args: tuple[str, ...]) -> None:
    out = ok(team(*args, "--format", "json"))
    json.loads(out)  # exactly one document: json.loads refuses trailing data
    assert out.endswith("}\n")
    assert "Zoë Ångström" in out or args[0] == "area"  # readable UTF-8, not \u escapes


# --------------------------------------------------------------------------- the real process


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
    )


def test_python_m_runs_the_cli(db_path: Path) -> None:
    assert run("-m", "delegate_tui", "member", "add", "Ann", "--db", str(db_path)).returncode == 0
    assert run(
        "-m", "delegate_tui", "task", "add", "Ship", "--member", "ann", "--level", "5", "--db", str(db_path)
    ).stdout == ("1\n")
    result = run("-m", "delegate_tui", "task", "list", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "Ship" in result.stdout and "5 Advise" in result.stdout
    bad = run("-m", "delegate_tui", "task", "list", "--member", "nobody", "--db", str(db_path))
    assert (bad.returncode, bad.stdout, bad.stderr) == (2, "", "delegate: There is no member named 'nobody'.\n")


@pytest.mark.parametrize(
    "args",
    [
        ("member", "list"),
        ("task", "list", "--format", "json"),
        ("task", "add", "Ship", "--member", "Ann", "--level", "5"),
        ("log", "checkin", "--member", "Ann", "--at", "3 days ago"),
        ("agreement", "set", "Ann", "--check-in", "weekly"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
def test_data_verbs_do_not_import_textual(db_path: Path, args: tuple[str, ...]) -> None:
    Store(db_path).add_member("Ann", now=NOW)
    result = run("-X", "importtime", "-m", "delegate_tui", *args, "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "delegate_tui" in imported
    assert "textual" not in imported
    assert "rich" not in imported


def test_files_written_by_the_cli_are_private_and_stable(team: Any, db_path: Path) -> None:
    ok(team("log", "checkin", "--member", "Zoë"))
    for path in (db_path, *events_folder(db_path).glob("*.json")):
        assert stat_mode(path) == 0o600
        raw = path.read_bytes()
        assert raw == orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def test_manager_shows_and_sets_the_name_used_for_owned_tasks(cli: Any, db_path: Path, store: Any) -> None:
    assert cli("manager").out.strip() == "Manager"
    result = cli("manager", "  Sam   Rivera ")
    assert result.code == 0
    assert "Sam Rivera" in result.out
    assert cli("manager").out.strip() == "Sam Rivera"
    cli("member", "add", "Priya")
    task_id = cli("task", "add", "Budget", "--member", "sam rivera", "--level", "2").out.strip()
    listed = json.loads(cli("task", "list", "--format", "json").out)["tasks"]
    assert [(t["id"], t["owner"], t["owner_is_manager"]) for t in listed] == [(int(task_id), "Sam Rivera", True)]
    before = snapshot(db_path.parent)
    refused = cli("manager", "   ")
    assert refused.code == 2
    assert "name must not be empty" in refused.err
    assert snapshot(db_path.parent) == before


# ---------------------------------------------------------------------------- the edges of the command line


@pytest.mark.parametrize(
    "verb",
    [
        ("member", "list"),
        ("area", "list"),
        ("task", "list"),
        ("agreement", "show", "Ann"),
        ("check",),
        ("export",),
        ("rules",),
        ("rules", "MM001"),
        ("manager",),
    ],
)
def test_a_misspelt_path_is_not_taken_for_an_empty_team(verb: tuple[str, ...], tmp_path: Path, capsys: Any) -> None:
    for path in (tmp_path / "nope" / "deeper" / "ws.json", tmp_path / "ws.json"):
        assert main([*verb, "--db", str(path)]) == 2
        err = capsys.readouterr().err
        assert err == (
            f"delegate: no workspace at {path}; check the path, or create one with `delegate demo` or "
            "`delegate member add`.\n"
        )
    assert list(tmp_path.iterdir()) == []  # nothing created, not even a folder


def test_a_change_creates_the_workspace_only_in_a_folder_that_exists(tmp_path: Path, capsys: Any) -> None:
    misspelt = tmp_path / "nope" / "ws.json"
    assert main(["member", "add", "Ann", "--db", str(misspelt)]) == 2
    assert "its folder" in capsys.readouterr().err and not misspelt.parent.exists()
    assert main(["member", "add", "Ann", "--db", str(tmp_path / "ws.json")]) == 0
    assert Store(tmp_path / "ws.json").load().member_named("Ann")


def test_the_default_data_folder_is_created_on_demand(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    import delegate_tui.cli as cli_module

    default = tmp_path / "data" / "delegate-tui" / "workspace.json"
    monkeypatch.delenv("DELEGATE_DB")
    monkeypatch.setattr(cli_module, "default_db_path", lambda: default)
    assert main(["member", "add", "Ann"]) == 0
    assert default.is_file()


def test_a_named_pipe_as_workspace_is_refused_instead_of_hanging(tmp_path: Path, capsys: Any) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for argv in (["member", "list"], ["member", "add", "Ann"], []):
        assert main([*argv, "--db", str(fifo)]) == 2
        assert (
            capsys.readouterr().err == f"delegate: {fifo} is not a regular file; give the path of a workspace file.\n"
        )


def test_an_empty_db_path_is_refused(capsys: Any) -> None:
    assert main(["member", "list", "--db", ""]) == 2
    assert "--db must name a workspace file" in capsys.readouterr().err


def test_an_argument_that_is_not_utf8_is_one_line(cli: Any, db_path: Path, store: Store) -> None:
    before = snapshot(db_path.parent)
    result = cli("member", "add", os.fsdecode(b"\xffBen"))
    assert result.code == 2
    assert result.err.startswith("delegate: the argument ") and "not valid UTF-8" in result.err
    assert len(result.err.splitlines()) == 1
    assert snapshot(db_path.parent) == before


def test_an_argument_that_is_not_utf8_in_a_real_process(db_path: Path, store: Store) -> None:
    done = subprocess.run(
        [
            os.fsencode(sys.executable),
            b"-m",
            b"delegate_tui",
            b"member",
            b"add",
            b"\xff",
            b"--db",
            os.fsencode(db_path),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr and b"not valid UTF-8" in done.stderr


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("member", "add", "Ann", "--since", "9999-12-31"), "--since"),
        (("member", "add", "Ann", "--since", "0001-01-01"), "--since"),
        (("member", "add", "Ann", "--at", "9999-12-31"), "--at"),
        (("check", "--now", "0001-01-01"), "--now"),
        (("export", "--now", "2201-01-01"), "--now"),
        (("task", "add", "Ship", "--member", "manager", "--level", "3", "--due", "9999-12-31"), "--due"),
        (("agreement", "set", "Bo", "--reviewed", "9999-12-31"), "--reviewed"),
        (("agreement", "set", "Bo", "--area", "Hiring=4", "--desired", "Hiring=6@9999-12-31"), "--desired date"),
        (("flag", "ack", "X", "--reason", "ok", "--until", "9999-12-31"), "--until"),
    ],
)
def test_dates_beyond_the_supported_years_are_refused_naming_the_option(
    cli: Any, db_path: Path, args: tuple[str, ...], field: str
) -> None:
    ok(cli("member", "add", "Bo"))
    ok(cli("area", "add", "Hiring"))
    before = snapshot(db_path.parent)
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith(f"delegate: {field} ") and "is out of range" in result.err, result.err
    assert snapshot(db_path.parent) == before


@pytest.mark.parametrize("when", ["-3 days ago", "", "  ", "in ago", "3 days ago ago", "yesterday-ish"])
def test_nonsense_moments_are_refused(cli: Any, db_path: Path, when: str) -> None:
    ok(cli("member", "add", "Bo"))
    before = snapshot(db_path.parent)
    result = cli("log", "checkin", "--member", "Bo", "--at", when)
    assert result.code == 2
    assert result.err.startswith("delegate: --at ") and "is not a date or time" in result.err
    assert snapshot(db_path.parent) == before


def test_a_workspace_with_a_dangling_reference_is_refused_like_the_importer_refuses_it(
    cli: Any, db_path: Path, tmp_path: Path
) -> None:
    ok(cli("member", "add", "Bo"))
    assert cli("task", "add", "Ship", "--member", "Bo", "--level", "3").code == 0
    data = json.loads(db_path.read_text())
    data["tasks"]["1"]["owner_id"] = 42
    db_path.write_text(json.dumps(data))
    result = cli("task", "list")
    assert result.code == 2
    assert "workspace.tasks.1.owner_id 42 is not a member" in result.err


@pytest.mark.parametrize("version", ["true", "1.0", '"1"'])
def test_a_schema_version_that_is_not_a_whole_number_is_refused(cli: Any, db_path: Path, version: str) -> None:
    ok(cli("member", "add", "Bo"))
    data = json.loads(db_path.read_text())
    current = data["meta"]["1"]["schema_version"]
    assert current == 1 or isinstance(current, int)
    text = db_path.read_text().replace(f'"schema_version": {current}', f'"schema_version": {version}')
    db_path.write_text(text)
    result = cli("member", "list")
    assert result.code == 2
    assert "not a delegate-tui workspace" in result.err


def test_a_huge_id_is_refused_by_the_loader(cli: Any, db_path: Path) -> None:
    ok(cli("member", "add", "Bo"))
    data = json.loads(db_path.read_text())
    data["members"] = {str(10**19): data["members"]["1"]}
    db_path.write_text(json.dumps(data))
    result = cli("member", "list", "--format", "json")
    assert result.code == 2
    assert "ids must be whole numbers from 1 to" in result.err


# ---------------------------------------------------------------------------- opening the UI


def test_the_ui_asks_before_creating_a_workspace_at_a_typed_path(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    import io

    import delegate_tui.cli.ui as ui_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    opened: list[Path] = []
    monkeypatch.setattr(ui_module, "_open_app", lambda store, **_kwargs: opened.append(store.path) or 0)
    path = tmp_path / "new.json"
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    assert main(["--db", str(path)]) == 2
    assert "Create a new, empty one there? [y/N]" in capsys.readouterr().out
    assert not path.exists() and opened == []
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    assert main(["--db", str(path)]) == 0
    assert path.is_file() and opened == [path]


def test_the_ui_on_a_missing_path_without_a_terminal_refuses(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    path = tmp_path / "new.json"
    assert main(["--db", str(path)]) == 2
    assert "no workspace at" in capsys.readouterr().err and not path.exists()


def test_the_ui_exits_non_zero_after_a_crash(db_path: Path, store: Store, monkeypatch: Any) -> None:
    from delegate_tui.app import DelegateApp

    original_run = DelegateApp.run

    def boom(self: DelegateApp) -> None:
        raise RuntimeError("a bug in a screen")

    def headless(self: DelegateApp, *args: Any, **kwargs: Any) -> None:
        original_run(self, headless=True)

    monkeypatch.setattr(DelegateApp, "on_mount", boom)
    monkeypatch.setattr(DelegateApp, "run", headless)
    assert main(["--db", str(db_path)]) == 1


def test_a_refused_change_on_a_new_path_leaves_no_workspace_behind(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "typo.json"
    assert main(["task", "due", "3", "2026-12-01", "--db", str(path)]) == 2
    assert "There is no task with id 3" in capsys.readouterr().err
    assert not path.exists()
    assert main(["member", "add", "Ann", "--db", str(path)]) == 0  # an accepted change still creates it
    assert path.is_file()
