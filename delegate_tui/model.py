"""The domain vocabulary of delegate-tui: levels, members, areas, tasks, agreements, events.

Everything here is plain pydantic and standard library: no Textual, no TinyDB. Parsing
helpers raise :class:`InputError` with a message a manager understands; the CLI prints it
as is and the forms show it inline.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum, IntEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from delegate_tui.i18n import _
from delegate_tui.text import first_control, visible

MANAGER = 0
"""The owner id that stands for the manager (member ids start at 1)."""


class InputError(ValueError):
    """Bad input from a user: the message names the field and the problem."""


# --------------------------------------------------------------------------- levels


class DelegationLevel(IntEnum):
    """The seven Management 3.0 delegation levels, from Tell (1) to Delegate (7)."""

    TELL = 1
    SELL = 2
    CONSULT = 3
    AGREE = 4
    ADVISE = 5
    INQUIRE = 6
    DELEGATE = 7

    @property
    def label(self) -> str:
        """The level's name, e.g. ``Consult``."""
        return _LEVEL_TEXT[self][0]

    @property
    def who_decides(self) -> str:
        """Who holds the decision at this level, in a few words."""
        return _LEVEL_TEXT[self][1]

    @property
    def meaning(self) -> str:
        """A one-line description of the level."""
        return _LEVEL_TEXT[self][2]

    @property
    def holder(self) -> Literal["manager", "shared", "member"]:
        """Who holds the decision: the manager (1-3), both (4) or the member (5-7)."""
        if self <= 3:
            return "manager"
        return "shared" if self == 4 else "member"

    @property
    def display(self) -> str:
        """Number and name together, e.g. ``5 Advise``: the way levels are always shown."""
        return f"{int(self)} {self.label}"

    @classmethod
    def parse(cls, value: object, field: str = "level") -> DelegationLevel:
        """Read a level given as its number (``5``) or its name (``advise``, any case)."""
        if isinstance(value, DelegationLevel):
            return value
        if type(value) is int and 1 <= value <= 7:
            return _BY_NUMBER[value]
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            return cls(value)
        text = str(value).strip()
        # ASCII digits only: str.isdigit() accepts "²", which int() rejects.
        if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= 7:
            return cls(int(text))
        for level in cls:
            if level.label.casefold() == text.casefold() or level.display.casefold() == text.casefold():
                return level
        raise InputError(
            _("{field} must be 1-7 or one of {names} (got {value!r}).").format(
                field=field, names=", ".join(level.label for level in cls), value=text
            )
        )


_LEVEL_TEXT: dict[DelegationLevel, tuple[str, str, str]] = {
    DelegationLevel.TELL: (_("Tell"), _("the manager"), _("The manager decides and announces the decision.")),
    DelegationLevel.SELL: (_("Sell"), _("the manager"), _("The manager decides and explains why, to win support.")),
    DelegationLevel.CONSULT: (_("Consult"), _("the manager"), _("The manager asks for input, then decides.")),
    DelegationLevel.AGREE: (_("Agree"), _("both together"), _("Manager and member decide together, by consensus.")),
    DelegationLevel.ADVISE: (_("Advise"), _("the member"), _("The manager gives an opinion; the member decides.")),
    DelegationLevel.INQUIRE: (
        _("Inquire"),
        _("the member"),
        _("The member decides and informs the manager afterwards."),
    ),
    DelegationLevel.DELEGATE: (_("Delegate"), _("the member"), _("The member decides; the manager need not be told.")),
}


_BY_NUMBER: dict[int, DelegationLevel] = {int(level): level for level in DelegationLevel}


class Readiness(str, Enum):
    """Situational Leadership development level for one member in one decision area."""

    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"

    @property
    def step(self) -> int:
        """1 to 4, so that two readiness views can be compared."""
        return int(self.value[1])

    @property
    def meaning(self) -> str:
        """What the development level means."""
        return {
            "D1": _("New to it: needs direction."),
            "D2": _("Learning: needs coaching."),
            "D3": _("Capable but cautious: needs support."),
            "D4": _("Self-reliant: can be trusted with it."),
        }[self.value]

    @classmethod
    def parse(cls, value: object, field: str = "readiness") -> Readiness:
        """Read ``D1``-``D4`` (any case)."""
        text = str(value).strip().upper()
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of D1, D2, D3, D4 (got {value!r}).").format(field=field, value=str(value))
            ) from None


