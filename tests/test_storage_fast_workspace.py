"""The fast workspace reader (msgspec) against the model (pydantic): the same workspace, or a hand-over.

Opening a workspace reads its tasks through :mod:`delegate_tui.storage.tasks` and everything else
through :mod:`delegate_tui.storage.workspace_fast`, without building any pydantic validator, but
the model stays the one truth: for a workspace file as the store writes it the fast path gives
the workspace ``WorkspaceFile._model_workspace`` gives, record for record, of the same types, with
the same fields sets (so ``exclude_unset`` dumps and JSON are unchanged); for anything else it
hands the tables over to pydantic, which reads them its own way or refuses them with its message.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import typing
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from delegate_tui import demo
from delegate_tui.meeting import new_meeting, with_decision, with_note
from delegate_tui.model import (
    AgendaItem,
    AwayPeriod,
    DecisionArea,
    FlagAck,
    Member,
    Readiness,
    ReviewMeeting,
    RuleSettings,
    Settings,
    Workspace,
)
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.store import Store
from delegate_tui.storage.tasks import NotFast, decode_tasks
from delegate_tui.storage.workspace_fast import STORED_FORMS, decode_workspace
from tests.conftest import Result
from tests.helpers.clock import NOW

_REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------- comparing workspaces


def _tables(path: Path) -> dict[str, Any]:
    tables: dict[str, Any] = orjson.loads(path.read_bytes())
    return tables


def _fast(tables: dict[str, Any]) -> Workspace:
    return decode_workspace(tables, decode_tasks(tables.get("tasks", {})))


def _pydantic(store: Store, tables: dict[str, Any]) -> Workspace:
    """The workspace as the store's pydantic validation makes all of it."""
    return store._model_workspace(tables)


def _assert_same_value(fast: object, expected: object, where: str) -> None:
    assert type(fast) is type(expected), f"{where}: {type(fast)} is not {type(expected)}"
    if isinstance(expected, BaseModel):
        assert isinstance(fast, BaseModel)
        assert fast.__pydantic_fields_set__ == expected.__pydantic_fields_set__, where
        assert fast.__pydantic_extra__ == expected.__pydantic_extra__, where
        assert fast.__pydantic_private__ == expected.__pydantic_private__, where
        assert list(fast.__dict__) == list(expected.__dict__), f"{where}: field order"
        for name, value in expected.__dict__.items():
            _assert_same_value(fast.__dict__[name], value, f"{where}.{name}")
    elif isinstance(expected, dict):
        assert isinstance(fast, dict)
        assert list(fast) == list(expected), f"{where}: keys"
        for (fast_key, value), expected_key in zip(fast.items(), expected, strict=True):
            assert type(fast_key) is type(expected_key), f"{where}: key {expected_key!r}"
            _assert_same_value(value, expected[expected_key], f"{where}[{expected_key!r}]")
    elif isinstance(expected, list):
        assert isinstance(fast, list)
        assert len(fast) == len(expected), where
        for index, (item, expected_item) in enumerate(zip(fast, expected, strict=True)):
            _assert_same_value(item, expected_item, f"{where}[{index}]")
    else:
        assert fast == expected, where
        if isinstance(expected, datetime):
            assert isinstance(fast, datetime)
            assert fast.tzinfo is expected.tzinfo, where


def _assert_same_workspace(fast: Workspace, expected: Workspace) -> None:
    assert fast == expected
    _assert_same_value(fast, expected, "workspace")
    assert fast.model_dump(mode="json") == expected.model_dump(mode="json")
    assert fast.model_dump(exclude_unset=True) == expected.model_dump(exclude_unset=True)
    assert fast.model_dump_json() == expected.model_dump_json()


def _assert_read_fast_as_pydantic(store: Store) -> Workspace:
    tables = _tables(store.path)
    fast = _fast(tables)  # raises NotFast when the store's own file is not taken fast
    _assert_same_workspace(fast, _pydantic(store, tables))
    return fast


# ---------------------------------------------------------------------------- workspaces the store wrote


_LATER = NOW + timedelta(minutes=5, microseconds=4500)  # the store writes microseconds when a moment has them


