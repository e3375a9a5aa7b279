"""A writer process for the crash and concurrency tests.

``python -m tests.helpers.writer PATH SEED COUNT [PAUSE_MS GATE]`` opens the workspace, prints
``ready``, waits for the file GATE to exist (if given, so that several writers start together), then
makes COUNT writes (0: until killed), choosing at random between adding a task, logging a check-in and
changing a task's level, the way the CLI verbs do. After each write returns it prints one
acknowledgement line and flushes, so the test knows exactly which writes were reported as done.
With PAUSE_MS it then rests up to that long outside the lock: otherwise the writer that holds the
lock takes it again before the others' next poll, and the writers hardly interleave at all.

    task ID TITLE
    event ID NOTE
    level EVENT_ID TASK_ID LEVEL
"""

from __future__ import annotations

import contextlib
import itertools
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

from delegate_tui.model import DelegationLevel, Event, EventKind, InputError
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    path, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pause = float(sys.argv[4]) / 1000 if len(sys.argv) > 4 else 0.0
    gate = Path(sys.argv[5]) if len(sys.argv) > 5 else None
    rng = random.Random(seed)
    store = Store(path)
    if not store.load().members:
        with contextlib.suppress(InputError):  # another writer added her first
            store.add_member("Ann Example", now=NOW)
    say("ready")
    while gate is not None and not gate.exists():
        time.sleep(0.002)
    steps = range(count) if count else itertools.count()
    for step in steps:
        at = NOW - timedelta(days=rng.randint(0, 62), minutes=rng.randint(0, 1440))
        choice = rng.random()
        tasks = store.load().tasks
        if choice < 0.4 or not tasks:
            title = f"task {seed}-{step}"
            task = store.add_task(title, owner_id=1, level=DelegationLevel(rng.randint(1, 7)), now=at)
            say(f"task {task.id} {title}")
        elif choice < 0.75:
            note = f"note {seed}-{step}"
            event = store.log_event(Event(kind=EventKind.CHECKIN, at=at, member_id=1, note=note))
            say(f"event {event.id} {note}")
        else:
            task_id = rng.choice(sorted(tasks))
            level = DelegationLevel(rng.randint(1, 7))
            try:
                event = store.set_task_level(task_id, level, now=at)
            except InputError:
                continue  # already at that level (perhaps set by the other writer a moment ago)
            say(f"level {event.id} {task_id} {int(level)}")
        if pause:
            time.sleep(rng.uniform(0, pause))
    say("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
