"""Several processes on one workspace never lose each other's changes, and readers never see half a file."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import orjson

from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW
from tests.helpers.acks import Acks, month_file_events

ROOT = Path(__file__).resolve().parents[1]
WRITES = 100


def spawn(module: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", f"tests.helpers.{module}", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_writers_lose_nothing_and_a_reader_never_fails(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    Store(path).add_member("Ann Example", now=NOW)
    gate, stop = tmp_path / "go", tmp_path / "stop"
    writers = [spawn("writer", str(path), str(seed), str(WRITES), "60", str(gate)) for seed in (1, 2, 3)]
    reader = spawn("reader", str(path), "120", str(stop))
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    gate.touch()  # all three start writing together, with the reader already reading
    acks = Acks()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.endswith("done\n")
        acks.take(out)
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    summary, *errors = out.splitlines()
    _reads, reads, _errors, error_count, _states, states = summary.split()
    assert (int(error_count), errors) == (0, []), out
    assert int(reads) > 20, "the reader barely ran"
    assert int(states) >= 10, f"the reader saw only {states} states: it did not read while the writers wrote"

    # Nothing lost: every acknowledged task and event is there, and ids were never handed out twice
    # (Acks.take refuses a repeated id; the month files are counted below).
    acks.check(path)
    writes = len(acks.tasks) + len(acks.events) + len(acks.levels)
    assert writes > 3 * WRITES * 0.8  # a level change may be skipped when the level was already set
    workspace = Store(path).load()
    assert set(workspace.tasks) == set(acks.tasks)
    assert len({task.title for task in workspace.tasks.values()}) == len(workspace.tasks)
    on_disk = month_file_events(path)
    assert len(on_disk) == len(set(on_disk))
    pending = {doc["id"] for doc in orjson.loads(path.read_bytes()).get("pending_events", {}).values()}
    assert set(acks.events) | set(acks.levels) <= set(on_disk) | pending
    assert len(Store(path).events()) == len(acks.events) + len(acks.levels)
    # The writers really took turns: in the order the check-ins were written, the writer changes often
    # (without the pause they overlapped for only 3-5 switches in ~290 writes).
    order = [
        event.note.split()[1].split("-")[0]
        for event in sorted((e for e in Store(path).events() if e.note), key=lambda e: e.recorded_at or e.at)
    ]
    switches = sum(a != b for a, b in itertools.pairwise(order))
    assert switches >= 20, f"the writers hardly interleaved: {switches} switches in {len(order)} check-ins"
    # Every file is valid, stable JSON.
    for file in [path, *events_folder(path).glob("*.json")]:
        orjson.loads(file.read_bytes())