# --------------------------------------------------------------------------- cadence

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
    if cadence in CADENCE_DAYS or cadence == ON_REQUEST:
        return cadence
    return _("every {days} days").format(days=cadence.rstrip("d"))


# --------------------------------------------------------------------------- dates and times


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
    relative phrase such as ``3 days ago`` or ``in 2 weeks`` (relative to ``now``). Moments
    outside :data:`EARLIEST` .. :data:`LATEST` are refused."""
    if isinstance(value, datetime):
        return bounded_moment(value, field)
    text = str(value).strip()
    lowered = " ".join(text.lower().split())
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
            found = utc(arrow.get(utc(now)).dehumanize(lowered).datetime)
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


# --------------------------------------------------------------------------- records


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


class Record(BaseModel):
    """Base for stored records: strict about unknown fields, so a foreign file is noticed."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --------------------------------------------------------------------------- text

TEXT_LIMITS: dict[str, int] = {
    "name": 80,
    "manager": 80,
    "role": 80,
    "title": 200,
    "channel": 200,
    "description": 500,
    "support": 500,
    "guardrail": 300,
    "growth goal": 300,
    "acknowledgement reason": 500,
    "note": 2000,
    "reason": 2000,
}
"""The longest text each field takes, in characters: the one set of limits the CLI, the forms and
the importer all apply (the CLI and the forms check them first to name their own option)."""

STORED: dict[str, bool] = {"stored": True}
"""Validation context for text read back from the workspace's own files. Text an earlier version
stored with control characters still opens: they become their visible forms
(:func:`delegate_tui.text.visible`) instead of being refused, and over-long text is kept."""


def _is_stored(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and bool(info.context.get("stored"))


def _control_problem(field: str, text: str, *, multiline: bool) -> str | None:
    found = first_control(text, multiline=multiline)
    if found is None:
        return None
    position, character = found
    if character in "\n\r\u2028\u2029":
        return _("{field} must be a single line (it contains a line break at position {position}).").format(
            field=field, position=position + 1
        )
    return _(
        "{field} must not contain control characters such as U+{code:04X} (found at position {position}); "
        "they can be terminal escapes or reorder the text."
    ).format(field=field, code=ord(character), position=position + 1)


def _line_validator(field: str, *, required: bool) -> Callable[[str, ValidationInfo], str]:
    limit = TEXT_LIMITS[field]

    def check(value: str, info: ValidationInfo) -> str:
        stored = _is_stored(info)
        if stored:
            value = visible(value)
        else:
            problem = _control_problem(field, value, multiline=False)
            if problem is not None:
                raise ValueError(problem)
        text = " ".join(value.split())
        if required and not text:
            raise ValueError(_("{field} must not be empty.").format(field=field))
        if len(text) > limit and not stored:
            raise ValueError(_("{field} must be at most {limit} characters.").format(field=field, limit=limit))
        return text

    return check


def _free_text_validator(field: str) -> Callable[[str, ValidationInfo], str]:
    limit = TEXT_LIMITS[field]

    def check(value: str, info: ValidationInfo) -> str:
        text = value.replace("\r\n", "\n")  # a pasted Windows line end is a line end
        stored = _is_stored(info)
        if stored:
            text = visible(text, multiline=True)
        else:
            problem = _control_problem(field, text, multiline=True)
            if problem is not None:
                raise ValueError(problem)
        if len(text) > limit and not stored:
            raise ValueError(_("{field} must be at most {limit} characters.").format(field=field, limit=limit))
        return text

    return check


# One line: everything the forms edit in a one-line input (guardrails and growth goals are one
# item per line). Notes and reasons, which the CLI takes as free text, keep newlines and tabs.
Name = Annotated[str, AfterValidator(_line_validator("name", required=True))]
Role = Annotated[str, AfterValidator(_line_validator("role", required=False))]
Title = Annotated[str, AfterValidator(_line_validator("title", required=True))]
Channel = Annotated[str, AfterValidator(_line_validator("channel", required=False))]
ManagerName = Annotated[str, AfterValidator(_line_validator("manager", required=True))]
Description = Annotated[str, AfterValidator(_line_validator("description", required=False))]
Support = Annotated[str, AfterValidator(_line_validator("support", required=False))]
Guardrail = Annotated[str, AfterValidator(_line_validator("guardrail", required=False))]
GrowthGoal = Annotated[str, AfterValidator(_line_validator("growth goal", required=False))]
Note = Annotated[str, AfterValidator(_free_text_validator("note"))]
Reason = Annotated[str, AfterValidator(_free_text_validator("reason"))]
AckReason = Annotated[str, AfterValidator(_free_text_validator("acknowledgement reason"))]


class AwayPeriod(Record):
    """Days a member is away (leave, a course, illness), first and last day included.

    The rules leave these days out of their windows, and work moved to the manager while the member
    is away is cover, not a take-back.
    """

    start: Day
    end: Day
    reason: Reason | None = None

    @field_validator("end")
    @classmethod
    def _end(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if isinstance(start, date) and value < start:
            raise ValueError(
                _("the last day away ({end}) must not be before the first ({start}).").format(
                    end=value.isoformat(), start=start.isoformat()
                )
            )
        return value

    def covers(self, day: date) -> bool:
        """Whether ``day`` (a local day) is one of the days away."""
        return self.start <= day <= self.end


class Member(Record):
    """A person on the team."""

    id: int = 0
    name: Name
    role: Role = ""
    since: Day | None = None
    away: list[AwayPeriod] = Field(default_factory=list, description="Periods away, oldest first.")

    def away_on(self, day: date) -> bool:
        """Whether the member was away on ``day`` (a local day)."""
        return any(period.covers(day) for period in self.away)


class DecisionArea(Record):
    """A key decision area, e.g. "Hiring" or "Release to production"."""

    id: int = 0
    name: Name
    description: Description = ""


class TaskStatus(str, Enum):
    """Where a task stands."""

    OPEN = "open"
    IN_PROGRESS = "in progress"
    BLOCKED = "blocked"
    DONE = "done"

    @property
    def is_open(self) -> bool:
        """Anything but done counts as open work."""
        return self is not TaskStatus.DONE

    @classmethod
    def parse(cls, value: object, field: str = "status") -> TaskStatus:
        """Read a status (any case; ``in-progress`` and ``in_progress`` work too)."""
        text = str(value).strip().lower().replace("-", " ").replace("_", " ")
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of open, in progress, blocked, done (got {value!r}).").format(
                    field=field, value=str(value)
                )
            ) from None


