"""The workspace the reliability writers share, the processes that write it, and the check of what they reported."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson

from delegate_tui.model import DelegationLevel, Event, EventKind
from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def make_team(path: Path, writers: int) -> Store:
    """Ann and Bob with agreements, one area and two tasks per writer (see tests.reliability.worker)."""
    store = Store(path)
    for name in ("Ann", "Bob"):
        store.add_member(name, now=NOW)
    # The tasks exist before the moments the workers write (worker.AT): an event cannot predate its task.
    created = NOW - timedelta(days=90)
    for seed in range(1, writers + 1):
        store.add_area(f"Area {seed}", now=NOW)
        store.add_task(f"level task {seed}", owner_id=1, level=DelegationLevel(1), now=created)
        store.add_task(f"owner task {seed}", owner_id=1, level=DelegationLevel(3), now=created)
    store.add_area("UI area", now=NOW)
    return store


def spawn(*args: str) -> subprocess.Popen[str]:
    """A worker process (``python -m tests.reliability.worker ARGS``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.worker", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen[str], line: str) -> list[str]:
    """Read the worker's output up to (and including) ``line``; the lines read."""
    assert process.stdout is not None
    seen = []
    while True:
        got = process.stdout.readline()
        assert got, f"the worker ended before saying {line!r}: {process.stderr.read() if process.stderr else ''}"
        seen.append(got.rstrip("\n"))
        if seen[-1] == line:
            return seen


@dataclass
class Acks:
    """Every write the workers reported as done, in the order each worker reported it."""

    checkins: list[str] = field(default_factory=list)
    growth: list[tuple[str, str]] = field(default_factory=list)
    agreement_levels: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    task_levels: dict[int, list[int]] = field(default_factory=dict)
    owners: dict[int, list[str]] = field(default_factory=dict)

    def take(self, output: str) -> int:
        """Read a worker's output; a last line cut by a kill (no newline) was not reported."""
        taken = 0
        for line in output.split("\n")[:-1]:
            kind, *parts = line.split(" ")
            if kind == "checkin":
                self.checkins.append(parts[0])
            elif kind == "growth":
                self.growth.append((parts[0], parts[1]))
            elif kind == "alevel":
                self.agreement_levels.setdefault((parts[0], parts[1].replace("-", " ")), []).append(int(parts[2]))
            elif kind == "tlevel":
                self.task_levels.setdefault(int(parts[0]), []).append(int(parts[1]))
            elif kind == "reassign":
                self.owners.setdefault(int(parts[0]), []).append(parts[1])
            else:
                continue
            taken += 1
        return taken

    @property
    def count(self) -> int:
        return (
            len(self.checkins)
            + len(self.growth)
            + sum(map(len, self.agreement_levels.values()))
            + sum(map(len, self.task_levels.values()))
            + sum(map(len, self.owners.values()))
        )

    def check(self, path: Path) -> None:
        """Every acknowledged write is in the workspace, once; nothing else was duplicated."""
        store = Store(path)
        workspace = store.load()
        events = store.events()
        notes = Counter(event.note for event in events if event.kind is EventKind.CHECKIN)
        for note in self.checkins:
            assert notes[note] == 1, f"check-in {note} is there {notes[note]} times"
        for name, goal in self.growth:
            member = workspace.member_named(name)
            goals = workspace.agreements[member.id].growth_goals
            assert goals.count(goal) == 1, f"the growth goal {goal} of {name} was lost (goals now: {goals})"
        for (name, area_name), levels in self.agreement_levels.items():
            agreement = workspace.agreements[workspace.member_named(name).id]
            area = workspace.area_named(area_name)
            assert agreement.levels[area.id].level == levels[-1], f"{name}'s level in {area_name} was lost"
        # A writer killed after its change was committed but before it said so leaves a change nobody
        # acknowledged: allowed. So every acknowledged change must be in the history, in order, and the
        # task must stand where the last committed change put it.
        for task_id, levels in self.task_levels.items():
            changes = sorted(
                (e for e in events if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task_id), key=_commit_order
            )
            committed = [int(e.to_level or 0) for e in changes]
            assert _in_order(levels, committed), f"task {task_id}: acknowledged levels {levels}, history {committed}"
            assert int(workspace.tasks[task_id].level) == committed[-1]
        for task_id, owners in self.owners.items():
            moves = sorted(
                (e for e in events if e.kind is EventKind.REASSIGN and e.task_id == task_id), key=_commit_order
            )
            committed_owners = [workspace.owner_name(e.to_owner) for e in moves if e.to_owner is not None]
            assert _in_order(owners, committed_owners), (
                f"task {task_id}: acknowledged {owners}, history {committed_owners}"
            )
            assert workspace.owner_name(workspace.tasks[task_id].owner_id) == committed_owners[-1]
        ids = [event.id for event in events]
        assert len(ids) == len(set(ids)), "an event id was given twice"
        on_disk = month_file_ids(path)
        assert len(on_disk) == len(set(on_disk)), "an event is in the month files twice"


def _in_order(acknowledged: list[Any], committed: list[Any]) -> bool:
    """True when ``acknowledged`` appears in ``committed`` in the same order (other items may stand between)."""
    rest = iter(committed)
    return all(any(item == seen for seen in rest) for item in acknowledged)


def _commit_order(event: Event) -> tuple[str, int]:
    # Ids number the events of a month in the order they were committed.
    month, number = event.id.rsplit("-", 1)
    return month, int(number)


def month_file_ids(path: Path) -> list[str]:
    """The ids of the events in the month files (not those still pending in the workspace file)."""
    found = []
    for month in sorted(events_folder(path).glob("*.json")):
        found += [f"e{month.stem.replace('-', '')}-{key}" for key in orjson.loads(month.read_bytes())["events"]]
    return found


def pending_ids(path: Path) -> set[str]:
    """The ids in the workspace file's pending table, as the file is on disk now."""
    try:
        tables = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return set()
    return {str(doc.get("id")) for doc in tables.get("pending_events", {}).values()}
