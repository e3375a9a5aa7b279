"""The micromanagement rule engine (DESIGN.md section 4): pure functions, no Textual, no TinyDB.

:func:`evaluate` takes the workspace, the event history and a moment ("now") and returns
:class:`Flag` objects, each with its rule, the numbers, the evidence and a suggestion phrased for
the manager. The same input always gives the same output: events are sorted by ``(at, id)``
before anything is read, and events after ``now`` are ignored.

What is read "as of a moment" and what is read as it stands:

* Events are history: only those at or before ``now`` count, and windows such as "the last
  28 days" end at ``now``.
* A task's level at a past moment is rebuilt from its ``level_change`` events
  (:func:`level_at`); its owner at a past moment from its ``reassign`` events.
* An agreement's terms at a past moment are the version in force then (the latest version whose
  ``changed_at`` is at or before that moment; none before the first version).
* Everything else (tasks, their status, the current agreement terms, members, areas) is taken
  as it stands in the workspace: the store holds no history for it.

An event is about the member in its ``member_id``; an event on a task without one (or with the
manager's id) is about the task's owner at that moment. Agreed levels for decision areas that no
longer exist in ``workspace.areas`` are ignored everywhere, and flags are only raised about
members that exist in ``workspace.members``. Event ids are taken to be unique (the store makes
them so); they are the evidence references that acknowledgments remember.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from operator import attrgetter
from typing import Literal

from pydantic import BaseModel, Field

from delegate_tui.i18n import _
from delegate_tui.model import (
    CADENCE_DAYS,
    MANAGER,
    ON_REQUEST,
    AgreementTerms,
    AreaAgreement,
    DelegationLevel,
    Event,
    EventKind,
    FlagAck,
    InputError,
    Readiness,
    RuleSettings,
    Settings,
    Task,
    TrustAgreement,
    Workspace,
    cadence_allowance,
    cadence_days,
    cadence_label,
    utc,
)

# --------------------------------------------------------------------------- public models


class Severity(str, Enum):
    """How serious a flag is."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """1 (info), 2 (warning) or 3 (critical), for sorting and ``--fail-on``."""
        return _SEVERITY_RANK[self.value]

    @classmethod
    def parse(cls, value: object, field: str = "severity") -> Severity:
        """Read a severity by name (any case)."""
        if isinstance(value, Severity):
            return value
        text = str(value).strip().lower()
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of info, warning, critical (got {value!r}).").format(
                    field=field, value=str(value)
                )
            ) from None


_SEVERITY_RANK = {"info": 1, "warning": 2, "critical": 3}


class Evidence(BaseModel):
    """One thing that triggered a flag: an event, a task, or a field of an agreement."""

    kind: Literal["event", "task", "agreement"]
    ref: str = Field(description='An event id, "task #12", or an agreement field such as "agreement.cadence".')
    at: datetime | None = None
    text: str


class Flag(BaseModel):
    """One finding of the rule engine."""

    id: str = Field(description="Stable id: the same finding keeps the same id from one day to the next.")
    rule: str
    name: str
    severity: Severity
    member_id: int | None = None
    member: str | None = None
    task_id: int | None = None
    area_id: int | None = None
    area: str | None = None
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    suggestion: str
    acknowledged: FlagAck | None = None


class RuleParam(BaseModel):
    """A threshold of a rule that the workspace settings can change."""

    name: str
    default: float
    description: str
    minimum: float
    maximum: float
    integer: bool = False


class Rule(BaseModel):
    """A rule's documentation and thresholds, as ``delegate rules`` shows them."""

    id: str
    name: str
    severity: Severity = Field(description="The base severity; some rules step up to critical.")
    summary: str
    what_it_checks: str
    why_it_matters: str
    example: str
    params: list[RuleParam] = Field(default_factory=list)


# --------------------------------------------------------------------------- the rules' documentation

_M30 = _("Management 3.0 delegation levels (Jurgen Appelo, Management 3.0, 2011)")
_SL = _("Situational Leadership (Paul Hersey and Ken Blanchard)")
_SDT = _("self-determination theory (Edward Deci and Richard Ryan)")


