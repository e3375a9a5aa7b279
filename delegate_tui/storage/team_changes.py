"""The change verbs of the team: manager, time zone, members, time away, decision areas, settings, acknowledgements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from delegate_tui.i18n import _
from delegate_tui.model import AwayPeriod, DecisionArea, FlagAck, InputError, Member, Settings, parse_timezone
from delegate_tui.storage.journal import ReplaceJournal
from delegate_tui.storage.migrations import CURRENT_SCHEMA
from delegate_tui.storage.workspace_file import Transaction

T = TypeVar("T")


class TeamChanges(ReplaceJournal):
    """Changes of the team and its settings, each one transaction."""

    def _change(self, now: datetime, apply: Callable[[Transaction], T]) -> T:
        with self.transaction(now) as tx:
            return apply(tx)

    def set_manager(self, name: str, *, now: datetime) -> None:
        """Name the workspace's manager."""
        cleaned = Member(name=name).name

        def apply(tx: Transaction) -> None:
            meta = dict(tx.db.table("meta").get(doc_id=1) or {})
            tx.put("meta", 1, {**meta, "manager": cleaned, "schema_version": CURRENT_SCHEMA})

        self._change(now, apply)

    def set_timezone(self, name: str | None, *, now: datetime) -> str | None:
        """Set the manager's IANA time zone (``None``: the system's); return the name kept."""
        cleaned = None if name is None else parse_timezone(name, "--timezone")

        def apply(tx: Transaction) -> str | None:
            meta = dict(tx.db.table("meta").get(doc_id=1) or {})
            # Kept as null rather than removed: an upsert merges into the stored document.
            tx.put("meta", 1, {**meta, "timezone": cleaned, "schema_version": CURRENT_SCHEMA})
            return cleaned

        return self._change(now, apply)

    def add_away(self, member_id: int, period: AwayPeriod, *, now: datetime) -> Member:
        """Record days a member is away; a period overlapping one already recorded is refused."""

        def apply(tx: Transaction) -> Member:
            member = tx.workspace.members.get(member_id)
            if member is None:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            for known in member.away:
                if period.start <= known.end and known.start <= period.end:
                    raise InputError(
                        _("{name} is already away from {start} to {end}; remove that period first.").format(
                            name=member.name, start=known.start.isoformat(), end=known.end.isoformat()
                        )
                    )
            away = sorted([*member.away, period], key=lambda item: (item.start, item.end))
            updated = member.model_copy(update={"away": away})
            tx.put("members", member.id, updated.model_dump(mode="json"))
            return updated

        return self._change(now, apply)

    def remove_away(self, member_id: int, start: date, *, now: datetime) -> AwayPeriod:
        """Remove the away period of a member that starts on ``start``; return it."""

        def apply(tx: Transaction) -> AwayPeriod:
            member = tx.workspace.members.get(member_id)
            if member is None:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            found = [period for period in member.away if period.start == start]
            if not found:
                raise InputError(
                    _("{name} has no time away starting on {start}.").format(name=member.name, start=start.isoformat())
                )
            rest = [period for period in member.away if period.start != start]
            tx.put("members", member.id, member.model_copy(update={"away": rest}).model_dump(mode="json"))
            return found[0]

        return self._change(now, apply)

    def add_member(self, name: str, *, role: str = "", since: date | None = None, now: datetime) -> Member:
        """Add a member; names are unique (case-insensitively)."""

        def apply(tx: Transaction) -> Member:
            member = Member(id=tx.next_id(tx.workspace.members), name=name, role=role.strip(), since=since)
            for known in tx.workspace.members.values():
                if known.name.casefold() == member.name.casefold() and known.archived_at is not None:
                    raise InputError(
                        _("{name} is archived: restore them rather than adding them again.").format(name=known.name)
                    )
            if any(m.name.casefold() == member.name.casefold() for m in tx.workspace.members.values()):
                raise InputError(_("There is already a member named {name!r}.").format(name=member.name))
            tx.put("members", member.id, member.model_dump(mode="json"))
            return member

        return self._change(now, apply)

    def update_member(
        self,
        member_id: int,
        *,
        name: str | None = None,
        role: str | None = None,
        since: date | Literal["unchanged"] | None = "unchanged",
        now: datetime,
    ) -> Member:
        """Change the given details of a member (those left out keep their latest value)."""

        def apply(tx: Transaction) -> Member:
            if member_id not in tx.workspace.members:
                raise InputError(_("There is no member with id {id}.").format(id=member_id))
            changes: dict[str, Any] = {}
            if name is not None:
                changes["name"] = name
            if role is not None:
                changes["role"] = role.strip()
            if since != "unchanged":
                changes["since"] = since
            member = Member.model_validate({**tx.workspace.members[member_id].model_dump(), **changes})
            clash = [
                m
                for m in tx.workspace.members.values()
                if m.id != member.id and m.name.casefold() == member.name.casefold()
            ]
            if clash:
                raise InputError(_("There is already a member named {name!r}.").format(name=member.name))
            tx.put("members", member.id, member.model_dump(mode="json"))
            return member

        return self._change(now, apply)

    def add_area(self, name: str, *, description: str = "", now: datetime) -> DecisionArea:
        """Add a decision area; names are unique (case-insensitively)."""

        def apply(tx: Transaction) -> DecisionArea:
            area = DecisionArea(id=tx.next_id(tx.workspace.areas), name=name, description=description.strip())
            if any(a.name.casefold() == area.name.casefold() for a in tx.workspace.areas.values()):
                raise InputError(_("There is already a decision area named {name!r}.").format(name=area.name))
            tx.put("areas", area.id, area.model_dump(mode="json"))
            return area

        return self._change(now, apply)

    def update_area(
        self, area_id: int, *, name: str | None = None, description: str | None = None, now: datetime
    ) -> DecisionArea:
        """Change the given details of a decision area (those left out keep their latest value)."""

        def apply(tx: Transaction) -> DecisionArea:
            if area_id not in tx.workspace.areas:
                raise InputError(_("There is no decision area with id {id}.").format(id=area_id))
            changes: dict[str, Any] = {}
            if name is not None:
                changes["name"] = name
            if description is not None:
                changes["description"] = description.strip()
            area = DecisionArea.model_validate({**tx.workspace.areas[area_id].model_dump(), **changes})
            if any(a.id != area.id and a.name.casefold() == area.name.casefold() for a in tx.workspace.areas.values()):
                raise InputError(_("There is already a decision area named {name!r}.").format(name=area.name))
            tx.put("areas", area.id, area.model_dump(mode="json"))
            return area

        return self._change(now, apply)

    def acknowledge_flag(self, ack: FlagAck, *, now: datetime) -> FlagAck:
        """Keep a flag acknowledgement (replacing an earlier one for the same flag)."""

        def apply(tx: Transaction) -> FlagAck:
            table = tx.db.table("acks")
            for doc in table.all():
                if doc.get("flag_id") == ack.flag_id:
                    table.remove(doc_ids=[doc.doc_id])
            table.insert(ack.model_dump(mode="json"))
            return ack

        return self._change(now, apply)

    def withdraw_acknowledgement(self, flag_id: str, *, now: datetime) -> FlagAck:
        """Take back the acknowledgement of a flag, so it is open again; returns the one removed."""

        def apply(tx: Transaction) -> FlagAck:
            table = tx.db.table("acks")
            found = [doc for doc in table.all() if doc.get("flag_id") == flag_id]
            if not found:
                raise InputError(_("Flag {flag} is not acknowledged.").format(flag=flag_id))
            table.remove(doc_ids=[doc.doc_id for doc in found])
            return FlagAck.model_validate(dict(found[0]))

        return self._change(now, apply)

    def update_settings(self, change: Callable[[Settings], Settings], *, now: datetime) -> Settings:
        """Apply ``change`` to the latest settings and save the result."""

        def apply(tx: Transaction) -> Settings:
            settings = Settings.model_validate(change(tx.workspace.settings.model_copy(deep=True)).model_dump())
            tx.put("settings", 1, settings.model_dump(mode="json"))
            return settings

        return self._change(now, apply)
