"""The export documents: the shared JSON/Markdown summary (with its JSON Schema) and the full backup.

Pure: pydantic models and functions over the domain; no Textual, no TinyDB.

**The summary** (:func:`build_summary`) is a versioned document, ``schema`` ``delegate-tui/summary``
version ``1.2``, meant for HR tools, dashboards, ``jq`` and a git repository of agreements. It
describes the team as of ``now``: the seven levels, every member with their trust agreement, open
tasks, metrics and flags, team totals and team-level flags. Two privacy rules hold:

* Free text on events (``note`` and ``reason``) is private. It is left out unless
  ``include_private`` is asked for; then each member gets ``recent_events``: every event about
  them (``event.member_id``) in the :data:`PRIVATE_WINDOW_DAYS` days up to ``now``, oldest first,
  with its note and reason. Events about no member are never included. Flag texts never quote
  private text: the engine does not, and :func:`build_summary` removes any note or reason of an
  evidence event from its flag's texts all the same.
* With ``member_id`` the document is about that one person: other members, their tasks, metrics
  and flags are left out, team-level flags are omitted, the totals cover that member alone, and
  other members' names inside free text (growth goals, support, notes...) read "a colleague".

**The backup** (:func:`build_backup`, :func:`parse_backup`) is lossless: the whole workspace and
every event, for ``delegate import``. :func:`parse_backup` checks everything before anything is
written and reports the first problem as one line naming where it is.

The schema's descriptions are deliberately not translated: ``delegate schema`` must print the
committed ``schema/summary.schema.json`` byte for byte in every language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    DelegationLevel,
    Event,
    EventKind,
    InputError,
    Moment,
    Readiness,
    ReviewMeeting,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    cadence_label,
    utc,
)
from delegate_tui.patterns import RULES, Flag, MemberMetrics, Severity, evaluate, member_metrics, team_metrics
from delegate_tui.patterns.context import Context
from delegate_tui.patterns.rules.stale_agreement import review_due
from delegate_tui.schema_version import CURRENT_SCHEMA
from delegate_tui.text import visible

SCHEMA_NAME: Literal["delegate-tui/summary"] = "delegate-tui/summary"
SCHEMA_VERSION: Literal["1.2"] = "1.2"
SCHEMA_ID = "urn:delegate-tui:schema:summary:1.2"
BACKUP_FORMAT: Literal["delegate-tui/backup"] = "delegate-tui/backup"
PRIVATE_WINDOW_DAYS = 90
"""With ``include_private``, each member's events of this many days up to ``now`` are included."""

_DIGITS = 3  # shares (autonomy index, manager's share) are rounded to this many decimals


# --------------------------------------------------------------------------- the summary document


class _Doc(BaseModel):
    """Base of the summary's parts."""

    model_config = ConfigDict(populate_by_name=True)


class LevelRef(_Doc):
    """A delegation level by number and name."""

    number: int = Field(ge=1, le=7, description="1 (Tell) to 7 (Delegate).")
    name: str = Field(description="The level's name, e.g. Advise.")


class LevelInfo(_Doc):
    """One of the seven Management 3.0 delegation levels."""

    number: int = Field(ge=1, le=7, description="1 (Tell) to 7 (Delegate).")
    name: str = Field(description="The level's name, e.g. Advise.")
    who_decides: str = Field(description="Who holds the decision at this level, in a few words.")
    holder: Literal["manager", "shared", "member"] = Field(
        description="Who holds the decision: the manager (levels 1-3), both (4) or the member (5-7)."
    )
    meaning: str = Field(description="A one-line description of the level.")


class TeamInfo(_Doc):
    """The team the document describes."""

    manager: str = Field(description="The manager's name.")
    size: int = Field(ge=0, description="How many members the team has (the manager not counted).")


class AreaInfo(_Doc):
    """A key decision area."""

    id: int = Field(description="The area's id.")
    name: str = Field(description='The area\'s name, e.g. "Hiring".')
    description: str = Field(description="What the area covers (may be empty).")


class ReadinessViews(_Doc):
    """Readiness (Situational Leadership D1-D4) for one area, in the two views."""

    manager: Readiness | None = Field(description="The manager's assessment, or null when not rated.")
    member: Readiness | None = Field(description="The member's own view (self-confidence), or null when not rated.")


class AreaLevel(_Doc):
    """What the trust agreement says for one decision area."""

    area_id: int = Field(description="The decision area's id.")
    area: str = Field(description="The decision area's name.")
    level: LevelRef = Field(description="The agreed delegation level now.")
    desired: LevelRef | None = Field(description="The level the member is growing towards, or null.")
    desired_by: date | None = Field(description="By when the desired level should be reached, or null.")
    readiness: ReadinessViews = Field(description="Readiness for this area, as the manager and the member see it.")


class AgreementSummary(_Doc):
    """The current version of a member's trust agreement."""

    version: int = Field(ge=1, description="The agreement's version number (1 for the first).")
    changed_at: datetime = Field(description="When this version was made.")
    acknowledged: bool = Field(description="Whether the member has acknowledged this version.")
    cadence: str = Field(
        description="Check-in cadence: daily, twice-weekly, weekly, biweekly, monthly, on-request, or Nd (every N days)."
    )
    cadence_label: str = Field(description='The cadence as people say it, e.g. "weekly" or "every 10 days".')
    channel: str = Field(description="The agreed communication channel (may be empty).")
    support: str = Field(description="The support the manager offers (may be empty).")
    review_every_days: int = Field(ge=1, description="The review interval in days.")
    last_review: date | None = Field(description="When the agreement was last reviewed, or null if never.")
    next_review_due: date = Field(
        description="The last review (or, if never reviewed, the date of the first version) plus the review interval."
    )
    review_overdue: bool = Field(description="True when next_review_due is before the document's now.")
    growth_goals: list[str] = Field(description="Where the member wants to grow.")
    guardrails: list[str] = Field(description='Limits that always hold, e.g. "escalate anything over 5k".')
    areas: list[AreaLevel] = Field(description="The agreed level per decision area, by area id.")