def _param(
    name: str, default: float, description: str, minimum: float, maximum: float, integer: bool = False
) -> RuleParam:
    return RuleParam(
        name=name, default=default, description=description, minimum=minimum, maximum=maximum, integer=integer
    )


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule(
            id="MM001",
            name="over-monitoring",
            severity=Severity.WARNING,
            summary=_("You check in with a member far more often than your agreement says."),
            what_it_checks=_(
                "Counts the check-in events with each member in the last window_days days (up to now) and "
                "compares them with what the agreed cadence allows in that window (weekly allows 4 in 28 days, "
                "on-request allows 1). It fires when the count is more than factor times the allowance, and is "
                "critical at critical_factor times or more. A member without a trust agreement is measured "
                "against a weekly cadence."
            ),
            why_it_matters=_(
                "Close monitoring tells people they are not trusted. Research on electronic and over-monitoring "
                "finds it lowers job satisfaction and trust, and {sdt} shows that controlling follow-up "
                "undermines the intrinsic motivation that autonomy feeds. An agreed cadence ({m30}) makes "
                "follow-up predictable instead."
            ).format(sdt=_SDT, m30=_M30),
            example=_(
                "Your agreement with Priya says weekly. In the last 28 days you logged 8 check-ins with her: "
                "twice the 4 the agreement allows, so MM001 warns."
            ),
            params=[
                _param("window_days", 28, _("How many days back check-ins are counted."), 1, 365, True),
                _param("factor", 1.5, _("Fire when check-ins exceed this multiple of the allowance."), 1, 10),
                _param("critical_factor", 3, _("Critical at this multiple of the allowance or more."), 1, 20),
            ],
        ),
        Rule(
            id="MM002",
            name="decision-overridden",
            severity=Severity.CRITICAL,
            summary=_("You overrode a decision that was delegated to the member."),
            what_it_checks=_(
                "Every override event in the last lookback_days days on a task whose level at that moment "
                "(rebuilt from its level changes) was min_level or higher, or on a decision area (an override "
                "with an area and no task) where the member's agreement in force at that moment set a level of "
                "min_level or higher. One flag per override."
            ),
            why_it_matters=_(
                "At levels 5 to 7 of the {m30} the member holds the decision. Reversing it breaks the agreement "
                "and teaches people to stop deciding; {sdt} shows that loss of control hurts motivation most."
            ).format(m30=_M30, sdt=_SDT),
            example=_(
                "Task #12 'Choose the CI provider' is Sam's at level 6 Inquire. You switched the provider back "
                "yourself and logged an override: MM002 flags it as critical."
            ),
            params=[
                _param("min_level", 5, _("The lowest level at which an override is flagged."), 1, 7, True),
                _param("lookback_days", 90, _("How many days back overrides are flagged."), 1, 3650, True),
            ],
        ),
        Rule(
            id="MM003",
            name="approval-on-delegated",
            severity=Severity.WARNING,
            summary=_("You required sign-off on a task the member holds at a delegated level."),
            what_it_checks=_(
                "Approval events in the last lookback_days days on a task whose level at that moment was "
                "min_level or higher. One flag per task and member, with every such approval as evidence."
            ),
            why_it_matters=_(
                "At level 5 (Advise) of the {m30} the manager gives an opinion and the member decides; asking "
                "for sign-off quietly turns it back into level 3 or 4, without anyone agreeing to that."
            ).format(m30=_M30),
            example=_(
                "Lena holds task #31 'Plan the sprint' at level 5 Advise, yet you asked her twice this month "
                "to get your approval before starting: MM003 warns."
            ),
            params=[
                _param("min_level", 5, _("The lowest level at which an approval is flagged."), 1, 7, True),
                _param("lookback_days", 90, _("How many days back approvals are counted."), 1, 3650, True),
            ],
        ),
        Rule(
            id="MM004",
            name="taken-back",
            severity=Severity.WARNING,
            summary=_("You took work back from a member without a reason, outside a review."),
            what_it_checks=_(
                "In the last window_days days: a task reassigned from the member to you, or a task's level "
                "lowered by min_drop or more, where the event has no reason and no review of that member (or "
                "of the whole team) was logged on the same day (UTC). One flag per member; critical when it "
                "happened critical_count times or more."
            ),
            why_it_matters=_(
                "{sl} asks leaders to step back in only when readiness drops, and to say why. Work taken back "
                "without a word feels like a verdict; {sdt} links such unexplained loss of autonomy to lower "
                "motivation and trust."
            ).format(sl=_SL, sdt=_SDT),
            example=_(
                "You moved task #8 from Omar to yourself on Tuesday and lowered task #9 from 6 to 3 on Friday, "
                "both without a reason: two take-backs in 90 days, so MM004 is critical."
            ),
            params=[
                _param("window_days", 90, _("How many days back take-backs are counted."), 1, 3650, True),
                _param("min_drop", 2, _("A level lowered by this many steps or more counts."), 1, 6, True),
                _param("critical_count", 2, _("Critical at this many take-backs or more."), 1, 100, True),
            ],
        ),
        Rule(
            id="MM005",
            name="below-agreement",
            severity=Severity.WARNING,
            summary=_("An open task is delegated at a lower level than the member's agreement says."),
            what_it_checks=_(
                "Every open task (status other than done) owned by a member, in a decision area for which the "
                "member's current agreement sets a level, whose own level is at least min_gap below it."
            ),
            why_it_matters=_(
                "A delegation board is an explicit agreement ({m30}). Handing out work below the agreed level "
                "says one thing and does another, which erodes trust faster than a lower agreed level would."
            ).format(m30=_M30),
            example=_(
                "Priya's agreement puts Tooling at 6 Inquire, but you created task #40 'Pick a linter' for her "
                "at 3 Consult: MM005 warns."
            ),
            params=[_param("min_gap", 1, _("How many levels below the agreement a task must be."), 1, 6, True)],
        ),
        Rule(
            id="MM006",
            name="over-supervision",
            severity=Severity.WARNING,
            summary=_("You rate a member as ready, yet keep the decisions in that area yourself."),
            what_it_checks=_(
                "For each area of a member's current agreement: your readiness rating is D3 while the agreed "
                "level is d3_max_level or lower, or D4 while it is d4_max_level or lower."
            ),
            why_it_matters=_(
                "In {sl} a capable but cautious person (D3) needs support rather than direction, and a "
                "self-reliant one (D4) needs delegation. Holding the decision with them over-directs and "
                "demotivates the people you most need to keep."
            ).format(sl=_SL),
            example=_(
                "You rate Sam D4 in Release to production, but the agreed level there is 3 Consult: MM006 "
                "suggests offering 5 Advise."
            ),
            params=[
                _param("d3_max_level", 3, _("A D3 rating with this level or lower is flagged."), 1, 7, True),
                _param("d4_max_level", 4, _("A D4 rating with this level or lower is flagged."), 1, 7, True),
            ],
        ),
        Rule(
            id="MM007",
            name="dictated-deadline",
            severity=Severity.INFO,
            summary=_("You changed the due date of work the member holds at a delegated level."),
            what_it_checks=_(
                "Due-date changes in the last lookback_days days on a task whose level at that moment was "
                "min_level or higher. The app records the manager's actions, so every due change counts as "
                "yours. One flag per task and member."
            ),
            why_it_matters=_(
                "When to deliver is part of how the work is done. At levels 5 to 7 of the {m30} that belongs to "
                "the member; {sdt} shows that self-set goals are kept with more commitment than imposed ones."
            ).format(m30=_M30, sdt=_SDT),
            example=_(
                "Omar holds task #52 'Migrate the wiki' at 6 Inquire; you moved its due date forward a week "
                "without asking him: MM007 notes it."
            ),
            params=[
                _param("min_level", 5, _("The lowest level at which a due change is noted."), 1, 7, True),
                _param("lookback_days", 90, _("How many days back due changes are noted."), 1, 3650, True),
            ],
        ),
        Rule(
            id="MM008",
            name="no-autonomy",
            severity=Severity.WARNING,
            summary=_("A member who has been on the team a while holds no decision at all."),
            what_it_checks=_(
                "A member whose start date is more than tenure_days days ago has no open task at min_level or "
                "higher and no decision area at min_level or higher in their current agreement. Members "
                "without a start date are skipped."
            ),
            why_it_matters=_(
                "Autonomy is one of the three basic needs in {sdt}; the {m30} are meant to widen over time. "
                "After a few months, someone with no decision of their own learns to wait for instructions."
            ).format(sdt=_SDT, m30=_M30),
            example=_(
                "Ana joined five months ago; all her tasks are at 2 Sell or 3 Consult and her agreement has no "
                "area above 3: MM008 warns."
            ),
            params=[
                _param("tenure_days", 90, _("Members on the team longer than this are checked."), 0, 3650, True),
                _param("min_level", 4, _("The level that counts as holding a decision."), 1, 7, True),
            ],
        ),
        Rule(
            id="MM009",
            name="stale-agreement",
            severity=Severity.WARNING,
            summary=_("A trust agreement is overdue for review, or missing."),
            what_it_checks=_(
                "The agreement's last review date (or, if it was never reviewed, the date of its first version) "
                "plus its review interval lies before today. Critical when no version of the agreement was ever "
                "acknowledged by the member. A member with no agreement at all gets a warning once they have "
                "been on the team more than grace_days days (or at once without a start date)."
            ),
            why_it_matters=_(
                "Delegation boards in the {m30} are living agreements that the team revisits; an agreement "
                "nobody looked at for months, or one the member never confirmed, is not shared any more."
            ).format(m30=_M30),
            example=_(
                "Lena's agreement was last reviewed on 2026-05-01 with a 90-day interval; the review was due "
                "on 2026-07-30 and has not happened: MM009 warns."
            ),
            params=[_param("grace_days", 30, _("Days a new member may work without an agreement."), 0, 3650, True)],
        ),
        Rule(
            id="MM010",
            name="no-growth",
            severity=Severity.INFO,
            summary=_("An agreement has no growth goal, or a growth target date passed."),
            what_it_checks=_(
                "A current agreement with no growth goal text and no desired level for any area; or an area "
                "whose desired level has a date that is before today while the agreed level is still below the "
                "desired level (one flag per such area)."
            ),
            why_it_matters=_(
                "{sl} expects development levels to move, and competence is a basic need in {sdt}. Without a "
                "target, or with targets that silently lapse, delegation stops growing."
            ).format(sl=_SL, sdt=_SDT),
            example=_(
                "Sam's agreement says Hiring should reach 5 Advise by 2026-09-01; it is November and Hiring is "
                "still at 3 Consult: MM010 notes it."
            ),
        ),
        Rule(
            id="MM011",
            name="bottleneck",
            severity=Severity.WARNING,
            summary=_("Too much waits for you: you own most open work, or nobody decides in an area."),
            what_it_checks=_(
                "Team-wide: you own more than manager_share of the open tasks (only with at least "
                "min_open_tasks open tasks); or, in a decision area, every member whose agreement has an "
                "entry for it is at max_level or lower (only with at least min_members such members)."
            ),
            why_it_matters=_(
                "The {m30} exist to spread decisions: a manager who decides everything becomes the slowest "
                "part of the team, and nobody else learns to decide."
            ).format(m30=_M30),
            example=_(
                "You own 9 of the 15 open tasks (60%), and in Budget all four members are at 1 Tell or 2 Sell: "
                "MM011 raises two team flags."
            ),
            params=[
                _param("manager_share", 0.4, _("Fire when you own more than this share of open tasks."), 0, 1),
                _param(
                    "min_open_tasks", 5, _("Only check the share with at least this many open tasks."), 1, 100000, True
                ),
                _param("max_level", 2, _("An area where everyone is at this level or lower is flagged."), 1, 7, True),
                _param("min_members", 2, _("Only check an area with at least this many members."), 1, 1000, True),
            ],
        ),
        Rule(
            id="MM012",
            name="cadence-never-relaxes",
            severity=Severity.INFO,
            summary=_("The check-in cadence stayed the same while the member grew."),
            what_it_checks=_(
                "The agreement is at least days old; the version in force days ago and every version since "
                "share the same cadence; and in an area present then and now the agreed level or your "
                "readiness rating is higher now. An on-request cadence cannot relax further and is skipped."
            ),
            why_it_matters=_(
                "In {sl} support and supervision should decrease as readiness grows. Checking in just as "
                "often after someone has grown signals that the growth went unnoticed."
            ).format(sl=_SL),
            example=_(
                "Since March you check in with Omar weekly; since then his Tooling level went from 3 to 5 and "
                "your rating from D2 to D3, and the cadence never changed: MM012 suggests biweekly."
            ),
            params=[_param("days", 180, _("How long the cadence must have stayed the same."), 1, 3650, True)],
        ),
        Rule(
            id="MM013",
            name="perception-gap",
            severity=Severity.INFO,
            summary=_("You and the member see their readiness in an area very differently."),
            what_it_checks=_(
                "For each area of a member's current agreement with both readiness views filled in: your "
                "rating and the member's own rating differ by gap steps or more (D1 to D4 are steps 1 to 4)."
            ),
            why_it_matters=_(
                "{sl} separates competence from confidence: autonomy needs both your trust and the person's "
                "trust in themselves. Delegation Poker ({m30}) exists to surface exactly these gaps."
            ).format(sl=_SL, m30=_M30),
            example=_(
                "You rate Priya D4 in Hiring; she rates herself D2: a gap of 2 steps, so MM013 suggests "
                "talking about what you see in her work."
            ),
            params=[_param("gap", 2, _("Flag a difference of this many steps or more."), 1, 3, True)],
        ),
    ]
}


