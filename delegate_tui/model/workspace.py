"""The workspace: settings, acknowledged flags, and every record but the event history."""

# No `from __future__ import annotations`: pydantic builds these classes at every start, and reads
# annotations that are types faster than text it must evaluate (see docs/speed.md).

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from delegate_tui.i18n import _
from delegate_tui.model.base import MANAGER, InputError, Record
from delegate_tui.model.dates import Day, Moment, parse_timezone
from delegate_tui.model.meetings import ReviewMeeting
from delegate_tui.model.records import DecisionArea, Event, Member, Task, TrustAgreement
from delegate_tui.model.text import AckReason, ManagerName, closest


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
    language: Literal["en", "nl"] | None = Field(
        default=None, description="The UI's language as last chosen in it; None: the system's."
    )
    grace_days: int = Field(
        default=42,
        ge=0,
        le=3650,
        description="Days after a member joins, or an area is first agreed, when close contact is normal.",
    )


class Workspace(BaseModel):
    """Everything but the event history: what the store loads in one read."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

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

    @property
    def has_archived(self) -> bool:
        """True when a member, an area or a task is archived."""
        return any(
            record.archived_at is not None
            for records in (self.members, self.areas, self.tasks)
            for record in records.values()
        )

    def active(self) -> "Workspace":
        """The workspace as the board, the lists, the rules and the summary see it: without archived
        members and areas, archived tasks, the tasks of an archived member or area, an archived
        member's agreement and the archived areas' lines of the other agreements.

        The archived records stay in the workspace itself (their history is kept and a restore
        brings them back); this view is the one place that leaves them out.
        """
        if not self.has_archived:
            return self
        members = {key: member for key, member in self.members.items() if member.archived_at is None}
        areas = {key: area for key, area in self.areas.items() if area.archived_at is None}
        tasks = {
            key: task
            for key, task in self.tasks.items()
            if task.archived_at is None
            and (task.owner_id == MANAGER or task.owner_id in members)
            and (task.area_id is None or task.area_id in areas)
        }
        agreements = {
            key: agreement
            if all(area_id in areas for area_id in agreement.levels)
            else agreement.model_copy(update={"levels": {k: v for k, v in agreement.levels.items() if k in areas}})
            for key, agreement in self.agreements.items()
            if key in members
        }
        return self.model_copy(update={"members": members, "areas": areas, "tasks": tasks, "agreements": agreements})

    def active_events(self, events: Iterable[Event]) -> list[Event]:
        """The events of this (active) workspace's members, areas and tasks: an event about an archived
        one is left out. Call it on :meth:`active` (callers skip it when nothing is archived)."""
        members, areas, tasks = self.members, self.areas, self.tasks
        return [
            event
            for event in events
            if (event.member_id in (None, MANAGER) or event.member_id in members)
            and (event.task_id is None or event.task_id in tasks)
            and (event.area_id is None or event.area_id in areas)
        ]

    def archived_member_named(self, name: str) -> Member:
        """Find an archived member by name, case-insensitively (a unique prefix works too)."""
        archived = self.model_copy(
            update={"members": {k: m for k, m in self.members.items() if m.archived_at is not None}}
        )
        try:
            return archived.member_named(name)
        except InputError:
            raise InputError(_("There is no archived member named {name!r}.").format(name=name)) from None

    def archived_area_named(self, name: str) -> DecisionArea:
        """Find a retired decision area by name, case-insensitively."""
        wanted = " ".join(name.split()).casefold()
        for area in self.areas.values():
            if area.archived_at is not None and area.name.casefold() == wanted:
                return area
        raise InputError(_("There is no retired decision area named {name!r}.").format(name=name))

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
        suggestion = closest(name, (m.name for m in self.members.values()))
        if suggestion is not None:
            raise InputError(
                _("There is no member named {name!r}; did you mean {suggestion}?").format(
                    name=name, suggestion=suggestion
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
        suggestion = closest(name, (a.name for a in self.areas.values()))
        if suggestion is not None:
            raise InputError(
                _("There is no decision area named {name!r}; did you mean {suggestion}?").format(
                    name=name, suggestion=suggestion
                )
            )
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
