"""A reader process: ``python -m tests.helpers.reader PATH SECONDS [STOP]`` loads the workspace and
its history over and over, as a UI beside a script would, until SECONDS pass or the file STOP
exists, and prints ``reads N errors M states K`` (K: how many different sizes of the workspace it
saw, which shows it read while the writers wrote) and then each error it met (there should be none)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from delegate_tui.storage.store import Store


def main() -> int:
    path, seconds = sys.argv[1], float(sys.argv[2])
    stop = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    reads, errors = 0, []
    states: set[tuple[int, int]] = set()
    deadline = time.monotonic() + seconds
    long_lived = Store(path)
    while time.monotonic() < deadline and not (stop is not None and stop.exists()):
        for store in (long_lived, Store(path)):  # one with warm caches, one fresh
            try:
                workspace = store.load()
                events = store.events()
                assert len({e.id for e in events}) == len(events)
                assert all(t.owner_id in workspace.members for t in workspace.tasks.values())
                states.add((len(workspace.tasks), len(events)))
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}")
            reads += 1
    print(f"reads {reads} errors {len(errors)} states {len(states)}")
    for error in errors[:20]:
        print(error)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
