"""Hostile input at every door of the command line and the importer.

Whatever is typed (random text, control characters, bytes that are not UTF-8, huge numbers,
dates at the end of time, files of the workspace as ``--out``) and whatever a backup file holds
(wrong JSON types, huge values, dangling references), ``delegate``

* ends with exit code 0, 1 or 2 (1 only for ``check --fail-on``), never with a traceback;
* on exit 2 leaves every file exactly as it was;
* on a successful import, leaves a workspace that opens, and whose ``export --full`` imports again.

Most examples run in-process through :func:`delegate_tui.cli.main` (fast); a few run as real
processes with byte arguments, as a shell would pass them.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegate_tui.cli import main
from delegate_tui.storage.store import Store
from tests.conftest import NOW

AT = "--now=2026-11-28T12:00:00Z"
HOSTILE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = [
    "",
    " ",
    "-",
    "--",
    "#1",
    "1",
    "7",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "nan",
    "inf",
    "9999-12-31",
    "0001-01-01",
    "0001-01-01T00:00:00+05:00",
    "2200-12-31T23:59:59-14:00",
    "-3 days ago",
    "in 999999 years",
    "3 days ago",
    "Ann",
    "ann",
    "Bo",
    "Hiring",
    "Hiring=4",
    "Hiring=9",
    "Hiring=6@9999-12-31",
    "Hiring=D5",
    "manager",
    "D1",
    "weekly",
    "0 days",
    "MM001",
    "MM001 threshold=1e400",
    "[bold]x[/]",
    "[/]",
    "[@click=app.quit]Q[/]",
    "B\x1b]2;pwned\x07",
    "\x1b[2J",
    "a\x00b",
    "line\nbreak",
    "\u202eevil",
    "<script>alert(1)</script>",
    "x" * 100_000,
]

hostile_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=24),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]), max_size=8),
    # Bytes that are not UTF-8 reach Python's argv as lone surrogates (surrogateescape).
    st.binary(min_size=1, max_size=6).map(os.fsdecode),
)


def _maybe(option: str, values: st.SearchStrategy[str] = hostile_text) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda value: [option, value]))


def _verb(*fixed: str | st.SearchStrategy[str], options: Sequence[st.SearchStrategy[list[str]]] = ()) -> Any:
    parts: list[st.SearchStrategy[list[str]]] = [
        st.just([part]) if isinstance(part, str) else part.map(lambda value: [value]) for part in fixed
    ]
    return st.tuples(*parts, *options).map(lambda chunks: [word for chunk in chunks for word in chunk])


def _small_count(text: str) -> bool:
    # demo's sizes are validated up to a million tasks: a valid huge size is slow, not hostile.
    stripped = text.strip()
    return not (stripped.isascii() and stripped.isdigit() and int(stripped) > 20)


T = hostile_text
VERBS = st.one_of(
    _verb(
        "demo",
        options=[
            _maybe("--members", T.filter(_small_count)),
            _maybe("--tasks", T.filter(_small_count)),
            _maybe("--events", T.filter(_small_count)),
            _maybe("--seed"),
            st.sampled_from([[], ["--force"]]),
            _maybe("--at"),
        ],
    ),
    _verb("manager", options=[st.one_of(st.just([]), T.map(lambda v: [v])), _maybe("--at")]),
    _verb("member", "add", T, options=[_maybe("--role"), _maybe("--since"), _maybe("--at")]),
    _verb("member", "list", options=[_maybe("--format")]),
    _verb("area", "add", T, options=[_maybe("--description"), _maybe("--at")]),
    _verb("area", "list", options=[_maybe("--format")]),
    _verb(
        "task",
        "add",
        T,
        "--member",
        T,
        "--level",
        T,
        options=[_maybe("--area"), _maybe("--due"), _maybe("--status"), _maybe("--at")],
    ),
    _verb("task", "list", options=[_maybe("--member"), st.sampled_from([[], ["--all"]]), _maybe("--format")]),
    _verb("task", "level", T, T, options=[_maybe("--reason"), _maybe("--at")]),
    _verb("task", "due", T, T, options=[_maybe("--reason")]),
    _verb("task", "status", T, T),
    _verb("task", "reassign", T, "--member", T, options=[_maybe("--reason")]),
    _verb(
        "agreement",
        "set",
        T,
        options=[
            _maybe("--area"),
            _maybe("--desired"),
            _maybe("--readiness"),
            _maybe("--self-readiness"),
            _maybe("--check-in"),
            _maybe("--review-every"),
            _maybe("--reviewed"),
            _maybe("--growth"),
            _maybe("--guardrail"),
            _maybe("--channel"),
            _maybe("--support"),
            _maybe("--at"),
        ],
    ),
    _verb("agreement", "show", T, options=[_maybe("--format")]),
    _verb("log", T, options=[_maybe("--member"), _maybe("--task"), _maybe("--area"), _maybe("--note"), _maybe("--at")]),
    _verb("check", options=[_maybe("--now"), _maybe("--fail-on"), _maybe("--member"), _maybe("--format")]),
    _verb("rules", options=[st.lists(T, max_size=3), _maybe("--format")]),
    _verb("rules", "set", T, T),
    _verb("rules", st.sampled_from(["off", "on"]), T),
    _verb("flag", "ack", T, "--reason", T, options=[_maybe("--until"), _maybe("--at")]),
    _verb(
        "export",
        options=[
            _maybe("--now"),
            _maybe("--member"),
            _maybe("--format"),
            st.sampled_from([[], ["--full"], ["--include-private"]]),
            _maybe("--out", st.sampled_from(["OUT"])),
        ],
    ),
    _verb("schema"),
    st.lists(T, min_size=1, max_size=4),  # anything at all as the words
)


def _seed_workspace(db: Path) -> None:
    # Through the CLI itself: the stable way in, whatever the store's methods look like.
    at = "--at=2026-11-20T12:00:00Z"
    for argv in (
        ["member", "add", "Ann", "--role", "Engineer", at],
        ["member", "add", "Bo", at],
        ["area", "add", "Hiring", at],
        ["task", "add", "Ship the release", "--member", "Ann", "--level", "3", "--area", "Hiring", at],
        ["agreement", "set", "Ann", "--area", "Hiring=4", "--growth", "Lead a hire", at],
        ["log", "checkin", "--member", "Ann", "--note", "private", at],
    ):
        run = Run([*argv, "--db", str(db)])
        assert run.code == 0, (argv, run.err)


def _files(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` (lock files aside) with its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.endswith(".lock"):
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


class Run:
    """One in-process run of ``delegate``, with standard output as strict UTF-8 like a real terminal."""

    def __init__(self, argv: list[str]) -> None:
        out, err = io.BytesIO(), io.BytesIO()
        stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
        stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                self.code = main(argv)
            except SystemExit as done:  # argparse's --help
                self.code = int(done.code or 0)
        self.out = out.getvalue()
        self.err = err.getvalue().decode("utf-8")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding a small workspace ``team.json``; the working directory, so stray files land here."""
    _seed_workspace(tmp_path / "team.json")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def _resolve(argv: list[str], folder: Path) -> list[str]:
    return [str(folder / "out.json") if word == "OUT" else word for word in argv]