def _rule(rule_id: str) -> Rule:
    rule = RULES.get(str(rule_id).strip().upper())
    if rule is None:
        raise InputError(
            _("unknown rule {rule!r}; the rules are {first} to {last}.").format(
                rule=str(rule_id), first=next(iter(RULES)), last=next(reversed(RULES))
            )
        )
    return rule


def rule_params(settings: Settings, rule_id: str) -> dict[str, float]:
    """A rule's thresholds: the defaults overlaid with the workspace settings.

    Unknown keys in the settings are ignored and values are clamped to the parameter's range,
    so a hand-edited workspace cannot make the engine misbehave.
    """
    rule = _rule(rule_id)
    stored = settings.rules.get(rule.id, RuleSettings()).params
    values: dict[str, float] = {}
    for param in rule.params:
        value = stored.get(param.name, param.default)
        if value != value:  # NaN compares unequal to itself; fall back to the default
            value = param.default
        values[param.name] = min(param.maximum, max(param.minimum, float(value)))
    return values


def _num(value: float) -> str:
    """A number as people write it: ``4``, ``1.5``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def validate_rule_setting(rule_id: str, key: str, value: str) -> float:
    """Check one ``KEY=VALUE`` rule setting and return the value as a number."""
    rule = _rule(rule_id)
    param = next((p for p in rule.params if p.name == key.strip()), None)
    if param is None:
        if not rule.params:
            raise InputError(_("{rule} has no setting {key!r}; it has no settings.").format(rule=rule.id, key=key))
        raise InputError(
            _("{rule} has no setting {key!r}; its settings are {names}.").format(
                rule=rule.id, key=key, names=", ".join(p.name for p in rule.params)
            )
        )
    try:
        number = float(str(value).strip())
    except ValueError:
        number = float("nan")
    valid = number == number and param.minimum <= number <= param.maximum
    if param.integer and valid and not number.is_integer():
        valid = False
    if not valid:
        text = (
            _("{name} must be a whole number between {minimum} and {maximum} (got {value!r}).")
            if param.integer
            else _("{name} must be a number between {minimum} and {maximum} (got {value!r}).")
        )
        raise InputError(
            text.format(name=param.name, minimum=_num(param.minimum), maximum=_num(param.maximum), value=str(value))
        )
    return number


# --------------------------------------------------------------------------- history helpers


_EVENT_KEY = attrgetter("at", "id")
_AT = attrgetter("at")


class _Timeline:
    """A value that changes at known moments: the value at a moment is the last change at or
    before it, and before the first change it is the first change's "from" value."""

    __slots__ = ("initial", "times", "values")

    def __init__(self, initial: int, changes: list[tuple[datetime, int]]) -> None:
        self.initial = initial
        self.times = [moment for moment, _value in changes]
        self.values = [value for _moment, value in changes]

    def at(self, moment: datetime) -> int:
        # bisect_right: a change recorded at the very moment of another event is taken to have
        # happened first, so an override logged right after lowering a level sees the lower level.
        index = bisect_right(self.times, moment)
        return self.values[index - 1] if index else self.initial


def _level_timeline(task: Task, changes: Sequence[Event]) -> _Timeline:
    """``changes``: the task's level_change events, sorted by (at, id)."""
    usable = [event for event in changes if event.to_level is not None]
    if not usable:
        return _Timeline(int(task.level), [])
    first = usable[0].from_level
    initial = int(first) if first is not None else int(task.level)
    return _Timeline(initial, [(event.at, int(event.to_level)) for event in usable if event.to_level is not None])


def _owner_timeline(task: Task, moves: Sequence[Event]) -> _Timeline:
    """``moves``: the task's reassign events, sorted by (at, id)."""
    usable = [event for event in moves if event.to_owner is not None]
    if not usable:
        return _Timeline(task.owner_id, [])
    first = usable[0].from_owner
    initial = first if first is not None else task.owner_id
    return _Timeline(initial, [(event.at, event.to_owner) for event in usable if event.to_owner is not None])


def level_at(task: Task, events: Sequence[Event], moment: datetime) -> DelegationLevel:
    """The task's delegation level at ``moment``, rebuilt from its ``level_change`` events.

    Events of other tasks and kinds are ignored. Before the first change the level is that change's
    ``from_level``; after a change it is its ``to_level``; with no change at all it is ``task.level``.
    A change at exactly ``moment`` already counts.
    """
    changes = sorted(
        (e for e in events if e.kind is EventKind.LEVEL_CHANGE and e.task_id == task.id),
        key=_EVENT_KEY,
    )
    return DelegationLevel(_level_timeline(task, changes).at(utc(moment)))


_Versions = list[tuple[datetime, AgreementTerms]]


def _versions(agreement: TrustAgreement) -> _Versions:
    """Every version of an agreement (history and current), oldest first."""
    stamped: list[tuple[datetime, int, AgreementTerms]] = [(v.changed_at, v.version, v) for v in agreement.history]
    stamped.append((agreement.changed_at, agreement.version, agreement))
    stamped.sort(key=lambda item: (item[0], item[1]))
    return [(changed, terms) for changed, _version, terms in stamped]


def _terms_at(versions: _Versions, moment: datetime) -> AgreementTerms | None:
    index = bisect_right([changed for changed, _terms in versions], moment)
    return versions[index - 1][1] if index else None


_DISPLAY = {int(level): level.display for level in DelegationLevel}


def _display(level: int) -> str:
    return _DISPLAY[level]


def _day(moment: datetime | date) -> str:
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


# --------------------------------------------------------------------------- the evaluation context


