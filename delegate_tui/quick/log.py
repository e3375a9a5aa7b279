"""``delegate log`` without the full program (being built)."""

from __future__ import annotations

from collections.abc import Sequence


def run_log(argv: Sequence[str]) -> int | None:
    """Record the event ``argv`` asks for and return the exit code, or None to leave it to the full command."""
    return None
