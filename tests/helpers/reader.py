"""A reader process: ``python -m tests.helpers.reader PATH SECONDS`` loads the workspace and its
history over and over, as a UI beside a script would, and prints ``reads N errors M`` and then each
error it met (there should be none)."""

from __future__ import annotations

import sys
import time

from delegate_tui.storage.store import Store


def main() -> int:
    path, seconds = sys.argv[1], float(sys.argv[2])
    reads, errors = 0, []
    deadline = time.monotonic() + seconds
    long_lived = Store(path)
    while time.monotonic() < deadline:
        for store in (long_lived, Store(path)):  # one with warm caches, one fresh
            try:
                workspace = store.load()
                events = store.events()
                assert len({e.id for e in events}) == len(events)
                assert all(t.owner_id in workspace.members for t in workspace.tasks.values())
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}")
            reads += 1
    print(f"reads {reads} errors {len(errors)}")
    for error in errors[:20]:
        print(error)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
