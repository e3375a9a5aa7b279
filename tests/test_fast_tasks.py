"""The fast task reader (msgspec) against the model (pydantic): the same tasks, or a hand-over.

Opening a workspace reads its tasks through :mod:`delegate_tui.storage.tasks` without pydantic,
but the domain model stays the one truth: for any tasks table, the fast path gives tasks equal to
what ``Task.model_validate({**doc, "id": int(key)}, context=STORED)`` gives, field for field, of
the same types and in the same order (the backup writes that order), or it hands the table over
to pydantic, which reads or refuses it with its own message. It never accepts what the model
refuses, and it takes only what the store itself writes back unchanged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from delegate_tui.model import STORED, DelegationLevel, Task, TaskStatus
from delegate_tui.storage import tasks as fast_tasks
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.store import Store
from delegate_tui.storage.tasks import NotFast, StoredTask, decode_tasks
from tests.conftest import NOW

_WORDS = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "M")), min_size=1, max_size=8)
_VALID_TITLE = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_ODD_TITLE = st.one_of(
    _VALID_TITLE.map(lambda title: f" {title}"),
    _VALID_TITLE.map(lambda title: f"{title}  again"),
    st.lists(
        _WORDS | st.sampled_from([" ", "  ", "\t", "\xa0", "\u3000", "\u2009", "\x1f", "\x85", "\n", "\r\n"]),
        max_size=6,
    ).map("".join),
    st.lists(
        _WORDS | st.sampled_from(["\x1b", "\x1b]2;owned\x07", "\u202e", "\x9b", "\x00", "\u2028", "\x7f"]), max_size=5
    ).map("".join),
    st.sampled_from(["", "   ", "x" * 201, "Ünïcødé ✓ 任务 🙂", "e\u0301", 5, None, ["Deploy"]]),
)
_VALID_MOMENT = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59, 59)).map(
    lambda moment: moment.replace(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
)
_ODD_MOMENT = st.one_of(
    st.datetimes(
        min_value=datetime(1899, 12, 30),
        max_value=datetime(2201, 1, 2),
        timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=5)), timezone(timedelta(hours=-9))]),
    ).map(datetime.isoformat),
    st.datetimes(min_value=datetime(1899, 12, 30), max_value=datetime(2201, 1, 2)).map(datetime.isoformat),  # naive
    st.datetimes(min_value=datetime(1899, 12, 30), max_value=datetime(2201, 1, 2)).map(
        lambda moment: moment.isoformat(timespec="seconds") + "Z"
    ),
    st.sampled_from(
        [
            "2026-11-01T10:00:00.000000Z",
            "2026-11-01T10:00:00.5Z",
            "2026-11-01T10:00:00.1234567",
            "2026-11-01T10:00:00.123456+",
            "2026-11-01T10:00:00,123456Z",
            "2026-11-01 10:00:00Z",
            "2026-11-01t10:00:00Z",
            "2026-11-01T10:00:00z",
            "2026-11-01T10:00:00+00:00",
            "2025-W23-2T19:24:07Z",
            "2025-06-03T19:24.50Z",
            "2025-06-03T192407.5Z",
            "20250603T19:24:07.12Z",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-01T24:00:00Z",
            "2026-11-01T23:59:60Z",
            "1899-12-31T23:59:59Z",
            "2201-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "２０２６-11-01T10:00:00Z",
            "2026-11-01",
            "yesterday",
            "",
            1_700_000_000,
            None,
        ]
    ),
)
_VALID_DAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)).map(date.isoformat)
_ODD_DAY = st.one_of(
    st.dates(min_value=date(1899, 12, 1), max_value=date(2201, 1, 31)).map(date.isoformat),
    st.sampled_from(
        ["2026-02-30", "2026-11-01T00:00:00", "20261101", "2026-W45-1", "2026-11-01 ", "soon", "", 20261101, True]
    ),
)
_ODD_NUMBER = st.sampled_from([True, False, 1.0, 2.5, "3", " 3", -1, 0, 2**63, 2**70, -(2**70), [1]])
_ODD_LEVEL = st.sampled_from([0, 8, -1, 2**70, "5", " 5", "Advise", "advise", "5 Advise", "Raadplegen", 5.0, True])
_ODD_STATUS = st.sampled_from(["Open", "in-progress", "in_progress", " open", "later", "", 1])
_ODD_KEY = st.sampled_from(["007", "0", " 7", "+7", "7_0", "٧", "²", "x", "", "1" * 19, "1" * 5000])


_FIELDS: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    # Each field's usual values (what the store writes) and its odd ones, in the file's (sorted) order.
    "archived_at": (st.none() | _VALID_MOMENT, _ODD_MOMENT),
    "area_id": (st.none() | st.integers(1, 20), _ODD_NUMBER),
    "created_at": (_VALID_MOMENT, _ODD_MOMENT),
    "due": (st.none() | _VALID_DAY, _ODD_DAY),
    "level": (st.integers(1, 7), _ODD_LEVEL),
    "owner_id": (st.integers(0, 300), _ODD_NUMBER),
    "status": (st.sampled_from([status.value for status in TaskStatus]), _ODD_STATUS),
    "title": (_VALID_TITLE, _ODD_TITLE),
}


@st.composite
def task_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A task as the workspace file may hold it: mostly what the store writes, three times in five not."""
    odd = draw(st.sampled_from([None, None, "values", "missing", "extra"]))
    # One or two odd things at a time: with more, one plainly bad value would hide the others.
    unusual = draw(st.sets(st.sampled_from(sorted(_FIELDS)), min_size=1, max_size=2)) if odd == "values" else set()
    doc: dict[str, Any] = {
        name: draw(odd_values if name in unusual else usual) for name, (usual, odd_values) in _FIELDS.items()
    }
    if odd == "missing":
        for key in draw(st.sets(st.sampled_from(sorted(doc)), min_size=1, max_size=2)):
            del doc[key]  # a file written by hand, or before a field existed
    if odd == "extra":
        # A field the model does not know; "id" is overridden by the key in the model.
        doc[draw(st.sampled_from(["colour", "id", "notes"]))] = draw(st.sampled_from(["blue", 3, None]))
    return doc