class TaskSummary(_Doc):
    """An open task (not done)."""

    id: int = Field(description="The task's id.")
    title: str = Field(description="The task's title.")
    area_id: int | None = Field(description="The decision area's id, or null.")
    area: str | None = Field(description="The decision area's name, or null.")
    level: LevelRef = Field(description="The delegation level of the task.")
    status: TaskStatus = Field(description="open, in progress or blocked.")
    due: date | None = Field(description="The due date, or null.")


class MetricsSummary(_Doc):
    """Autonomy and follow-up figures for one member, as of the document's now."""

    autonomy_index: float = Field(
        ge=0,
        le=1,
        description=(
            "The share (0 to 1, three decimals) of the member's open tasks and agreed areas that are at levels 5-7."
        ),
    )
    checkins_last_28_days: int = Field(ge=0, description="Check-ins with the member in the 28 days up to now.")
    checkins_per_week: float = Field(ge=0, description="checkins_last_28_days divided by 4.")
    cadence_per_week: float | None = Field(
        description="Check-ins per week the agreed cadence allows (7 / days); null for on-request or no agreement."
    )
    weekly_checkins: list[int] = Field(
        min_length=12,
        max_length=12,
        description="Check-ins per week for 12 weeks, oldest first; the last week ends at now.",
    )
    weekly_autonomy: list[float] = Field(
        min_length=12,
        max_length=12,
        description="The autonomy index (approximated from the history) at the end of each of those 12 weeks.",
    )


class EvidenceSummary(_Doc):
    """One thing that triggered a flag."""

    kind: Literal["event", "task", "agreement"] = Field(description="What the evidence is.")
    ref: str = Field(description='An event id, "task #12", or an agreement field such as "agreement.cadence".')
    at: datetime | None = Field(description="When it happened or was set, or null when unknown.")
    text: str = Field(description="What it shows, with dates. Never quotes private notes or reasons.")


class FlagSummary(_Doc):
    """A finding of the micromanagement rules (only flags that are not acknowledged)."""

    id: str = Field(description="Stable id: the same finding keeps the same id from one day to the next.")
    rule: str = Field(description="The rule's id, e.g. MM001.")
    name: str = Field(description="The rule's name, e.g. over-monitoring.")
    severity: Severity = Field(description="info, warning or critical.")
    category: Literal["control", "growth", "upkeep"] = Field(
        description="control (micromanagement), growth (where delegation goes next) or upkeep (never critical)."
    )
    task_id: int | None = Field(description="The task the flag is about, or null.")
    area_id: int | None = Field(description="The decision area the flag is about, or null.")
    area: str | None = Field(description="That area's name, or null.")
    message: str = Field(description="What was found, in one sentence.")
    evidence: list[EvidenceSummary] = Field(description="The events, tasks or agreement fields that triggered it.")
    suggestion: str = Field(description="What the manager could do, phrased for them.")


class PrivateEvent(_Doc):
    """An event about a member, with its private free text (only with include_private)."""

    id: str = Field(description="The event's id.")
    kind: EventKind = Field(description="The kind of event, e.g. checkin, override, level_change, note.")
    at: datetime = Field(description="When it happened.")
    task_id: int | None = Field(description="The task it is about, or null.")
    area_id: int | None = Field(description="The decision area it is about, or null.")
    from_level: LevelRef | None = Field(description="For a level change: the level before, else null.")
    to_level: LevelRef | None = Field(description="For a level change: the level after, else null.")
    note: str | None = Field(description="The private note, or null.")
    reason: str | None = Field(description="The private reason given for a change, or null.")


class MemberSummary(_Doc):
    """One person on the team."""

    id: int = Field(description="The member's id.")
    name: str = Field(description="The member's name.")
    role: str = Field(description="The member's role (may be empty).")
    since: date | None = Field(description="When the member joined the team, or null.")
    agreement: AgreementSummary | None = Field(description="The current trust agreement, or null if there is none.")
    open_tasks: list[TaskSummary] = Field(description="The member's open tasks, by id.")
    metrics: MetricsSummary = Field(description="Autonomy and check-in figures.")
    flags: list[FlagSummary] = Field(
        description="Flags about this member, control first, then the most severe (acknowledged flags left out)."
    )
    recent_events: list[PrivateEvent] | None = Field(
        default=None,
        description=(
            f"Present only when the export includes private text: every event about this member in the "
            f"{PRIVATE_WINDOW_DAYS} days up to now, oldest first, with its note and reason."
        ),
    )


class LevelCount(_Doc):
    """How many open tasks are at one level."""

    number: int = Field(ge=1, le=7, description="The level's number.")
    name: str = Field(description="The level's name.")
    open_tasks: int = Field(ge=0, description="Open tasks at this level.")


class SeverityCounts(_Doc):
    """Flags per severity."""

    info: int = Field(ge=0, description="Flags of severity info.")
    warning: int = Field(ge=0, description="Flags of severity warning.")
    critical: int = Field(ge=0, description="Flags of severity critical.")


class Totals(_Doc):
    """Figures over everyone in the document: the whole team, or the one member of a member export."""

    members: int = Field(ge=0, description="Members in the document.")
    open_tasks: int = Field(
        ge=0, description="Open tasks: the whole team's (the manager's included), or the one member's."
    )
    level_distribution: list[LevelCount] = Field(
        min_length=7, max_length=7, description="Those open tasks per level, levels 1 to 7."
    )
    flags: int = Field(ge=0, description="Flags in the document (not acknowledged).")
    flags_by_severity: SeverityCounts = Field(description="Those flags per severity.")
    flags_by_rule: dict[str, int] = Field(description="Those flags per rule id; every rule is listed, with 0 if none.")
    acknowledged_flags: int = Field(ge=0, description="Flags left out because the manager acknowledged them.")
    manager_open_tasks: int | None = Field(description="Open tasks the manager owns; null in a member export.")
    manager_share_open: float | None = Field(
        description="The manager's share (0 to 1) of the open tasks; null in a member export."
    )
    autonomy_index: float = Field(
        ge=0,
        le=1,
        description=(
            "The members' open tasks and agreed areas pooled: the share at levels 5-7 (the manager's tasks not counted)."
        ),
    )


