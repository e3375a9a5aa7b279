"""A CLI writer process for the reliability suite.

``python -m tests.reliability.worker write PATH SEED COUNT`` runs COUNT ``delegate`` verbs (0: until
killed) on the workspace made by :func:`tests.reliability.team.make_team`, in one process so that a
write costs milliseconds, not an interpreter start. It goes through :func:`delegate_tui.cli.main`
exactly as the command line does. After a verb exits 0 it prints one acknowledgement line and
flushes, so the test knows which writes were reported as done:

    checkin NOTE                 delegate log checkin --member M --note NOTE
    growth MEMBER GOAL           delegate agreement set MEMBER --growth GOAL
    alevel MEMBER AREA LEVEL     delegate agreement set MEMBER --area AREA=LEVEL
    tlevel TASK LEVEL            delegate task level TASK LEVEL
    reassign TASK OWNER          delegate task reassign TASK --member OWNER

Before a verb waits for the workspace lock it prints ``queued`` (so a test can tell the writers are
lined up behind a lock holder without sleeping). ``write PATH SEED COUNT KINDS MEMBERS`` limits the kinds of change
and the members (comma-separated).

``python -m tests.reliability.worker hold PATH RELEASE_FILE`` takes the workspace lock, prints
``holding``, keeps the lock until RELEASE_FILE exists, then prints ``released``.

``python -m tests.reliability.worker run PATH ARGS...`` runs one verb (``demo --force``, ``import``)
and prints ``done`` after it exits 0: a process to kill in the middle of a replace.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import Timeout

from delegate_tui.cli import main as delegate
from delegate_tui.storage import files
from delegate_tui.storage.store import Store

MEMBERS = ("Ann", "Bob")
AT = "2026-11-20 10:00"


def say(line: str) -> None:
    out = sys.__stdout__  # not sys.stdout: a verb's own output is captured while it runs
    assert out is not None
    out.write(line + "\n")
    out.flush()


def _announce_queueing() -> None:
    original = files.WorkspaceLock.held

    @contextlib.contextmanager
    def held(self: files.WorkspaceLock) -> Iterator[None]:
        lock = self._file_lock()
        if not lock.is_locked:  # the first, outermost acquisition of this process
            try:
                lock.acquire(blocking=False)
            except Timeout:
                say("queued")
            else:
                lock.release()
        with original(self):
            yield

    files.WorkspaceLock.held = held  # type: ignore[method-assign]


def run(path: str, *args: str) -> bool:
    """One verb as the command line runs it; True when it exited 0."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = delegate([*args, "--db", path])
    if code not in (0, 2):
        sys.stderr.write(f"exit {code} for {args}: {err.getvalue()}\n")
    if "Traceback" in err.getvalue():
        sys.stderr.write(err.getvalue())
        raise SystemExit(3)
    return code == 0 and "nothing changed" not in out.getvalue()


def write(path: str, seed: int, count: int, kinds: set[str], members: tuple[str, ...] = MEMBERS) -> None:
    rng = random.Random(seed)
    say("ready")
    steps = range(count) if count else itertools.count()
    tlevel = reassign = 0
    for step in steps:
        kind = rng.choice(sorted(kinds))
        member = rng.choice(members)
        if kind == "checkin":
            note = f"c{seed}-{os.getpid()}-{step}"  # unique even when a killed writer is restarted
            if run(path, "log", "checkin", "--member", member, "--note", note, "--at", AT):
                say(f"checkin {note}")
        elif kind == "growth":
            goal = f"g{seed}-{os.getpid()}-{step}"
            if run(path, "agreement", "set", member, "--growth", goal):
                say(f"growth {member} {goal}")
        elif kind == "alevel":
            # Each writer has its own area, so the last level it reported is the one that must stay.
            level = 1 + (step % 7)
            if run(path, "agreement", "set", member, "--area", f"Area {seed}={level}"):
                say(f"alevel {member} Area-{seed} {level}")
        elif kind == "tlevel":
            tlevel += 1
            level = 1 + (tlevel % 7)
            task = str(_task_id(path, f"level task {seed}"))
            if run(path, "task", "level", task, str(level), "--at", AT):
                say(f"tlevel {task} {level}")
        elif kind == "reassign":
            reassign += 1
            owner = MEMBERS[reassign % 2]
            task = str(_task_id(path, f"owner task {seed}"))
            if run(path, "task", "reassign", task, "--member", owner, "--at", AT):
                say(f"reassign {task} {owner}")
    say("done")


def _task_id(path: str, title: str) -> int:
    return next(task.id for task in Store(path).load().tasks.values() if task.title == title)


def hold(path: str, release: Path) -> None:
    store = Store(path)
    with store.lock.held():
        say("holding")
        while not release.exists():
            time.sleep(0.01)
    say("released")


def main() -> int:
    mode, path, *rest = sys.argv[1:]
    _announce_queueing()
    if mode == "write":
        kinds = set(rest[2].split(",")) if len(rest) > 2 else {"checkin", "growth", "alevel", "tlevel", "reassign"}
        members = tuple(rest[3].split(",")) if len(rest) > 3 else MEMBERS
        write(path, int(rest[0]), int(rest[1]), kinds, members)
    elif mode == "hold":
        hold(path, Path(rest[0]))
    elif mode == "run":
        say("started")
        if run(path, *rest):
            say("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