def _rich(store: Store) -> Store:
    """The sample team with everything the workspace can hold: a time zone, a language, rule
    settings, acknowledgements, away periods, agreement history, a meeting with every part."""
    workspace = store.load()
    aiko, lena = (workspace.member_named(name) for name in ("Aiko", "Lena"))
    area = next(iter(workspace.areas.values()))
    store.set_manager("Sam Rivera", now=NOW)
    store.set_timezone("Europe/Amsterdam", now=NOW)
    store.update_settings(
        lambda settings: settings.model_copy(
            update={
                "language": "nl",
                "theme": "textual-light",
                "grace_days": 30,
                "rules": {
                    "overriding": RuleSettings(enabled=False, params={"min_overrides": 3.0, "share": 0.25}),
                    "hovering": RuleSettings(params={}),
                },
            }
        ),
        now=NOW,
    )
    store.acknowledge_flag(
        FlagAck(
            flag_id="overriding:1:2",
            reason="Agreed in the 1:1.\nLine two\twith a tab.",
            at=NOW,
            until=date(2027, 1, 31),
            evidence=["2026-10-01-1", "2026-10-02-3"],
            severity="warning",
        ),
        now=NOW,
    )
    store.acknowledge_flag(FlagAck(flag_id="hovering:3", reason="ok", at=_LATER), now=NOW)
    store.add_away(aiko.id, AwayPeriod(start=date(2026, 12, 1), end=date(2026, 12, 14), reason="Leave"), now=NOW)
    store.add_away(aiko.id, AwayPeriod(start=date(2027, 2, 1), end=date(2027, 2, 1)), now=NOW)
    store.set_agreement(
        lena.id,
        lambda terms: terms.model_copy(
            update={"cadence": "10d", "guardrails": [*terms.guardrails, "Ask before a spend over 5k."]}
        ),
        now=_LATER,
    )
    store.set_agreement(lena.id, lambda terms: terms.model_copy(update={"cadence": "on-request"}), now=_LATER)
    meeting = store.start_meeting(
        new_meeting(
            facilitator="Sam Rivera",
            participants=[aiko.name, lena.name],
            agenda=[
                AgendaItem(kind="review_due", member_id=aiko.id),
                AgendaItem(kind="added", text="Budget for the offsite", status="skipped"),
            ],
            at=NOW,
        ),
        now=NOW,
    )
    poker = store.start_poker_round(meeting.id, topic=area.name, area_id=area.id, member_id=aiko.id, now=NOW)
    store.cast_vote(meeting.id, poker.id, "Sam Rivera", 4, now=NOW)
    store.cast_vote(meeting.id, poker.id, aiko.name, 6, now=_LATER)
    store.reveal_round(meeting.id, poker.id, now=_LATER)
    store.start_poker_round(meeting.id, topic="A customer escalation at night", about="desired", now=_LATER)
    store.record_meeting_pulse(meeting.id, aiko.id, 4, readiness=Readiness.D3, now=_LATER)
    store.update_meeting(
        meeting.id,
        lambda m: with_note(with_decision(m, "Hiring moves to 5 Advise.", NOW, member_id=aiko.id), "Private.\n", NOW),
        now=NOW,
    )
    store.close_meeting(meeting.id, now=_LATER)
    store.start_meeting(new_meeting(facilitator="Sam Rivera", participants=[lena.name], agenda=[], at=_LATER), now=NOW)
    return store


@pytest.fixture
def rich_store(sample_store: Store) -> Store:
    return _rich(sample_store)


def test_the_sample_team_is_read_fast_as_pydantic_reads_it(sample_store: Store) -> None:
    fast = _assert_read_fast_as_pydantic(sample_store)
    assert fast.agreements and any(agreement.history for agreement in fast.agreements.values())
    assert any(member.away for member in fast.members.values())


@pytest.mark.parametrize(
    "args",
    [("--seed", "1"), ("--seed", "7"), ("--seed", "2026"), ("--members", "12", "--tasks", "80", "--seed", "3")],
    ids=["seed-1", "seed-7", "seed-2026", "large"],
)
def test_a_delegate_demo_workspace_is_read_fast_as_pydantic_reads_it(
    cli: Callable[..., Result], db_path: Path, args: tuple[str, ...]
) -> None:
    assert cli("demo", *args, "--at", NOW.isoformat()).code == 0
    _assert_read_fast_as_pydantic(Store(db_path))