class VoteSummary(_Doc):
    """One card of a round of Delegation Poker."""

    participant: str = Field(description="Who played it.")
    card: LevelRef | None = Field(description="The card; null while the round is not revealed.")
    at: datetime = Field(description="When it was played.")


class RoundSummary(_Doc):
    """One round of Delegation Poker, every card kept."""

    id: int = Field(ge=1, description="The round's number in its meeting.")
    topic: str = Field(description="The decision area's name or the situation typed in.")
    area_id: int | None = Field(description="The decision area, or null for a situation.")
    member_id: int | None = Field(description="The member the round is about, or null.")
    about: Literal["current", "desired"] = Field(description="The level now, or the desired level.")
    started_at: datetime = Field(description="When the round began.")
    revealed_at: datetime | None = Field(description="When every card was shown, or null (cards stay hidden).")
    votes: list[VoteSummary] = Field(description="Every card, in the order played.")
    spread: int | None = Field(description="Levels between the highest and lowest card once revealed, else null.")
    agreed: LevelRef | None = Field(description="The level the group agreed on, or null.")


class AgendaItemSummary(_Doc):
    """One item of a meeting's agenda."""

    kind: Literal["review_due", "control_flags", "desired_gap", "growth_goal_due", "added"] = Field(
        description="Why it is on the agenda."
    )
    member_id: int | None = Field(description="The member it is about, or null.")
    area_id: int | None = Field(description="The decision area it is about, or null.")
    title: str = Field(description="The item in words.")
    status: Literal["pending", "reviewed", "skipped"] = Field(description="What the meeting did with it.")


class DecisionSummary(_Doc):
    """Something the meeting changed or confirmed."""

    at: datetime = Field(description="When.")
    member_id: int | None = Field(description="The member it concerns, or null.")
    area_id: int | None = Field(description="The decision area it concerns, or null.")
    text: str = Field(description="The decision in words.")
    round_id: int | None = Field(description="The poker round it came from, or null.")


class PulseSummary(_Doc):
    """A member's pulse captured in the meeting."""

    member_id: int = Field(description="The member.")
    member: str = Field(description="The member's name.")
    score: int = Field(ge=1, le=5, description="1 (no room to decide) to 5 (full room).")
    readiness: Readiness | None = Field(description="The member's own readiness, when they gave it.")
    at: datetime = Field(description="When.")


class NoteSummary(_Doc):
    """A private note taken in the meeting."""

    at: datetime = Field(description="When.")
    member_id: int | None = Field(description="The member it is about, or null.")
    text: str = Field(description="The private note.")


class ReviewSummary(_Doc):
    """A review meeting's minutes."""

    id: int = Field(ge=1, description="The meeting's id (delegate review show ID).")
    started_at: datetime = Field(description="When it began.")
    ended_at: datetime | None = Field(description="When it was closed, or null while open.")
    status: Literal["open", "closed"] = Field(description="Open while the meeting runs.")
    facilitator: str = Field(description="Who led it.")
    participants: list[str] = Field(description="Who took part: the manager and members.")
    agenda: list[AgendaItemSummary] = Field(description="The agenda in the order walked.")
    rounds: list[RoundSummary] = Field(description="Every round of Delegation Poker.")
    decisions: list[DecisionSummary] = Field(description="What was changed or confirmed.")
    pulses: list[PulseSummary] = Field(description="The pulses captured.")
    notes: list[NoteSummary] | None = Field(
        default=None,
        description="Private notes: never in the summary; only in 'delegate review show --include-private'.",
    )


class Summary(_Doc):
    """delegate-tui summary: the team's delegation, trust agreements and micromanagement flags as of a moment."""

    schema_name: Literal["delegate-tui/summary"] = Field(alias="schema", description="Always delegate-tui/summary.")
    schema_version: Literal["1.2"] = Field(
        description="The document's version: a minor step adds fields, a major step changes them."
    )
    generated_at: datetime = Field(description="When the document was made.")
    now: datetime = Field(description="The moment the document describes: flags and metrics are computed for it.")
    scope: Literal["team", "member"] = Field(description="The whole team, or one member (delegate export --member).")
    include_private: bool = Field(description="Whether private notes and reasons are included (recent_events).")
    team: TeamInfo = Field(description="The manager and the size of the team.")
    levels: list[LevelInfo] = Field(min_length=7, max_length=7, description="The seven delegation levels.")
    areas: list[AreaInfo] = Field(description="The key decision areas, by id.")
    members: list[MemberSummary] = Field(description="The members, by name; only one in a member export.")
    totals: Totals = Field(description="Counts and shares over everyone in the document.")
    team_flags: list[FlagSummary] = Field(description="Flags about the whole team; empty in a member export.")
    reviews: list[ReviewSummary] = Field(
        description=(
            "The review meetings, oldest first, without their private notes (since 1.2); in a member export only "
            "those about the member, with only the member's rounds, decisions and pulses."
        )
    )


# --------------------------------------------------------------------------- building the summary


def _round(value: float) -> float:
    return round(value, _DIGITS)


def _ref(level: DelegationLevel | int | None) -> LevelRef | None:
    if level is None:
        return None
    level = DelegationLevel(level)
    return LevelRef(number=int(level), name=level.label)


def _level(level: DelegationLevel | int) -> LevelRef:
    level = DelegationLevel(level)
    return LevelRef(number=int(level), name=level.label)


def _levels() -> list[LevelInfo]:
    return [
        LevelInfo(
            number=int(level),
            name=level.label,
            who_decides=level.who_decides,
            holder=level.holder,
            meaning=level.meaning,
        )
        for level in DelegationLevel
    ]