class _Context:
    """The workspace and its events, indexed once so that every rule runs in linear time."""

    def __init__(self, workspace: Workspace, events: Iterable[Event], now: datetime) -> None:
        self.ws = workspace
        self.now = utc(now)
        self.today = self.now.date()
        # One sort by (at, id) first: the result never depends on the order events were recorded in.
        # (Sorting the whole list once is much faster than sorting per-kind buckets: it walks memory
        # in order.) Events after now are cut off; notes are dropped, as no rule reads them.
        ordered = sorted(events, key=_EVENT_KEY)
        del ordered[bisect_right(ordered, self.now, key=_AT) :]
        self.by_kind: dict[EventKind, list[Event]] = defaultdict(list)
        self.checkins: dict[int, list[Event]] = defaultdict(list)
        self.task_kind: dict[tuple[int, EventKind], list[Event]] = defaultdict(list)
        by_kind, checkins, task_kind = self.by_kind, self.checkins, self.task_kind
        for event in ordered:
            kind = event.kind
            if kind is EventKind.NOTE:
                continue
            by_kind[kind].append(event)
            if kind is EventKind.CHECKIN:
                if event.member_id is not None:
                    checkins[event.member_id].append(event)
            elif (kind is EventKind.LEVEL_CHANGE or kind is EventKind.REASSIGN) and event.task_id is not None:
                task_kind[(event.task_id, kind)].append(event)
        self._levels: dict[int, _Timeline] = {}
        self._owners: dict[int, _Timeline] = {}
        self._versions: dict[int, _Versions] = {}
        self.open_by_owner: dict[int, list[Task]] = defaultdict(list)
        self.open_tasks: list[Task] = []
        for task in sorted(workspace.tasks.values(), key=lambda t: t.id):
            if task.status.is_open:
                self.open_tasks.append(task)
                self.open_by_owner[task.owner_id].append(task)

    # -- history

    def levels_of(self, task: Task) -> _Timeline:
        timeline = self._levels.get(task.id)
        if timeline is None:
            timeline = _level_timeline(task, self.task_kind.get((task.id, EventKind.LEVEL_CHANGE), []))
            self._levels[task.id] = timeline
        return timeline

    def owners_of(self, task: Task) -> _Timeline:
        timeline = self._owners.get(task.id)
        if timeline is None:
            timeline = _owner_timeline(task, self.task_kind.get((task.id, EventKind.REASSIGN), []))
            self._owners[task.id] = timeline
        return timeline

    def level_at(self, task: Task, moment: datetime) -> int:
        return self.levels_of(task).at(moment)

    def owner_at(self, task: Task, moment: datetime) -> int:
        return self.owners_of(task).at(moment)

    def versions(self, member_id: int) -> _Versions:
        agreement = self.ws.agreements.get(member_id)
        if agreement is None:
            return []
        if member_id not in self._versions:
            self._versions[member_id] = _versions(agreement)
        return self._versions[member_id]

    def since(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def recent(self, kind: EventKind, days: float) -> list[Event]:
        bucket = self.by_kind.get(kind, [])
        return bucket[bisect_right(bucket, self.since(days), key=_AT) :]

    # -- names

    def member_of(self, event: Event, task: Task | None) -> int | None:
        """Whose work an event is about: the event's member, else the task's owner at the time."""
        member_id = event.member_id
        if (member_id is None or member_id == MANAGER) and task is not None:
            member_id = self.owner_at(task, event.at)
        return member_id if member_id is not None and member_id in self.ws.members else None

    def name(self, member_id: int) -> str:
        return self.ws.members[member_id].name

    def levels(self, terms: AgreementTerms | None) -> dict[int, AreaAgreement]:
        """The agreed levels for decision areas that still exist."""
        if terms is None:
            return {}
        return {area_id: entry for area_id, entry in terms.levels.items() if area_id in self.ws.areas}

    def task_text(self, task: Task) -> str:
        return _('task #{task_id} "{title}"').format(task_id=task.id, title=task.title)


def _flag_id(rule_id: str, key: Sequence[object]) -> str:
    digest = hashlib.sha1("|".join([rule_id, *map(str, key)]).encode("utf-8")).hexdigest()
    return f"{rule_id}-{digest[:8]}"


def _event_ref(event: Event) -> str:
    if event.id:
        return event.id
    # Events should always have ids; this fallback keeps flags stable if one does not.
    return f"{event.kind.value}@{event.at.isoformat()}/{event.member_id}/{event.task_id}/{event.area_id}"


def _ev_event(event: Event, text: str) -> Evidence:
    return Evidence(kind="event", ref=_event_ref(event), at=event.at, text=text)


def _ev_task(task: Task, at: datetime | None, text: str) -> Evidence:
    return Evidence(kind="task", ref=f"task #{task.id}", at=at, text=text)


def _ev_agreement(ref: str, at: datetime | None, text: str) -> Evidence:
    return Evidence(kind="agreement", ref=ref, at=at, text=text)


def _make_flag(
    ctx: _Context,
    rule_id: str,
    key: Sequence[object],
    *,
    message: str,
    suggestion: str,
    evidence: list[Evidence],
    severity: Severity | None = None,
    member_id: int | None = None,
    task_id: int | None = None,
    area_id: int | None = None,
) -> Flag:
    rule = RULES[rule_id]
    return Flag(
        id=_flag_id(rule_id, key),
        rule=rule_id,
        name=rule.name,
        severity=severity or rule.severity,
        member_id=member_id,
        member=ctx.name(member_id) if member_id is not None else None,
        task_id=task_id,
        area_id=area_id,
        area=ctx.ws.area_name(area_id) if area_id is not None else None,
        message=message,
        evidence=evidence,
        suggestion=suggestion,
    )


def _level_since(ctx: _Context, task: Task) -> datetime:
    """When the task got its current level: its last level change, else its creation."""
    changes = ctx.task_kind.get((task.id, EventKind.LEVEL_CHANGE), [])
    return changes[-1].at if changes else task.created_at


_Params = dict[str, float]

# --------------------------------------------------------------------------- the rules


def _mm001(ctx: _Context, p: _Params) -> Iterator[Flag]:
    window = p["window_days"]
    start = ctx.since(window)
    for member_id in ctx.ws.members:
        mine = ctx.checkins.get(member_id, [])
        checkins = mine[bisect_right(mine, start, key=_AT) :]
        agreement = ctx.ws.agreements.get(member_id)
        cadence = agreement.cadence if agreement is not None else "weekly"
        allowed = cadence_allowance(cadence, window)
        count = len(checkins)
        if count <= p["factor"] * allowed:
            continue
        severity = Severity.CRITICAL if count >= p["critical_factor"] * allowed else Severity.WARNING
        name = ctx.name(member_id)
        evidence = []
        for event in checkins:
            text = (
                _("{date} check-in on task #{task_id}").format(date=_day(event.at), task_id=event.task_id)
                if event.task_id is not None
                else _("{date} check-in").format(date=_day(event.at))
            )
            evidence.append(_ev_event(event, text))
        if agreement is not None:
            versions = ctx.versions(member_id)
            # The cadence holds since the oldest version of the unbroken run that ends with the current one.
            since = agreement.changed_at
            for changed, terms in reversed(versions):
                if terms.cadence != cadence:
                    break
                since = changed
            evidence.append(
                _ev_agreement(
                    "agreement.cadence",
                    since,
                    _("agreed check-in cadence: {cadence}, since {date}").format(
                        cadence=cadence_label(cadence), date=_day(since)
                    ),
                )
            )
            message = _(
                "{count} check-ins with {member} in the last {days} days; the agreed cadence ({cadence}) allows "
                "{allowed}."
            ).format(count=count, member=name, days=_num(window), cadence=cadence_label(cadence), allowed=_num(allowed))
            if cadence == ON_REQUEST:
                suggestion = _(
                    "Agree with {member} on how they will keep you informed, then wait for them to come to you, "
                    "as your on-request agreement says."
                ).format(member=name)
            else:
                suggestion = _(
                    "Agree with {member} on how they will keep you informed, then check in {cadence} as agreed."
                ).format(member=name, cadence=cadence_label(cadence))
        else:
            message = _(
                "{count} check-ins with {member} in the last {days} days; with no agreement yet, a weekly "
                "cadence would allow {allowed}."
            ).format(count=count, member=name, days=_num(window), allowed=_num(allowed))
            suggestion = _(
                "Set up a trust agreement with {member} that says how often you check in, then keep to it."
            ).format(member=name)
        yield _make_flag(
            ctx,
            "MM001",
            [member_id],
            severity=severity,
            member_id=member_id,
            message=message,
            suggestion=suggestion,
            evidence=evidence,
        )


def _mm002(ctx: _Context, p: _Params) -> Iterator[Flag]:
    min_level = p["min_level"]
    for event in ctx.recent(EventKind.OVERRIDE, p["lookback_days"]):
        # A known task decides by its level then; otherwise (no task, or a deleted one) the area does.
        task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
        if task is not None:
            member_id = ctx.member_of(event, task)
            level = ctx.level_at(task, event.at)
            if member_id is None or level < min_level:
                continue
            name = ctx.name(member_id)
            message = _(
                'On {date} you overrode a decision on task #{task_id} "{title}", which {member} held at level {level}.'
            ).format(date=_day(event.at), task_id=task.id, title=task.title, member=name, level=_display(level))
            text = _("{date} override on task #{task_id} at level {level}").format(
                date=_day(event.at), task_id=task.id, level=_display(level)
            )
            area_id = task.area_id if task.area_id in ctx.ws.areas else None
        elif event.area_id is not None and event.area_id in ctx.ws.areas:
            # An override on a decision area: the agreement in force at that moment decides.
            member_id = ctx.member_of(event, None)
            if member_id is None:
                continue
            entry = ctx.levels(_terms_at(ctx.versions(member_id), event.at)).get(event.area_id)
            if entry is None or entry.level < min_level:
                continue
            level = int(entry.level)
            name = ctx.name(member_id)
            area = ctx.ws.area_name(event.area_id)
            message = _(
                "On {date} you overrode a decision of {member} in {area}, where the agreed level was {level}."
            ).format(date=_day(event.at), member=name, area=area, level=_display(level))
            text = _("{date} override in {area} at agreed level {level}").format(
                date=_day(event.at), area=area, level=_display(level)
            )
            area_id = event.area_id
        else:
            continue
        yield _make_flag(
            ctx,
            "MM002",
            [_event_ref(event)],
            member_id=member_id,
            task_id=task.id if task is not None else None,
            area_id=area_id,
            message=message,
            suggestion=_(
                "Talk with {member} about the decision rather than reversing it; if the level is too high, "
                "lower it openly with a reason and agree when it goes back up."
            ).format(member=name),
            evidence=[_ev_event(event, text)],
        )


def _per_task_events(ctx: _Context, kind: EventKind, p: _Params) -> dict[tuple[int, int], list[tuple[Event, int]]]:
    """Recent events of a kind on tasks at ``min_level`` or higher at that moment, by (member, task)."""
    found: dict[tuple[int, int], list[tuple[Event, int]]] = {}
    for event in ctx.recent(kind, p["lookback_days"]):
        task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
        if task is None:
            continue
        level = ctx.level_at(task, event.at)
        member_id = ctx.member_of(event, task)
        if member_id is None or level < p["min_level"]:
            continue
        found.setdefault((member_id, task.id), []).append((event, level))
    return found


def _mm003(ctx: _Context, p: _Params) -> Iterator[Flag]:
    for (member_id, task_id), hits in _per_task_events(ctx, EventKind.APPROVAL, p).items():
        task = ctx.ws.tasks[task_id]
        name = ctx.name(member_id)
        level = _display(hits[-1][1])
        days = _num(p["lookback_days"])
        if len(hits) == 1:
            message = _(
                'You required your approval on task #{task_id} "{title}" once in the last {days} days, although '
                "{member} holds it at level {level}."
            ).format(task_id=task_id, title=task.title, days=days, member=name, level=level)
        else:
            message = _(
                'You required your approval on task #{task_id} "{title}" {count} times in the last {days} days, '
                "although {member} holds it at level {level}."
            ).format(task_id=task_id, title=task.title, count=len(hits), days=days, member=name, level=level)
        yield _make_flag(
            ctx,
            "MM003",
            [member_id, task_id],
            member_id=member_id,
            task_id=task_id,
            area_id=task.area_id if task.area_id in ctx.ws.areas else None,
            message=message,
            suggestion=_(
                "Give {member} your opinion on task #{task_id} and let them decide; if you really need sign-off, "
                "agree a lower level with them openly."
            ).format(member=name, task_id=task_id),
            evidence=[
                _ev_event(
                    event,
                    _("{date} approval required on task #{task_id} at level {level}").format(
                        date=_day(event.at), task_id=task_id, level=_display(at_level)
                    ),
                )
                for event, at_level in hits
            ],
        )


def _mm004(ctx: _Context, p: _Params) -> Iterator[Flag]:
    reviewed: set[tuple[int | None, date]] = {
        # A day more than the window: a review earlier on the first day of the window still counts.
        (event.member_id, event.at.date())
        for event in ctx.recent(EventKind.REVIEW, p["window_days"] + 1)
    }
    found: dict[int, list[Evidence]] = defaultdict(list)
    candidates = sorted(
        ctx.recent(EventKind.REASSIGN, p["window_days"]) + ctx.recent(EventKind.LEVEL_CHANGE, p["window_days"]),
        key=_EVENT_KEY,
    )
    for event in candidates:
        if not _blank(event.reason):
            continue
        task = ctx.ws.tasks.get(event.task_id) if event.task_id is not None else None
        task_label = str(event.task_id) if event.task_id is not None else "?"
        if event.kind is EventKind.REASSIGN:
            if event.to_owner != MANAGER:
                continue
            member_id = event.from_owner if event.from_owner not in (None, MANAGER) else event.member_id
            if member_id is None or member_id not in ctx.ws.members:
                continue
            text = _("{date} task #{task_id} moved from {member} to you without a reason").format(
                date=_day(event.at), task_id=task_label, member=ctx.name(member_id)
            )
        else:
            if event.from_level is None or event.to_level is None:
                continue
            if event.from_level - event.to_level < p["min_drop"]:
                continue
            found_member = ctx.member_of(event, task)
            if found_member is None:
                continue
            member_id = found_member
            text = _("{date} task #{task_id} lowered from level {from_level} to {to_level} without a reason").format(
                date=_day(event.at),
                task_id=task_label,
                from_level=event.from_level.display,
                to_level=event.to_level.display,
            )
        # A review of this member, or of the whole team (no member), on the same day excuses it.
        if (member_id, event.at.date()) in reviewed or (None, event.at.date()) in reviewed:
            continue
        found[member_id].append(_ev_event(event, text))
    for member_id, evidence in found.items():
        name = ctx.name(member_id)
        count = len(evidence)
        days = _num(p["window_days"])
        if count == 1:
            message = _(
                "You took work back from {member} once in the last {days} days, outside a review and without a reason."
            ).format(member=name, days=days)
        else:
            message = _(
                "You took work back from {member} {count} times in the last {days} days, outside a review and "
                "without a reason."
            ).format(member=name, count=count, days=days)
        yield _make_flag(
            ctx,
            "MM004",
            [member_id],
            severity=Severity.CRITICAL if count >= p["critical_count"] else Severity.WARNING,
            member_id=member_id,
            message=message,
            suggestion=_(
                "When you need to take work back from {member}, say why and record the reason, or do it in a "
                "review; then agree what would let them have it back."
            ).format(member=name),
            evidence=evidence,
        )


def _mm005(ctx: _Context, p: _Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        agreed = ctx.levels(ctx.ws.agreements.get(member_id))
        if not agreed:
            continue
        agreement = ctx.ws.agreements[member_id]
        for task in ctx.open_by_owner.get(member_id, []):
            entry = agreed.get(task.area_id) if task.area_id is not None else None
            if entry is None or entry.level - task.level < p["min_gap"]:
                continue
            name = ctx.name(member_id)
            area = ctx.ws.area_name(task.area_id)
            yield _make_flag(
                ctx,
                "MM005",
                [member_id, task.id],
                member_id=member_id,
                task_id=task.id,
                area_id=task.area_id,
                message=_(
                    'Task #{task_id} "{title}" is delegated to {member} at level {level}, below the level {agreed} '
                    "agreed for {area}."
                ).format(
                    task_id=task.id,
                    title=task.title,
                    member=name,
                    level=task.level.display,
                    agreed=entry.level.display,
                    area=area,
                ),
                suggestion=_(
                    "Raise task #{task_id} to level {agreed} as agreed with {member}, or revise the agreement "
                    "together if {area} needs a lower level for now."
                ).format(task_id=task.id, agreed=entry.level.display, member=name, area=area),
                evidence=[
                    _ev_task(
                        task,
                        _level_since(ctx, task),
                        _("{task} at level {level}").format(task=ctx.task_text(task), level=task.level.display),
                    ),
                    _ev_agreement(
                        f"agreement.levels.{task.area_id}",
                        agreement.changed_at,
                        _("agreed level for {area}: {level}").format(area=area, level=entry.level.display),
                    ),
                ],
            )


def _mm006(ctx: _Context, p: _Params) -> Iterator[Flag]:
    limits = {Readiness.D3: p["d3_max_level"], Readiness.D4: p["d4_max_level"]}
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        for area_id, entry in sorted(ctx.levels(agreement).items()):
            limit = limits.get(entry.readiness) if entry.readiness is not None else None
            if agreement is None or entry.readiness is None or limit is None or entry.level > limit:
                continue
            name = ctx.name(member_id)
            area = ctx.ws.area_name(area_id)
            offer = DelegationLevel(min(7, max(int(entry.level), int(limit)) + 1)).display
            yield _make_flag(
                ctx,
                "MM006",
                [member_id, area_id],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "You rate {member} {readiness} in {area}, yet the agreed level there is only {level}."
                ).format(member=name, readiness=entry.readiness.value, area=area, level=entry.level.display),
                suggestion=_(
                    "{member} is ready for more: offer level {offer} in {area} and agree how they will keep you "
                    "informed."
                ).format(member=name, offer=offer, area=area),
                evidence=[
                    _ev_agreement(
                        f"agreement.levels.{area_id}",
                        agreement.changed_at,
                        _("{area}: agreed level {level}, your readiness rating {readiness}").format(
                            area=area, level=entry.level.display, readiness=entry.readiness.value
                        ),
                    )
                ],
            )


def _mm007(ctx: _Context, p: _Params) -> Iterator[Flag]:
    min_level = DelegationLevel(int(p["min_level"])).display
    for (member_id, task_id), hits in _per_task_events(ctx, EventKind.DUE_CHANGE, p).items():
        task = ctx.ws.tasks[task_id]
        name = ctx.name(member_id)
        days = _num(p["lookback_days"])
        if len(hits) == 1:
            message = _(
                'You changed the due date of task #{task_id} "{title}" once in the last {days} days, while '
                "{member} held it at level {level}."
            ).format(task_id=task_id, title=task.title, days=days, member=name, level=_display(hits[-1][1]))
        else:
            message = _(
                'You changed the due date of task #{task_id} "{title}" {count} times in the last {days} days, '
                "while {member} held it at level {level}."
            ).format(
                task_id=task_id, title=task.title, count=len(hits), days=days, member=name, level=_display(hits[-1][1])
            )
        evidence = []
        for event, at_level in hits:
            if event.from_due is not None and event.to_due is not None:
                text = _("{date} due date of task #{task_id} moved from {from_due} to {to_due} at level {level}")
            elif event.to_due is not None:
                text = _("{date} due date of task #{task_id} set to {to_due} at level {level}")
            else:
                text = _("{date} due date of task #{task_id} removed at level {level}")
            evidence.append(
                _ev_event(
                    event,
                    text.format(
                        date=_day(event.at),
                        task_id=task_id,
                        from_due=_day(event.from_due) if event.from_due else "",
                        to_due=_day(event.to_due) if event.to_due else "",
                        level=_display(at_level),
                    ),
                )
            )
        yield _make_flag(
            ctx,
            "MM007",
            [member_id, task_id],
            member_id=member_id,
            task_id=task_id,
            area_id=task.area_id if task.area_id in ctx.ws.areas else None,
            message=message,
            suggestion=_(
                "Ask {member} what date they can commit to, and agree deadlines together for work they hold at "
                "level {level} or higher."
            ).format(member=name, level=min_level),
            evidence=evidence,
        )


def _mm008(ctx: _Context, p: _Params) -> Iterator[Flag]:
    min_level = p["min_level"]
    level_text = DelegationLevel(int(min_level)).display
    for member_id, member in ctx.ws.members.items():
        if member.since is None:
            continue
        tenure = (ctx.today - member.since).days
        if tenure <= p["tenure_days"]:
            continue
        tasks = ctx.open_by_owner.get(member_id, [])
        agreement = ctx.ws.agreements.get(member_id)
        agreed = ctx.levels(agreement)
        if any(task.level >= min_level for task in tasks) or any(e.level >= min_level for e in agreed.values()):
            continue
        name = member.name
        evidence = [
            _ev_task(
                task,
                _level_since(ctx, task),
                _("{task} at level {level}").format(task=ctx.task_text(task), level=task.level.display),
            )
            for task in tasks
        ]
        if agreement is not None and agreed:
            highest = max(int(entry.level) for entry in agreed.values())
            evidence.append(
                _ev_agreement(
                    "agreement.levels",
                    agreement.changed_at,
                    _("highest agreed level in any area: {level}").format(level=_display(highest)),
                )
            )
        yield _make_flag(
            ctx,
            "MM008",
            [member_id],
            member_id=member_id,
            message=_(
                "{member} has been on the team for {days} days but holds no open task and no decision area at level "
                "{level} or higher."
            ).format(member=name, days=tenure, level=level_text),
            suggestion=_(
                "Pick one task or decision area that {member} can hold at level {level} or higher, and write it "
                "into their trust agreement."
            ).format(member=name, level=level_text),
            evidence=evidence,
        )


def _mm009(ctx: _Context, p: _Params) -> Iterator[Flag]:
    for member_id, member in ctx.ws.members.items():
        name = member.name
        agreement = ctx.ws.agreements.get(member_id)
        if agreement is None:
            if member.since is not None and (ctx.today - member.since).days <= p["grace_days"]:
                continue
            if member.since is not None:
                message = _("{member} has no trust agreement yet, {days} days after joining the team.").format(
                    member=name, days=(ctx.today - member.since).days
                )
            else:
                message = _("{member} has no trust agreement yet.").format(member=name)
            yield _make_flag(
                ctx,
                "MM009",
                [member_id, "none"],
                member_id=member_id,
                message=message,
                suggestion=_(
                    "Sit down with {member} to agree levels for their decision areas, a check-in cadence and a "
                    "review date."
                ).format(member=name),
                evidence=[],
            )
            continue
        versions = ctx.versions(member_id)
        first = versions[0][0]
        start = agreement.last_review or first.date()
        due = start + timedelta(days=agreement.review_every_days)
        if due >= ctx.today:
            continue
        ever_acknowledged = any(terms.acknowledged for _changed, terms in versions)
        if agreement.last_review is not None:
            message = _(
                "{member}'s trust agreement was due for review on {due} (last reviewed {last}, every {every} days)."
            ).format(member=name, due=due.isoformat(), last=start.isoformat(), every=agreement.review_every_days)
            reviewed = _ev_agreement(
                "agreement.last_review",
                datetime.combine(start, time.min, timezone.utc),
                _("last reviewed {date}; review every {every} days").format(
                    date=start.isoformat(), every=agreement.review_every_days
                ),
            )
        else:
            message = _(
                "{member}'s trust agreement has never been reviewed; the first review was due on {due}, {every} days "
                "after it was agreed on {agreed}."
            ).format(member=name, due=due.isoformat(), every=agreement.review_every_days, agreed=start.isoformat())
            reviewed = _ev_agreement(
                "agreement.last_review",
                first,
                _("never reviewed; agreed on {date}, review every {every} days").format(
                    date=_day(first), every=agreement.review_every_days
                ),
            )
        evidence = [reviewed]
        if ever_acknowledged:
            suggestion = _(
                "Plan a review with {member} to walk through the agreement together and record the outcome."
            ).format(member=name)
        else:
            evidence.append(
                _ev_agreement(
                    "agreement.acknowledged",
                    agreement.changed_at,
                    _("{member} has never acknowledged any version of the agreement").format(member=name),
                )
            )
            suggestion = _(
                "Plan a review with {member}, walk through the agreement together and ask them to acknowledge it: "
                "an agreement they never confirmed is not yet shared."
            ).format(member=name)
        yield _make_flag(
            ctx,
            "MM009",
            # The review period is part of the finding: after the next review, a new overdue review is a new flag.
            [member_id, start.isoformat()],
            severity=Severity.WARNING if ever_acknowledged else Severity.CRITICAL,
            member_id=member_id,
            message=message,
            suggestion=suggestion,
            evidence=evidence,
        )


def _mm010(ctx: _Context, p: _Params) -> Iterator[Flag]:
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        if agreement is None:
            continue  # MM009 already says there is no agreement
        name = ctx.name(member_id)
        agreed = ctx.levels(agreement)
        has_goal = any(not _blank(goal) for goal in agreement.growth_goals)
        if not has_goal and not any(entry.desired is not None for entry in agreed.values()):
            yield _make_flag(
                ctx,
                "MM010",
                [member_id, "goals"],
                member_id=member_id,
                message=_("{member}'s trust agreement has no growth goal and no desired level for any area.").format(
                    member=name
                ),
                suggestion=_(
                    "Ask {member} where they want to grow, and record it as a growth goal or as a desired level "
                    "with a date."
                ).format(member=name),
                evidence=[
                    _ev_agreement(
                        "agreement.growth_goals",
                        agreement.changed_at,
                        _("no growth goals, no desired levels (agreement version {version})").format(
                            version=agreement.version
                        ),
                    )
                ],
            )
        for area_id, entry in sorted(agreed.items()):
            if entry.desired is None or entry.desired_by is None:
                continue
            if entry.desired_by >= ctx.today or entry.level >= entry.desired:
                continue
            area = ctx.ws.area_name(area_id)
            yield _make_flag(
                ctx,
                "MM010",
                [member_id, area_id, int(entry.desired), entry.desired_by.isoformat()],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "{member} was to reach level {desired} in {area} by {by}, but the agreed level is still {level}."
                ).format(
                    member=name,
                    desired=entry.desired.display,
                    area=area,
                    by=entry.desired_by.isoformat(),
                    level=entry.level.display,
                ),
                suggestion=_(
                    "Talk with {member} about what holds back level {desired} in {area}, then raise the level or "
                    "set a new date together."
                ).format(member=name, desired=entry.desired.display, area=area),
                evidence=[
                    _ev_agreement(
                        f"agreement.levels.{area_id}.desired",
                        agreement.changed_at,
                        _("{area}: desired {desired} by {by}, agreed {level}").format(
                            area=area,
                            desired=entry.desired.display,
                            by=entry.desired_by.isoformat(),
                            level=entry.level.display,
                        ),
                    )
                ],
            )


