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

This module builds the summary; the document models with their JSON and JSON Schema live in
:mod:`.document`, the Markdown in :mod:`.markdown`, a meeting's minutes in :mod:`.review` and
the backup in :mod:`.backup`. Every public name is importable from here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    DelegationLevel,
    Event,
    InputError,
    Task,
    TrustAgreement,
    Workspace,
    cadence_label,
    utc,
)
from delegate_tui.patterns import RULES, Flag, MemberMetrics, evaluate, member_metrics, team_metrics
from delegate_tui.patterns.context import Context
from delegate_tui.patterns.engine import RULE_KINDS, TIMELINE_KINDS, evaluation_start
from delegate_tui.patterns.rules.stale_agreement import review_due
from delegate_tui.summary.backup import Backup, backup_json, backup_problem, build_backup, parse_backup
from delegate_tui.summary.document import (
    _DIGITS,
    BACKUP_FORMAT,
    PRIVATE_WINDOW_DAYS,
    SCHEMA_ID,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    AgendaItemSummary,
    AgreementSummary,
    AreaInfo,
    AreaLevel,
    DecisionSummary,
    EvidenceSummary,
    FlagSummary,
    LevelCount,
    LevelInfo,
    LevelRef,
    MemberSummary,
    MetricsSummary,
    NoteSummary,
    PrivateEvent,
    PulseSummary,
    ReadinessViews,
    ReviewSummary,
    RoundSummary,
    SeverityCounts,
    Summary,
    TaskSummary,
    TeamInfo,
    Totals,
    VoteSummary,
    _ref,
    summary_data,
    summary_json,
    summary_schema,
)
from delegate_tui.summary.markdown import summary_markdown
from delegate_tui.summary.review import _concerns, review_markdown, review_summary

__all__ = [
    "BACKUP_FORMAT",
    "PRIVATE_WINDOW_DAYS",
    "SCHEMA_ID",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "AgendaItemSummary",
    "AgreementSummary",
    "AreaInfo",
    "AreaLevel",
    "Backup",
    "DecisionSummary",
    "EvidenceSummary",
    "FlagSummary",
    "LevelCount",
    "LevelInfo",
    "LevelRef",
    "MemberSummary",
    "MetricsSummary",
    "NoteSummary",
    "PrivateEvent",
    "PulseSummary",
    "ReadinessViews",
    "ReviewSummary",
    "RoundSummary",
    "SeverityCounts",
    "Summary",
    "TaskSummary",
    "TeamInfo",
    "Totals",
    "VoteSummary",
    "backup_json",
    "backup_problem",
    "build_backup",
    "build_summary",
    "parse_backup",
    "review_markdown",
    "review_summary",
    "summary_data",
    "summary_events",
    "summary_json",
    "summary_markdown",
    "summary_schema",
    "summary_start",
]


def _round(value: float) -> float:
    return round(value, _DIGITS)


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


def summary_start(workspace: Workspace, now: datetime) -> datetime | None:
    """The earliest moment whose events the summary at ``now`` reads, besides the task timelines of
    all time (:data:`~delegate_tui.patterns.engine.TIMELINE_KINDS`): the rules' windows, the metrics'
    weeks (:func:`~delegate_tui.patterns.engine.evaluation_start`) and the private recent events
    (:data:`PRIVATE_WINDOW_DAYS`); None when it needs every event."""
    start = evaluation_start(workspace, now)
    if start is None:
        return None
    # Two days to spare, as for the rules: the windows are whole local days.
    return min(start, utc(now) - timedelta(days=PRIVATE_WINDOW_DAYS + 2))


def summary_events(
    read: Callable[..., list[Event]], workspace: Workspace, now: datetime, *, with_notes: bool
) -> list[Event]:
    """The events :func:`build_summary` at ``now`` reads, through ``read`` (``Store.events`` or one
    that takes its ``since``, ``history`` and ``kinds``): from :func:`summary_start` on, the task
    timelines of all time, and only the kinds the rules read unless ``with_notes`` (the private
    recent events show notes). The same document as every event gives, for a fraction of the
    reading (tests/test_rule_lookback.py compares them)."""
    kinds = None if with_notes else RULE_KINDS
    return read(since=summary_start(workspace, now), history=TIMELINE_KINDS, kinds=kinds)


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
    if member_id is not None and member_id not in workspace.members:
        raise InputError(_("There is no member with id {id}.").format(id=member_id))
    chosen = [workspace.members[member_id]] if member_id is not None else list(workspace.members.values())
    chosen.sort(key=lambda m: (m.name.casefold(), m.name, m.id))
    wanted = {member.id for member in chosen}

    context = Context(workspace, events, now)  # one index of the history for the flags and the metrics
    today = context.today  # the manager's local day, as MM009 reckons a review overdue
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
        start = context.since(PRIVATE_WINDOW_DAYS)  # whole local days, as the rules' windows
        for event in sorted(events, key=lambda e: (e.at, e.id)):
            if event.member_id in wanted and start <= event.at <= now:
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
