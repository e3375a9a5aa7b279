"""A crash (SIGKILL) at any instant leaves a usable workspace holding every write that was reported done."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from delegate_tui.model import Event, EventKind
from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW
from tests.helpers.acks import Acks, month_file_events

ROOT = Path(__file__).resolve().parents[1]
KILLS = 40
SEED = 20261128

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start_writer(path: Path, seed: int, count: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.writer", str(path), str(seed), str(count)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def all_files(path: Path) -> list[Path]:
    folder = events_folder(path)
    return [*path.parent.iterdir(), *(folder.iterdir() if folder.is_dir() else [])]


def pending_ids(path: Path) -> set[str]:
    """The events a write committed to the crash-recovery table but may not have appended yet."""
    return {doc["id"] for doc in orjson.loads(path.read_bytes()).get("pending_events", {}).values()}


def interrupted(path: Path) -> bool:
    """Whether the kill left visible traces of a write in progress (for the report, not a failure)."""
    temp = [p for p in all_files(path) if p.name.endswith((".tmp", ".tmp.bak"))]
    return bool(temp) or not pending_ids(path) <= set(month_file_events(path))


def test_random_kills_never_lose_an_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    rng = random.Random(SEED)
    acks = Acks()
    killed_mid_write = torn = 0
    ever_pending: set[str] = set()
    for round_number in range(KILLS):
        writer = start_writer(path, seed=round_number)
        assert writer.stdout is not None
        first = writer.stdout.readline()
        assert first == "ready\n", first + (writer.stderr.read() if writer.stderr else "")
        time.sleep(rng.uniform(0.005, 0.080))
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL, err
        assert "Traceback" not in err, err
        killed_mid_write += acks.take(out) > 0
        torn += interrupted(path)
        ever_pending |= pending_ids(path)  # read before anything below opens the store and settles it
        acks.check(path)  # after every kill, not only at the end
    print(
        f"{killed_mid_write} of {KILLS} kills came after a reported write; {torn} left a temp file or an event"
        f" only in the crash-recovery table; {len(acks.tasks)} tasks, {len(acks.events)} check-ins and"
        f" {len(acks.levels)} level changes reported"
    )
    # Loose bounds: a loaded machine writes less in 5-80 ms, but the kills must still land among writes.
    assert killed_mid_write >= KILLS // 4, "the writer was mostly killed before it wrote anything"
    assert len(acks.tasks) + len(acks.events) + len(acks.levels) >= KILLS

    # A last writer runs to its end; then one more change settles whatever a crash left in the
    # crash-recovery table and tidies stray temp files.
    # Kills at the worst instant (workspace written, month file not yet), which random kills seldom hit.
    first_task = min(Store(path).load().tasks)
    for level in (2, 5, 3):
        if Store(path).load().tasks[first_task].level == level:
            continue
        torn_writer = subprocess.run(
            [sys.executable, "-m", "tests.helpers.torn_writer", str(path), str(level)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert torn_writer.returncode == -signal.SIGKILL, torn_writer.stderr
        stranded = pending_ids(path) - set(month_file_events(path))
        assert stranded, "the torn writer left no event only in the crash-recovery table"
        ever_pending |= stranded
    writer = start_writer(path, seed=KILLS, count=5)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    acks.take(out)
    acks.check(path)
    Store(path).add_area("Settled", now=NOW)
    assert not [p.name for p in all_files(path) if p.name.endswith((".tmp", ".tmp.bak"))]
    # Every acknowledged event is now in a month file, exactly once.
    on_disk = month_file_events(path)
    assert len(on_disk) == len(set(on_disk))
    assert (set(acks.events) | set(acks.levels)) <= set(on_disk)
    acks.check(path)
    assert_history_complete(path, ever_pending)


def assert_history_complete(path: Path, ever_pending: set[str]) -> None:
    """Crash recovery re-appends every pending event, and each task sits at its last level change.

    Acknowledgements alone cannot show this: a kill between the workspace write and the month-file
    append leaves an event that was never reported, only parked in ``pending_events``.
    """
    store = Store(path)
    history = store.events()
    assert ever_pending, "no kill left an event in the crash-recovery table: the check below proves nothing"
    assert not pending_ids(path)
    missing = ever_pending - {event.id for event in history}
    assert not missing, f"crash recovery lost {len(missing)} of {len(ever_pending)} pending events: {sorted(missing)}"
    last_change: dict[int, Event] = {}
    # The latest change by the moment it happened: a backfilled change (an earlier --at, written
    # later) takes its place in the past and leaves the current level alone.
    for event in sorted(history, key=lambda e: (e.at, e.recorded_at or e.at)):
        if event.kind is EventKind.LEVEL_CHANGE and event.task_id is not None:
            last_change[event.task_id] = event
    tasks = store.load().tasks
    assert last_change, "no level changes were written"
    for task_id, event in last_change.items():
        assert tasks[task_id].level == event.to_level, (task_id, event.id)
