"""Reading everything of the workspace file but its tasks fast, into the domain's own objects.

Opening a workspace validated its members, areas, agreements, settings, acknowledgements and
review meetings through ``Workspace.model_validate(..., context=STORED)``: a few milliseconds of
validation, but first pydantic builds the whole ``Workspace`` validator (the models defer it),
and its plugin loader imports ``importlib.metadata``: most of the time of opening a workspace
but for its tasks (which :mod:`delegate_tui.storage.tasks` reads). Here, as there, msgspec
converts each parsed table against structs with the models' fields and types (in C), a few
Python checks apply what the models' validators apply in the STORED context, and each record
is built as the model's own object without running pydantic: the same fields, of the same
types, and the same ``__pydantic_fields_set__``.

Only what the store writes is taken: every field present (a missing one would leave other
fields set), no unknown field, text a STORED validator would change (control characters,
surrounding or repeated whitespace, a Windows line end) or refuse (an empty name), a cadence or
a time zone spelled another way than the model keeps it, a level given by name, a timestamp in
any form but the store's, a day out of range, an away period that ends before it starts, a key
that is not a plain decimal number: anything of this kind raises :class:`NotFast`, and the
caller reads the tables through pydantic, which accepts them the same way or gives its one
clear message. The fast path is never more lenient than the model, only quicker.
"""

# Annotations stay evaluated here (no `from __future__ import annotations`): msgspec then reads the
# structs' types as they are instead of evaluating their text when it first decodes one (about 1 ms
# of the UI's first paint).

from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

import msgspec
from pydantic import BaseModel

from delegate_tui.model import (
    EARLIEST,
    LATEST,
    AgendaItem,
    AgendaKind,
    AgreementVersion,
    AreaAgreement,
    AwayPeriod,
    DecisionArea,
    DelegationLevel,
    FlagAck,
    InputError,
    MeetingDecision,
    MeetingNote,
    MeetingPulse,
    Member,
    PokerAbout,
    PokerRound,
    PokerVote,
    Readiness,
    ReviewMeeting,
    RuleSettings,
    Settings,
    Task,
    TrustAgreement,
    Workspace,
    parse_cadence,
    parse_timezone,
)
from delegate_tui.storage.events import NotFast, collector_paused, key_sharing_dict
from delegate_tui.storage.tasks import stored_id, stored_line, stored_moment
from delegate_tui.text import visible

__all__ = ["NotFast", "decode_workspace"]


# ---------------------------------------------------------------------------- the stored forms
#
# Each struct has its model's fields (but an id the store keeps as the record's key), with no
# default: the store writes every field. Timestamps and free text stay text here, to be checked
# for the store's own form; levels, readiness, dates, literals and bounded numbers are checked by
# msgspec itself (a level is its number, never its name: the model's before-validators read
# names, which the store never writes). The literals are the models' own (a test compares them).


