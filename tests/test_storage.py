"""The storage promises (docs/storage.md, the README's "Data safety"), checked the way a user would notice them."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from delegate_tui.model import DelegationLevel, Event, EventKind, TaskStatus
from delegate_tui.storage import files
from delegate_tui.storage import store as store_module
from delegate_tui.storage.files import ConcurrentChangeError, WorkspaceError, WorkspaceLock, dumps
from delegate_tui.storage.migrations import CURRENT_SCHEMA
from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[1]


class Crash(BaseException):
    """Stands for the process dying at that instant (not an Exception: nothing may catch it)."""


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``folder`` (but lock files) with its bytes, mtime and mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            st = path.stat()
            found[str(path.relative_to(folder))] = (path.read_bytes(), st.st_mtime_ns, stat.S_IMODE(st.st_mode))
    return found


def small_team(store: Store) -> None:
    store.add_member("Zoë Ångström", role="Engineer", now=NOW)
    store.add_member("Priya Natarajan", now=NOW)
    store.add_area("Hiring", now=NOW)
    store.add_task("Run the interview loop", owner_id=1, level=DelegationLevel.ADVISE, area_id=1, now=NOW)


def checkin(member_id: int = 1, at: datetime = NOW) -> Event:
    return Event(kind=EventKind.CHECKIN, at=at, member_id=member_id)


@pytest.fixture
def team(store: Store) -> Store:
    small_team(store)
    return store


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    # With umask 022 a careless writer would create 0644 files: the tests must see 0600 anyway.
    old = os.umask(0o022)
    yield
    os.umask(old)


# --------------------------------------------------------------------------- modes and format


def test_workspace_month_files_and_backups_are_private(team: Store, db_path: Path) -> None:
    team.log_event(checkin())
    team.log_event(checkin())
    team.set_task_level(1, DelegationLevel.CONSULT, now=NOW)
    month = events_folder(db_path) / "2026-11.json"
    for path in (db_path, db_path.with_name("team.json.bak"), month, month.with_name("2026-11.json.bak")):
        assert path.exists(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(events_folder(db_path).stat().st_mode) == 0o700
    assert stat.S_IMODE(db_path.with_name("team.json.lock").stat().st_mode) & 0o077 == 0


def test_a_file_made_readable_by_others_becomes_private_at_the_next_write(team: Store, db_path: Path) -> None:
    os.chmod(db_path, 0o644)
    team.add_member("Aiko", now=NOW)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_json_on_disk_is_sorted_indented_and_readable_utf8(team: Store, db_path: Path) -> None:
    team.log_event(checkin())
    for path in (db_path, events_folder(db_path) / "2026-11.json"):
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        assert raw == dumps(orjson.loads(raw)), "not in the stable form"
        assert text.endswith("}\n")
        assert '\n  "' in text, "not indented by two spaces"
        # The sorted form matches json.dumps(sort_keys=True), which is what a git diff relies on.
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "Zoë Ångström" in db_path.read_text(encoding="utf-8")
    assert "\\u00eb" not in db_path.read_text(encoding="utf-8")


def test_saving_the_same_data_again_gives_the_same_bytes(team: Store, db_path: Path) -> None:
    before = db_path.read_bytes()
    team.update_settings(lambda settings: settings, now=NOW)
    team.update_settings(lambda settings: settings, now=NOW)
    after = orjson.loads(db_path.read_bytes())
    assert {k: v for k, v in after.items() if k != "settings"} == orjson.loads(before)
    once = db_path.read_bytes()
    team.update_settings(lambda settings: settings, now=NOW)
    assert db_path.read_bytes() == once


def test_backup_holds_the_previous_version(team: Store, db_path: Path) -> None:
    before = db_path.read_bytes()
    team.add_member("Aiko Tanaka", now=NOW)
    backup = db_path.with_name("team.json.bak")
    assert backup.read_bytes() == before
    assert "Aiko Tanaka" in db_path.read_text() and "Aiko Tanaka" not in backup.read_text()


def test_stray_temp_files_are_removed_at_the_next_write(team: Store, db_path: Path) -> None:
    folder = db_path.parent
    strays = [
        folder / ".team.json.k2j3h4.tmp",
        folder / ".team.json.k2j3h4.tmp.bak",
        events_folder(db_path) / ".2026-11.json.abc.tmp",
    ]
    events_folder(db_path).mkdir(exist_ok=True)
    for path in strays:
        path.write_bytes(b'{"half": ')
    # Files that are not ours stay, even when they look like temp files.
    others = [folder / ".other-app.json.x.tmp", folder / ".team.json.notes", folder / "team.json.tmp"]
    for path in others:
        path.write_bytes(b"keep me")
    team.add_member("Aiko Tanaka", now=NOW)
    assert [path.exists() for path in strays] == [False, False, False]
    assert [path.read_bytes() for path in others] == [b"keep me"] * 3


# --------------------------------------------------------------------------- unusable files

VALID_V2 = {
    "meta": {"1": {"schema_version": 2, "manager": "Sam"}},
    "members": {"1": {"name": "Ann", "role": "", "since": None}},
}


def _bad_files() -> dict[str, bytes]:
    good = dumps(VALID_V2)
    wrong_type = json.loads(json.dumps(VALID_V2))
    wrong_type["members"]["1"]["name"] = 5
    bad_level = json.loads(json.dumps(VALID_V2))
    bad_level["tasks"] = {"1": {"title": "x", "level": 9, "owner_id": 1, "created_at": "2026-01-01T00:00:00Z"}}
    newer = json.loads(json.dumps(VALID_V2))
    newer["meta"]["1"]["schema_version"] = 99
    text_version = json.loads(json.dumps(VALID_V2))
    text_version["meta"]["1"]["schema_version"] = "2"
    zero = json.loads(json.dumps(VALID_V2))
    zero["meta"]["1"]["schema_version"] = 0
    return {
        "truncated": good[: len(good) // 2],
        "not-json": b"name,role\nAnn,Engineer\n",
        "binary": bytes(range(256)),
        "empty": b"",
        "blank": b"  \n\n",
        "json-list": b"[1, 2, 3]\n",
        "json-string": b'"workspace"',
        "table-not-object": b'{"meta": [1, 2]}',
        "foreign-tinydb": b'{"_default": {"1": {"title": "Buy milk", "done": false}}}',
        "no-meta": dumps({k: v for k, v in VALID_V2.items() if k != "meta"}),
        "wrong-type": dumps(wrong_type),
        "bad-level": dumps(bad_level),
        "newer-schema": dumps(newer),
        "version-as-text": dumps(text_version),
        "version-zero": dumps(zero),
    }


BAD_FILES = _bad_files()
EXPECTED_WORDS = {
    "truncated": "not valid JSON",
    "not-json": "not valid JSON",
    "binary": "not valid JSON",
    "empty": "empty",
    "blank": "empty",
    "json-list": "not a delegate-tui",
    "json-string": "not a delegate-tui",
    "table-not-object": "not a delegate-tui",
    "foreign-tinydb": "not a delegate-tui workspace",
    "no-meta": "not a delegate-tui workspace",
    "wrong-type": "members.1.name",
    "bad-level": "tasks.1.level",
    "newer-schema": "newer delegate-tui (schema 99",
    "version-as-text": "not a delegate-tui workspace",
    "version-zero": "unknown schema version 0",
}


def _make_old(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    os.chmod(path, 0o640)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_an_unusable_file_is_refused_clearly_and_left_untouched(case: str, db_path: Path) -> None:
    _make_old(db_path, BAD_FILES[case])
    before = snapshot(db_path.parent)
    with pytest.raises(WorkspaceError) as error:
        Store(db_path).load()
    message = str(error.value)
    assert str(db_path) in message
    assert EXPECTED_WORDS[case] in message
    assert "\n" not in message
    assert snapshot(db_path.parent) == before


@pytest.mark.parametrize(
    "args",
    [
        ("member", "list"),
        ("member", "add", "Bob"),
        ("task", "add", "Ship", "--member", "Ann", "--level", "5"),
        ("log", "checkin", "--member", "Ann"),
        ("demo", "--force"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
@pytest.mark.parametrize("case", ["truncated", "json-list", "foreign-tinydb", "wrong-type", "newer-schema", "empty"])
def test_cli_refuses_an_unusable_file_with_one_line(case: str, args: tuple[str, ...], cli: Any, db_path: Path) -> None:
    _make_old(db_path, BAD_FILES[case])
    before = snapshot(db_path.parent)
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("delegate: ")
    assert str(db_path) in result.err
    assert "Traceback" not in result.err
    assert snapshot(db_path.parent) == before


def test_a_damaged_month_file_is_refused_and_left_untouched(team: Store, db_path: Path, cli: Any) -> None:
    team.log_event(checkin())
    month = events_folder(db_path) / "2026-11.json"
    month.write_bytes(month.read_bytes()[:-40])
    before = snapshot(db_path.parent)
    with pytest.raises(WorkspaceError, match=r"2026-11.json is not valid JSON"):
        Store(db_path).events()
    with pytest.raises(WorkspaceError, match=r"2026-11.json is not valid JSON"):
        Store(db_path).log_event(checkin())
    result = cli("log", "checkin", "--member", "Zoë", "--at", "2026-11-20")
    assert (result.code, result.out) == (2, "")
    assert "2026-11.json" in result.err and result.err.count("\n") == 1
    assert snapshot(db_path.parent) == before


def test_a_folder_as_workspace(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    with pytest.raises(WorkspaceError, match=r"it is a folder, not a workspace file"):
        Store(folder)
    result = cli("member", "list", db=folder)
    assert result.code == 2
    assert result.err == f"delegate: Cannot use {folder}: it is a folder, not a workspace file.\n"
    assert list(folder.iterdir()) == []


def test_a_file_where_the_folder_should_be(tmp_path: Path, cli: Any) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    result = cli("member", "add", "Ann", db=blocker / "team.json")
    assert result.code == 2
    assert str(blocker) in result.err and result.err.count("\n") == 1
    assert blocker.read_text() == "x"


def test_unreadable_file_is_reported_as_permission_denied(
    team: Store, db_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads anything, so the refusal of the operating system is simulated here; the test below
    # does it for real as an unprivileged user.
    before = snapshot(db_path.parent)
    real_read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == db_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(WorkspaceError, match=f"Cannot use {db_path}: permission denied."):
        Store(db_path)
    result = cli("member", "add", "Bob")
    assert (result.code, result.err) == (2, f"delegate: Cannot use {db_path}: permission denied.\n")
    monkeypatch.undo()
    assert snapshot(db_path.parent) == before


def _run_as_nobody() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_unreadable_file_for_real(tmp_path: Path) -> None:
    """chmod 000 as a normal user; as root (CI containers), the CLI drops to 'nobody' with setpriv.

    Root reads any file, so as root the refusal is only real for a process without privileges.
    """
    # Not in tmp_path: pytest's base folder is private to root, and nobody must reach this one.
    folder = Path(tempfile.mkdtemp(prefix="delegate-perm-"))
    try:
        os.chmod(folder, 0o777)
        path = folder / "team.json"
        Store(path).add_member("Ann", now=NOW)
        os.chmod(path, 0o000)
        before = snapshot_as_root(folder)
        env = {k: v for k, v in os.environ.items() if k != "DELEGATE_DB"} | {"PYTHONPATH": str(ROOT)}
        drop: list[str] = []
        if _run_as_nobody():
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv (util-linux) to drop privileges")
            drop = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        result = subprocess.run(
            [*drop, sys.executable, "-m", "delegate_tui", "member", "add", "Bob", "--db", str(path)],
            capture_output=True,
            text=True,
            env=env,
            cwd=str(folder),
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr == f"delegate: Cannot use {path}: permission denied.\n"
        assert snapshot_as_root(folder) == before
    finally:
        for entry in folder.rglob("*"):
            os.chmod(entry, 0o700)
        shutil.rmtree(folder, ignore_errors=True)


def snapshot_as_root(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- migration from schema 1


def _v1_file() -> dict[str, Any]:
    return {
        "meta": {"1": {"schema_version": 1, "manager": "Sam Rivera"}},
        "members": {"1": {"name": "Zoë Ångström", "role": "Engineer", "since": "2024-01-15"}},
        "areas": {"1": {"name": "Hiring", "description": ""}},
        "tasks": {
            "1": {
                "title": "Interview loop",
                "owner_id": 1,
                "area_id": 1,
                "level": 5,
                "status": "open",
                "due": None,
                "created_at": "2026-09-01T09:00:00Z",
            }
        },
        "events": {
            "1": {"kind": "checkin", "at": "2026-09-03T10:00:00Z", "member_id": 1},
            "2": {"kind": "override", "at": "2026-10-05T10:00:00Z", "member_id": 1, "task_id": 1, "note": "mine"},
            "3": {
                "kind": "level_change",
                "at": "2026-10-06T10:00:00Z",
                "member_id": 1,
                "task_id": 1,
                "from_level": 3,
                "to_level": 5,
            },
            "10": {"kind": "checkin", "at": "2026-11-01T08:00:00Z", "member_id": 1},
        },
    }


def _month_events(path: Path) -> dict[str, list[dict[str, Any]]]:
    folder = events_folder(path)
    return {
        p.stem: list(orjson.loads(p.read_bytes())["events"].values())
        for p in sorted(folder.glob("*.json"))
        if not p.name.startswith(".")
    }


def test_schema_1_is_migrated_keeping_a_copy_of_the_original(db_path: Path) -> None:
    original = json.dumps(_v1_file(), indent=4).encode()  # not our stable form: the copy must be exact
    db_path.write_bytes(original)
    store = Store(db_path)
    backup = db_path.with_name("team.json.schema1.bak")
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    tables = orjson.loads(db_path.read_bytes())
    assert "events" not in tables
    assert tables["meta"]["1"]["schema_version"] == CURRENT_SCHEMA == 2
    assert {month: [e["kind"] for e in events] for month, events in _month_events(db_path).items()} == {
        "2026-09": ["checkin"],
        "2026-10": ["override", "level_change"],
        "2026-11": ["checkin"],
    }
    workspace = store.load()
    assert workspace.members[1].name == "Zoë Ångström"
    assert workspace.tasks[1].level is DelegationLevel.ADVISE
    events = Store(db_path).events()
    assert [(e.kind.value, e.at.isoformat()) for e in events] == [
        ("checkin", "2026-09-03T10:00:00+00:00"),
        ("override", "2026-10-05T10:00:00+00:00"),
        ("level_change", "2026-10-06T10:00:00+00:00"),
        ("checkin", "2026-11-01T08:00:00+00:00"),
    ]
    assert events[1].note == "mine"
    assert len({e.id for e in events}) == 4
    # Opening again changes nothing.
    before = snapshot(db_path.parent)
    Store(db_path).load()
    assert snapshot(db_path.parent) == before


def test_an_interrupted_migration_is_finished_without_duplicating_events(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = dumps(_v1_file())
    db_path.write_bytes(original)
    real_flush = files.AtomicJSONStorage._flush

    def die_before_the_workspace_write(self: files.AtomicJSONStorage) -> None:
        if self.path == db_path:
            raise Crash
        real_flush(self)

    monkeypatch.setattr(files.AtomicJSONStorage, "_flush", die_before_the_workspace_write)
    with pytest.raises(Crash):
        Store(db_path)
    monkeypatch.undo()
    assert db_path.read_bytes() == original  # still schema 1: the month files are not yet committed
    store = Store(db_path)
    assert len(store.events()) == 4
    assert sum(len(events) for events in _month_events(db_path).values()) == 4
    assert db_path.with_name("team.json.schema1.bak").read_bytes() == original


def test_a_schema_1_file_with_a_bad_event_is_left_unchanged(db_path: Path) -> None:
    v1 = _v1_file()
    v1["events"]["2"]["kind"] = "lunch"
    db_path.write_bytes(dumps(v1))
    before = db_path.read_bytes()
    with pytest.raises(WorkspaceError, match=r"could not be upgraded"):
        Store(db_path)
    assert db_path.read_bytes() == before
    assert not events_folder(db_path).exists() or _month_events(db_path) == {}


# --------------------------------------------------------------------------- pending events (crash recovery)


def _die_once_in_append(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Store._append_events
    calls = {"n": 0}

    def append(self: Store, events: list[Event], ids: list[str] | None = None) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise Crash
        real(self, events, ids)

    monkeypatch.setattr(Store, "_append_events", append)


def test_an_event_survives_a_crash_between_the_workspace_and_the_month_file(
    team: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _die_once_in_append(monkeypatch)
    with pytest.raises(Crash):
        team.set_task_level(1, DelegationLevel.CONSULT, reason="too risky", now=NOW)
    monkeypatch.undo()
    assert _month_events(db_path) == {}  # the month file was never written

    reopened = Store(db_path)  # a new process
    assert reopened.load().tasks[1].level is DelegationLevel.CONSULT
    [event] = reopened.events()
    assert (event.kind, event.from_level, event.to_level, event.reason) == (EventKind.LEVEL_CHANGE, 5, 3, "too risky")

    reopened.add_member("Aiko Tanaka", now=NOW)  # the next change settles it
    assert [e["kind"] for e in _month_events(db_path)["2026-11"]] == ["level_change"]
    assert orjson.loads(db_path.read_bytes()).get("pending_events", {}) == {}
    assert [e.id for e in Store(db_path).events()] == [event.id]


def test_a_checkin_logged_after_such_a_crash_does_not_take_the_pending_events_place(
    team: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team.log_event(checkin(at=NOW - timedelta(days=2)))
    _die_once_in_append(monkeypatch)
    with pytest.raises(Crash):
        team.set_task_level(1, DelegationLevel.CONSULT, now=NOW)  # the task was created at NOW
    monkeypatch.undo()
    reopened = Store(db_path)
    reopened.log_event(checkin(at=NOW + timedelta(hours=1)))
    kinds = [e.kind.value for e in Store(db_path).events()]
    assert kinds == ["checkin", "level_change", "checkin"]
    reopened.add_area("Tooling", now=NOW)
    events = Store(db_path).events()
    assert [e.kind.value for e in events] == ["checkin", "level_change", "checkin"]
    assert len({e.id for e in events}) == 3
    assert sorted(e["kind"] for e in _month_events(db_path)["2026-11"]) == ["checkin", "checkin", "level_change"]


def test_a_failed_change_writes_nothing(team: Store, db_path: Path) -> None:
    before = snapshot(db_path.parent)
    with pytest.raises(ValueError, match=r"already at level 5 Advise"):
        team.set_task_level(1, DelegationLevel.ADVISE, now=NOW)
    with pytest.raises(ValueError, match=r"(?i)There is already a member named 'Zoë Ångström'"):
        team.add_member("zoë ångström", now=NOW)
    with pytest.raises(ValueError, match=r"There is no member with id 9"):
        team.log_event(checkin(member_id=9))
    assert snapshot(db_path.parent) == before


# --------------------------------------------------------------------------- cost of a write


def test_logging_an_event_does_not_touch_the_workspace_file(team: Store, db_path: Path) -> None:
    before = db_path.stat()
    backup_before = db_path.with_name("team.json.bak").read_bytes()
    team.log_event(checkin())
    Store(db_path).log_event(checkin(member_id=2))
    after = db_path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert db_path.with_name("team.json.bak").read_bytes() == backup_before
    assert [e.member_id for e in Store(db_path).events()] == [1, 2]


def _history(months: int, per_month: int) -> list[Event]:
    start = NOW.replace(day=1) - timedelta(days=1)  # the history ends before the current month
    return [
        Event(kind=EventKind.NOTE, at=start - timedelta(days=30 * m, minutes=i), member_id=1, note="n" * 200)
        for m in range(months)
        for i in range(per_month)
    ]


class WriteMeter:
    def __init__(self) -> None:
        self.written: list[tuple[str, int]] = []
        self.read: list[str] = []


@pytest.fixture
def meter(monkeypatch: pytest.MonkeyPatch) -> WriteMeter:
    found = WriteMeter()
    real_write = files.write_atomically
    real_read_bytes = Path.read_bytes

    def write(path: Path, payload: bytes, *, backup: bool = True) -> None:
        found.written.append((path.name, len(payload)))
        real_write(path, payload, backup=backup)

    def read_bytes(self: Path) -> bytes:
        found.read.append(self.name)
        return real_read_bytes(self)

    monkeypatch.setattr(files, "write_atomically", write)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return found


def _workspace_with_history(path: Path, months: int) -> Store:
    store = Store(path)
    small_team(store)
    workspace = store.load()
    store.replace_everything(workspace, _history(months, 150), NOW)
    return Store(path)  # a fresh process: nothing cached


def test_a_write_costs_the_same_with_a_short_or_a_long_history(tmp_path: Path, meter: WriteMeter) -> None:
    costs = {}
    for months in (1, 24):
        path = tmp_path / f"h{months}" / "team.json"
        store = _workspace_with_history(path, months)
        meter.written.clear()
        meter.read.clear()
        store.log_event(checkin())
        logged = (list(meter.written), sorted(set(meter.read)))
        meter.written.clear()
        store.set_task_level(1, DelegationLevel.DELEGATE, now=NOW)
        store.add_task("Another", owner_id=1, level=DelegationLevel.TELL, now=NOW)
        changed = list(meter.written)
        costs[months] = (logged, changed)
        assert len(Store(path).events()) == months * 150 + 2
    assert costs[1] == costs[24]
    (log_writes, log_reads), change_writes = costs[24]
    assert [name for name, _size in log_writes] == ["2026-11.json"]
    assert set(log_reads) <= {"team.json", "2026-11.json"}
    # The level change: the workspace file (task and pending event), then its month file; the new task:
    # the workspace file only (the pending event is already in its month file).
    assert [name for name, _size in change_writes] == ["team.json", "2026-11.json", "team.json"]
    assert max(size for _name, size in change_writes) < 5_000


# --------------------------------------------------------------------------- several stores on one workspace


def test_a_second_store_sees_changes_made_by_the_first(team: Store, db_path: Path) -> None:
    other = Store(db_path)
    assert len(other.load().members) == 2
    state = other.state()
    team.add_member("Aiko Tanaka", now=NOW)
    assert other.state() != state
    assert len(other.load().members) == 3
    state = other.state()
    team.log_event(checkin())
    assert other.state() != state
    assert len(other.events()) == 1
    # Writes from the second store are applied to the latest data, not its cached copy.
    other.update_task(1, status=TaskStatus.DONE, now=NOW)
    team.add_member("Jonas", now=NOW)
    final = Store(db_path).load()
    assert final.tasks[1].status is TaskStatus.DONE
    assert {m.name for m in final.members.values()} >= {"Aiko Tanaka", "Jonas"}


def test_storage_refuses_to_write_over_a_change_it_has_not_seen(db_path: Path) -> None:
    storage = files.AtomicJSONStorage(db_path)
    storage.write({"meta": {"1": {"schema_version": 2}}})
    other = files.AtomicJSONStorage(db_path)
    other.read()
    other.write({"meta": {"1": {"schema_version": 2, "manager": "Other"}}})
    with pytest.raises(ConcurrentChangeError, match=r"was changed by another process"):
        storage.write({"meta": {"1": {"schema_version": 2, "manager": "Mine"}}})
    assert orjson.loads(db_path.read_bytes())["meta"]["1"]["manager"] == "Other"


def test_a_lock_held_too_long_gives_a_clear_message(
    team: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire();"
            " print('held', flush=True); time.sleep(30)",
            str(db_path.with_name("team.json.lock")),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(files, "LOCK_TIMEOUT_SECONDS", 0.3)
        before = snapshot(db_path.parent)
        with pytest.raises(WorkspaceError, match=r"stayed locked by another process"):
            Store(db_path).add_member("Aiko", now=NOW)
        assert snapshot(db_path.parent) == before
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_reentrant(db_path: Path) -> None:
    lock = WorkspaceLock(db_path)
    with lock.held(), lock.held():
        assert lock.is_held
    assert not lock.is_held


def test_a_missing_workspace_without_create(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"There is no workspace at"):
        Store(tmp_path / "none.json", create=False)
    assert not (tmp_path / "none.json").exists()


def test_a_new_workspace_is_created_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "team.json"
    store = Store(path)
    assert store.load().is_empty
    assert orjson.loads(path.read_bytes()) == {"meta": {"1": {"manager": "Manager", "schema_version": 2}}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_events_are_filtered_and_ordered(team: Store, db_path: Path) -> None:
    team.log_event(checkin(at=NOW - timedelta(days=40)))
    team.log_event(checkin(member_id=2, at=NOW - timedelta(days=2)))
    team.log_event(checkin(at=NOW - timedelta(days=1)))
    store = Store(db_path)
    assert [e.at for e in store.events()] == sorted(e.at for e in store.events())
    assert len(store.events(since=NOW - timedelta(days=3))) == 2
    assert len(store.events(member_id=1)) == 2
    assert sorted(p.stem for p in events_folder(db_path).glob("*.json")) == ["2026-10", "2026-11"]
    assert all(e.recorded_at is not None for e in store.events())


def test_event_months_follow_utc(team: Store, db_path: Path) -> None:
    # 23:30 on 31 October in New York is already November in UTC.
    late = datetime(2026, 10, 31, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
    event = team.log_event(checkin(at=late))
    assert event.id.startswith("e202611-")
    assert (events_folder(db_path) / "2026-11.json").exists()


def test_store_module_keeps_history_out_of_the_workspace_file() -> None:
    assert store_module.events_folder(Path("/x/team.json")) == Path("/x/team.events")


def _rewrite_keeping_signature(path: Path, old: bytes, new: bytes) -> None:
    """Change the file the way a coarse clock and a reused inode can: same inode, size and mtime."""
    assert len(old) == len(new) and old != new
    st = path.stat()
    with open(path, "r+b") as handle:
        handle.write(new)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert files.signature(path) == (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def test_a_recent_change_with_the_same_signature_is_not_missed(team: Store, db_path: Path) -> None:
    # A long-running process (the UI) holds a cached copy; another process changes the file within the
    # same clock tick, and the new version gets the inode the old one had: same size, inode and mtime.
    ui = Store(db_path)
    assert ui.load().tasks[1].level is DelegationLevel.ADVISE
    old = db_path.read_bytes()
    new = old.replace(b'"level": 5', b'"level": 3')
    _rewrite_keeping_signature(db_path, old, new)
    assert ui.load().tasks[1].level is DelegationLevel.CONSULT
    # And a write from the long-running process keeps that change instead of overwriting it.
    ui.add_member("Aiko Tanaka", now=NOW)
    final = Store(db_path).load()
    assert final.tasks[1].level is DelegationLevel.CONSULT
    assert "Aiko Tanaka" in {m.name for m in final.members.values()}


def test_an_event_in_the_earliest_supported_year_is_not_lost(team: Store, db_path: Path) -> None:
    event = team.log_event(checkin(at=datetime(1900, 1, 1, 12, tzinfo=timezone.utc)))
    assert (events_folder(db_path) / "1900-01.json").exists()
    assert [e.id for e in Store(db_path).events()] == [event.id]


def test_an_event_before_the_supported_years_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="out of range: dates must be from 1900-01-01 to 2200-12-31"):
        checkin(at=datetime(999, 1, 1, 12, tzinfo=timezone.utc))


def test_a_linked_workspace_file_stays_linked(tmp_path: Path) -> None:
    # A workspace kept in a synced folder and linked from elsewhere: writes must reach the real file.
    real = tmp_path / "synced" / "team.json"
    Store(real).add_member("Ann", now=NOW)
    link = tmp_path / "here" / "team.json"
    link.parent.mkdir()
    link.symlink_to(real)
    Store(link).add_member("Bob", now=NOW)
    Store(link).log_event(checkin(member_id=2))
    assert link.is_symlink()
    assert {m.name for m in Store(real).load().members.values()} == {"Ann", "Bob"}
    assert len(Store(real).events()) == 1
    assert not (link.parent / "team.json.bak").exists()


def test_a_crash_while_replacing_everything_keeps_the_old_history(
    team: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team.log_event(checkin())
    replacement = team.load().model_copy(update={"manager": "Someone Else"})
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if ".events.replace-" in str(src) and str(src).endswith(".new"):
            raise Crash  # the old folder was moved aside; the new one is not in place yet
        real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", replace)
    with pytest.raises(Crash):
        team.replace_everything(replacement, [checkin(member_id=2), checkin(member_id=2)], NOW)
    monkeypatch.undo()
    reopened = Store(db_path)
    assert reopened.load().manager == "Manager"  # the workspace file was not replaced ...
    assert [e.member_id for e in reopened.events()] == [1]  # ... so its history must still be there


@pytest.mark.parametrize("crash_at", ["journal", "old-aside", "workspace-file", "cleanup"])
def test_a_crash_anywhere_in_a_replace_leaves_the_old_or_the_new_workspace_whole(
    team: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: str
) -> None:
    team.log_event(checkin())
    replacement = team.load().model_copy(update={"manager": "Someone Else"})
    real_replace, real_rmtree = os.replace, store_module.shutil.rmtree

    def replace(src: Any, dst: Any) -> None:
        name = str(src)
        if (crash_at == "journal" and str(dst).endswith(".journal")) or (
            crash_at == "old-aside" and ".events.replace-" in str(dst) and str(dst).endswith(".old")
        ):
            raise Crash
        if crash_at == "workspace-file" and ".json.replace-" in name and name.endswith(".new"):
            raise Crash
        real_replace(src, dst)

    def rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        if crash_at == "cleanup" and str(path).endswith(".old") and Path(path).exists():
            raise Crash
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(store_module.os, "replace", replace)
    monkeypatch.setattr(store_module.shutil, "rmtree", rmtree)
    with pytest.raises(Crash):
        team.replace_everything(replacement, [checkin(member_id=2), checkin(member_id=2)], NOW)
    monkeypatch.undo()
    reopened = Store(db_path)
    state = (reopened.load().manager, [e.member_id for e in reopened.events()])
    if crash_at == "cleanup":
        assert state == ("Someone Else", [2, 2])
    else:
        assert state == ("Manager", [1])
    leftovers = [p.name for p in db_path.parent.iterdir() if ".replace-" in p.name]
    assert leftovers == []
