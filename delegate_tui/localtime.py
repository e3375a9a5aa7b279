"""The manager's local day: "same day", "per day" and window boundaries are judged in it.

The workspace names an IANA zone (``Workspace.timezone``); without one the system's zone is used.
Moments are stored in UTC; only the rules' notion of a day depends on the zone, and through
:mod:`zoneinfo` it is right across daylight-saving changes (a local day may be 23 or 25 hours).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from delegate_tui.i18n import _
from delegate_tui.model import InputError, Workspace, bounded_moment, parse_date, parse_when, utc
from delegate_tui.model.date_words import as_english
from delegate_tui.zones import system_zone as system_zone
from delegate_tui.zones import zone_name as zone_name
from delegate_tui.zones import zone_or_system


def local_zone(workspace: Workspace | None) -> tzinfo:
    """The workspace's zone (its ``timezone``), or the system's when it names none."""
    return zone_or_system(workspace.timezone if workspace is not None else None)


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


_DAY_AND_TIME = re.compile(
    r"^(?P<day>today|yesterday|[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ t]+|t)(?:at )?"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?$"
)
"""``yesterday 15:00``, ``today 9:30``, ``2026-11-27 15:00``, ``2026-11-27T15:00``: a day and a clock time."""


def parse_local_when(value: str, now: datetime, zone: tzinfo, field: str = "time") -> datetime:
    """Read a moment as the manager types it, in their zone ``zone``; return it in UTC.

    A day with a clock time (``yesterday 15:00``, ``gisteren om 15:00``, ``2026-11-27 15:00``) and a date alone (noon)
    are local; anything else (``now``, ``2 days ago``, an ISO timestamp with its offset) is read
    by :func:`~delegate_tui.model.parse_when`, with its date bounds.
    """
    text = as_english(" ".join(str(value).strip().lower().split()))
    found = _DAY_AND_TIME.match(text)
    if found is not None:
        today = local_day(now, zone)
        word = found.group("day")
        try:
            if word in ("today", "yesterday"):
                day = today - timedelta(days=1 if word == "yesterday" else 0)
            else:
                day = parse_date(word, field)
            clock = time(int(found.group("hour")), int(found.group("minute")), int(found.group("second") or 0))
        except ValueError as error:
            if isinstance(error, InputError):
                raise
            raise InputError(
                _("{field} {value!r} is not a clock time: use HH:MM, e.g. 15:00.").format(
                    field=field, value=str(value).strip()
                )
            ) from None
        return bounded_moment(datetime.combine(day, clock, tzinfo=zone), field)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return bounded_moment(local_noon(parse_date(text, field), zone), field)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}t[0-9:.]+", text):
        # An ISO timestamp without an offset: the manager's clock, not UTC.
        try:
            naive = datetime.fromisoformat(text.upper())
        except ValueError:
            naive = None
        if naive is not None:
            return bounded_moment(naive.replace(tzinfo=zone), field)
    return parse_when(value, now, field)
