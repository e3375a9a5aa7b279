"""The one fixed moment the tests run at: nothing may depend on today's date or the machine's zone."""

from __future__ import annotations

from datetime import datetime, timezone

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
"""Saturday 28 November 2026, noon UTC."""

NOW_ARG = "2026-11-28T12:00:00Z"
"""NOW as the CLI's ``--now`` and ``DELEGATE_NOW`` take it."""