Level = Annotated[DelegationLevel, Field(description="Delegation level, 1 (Tell) to 7 (Delegate).")]


class Task(Record):
    """A piece of work with an owner (a member, or the manager: ``owner_id == 0``)."""

    id: int = 0
    title: Title
    owner_id: int = MANAGER
    area_id: int | None = None
    level: Level
    status: TaskStatus = TaskStatus.OPEN
    due: Day | None = None
    created_at: Moment

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: object) -> DelegationLevel:
        return DelegationLevel.parse(value)


class AreaAgreement(Record):
    """What is agreed for one decision area: the level now, where it is heading, and readiness."""

    level: Level
    desired: DelegationLevel | None = None
    desired_by: Day | None = None
    readiness: Readiness | None = None
    self_readiness: Readiness | None = None

    @field_validator("level", "desired", mode="before")
    @classmethod
    def _level(cls, value: object) -> DelegationLevel | None:
        return None if value is None else DelegationLevel.parse(value)


class AgreementTerms(Record):
    """The content of a trust agreement (one version)."""

    levels: dict[int, AreaAgreement] = Field(default_factory=dict, description="Per decision area id.")
    cadence: str = "weekly"
    channel: Channel = ""
    support: Support = ""
    guardrails: list[Guardrail] = Field(default_factory=list)
    growth_goals: list[GrowthGoal] = Field(default_factory=list)
    review_every_days: int = Field(default=90, ge=1, le=3650)
    last_review: Day | None = None
    acknowledged: bool = False

    @field_validator("cadence", mode="before")
    @classmethod
    def _cadence(cls, value: object) -> str:
        return parse_cadence(value)


class AgreementVersion(AgreementTerms):
    """A past version of an agreement, kept so a review can see what changed."""

    version: int
    changed_at: Moment