@st.composite
def task_tables(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    keys = draw(st.lists(st.integers(1, 60).map(str) | _ODD_KEY, max_size=3))
    return {key: draw(task_docs()) for key in keys}


def _model_reading(table: dict[str, dict[str, Any]]) -> dict[int, Task] | None:
    """The tasks as the workspace file's pydantic validation makes them, or None when it refuses."""
    try:
        return {int(key): Task.model_validate({**doc, "id": int(key)}, context=STORED) for key, doc in table.items()}
    except (ValidationError, ValueError):  # ValueError: a key int() cannot read
        return None


def _assert_same_task(fast: Task, expected: Task) -> None:
    assert fast == expected
    assert list(fast.__dict__) == list(expected.__dict__), "field order (the backup's order) differs"
    for name, value in expected.__dict__.items():
        assert type(fast.__dict__[name]) is type(value), name
        assert getattr(fast.__dict__[name], "tzinfo", None) is getattr(value, "tzinfo", None), name
    assert fast.__pydantic_fields_set__ == expected.__pydantic_fields_set__
    assert fast.__pydantic_extra__ == expected.__pydantic_extra__
    assert fast.__pydantic_private__ == expected.__pydantic_private__
    assert fast.model_dump() == expected.model_dump()
    assert fast.model_dump_json() == expected.model_dump_json()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(task_tables())
def test_the_fast_reader_gives_the_models_tasks_or_hands_the_table_over(table: dict[str, dict[str, Any]]) -> None:
    expected = _model_reading(table)
    try:
        fast = decode_tasks(table)
    except NotFast:
        return  # pydantic reads it: the same result by construction
    assert expected is not None, "the fast reader accepted a table the model refuses"
    assert list(fast) == list(expected)
    for key, task in fast.items():
        _assert_same_task(task, expected[key])
        # Only what the store writes back unchanged: no form the model would quietly rewrite.
        written = task.model_dump(mode="json")
        del written["id"]
        assert written == table[str(key)]


@pytest.mark.parametrize(
    "text",
    ["2026-11-02T09:00:00Z", "2026-11-02T09:00:00.004500Z", "1900-01-01T00:00:00Z", "2200-12-31T23:59:59.999999Z"],
)
def test_the_timestamps_the_store_writes_are_read_fast_as_the_model_reads_them(text: str) -> None:
    table = {"3": {**_stored_task(), "created_at": text, "archived_at": text}}
    (task,) = decode_tasks(table).values()
    _assert_same_task(task, Task.model_validate({**table["3"], "id": 3}, context=STORED))
    assert task.created_at.tzinfo is timezone.utc


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Deploy\x1b]2;owned\x07"),
        ("title", " Deploy"),
        ("title", "Deploy  now"),
        ("title", "Deploy\xa0now"),
        ("level", "Advise"),
        ("level", "5"),
        ("owner_id", "1"),
        ("owner_id", 1.0),
        ("area_id", True),
        ("created_at", "2026-11-02T11:00:00+02:00"),
        ("created_at", "2026-11-02T09:00:00"),
        ("created_at", "2026-11-02 09:00:00Z"),
        ("created_at", "2026-11-02T09:00:00.000000Z"),
        ("created_at", "2026-11-02T09:00:00.1234567"),
        ("created_at", "2025-W23-2T19:24:07Z"),
        ("created_at", "2025-06-03T19:24.50Z"),
        ("due", "2026-12-01T00:00:00"),
    ],
)
def test_a_task_the_model_would_rewrite_is_left_to_the_model(field: str, value: object) -> None:
    doc = {**_stored_task(), field: value}
    Task.model_validate({**doc, "id": 1}, context=STORED)  # the model reads it (in its own way)
    with pytest.raises(NotFast):
        decode_tasks({"1": doc})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created_at", "1899-12-31T23:59:59Z"),
        ("created_at", "2201-01-01T00:00:00Z"),
        ("archived_at", "9999-12-31T23:59:59.999999Z"),
        ("due", "1899-12-31"),
        ("due", "2201-01-01"),
        ("created_at", "2026-11-02T09:00:00.123456+"),
        ("created_at", "2026-02-30T00:00:00Z"),
        ("created_at", "2026-11-02T24:00:00Z"),
        ("created_at", "２０２６-11-02T09:00:00Z"),
    ],
)
def test_a_moment_or_day_the_model_refuses_is_refused(field: str, value: str) -> None:
    doc = {**_stored_task(), field: value}
    with pytest.raises(ValidationError):
        Task.model_validate({**doc, "id": 1}, context=STORED)
    with pytest.raises(NotFast):
        decode_tasks({"1": doc})