def _mm011(ctx: _Context, p: _Params) -> Iterator[Flag]:
    total = len(ctx.open_tasks)
    mine = ctx.open_by_owner.get(MANAGER, [])
    if total >= p["min_open_tasks"] and len(mine) > p["manager_share"] * total:
        yield _make_flag(
            ctx,
            "MM011",
            ["manager"],
            message=_("You own {count} of the {total} open tasks ({share}%); the limit is {limit}%.").format(
                count=len(mine),
                total=total,
                share=_num(round(100 * len(mine) / total, 1)),
                limit=_num(round(100 * p["manager_share"], 1)),
            ),
            suggestion=_(
                "Keep the tasks only you can do, and hand the rest to the team at a level each person is ready for."
            ),
            evidence=[
                _ev_task(
                    task,
                    task.created_at,
                    _("{task} is yours, at level {level}").format(task=ctx.task_text(task), level=task.level.display),
                )
                for task in mine
            ],
        )
    by_area: dict[int, list[tuple[int, AreaAgreement, datetime]]] = defaultdict(list)
    for member_id in sorted(ctx.ws.members):
        agreement = ctx.ws.agreements.get(member_id)
        for area_id, entry in ctx.levels(agreement).items():
            if agreement is not None:
                by_area[area_id].append((member_id, entry, agreement.changed_at))
    for area_id in sorted(by_area):
        entries = by_area[area_id]
        if len(entries) < p["min_members"] or any(entry.level > p["max_level"] for _m, entry, _at in entries):
            continue
        area = ctx.ws.area_name(area_id)
        highest = max(int(entry.level) for _m, entry, _at in entries)
        yield _make_flag(
            ctx,
            "MM011",
            ["area", area_id],
            area_id=area_id,
            message=_(
                "In {area}, all {count} members with an agreement are at level {level} or lower, so every decision "
                "there waits for you."
            ).format(area=area, count=len(entries), level=_display(highest)),
            suggestion=_(
                "Choose one person who is ready for {area} and raise their level there, with the support they need."
            ).format(area=area),
            evidence=[
                _ev_agreement(
                    f"agreement.{member_id}.levels.{area_id}",
                    changed,
                    _("{member}: {area} at level {level}").format(
                        member=ctx.name(member_id), area=area, level=entry.level.display
                    ),
                )
                for member_id, entry, changed in entries
            ],
        )