def _agreement(workspace: Workspace, agreement: TrustAgreement, today: date) -> AgreementSummary:
    due = review_due(agreement)  # as MM009 reckons it, so the summary and the flag agree
    areas = [
        AreaLevel(
            area_id=area_id,
            area=workspace.areas[area_id].name,
            level=_level(entry.level),
            desired=_ref(entry.desired),
            desired_by=entry.desired_by,
            readiness=ReadinessViews(manager=entry.readiness, member=entry.self_readiness),
        )
        for area_id, entry in sorted(agreement.levels.items())
        if area_id in workspace.areas
    ]
    return AgreementSummary(
        version=agreement.version,
        changed_at=agreement.changed_at,
        acknowledged=agreement.acknowledged,
        cadence=agreement.cadence,
        cadence_label=cadence_label(agreement.cadence),
        channel=agreement.channel,
        support=agreement.support,
        review_every_days=agreement.review_every_days,
        last_review=agreement.last_review,
        next_review_due=due,
        review_overdue=due < today,
        growth_goals=list(agreement.growth_goals),
        guardrails=list(agreement.guardrails),
        areas=areas,
    )


def _task(workspace: Workspace, task: Task) -> TaskSummary:
    known = task.area_id is not None and task.area_id in workspace.areas
    return TaskSummary(
        id=task.id,
        title=task.title,
        area_id=task.area_id,
        area=workspace.area_name(task.area_id) if known else None,
        level=_level(task.level),
        status=task.status,
        due=task.due,
    )


def _metrics(found: MemberMetrics | None) -> MetricsSummary:
    if found is None:  # only for a member the engine does not know, which build_summary never asks for
        return MetricsSummary(
            autonomy_index=0.0,
            checkins_last_28_days=0,
            checkins_per_week=0.0,
            cadence_per_week=None,
            weekly_checkins=[0] * 12,
            weekly_autonomy=[0.0] * 12,
        )
    return MetricsSummary(
        autonomy_index=_round(found.autonomy_index),
        checkins_last_28_days=found.checkins_last_28,
        checkins_per_week=found.checkins_per_week,
        cadence_per_week=None if found.cadence_per_week is None else _round(found.cadence_per_week),
        weekly_checkins=list(found.weekly_checkins),
        weekly_autonomy=[_round(value) for value in found.weekly_autonomy],
    )


_PRIVATE_PLACEHOLDER_MIN = 4  # shorter notes are not searched for: they would match ordinary words


def _scrub(text: str, private: Sequence[str]) -> str:
    for secret in private:
        if secret in text:
            text = text.replace(secret, _("[private]"))
    return text


def _flag(flag: Flag, private_by_event: dict[str, list[str]] | None) -> FlagSummary:
    """A flag for the document; with ``private_by_event``, notes and reasons of its evidence events
    are removed from its texts (the engine never quotes them: this is a second line of defence)."""
    secrets: list[str] = []
    if private_by_event:
        for item in flag.evidence:
            if item.kind == "event":
                secrets.extend(private_by_event.get(item.ref, ()))
    return FlagSummary(
        id=flag.id,
        rule=flag.rule,
        name=flag.name,
        severity=flag.severity,
        category=flag.category,
        task_id=flag.task_id,
        area_id=flag.area_id,
        area=flag.area,
        message=_scrub(flag.message, secrets),
        evidence=[
            EvidenceSummary(kind=item.kind, ref=item.ref, at=item.at, text=_scrub(item.text, secrets))
            for item in flag.evidence
        ],
        suggestion=_scrub(flag.suggestion, secrets),
    )


def _private_texts(events: Iterable[Event], flags: Iterable[Flag]) -> dict[str, list[str]]:
    """The notes and reasons of the events that flags cite as evidence, by event id."""
    cited = {item.ref for flag in flags for item in flag.evidence if item.kind == "event"}
    found: dict[str, list[str]] = {}
    for event in events:
        if (event.note is None and event.reason is None) or event.id not in cited:
            continue
        texts = [
            text.strip()
            for text in (event.note, event.reason)
            if text is not None and len(text.strip()) >= _PRIVATE_PLACEHOLDER_MIN
        ]
        if texts:
            # Longest first, so a note that contains another is removed whole.
            found[event.id] = sorted(texts, key=len, reverse=True)
    return found


def _private_event(event: Event) -> PrivateEvent:
    return PrivateEvent(
        id=event.id,
        kind=event.kind,
        at=event.at,
        task_id=event.task_id,
        area_id=event.area_id,
        from_level=_ref(event.from_level),
        to_level=_ref(event.to_level),
        note=event.note,
        reason=event.reason,
    )


def _counts(flags: Sequence[FlagSummary]) -> tuple[SeverityCounts, dict[str, int]]:
    severity = {"info": 0, "warning": 0, "critical": 0}
    by_rule = dict.fromkeys(sorted(RULES), 0)
    for flag in flags:
        severity[flag.severity.value] += 1
        by_rule[flag.rule] = by_rule.get(flag.rule, 0) + 1
    return SeverityCounts(**severity), by_rule