def test_the_fast_reader_has_exactly_the_fields_of_the_model() -> None:
    assert ["id", *StoredTask.__struct_fields__] == list(Task.model_fields)


# ---------------------------------------------------------------------------- opening a workspace


def _stored_task(**changes: Any) -> dict[str, Any]:
    return {
        "archived_at": None,
        "area_id": None,
        "created_at": "2026-11-02T09:00:00Z",
        "due": "2026-12-01",
        "level": 5,
        "owner_id": 1,
        "status": "open",
        "title": "Deploy the release",
    } | changes


def _workspace_with_tasks(path: Path, tasks: dict[str, dict[str, Any]]) -> Path:
    store = Store(path)
    store.add_member("Ann", now=NOW)
    tables = orjson.loads(path.read_bytes())
    tables["tasks"] = tasks
    path.write_bytes(orjson.dumps(tables))
    return path


def _model_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read every task through pydantic, as before the fast path."""

    def refuse(table: object) -> dict[int, Task]:
        raise NotFast

    monkeypatch.setattr("delegate_tui.storage.workspace_file.decode_tasks", refuse)


_CREATED = NOW - timedelta(days=1, microseconds=4500)  # the store writes microseconds when a moment has them


def test_a_workspace_the_store_wrote_opens_with_the_fast_reader_to_the_same_workspace(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = next(iter(sample_store.load().members.values()))
    added = sample_store.add_task(
        "Ship the ünïcødé fix ✓", owner_id=member.id, level=DelegationLevel.AGREE, now=_CREATED
    )
    sample_store.archive_task(added.id, now=NOW)
    path = sample_store.path
    calls: list[int] = []
    real = fast_tasks.decode_tasks

    def counted(table: dict[str, Any]) -> dict[int, Task]:
        tasks = real(table)  # raises NotFast if the store's own writing is not taken fast
        calls.append(len(tasks))
        return tasks

    monkeypatch.setattr("delegate_tui.storage.workspace_file.decode_tasks", counted)
    fast = Store(path).load()
    assert calls and calls[0] == len(fast.tasks) > 1, "the store's own tasks were not read fast"
    _model_only(monkeypatch)
    expected = Store(path).load()
    assert fast == expected
    assert list(fast.__dict__) == list(expected.__dict__)
    assert list(fast.tasks) == list(expected.tasks)
    for key, task in fast.tasks.items():
        _assert_same_task(task, expected.tasks[key])
    assert fast.tasks[added.id].archived_at == NOW
    assert fast.tasks[added.id].created_at == _CREATED


def test_a_change_to_a_task_read_fast_is_saved_and_reads_back(tmp_path: Path) -> None:
    path = _workspace_with_tasks(tmp_path / "team.json", {"1": _stored_task(), "2": _stored_task(title="Plan")})
    store = Store(path)
    store.update_task(2, title="Plan the offsite", status=TaskStatus.DONE, now=NOW)
    reopened = Store(path).load()
    assert reopened.tasks[2].title == "Plan the offsite"
    assert reopened.tasks[2].status is TaskStatus.DONE
    assert reopened.tasks[1] == Store(path).load().tasks[1]
    assert reopened.tasks[1].title == "Deploy the release"


@pytest.mark.parametrize(
    ("changes", "field", "read_as"),
    [
        ({"level": "Advise"}, "level", DelegationLevel.ADVISE),
        ({"title": "  Deploy \x1b[2J the release "}, "title", "Deploy ␛[2J the release"),
        ({"created_at": "2026-11-02T11:00:00+02:00"}, "created_at", datetime(2026, 11, 2, 9, tzinfo=timezone.utc)),
        ({"owner_id": "1"}, "owner_id", 1),
    ],
    ids=["level-by-name", "title-with-escape", "other-zone", "owner-as-text"],
)
def test_a_workspace_with_one_odd_task_opens_as_the_model_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], field: str, read_as: object
) -> None:
    path = _workspace_with_tasks(tmp_path / "team.json", {"1": _stored_task(), "2": _stored_task(**changes)})
    workspace = Store(path).load()
    assert getattr(workspace.tasks[2], field) == read_as
    assert workspace.tasks[1].title == "Deploy the release"
    _model_only(monkeypatch)
    assert workspace == Store(path).load()


@pytest.mark.parametrize(
    ("tasks", "problem"),
    [
        ({"1": _stored_task(), "2": _stored_task(level=9)}, "tasks.2.level"),
        ({"1": _stored_task(), "2": _stored_task(level=True)}, "tasks.2.level"),
        ({"1": _stored_task(), "2": _stored_task(title=" ")}, "tasks.2.title"),
        ({"1": _stored_task(), "2": _stored_task(due="2301-01-01")}, "tasks.2.due"),
        ({"1": _stored_task(), "2": _stored_task(created_at="2026-02-30T00:00:00Z")}, "tasks.2.created_at"),
        ({"1": _stored_task(), "2": _stored_task(colour="blue")}, "tasks.2.colour"),
        ({"1": _stored_task(), "x": _stored_task()}, "unexpected shape"),
        ({"1": _stored_task(), "2": _stored_task(owner_id=7)}, "workspace.tasks.2.owner_id 7 is not a member"),
    ],
    ids=["level", "bool-level", "blank-title", "far-due", "no-such-day", "unknown-field", "bad-key", "no-owner"],
)
def test_a_workspace_with_one_bad_task_is_refused_with_the_models_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tasks: dict[str, dict[str, Any]], problem: str
) -> None:
    path = _workspace_with_tasks(tmp_path / "team.json", tasks)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError) as raised:
        Store(path)
    assert problem in str(raised.value)
    assert path.read_bytes() == before
    _model_only(monkeypatch)
    with pytest.raises(WorkspaceError) as without_fast_path:
        Store(path)
    assert str(raised.value) == str(without_fast_path.value)


def test_a_bad_member_beside_good_tasks_gives_the_message_it_always_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workspace_with_tasks(tmp_path / "team.json", {"1": _stored_task()})
    tables = orjson.loads(path.read_bytes())
    tables["members"]["1"]["name"] = ""
    tables["agreements"] = {"1": {"bogus": True}}
    path.write_bytes(orjson.dumps(tables))
    with pytest.raises(WorkspaceError, match=r"members\.1\.name") as raised:
        Store(path)
    _model_only(monkeypatch)
    with pytest.raises(WorkspaceError) as without_fast_path:
        Store(path)
    assert str(raised.value) == str(without_fast_path.value)


def test_a_brief_load_reads_only_the_tasks_asked_for(tmp_path: Path) -> None:
    tasks = {str(key): _stored_task(title=f"Task {key}") for key in range(1, 6)}
    path = _workspace_with_tasks(tmp_path / "team.json", {**tasks, "6": _stored_task(level="Advise")})
    brief = Store(path).load_brief([2, 6, 99])
    assert list(brief.tasks) == [2, 6]
    assert brief.tasks[2].title == "Task 2"
    assert brief.tasks[6].level is DelegationLevel.ADVISE
    assert brief.members[1].name == "Ann"
