"""Dates and moments: the bounds the program accepts, parsing, and the stored types."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from delegate_tui.i18n import N_, _, ngettext
from delegate_tui.model.base import InputError
from delegate_tui.model.date_words import as_english


def utc(moment: datetime) -> datetime:
    """The same moment as an aware UTC datetime (naive values are taken as UTC)."""
    zone = moment.tzinfo
    if zone is timezone.utc:
        return moment
    if zone is None or not moment.utcoffset():
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def utcnow() -> datetime:
    """The current time, aware, in UTC (only the CLI and the app call this)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


EARLIEST = date(1900, 1, 1)
"""The earliest date the program accepts anywhere (a CLI option, a form, a file it reads)."""
LATEST = date(2200, 12, 31)
"""The latest date the program accepts: with both bounds, date arithmetic (a year ahead, a zone
offset, a cadence) can never leave the calendar Python knows and crash a later read."""


def _out_of_range(field: str, value: object) -> InputError:
    return InputError(
        _("{field} {value} is out of range: dates must be from {earliest} to {latest}.").format(
            field=field, value=value, earliest=EARLIEST.isoformat(), latest=LATEST.isoformat()
        )
    )


def bounded_day(day: date, field: str = "date") -> date:
    """``day`` itself when it lies from :data:`EARLIEST` to :data:`LATEST`, else :class:`InputError`."""
    if not EARLIEST <= day <= LATEST:
        raise _out_of_range(field, day.isoformat())
    return day


def bounded_moment(moment: datetime, field: str = "time") -> datetime:
    """``moment`` in UTC when its date lies from :data:`EARLIEST` to :data:`LATEST`, else :class:`InputError`."""
    try:
        moment = utc(moment)
    except OverflowError:  # a zone offset that pushes year 1 or 9999 out of the calendar
        raise _out_of_range(field, moment.isoformat()) from None
    if not EARLIEST <= moment.date() <= LATEST:
        raise _out_of_range(field, moment.isoformat())
    return moment


def parse_date(value: object, field: str = "date") -> date:
    """Read an ISO 8601 date (``2026-03-01``); a full timestamp is cut to its date. Dates outside
    :data:`EARLIEST` .. :data:`LATEST` are refused."""
    if isinstance(value, datetime):
        return bounded_day(bounded_moment(value, field).date(), field)
    if isinstance(value, date):
        return bounded_day(value, field)
    text = str(value).strip()
    try:
        parsed: date = (
            datetime.fromisoformat(text.replace("Z", "+00:00")) if len(text) > 10 else date.fromisoformat(text)
        )
    except ValueError:
        raise InputError(
            _("{field} {value} is not a date: use YYYY-MM-DD, e.g. 2026-03-01.").format(field=field, value=text or "''")
        ) from None
    if isinstance(parsed, datetime):
        return bounded_day(bounded_moment(parsed, field).date(), field)
    return bounded_day(parsed, field)


_RELATIVE_RE = re.compile(
    r"^(?:(?P<ago>[0-9]{1,6}|a|an|one) (?P<ago_unit>second|minute|hour|day|week|month|year)s? ago"
    r"|in (?P<ahead>[0-9]{1,6}|a|an|one) (?P<ahead_unit>second|minute|hour|day|week|month|year)s?)$"
)
"""``3 days ago``, ``1 day ago``, ``an hour ago``, ``in 2 weeks``: one count and one unit."""


def _shifted(moment: datetime, unit: str, count: int) -> datetime:
    """``moment`` moved by ``count`` units; months and years keep the day where the calendar allows.
    A move beyond the calendar gives :data:`_OVERFLOW`, which the caller refuses."""
    try:
        return _shift(moment, unit, count)
    except (ValueError, OverflowError):
        return _OVERFLOW


def _shift(moment: datetime, unit: str, count: int) -> datetime:
    if unit in ("month", "year"):
        year, month_index = divmod(moment.year * 12 + moment.month - 1 + count * (12 if unit == "year" else 1), 12)
        day = min(moment.day, calendar.monthrange(year, month_index + 1)[1])
        return moment.replace(year=year, month=month_index + 1, day=day)
    return moment + timedelta(**{f"{unit}s": count})


_COMPOUND_RE = re.compile(
    r"^(?:in )?(?:(?:[0-9]{1,6}|a|an|one) (?:second|minute|hour|day|week|month|year)s?(?:,? and |, | |$))+(?:ago)?$"
)
"""``2 days 3 hours ago``, ``in 1 week and 2 days``: the only phrases handed to arrow, so that
arrow's lenient reading never turns ``-3 days ago`` or ``in ago`` into a moment."""


