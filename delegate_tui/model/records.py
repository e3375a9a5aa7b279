"""The stored records of a team: members, decision areas, tasks, trust agreements, events."""

# No `from __future__ import annotations`: pydantic builds these classes at every start, and reads
# annotations that are types faster than text it must evaluate (see docs/speed.md).

from datetime import date, datetime
from enum import Enum
from typing import TypeVar

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from delegate_tui.i18n import N_, _
from delegate_tui.model.base import MANAGER, InputError, Record
from delegate_tui.model.cadence import parse_cadence
from delegate_tui.model.dates import Day, Moment, utc
from delegate_tui.model.levels import DelegationLevel, Level, Readiness
from delegate_tui.model.text import (
    STORED,
    Channel,
    Description,
    GrowthGoal,
    Guardrail,
    Name,
    Note,
    Reason,
    Role,
    Support,
    Title,
)


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
    archived_at: Moment | None = Field(
        default=None, description="When the member left the team (archived); none while on it."
    )

    def away_on(self, day: date) -> bool:
        """Whether the member was away on ``day`` (a local day)."""
        return any(period.covers(day) for period in self.away)


class DecisionArea(Record):
    """A key decision area, e.g. "Hiring" or "Release to production"."""

    id: int = 0
    name: Name
    description: Description = ""
    archived_at: Moment | None = Field(default=None, description="When the area was retired; none while in use.")


_STATUS_NAMES = {"open": N_("open"), "in progress": N_("in progress"), "blocked": N_("blocked"), "done": N_("done")}


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

    @property
    def label(self) -> str:
        """The status in the current language (``in progress``, ``bezig``); the value stays the stored token."""
        return _(_STATUS_NAMES[self.value])

    @classmethod
    def parse(cls, value: object, field: str = "status") -> "TaskStatus":
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
    archived_at: Moment | None = Field(default=None, description="When the task was archived; none while on the board.")

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

    def revised(self, terms: AgreementTerms, at: datetime, *, acknowledged: bool | None = None) -> "TrustAgreement":
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


_E = TypeVar("_E", bound=Enum)


def _choice(cls: type[_E], text: str, value: object, field: str) -> _E:
    """The member of ``cls`` whose value is ``text``, else :class:`InputError` listing the choices."""
    try:
        return cls(text)
    except ValueError:
        raise InputError(
            _("{field} must be one of {choices} (got {value!r}).").format(
                field=field, choices=", ".join(str(item.value) for item in cls), value=str(value)
            )
        ) from None


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
    ARCHIVE = "archive"
    RESTORE = "restore"
    UNDO = "undo"
    """An earlier event (``undoes``) was undone: written by the UI's undo, never logged by hand."""

    @classmethod
    def parse(cls, value: object, field: str = "kind") -> "EventKind":
        """Read an event kind (any case; ``check-in`` works too)."""
        text = str(value).strip().lower().replace("-", "").replace(" ", "_")
        aliases = {"levelchange": "level_change", "duechange": "due_change", "statuschange": "status_change"}
        return _choice(cls, aliases.get(text, text), value, field)


class Initiator(str, Enum):
    """Who started a check-in or an approval: the manager (the default) or the member."""

    MANAGER = "manager"
    MEMBER = "member"

    @classmethod
    def parse(cls, value: object, field: str = "by") -> "Initiator":
        """Read ``manager`` or ``member`` (any case)."""
        if isinstance(value, Initiator):
            return value
        return _choice(cls, str(value).strip().lower(), value, field)


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
    def parse(cls, value: object, field: str = "context") -> "EventContext":
        """Read a context by name (any case; ``member_request`` and ``member request`` work too)."""
        if isinstance(value, EventContext):
            return value
        return _choice(cls, str(value).strip().lower().replace("_", "-").replace(" ", "-"), value, field)


PULSE_QUESTION = N_("I had the room to decide what was mine to decide")  # English; shown through _()
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
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)

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
    undoes: str | None = Field(
        default=None,
        description="The id of the event this one undoes (an undo's reverse change, or an ``undo`` event).",
    )

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