class TrustAgreement(AgreementTerms):
    """A member's trust agreement: the current terms plus every earlier version."""

    member_id: int
    version: int = 1
    changed_at: Moment
    history: list[AgreementVersion] = Field(default_factory=list)

    def terms(self) -> AgreementTerms:
        """The current terms without the version bookkeeping."""
        # The text was validated when the agreement was read: checking it again could refuse a
        # stored text longer than today's limits.
        return AgreementTerms.model_validate(self.model_dump(include=set(AgreementTerms.model_fields)), context=STORED)

    def revised(self, terms: AgreementTerms, at: datetime, *, acknowledged: bool | None = None) -> TrustAgreement:
        """A new version with ``terms``, keeping the current one in the history.

        A new version starts unacknowledged: the member acknowledges what they saw. Callers say
        ``acknowledged=True`` when the member acknowledged this very version. Without the argument
        (callers not yet passing it) the version counts as acknowledged only when ``terms`` turn
        the acknowledgement on, never by inheriting the old version's.
        """
        if terms == self.terms():
            return self
        if acknowledged is None:
            acknowledged = terms.acknowledged and not self.acknowledged
        terms = terms.model_copy(update={"acknowledged": acknowledged})
        past = AgreementVersion.model_validate(
            {**dict(self.terms()), "version": self.version, "changed_at": self.changed_at}, context=STORED
        )
        return TrustAgreement(
            **dict(terms),
            member_id=self.member_id,
            version=self.version + 1,
            changed_at=utc(at),
            history=[*self.history, past],
        )

    def level_for(self, area_id: int | None) -> DelegationLevel | None:
        """The agreed level for an area, if any."""
        if area_id is None or area_id not in self.levels:
            return None
        return self.levels[area_id].level


class EventKind(str, Enum):
    """What happened."""

    CHECKIN = "checkin"
    OVERRIDE = "override"
    APPROVAL = "approval"
    REASSIGN = "reassign"
    LEVEL_CHANGE = "level_change"
    DUE_CHANGE = "due_change"
    REVIEW = "review"
    NOTE = "note"
    PULSE = "pulse"
    STATUS_CHANGE = "status_change"

    @classmethod
    def parse(cls, value: object, field: str = "kind") -> EventKind:
        """Read an event kind (any case; ``check-in`` works too)."""
        text = str(value).strip().lower().replace("-", "").replace(" ", "_")
        aliases = {"levelchange": "level_change", "duechange": "due_change", "statuschange": "status_change"}
        text = aliases.get(text, text)
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of {kinds} (got {value!r}).").format(
                    field=field, kinds=", ".join(kind.value for kind in cls), value=str(value)
                )
            ) from None


class Initiator(str, Enum):
    """Who started a check-in or an approval: the manager (the default) or the member."""

    MANAGER = "manager"
    MEMBER = "member"

    @classmethod
    def parse(cls, value: object, field: str = "by") -> Initiator:
        """Read ``manager`` or ``member`` (any case)."""
        if isinstance(value, Initiator):
            return value
        text = str(value).strip().lower()
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of {choices} (got {value!r}).").format(
                    field=field, choices=", ".join(item.value for item in cls), value=str(value)
                )
            ) from None


class EventContext(str, Enum):
    """Why something happened, from a fixed list: what makes an act necessary rather than control."""

    INCIDENT = "incident"
    GUARDRAIL = "guardrail"
    MEMBER_REQUEST = "member-request"
    LEAVE = "leave"
    COMPLIANCE = "compliance"
    REVIEW = "review"

    @property
    def label(self) -> str:
        """The context in words, e.g. ``an incident``, for flag texts."""
        return {
            "incident": _("an incident"),
            "guardrail": _("an agreed guardrail"),
            "member-request": _("the member's request"),
            "leave": _("leave"),
            "compliance": _("compliance"),
            "review": _("a review"),
        }[self.value]

    @classmethod
    def parse(cls, value: object, field: str = "context") -> EventContext:
        """Read a context by name (any case; ``member_request`` and ``member request`` work too)."""
        if isinstance(value, EventContext):
            return value
        text = str(value).strip().lower().replace("_", "-").replace(" ", "-")
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of {choices} (got {value!r}).").format(
                    field=field, choices=", ".join(item.value for item in cls), value=str(value)
                )
            ) from None


PULSE_QUESTION = _("I had the room to decide what was mine to decide")
"""What a pulse answers, from 1 (not at all) to 5 (fully)."""


def says_something(reason: str | None) -> bool:
    """Whether a reason says anything: blank, punctuation-only or one-character reasons excuse nothing."""
    if reason is None:
        return False
    meaningful = [character for character in reason if character.isalnum()]
    return len(meaningful) >= 2