def parse_when(value: object, now: datetime, field: str = "time") -> datetime:
    """Read a moment: ISO 8601 date or timestamp, ``now``, ``today``, ``yesterday``, or a
    relative phrase such as ``3 days ago`` or ``in 2 weeks`` (relative to ``now``), in English or
    Dutch (``nu``, ``gisteren``, ``3 dagen geleden``). Moments outside :data:`EARLIEST` ..
    :data:`LATEST` are refused."""
    if isinstance(value, datetime):
        return bounded_moment(value, field)
    text = str(value).strip()
    lowered = as_english(" ".join(text.lower().split()))
    found: datetime | None = None
    if lowered == "now":
        found = utc(now)
    elif lowered in ("today", "yesterday", "tomorrow"):
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[lowered]
        found = _shifted(utc(now), "day", offset)
    elif text[:1].isdigit() and ("-" in text[:5]):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None:
            if len(text) <= 10:
                parsed = datetime.combine(parsed.date(), time(12, 0))
            return bounded_moment(parsed, field)
    relative = _RELATIVE_RE.match(lowered)
    if found is None and relative:
        count_text = relative.group("ago") or relative.group("ahead")
        unit = relative.group("ago_unit") or relative.group("ahead_unit")
        count = 1 if count_text in ("a", "an", "one") else int(count_text)
        found = _shifted(utc(now), unit, -count if relative.group("ago") else count)
    elif found is None and lowered.startswith("in ") != lowered.endswith(" ago") and _COMPOUND_RE.match(lowered):
        import arrow  # imported here: only compound phrases need it, and it costs start-up time

        try:
            # Arrow drops a singular unit after a count ("1 day and 1 hour ago" lost the day)
            # and knows no "one".
            plural = re.sub(r"\b(second|minute|hour|day|week|month|year)\b", r"\1s", lowered)
            found = utc(arrow.get(utc(now)).dehumanize(re.sub(r"\bone\b", "1", plural)).datetime)
        except (ValueError, TypeError, OverflowError):
            found = _OVERFLOW
    if found is _OVERFLOW:
        raise _out_of_range(field, repr(text))
    if found is None:
        raise InputError(
            _(
                "{field} {value!r} is not a date or time: use YYYY-MM-DD, an ISO timestamp, "
                "'now', 'yesterday' or a phrase like '3 days ago'."
            ).format(field=field, value=text)
        )
    return bounded_moment(found, field)


_OVERFLOW = datetime.min.replace(tzinfo=timezone.utc)
"""Stands for a relative phrase that leaves the calendar Python knows."""