def test_a_workspace_with_everything_is_read_fast_as_pydantic_reads_it(rich_store: Store) -> None:
    fast = _assert_read_fast_as_pydantic(rich_store)
    assert fast.timezone == "Europe/Amsterdam"
    assert fast.settings.language == "nl"
    assert fast.settings.rules["overriding"].params == {"min_overrides": 3.0, "share": 0.25}
    assert len(fast.acks) == 2
    assert fast.acks["overriding:1:2"].until == date(2027, 1, 31)
    aiko = fast.member_named("Aiko")
    assert [period.end for period in aiko.away][-2:] == [date(2026, 12, 14), date(2027, 2, 1)]
    lena = fast.agreements[fast.member_named("Lena").id]
    assert lena.cadence == "on-request"
    assert [version.cadence for version in lena.history][-1] == "10d"
    closed, open_meeting = fast.reviews.values()
    assert closed.status == "closed"
    assert [len(round_.votes) for round_ in closed.rounds] == [2, 0]
    assert closed.rounds[0].revealed_at is not None
    assert closed.pulses[0].readiness is Readiness.D3
    assert closed.notes[0].text == "Private.\n"
    assert closed.agenda[1].text == "Budget for the offsite"
    assert open_meeting.status == "open"


def test_a_new_workspace_without_settings_is_read_fast_with_nothing_set(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.json")
    store.add_member("Ann", now=NOW)
    tables = _tables(store.path)
    assert "settings" not in tables and "timezone" not in tables["meta"]["1"]
    fast = _assert_read_fast_as_pydantic(store)
    assert fast.settings.__pydantic_fields_set__ == set()
    assert fast.settings == Settings()


def test_whole_numbers_among_the_thresholds_become_floats_as_pydantic_makes_them(rich_store: Store) -> None:
    tables = _tables(rich_store.path)
    tables["settings"]["1"]["rules"]["overriding"]["params"] = {"min_overrides": 3, "share": 1}
    fast = _fast(tables)
    _assert_same_workspace(fast, _pydantic(rich_store, tables))
    params = fast.settings.rules["overriding"].params
    assert params == {"min_overrides": 3.0, "share": 1.0}
    assert all(type(value) is float for value in params.values())


def test_the_stored_forms_have_exactly_the_fields_and_literals_of_the_models() -> None:
    keyed = {Member, DecisionArea, ReviewMeeting}  # their id is the table's key
    for model, form in STORED_FORMS.items():
        expected = set(model.model_fields) - ({"id"} if model in keyed else set())
        assert set(form.__struct_fields__) == expected, model.__name__
        assert not any(name in form.__struct_defaults__ for name in form.__struct_fields__), model.__name__
        hints = typing.get_type_hints(form)
        for name, info in model.model_fields.items():
            origins = {typing.get_origin(info.annotation), *map(typing.get_origin, typing.get_args(info.annotation))}
            if typing.Literal in origins:
                assert hints[name] == info.annotation, f"{model.__name__}.{name}"


# ---------------------------------------------------------------------------- generated tables

_WORDS = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "M")), min_size=1, max_size=6)
_LINE = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)
_OPTIONAL_LINE = st.just("") | _LINE
_FREE = st.lists(_WORDS | st.sampled_from([" ", "\n", "\t", "  "]), min_size=0, max_size=5).map("".join)
_DAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
_MOMENT = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59, 59)).map(
    lambda moment: moment.replace(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
)
_LEVEL = st.integers(1, 7)
_READINESS = st.sampled_from([None, "D1", "D2", "D3", "D4"])
_CADENCE = st.sampled_from(["daily", "twice-weekly", "weekly", "biweekly", "monthly", "on-request"]) | st.integers(
    1, 365
).map(lambda days: f"{days}d")
_ID = st.integers(0, 40)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _days_in_order() -> st.SearchStrategy[tuple[date, date]]:
    return st.tuples(_DAY, _DAY).map(sorted).map(tuple)  # type: ignore[arg-type]


_AWAY = _days_in_order().flatmap(
    lambda days: st.fixed_dictionaries(
        {"start": st.just(days[0].isoformat()), "end": st.just(days[1].isoformat()), "reason": _optional(_FREE)}
    )
)
_MEMBER = st.fixed_dictionaries(
    {
        "name": _LINE,
        "role": _OPTIONAL_LINE,
        "since": _optional(_DAY.map(date.isoformat)),
        "away": st.lists(_AWAY, max_size=2),
        "archived_at": _optional(_MOMENT),
    }
)
_AREA = st.fixed_dictionaries({"name": _LINE, "description": _OPTIONAL_LINE, "archived_at": _optional(_MOMENT)})
_AREA_AGREEMENT = st.fixed_dictionaries(
    {
        "level": _LEVEL,
        "desired": _optional(_LEVEL),
        "desired_by": _optional(_DAY.map(date.isoformat)),
        "readiness": _READINESS,
        "self_readiness": _READINESS,
    }
)
_TERMS = {
    "levels": st.dictionaries(_ID.map(str), _AREA_AGREEMENT, max_size=3),
    "cadence": _CADENCE,
    "channel": _OPTIONAL_LINE,
    "support": _OPTIONAL_LINE,
    "guardrails": st.lists(_LINE, max_size=2),
    "growth_goals": st.lists(_OPTIONAL_LINE, max_size=2),
    "review_every_days": st.integers(1, 3650),
    "last_review": _optional(_DAY.map(date.isoformat)),
    "acknowledged": st.booleans(),
}
_VERSION = st.fixed_dictionaries({**_TERMS, "version": st.integers(1, 9), "changed_at": _MOMENT})
_AGREEMENT = st.fixed_dictionaries(
    {
        **_TERMS,
        "member_id": _ID,
        "version": st.integers(1, 9),
        "changed_at": _MOMENT,
        "history": st.lists(_VERSION, max_size=2),
    }
)
_NUMBER = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-(10**6), 10**6)
_SETTINGS = st.fixed_dictionaries(
    {
        "rules": st.dictionaries(
            _WORDS,
            st.fixed_dictionaries({"enabled": st.booleans(), "params": st.dictionaries(_WORDS, _NUMBER, max_size=3)}),
            max_size=2,
        ),
        "theme": _optional(_WORDS),
        "language": st.sampled_from([None, "en", "nl"]),
        "grace_days": st.integers(0, 3650),
    }
)
_ACK = st.fixed_dictionaries(
    {
        "flag_id": st.sampled_from(["a:1", "b:2", "c"]),
        "reason": _FREE,
        "at": _MOMENT,
        "until": _optional(_DAY.map(date.isoformat)),
        "evidence": st.lists(_WORDS, max_size=2),
        "severity": st.sampled_from([None, "info", "warning", "critical"]),
    }
)
_VOTE = st.fixed_dictionaries({"participant": _LINE, "card": _LEVEL, "at": _MOMENT})
_ROUND = st.fixed_dictionaries(
    {
        "id": st.integers(1, 5),
        "topic": _LINE,
        "area_id": _optional(_ID),
        "member_id": _optional(_ID),
        "about": st.sampled_from(["current", "desired"]),
        "started_at": _MOMENT,
        "votes": st.lists(_VOTE, max_size=2),
        "revealed_at": _optional(_MOMENT),
        "agreed": _optional(_LEVEL),
    }
)
_REVIEW = st.fixed_dictionaries(
    {
        "started_at": _MOMENT,
        "ended_at": _optional(_MOMENT),
        "status": st.sampled_from(["open", "closed"]),
        "facilitator": _LINE,
        "participants": st.lists(_LINE, max_size=3),
        "agenda": st.lists(
            st.fixed_dictionaries(
                {
                    "kind": st.sampled_from(["review_due", "control_flags", "desired_gap", "growth_goal_due", "added"]),
                    "member_id": _optional(_ID),
                    "area_id": _optional(_ID),
                    "text": _optional(_LINE),
                    "status": st.sampled_from(["pending", "reviewed", "skipped"]),
                }
            ),
            max_size=2,
        ),
        "rounds": st.lists(_ROUND, max_size=2),
        "decisions": st.lists(
            st.fixed_dictionaries(
                {
                    "at": _MOMENT,
                    "member_id": _optional(_ID),
                    "area_id": _optional(_ID),
                    "text": _OPTIONAL_LINE,
                    "round_id": _optional(st.integers(1, 5)),
                }
            ),
            max_size=2,
        ),
        "pulses": st.lists(
            st.fixed_dictionaries(
                {"member_id": _ID, "score": st.integers(1, 5), "at": _MOMENT, "readiness": _READINESS}
            ),
            max_size=2,
        ),
        "notes": st.lists(
            st.fixed_dictionaries({"at": _MOMENT, "member_id": _optional(_ID), "text": _FREE}), max_size=2
        ),
    }
)
_META = st.fixed_dictionaries(
    {"schema_version": st.just(2)},
    optional={
        "manager": _LINE,
        "timezone": st.sampled_from([None, "UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata"]),
    },
)