def _assert_clean(run: Run, argv: list[str]) -> None:
    assert run.code in (0, 1, 2), (argv, run.code, run.err)
    assert "Traceback" not in run.err, (argv, run.err)
    if run.code == 1:
        assert argv[0] == "check", (argv, run.err)
    if run.code == 2:
        assert run.err.strip(), argv
        assert len(run.err.strip().splitlines()) <= 3, (argv, run.err)


# ---------------------------------------------------------------------------- every verb


@settings(HOSTILE, max_examples=250)
@given(VERBS)
def test_every_verb_answers_hostile_arguments_with_0_1_or_2_and_changes_nothing_when_it_refuses(
    folder: Path, argv: list[str]
) -> None:
    argv = _resolve(argv, folder)
    before = _files(folder)
    run = Run([*argv, "--db", str(folder / "team.json")])
    _assert_clean(run, argv)
    if run.code == 2:
        assert _files(folder) == before, argv
    # Whatever was accepted, the workspace still opens.
    Store(folder / "team.json").load()


DB_PATHS = ["missing-folder/ws.json", "missing.json", "dir", "fifo", "empty.json", "garbage.json", "team.json.bak"]


@settings(HOSTILE, max_examples=60)
@given(VERBS, st.sampled_from(DB_PATHS))
def test_hostile_workspace_paths_are_refused_cleanly(folder: Path, argv: list[str], db: str) -> None:
    (folder / "dir").mkdir(exist_ok=True)
    if not (folder / "fifo").exists():
        os.mkfifo(folder / "fifo")
    (folder / "empty.json").touch()
    (folder / "garbage.json").write_bytes(b"\xff\x00{not json")
    argv = _resolve(argv, folder)
    before = _files(folder)
    run = Run([*argv, "--db", str(folder / db)])
    _assert_clean(run, argv)
    if run.code == 2:
        assert _files(folder) == before, (argv, db)