def build_summary(
    workspace: Workspace,
    events: Sequence[Event],
    now: datetime,
    *,
    generated_at: datetime,
    member_id: int | None = None,
    include_private: bool = False,
) -> Summary:
    """The summary document of the workspace as of ``now`` (see the module docstring).

    ``member_id`` limits it to one member (an unknown id raises :class:`InputError`);
    ``include_private`` adds each member's recent events with their notes and reasons.
    """
    now = utc(now)
    today = now.date()
    if member_id is not None and member_id not in workspace.members:
        raise InputError(_("There is no member with id {id}.").format(id=member_id))
    chosen = [workspace.members[member_id]] if member_id is not None else list(workspace.members.values())
    chosen.sort(key=lambda m: (m.name.casefold(), m.name, m.id))
    wanted = {member.id for member in chosen}

    context = Context(workspace, events, now)  # one index of the history for the flags and the metrics
    all_flags = evaluate(workspace, events, now, include_acknowledged=True, member_id=member_id, context=context)
    private_by_event = None if include_private else _private_texts(events, all_flags)
    flags_by_member: dict[int | None, list[FlagSummary]] = defaultdict(list)
    acknowledged = 0
    for flag in all_flags:
        if flag.acknowledged is not None:
            acknowledged += 1
        elif flag.member_id is None or flag.member_id in wanted:
            flags_by_member[flag.member_id].append(_flag(flag, private_by_event))
    team_flags = flags_by_member.pop(None, []) if member_id is None else []

    metrics = member_metrics(workspace, events, now, context=context)
    open_by_owner: dict[int, list[Task]] = defaultdict(list)
    for task in sorted(workspace.tasks.values(), key=lambda t: t.id):
        if task.status.is_open:
            open_by_owner[task.owner_id].append(task)

    recent: dict[int, list[Event]] = defaultdict(list)
    if include_private:
        start = now - timedelta(days=PRIVATE_WINDOW_DAYS)
        for event in sorted(events, key=lambda e: (e.at, e.id)):
            if event.member_id in wanted and start < event.at <= now:
                recent[event.member_id].append(event)

    members = [
        MemberSummary(
            id=member.id,
            name=member.name,
            role=member.role,
            since=member.since,
            agreement=(
                _agreement(workspace, workspace.agreements[member.id], today)
                if member.id in workspace.agreements
                else None
            ),
            open_tasks=[_task(workspace, task) for task in open_by_owner.get(member.id, [])],
            metrics=_metrics(metrics.get(member.id)),
            flags=flags_by_member.get(member.id, []),
            recent_events=[_private_event(event) for event in recent.get(member.id, [])] if include_private else None,
        )
        for member in chosen
    ]

    document_flags = [flag for member in members for flag in member.flags] + team_flags
    by_severity, by_rule = _counts(document_flags)
    if member_id is None:
        team = team_metrics(workspace, events, now)
        distribution = team.level_distribution
        open_count = sum(len(tasks) for tasks in open_by_owner.values())
        manager_open: int | None = len(open_by_owner.get(MANAGER, []))
        manager_share: float | None = _round(team.manager_share_open)
        autonomy = _round(team.autonomy_index)
    else:
        mine = open_by_owner.get(member_id, [])
        distribution = {int(level): 0 for level in DelegationLevel}
        for task in mine:
            distribution[int(task.level)] += 1
        open_count = len(mine)
        manager_open, manager_share = None, None
        autonomy = members[0].metrics.autonomy_index
    totals = Totals(
        members=len(members),
        open_tasks=open_count,
        level_distribution=[
            LevelCount(number=int(level), name=level.label, open_tasks=distribution.get(int(level), 0))
            for level in DelegationLevel
        ],
        flags=len(document_flags),
        flags_by_severity=by_severity,
        flags_by_rule=by_rule,
        acknowledged_flags=acknowledged,
        manager_open_tasks=manager_open,
        manager_share_open=manager_share,
        autonomy_index=autonomy,
    )
    summary = Summary(
        schema_name=SCHEMA_NAME,
        schema_version=SCHEMA_VERSION,
        generated_at=utc(generated_at),
        now=now,
        scope="team" if member_id is None else "member",
        include_private=include_private,
        team=TeamInfo(manager=workspace.manager, size=len(workspace.members)),
        levels=_levels(),
        areas=[
            AreaInfo(id=area.id, name=area.name, description=area.description)
            for area in sorted(workspace.areas.values(), key=lambda a: a.id)
        ],
        members=members,
        totals=totals,
        team_flags=team_flags,
        reviews=[
            review_summary(workspace, meeting, member_id=member_id)
            for meeting in sorted(workspace.reviews.values(), key=lambda m: (m.started_at, m.id))
            if member_id is None or _concerns(meeting, member_id)
        ],
    )
    if member_id is not None:
        summary = _without_colleagues(summary, workspace, member_id)
    return summary


