"""A writer that dies at the worst instant: after the workspace write, before the month-file append.

``python -m tests.helpers.torn_writer PATH LEVEL`` changes the level of the workspace's first task to
LEVEL and kills itself with SIGKILL the moment the store starts appending the ``level_change`` event
to its month file. The event is then only in the crash-recovery table (``pending_events``), and never
acknowledged: only crash recovery can bring it into the history. A random kill lands in that window
too rarely for a test to rely on it.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from delegate_tui.model import DelegationLevel
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


def main() -> int:
    path, level = sys.argv[1], DelegationLevel(int(sys.argv[2]))
    store = Store(path)
    task_id = min(store.load().tasks)

    def die(*_args: Any, **_kwargs: Any) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    store._append_events = die  # type: ignore[method-assign]
    store.set_task_level(task_id, level, now=NOW)
    return 1  # not reached: the append kills the process


if __name__ == "__main__":
    raise SystemExit(main())
