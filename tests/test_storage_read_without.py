"""Reading the workspace file less its tasks (the UI's first screen): only the bytes before the
tasks table are parsed when the file is as the store writes it, and the answer is always the
file's other tables exactly as a whole read gives them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delegate_tui.storage import files
from delegate_tui.storage.files import AtomicJSONStorage, dumps
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


def parsed_lengths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text orjson parses in the storage module from now on."""
    lengths: list[int] = []
    real = orjson.loads

    def counting(raw: bytes | str) -> Any:
        lengths.append(len(raw))
        return real(raw)

    monkeypatch.setattr(files.orjson, "loads", counting)
    return lengths


def others(path: Path) -> dict[str, Any]:
    return {name: table for name, table in orjson.loads(path.read_bytes()).items() if name != "tasks"}


def test_the_tasks_of_a_store_written_file_are_not_parsed(sample_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample_store.path
    lengths = parsed_lengths(monkeypatch)
    tables = AtomicJSONStorage(path).read_without("tasks")
    assert tables == others(path)
    tasks_start = path.read_bytes().index(b'\n  "tasks": {')
    assert lengths and max(lengths[:1]) <= tasks_start + 2  # only what comes before the tasks table


def test_the_ui_opens_the_workspace_parsing_the_file_once_and_not_its_tasks(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = sample_store.path.stat().st_size
    lengths = parsed_lengths(monkeypatch)
    store = Store(sample_store.path, validate=False)
    brief = store.load_brief()
    assert len(lengths) == 1 and lengths[0] < size
    whole = Store(sample_store.path).load()
    assert brief == whole.model_copy(update={"tasks": {}})


def layouts(path: Path) -> dict[str, bytes]:
    """The same workspace laid out in ways the store does not write, each to be read whole."""
    tables = orjson.loads(path.read_bytes())
    reordered = {"tasks": tables["tasks"], **{k: v for k, v in tables.items() if k != "tasks"}}
    settings_last = {**{k: v for k, v in tables.items() if k != "settings"}, "settings": tables["settings"]}
    return {
        "compact": orjson.dumps(tables),
        "tasks first": orjson.dumps(reordered, option=orjson.OPT_INDENT_2) + b"\n",
        "a table after the tasks": orjson.dumps(settings_last, option=orjson.OPT_INDENT_2) + b"\n",
        "no final newline": dumps(tables).rstrip(b"\n"),
        "four-space indent": orjson.dumps(tables, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ") + b"\n",
    }


@pytest.mark.parametrize(
    "layout", ["compact", "tasks first", "a table after the tasks", "no final newline", "four-space indent"]
)
def test_a_file_not_laid_out_as_the_store_writes_it_is_read_whole(sample_store: Store, layout: str) -> None:
    path = sample_store.path
    payload = layouts(path)[layout]
    expected = {k: v for k, v in orjson.loads(payload).items() if k != "tasks"}
    path.write_bytes(payload)
    assert AtomicJSONStorage(path).read_without("tasks") == expected


def test_broken_tasks_are_found_when_the_tasks_are_read(sample_store: Store) -> None:
    path = sample_store.path
    raw = path.read_bytes()
    cut = raw.index(b'\n  "tasks": {') + len(b'\n  "tasks": {')
    path.write_bytes(raw[:cut] + b"\n    not json at all," + raw[cut:])
    store = Store(path, validate=False)
    assert store.load_brief().members  # the first screen opens
    with pytest.raises(files.WorkspaceError, match="not valid JSON"):
        store.load()  # the tasks' reading says what is wrong, as opening it whole always did


def test_a_change_made_since_is_read(sample_store: Store) -> None:
    storage = AtomicJSONStorage(sample_store.path)
    first = storage.read_without("tasks")
    assert storage.read_without("tasks") is first  # unchanged: the same parse
    member = next(iter(sample_store.load().members.values()))
    sample_store.update_member(member.id, name="Renamed Person", now=NOW)
    assert storage.read_without("tasks") == others(sample_store.path)
    assert first is not None and first["members"][str(member.id)]["name"] != "Renamed Person"


def test_a_rewrite_of_the_same_size_and_time_is_read(sample_store: Store) -> None:
    path = sample_store.path
    storage = AtomicJSONStorage(path)
    before = path.read_bytes()
    assert b"Manager" in before or b'"manager"' in before
    first = storage.read_without("tasks")
    assert first is not None
    name = first["meta"]["1"]["manager"]
    other = ("X" * len(name)).encode()
    stat = path.stat()
    path.write_bytes(before.replace(f'"manager": "{name}"'.encode(), b'"manager": "' + other + b'"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = storage.read_without("tasks")
    assert again is not None and again["meta"]["1"]["manager"] == other.decode()


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(text, min_size=1, max_size=5), title=text, extra=st.dictionaries(text, text, max_size=3))
def test_any_text_leaves_the_answer_that_of_a_whole_read(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], title: str, extra: dict[str, str]
) -> None:
    # Text that spells the marker, braces, quotes, newlines, keys that sort after "tasks".
    tables: dict[str, Any] = {
        "meta": {"1": {"schema_version": 2, "manager": names[0]}},
        "members": {str(n): {"name": name, "role": ',\n  "tasks": {'} for n, name in enumerate(names, 1)},
        "tasks": {"1": {"title": title, "note": extra}},
    }
    for name, value in extra.items():
        tables.setdefault(name, {"1": {"value": value}})
    path = tmp_path_factory.mktemp("without") / "w.json"
    path.write_bytes(dumps(tables))
    expected = {k: v for k, v in orjson.loads(path.read_bytes()).items() if k != "tasks"}
    assert AtomicJSONStorage(path).read_without("tasks") == expected


def test_a_table_moved_by_hand_behind_the_tasks_on_their_last_line_is_not_left_out(sample_store: Store) -> None:
    # The meta table cut from its place and pasted after the tasks' closing brace, on its line:
    # no line of its own starts a table after the tasks, yet the first tables lack the meta.
    path = sample_store.path
    tables = orjson.loads(path.read_bytes())
    meta = tables.pop("meta")
    inner = b",\n".join(b'    "' + key.encode() + b'": ' + orjson.dumps(doc) for key, doc in meta.items())
    moved = dumps(tables)[: -len(b"\n}\n")] + b', "meta": {\n' + inner + b"\n  }\n}\n"
    path.write_bytes(moved)
    expected = {k: v for k, v in orjson.loads(moved).items() if k != "tasks"}
    assert "meta" in expected
    assert AtomicJSONStorage(path).read_without("tasks", needs=("meta",)) == expected
    assert Store(path, validate=False).load_brief().manager == Store(path).load().manager
