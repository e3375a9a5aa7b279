"""The workspace: settings, acknowledged flags, and every record but the event history."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from delegate_tui.i18n import _
from delegate_tui.model.base import MANAGER, InputError, Record
from delegate_tui.model.dates import Day, Moment, parse_timezone
from delegate_tui.model.meetings import ReviewMeeting
from delegate_tui.model.records import DecisionArea, Member, Task, TrustAgreement
from delegate_tui.model.text import AckReason, ManagerName


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