def _relaxed(cadence: str) -> str:
    """The next, less frequent cadence to suggest."""
    order = [*CADENCE_DAYS, ON_REQUEST]
    if cadence in order:
        return order[min(order.index(cadence) + 1, len(order) - 1)]
    days = cadence_days(cadence) or 365.0
    return f"{min(365, int(days) * 2)}d"


def _mm012(ctx: _Context, p: _Params) -> Iterator[Flag]:
    period = p["days"]
    start = ctx.since(period)
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        versions = ctx.versions(member_id)
        if agreement is None or not versions or versions[0][0] > start or agreement.cadence == ON_REQUEST:
            continue
        then = _terms_at(versions, start)
        if then is None or any(terms.cadence != then.cadence for changed, terms in versions if changed > start):
            continue
        if agreement.cadence != then.cadence:
            continue  # only with an inconsistent history (a past version dated after the current one)
        # The cadence has held since the start of its unbroken run of versions.
        since = versions[0][0]
        for changed, terms in reversed(versions):
            if terms.cadence != agreement.cadence:
                break
            since = changed
        old, new = ctx.levels(then), ctx.levels(agreement)
        evidence: list[Evidence] = []
        for area_id in sorted(set(old) & set(new)):
            area = ctx.ws.area_name(area_id)
            if new[area_id].level > old[area_id].level:
                evidence.append(
                    _ev_agreement(
                        f"agreement.levels.{area_id}",
                        agreement.changed_at,
                        _("{area}: level {old} on {date}, now {new}").format(
                            area=area,
                            old=old[area_id].level.display,
                            date=_day(start),
                            new=new[area_id].level.display,
                        ),
                    )
                )
            was, now_ = old[area_id].readiness, new[area_id].readiness
            if was is not None and now_ is not None and now_.step > was.step:
                evidence.append(
                    _ev_agreement(
                        f"agreement.readiness.{area_id}",
                        agreement.changed_at,
                        _("{area}: your readiness rating {old} on {date}, now {new}").format(
                            area=area, old=was.value, date=_day(start), new=now_.value
                        ),
                    )
                )
        if not evidence:
            continue
        name = ctx.name(member_id)
        cadence = cadence_label(agreement.cadence)
        evidence.insert(
            0,
            _ev_agreement(
                "agreement.cadence",
                since,
                _("agreed check-in cadence: {cadence}, since {date}").format(cadence=cadence, date=_day(since)),
            ),
        )
        yield _make_flag(
            ctx,
            "MM012",
            [member_id, agreement.cadence],
            member_id=member_id,
            message=_(
                "{member}'s check-in cadence has been {cadence} for {days} days, while their agreed levels or your "
                "readiness ratings went up."
            ).format(member=name, cadence=cadence, days=(ctx.now - since).days),
            suggestion=_(
                "{member} has grown: agree a lighter check-in cadence with them, for example {relaxed}."
            ).format(member=name, relaxed=cadence_label(_relaxed(agreement.cadence))),
            evidence=evidence,
        )


