"""Forward migrations of the workspace file, one function per schema step.

Schema history:

* **1**: the first format; the event history lived in an ``events`` table inside the
  workspace file, so every write grew with the history.
* **2**: the event history moved to one TinyDB file per month in ``NAME.events/`` beside
  the workspace file (see :mod:`delegate_tui.storage.store`); the workspace file keeps
  only a small ``pending_events`` table for crash recovery.

A migration takes the raw tables of the workspace file and returns the new tables plus
the events that must go to the monthly files. The caller copies the original file first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Re-exported: the store and older callers read it from here.
from delegate_tui.schema_version import CURRENT_SCHEMA as CURRENT_SCHEMA

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], tuple[Tables, list[dict[str, Any]]]]


def _v1_to_v2(tables: Tables) -> tuple[Tables, list[dict[str, Any]]]:
    """Move the ``events`` table out of the workspace file."""
    moved = [dict(doc) for _, doc in sorted(tables.get("events", {}).items(), key=lambda item: int(item[0]))]
    for doc in moved:
        doc.pop("id", None)
    upgraded = {name: table for name, table in tables.items() if name != "events"}
    meta = dict(upgraded.get("meta", {}).get("1", {}))
    meta["schema_version"] = 2
    upgraded["meta"] = {"1": meta}
    return upgraded, moved


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}
"""``MIGRATIONS[n]`` turns schema ``n`` into ``n + 1``."""


def migrate(tables: Tables, version: int) -> tuple[Tables, list[dict[str, Any]]]:
    """Run every step from ``version`` up to :data:`CURRENT_SCHEMA`."""
    events: list[dict[str, Any]] = []
    while version < CURRENT_SCHEMA:
        tables, moved = MIGRATIONS[version](tables)
        events.extend(moved)
        version += 1
    return tables, events
