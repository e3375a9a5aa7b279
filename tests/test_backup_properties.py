"""Property tests: a damaged backup is refused with one line naming where, and changes nothing.

Each example takes a valid full backup of the sample team and damages it once: a required key
dropped, a value of the wrong type, a bad date, a dangling reference, a repeated event id, an
unknown key, truncated bytes, bytes that are not JSON, a newer schema version.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegate_tui import demo
from delegate_tui.cli import main
from delegate_tui.model import InputError
from delegate_tui.storage.migrations import CURRENT_SCHEMA
from delegate_tui.storage.store import Store
from delegate_tui.summary import parse_backup
from tests.conftest import NOW

SOURCE = "backup.json"
PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Damaged:
    """Damaged backup bytes and a text the refusal must contain (the place, or the kind of problem)."""

    raw: bytes
    expect: str
    how: str


@cache
def _valid() -> tuple[bytes, str]:
    """A valid full backup of the sample team (made through the CLI, so events carry their ids).

    Built once, when the strategies below need it, in a folder removed straight after: the
    strategies are module-level, where pytest's tmp_path cannot reach.
    """
    with tempfile.TemporaryDirectory(prefix="delegate-backup-") as name:
        path = Path(name) / "team.json"
        store = Store(path)
        workspace, events = demo.sample(1, NOW)
        store.replace_everything(workspace, events, NOW)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert main(["export", "--full", "--db", str(path)]) == 0
    text = out.getvalue()
    return text.encode("utf-8"), text


def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_valid()[1])
    return data


def _where(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _drop(data: Any, path: tuple[str | int, ...]) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


def _encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data, indent=2).encode("utf-8")


# ---------------------------------------------------------------------------- where damage can go

_BASE = _data()
_EVENTS = range(len(_BASE["events"]))
_TASKS = sorted(_BASE["workspace"]["tasks"], key=int)
_MEMBERS = sorted(_BASE["workspace"]["members"], key=int)
_AREAS = sorted(_BASE["workspace"]["areas"], key=int)
_AGREEMENTS = sorted(_BASE["workspace"]["agreements"], key=int)

_REQUIRED: list[tuple[str | int, ...]] = [
    ("generated_at",),
    ("workspace",),
    ("events",),
    *[("events", i, key) for i in _EVENTS for key in ("kind", "at")],
    *[("workspace", "tasks", k, key) for k in _TASKS for key in ("title", "level", "created_at")],
    *[("workspace", "members", k, "name") for k in _MEMBERS],
    *[("workspace", "areas", k, "name") for k in _AREAS],
    *[("workspace", "agreements", k, key) for k in _AGREEMENTS for key in ("member_id", "changed_at")],
    *[
        ("workspace", "agreements", k, "levels", area, "level")
        for k in _AGREEMENTS
        for area in _BASE["workspace"]["agreements"][k]["levels"]
    ],
]

_TYPED: list[tuple[str | int, ...]] = [
    ("generated_at",),
    ("workspace", "manager"),
    *[
        ("events", i, key)
        for i in _EVENTS
        for key in ("at", "kind", "member_id", "task_id", "note", "reason", "from_level", "to_due")
    ],
    *[
        ("workspace", "tasks", k, key)
        for k in _TASKS
        for key in ("title", "owner_id", "level", "status", "due", "created_at", "area_id")
    ],
    *[("workspace", "members", k, key) for k in _MEMBERS for key in ("name", "role", "since")],
    *[("workspace", "areas", k, key) for k in _AREAS for key in ("name", "description")],
    *[
        ("workspace", "agreements", k, key)
        for k in _AGREEMENTS
        for key in ("cadence", "review_every_days", "version", "growth_goals", "acknowledged", "levels")
    ],
]

_DATES: list[tuple[str | int, ...]] = [
    ("generated_at",),
    *[("events", i, "at") for i in _EVENTS],
    *[("workspace", "tasks", k, "created_at") for k in _TASKS],
    *[("workspace", "tasks", k, "due") for k in _TASKS],
    *[("workspace", "members", k, "since") for k in _MEMBERS],
    *[("workspace", "agreements", k, key) for k in _AGREEMENTS for key in ("changed_at", "last_review")],
]

_REFERENCES: list[tuple[str | int, ...]] = [
    *[("workspace", "tasks", k, key) for k in _TASKS for key in ("owner_id", "area_id")],
    *[("events", i, key) for i in _EVENTS for key in ("member_id", "task_id", "area_id", "to_owner")],
]

_RECORDS: list[tuple[str | int, ...]] = [
    (),
    ("workspace",),
    *[("events", i) for i in _EVENTS],
    *[("workspace", "tasks", k) for k in _TASKS],
    *[("workspace", "members", k) for k in _MEMBERS],
    *[("workspace", "agreements", k) for k in _AGREEMENTS],
]


@st.composite
def _dropped(draw: st.DrawFn) -> Damaged:
    path = draw(st.sampled_from(_REQUIRED))
    data = copy.deepcopy(_BASE)
    _drop(data, path)
    return Damaged(_encode(data), _where(path), f"drop {_where(path)}")


@st.composite
def _wrong_type(draw: st.DrawFn) -> Damaged:
    path = draw(st.sampled_from(_TYPED))
    # An empty list or mapping is a valid value for the container fields, so only use wrong contents there.
    containers = path[-1] in ("levels", "growth_goals")
    value = draw(st.sampled_from([[1, 2], {"x": 1}] if containers else [[], {}, [1, 2], {"x": 1}]))
    data = copy.deepcopy(_BASE)
    _set(data, path, value)
    return Damaged(_encode(data), _where(path), f"{_where(path)} = {value!r}")


@st.composite
def _bad_date(draw: st.DrawFn) -> Damaged:
    path = draw(st.sampled_from(_DATES))
    value = draw(st.sampled_from(["2026-13-45", "yesterday", "31/12/2026", "2026-02-30T25:00:00Z", "soon", "2026-1"]))
    data = copy.deepcopy(_BASE)
    _set(data, path, value)
    return Damaged(_encode(data), _where(path), f"{_where(path)} = {value!r}")


@st.composite
def _dangling(draw: st.DrawFn) -> Damaged:
    data = copy.deepcopy(_BASE)
    missing = draw(st.integers(min_value=900, max_value=10**6))
    choice = draw(st.sampled_from(["field", "agreement-area", "agreement-member"]))
    if choice == "field":
        path = draw(st.sampled_from(_REFERENCES))
        _set(data, path, missing)
        return Damaged(_encode(data), f"{_where(path)} {missing}", f"{_where(path)} = {missing}")
    key = draw(st.sampled_from(_AGREEMENTS))
    agreement = data["workspace"]["agreements"][key]
    if choice == "agreement-area":
        agreement["levels"][str(missing)] = {"level": 4}
        return Damaged(_encode(data), f"workspace.agreements.{key}.levels.{missing}", "agreement area")
    del data["workspace"]["agreements"][key]
    data["workspace"]["agreements"][str(missing)] = dict(agreement, member_id=missing)
    return Damaged(_encode(data), f"workspace.agreements.{missing}", "agreement member")


@st.composite
def _repeated_id(draw: st.DrawFn) -> Damaged:
    first = draw(st.sampled_from(_EVENTS[:-1]))
    second = draw(st.integers(min_value=first + 1, max_value=len(_EVENTS) - 1))
    data = copy.deepcopy(_BASE)
    data["events"][second]["id"] = data["events"][first]["id"]
    return Damaged(_encode(data), f"events[{second}].id", "repeated id")


@st.composite
def _unknown_key(draw: st.DrawFn) -> Damaged:
    path = draw(st.sampled_from(_RECORDS))
    key = draw(st.sampled_from(["colour", "extra", "notes_v2"]))
    data = copy.deepcopy(_BASE)
    _set(data, (*path, key), 1)
    return Damaged(_encode(data), _where((*path, key)), f"unknown key {key}")


@st.composite
def _truncated(draw: st.DrawFn) -> Damaged:
    raw = _valid()[0].rstrip()
    cut = draw(st.integers(min_value=0, max_value=len(raw) - 1))
    return Damaged(raw[:cut], "", f"truncated at {cut}")


@st.composite
def _not_json(draw: st.DrawFn) -> Damaged:
    raw = draw(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8"))))
    return Damaged(raw, "", "not JSON")


@st.composite
def _newer(draw: st.DrawFn) -> Damaged:
    version = draw(st.integers(min_value=CURRENT_SCHEMA + 1, max_value=10**9))
    data = copy.deepcopy(_BASE)
    data["schema_version"] = version
    return Damaged(_encode(data), "newer delegate-tui", f"schema {version}")


DAMAGE = st.one_of(
    _dropped(),
    _wrong_type(),
    _bad_date(),
    _dangling(),
    _repeated_id(),
    _unknown_key(),
    _truncated(),
    _not_json(),
    _newer(),
)


def _check_message(message: str, damaged: Damaged) -> None:
    assert "\n" not in message, damaged.how
    assert message.startswith(f"{SOURCE}: "), (damaged.how, message)
    assert len(message) < 400, (damaged.how, message)
    if damaged.expect:
        assert damaged.expect in message, (damaged.how, message)


def test_the_valid_backup_is_accepted() -> None:
    backup = parse_backup(_valid()[0], source=SOURCE)
    assert len(backup.workspace.members) == 8 and backup.events


@PROPERTY_SETTINGS
@given(damaged=DAMAGE)
def test_damaged_backups_are_refused_with_one_line_naming_where(damaged: Damaged) -> None:
    try:
        parse_backup(damaged.raw, source=SOURCE)
    except InputError as error:
        _check_message(str(error), damaged)
    else:
        raise AssertionError(f"accepted a damaged backup: {damaged.how}")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@cache
def _workspace_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="delegate-import-"))
    store = Store(folder / "team.json")
    workspace, events = demo.sample(3, NOW)
    store.replace_everything(workspace, events, NOW)
    return folder


@PROPERTY_SETTINGS
@given(damaged=DAMAGE)
def test_import_refuses_them_and_leaves_the_workspace_byte_for_byte(damaged: Damaged) -> None:
    folder = _workspace_folder()
    backup = folder.parent / f"{folder.name}-{SOURCE}"
    backup.write_bytes(damaged.raw)
    before = _files(folder)
    fresh = folder.parent / f"{folder.name}-fresh" / "team.json"
    for db, extra in ((folder / "team.json", ["--replace"]), (fresh, [])):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(backup), *extra, "--db", str(db)])
        assert code == 2, damaged.how
        assert out.getvalue() == ""
        lines = err.getvalue().splitlines()
        assert len(lines) == 1, (damaged.how, lines)
        assert lines[0].startswith(f"delegate: {backup}: "), (damaged.how, lines[0])
        if damaged.expect:
            assert damaged.expect in lines[0], (damaged.how, lines[0])
    assert _files(folder) == before
    assert not fresh.parent.exists()
