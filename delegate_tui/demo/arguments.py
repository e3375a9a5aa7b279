"""The bounds and checks of the demo's arguments (the CLI reports their messages as they are)."""

from __future__ import annotations

from delegate_tui.i18n import _
from delegate_tui.model import InputError

MAX_MEMBERS = 10_000
MAX_TASKS = 1_000_000
MAX_EVENTS = 1_000_000


def _check_count(option: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(
            _("{option} must be a whole number from {low} to {high} (got {value}).").format(
                option=option, low=low, high=high, value=value
            )
        )
    return value


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(_("--seed must be a whole number (got {value}).").format(value=seed))
    return seed