def _table(doc: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(_ID.map(str), doc, max_size=3)


_STORED_TABLES = st.fixed_dictionaries(
    {
        "meta": _META.map(lambda meta: {"1": meta}),
        "members": _table(_MEMBER),
        "areas": _table(_AREA),
        "agreements": _table(_AGREEMENT),
        "acks": _table(_ACK),
        "reviews": _table(_REVIEW),
        "tasks": st.just({}),
    },
    optional={"settings": _SETTINGS.map(lambda settings: {"1": settings})},
)

# fmt: off
_ODD_VALUES = [
    None, True, False, 0, -1, 8, 3.0, 2.5, 2**70, "", " ", " x", "x  y", "x\x1b[2J", "x\r\ny", "x\u202e",
    "5", "Advise", "Weekly", "10 days", "d2", "D5", "fr", "later", "2026-02-30", "1899-12-31", "2201-01-01",
    "2026-11-02T09:00:00", "2026-11-02T11:00:00+02:00", "2026-11-02T09:00:00.000000Z", " UTC", "Mars/Base",
    [], {}, ["x"], {"x": 1},
]
# fmt: on


def _paths(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def workspace_tables(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    """Tables as the store writes them, and whether they were left so: half the time one value
    is replaced by an odd one, one field removed or an unknown field added."""
    tables = draw(_STORED_TABLES)
    paths = [path for path in _paths(tables) if len(path) > 2]  # inside a document
    odd = bool(paths) and draw(st.booleans())
    if odd:
        path = draw(st.sampled_from(paths))
        parent: Any = tables
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["value", "value", "missing", "extra"]))
        if how == "value" or isinstance(parent, list):
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(_ODD_VALUES)))
        elif how == "missing":
            del parent[path[-1]]
        else:
            parent[draw(st.sampled_from(["colour", "id", "notes_"]))] = "blue"
    return tables, odd


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workspace_tables())
def test_generated_tables_are_read_fast_as_pydantic_reads_them_or_handed_over(
    tmp_path_factory: pytest.TempPathFactory, drawn: tuple[dict[str, Any], bool]
) -> None:
    tables, odd = drawn
    store = _empty_store(tmp_path_factory)
    try:
        expected: Workspace | None = _pydantic(store, tables)
    except WorkspaceError:
        expected = None
    try:
        fast = _fast(tables)
    except NotFast:
        assert odd, "the fast reader handed over tables as the store writes them"
        return
    assert expected is not None, "the fast reader accepted tables the model refuses"
    _assert_same_workspace(fast, expected)


