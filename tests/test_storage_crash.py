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


def interrupted(path: Path) -> bool:
    """Whether the kill left visible traces of a write in progress (for the report, not a failure)."""
    temp = [p for p in all_files(path) if p.name.endswith((".tmp", ".tmp.bak"))]
    pending = {doc["id"] for doc in orjson.loads(path.read_bytes()).get("pending_events", {}).values()}
    return bool(temp) or not pending <= set(month_file_events(path))


def test_random_kills_never_lose_an_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    rng = random.Random(SEED)
    acks = Acks()
    killed_mid_write = torn = 0
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