def _mm013(ctx: _Context, p: _Params) -> Iterator[Flag]:
    # Hook: Delegation Poker rounds (a later issue) add a second source of gaps here: a round in
    # which the manager's and the member's cards differ by 3 or more (DESIGN.md section 4).
    for member_id in ctx.ws.members:
        agreement = ctx.ws.agreements.get(member_id)
        for area_id, entry in sorted(ctx.levels(agreement).items()):
            mine, theirs = entry.readiness, entry.self_readiness
            if agreement is None or mine is None or theirs is None:
                continue
            gap = abs(mine.step - theirs.step)
            if gap < p["gap"]:
                continue
            name = ctx.name(member_id)
            area = ctx.ws.area_name(area_id)
            if theirs.step < mine.step:
                suggestion = _(
                    "{member} may doubt themselves in {area}: tell them what you see in their work, and offer "
                    "support while they take the decisions."
                ).format(member=name, area=area)
            else:
                suggestion = _(
                    "{member} feels more ready in {area} than you judge: talk about what you need to see, and "
                    "agree a step up with clear guardrails."
                ).format(member=name, area=area)
            yield _make_flag(
                ctx,
                "MM013",
                [member_id, area_id],
                member_id=member_id,
                area_id=area_id,
                message=_(
                    "{member} rates their own readiness in {area} as {theirs}, while you rate it {mine}: a gap of "
                    "{gap} steps."
                ).format(member=name, area=area, theirs=theirs.value, mine=mine.value, gap=gap),
                suggestion=suggestion,
                evidence=[
                    _ev_agreement(
                        f"agreement.levels.{area_id}.readiness",
                        agreement.changed_at,
                        _("{area}: your rating {mine}, their own rating {theirs}").format(
                            area=area, mine=mine.value, theirs=theirs.value
                        ),
                    )
                ],
            )