_STORES: dict[str, Store] = {}


def _empty_store(factory: pytest.TempPathFactory) -> Store:
    """A store to call ``_model_workspace`` on (it names its path in messages only)."""
    if "empty" not in _STORES:
        _STORES["empty"] = Store(factory.mktemp("empty") / "workspace.json")
    return _STORES["empty"]


# ---------------------------------------------------------------------------- one deviation at a time


def _member(tables: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    return next((key, doc) for key, doc in tables["members"].items() if doc["name"].startswith(name))


def _agreement(tables: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = _agreement_of(tables, "Lena")
    return doc


def _agreement_of(tables: dict[str, Any], name: str) -> dict[str, Any]:
    key, _doc = _member(tables, name)
    agreement: dict[str, Any] = tables["agreements"][key]
    return agreement


def _closed_review(tables: dict[str, Any]) -> dict[str, Any]:
    review: dict[str, Any] = next(doc for doc in tables["reviews"].values() if doc["status"] == "closed")
    return review


def _first_level(tables: dict[str, Any]) -> dict[str, Any]:
    level: dict[str, Any] = next(iter(_agreement(tables)["levels"].values()))
    return level


def _away(tables: dict[str, Any]) -> dict[str, Any]:
    period: dict[str, Any] = next(p for p in _member(tables, "Aiko")[1]["away"] if p["start"] == "2026-12-01")
    return period


def _set(
    get: Callable[[dict[str, Any]], dict[str, Any]], field: str, value: object
) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        get(tables)[field] = value

    return change


def _drop(get: Callable[[dict[str, Any]], dict[str, Any]], field: str) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        del get(tables)[field]

    return change


def _rekey(table: str, new_key: str) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        key = next(iter(tables[table]))
        tables[table] = {(new_key if k == key else k): doc for k, doc in tables[table].items()}

    return change


def _meta(tables: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = tables["meta"]["1"]
    return meta


def _settings(tables: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = tables["settings"]["1"]
    return doc


def _rule(tables: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = _settings(tables)["rules"]["overriding"]
    return rule


def _ack(tables: dict[str, Any]) -> dict[str, Any]:
    ack: dict[str, Any] = next(iter(tables["acks"].values()))
    return ack


def _history(tables: dict[str, Any]) -> dict[str, Any]:
    version: dict[str, Any] = _agreement(tables)["history"][-1]
    return version


def _area(tables: dict[str, Any]) -> dict[str, Any]:
    area: dict[str, Any] = next(iter(tables["areas"].values()))
    return area


def _round(tables: dict[str, Any]) -> dict[str, Any]:
    poker: dict[str, Any] = _closed_review(tables)["rounds"][0]
    return poker


def _vote(tables: dict[str, Any]) -> dict[str, Any]:
    vote: dict[str, Any] = _round(tables)["votes"][0]
    return vote


def _pulse(tables: dict[str, Any]) -> dict[str, Any]:
    pulse: dict[str, Any] = _closed_review(tables)["pulses"][0]
    return pulse


def _note(tables: dict[str, Any]) -> dict[str, Any]:
    note: dict[str, Any] = _closed_review(tables)["notes"][0]
    return note


def _agenda(tables: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = _closed_review(tables)["agenda"][1]
    return item


def _decision(tables: dict[str, Any]) -> dict[str, Any]:
    decision: dict[str, Any] = _closed_review(tables)["decisions"][0]
    return decision


def _participants(value: object) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        _closed_review(tables)["participants"][1] = value

    return change


def _guardrail(value: object) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        _agreement(tables)["guardrails"][-1] = value

    return change


def _level_key(new_key: str) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        levels = _agreement(tables)["levels"]
        first = next(iter(levels))
        _agreement(tables)["levels"] = {(new_key if key == first else key): doc for key, doc in levels.items()}

    return change


def _member_id_as_text(tables: dict[str, Any]) -> None:
    _agreement(tables)["member_id"] = str(_agreement(tables)["member_id"])


def _empty_title_after_empty_channel(tables: dict[str, Any]) -> None:
    _agreement(tables)["channel"] = ""  # read before the meetings, and kept
    _agenda(tables)["text"] = ""  # a Title, which the model refuses empty


def _no_settings_doc(tables: dict[str, Any]) -> None:
    tables["settings"] = {"1": {}}


def _twice_acknowledged(tables: dict[str, Any]) -> None:
    first = next(iter(tables["acks"].values()))
    tables["acks"]["9"] = {**first, "reason": "Again."}


# Each validator (or type) the fast reader mirrors, and a value it would keep but not as it is, or
# refuse: the fast reader hands over, and the store opens what pydantic makes (OPENS) or gives
# pydantic's message (the part shown).
OPENS = "opens"
DEVIATIONS: list[Any] = [
    # meta: ManagerName and the time zone (parse_timezone)
    pytest.param(_set(_meta, "manager", "  Sam   Rivera "), OPENS, id="manager-spaces"),
    pytest.param(_set(_meta, "manager", "Sam\x1b[2J"), OPENS, id="manager-escape"),
    pytest.param(_set(_meta, "manager", ""), "manager", id="manager-empty"),
    pytest.param(_set(_meta, "manager", 5), "manager", id="manager-number"),
    pytest.param(_set(_meta, "timezone", " Europe/Amsterdam "), OPENS, id="timezone-spaces"),
    pytest.param(_set(_meta, "timezone", "Mars/Olympus"), "timezone", id="timezone-unknown"),
    pytest.param(_set(_meta, "timezone", "../etc/passwd"), "timezone", id="timezone-path"),
    pytest.param(_set(_meta, "timezone", 1), "timezone", id="timezone-number"),
    # members: Name, Role, Day, Moment, fields, keys
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "name", " Aiko  Tanaka"), OPENS, id="name-spaces"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "name", "Aiko\u202e"), OPENS, id="name-bidi"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "name", " "), "members.", id="name-blank"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "role", "Staff\tEngineer"), OPENS, id="role-tab"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "since", "1899-12-31"), "since", id="since-too-early"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "since", "2026-11-02T00:00:00"), OPENS, id="since-moment"),
    pytest.param(
        _set(lambda t: _member(t, "Aiko")[1], "archived_at", "2026-11-02T11:00:00+02:00"), OPENS, id="archived-zone"
    ),
    pytest.param(_drop(lambda t: _member(t, "Aiko")[1], "role"), OPENS, id="member-field-missing"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "colour", "blue"), "colour", id="member-unknown-field"),
    pytest.param(_set(lambda t: _member(t, "Aiko")[1], "id", 99), OPENS, id="member-stored-id"),
    pytest.param(_rekey("areas", "+1"), OPENS, id="area-key-sign"),
    pytest.param(_rekey("areas", "one"), "unexpected shape", id="area-key-word"),
    # away periods: AwayPeriod._end, Reason
    pytest.param(_set(_away, "end", "2026-11-30"), "must not be before", id="away-ends-before-start"),
    pytest.param(_set(_away, "reason", "Leave\r\nagain"), OPENS, id="away-reason-windows-line-end"),
    pytest.param(_set(_away, "reason", "Leave\x1b]2;x\x07"), OPENS, id="away-reason-escape"),
    pytest.param(_set(_away, "start", "2026-12-01T00:00:00Z"), OPENS, id="away-start-moment"),
    # areas: Description
    pytest.param(_set(_area, "description", "Who joins\u2028the team"), OPENS, id="description-separator"),
    pytest.param(_set(_area, "name", ""), "areas.", id="area-name-empty"),
    # agreements: AreaAgreement._level, Readiness, parse_cadence, review days, bool, keys
    pytest.param(_set(_first_level, "level", "Advise"), OPENS, id="level-by-name"),
    pytest.param(_set(_first_level, "level", "5"), OPENS, id="level-as-text"),
    pytest.param(_set(_first_level, "level", 9), "level", id="level-out-of-range"),
    pytest.param(_set(_first_level, "desired", "7 Delegate"), OPENS, id="desired-by-name"),
    pytest.param(_set(_first_level, "readiness", "d2"), "readiness", id="readiness-lower-case"),
    pytest.param(_set(_first_level, "desired_by", "2201-01-01"), "desired_by", id="desired-by-too-late"),
    pytest.param(_level_key("01"), OPENS, id="level-key-leading-zero"),
    pytest.param(_set(_agreement, "cadence", "Weekly"), OPENS, id="cadence-spelling"),
    pytest.param(_set(_agreement, "cadence", "10 days"), OPENS, id="cadence-days"),
    pytest.param(_set(_agreement, "cadence", "hourly"), "cadence", id="cadence-unknown"),
    pytest.param(_set(_agreement, "review_every_days", 0), "review_every_days", id="review-days-zero"),
    pytest.param(_set(_agreement, "review_every_days", 90.0), OPENS, id="review-days-float"),
    pytest.param(_set(_agreement, "acknowledged", 1), OPENS, id="acknowledged-number"),
    pytest.param(_member_id_as_text, OPENS, id="member-id-text"),
    pytest.param(_guardrail("Ask  first"), OPENS, id="guardrail-spaces"),
    pytest.param(_set(_agreement, "channel", "1:1\x00"), OPENS, id="channel-control"),
    pytest.param(_set(_history, "cadence", "fortnightly"), OPENS, id="history-cadence-alias"),
    pytest.param(_set(_history, "changed_at", "2026-11-02T09:00:00"), OPENS, id="history-naive-moment"),
    pytest.param(_drop(_history, "support"), OPENS, id="history-field-missing"),
    # settings: RuleSettings, Settings
    pytest.param(_set(_settings, "grace_days", 4000), "grace_days", id="grace-days-too-many"),
    pytest.param(_set(_settings, "language", "fr"), "language", id="language-unknown"),
    pytest.param(_set(_rule, "params", {"share": "0.5"}), OPENS, id="param-as-text"),
    pytest.param(_set(_rule, "params", {"share": True}), OPENS, id="param-as-bool"),
    pytest.param(_set(_rule, "enabled", "false"), OPENS, id="enabled-as-text"),
    pytest.param(_drop(_settings, "theme"), OPENS, id="settings-field-missing"),
    pytest.param(_no_settings_doc, OPENS, id="settings-empty"),
    # acknowledgements: AckReason, Day, literal, the flag id as key
    pytest.param(_set(_ack, "reason", "ok\r\nfine"), OPENS, id="ack-reason-windows-line-end"),
    pytest.param(_set(_ack, "reason", "ok\rfine"), OPENS, id="ack-reason-carriage-return"),
    pytest.param(_set(_ack, "severity", "high"), "severity", id="ack-severity-unknown"),
    pytest.param(_set(_ack, "until", "2201-01-01"), "until", id="ack-until-too-late"),
    pytest.param(_set(_ack, "at", "2026-11-02T11:00:00+02:00"), OPENS, id="ack-at-zone"),
    pytest.param(_drop(_ack, "flag_id"), "flag_id", id="ack-without-flag-id"),
    pytest.param(_drop(_ack, "severity"), OPENS, id="ack-field-missing"),
    # review meetings: Name, Title, Description, Note, PokerVote._card, literals, the pulse's score
    pytest.param(_set(_closed_review, "facilitator", "Sam  Rivera"), OPENS, id="facilitator-spaces"),
    pytest.param(_participants(""), "participants", id="participant-empty"),
    pytest.param(_set(_closed_review, "status", "done"), "status", id="review-status-unknown"),
    pytest.param(_set(_vote, "card", "Advise"), OPENS, id="card-by-name"),
    pytest.param(_set(_vote, "card", 0), "card", id="card-out-of-range"),
    pytest.param(_set(_round, "topic", " Hiring"), OPENS, id="topic-spaces"),
    pytest.param(_set(_round, "agreed", 8), "agreed", id="agreed-out-of-range"),
    pytest.param(_set(_round, "agreed", "5"), OPENS, id="agreed-as-text"),
    pytest.param(_set(_round, "about", "later"), "about", id="about-unknown"),
    pytest.param(_set(_pulse, "score", 6), "score", id="score-out-of-range"),
    pytest.param(_set(_pulse, "score", 4.0), OPENS, id="score-float"),
    pytest.param(_set(_note, "text", "Private \x1b[31m"), OPENS, id="note-escape"),
    pytest.param(_set(_agenda, "text", "Budget  offsite"), OPENS, id="agenda-text-spaces"),
    pytest.param(_set(_agenda, "text", ""), "agenda", id="agenda-text-empty"),
    pytest.param(_empty_title_after_empty_channel, "agenda", id="agenda-text-empty-after-empty-channel"),
    pytest.param(_set(_decision, "text", "Moves\x85on"), OPENS, id="decision-text-control"),
    pytest.param(_set(_closed_review, "ended_at", "2026-11-02T09:00:00.000000Z"), OPENS, id="ended-at-zero-micros"),
    pytest.param(_rekey("reviews", "0001"), OPENS, id="review-key-zeros"),
    pytest.param(_twice_acknowledged, None, id="one-flag-acknowledged-twice"),  # taken fast: the last one wins
]


