"""The summary document: its versioned models, its JSON and its JSON Schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from delegate_tui.model import DelegationLevel, EventKind, Readiness, TaskStatus
from delegate_tui.patterns import Severity

SCHEMA_NAME: Literal["delegate-tui/summary"] = "delegate-tui/summary"
SCHEMA_VERSION: Literal["1.2"] = "1.2"
SCHEMA_ID = "urn:delegate-tui:schema:summary:1.2"
BACKUP_FORMAT: Literal["delegate-tui/backup"] = "delegate-tui/backup"
PRIVATE_WINDOW_DAYS = 90
"""With ``include_private``, each member's events of this many local days up to ``now`` (today and the days
before it, whole) are included."""

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
    review_overdue: bool = Field(
        description="True when next_review_due is before the manager's local day of the document's now."
    )
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
    checkins_last_28_days: int = Field(
        ge=0, description="Check-ins with the member in the last 28 local days (today and the 27 days before it)."
    )
    checkins_per_week: float = Field(ge=0, description="checkins_last_28_days divided by 4.")
    cadence_per_week: float | None = Field(
        description="Check-ins per week the agreed cadence allows (7 / days); null for on-request or no agreement."
    )
    weekly_checkins: list[int] = Field(
        min_length=12,
        max_length=12,
        description=(
            "Check-ins per week for 12 weeks of 7 local days, oldest first; the last week is today and the 6 days "
            "before it."
        ),
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
            f"last {PRIVATE_WINDOW_DAYS} local days (today and the days before it) up to now, oldest first, with its "
            f"note and reason."
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


def _ref(level: DelegationLevel | int | None) -> LevelRef | None:
    if level is None:
        return None
    level = DelegationLevel(level)
    return LevelRef(number=int(level), name=level.label)


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


def summary_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the summary document, as committed in ``schema/summary.schema.json``."""
    generated = Summary.model_json_schema(mode="serialization", by_alias=True)
    head: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "delegate-tui summary",
    }
    return head | {key: value for key, value in generated.items() if key not in head}