_CHECKS: dict[str, Callable[[_Context, _Params], Iterator[Flag]]] = {
    "MM001": _mm001,
    "MM002": _mm002,
    "MM003": _mm003,
    "MM004": _mm004,
    "MM005": _mm005,
    "MM006": _mm006,
    "MM007": _mm007,
    "MM008": _mm008,
    "MM009": _mm009,
    "MM010": _mm010,
    "MM011": _mm011,
    "MM012": _mm012,
    "MM013": _mm013,
}


# --------------------------------------------------------------------------- evaluate


def _ack_holds(ack: FlagAck | None, flag: Flag, today: date) -> bool:
    """An acknowledgment hides a flag until its date, and only while the evidence has not grown."""
    if ack is None or (ack.until is not None and ack.until < today):
        return False
    return {item.ref for item in flag.evidence} <= set(ack.evidence)


def _sort_key(flag: Flag) -> tuple[int, str, str, int, int, str, str]:
    # Team-wide flags (no member) come first; then members by name.
    if flag.member_id is None:
        return (0, "", "", 0, -flag.severity.rank, flag.rule, flag.id)
    name = flag.member or ""
    return (1, name.casefold(), name, flag.member_id, -flag.severity.rank, flag.rule, flag.id)


def evaluate(
    workspace: Workspace,
    events: Sequence[Event],
    now: datetime,
    *,
    include_acknowledged: bool = False,
    member_id: int | None = None,
) -> list[Flag]:
    """Run every enabled rule and return the flags, sorted by member name (team-wide flags first),
    then severity (most severe first), rule id and flag id.

    Events after ``now`` are ignored. Acknowledged flags are left out while their acknowledgment
    holds, unless ``include_acknowledged`` (they then carry ``acknowledged``). With ``member_id``
    only that member's flags are returned.
    """
    ctx = _Context(workspace, events, now)
    flags: list[Flag] = []
    for rule_id, check in _CHECKS.items():
        if not workspace.settings.rules.get(rule_id, RuleSettings()).enabled:
            continue
        params = rule_params(workspace.settings, rule_id)
        for flag in check(ctx, params):
            if member_id is not None and flag.member_id != member_id:
                continue
            ack = workspace.acks.get(flag.id)
            if _ack_holds(ack, flag, ctx.today):
                if not include_acknowledged:
                    continue
                flag.acknowledged = ack
            flags.append(flag)
    flags.sort(key=_sort_key)
    return flags


# --------------------------------------------------------------------------- metrics


class MemberMetrics(BaseModel):
    """How much autonomy a member has, and how closely they are followed up."""

    member_id: int
    autonomy_index: float = Field(
        description=(
            "The share, 0 to 1, of the member's items at levels 5-7, where the items are the member's open tasks "
            "plus the areas of their current agreement (each counts once). 0 when there are no items."
        )
    )
    checkins_last_28: int = Field(description="Check-in events with the member in the 28 days up to now.")
    checkins_per_week: float = Field(description="checkins_last_28 divided by 4.")
    cadence_per_week: float | None = Field(
        description="Check-ins per week the agreed cadence allows (7 / days); None for on-request or no agreement."
    )
    weekly_checkins: list[int] = Field(
        description="Check-ins per week for 12 weeks, oldest first; the last week ends at now (inclusive)."
    )
    weekly_autonomy: list[float] = Field(
        description=(
            "The autonomy index at the end of each of those weeks, approximated: the currently open tasks that "
            "existed then (created_at), owned by the member then (reassign events) at their level then "
            "(level_change events), plus the areas of the agreement version in force then. Done tasks are left "
            "out because the store does not record when a task was finished."
        )
    )


class TeamMetrics(BaseModel):
    """The delegation picture of the whole team."""

    level_distribution: dict[int, int] = Field(description="Open tasks per level 1-7 (every level present).")
    manager_share_open: float = Field(description="The share of open tasks that the manager owns (0 without tasks).")
    autonomy_index: float = Field(
        description=(
            "The members' open tasks and agreed areas pooled, share at levels 5-7. Tasks the manager owns are left "
            "out: manager_share_open measures them."
        )
    )


_WEEKS = 12
_WEEK = timedelta(days=7)
_DELEGATED = 5  # levels 5-7: the member holds the decision


def _share(items: Iterable[int]) -> float:
    levels = list(items)
    return sum(1 for level in levels if level >= _DELEGATED) / len(levels) if levels else 0.0


def _member_items(ctx: _Context, member_id: int) -> list[int]:
    tasks = [int(task.level) for task in ctx.open_by_owner.get(member_id, [])]
    areas = [int(entry.level) for entry in ctx.levels(ctx.ws.agreements.get(member_id)).values()]
    return tasks + areas


def member_metrics(workspace: Workspace, events: Sequence[Event], now: datetime) -> dict[int, MemberMetrics]:
    """Autonomy and check-in figures for every member, with 12 weeks of history."""
    ctx = _Context(workspace, events, now)
    week_ends = [ctx.now - _WEEK * back for back in range(_WEEKS - 1, -1, -1)]
    # One pass over the open tasks: per member and week, the items owned then and those at 5-7.
    counted: dict[int, list[int]] = defaultdict(lambda: [0] * _WEEKS)
    held: dict[int, list[int]] = defaultdict(lambda: [0] * _WEEKS)
    for task in ctx.open_tasks:
        first = bisect_left(week_ends, task.created_at)  # the first week that ends after it existed
        levels, owners = ctx.levels_of(task), ctx.owners_of(task)
        if not levels.times and not owners.times:
            # No history: the same owner and level all along (the common case, so kept cheap).
            owner, delegated = owners.initial, levels.initial >= _DELEGATED
            for week in range(first, _WEEKS):
                counted[owner][week] += 1
                held[owner][week] += delegated
            continue
        for week in range(first, _WEEKS):
            owner = owners.at(week_ends[week])
            counted[owner][week] += 1
            held[owner][week] += levels.at(week_ends[week]) >= _DELEGATED
    result: dict[int, MemberMetrics] = {}
    for member_id in sorted(workspace.members):
        weekly = [0] * _WEEKS
        for event in ctx.checkins.get(member_id, []):
            back = (ctx.now - event.at) // _WEEK
            if back < _WEEKS:
                weekly[_WEEKS - 1 - back] += 1
        last_28 = sum(weekly[-4:])
        agreement = workspace.agreements.get(member_id)
        days = cadence_days(agreement.cadence) if agreement is not None else None
        versions = ctx.versions(member_id)
        autonomy_history = []
        for week, end in enumerate(week_ends):
            areas = [int(entry.level) for entry in ctx.levels(_terms_at(versions, end)).values()]
            total = counted[member_id][week] + len(areas) if member_id in counted else len(areas)
            holding = (held[member_id][week] if member_id in held else 0) + sum(lvl >= _DELEGATED for lvl in areas)
            autonomy_history.append(holding / total if total else 0.0)
        result[member_id] = MemberMetrics(
            member_id=member_id,
            autonomy_index=_share(_member_items(ctx, member_id)),
            checkins_last_28=last_28,
            checkins_per_week=last_28 / 4,
            cadence_per_week=7 / days if days else None,
            weekly_checkins=weekly,
            weekly_autonomy=autonomy_history,
        )
    return result


def team_metrics(workspace: Workspace, events: Sequence[Event], now: datetime) -> TeamMetrics:
    """Level distribution of open tasks, the manager's share of them, and the team's autonomy index."""
    ctx = _Context(workspace, (), now)  # nothing here reads the event history
    distribution = {int(level): 0 for level in DelegationLevel}
    for task in ctx.open_tasks:
        distribution[int(task.level)] += 1
    total = len(ctx.open_tasks)
    items: list[int] = []
    for member_id in sorted(workspace.members):
        items += _member_items(ctx, member_id)
    return TeamMetrics(
        level_distribution=distribution,
        manager_share_open=len(ctx.open_by_owner.get(MANAGER, [])) / total if total else 0.0,
        autonomy_index=_share(items),
    )
