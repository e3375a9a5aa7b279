"""Check-in cadences: how often a trust agreement says manager and member meet."""

from __future__ import annotations

import math
import re

from delegate_tui.i18n import N_, _
from delegate_tui.model.base import InputError

CADENCE_DAYS: dict[str, float] = {
    "daily": 1.0,
    "twice-weekly": 3.5,
    "weekly": 7.0,
    "biweekly": 14.0,
    "monthly": 28.0,
}
ON_REQUEST = "on-request"
_CADENCE_RE = re.compile(r"^([0-9]{1,4})\s*(d|day|days)?$")


def parse_cadence(value: object, field: str = "check-in cadence") -> str:
    """Normalise a cadence: a name from :data:`CADENCE_DAYS`, ``on-request``, or a number of days."""
    text = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {"twice-a-week": "twice-weekly", "every-two-weeks": "biweekly", "fortnightly": "biweekly"}
    text = aliases.get(text, text)
    if text in CADENCE_DAYS or text == ON_REQUEST:
        return text
    match = _CADENCE_RE.match(str(value).strip().lower())
    if match and 1 <= int(match.group(1)) <= 365:
        return f"{int(match.group(1))}d"
    raise InputError(
        _(
            "{field} must be daily, twice-weekly, weekly, biweekly, monthly, on-request "
            "or a number of days from 1 to 365 (got {value!r})."
        ).format(field=field, value=str(value))
    )


def cadence_days(cadence: str) -> float | None:
    """Days between agreed check-ins, or None for ``on-request``."""
    if cadence == ON_REQUEST:
        return None
    if cadence in CADENCE_DAYS:
        return CADENCE_DAYS[cadence]
    return float(cadence.rstrip("d"))


def cadence_allowance(cadence: str, window_days: float) -> float:
    """How many check-ins the cadence allows in a window (``on-request`` allows one)."""
    days = cadence_days(cadence)
    if days is None:
        return 1.0
    return max(1.0, math.floor(window_days / days))


def cadence_label(cadence: str) -> str:
    """A cadence as people say it: ``weekly``, ``every 10 days``."""
    if cadence in _CADENCE_NAMES:
        return _(_CADENCE_NAMES[cadence])
    return _("every {days} days").format(days=cadence.rstrip("d"))


# The names as people say them, in English here (a module's import comes before the language is chosen).
_CADENCE_NAMES = {
    "daily": N_("daily"),
    "twice-weekly": N_("twice-weekly"),
    "weekly": N_("weekly"),
    "biweekly": N_("biweekly"),
    "monthly": N_("monthly"),
    ON_REQUEST: N_("on-request"),
}