@pytest.mark.parametrize(
    "out",
    ["team.json", "team.json.bak", "team.events", "team.events/2026-11.json", "dir", "missing/x.json", ""],
)
def test_export_out_at_the_workspace_or_nowhere_is_refused(folder: Path, out: str) -> None:
    (folder / "dir").mkdir()
    before = _files(folder)
    run = Run(["export", AT, "--full", "--out", out, "--db", str(folder / "team.json")])
    assert run.code == 2 and "Traceback" not in run.err, run.err
    assert _files(folder) == before


# ---------------------------------------------------------------------------- real processes, byte arguments


@settings(HOSTILE, max_examples=8)
@given(
    st.sampled_from(
        [["member", "add"], ["area", "add"], ["log", "note", "--member", "Ann", "--note"], ["check", "--now"]]
    ),
    st.binary(min_size=1, max_size=12).map(lambda raw: raw.replace(b"\x00", b"\xff")),  # argv holds no NUL
)
def test_byte_arguments_in_a_real_process(folder: Path, words: list[str], value: bytes) -> None:
    before = _files(folder)
    done = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"delegate_tui",
            *(w.encode() for w in words),
            value,
            b"--db",
            os.fsencode(folder / "team.json"),
        ],
        capture_output=True,
        timeout=60,
        check=False,
        cwd=folder,
    )
    assert done.returncode in (0, 2), done.stderr
    assert b"Traceback" not in done.stderr, done.stderr
    if done.returncode == 2:
        assert _files(folder) == before


# ---------------------------------------------------------------------------- the importer


def _backup(folder: Path) -> dict[str, Any]:
    run = Run(["export", AT, "--full", "--db", str(folder / "team.json")])
    assert run.code == 0, run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False),
        st.sampled_from(TRICKY),
        st.text(max_size=12),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def damaged_backups(draw: st.DrawFn, original: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [path for path in _paths(data) if path]
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return data


@settings(HOSTILE, max_examples=120)
@given(st.data())
def test_a_damaged_backup_is_refused_in_one_line_or_imports_into_a_workspace_that_round_trips(
    folder: Path, data: st.DataObject
) -> None:
    original = _backup(folder)
    damaged = data.draw(damaged_backups(original))
    folder = Path(tempfile.mkdtemp(dir=folder))  # a clean folder for each example
    target = folder / "target.json"
    Store(target).add_member("Keep me", now=NOW)
    source = folder / "damaged.json"
    source.write_text(json.dumps(damaged))
    before = _files(folder)
    run = Run(["import", str(source), "--replace", "--db", str(target)])
    assert run.code in (0, 2) and "Traceback" not in run.err, run.err
    if run.code == 2:
        assert run.err.startswith("delegate: ") and len(run.err.strip().splitlines()) == 1, run.err
        assert _files(folder) == before
        return
    # Accepted: everything reads back, and the backup of what was imported imports again.
    check = Run(["check", AT, "--db", str(target)])
    assert check.code == 0, check.err
    again = Run(["export", AT, "--full", "--out", str(folder / "again.json"), "--db", str(target)])
    assert again.code == 0, again.err
    fresh = folder / "fresh.json"
    restored = Run(["import", str(folder / "again.json"), "--db", str(fresh)])
    assert restored.code == 0, restored.err


@settings(HOSTILE, max_examples=40)
@given(st.binary(max_size=200) | st.text(max_size=60).map(str.encode))
def test_garbage_bytes_as_a_backup_are_refused_in_one_line(folder: Path, raw: bytes) -> None:
    source = folder / "garbage.json"
    source.write_bytes(raw)
    before = _files(folder)
    run = Run(["import", str(source), "--replace", "--db", str(folder / "team.json")])
    assert run.code == 2 and "Traceback" not in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1
    assert _files(folder) == before