class _Stored(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What every stored form shares: no unknown field, every field named."""


class StoredAwayPeriod(_Stored):
    """:class:`AwayPeriod` as stored."""

    start: date
    end: date
    reason: str | None


class StoredMember(_Stored):
    """:class:`Member` as stored (its id is its key)."""

    name: str
    role: str
    since: date | None
    away: list[StoredAwayPeriod]
    archived_at: str | None


class StoredArea(_Stored):
    """:class:`DecisionArea` as stored (its id is its key)."""

    name: str
    description: str
    archived_at: str | None


class StoredAreaAgreement(_Stored):
    """:class:`AreaAgreement` as stored."""

    level: DelegationLevel
    desired: DelegationLevel | None
    desired_by: date | None
    readiness: Readiness | None
    self_readiness: Readiness | None


class StoredTerms(_Stored):
    """:class:`~delegate_tui.model.AgreementTerms` as stored (area ids stay text: the keys)."""

    levels: dict[str, StoredAreaAgreement]
    cadence: str
    channel: str
    support: str
    guardrails: list[str]
    growth_goals: list[str]
    review_every_days: Annotated[int, msgspec.Meta(ge=1, le=3650)]
    last_review: date | None
    acknowledged: bool


class StoredAgreementVersion(StoredTerms):
    """:class:`AgreementVersion` as stored."""

    version: int
    changed_at: str


class StoredAgreement(StoredTerms):
    """:class:`TrustAgreement` as stored (keyed by its member's id)."""

    member_id: int
    version: int
    changed_at: str
    history: list[StoredAgreementVersion]


class StoredRuleSettings(_Stored):
    """:class:`RuleSettings` as stored (a whole number among the thresholds becomes a float)."""

    enabled: bool
    params: dict[str, float]


class StoredSettings(_Stored):
    """:class:`Settings` as stored."""

    rules: dict[str, StoredRuleSettings]
    theme: str | None
    language: Literal["en", "nl"] | None
    grace_days: Annotated[int, msgspec.Meta(ge=0, le=3650)]


class StoredAck(_Stored):
    """:class:`FlagAck` as stored."""

    flag_id: str
    reason: str
    at: str
    until: date | None
    evidence: list[str]
    severity: Literal["info", "warning", "critical"] | None


class StoredPokerVote(_Stored):
    """:class:`PokerVote` as stored."""

    participant: str
    card: DelegationLevel
    at: str


class StoredPokerRound(_Stored):
    """:class:`PokerRound` as stored."""

    id: int
    topic: str
    area_id: int | None
    member_id: int | None
    about: PokerAbout
    started_at: str
    votes: list[StoredPokerVote]
    revealed_at: str | None
    agreed: DelegationLevel | None


class StoredAgendaItem(_Stored):
    """:class:`AgendaItem` as stored."""

    kind: AgendaKind
    member_id: int | None
    area_id: int | None
    text: str | None
    status: Literal["pending", "reviewed", "skipped"]


class StoredDecision(_Stored):
    """:class:`MeetingDecision` as stored."""

    at: str
    member_id: int | None
    area_id: int | None
    text: str
    round_id: int | None


class StoredPulse(_Stored):
    """:class:`MeetingPulse` as stored."""

    member_id: int
    score: Annotated[int, msgspec.Meta(ge=1, le=5)]
    at: str
    readiness: Readiness | None


class StoredNote(_Stored):
    """:class:`MeetingNote` as stored."""

    at: str
    member_id: int | None
    text: str


class StoredReview(_Stored):
    """:class:`ReviewMeeting` as stored (its id is its key)."""

    started_at: str
    ended_at: str | None
    status: Literal["open", "closed"]
    facilitator: str
    participants: list[str]
    agenda: list[StoredAgendaItem]
    rounds: list[StoredPokerRound]
    decisions: list[StoredDecision]
    pulses: list[StoredPulse]
    notes: list[StoredNote]


STORED_FORMS: dict[type[Any], type[_Stored]] = {
    AwayPeriod: StoredAwayPeriod,
    Member: StoredMember,
    DecisionArea: StoredArea,
    AreaAgreement: StoredAreaAgreement,
    AgreementVersion: StoredAgreementVersion,
    TrustAgreement: StoredAgreement,
    RuleSettings: StoredRuleSettings,
    Settings: StoredSettings,
    FlagAck: StoredAck,
    PokerVote: StoredPokerVote,
    PokerRound: StoredPokerRound,
    AgendaItem: StoredAgendaItem,
    MeetingDecision: StoredDecision,
    MeetingPulse: StoredPulse,
    MeetingNote: StoredNote,
    ReviewMeeting: StoredReview,
}
"""Each model the workspace holds (but tasks) and its stored form: the same fields but the id."""

_S = TypeVar("_S", bound=_Stored)
_M = TypeVar("_M", bound=BaseModel)
_convert = msgspec.convert
_new = object.__new__
_set = object.__setattr__


# ---------------------------------------------------------------------------- building records


class _Maker(Generic[_M]):
    """Builds one model's records from their fields, as pydantic leaves them after validation.

    Every field is in a stored record (and an id is added from its key), so the records of one
    model share one fields set, as the tasks do: pydantic copies it before a change
    (``model_copy``), and assigning a field adds a name the set already holds. A record whose
    fields set differs (the settings of a file that has none, the workspace itself) is given its own.
    """

    __slots__ = ("fields", "fields_set", "model")

    def __init__(self, model: type[_M]) -> None:
        self.model = model
        self.fields = key_sharing_dict(model).copy
        self.fields_set = set(model.model_fields)

    def __call__(self, fields: dict[str, Any], fields_set: set[str] | None = None) -> _M:
        record: _M = _new(self.model)
        _set(record, "__dict__", fields)
        _set(record, "__pydantic_fields_set__", self.fields_set if fields_set is None else fields_set)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record


_AWAY = _Maker(AwayPeriod)
_MEMBER = _Maker(Member)
_AREA = _Maker(DecisionArea)
_AREA_AGREEMENT = _Maker(AreaAgreement)
_VERSION = _Maker(AgreementVersion)
_AGREEMENT = _Maker(TrustAgreement)
_RULE = _Maker(RuleSettings)
_SETTINGS = _Maker(Settings)
_ACK = _Maker(FlagAck)
_VOTE = _Maker(PokerVote)
_ROUND = _Maker(PokerRound)
_AGENDA = _Maker(AgendaItem)
_DECISION = _Maker(MeetingDecision)
_PULSE = _Maker(MeetingPulse)
_NOTE = _Maker(MeetingNote)
_REVIEW = _Maker(ReviewMeeting)
_WORKSPACE = _Maker(Workspace)


def _day(day: date | None) -> None:
    """Nothing when ``Day`` keeps ``day`` (from :data:`EARLIEST` to :data:`LATEST`), else NotFast."""
    if day is not None and not EARLIEST <= day <= LATEST:
        raise NotFast


def _moment_or_none(text: str | None) -> Any:
    return None if text is None else stored_moment(text)


class _Checks:
    """The checks of one read that repeat: equal texts (roles, guardrails, participants), cadences
    and area ids (the keys of the agreements' levels) are checked once."""

    __slots__ = ("cadences", "free", "ids", "lines")

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.free: set[str] = set()
        self.cadences: set[str] = set()
        self.ids: dict[str, int] = {}

    def line(self, text: str, *, required: bool = False) -> str:
        """``text`` when a one-line text type keeps it as it is (``Name``, ``Role``...), else NotFast."""
        if required and not text:
            raise NotFast  # the model refuses an empty name, title or manager
        if text not in self.lines:
            stored_line(text, required=required)
            self.lines.add(text)
        return text

    def free_text(self, text: str) -> str:
        """``text`` when a free text type (``Note``, ``Reason``, ``AckReason``) keeps it as it is, else
        NotFast: a Windows line end becomes a line end, control characters but newlines and tabs
        their visible forms."""
        if text not in self.free:
            if visible(text.replace("\r\n", "\n"), multiline=True) != text:
                raise NotFast
            self.free.add(text)
        return text

    def cadence(self, text: str) -> str:
        """``text`` when ``parse_cadence`` keeps it (``weekly``, ``10d``), else NotFast."""
        if text not in self.cadences:
            try:
                kept = parse_cadence(text) == text
            except InputError:
                kept = False
            if not kept:
                raise NotFast  # another spelling ("Weekly", "10 days"), which the model rewrites, or none
            self.cadences.add(text)
        return text


def _table(table: dict[str, Any], form: type[_S]) -> dict[str, _S]:
    """The parsed ``table`` converted to ``form`` document by document, or NotFast."""
    try:
        return _convert(table, dict[str, form])  # type: ignore[valid-type]
    except msgspec.ValidationError:
        raise NotFast from None


# ---------------------------------------------------------------------------- one decoder a table


def _away(stored: StoredAwayPeriod, checks: _Checks) -> AwayPeriod:
    start, end, reason = stored.start, stored.end, stored.reason
    _day(start)
    _day(end)
    if end < start:
        raise NotFast  # AwayPeriod refuses a last day before the first
    fields = _AWAY.fields()
    fields["start"] = start
    fields["end"] = end
    fields["reason"] = None if reason is None else checks.free_text(reason)
    return _AWAY(fields)


def decode_members(table: dict[str, Any], checks: _Checks) -> dict[int, Member]:
    """The ``members`` table as ``{int(k): Member(**v, id=int(k))}`` validates it (STORED)."""
    members: dict[int, Member] = {}
    for key, stored in _table(table, StoredMember).items():
        member_id = stored_id(key)
        _day(stored.since)
        fields = _MEMBER.fields()
        fields["id"] = member_id
        fields["name"] = checks.line(stored.name, required=True)
        fields["role"] = checks.line(stored.role)
        fields["since"] = stored.since
        fields["away"] = [_away(period, checks) for period in stored.away]
        fields["archived_at"] = _moment_or_none(stored.archived_at)
        members[member_id] = _MEMBER(fields)
    return members


def decode_areas(table: dict[str, Any], checks: _Checks) -> dict[int, DecisionArea]:
    """The ``areas`` table as ``{int(k): DecisionArea(**v, id=int(k))}`` validates it (STORED)."""
    areas: dict[int, DecisionArea] = {}
    for key, stored in _table(table, StoredArea).items():
        area_id = stored_id(key)
        fields = _AREA.fields()
        fields["id"] = area_id
        fields["name"] = checks.line(stored.name, required=True)
        fields["description"] = checks.line(stored.description)
        fields["archived_at"] = _moment_or_none(stored.archived_at)
        areas[area_id] = _AREA(fields)
    return areas


def _levels(stored: dict[str, StoredAreaAgreement], checks: _Checks) -> dict[int, AreaAgreement]:
    """An agreement's ``levels`` (a thousand or more in a large team: the loop is inlined)."""
    levels: dict[int, AreaAgreement] = {}
    new_fields, new, put, fields_set, ids = _AREA_AGREEMENT.fields, _new, _set, _AREA_AGREEMENT.fields_set, checks.ids
    for key, level in stored.items():
        area_id = ids.get(key)
        if area_id is None:
            area_id = ids[key] = stored_id(key)
        desired_by = level.desired_by
        if desired_by is not None and not EARLIEST <= desired_by <= LATEST:
            raise NotFast
        fields = new_fields()
        fields["level"] = level.level
        fields["desired"] = level.desired
        fields["desired_by"] = desired_by
        fields["readiness"] = level.readiness
        fields["self_readiness"] = level.self_readiness
        record: AreaAgreement = new(AreaAgreement)
        put(record, "__dict__", fields)
        put(record, "__pydantic_fields_set__", fields_set)
        put(record, "__pydantic_extra__", None)
        put(record, "__pydantic_private__", None)
        levels[area_id] = record
    return levels


def _terms(stored: StoredTerms, fields: dict[str, Any], checks: _Checks) -> None:
    """The fields of :class:`~delegate_tui.model.AgreementTerms` into ``fields``."""
    _day(stored.last_review)
    fields["levels"] = _levels(stored.levels, checks)
    fields["cadence"] = checks.cadence(stored.cadence)
    fields["channel"] = checks.line(stored.channel)
    fields["support"] = checks.line(stored.support)
    fields["guardrails"] = [checks.line(item) for item in stored.guardrails]
    fields["growth_goals"] = [checks.line(item) for item in stored.growth_goals]
    fields["review_every_days"] = stored.review_every_days
    fields["last_review"] = stored.last_review
    fields["acknowledged"] = stored.acknowledged


def _version(stored: StoredAgreementVersion, checks: _Checks) -> AgreementVersion:
    fields = _VERSION.fields()
    _terms(stored, fields, checks)
    fields["version"] = stored.version
    fields["changed_at"] = stored_moment(stored.changed_at)
    return _VERSION(fields)


def decode_agreements(table: dict[str, Any], checks: _Checks) -> dict[int, TrustAgreement]:
    """The ``agreements`` table as ``{int(k): TrustAgreement(**v)}`` validates it (STORED)."""
    agreements: dict[int, TrustAgreement] = {}
    for key, stored in _table(table, StoredAgreement).items():
        fields = _AGREEMENT.fields()
        _terms(stored, fields, checks)
        fields["member_id"] = stored.member_id
        fields["version"] = stored.version
        fields["changed_at"] = stored_moment(stored.changed_at)
        fields["history"] = [_version(version, checks) for version in stored.history]
        agreements[stored_id(key)] = _AGREEMENT(fields)
    return agreements


def decode_settings(doc: dict[str, Any] | None) -> Settings:
    """The settings document (None: there is none) as ``Settings.model_validate(doc or {})`` makes it."""
    if doc is None:
        # No settings written yet (a new workspace): the model's defaults, none of them set.
        fields = _SETTINGS.fields()
        for name, info in Settings.model_fields.items():
            fields[name] = info.get_default(call_default_factory=True)
        return _SETTINGS(fields, set())
    try:
        stored = _convert(doc, StoredSettings)
    except msgspec.ValidationError:
        raise NotFast from None
    fields = _SETTINGS.fields()
    rules: dict[str, RuleSettings] = {}
    for name, rule in stored.rules.items():
        rule_fields = _RULE.fields()
        rule_fields["enabled"] = rule.enabled
        rule_fields["params"] = rule.params
        rules[name] = _RULE(rule_fields)
    fields["rules"] = rules
    fields["theme"] = stored.theme
    fields["language"] = stored.language
    fields["grace_days"] = stored.grace_days
    return _SETTINGS(fields)


def decode_acks(table: dict[str, Any], checks: _Checks) -> dict[str, FlagAck]:
    """The ``acks`` table as ``{v["flag_id"]: FlagAck(**v)}`` validates it (STORED): by flag id,
    the last of two acknowledgements of one flag in the place of the first, as in a dict."""
    acks: dict[str, FlagAck] = {}
    for stored in _table(table, StoredAck).values():
        _day(stored.until)
        fields = _ACK.fields()
        fields["flag_id"] = stored.flag_id
        fields["reason"] = checks.free_text(stored.reason)
        fields["at"] = stored_moment(stored.at)
        fields["until"] = stored.until
        fields["evidence"] = stored.evidence
        fields["severity"] = stored.severity
        acks[stored.flag_id] = _ACK(fields)
    return acks


def _round(stored: StoredPokerRound, checks: _Checks) -> PokerRound:
    votes: list[PokerVote] = []
    for vote in stored.votes:
        vote_fields = _VOTE.fields()
        vote_fields["participant"] = checks.line(vote.participant, required=True)
        vote_fields["card"] = vote.card
        vote_fields["at"] = stored_moment(vote.at)
        votes.append(_VOTE(vote_fields))
    fields = _ROUND.fields()
    fields["id"] = stored.id
    fields["topic"] = checks.line(stored.topic, required=True)
    fields["area_id"] = stored.area_id
    fields["member_id"] = stored.member_id
    fields["about"] = stored.about
    fields["started_at"] = stored_moment(stored.started_at)
    fields["votes"] = votes
    fields["revealed_at"] = _moment_or_none(stored.revealed_at)
    fields["agreed"] = stored.agreed
    return _ROUND(fields)


def _agenda_item(stored: StoredAgendaItem, checks: _Checks) -> AgendaItem:
    fields = _AGENDA.fields()
    fields["kind"] = stored.kind
    fields["member_id"] = stored.member_id
    fields["area_id"] = stored.area_id
    fields["text"] = None if stored.text is None else checks.line(stored.text, required=True)
    fields["status"] = stored.status
    return _AGENDA(fields)


def _decision(stored: StoredDecision, checks: _Checks) -> MeetingDecision:
    fields = _DECISION.fields()
    fields["at"] = stored_moment(stored.at)
    fields["member_id"] = stored.member_id
    fields["area_id"] = stored.area_id
    fields["text"] = checks.line(stored.text)
    fields["round_id"] = stored.round_id
    return _DECISION(fields)


def _pulse(stored: StoredPulse) -> MeetingPulse:
    fields = _PULSE.fields()
    fields["member_id"] = stored.member_id
    fields["score"] = stored.score
    fields["at"] = stored_moment(stored.at)
    fields["readiness"] = stored.readiness
    return _PULSE(fields)


def _note(stored: StoredNote, checks: _Checks) -> MeetingNote:
    fields = _NOTE.fields()
    fields["at"] = stored_moment(stored.at)
    fields["member_id"] = stored.member_id
    fields["text"] = checks.free_text(stored.text)
    return _NOTE(fields)


def decode_reviews(table: dict[str, Any], checks: _Checks) -> dict[int, ReviewMeeting]:
    """The ``reviews`` table as ``{int(k): ReviewMeeting(**v, id=int(k))}`` validates it (STORED)."""
    reviews: dict[int, ReviewMeeting] = {}
    for key, stored in _table(table, StoredReview).items():
        review_id = stored_id(key)
        fields = _REVIEW.fields()
        fields["id"] = review_id
        fields["started_at"] = stored_moment(stored.started_at)
        fields["ended_at"] = _moment_or_none(stored.ended_at)
        fields["status"] = stored.status
        fields["facilitator"] = checks.line(stored.facilitator, required=True)
        fields["participants"] = [checks.line(name, required=True) for name in stored.participants]
        fields["agenda"] = [_agenda_item(item, checks) for item in stored.agenda]
        fields["rounds"] = [_round(item, checks) for item in stored.rounds]
        fields["decisions"] = [_decision(item, checks) for item in stored.decisions]
        fields["pulses"] = [_pulse(item) for item in stored.pulses]
        fields["notes"] = [_note(item, checks) for item in stored.notes]
        reviews[review_id] = _REVIEW(fields)
    return reviews


def _timezone(value: object) -> str | None:
    """``value`` when ``Workspace``'s validator keeps it as it is (None, or an IANA name as
    ``parse_timezone`` returns it), else NotFast."""
    if value is None:
        return None
    if type(value) is not str:
        raise NotFast
    try:
        kept = parse_timezone(value) == value
    except InputError:
        kept = False  # not a zone the model knows: its message
    if not kept:
        raise NotFast  # " UTC": the model would strip it
    return value


def decode_workspace(tables: dict[str, dict[str, Any]], tasks: dict[int, Task]) -> Workspace:
    """The workspace of the parsed workspace file ``tables`` with ``tasks`` (read by
    :func:`~delegate_tui.storage.tasks.decode_tasks`) as the store's pydantic validation makes it
    (``WorkspaceFile._model_workspace``): every record of the model's own type, with the same
    fields and fields set.

    Raises :class:`NotFast` when a table needs pydantic (to be read another way, or refused with
    its message).
    """
    meta = tables.get("meta", {}).get("1", {})
    manager = meta.get("manager", "Manager")
    if type(manager) is not str:
        raise NotFast
    checks = _Checks()
    checks.line(manager, required=True)
    timezone = _timezone(meta.get("timezone"))
    with collector_paused():
        fields = _WORKSPACE.fields()
        fields["manager"] = manager
        fields["members"] = decode_members(tables.get("members", {}), checks)
        fields["areas"] = decode_areas(tables.get("areas", {}), checks)
        fields["tasks"] = tasks
        fields["agreements"] = decode_agreements(tables.get("agreements", {}), checks)
        fields["settings"] = decode_settings(tables.get("settings", {}).get("1"))
        fields["acks"] = decode_acks(tables.get("acks", {}), checks)
        fields["reviews"] = decode_reviews(tables.get("reviews", {}), checks)
        fields["timezone"] = timezone
        # Every field is given (the store's reading names them all): each workspace its own set.
        return _WORKSPACE(fields, set(Workspace.model_fields))