class Event(Record):
    """Something that happened, at a moment (``at``), recorded at ``recorded_at``.

    ``note`` and ``reason`` are private free text: the shared summary leaves them out unless
    asked. Owner ids use :data:`MANAGER` (0) for the manager.
    """

    # The store sets ids on up to 100,000 events per read; validating each assignment costs seconds.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    id: str = ""
    kind: EventKind
    at: Moment
    recorded_at: Moment | None = None
    member_id: int | None = None
    task_id: int | None = None
    area_id: int | None = None
    note: Note | None = None
    reason: Reason | None = None
    from_level: DelegationLevel | None = None
    to_level: DelegationLevel | None = None
    from_owner: int | None = None
    to_owner: int | None = None
    from_due: Day | None = None
    to_due: Day | None = None
    from_status: TaskStatus | None = None
    to_status: TaskStatus | None = None
    by: Initiator | None = Field(
        default=None, description="Who started a check-in or approval; none means the manager."
    )
    context: EventContext | None = Field(default=None, description="Why it happened, from a fixed list.")
    score: int | None = Field(default=None, description="A pulse's answer, 1 (no room) to 5 (full room).")

    @field_validator("score")
    @classmethod
    def _score(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 5:
            raise ValueError(_("score must be a whole number from 1 to 5 (got {value}).").format(value=value))
        return value

    @property
    def by_member(self) -> bool:
        """Whether the member started it (a check-in or approval they asked for)."""
        return self.by is Initiator.MEMBER


class RuleSettings(Record):
    """Per-rule settings: switched on or off, and thresholds by name."""

    enabled: bool = True
    params: dict[str, float] = Field(default_factory=dict)


class FlagAck(Record):
    """A flag the manager acknowledged, with the reason. With ``until`` it holds until that day;
    without, until its evidence grows beyond ``evidence``. Either way it returns when the flag's
    severity rises above ``severity`` (the severity acknowledged, when known)."""

    flag_id: str
    reason: AckReason
    at: Moment
    until: Day | None = None
    evidence: list[str] = Field(default_factory=list)
    severity: Literal["info", "warning", "critical"] | None = None


class Settings(Record):
    """Workspace settings: the rule thresholds and the UI's remembered choices."""

    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    theme: str | None = None
    grace_days: int = Field(
        default=42,
        ge=0,
        le=3650,
        description="Days after a member joins, or an area is first agreed, when close contact is normal.",
    )


# --------------------------------------------------------------------------- review meetings

PokerAbout = Literal["current", "desired"]
"""What a Delegation Poker round is about: the level in force now, or where it should go."""


class PokerVote(Record):
    """One participant's card in one round of Delegation Poker."""

    participant: Name
    card: Level
    at: Moment

    @field_validator("card", mode="before")
    @classmethod
    def _card(cls, value: object) -> DelegationLevel:
        return DelegationLevel.parse(value, "card")


class PokerRound(Record):
    """One round of Delegation Poker: every card is kept, hidden until ``revealed_at``.

    A re-vote is a new round on the same topic, so that the earlier cards stay in the minutes.
    """

    id: int
    topic: Title = Field(description="The decision area's name or a situation typed in.")
    area_id: int | None = None
    member_id: int | None = None
    about: PokerAbout = "current"
    started_at: Moment
    votes: list[PokerVote] = Field(default_factory=list)
    revealed_at: Moment | None = None
    agreed: DelegationLevel | None = Field(default=None, description="The level the group agreed on, if any.")


AgendaKind = Literal["review_due", "control_flags", "desired_gap", "growth_goal_due", "added"]
"""Why an item is on a meeting's agenda."""


class AgendaItem(Record):
    """One item of a review meeting's agenda; its words are made when it is shown."""

    kind: AgendaKind
    member_id: int | None = None
    area_id: int | None = None
    text: Title | None = Field(default=None, description="The facilitator's words for an item added by hand.")
    status: Literal["pending", "reviewed", "skipped"] = "pending"


class MeetingDecision(Record):
    """Something the meeting changed or confirmed, in the words shown in the minutes."""

    at: Moment
    member_id: int | None = None
    area_id: int | None = None
    text: Description
    round_id: int | None = None


class MeetingPulse(Record):
    """A member's pulse captured in the meeting (also recorded as a ``pulse`` event)."""

    member_id: int
    score: int = Field(ge=1, le=5)
    at: Moment
    readiness: Readiness | None = Field(default=None, description="The member's own readiness, when they gave it.")


class MeetingNote(Record):
    """A private note taken in the meeting: kept in the manager's copy of the minutes only."""

    at: Moment
    member_id: int | None = None
    text: Note


class ReviewMeeting(Record):
    """A review meeting and its minutes: agenda, poker rounds with every vote, decisions, pulses, notes."""

    id: int = 0
    started_at: Moment
    ended_at: Moment | None = None
    status: Literal["open", "closed"] = "open"
    facilitator: Name
    participants: list[Name] = Field(default_factory=list, description="The manager and the members present.")
    agenda: list[AgendaItem] = Field(default_factory=list)
    rounds: list[PokerRound] = Field(default_factory=list)
    decisions: list[MeetingDecision] = Field(default_factory=list)
    pulses: list[MeetingPulse] = Field(default_factory=list)
    notes: list[MeetingNote] = Field(default_factory=list, description="Private.")

    def round(self, round_id: int) -> PokerRound:
        """The round with ``round_id``, or :class:`InputError`."""
        for found in self.rounds:
            if found.id == round_id:
                return found
        raise InputError(_("There is no poker round {id} in this meeting.").format(id=round_id))


class Workspace(BaseModel):
    """Everything but the event history: what the store loads in one read."""

    model_config = ConfigDict(extra="forbid")

    manager: ManagerName = "Manager"
    members: dict[int, Member] = Field(default_factory=dict)
    areas: dict[int, DecisionArea] = Field(default_factory=dict)
    tasks: dict[int, Task] = Field(default_factory=dict)
    agreements: dict[int, TrustAgreement] = Field(default_factory=dict, description="By member id.")
    settings: Settings = Field(default_factory=Settings)
    acks: dict[str, FlagAck] = Field(default_factory=dict, description="By flag id.")
    reviews: dict[int, ReviewMeeting] = Field(default_factory=dict, description="Review meetings, by id.")
    timezone: str | None = Field(
        default=None, description="The manager's IANA time zone, e.g. Europe/Amsterdam; none means the system's."
    )

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        return None if value is None else parse_timezone(value)

    @property
    def is_empty(self) -> bool:
        """True when there are no members, areas or tasks yet."""
        return not (self.members or self.areas or self.tasks)

    def member_named(self, name: str) -> Member:
        """Find a member by name, case-insensitively (a unique prefix works too)."""
        wanted = " ".join(name.split()).casefold()
        exact = [m for m in self.members.values() if m.name.casefold() == wanted]
        if exact:
            return exact[0]
        partial = [m for m in self.members.values() if m.name.casefold().startswith(wanted)] if wanted else []
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise InputError(
                _("member {name!r} is ambiguous: it matches {matches}.").format(
                    name=name, matches=", ".join(sorted(m.name for m in partial))
                )
            )
        raise InputError(_("There is no member named {name!r}.").format(name=name))

    def owner_named(self, name: str) -> int:
        """An owner id for a name: a member's id, or :data:`MANAGER` for ``manager``."""
        if name.strip().casefold() in ("manager", "me", self.manager.casefold()):
            return MANAGER
        return self.member_named(name).id

    def area_named(self, name: str) -> DecisionArea:
        """Find a decision area by name, case-insensitively."""
        wanted = " ".join(name.split()).casefold()
        for area in self.areas.values():
            if area.name.casefold() == wanted:
                return area
        raise InputError(_("There is no decision area named {name!r}.").format(name=name))

    def task(self, task_id: object) -> Task:
        """Find a task by id (accepts ``12`` or ``#12``)."""
        text = str(task_id).strip().lstrip("#")
        if not (text.isascii() and text.isdigit() and len(text) <= 18) or int(text) not in self.tasks:
            raise InputError(_("There is no task with id {task_id}.").format(task_id=str(task_id)))
        return self.tasks[int(text)]

    def owner_name(self, owner_id: int) -> str:
        """The display name of an owner id."""
        if owner_id == MANAGER:
            return self.manager
        member = self.members.get(owner_id)
        return member.name if member else _("member #{id}").format(id=owner_id)

    def area_name(self, area_id: int | None) -> str:
        """The display name of an area id (empty for none)."""
        if area_id is None:
            return ""
        area = self.areas.get(area_id)
        return area.name if area else _("area #{id}").format(id=area_id)


def explain(error: ValidationError) -> str:
    """The first problem of a validation error as one sentence naming the field."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or _("value")
    message = str(first["msg"])
    if message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    return _("{field}: {problem}.").format(field=field, problem=message.rstrip("."))
