"""The version of the on-disk format this program writes.

It lives outside ``storage`` because the domain needs it too: a summary backup records it and
refuses a newer one, and the domain may not import the storage layer. The migrations in
:mod:`delegate_tui.storage.migrations` bring older files up to it.
"""

from __future__ import annotations

CURRENT_SCHEMA = 2
"""Bump together with a new migration step in delegate_tui/storage/migrations.py."""
