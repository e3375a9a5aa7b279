"""Time zones: one by its IANA name, the machine's, and how a zone reads to people.

The standard library only, so that the fast paths (:mod:`delegate_tui.quick`) use the very same
rules as :mod:`delegate_tui.localtime`, which builds the manager's local day on them.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MISSING = (ZoneInfoNotFoundError, ValueError, OSError)


@lru_cache(maxsize=64)
def zone_named(name: str) -> tzinfo:
    """The IANA zone ``name`` (raises ZoneInfoNotFoundError, ValueError or OSError when there is none)."""
    return ZoneInfo(name)


def system_zone() -> tzinfo:
    """The machine's zone: ``$TZ`` when it names an IANA zone, else /etc/localtime, else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return zone_named(name)
        except _MISSING:
            pass
    try:
        return zone_named("localtime")
    except _MISSING:
        pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle)
    except (OSError, ValueError):
        return timezone.utc


def zone_or_system(name: str | None) -> tzinfo:
    """The zone ``name`` (a workspace's), or the machine's when it names none or this machine lacks it."""
    if name:
        try:
            return zone_named(name)
        except _MISSING:
            pass  # validated on input; a zone missing from this machine's database falls back
    return system_zone()


def zone_name(zone: tzinfo, moment: datetime) -> str:
    """The zone as people read it: its IANA key (``Europe/Amsterdam``) when it has one, else its
    abbreviation at ``moment`` (naive moments are taken as UTC)."""
    key = getattr(zone, "key", None)
    if isinstance(key, str) and key != "localtime":
        return key
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(zone).tzname() or "UTC"
