"""SIGKILL at random moments: CLI writers on small and larger workspaces, a migration, ``demo --force``
and ``import --replace``. Afterwards the workspace always opens, every acknowledged write is there,
and every event that was ever in the workspace file's ``pending_events`` is in the history."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from delegate_tui import demo
from delegate_tui.model import Event, EventKind
from delegate_tui.storage.files import dumps
from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW
from tests.reliability.team import Acks, make_team, month_file_ids, pending_ids, spawn, wait_for

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SEED = 20261201
KILLS_PER_SIZE = 3
REPLACE_KILLS = 3


def _history(count: int) -> list[Event]:
    return [
        Event(kind=EventKind.CHECKIN, at=NOW - timedelta(hours=7 * i), member_id=1 + i % 2, note=f"old {i}")
        for i in range(count)
    ]


def kill(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGKILL)
    out, _err = process.communicate(timeout=30)
    return out


def no_replace_leftovers(path: Path) -> None:
    assert [p.name for p in path.parent.iterdir() if ".replace-" in p.name] == []


@pytest.mark.parametrize("history", [0, 6000], ids=["small", "larger"])
def test_killed_cli_writers_never_lose_an_acknowledged_write_or_a_pending_event(tmp_path: Path, history: int) -> None:
    path = tmp_path / "team.json"
    store = make_team(path, 2)
    if history:
        store.replace_everything(store.load(), _history(history), NOW)
    rng = random.Random(SEED + history)
    acks = Acks()
    ever_pending: set[str] = set()
    for kill_number in range(KILLS_PER_SIZE):
        writer = spawn("write", str(path), str(1 + kill_number % 2), "0")
        lines = wait_for(writer, "ready")
        for _ in range(rng.randint(1, 5)):  # let it report a few writes, then kill it mid-way through another
            assert writer.stdout is not None
            lines.append(writer.stdout.readline().rstrip("\n"))
        time.sleep(rng.uniform(0, 0.03))  # jitter: where in the next write the kill lands
        rest = kill(writer)
        acks.take("\n".join(lines) + "\n" + rest)
        ever_pending |= pending_ids(path)  # what the crash left waiting in the workspace file
        # It opens, holds everything reported, and shows the pending events as history at once.
        acks.check(path)
        assert ever_pending <= {event.id for event in Store(path).events()}
    # The next change moves whatever was pending into the month files.
    Store(path).add_member("Cleo", now=NOW)
    assert ever_pending <= set(month_file_ids(path))
    # A write killed after it committed but before it was reported is there too: at least, never fewer.
    assert len(Store(path).events()) >= history + len(acks.checkins) + sum(map(len, acks.task_levels.values()))
    assert acks.count >= KILLS_PER_SIZE


def _schema_1(path: Path, events: int) -> None:
    make_team(path, 1)
    tables = orjson.loads(path.read_bytes())
    tables["meta"]["1"]["schema_version"] = 1
    tables["events"] = {
        str(i): event.model_dump(mode="json", exclude={"id"}) for i, event in enumerate(_history(events), start=1)
    }
    path.write_bytes(dumps(tables))
    for file in ("team.json.bak",):
        (path.parent / file).unlink(missing_ok=True)


def test_a_migration_killed_at_any_moment_is_completed_once_on_the_next_open(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for attempt in range(REPLACE_KILLS):
        path = tmp_path / f"old{attempt}" / "team.json"
        path.parent.mkdir()
        _schema_1(path, 4000)
        process = spawn("run", str(path), "member", "list")
        wait_for(process, "started")
        time.sleep(rng.uniform(0, 0.4))  # the migration itself takes a few tenths of a second
        kill(process)
        store = Store(path)
        events = store.events()
        assert len(events) == 4000
        assert len({event.id for event in events}) == 4000
        assert sorted(event.note or "" for event in events) == sorted(f"old {i}" for i in range(4000))
        assert orjson.loads(path.read_bytes())["meta"]["1"]["schema_version"] == 2
        assert (path.parent / "team.json.schema1.bak").exists() or "events" not in orjson.loads(path.read_bytes())


def _old_team(path: Path) -> set[str]:
    store = make_team(path, 1)
    for i in range(30):
        store.log_event(Event(kind=EventKind.CHECKIN, at=NOW - timedelta(days=i), member_id=1, note=f"kept {i}"))
    return {event.id for event in store.events()}


def _old_or_new(path: Path, old_ids: set[str], new_names: set[str]) -> str:
    store = Store(path)
    workspace = store.load()
    names = {member.name for member in workspace.members.values()}
    events = store.events()
    no_replace_leftovers(path)
    if names == {"Ann", "Bob"}:
        assert {event.id for event in events} == old_ids, "the old workspace came back with another history"
        return "old"
    assert names == new_names
    assert not [event for event in events if (event.note or "").startswith("kept ")], "old history in the new one"
    assert {event.member_id for event in events} <= set(workspace.members) | {None}
    return "new"


@pytest.mark.parametrize("verb", ["demo", "import"])
def test_a_replace_killed_at_any_moment_leaves_the_old_or_the_new_workspace_whole(tmp_path: Path, verb: str) -> None:
    workspace, _events = demo.sample(1, NOW)
    new_names = {member.name for member in workspace.members.values()}
    backup = tmp_path / "backup.json"
    if verb == "import":
        source = Store(tmp_path / "source.json")
        source.replace_everything(*demo.sample(1, NOW), NOW)
        from delegate_tui.cli import main

        assert main(["export", "--full", "--out", str(backup), "--db", str(source.path)]) == 0
    rng = random.Random(SEED + len(verb))
    outcomes = []
    for attempt in range(REPLACE_KILLS):
        path = tmp_path / f"w{attempt}" / "team.json"
        path.parent.mkdir()
        old_ids = _old_team(path)
        args = ["demo", "--force"] if verb == "demo" else ["import", "--replace", str(backup)]
        process = spawn("run", str(path), *args)
        wait_for(process, "started")
        time.sleep(rng.uniform(0, 0.25))
        out = kill(process)
        outcome = _old_or_new(path, old_ids, new_names)
        if "done" in out.split("\n")[:-1]:
            assert outcome == "new", "a replace reported done was rolled back"
        outcomes.append(outcome)
        # And the next change works on whichever it is.
        Store(path).add_member("Someone New", now=NOW)
    assert len(outcomes) == REPLACE_KILLS
    assert events_folder(tmp_path / "w0" / "team.json").is_dir()
