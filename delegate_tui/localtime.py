"""The manager's local day: "same day", "per day" and window boundaries are judged in it.

The workspace names an IANA zone (``Workspace.timezone``); without one the system's zone is used.
Moments are stored in UTC; only the rules' notion of a day depends on the zone, and through
:mod:`zoneinfo` it is right across daylight-saving changes (a local day may be 23 or 25 hours).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from delegate_tui.model import Workspace, utc


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def system_zone() -> tzinfo:
    """The machine's zone: ``$TZ`` when it names an IANA zone, else /etc/localtime, else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return _zone(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        return _zone("localtime")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle)
    except (OSError, ValueError):
        return timezone.utc


def local_zone(workspace: Workspace | None) -> tzinfo:
    """The workspace's zone (its ``timezone``), or the system's when it names none."""
    if workspace is not None and workspace.timezone:
        try:
            return _zone(workspace.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass  # validated on input; a zone missing from this machine's database falls back
    return system_zone()


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day ``moment`` falls on in ``zone`` (naive moments are taken as UTC)."""
    return utc(moment).astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first moment of ``day`` in ``zone``, in UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(timezone.utc)


def day_end(day: date, zone: tzinfo) -> datetime:
    """The first moment after ``day`` in ``zone`` (the next day's start), in UTC."""
    return day_start(day + timedelta(days=1), zone)


def local_noon(day: date, zone: tzinfo) -> datetime:
    """Noon of ``day`` in ``zone``, in UTC: what a date-only ``--now`` means."""
    return datetime.combine(day, time(12, 0), tzinfo=zone).astimezone(timezone.utc)
