"""``delegate check`` and ``delegate export`` replayed from a cache (being built)."""

from __future__ import annotations

from collections.abc import Sequence


def replay(argv: Sequence[str]) -> int | None:
    """Write the cached output of ``argv`` and return its exit code, or None to leave it to the full command."""
    return None