def parse_timezone(value: object, field: str = "time zone") -> str:
    """Check an IANA time zone name (``Europe/Amsterdam``, ``UTC``) and return it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = str(value).strip()
    try:
        if not text or text.startswith("/") or ".." in text:
            raise ValueError(text)
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            _("{field} {value!r} is not a known time zone: use an IANA name such as Europe/Amsterdam or UTC.").format(
                field=field, value=text
            )
        ) from None
    return text


def _moment(value: object) -> object:
    # Parsing here is several times faster than pydantic's parser plus a UTC conversion,
    # which matters when 100,000 events are read. Anything unusual is left to pydantic.
    if isinstance(value, str) and len(value) >= 19:
        try:
            parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
        except ValueError:
            return value
        return bounded_moment(parsed)
    if isinstance(value, datetime):
        return bounded_moment(value)
    return value


_FIRST_MOMENT = datetime.combine(EARLIEST, time.min, timezone.utc)
_LAST_MOMENT = datetime.combine(LATEST, time.max, timezone.utc)


def _stored_moment(value: datetime) -> datetime:
    if value.tzinfo is timezone.utc and _FIRST_MOMENT <= value <= _LAST_MOMENT:
        return value  # the common case, checked inline: 100,000 events pass here on every read
    return bounded_moment(value)


Moment = Annotated[datetime, BeforeValidator(_moment), AfterValidator(_stored_moment)]
"""A datetime stored as aware UTC, whatever zone it was given in, from :data:`EARLIEST` to :data:`LATEST`."""

Day = Annotated[date, AfterValidator(bounded_day)]
"""A calendar date from :data:`EARLIEST` to :data:`LATEST`."""


# ---------------------------------------------------------------------------- due dates as people write them

_WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
_WEEKDAY_INDEX: dict[str, int] = {name: index for index, names in enumerate(_WEEKDAYS) for name in names}
_UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7}
_COUNT_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_AHEAD_RE = re.compile(
    r"^(?:in )?(?P<count>[0-9]{1,5}|" + "|".join(_COUNT_WORDS) + r") (?P<unit>day|week|month|year)s?(?: from now)?$"
)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _due_phrase(text: str, today: date) -> date | None:
    """The day a phrase names, counted from ``today``; None when it is not a phrase."""
    if text in ("today", "tod"):
        return today
    if text in ("tomorrow", "tmr", "tmrw"):
        return today + timedelta(days=1)
    words = text.split(" ")
    if words[0] in ("next", "this", "on") and len(words) == 2 and words[1] in _WEEKDAY_INDEX:
        ahead = (_WEEKDAY_INDEX[words[1]] - today.weekday()) % 7
        # "next friday" is the Friday after the coming one; "this/on friday" the coming one.
        return today + timedelta(days=ahead + (7 if words[0] == "next" else 0))
    if text in _WEEKDAY_INDEX:
        # The coming one, today included: "friday" said on a Friday means today.
        return today + timedelta(days=(_WEEKDAY_INDEX[text] - today.weekday()) % 7)
    if text == "next week":
        return today + timedelta(days=7 - today.weekday())  # next Monday
    if text in ("end of week", "end of the week", "end of this week"):
        return today + timedelta(days=(4 - today.weekday()) % 7)  # the coming Friday
    if text == "next month":
        return _month_end(today) + timedelta(days=1)
    if text in ("end of month", "end of the month", "end of this month", "eom"):
        return _month_end(today)
    if text in ("end of next month",):
        return _month_end(_month_end(today) + timedelta(days=1))
    if text in ("end of year", "end of the year"):
        return today.replace(month=12, day=31)
    phrase = _AHEAD_RE.match(text)
    if phrase:
        count_text, unit = phrase.group("count"), phrase.group("unit")
        count = _COUNT_WORDS[count_text] if count_text in _COUNT_WORDS else int(count_text)
        if unit in _UNIT_DAYS:
            return today + timedelta(days=count * _UNIT_DAYS[unit])
        moved = _shift(datetime.combine(today, time(12)), unit, count)
        return moved.date()
    return None


def parse_due(value: object, today: date, field: str = "due date") -> date:
    """Read a due date as people write it: ISO (``2026-12-04``), ``today``, ``tomorrow``, a weekday
    (``friday``, ``next friday``), ``next week`` (its Monday), ``end of week`` (Friday), ``end of
    month``, ``next month`` (its first day), or ``in 2 weeks`` / ``3 days`` / ``in a month``, all
    counted from ``today`` (the manager's local day); the same in Dutch (``vrijdag``, ``volgende
    week``, ``over 2 weken``, ``eind van de maand``). Dates outside :data:`EARLIEST` ..
    :data:`LATEST` are refused."""
    if isinstance(value, date):
        return parse_date(value, field)
    text = str(value).strip()
    lowered = as_english(" ".join(text.lower().replace(",", " ").split()))
    if lowered[:1].isdigit() and "-" in lowered[:5]:
        return parse_date(text, field)
    try:
        found = _due_phrase(lowered, today)
    except (ValueError, OverflowError):
        raise _out_of_range(field, repr(text)) from None
    if found is None:
        raise InputError(
            _(
                "{field} {value!r} is not a date: use YYYY-MM-DD, or a phrase such as 'friday', "
                "'next week', 'in 2 weeks' or 'end of month'."
            ).format(field=field, value=text)
        )
    return bounded_day(found, field)


_WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_MONTH_NAMES = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def day_label(day: date, *, year: bool = True) -> str:
    """A date as people read it: ``Fri 4 Dec 2026`` (``Fri 4 Dec`` without the year)."""
    weekday, month = _(_WEEKDAY_NAMES[day.weekday()]), _(_MONTH_NAMES[day.month - 1])
    if year:
        return _("{weekday} {day} {month} {year}").format(weekday=weekday, day=day.day, month=month, year=day.year)
    return _("{weekday} {day} {month}").format(weekday=weekday, day=day.day, month=month)


def short_day(day: date, today: date) -> str:
    """A date in a list: ``4 Dec`` within half a year of ``today`` (the month cannot be mistaken
    then, and lists are narrow), ``4 Dec 2027`` further away."""
    month = _(_MONTH_NAMES[day.month - 1])
    if abs((day - today).days) < 183:
        return _("{day} {month}").format(day=day.day, month=month)
    return _("{day} {month} {year}").format(day=day.day, month=month, year=day.year)


def relative_day(day: date, today: date) -> str:
    """How far ``day`` is from ``today`` in words: ``today``, ``tomorrow``, ``in 5 days``,
    ``in 2 weeks`` (from 14 days), ``in 1 month`` (from 28 days), ``in 1 year`` (from 350), and
    the same in the past (``3 weeks ago``). Weeks, months and years are rounded to the nearest."""
    offset = (day - today).days
    if offset == 0:
        return _("today")
    if offset == 1:
        return _("tomorrow")
    if offset == -1:
        return _("yesterday")
    span = abs(offset)
    if span < 14:
        count, unit = span, "day"
    elif span < 28:
        count, unit = round(span / 7), "week"
    elif span < 350:
        count, unit = round(span / 30.4375), "month"
    else:
        count, unit = max(1, round(span / 365.25)), "year"
    if offset > 0:
        phrases = {
            "day": ngettext("in {count} day", "in {count} days", count),
            "week": ngettext("in {count} week", "in {count} weeks", count),
            "month": ngettext("in {count} month", "in {count} months", count),
            "year": ngettext("in {count} year", "in {count} years", count),
        }
    else:
        phrases = {
            "day": ngettext("{count} day ago", "{count} days ago", count),
            "week": ngettext("{count} week ago", "{count} weeks ago", count),
            "month": ngettext("{count} month ago", "{count} months ago", count),
            "year": ngettext("{count} year ago", "{count} years ago", count),
        }
    return phrases[unit].format(count=count)