@pytest.fixture(scope="module")
def rich_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The rich workspace's tables, written by the store once for every deviation."""
    path = tmp_path_factory.mktemp("rich") / "workspace.json"
    store = Store(path)
    workspace, events = demo.sample(1, NOW)
    store.replace_everything(workspace, events, NOW)
    return _tables(_rich(store).path)


def _pydantic_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the whole workspace through pydantic, as before any fast path."""

    def refuse(table: object) -> dict[int, Any]:
        raise NotFast

    monkeypatch.setattr("delegate_tui.storage.workspace_file.decode_tasks", refuse)


def _opened(path: Path) -> Workspace | str:
    try:
        return Store(path).load()
    except WorkspaceError as error:
        return str(error)


@pytest.mark.parametrize(("change", "outcome"), DEVIATIONS)
def test_a_table_not_as_the_store_writes_it_is_left_to_pydantic(
    rich_tables: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any]], None],
    outcome: str | None,
) -> None:
    tables = copy.deepcopy(rich_tables)
    assert _fast(copy.deepcopy(tables)) is not None  # the tables as written are taken fast
    change(tables)
    path = tmp_path / "workspace.json"
    path.write_bytes(orjson.dumps(tables))
    if outcome is None:
        _fast(tables)  # taken fast (compared below)
    else:
        with pytest.raises(NotFast):
            _fast(tables)
    opened = _opened(path)
    _pydantic_only(monkeypatch)
    expected = _opened(path)
    if outcome is None or outcome == OPENS:
        assert isinstance(expected, Workspace), expected
        assert isinstance(opened, Workspace), opened
        _assert_same_workspace(opened, expected)
    else:
        assert isinstance(expected, str), "pydantic was expected to refuse this"
        assert outcome in expected
        assert opened == expected


# ---------------------------------------------------------------------------- nothing of pydantic's built


_PROBE = """
import json, sys
from pydantic import BaseModel
from delegate_tui.storage.store import Store

before = "importlib.metadata" in sys.modules
workspace = Store(sys.argv[1]).load()
assert workspace.members and workspace.agreements and workspace.reviews and workspace.acks
models = []
def walk(cls):
    for sub in cls.__subclasses__():
        models.append(sub)
        walk(sub)
walk(BaseModel)
built = sorted(
    cls.__qualname__ for cls in models
    if cls.__module__.startswith("delegate_tui")
    and type(cls.__dict__.get("__pydantic_validator__")).__name__ != "MockValSer"
)
print(json.dumps({
    "built": built,
    "workspace": type(workspace.__class__.__pydantic_validator__).__name__,
    "metadata_before": before,
    "metadata": "importlib.metadata" in sys.modules,
}))
"""


def test_opening_a_workspace_the_store_wrote_builds_no_pydantic_validator(
    rich_tables: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "workspace.json"
    path.write_bytes(orjson.dumps(rich_tables))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)],
        cwd=_REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "DELEGATE_LANG": "en", "PYTHONPATH": str(_REPO)},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["built"] == []
    assert report["workspace"] == "MockValSer"
    # Nothing else imports it either: pydantic's plugin loader did, when it built the validator.
    assert not report["metadata_before"]
    assert not report["metadata"]