def _name_pattern(names: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    alternatives = sorted({name for name in names if name}, key=len, reverse=True)
    if not alternatives:
        return None
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", flags)


def _without_colleagues(summary: Summary, workspace: Workspace, member_id: int) -> Summary:
    """Replace other members' names (full names, and their first and last names on their own) in
    every text of a member export with "a colleague"; the member's and the manager's names stay."""
    keep = [workspace.members[member_id].name, workspace.manager]
    kept_words = {word.casefold() for name in keep for word in name.split()}
    others = [m.name for m in workspace.members.values() if m.id != member_id]
    full = _name_pattern((n for n in others if n.casefold() not in {k.casefold() for k in keep}), ignore_case=True)
    words = _name_pattern(
        (w for n in others for w in n.split() if len(w) >= 3 and w.casefold() not in kept_words), ignore_case=False
    )
    if full is None and words is None:
        return summary
    protected = _name_pattern(keep, ignore_case=True)
    colleague = _("a colleague")

    def clean(text: str) -> str:
        # Shield the names that stay, so that a colleague called "Ana" cannot cut into "Ana Lopez".
        shielded: list[str] = []

        def shield(match: re.Match[str]) -> str:
            shielded.append(match.group(0))
            return f"\x00{len(shielded) - 1}\x00"

        if protected is not None:
            text = protected.sub(shield, text)
        for pattern in (full, words):
            if pattern is not None:
                text = pattern.sub(colleague, text)
        return re.sub("\x00(\\d+)\x00", lambda m: shielded[int(m.group(1))], text)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    data = summary.model_dump(mode="json", by_alias=True)
    fixed = ("schema", "schema_version", "generated_at", "now", "scope")
    cleaned = {key: (value if key in fixed else walk(value)) for key, value in data.items()}
    cleaned["team"]["manager"] = workspace.manager
    return Summary.model_validate(cleaned)


def _concerns(meeting: ReviewMeeting, member_id: int) -> bool:
    return (
        any(item.member_id == member_id for item in meeting.agenda)
        or any(poker.member_id == member_id for poker in meeting.rounds)
        or any(decision.member_id == member_id for decision in meeting.decisions)
        or any(pulse.member_id == member_id for pulse in meeting.pulses)
    )


def review_summary(
    workspace: Workspace, meeting: ReviewMeeting, *, include_private: bool = False, member_id: int | None = None
) -> ReviewSummary:
    """A meeting's minutes as a document: cards of unrevealed rounds stay hidden, private notes are
    left out unless ``include_private``; with ``member_id``, only what concerns that member."""
    from delegate_tui.meeting import item_title, spread

    def mine(found: int | None) -> bool:
        return member_id is None or found == member_id

    return ReviewSummary(
        id=meeting.id,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        status=meeting.status,
        facilitator=meeting.facilitator,
        participants=list(meeting.participants),
        agenda=[
            AgendaItemSummary(
                kind=item.kind,
                member_id=item.member_id,
                area_id=item.area_id,
                title=item_title(workspace, item),
                status=item.status,
            )
            for item in meeting.agenda
            if mine(item.member_id)
        ],
        rounds=[
            RoundSummary(
                id=poker.id,
                topic=poker.topic,
                area_id=poker.area_id,
                member_id=poker.member_id,
                about=poker.about,
                started_at=poker.started_at,
                revealed_at=poker.revealed_at,
                votes=[
                    VoteSummary(
                        participant=vote.participant,
                        card=_ref(vote.card) if poker.revealed_at is not None else None,
                        at=vote.at,
                    )
                    for vote in poker.votes
                ],
                spread=spread(poker) if poker.revealed_at is not None else None,
                agreed=_ref(poker.agreed),
            )
            for poker in meeting.rounds
            if mine(poker.member_id)
        ],
        decisions=[
            DecisionSummary(
                at=decision.at,
                member_id=decision.member_id,
                area_id=decision.area_id,
                text=decision.text,
                round_id=decision.round_id,
            )
            for decision in meeting.decisions
            if mine(decision.member_id)
        ],
        pulses=[
            PulseSummary(
                member_id=pulse.member_id,
                member=workspace.owner_name(pulse.member_id),
                score=pulse.score,
                readiness=pulse.readiness,
                at=pulse.at,
            )
            for pulse in meeting.pulses
            if mine(pulse.member_id)
        ],
        notes=(
            [NoteSummary(at=note.at, member_id=note.member_id, text=note.text) for note in meeting.notes]
            if include_private
            else None
        ),
    )


def review_markdown(review: ReviewSummary) -> str:
    """A meeting's minutes as Markdown for the team's wiki (private notes only when the document has them)."""
    lines = [
        _("# Review meeting {id}: {date}").format(id=review.id, date=_day(review.started_at)),
        "",
        _("Facilitator: {name}. Participants: {names}.").format(
            name=_inline(review.facilitator), names=", ".join(_inline(name) for name in review.participants)
        ),
        _("Status: {status}; started {start}, ended {end}.").format(
            status=review.status,
            start=review.started_at.strftime("%Y-%m-%d %H:%M UTC"),
            end=review.ended_at.strftime("%Y-%m-%d %H:%M UTC") if review.ended_at else _("not yet"),
        ),
        "",
        f"## {_('Agenda')}",
        "",
    ]
    lines += [f"- [{item.status}] {_inline(item.title)}" for item in review.agenda] or [_("No agenda items.")]
    lines += ["", f"## {_('Delegation Poker')}", ""]
    for poker in review.rounds:
        lines.append(
            _("### Round {id}: {topic} ({about} level)").format(
                id=poker.id, topic=_inline(poker.topic), about=poker.about
            )
        )
        lines.append("")
        if poker.revealed_at is None:
            lines.append(_("Not revealed: {count} cards played, kept hidden.").format(count=len(poker.votes)))
        else:
            lines += _table(
                [_("Participant"), _("Card")], [[vote.participant, _show(vote.card)] for vote in poker.votes]
            )
            lines.append("")
            lines.append(_("Spread: {spread}.").format(spread=poker.spread))
        if poker.agreed is not None:
            lines.append(_("Agreed: {level}.").format(level=_show(poker.agreed)))
        lines.append("")
    if not review.rounds:
        lines += [_("No rounds were played."), ""]
    lines += [f"## {_('Decisions')}", ""]
    lines += [f"- {_inline(decision.text)}" for decision in review.decisions] or [_("No decisions.")]
    lines += ["", f"## {_('Pulses')}", ""]
    lines += [
        _("- {member}: {score} of 5").format(member=_inline(pulse.member), score=pulse.score)
        + (_(", own readiness {readiness}").format(readiness=pulse.readiness.value) if pulse.readiness else "")
        for pulse in review.pulses
    ] or [_("No pulses.")]
    if review.notes is not None:
        lines += ["", f"## {_('Private notes')}", ""]
        lines += [f"- {_inline(note.text)}" for note in review.notes] or [_("No notes.")]
    return "\n".join(lines) + "\n"


def _dump_options(summary: Summary) -> dict[str, Any]:
    exclude = None if summary.include_private else {"members": {"__all__": {"recent_events"}}}
    return {"by_alias": True, "exclude": exclude}


def summary_data(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data, exactly as :func:`summary_json` writes it."""
    data: dict[str, Any] = summary.model_dump(mode="json", **_dump_options(summary))
    return data


def summary_json(summary: Summary) -> str:
    """The summary as JSON: two-space indent, UTF-8 text, fields in schema order, final newline.

    The same data and ``now`` always give the same text, apart from ``generated_at``.
    """
    return summary.model_dump_json(indent=2, **_dump_options(summary)) + "\n"


# --------------------------------------------------------------------------- Markdown


_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~#])")
"""Characters that would start emphasis, code, a link or image, a table cell, strikethrough or
close a heading; each is escaped with a backslash, which CommonMark allows before any punctuation."""

_BLOCK_START = re.compile(r"^([-+=]|[0-9]{1,9}(?=[.)]))")
"""What would make the start of a list item a nested list, an ordered list or a setext underline."""


def _cell(text: object) -> str:
    """User text safe inside a Markdown table cell: one line, control characters visible, HTML and
    Markdown syntax escaped, so the document renders what was typed."""
    flat = visible(" ".join(str(text).split()))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SYNTAX.sub(r"\\\1", flat)


def _inline(text: object) -> str:
    """User text on one Markdown line, escaped as in a table cell; a leading ``-``, ``+``, ``=`` or
    ``1.`` is escaped too, since the text may start a list item."""
    escaped = _cell(text)
    found = _BLOCK_START.match(escaped)
    if found is None:
        return escaped
    if found.group().isdigit():
        end = found.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _h in headers) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _show(level: LevelRef | None) -> str:
    return "" if level is None else f"{level.number} {level.name}"


def _day(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _md_flags(flags: Sequence[FlagSummary], heading: str) -> list[str]:
    lines = [heading, ""]
    if not flags:
        return [*lines, _("No flags."), ""]
    for flag in flags:
        lines.append(
            _("- **{rule} {name}** ({severity}): {message}").format(
                rule=flag.rule, name=flag.name, severity=flag.severity.value, message=_inline(flag.message)
            )
        )
        for item in flag.evidence:
            lines.append(_("  - Evidence: {text}").format(text=_inline(item.text)))
        lines.append(_("  - Suggestion: {suggestion}").format(suggestion=_inline(flag.suggestion)))
    lines.append("")
    return lines


def _md_member(member: MemberSummary, include_private: bool) -> list[str]:
    heading = f"## {_inline(member.name)}" + (f" ({_inline(member.role)})" if member.role else "")
    lines = [heading, ""]
    if member.since is not None:
        lines += [_("On the team since {date}.").format(date=member.since.isoformat()), ""]
    agreement = member.agreement
    lines += [f"### {_('Trust agreement')}", ""]
    if agreement is None:
        lines += [_("No trust agreement yet."), ""]
    else:
        lines += [
            _("- Version {version} of {date}, acknowledged: {acknowledged}").format(
                version=agreement.version, date=_day(agreement.changed_at), acknowledged=_yes(agreement.acknowledged)
            ),
            _("- Check-ins: {cadence}").format(cadence=_inline(agreement.cadence_label)),
        ]
        if agreement.channel:
            lines.append(_("- Channel: {channel}").format(channel=_inline(agreement.channel)))
        if agreement.support:
            lines.append(_("- Support: {support}").format(support=_inline(agreement.support)))
        last = _day(agreement.last_review) or _("never")
        review = _("- Review every {days} days; last review: {last}; next review due: {due}").format(
            days=agreement.review_every_days, last=last, due=agreement.next_review_due.isoformat()
        )
        lines.append(review + (_(" (overdue)") if agreement.review_overdue else ""))
        lines.append("")
        if agreement.areas:
            lines += _table(
                [_("Decision area"), _("Level"), _("Desired"), _("By"), _("Readiness (manager / own)")],
                [
                    [
                        area.area,
                        _show(area.level),
                        _show(area.desired),
                        _day(area.desired_by),
                        f"{area.readiness.manager.value if area.readiness.manager else '-'} / "
                        f"{area.readiness.member.value if area.readiness.member else '-'}",
                    ]
                    for area in agreement.areas
                ],
            )
            lines.append("")
        for title, items in ((_("Growth goals"), agreement.growth_goals), (_("Guardrails"), agreement.guardrails)):
            if items:
                lines += [f"**{title}**", "", *(f"- {_inline(item)}" for item in items), ""]
    lines += [f"### {_('Open tasks')}", ""]
    if member.open_tasks:
        lines += _table(
            ["#", _("Title"), _("Decision area"), _("Level"), _("Status"), _("Due")],
            [
                [task.id, task.title, task.area or "", _show(task.level), task.status.value, _day(task.due)]
                for task in member.open_tasks
            ],
        )
        lines.append("")
    else:
        lines += [_("No open tasks."), ""]
    m = member.metrics
    cadence = (
        _("{count:.2f} a week (the cadence allows {allowed:.2f})").format(
            count=m.checkins_per_week, allowed=m.cadence_per_week
        )
        if m.cadence_per_week is not None
        else _("{count:.2f} a week").format(count=m.checkins_per_week)
    )
    lines += [
        f"### {_('Metrics')}",
        "",
        _("- Autonomy index: {value:.2f}").format(value=m.autonomy_index),
        _("- Check-ins in the last 28 days: {count}, {per_week}").format(
            count=m.checkins_last_28_days, per_week=cadence
        ),
        _("- Check-ins per week, last 12 weeks: {series}").format(series=" ".join(map(str, m.weekly_checkins))),
        "",
    ]
    lines += _md_flags(member.flags, f"### {_('Flags')}")
    if include_private and member.recent_events is not None:
        lines += [f"### {_('Private notes')}", ""]
        noted = [event for event in member.recent_events if event.note or event.reason]
        if not noted:
            lines += [_("No notes in the last {days} days.").format(days=PRIVATE_WINDOW_DAYS), ""]
        for event in noted:
            text = "; ".join(_inline(t) for t in (event.note, event.reason) if t)
            lines.append(f"- {_day(event.at)} {event.kind.value}: {text}")
        if noted:
            lines.append("")
    return lines


def summary_markdown(summary: Summary) -> str:
    """The summary as Markdown for meeting notes: the level table, team totals, a section per member."""
    if summary.scope == "member" and summary.members:
        title = _("# Delegation summary: {name}").format(name=_inline(summary.members[0].name))
    else:
        title = _("# Delegation summary: {manager}'s team").format(manager=_inline(summary.team.manager))
    lines = [
        title,
        "",
        _("As of {now} (generated {generated}). Manager: {manager}; team of {size}.").format(
            now=summary.now.strftime("%Y-%m-%d %H:%M UTC"),
            generated=summary.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
            manager=_inline(summary.team.manager),
            size=summary.team.size,
        ),
        "",
        f"## {_('Delegation levels')}",
        "",
        *_table(
            ["#", _("Level"), _("Who decides"), _("Meaning")],
            [[level.number, level.name, level.who_decides, level.meaning] for level in summary.levels],
        ),
        "",
    ]
    totals = summary.totals
    lines += [f"## {_('Totals')}", ""]
    lines.append(_("- Members: {count}").format(count=totals.members))
    lines.append(_("- Open tasks: {count}").format(count=totals.open_tasks))
    if totals.manager_share_open is not None:
        lines.append(
            _("- Held by the manager: {count} ({share:.0%})").format(
                count=totals.manager_open_tasks, share=totals.manager_share_open
            )
        )
    lines.append(_("- Autonomy index: {value:.2f}").format(value=totals.autonomy_index))
    lines.append(
        _("- Flags: {count} ({critical} critical, {warning} warning, {info} info)").format(
            count=totals.flags,
            critical=totals.flags_by_severity.critical,
            warning=totals.flags_by_severity.warning,
            info=totals.flags_by_severity.info,
        )
    )
    lines.append("")
    lines += _table(
        [_("Level"), _("Open tasks")],
        [[f"{row.number} {row.name}", row.open_tasks] for row in totals.level_distribution],
    )
    lines.append("")
    if summary.scope == "team":
        lines += _md_flags(summary.team_flags, f"## {_('Team flags')}")
    for member in summary.members:
        lines += _md_member(member, summary.include_private)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the JSON Schema


def summary_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the summary document, as committed in ``schema/summary.schema.json``."""
    generated = Summary.model_json_schema(mode="serialization", by_alias=True)
    head: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "delegate-tui summary",
    }
    return head | {key: value for key, value in generated.items() if key not in head}


# --------------------------------------------------------------------------- the full backup


class Backup(BaseModel):
    """A lossless copy of a workspace and its whole event history (``delegate export --full``)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["delegate-tui/backup"] = BACKUP_FORMAT
    schema_version: int = Field(description="The storage schema version of the program that wrote it.")
    generated_at: Moment
    workspace: Workspace
    events: list[Event]


def build_backup(workspace: Workspace, events: Sequence[Event], *, generated_at: datetime) -> Backup:
    """A full backup of ``workspace`` and ``events`` (kept in time order, ids kept)."""
    return Backup(
        schema_version=CURRENT_SCHEMA,
        generated_at=utc(generated_at),
        workspace=workspace,
        events=sorted(events, key=lambda e: (e.at, e.id)),
    )


def backup_json(backup: Backup) -> str:
    """The backup as JSON (two-space indent, final newline)."""
    return backup.model_dump_json(indent=2) + "\n"


def _where(loc: Sequence[int | str]) -> str:
    """A JSON location such as ``events[12].at`` or ``workspace.tasks.7.owner_id``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            text += " (key)"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _validation_problem(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = _where(first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ").rstrip(".")
    value = first.get("input")
    got = ""
    if first["type"] != "missing" and (value is None or isinstance(value, (str, int, float, bool))):
        got = _(" (got {value})").format(value=_shown(value))
    return f"{where}: {message}{got}"


def _check_references(backup: Backup) -> str | None:
    """The first broken id or reference in a validated backup, as ``where: problem``, or None
    (the same checks the workspace loader makes, see :mod:`delegate_tui.integrity`)."""
    from delegate_tui.integrity import events_problem, workspace_problem

    return workspace_problem(backup.workspace) or events_problem(backup.workspace, backup.events)


def backup_problem(backup: Backup) -> str | None:
    """Why ``backup`` would be refused by :func:`parse_backup`, or None when it would be imported."""
    return _check_references(backup)


def parse_backup(raw: bytes, *, source: str) -> Backup:
    """Read and check a full backup completely; any problem raises :class:`InputError` with one line
    naming the file and where it is wrong, e.g. ``backup.json: events[12].at: Input should be a valid datetime``."""

    def fail(problem: str) -> InputError:
        return InputError(_("{source}: {problem}.").format(source=source, problem=" ".join(problem.split())))

    if not raw.strip():
        raise fail(_("the file is empty; it is not a backup made by 'delegate export --full'"))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        where = _("line {line} column {column}").format(line=error.lineno, column=error.colno)
        raise fail(
            _(
                "not valid JSON at {where} ({problem}); the file is damaged or not a backup made by "
                "'delegate export --full'"
            ).format(where=where, problem=error.msg)
        ) from None
    if not isinstance(data, dict):
        raise fail(_("the top level is not a JSON object; it is not a backup made by 'delegate export --full'"))
    found_format = data.get("format")
    if found_format != BACKUP_FORMAT:
        if data.get("schema") == SCHEMA_NAME:
            raise fail(_("this is a summary, not a full backup; make a backup with 'delegate export --full'"))
        if "format" not in data:
            raise fail(_("format: missing; it is not a backup made by 'delegate export --full'"))
        raise fail(
            _("format: expected {expected!r} (got {found})").format(expected=BACKUP_FORMAT, found=_shown(found_format))
        )
    version = data.get("schema_version")
    if "schema_version" not in data:
        raise fail(_("schema_version: missing"))
    if type(version) is not int:  # true and false are ints to Python, never schema versions
        raise fail(_("schema_version: must be a whole number (got {value})").format(value=_shown(version)))
    if version > CURRENT_SCHEMA:
        raise fail(
            _(
                "the backup was written by a newer delegate-tui (schema {found}; this version reads {supported}); "
                "upgrade delegate-tui to import it"
            ).format(found=version, supported=CURRENT_SCHEMA)
        )
    if version != CURRENT_SCHEMA:
        raise fail(
            _("schema_version: {found} is not a schema this version can import (it reads {supported})").format(
                found=version, supported=CURRENT_SCHEMA
            )
        )
    try:
        backup = Backup.model_validate(data)
    except ValidationError as error:
        raise fail(_validation_problem(error)) from None
    problem = _check_references(backup)
    if problem is not None:
        raise fail(problem)
    return backup
