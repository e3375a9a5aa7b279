"""The ``delegate`` console script: a verb's fast path when it has one, else the full command line.

The full command line (:mod:`delegate_tui.cli`) imports pydantic and the model, about 100-150 ms
before any work (docs/speed.md). ``check`` and ``export`` can replay a cached result without
either (:mod:`delegate_tui.quick.cache`), and ``log`` can append a plain event
(:mod:`delegate_tui.quick.log`). A fast path answers only what it is sure of, exactly as the full
command would; anything else (bad input, an unusual workspace, a cache miss) returns None and the
full command runs instead, with its messages.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing and collections.abc cost a fast path more than its work
if TYPE_CHECKING:
    from collections.abc import Sequence

    from delegate_tui.quick.log import Pending

# Options that may come before the verb, each followed by its value.
_LEADING = ("--db", "--lang")


def verb_of(argv: Sequence[str]) -> str | None:
    """The verb of ``argv`` when only ``--db`` and ``--lang`` (with their values) come before it, else None."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in _LEADING:
            index += 2
        elif word.startswith(tuple(f"{option}=" for option in _LEADING)):
            index += 1
        elif word.startswith("-"):
            return None  # -h, an abbreviation, ...: argparse's to read
        else:
            return word
    return None


def main() -> int:
    """Run ``delegate`` with the process's arguments; the console script's entry point."""
    argv = sys.argv[1:]
    verb = verb_of(argv)
    wanted: Pending | None = None
    if verb in ("check", "export"):
        from delegate_tui.quick.cache import replay

        code = replay(argv)
        if code is not None:
            return code
    elif verb == "log":
        from delegate_tui.quick import log

        code = log.append(argv)
        if code is not None:
            return code
        wanted = log.pending()
    elif verb is None:
        import gc

        # Without a verb, ``delegate`` opens the UI (or prints its usage and ends). The UI's start
        # (importing the model and the screens, reading the workspace) makes tens of thousands of
        # objects and almost no cycles; the collections they set off walked them all again and
        # again, about 40 ms of the first paint on the scale set. The app turns the collector back
        # on once its first screen is drawn (DelegateApp._start_history).
        gc.disable()
    from delegate_tui.cli import main as full_command

    code = full_command()
    if wanted is not None:
        record_log(wanted)
    return code


def record_log(wanted: Pending) -> bool:
    """After the full ``log`` ran for an append that fell back for want of them, store the index of the
    workspace and the seal of the event's month file (:mod:`delegate_tui.quick.log`); True when
    stored. Both are checked here with the full program: the index is built from the workspace file's
    bytes validated as the store validates them, the seal only for a month file that the storage's
    own serializer writes byte for byte. Never raises."""
    try:
        return _record_log(wanted)
    except Exception:
        return False


def _record_log(wanted: Pending) -> bool:
    from pathlib import Path

    import orjson

    from delegate_tui.cli import resolve_db
    from delegate_tui.quick import log
    from delegate_tui.quick.derived import enabled, events_folder
    from delegate_tui.storage.files import dumps
    from delegate_tui.storage.store import Store

    if not enabled() or os.path.abspath(resolve_db(wanted.db_option)) != os.path.abspath(wanted.db):
        return False  # the fast path would not have found the workspace the full command uses
    if wanted.default_env is not None and wanted.default_env != log.default_env():
        return False
    month_path = os.path.join(events_folder(wanted.db), wanted.month + ".json")
    try:
        with open(month_path, "rb") as handle:
            month = handle.read()
    except FileNotFoundError:
        month = None
    if month is not None:
        tables = orjson.loads(month)
        events = tables.get("events") if isinstance(tables, dict) and list(tables) == ["events"] else None
        if (
            isinstance(events, dict)
            and all(key.isascii() and key.isdigit() for key in events)
            and all(isinstance(doc, dict) for doc in events.values())
            and dumps(tables) == month
        ):
            log.write_seal(wanted.db, wanted.month, month, max((int(key) for key in events), default=0))
    if not wanted.needs_index:
        return True
    raw = Path(wanted.db).read_bytes()
    # The store's own checks on these very bytes (the file may change meanwhile: the index names its bytes).
    workspace = Store(wanted.db, create=False, validate=False).workspace_of(raw)
    if workspace is None:
        return False
    tables = orjson.loads(raw)
    members = [
        [member.id, member.name, member.since.isoformat() if member.since else None, member.archived_at is not None]
        for member in workspace.members.values()
    ]
    retired = [area.id for area in workspace.areas.values() if area.archived_at is not None]
    tasks = {
        str(task.id): [task.owner_id, task.area_id, task.created_at.isoformat(), task.archived_at is not None]
        for task in workspace.tasks.values()
    }
    # What the store's _next_number reads of them: their ids (the rest is not read by a plain append).
    pending = [str(doc.get("id", "")) for doc in tables.get("pending_events", {}).values()]
    log.write_index(wanted.db, raw, wanted.default_env, workspace.timezone, members, retired, tasks, pending)
    return True


if __name__ == "__main__":
    raise SystemExit(main())
