"""The pydantic-free ``delegate log`` (delegate_tui.quick.log): the same bytes as the full command, or nothing.

Each comparison runs one command on two copies of a workspace: through the console script's
launcher (which takes the fast path once the index and the month seal are recorded) and through
the full command. The month files must then be identical but for the moment each run stamped
as ``recorded_at``, and the lines printed identical. Whatever the fast path is not sure of must
leave every file as it was, so that the full command runs and says what it says.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from filelock import FileLock

from delegate_tui import demo, launch
from delegate_tui.cli import main as full_command
from delegate_tui.model import STORED, Event
from delegate_tui.quick import log as quick
from delegate_tui.storage.files import dumps
from delegate_tui.storage.month_files import event_document
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW, NOW_ARG

FAST = "delegate: logged by the fast path"
MONTH = "2026-11"
NEXT = "e202611-58"
"""The id of the next event of MONTH in a primed sample workspace (56 sample events and the priming one)."""
_RECORDED = re.compile(rb'"recorded_at": "[^"]*"')


@dataclass
class Run:
    """One command's exit code and output."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    monkeypatch.setenv("DELEGATE_CACHE_DEBUG", "1")
    monkeypatch.delenv("DELEGATE_CACHE", raising=False)


def through_launcher(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """``delegate ARGS`` as the console script runs it, in this process."""
    capsys.readouterr()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "argv", ["delegate", *args])
        code = launch.main()
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def through_full_command(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    capsys.readouterr()
    code = full_command(list(args))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def sample(folder: Path) -> Path:
    """The demo sample team (seed 1) around NOW in ``folder/team.json``."""
    folder.mkdir()
    db = folder / "team.json"
    workspace, events = demo.sample(1, NOW)
    Store(db).replace_everything(workspace, events, NOW)
    return db


def primed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path) -> Path:
    """``db`` after one check-in through the launcher, which falls back and records the index and seal."""
    first = through_launcher(monkeypatch, capsys, "log", "checkin", "--member", "Priya Natarajan", "--db", str(db))
    assert first.code == 0, first.err
    assert FAST not in first.err
    assert (db.parent / "team.cache" / quick.INDEX).is_file()
    return db


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A primed sample workspace: the next plain check-in takes the fast path."""
    return primed(monkeypatch, capsys, sample(tmp_path / "a"))


def copy_of(db: Path, name: str) -> Path:
    target = db.parent.parent / name
    shutil.copytree(db.parent, target)
    return target / db.name


def month_file(db: Path, month: str = MONTH) -> Path:
    return db.parent / "team.events" / f"{month}.json"


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder``: its mode and bytes."""
    return {
        str(path.relative_to(folder)): (path.stat().st_mode, path.read_bytes() if path.is_file() else b"")
        for path in sorted(folder.rglob("*"))
    }


def _at(arg: str, db: Path) -> str:
    return {"DB": str(db), "--db=DB": f"--db={db}"}.get(arg, arg)


def compare(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path, *args: str, month: str = MONTH
) -> Run:
    """Run ``args`` fast on ``db`` and fully on a copy; both must write and print the same."""
    other = copy_of(db, "b")
    fast = through_launcher(monkeypatch, capsys, *[_at(arg, db) for arg in args])
    full = through_full_command(capsys, *[_at(arg, other) for arg in args])
    assert fast.code == full.code == 0, (fast.err, full.err)
    assert FAST in fast.err
    assert fast.out == full.out
    for suffix in ("", ".bak"):
        mine = month_file(db, month).with_name(month_file(db, month).name + suffix)
        theirs = month_file(other, month).with_name(mine.name)
        assert mine.exists() == theirs.exists()
        if mine.exists():
            assert _RECORDED.sub(b"", mine.read_bytes()) == _RECORDED.sub(b"", theirs.read_bytes())
    raw = month_file(db, month).read_bytes()
    assert dumps(orjson.loads(raw)) == raw  # as the storage writes it
    assert oct(month_file(db, month).stat().st_mode & 0o777) == "0o600"
    # The new entry is exactly what the model stores for its values (the recorded_at format too).
    event_id = re.search(r"\b(e\d{6}-\d+)\b", fast.out)
    assert event_id is not None
    number = event_id.group(1).rsplit("-", 1)[1]
    doc = orjson.loads(raw)["events"][number]
    assert event_document(Event.model_validate(doc, context=STORED)) == doc
    assert not [path for path in db.parent.rglob("*.tmp")]
    return fast


def test_a_checkin_is_written_as_the_full_command_writes_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run = compare(monkeypatch, capsys, db, "log", "checkin", "--member", "Aiko Tanaka", "--db", "DB")
    assert run.out == f"Logged checkin {NEXT} for Aiko Tanaka at 2026-11-28 12:00 UTC.\n"
    # The store reads it back as any event.
    logged = [event for event in Store(db).events() if event.id == NEXT]
    assert [(event.kind.value, event.member_id, event.at) for event in logged] == [("checkin", 2, NOW)]


@pytest.mark.parametrize(
    "args",
    [
        # A prefix in another case, the database before the verb.
        ("--db", "DB", "log", "override", "--member", "diego"),
        # A task (its area goes with it) and a note with everything JSON escapes and non-ASCII text.
        (
            "log",
            "approval",
            "--member",
            "  PRIYA   natarajan ",
            "--task",
            "#4",
            "--note",
            ' Café — "quoted" \\ back\tslash\nnew line 日本語 🎉 ',
            "--db",
            "DB",
        ),
        ("log", "checkin", "--member=Jonas", "--note=", "--task", "", "--db=DB"),
        ("log", "checkin", "--member", "Fatima Al-Sayed", "--lang", "en", "--db", "DB"),
        # Without --member: the task's owner (task 6 is Aiko's).
        ("log", "override", "--task", "6", "--db", "DB"),
        ("log", "checkin", "--member=", "--task", "6", "--db", "DB"),
    ],
)
def test_the_common_shapes_match_the_full_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path, args: tuple[str, ...]
) -> None:
    compare(monkeypatch, capsys, db, *args)


def test_dutch_output_matches(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run = compare(monkeypatch, capsys, db, "--lang", "nl", "log", "checkin", "--member", "Lena", "--db", "DB")
    assert "Lena Fischer" in run.out
    assert not run.out.startswith("Logged")


def test_a_workspace_time_zone_is_shown_as_the_full_command_shows_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = sample(tmp_path / "a")
    assert through_full_command(capsys, "manager", "--timezone", "Pacific/Auckland", "--db", str(db)).code == 0
    primed(monkeypatch, capsys, db)
    run = compare(monkeypatch, capsys, db, "log", "checkin", "--member", "Kwame", "--db", "DB")
    assert run.out.endswith("at 2026-11-29 01:00 Pacific/Auckland.\n")


def test_the_first_event_of_a_month_starts_its_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    monkeypatch.setenv("DELEGATE_NOW", "2027-01-04")
    assert not month_file(db, "2027-01").exists()
    run = compare(monkeypatch, capsys, db, "log", "checkin", "--member", "Aiko", "--db", "DB", month="2027-01")
    assert "e202701-1 " in run.out
    # And the next one extends it.
    run = through_launcher(monkeypatch, capsys, "log", "checkin", "--member", "Aiko", "--db", str(db))
    assert FAST in run.err
    assert "e202701-2 " in run.out


@pytest.mark.parametrize("sealed", [False, True])
@pytest.mark.parametrize("count", [0, 1, 2, 8, 9, 10, 11, 99, 100, 101, 137, 1000, 1234])
def test_a_new_entry_goes_where_sorted_keys_put_it(count: int, sealed: bool) -> None:
    numbers = [n for n in range(1, count + 1) if n % 7 != 3 or n == count]
    fields: dict[str, object] = {"kind": "checkin", "at": "2026-11-28T12:00:00Z", "member_id": 1, "note": "x"}
    document = {name: fields.get(name) for name in quick._FIELDS}
    before = dumps({"events": {str(n): {**document, "note": f"n{n}"} for n in numbers}})
    highest = max(numbers, default=0) if sealed else None  # what the seal says, or read from the file
    result = quick.month_with(before, fields, highest=highest)
    assert result is not None
    number, after = result
    assert number == max(numbers, default=0) + 1
    expected = {str(n): {**document, "note": f"n{n}"} for n in numbers} | {str(number): document}
    assert after == dumps({"events": expected})


def test_every_character_a_note_may_hold_is_written_as_the_storage_writes_it() -> None:
    note = "".join(
        chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000 and chr(code) not in quick._REFUSED
    )
    fields: dict[str, object] = {"kind": "checkin", "at": "2026-11-28T12:00:00Z", "member_id": 1, "note": note}
    result = quick.month_with(None, fields)
    assert result is not None
    assert result[1] == dumps({"events": {"1": {name: fields.get(name) for name in quick._FIELDS}}})


# ---------------------------------------------------------------------------- not sure: nothing written


Setup = Callable[[Path], None]


def _chmod(mode: int, *parts: str) -> Setup:
    return lambda db: os.chmod(db.parent.joinpath(*parts), mode)


def _edit_workspace(change: Callable[[Any], None]) -> Setup:
    def edit(db: Path) -> None:
        tables = orjson.loads(db.read_bytes())
        change(tables)
        db.write_bytes(dumps(tables))

    return edit


def _pending_event(tables: dict[str, Any]) -> None:
    tables["pending_events"] = {
        "1": {"id": "e202611-500", "kind": "note", "at": "2026-11-28T11:00:00Z", "member_id": 1, "note": "x"}
    }


def _odd_pending_event(tables: dict[str, Any]) -> None:
    _pending_event(tables)
    tables["pending_events"]["1"]["id"] = "e202611-\u0663"  # a digit the store's int() reads, not ours


def _old_schema(tables: dict[str, Any]) -> None:
    tables["meta"]["1"]["schema_version"] = 1


def _reindented_month(db: Path) -> None:
    path = month_file(db)
    path.write_bytes(orjson.dumps(orjson.loads(path.read_bytes()), option=orjson.OPT_SORT_KEYS))


def _archived(db: Path) -> None:
    store = Store(db)
    store.archive_member(7, now=NOW, reassign_to=0)


def _journal(db: Path) -> None:
    (db.parent / ".team.json.replace-abc123.journal").write_bytes(b"{}")


def _linked(db: Path) -> None:
    real = db.parent / "real.json"
    db.rename(real)
    db.symlink_to(real.name)


def _members_with_a_prefix(db: Path) -> None:
    store = Store(db)
    store.add_member("Sam One", now=NOW)
    store.add_member("Sam Two", now=NOW)


def _indexed(db: Path) -> None:
    """Record the index of the workspace as it is now (as after a full command), when the full program can."""
    launch.record_log(quick.Pending(str(db), str(db), None, MONTH, needs_index=True))


def _sealed(month: str) -> Setup:
    """Seal ``month``'s file (as after a full command), so that only the case itself can stop the append."""

    def seal(db: Path) -> None:
        assert launch.record_log(quick.Pending(str(db), str(db), None, month, needs_index=False))

    return seal


def _env(name: str, value: str) -> Setup:
    return lambda db: os.environ.__setitem__(name, value)  # restored: the test sets them through monkeypatch


NOT_SURE: dict[str, tuple[tuple[Setup, ...], tuple[str, ...]]] = {
    "unknown member": ((), ("--member", "Nobody")),
    "ambiguous prefix": ((_members_with_a_prefix, _indexed), ("--member", "Sam")),
    "an abbreviation": ((), ("--mem", "Aiko")),
    "--at": ((), ("--member", "Aiko", "--at", "yesterday")),
    "--by": ((), ("--member", "Aiko", "--by", "member")),
    "--context": ((), ("--member", "Aiko", "--context", "incident")),
    "--reason": ((), ("--member", "Aiko", "--reason", "asked")),
    "--area": ((), ("--member", "Aiko", "--area", "Hiring")),
    "help": ((), ("--member", "Aiko", "-h")),
    "a repeated option": ((), ("--member", "Aiko", "--member", "Lena")),
    "a value like an option": ((), ("--member", "Aiko", "--note", "-x")),
    "no member": ((), ("--note", "x")),
    "no member but the manager's task": ((), ("--task", "3")),
    "unknown task": ((), ("--member", "Priya", "--task", "99999")),
    "task created later": (
        (_env("DELEGATE_NOW", "2026-11-01T00:00:00Z"),),
        (
            "--member",
            "Priya",
            "--task",
            "4",
        ),
    ),
    "member joined later": (
        (_env("DELEGATE_NOW", "2026-10-03T23:00:00Z"), _sealed("2026-10")),
        (
            "--member",
            "Kwame",
        ),
    ),
    "a relative DELEGATE_NOW": (
        (_env("DELEGATE_NOW", "3 days ago"),),
        (
            "--member",
            "Aiko",
        ),
    ),
    "a control character in the note": ((), ("--member", "Aiko", "--note", "\x1b[2J")),
    "a note too long": ((), ("--member", "Aiko", "--note", "x" * 2001)),
    "a note not in UTF-8": ((), ("--member", "Aiko", "--note", "caf\udce9")),
    "an unknown language": ((), ("--member", "Aiko", "--lang", "fr")),
    "the cache turned off": ((_env("DELEGATE_CACHE", "off"),), ("--member", "Aiko")),
    "archived member": ((_archived, _indexed), ("--member", "Lena")),
    "a pending event's odd id": ((_edit_workspace(_odd_pending_event), _indexed), ("--member", "Aiko")),
    "another schema": ((_edit_workspace(_old_schema),), ("--member", "Aiko")),
    "a month file not as dumps writes it": ((_reindented_month,), ("--member", "Aiko")),
    "a read-only month file": ((_chmod(0o400, "team.events", f"{MONTH}.json"),), ("--member", "Aiko")),
    "a read-only workspace": ((_chmod(0o400, "team.json"),), ("--member", "Aiko")),
    "a backup readable by others": ((_chmod(0o644, "team.json.bak"),), ("--member", "Aiko")),
    "a month file readable by others": ((_chmod(0o640, "team.events", f"{MONTH}.json"),), ("--member", "Aiko")),
    "an interrupted replace": ((_journal,), ("--member", "Aiko")),
    "a linked workspace": ((_linked,), ("--member", "Aiko")),
}


@pytest.mark.parametrize("case", list(NOT_SURE))
def test_anything_unsure_returns_none_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path, case: str
) -> None:
    setups, options = NOT_SURE[case]
    monkeypatch.setenv("DELEGATE_NOW", os.environ["DELEGATE_NOW"])  # a setup's change is undone after the test
    monkeypatch.setenv("DELEGATE_CACHE", "on")
    for setup in setups:
        setup(db)
    before = snapshot(db.parent.parent)
    assert quick.append(["log", "checkin", *options, "--db", str(db)]) is None
    assert snapshot(db.parent.parent) == before
    assert FAST not in capsys.readouterr().err


def test_an_unknown_month_file_is_sealed_after_the_full_command_rewrote_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    _reindented_month(db)
    args = ("log", "checkin", "--member", "Aiko", "--db", str(db))
    first = through_launcher(monkeypatch, capsys, *args)
    assert first.code == 0
    assert FAST not in first.err
    raw = month_file(db).read_bytes()
    assert dumps(orjson.loads(raw)) == raw
    second = through_launcher(monkeypatch, capsys, *args)
    assert FAST in second.err


def test_a_changed_workspace_is_read_again_by_the_full_program(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    assert (
        through_full_command(capsys, "member", "add", "Noor Haddad", "--since", "2026-01-05", "--db", str(db)).code == 0
    )
    args = ("log", "checkin", "--member", "Noor", "--db", str(db))
    first = through_launcher(monkeypatch, capsys, *args)
    assert (first.code, FAST in first.err) == (0, False)
    assert "for Noor Haddad" in first.out
    second = through_launcher(monkeypatch, capsys, *args)
    assert (second.code, FAST in second.err) == (0, True)
    assert "for Noor Haddad" in second.out


def test_pending_events_keep_their_numbers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A level change leaves its event in the workspace file's pending table until the next change;
    # one whose month file write was lost (a crash) holds its number there alone.
    db = sample(tmp_path / "a")
    assert through_full_command(capsys, "task", "level", "4", "5", "--db", str(db)).code == 0
    _edit_workspace(_pending_event)(db)
    assert orjson.loads(db.read_bytes())["pending_events"]
    primed(monkeypatch, capsys, db)
    run = compare(monkeypatch, capsys, db, "log", "checkin", "--member", "Aiko", "--db", "DB")
    assert "e202611-502 " in run.out  # after the lost e202611-500 and the priming check-in


def test_once_the_event_is_written_it_is_never_left_to_the_full_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("the cache folder went away")

    monkeypatch.setattr(quick, "write_seal", broken)
    assert quick.append(["log", "checkin", "--member", "Aiko", "--db", str(db)]) == 0
    assert NEXT in capsys.readouterr().out
    assert len(orjson.loads(month_file(db).read_bytes())["events"]) == 58


def test_the_default_workspace_is_the_full_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("DELEGATE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    db = sample(tmp_path / "data" / "delegate-tui")
    os.rename(db, db.with_name("workspace.json"))
    os.rename(db.with_name("team.events"), db.with_name("workspace.events"))
    args = ("log", "checkin", "--member", "Aiko")
    assert FAST not in through_launcher(monkeypatch, capsys, *args).err
    second = through_launcher(monkeypatch, capsys, *args)
    assert FAST in second.err
    assert NEXT in second.out
    events = orjson.loads((db.parent / "workspace.events" / f"{MONTH}.json").read_bytes())["events"]
    assert events["58"]["member_id"] == 2
    # Another data folder: not the workspace the index was confirmed for.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert quick.append(list(args)) is None


# ---------------------------------------------------------------------------- processes


def _script(*args: str) -> list[str]:
    return [sys.executable, "-c", "from delegate_tui.launch import main; raise SystemExit(main())", *args]


def test_the_fast_path_imports_nothing_of_the_full_program(db: Path) -> None:
    # What makes it fast: the full command's imports (pydantic, the model, the storage, filelock,
    # argparse, orjson, json) cost ten times the append itself.
    heavy = ("pydantic", "tinydb", "textual", "filelock", "orjson", "json", "argparse", "gettext", "msgspec")
    ours = ("delegate_tui.model", "delegate_tui.storage", "delegate_tui.cli", "delegate_tui.i18n")
    script = (
        "import sys\n"
        "from delegate_tui.launch import main\n"
        "code = main()\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} or m.startswith({ours!r})), "
        "file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "log", "checkin", "--member", "Aiko", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"{FAST}\n[]\n"


def test_the_append_waits_for_the_lock(db: Path) -> None:
    before = month_file(db).read_bytes()
    lock = FileLock(str(db) + ".lock", mode=0o600)
    with lock:
        process = subprocess.Popen(
            _script("log", "checkin", "--member", "Aiko", "--db", str(db)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)  # time for it to reach the lock; nothing may be written while we hold it
        assert process.poll() is None
        assert month_file(db).read_bytes() == before
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert FAST in err
    assert NEXT in out
    assert "58" in orjson.loads(month_file(db).read_bytes())["events"]


def _log_at_once(db: Path, names: list[str], cache: list[str]) -> list[tuple[str, str]]:
    """``log checkin --member NAME`` for every name at once, each in its own process."""
    processes = [
        subprocess.Popen(
            _script("log", "checkin", "--member", name, "--db", str(db)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "DELEGATE_CACHE": setting},
        )
        for name, setting in zip(names, cache)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * len(names), results
    ids = [re.search(r"(e\d+-\d+)", out).group(1) for out, _err in results]  # type: ignore[union-attr]
    assert len(set(ids)) == len(names)
    raw = month_file(db).read_bytes()
    assert dumps(orjson.loads(raw)) == raw
    events = orjson.loads(raw)["events"]
    assert {event_id.rsplit("-", 1)[1] for event_id in ids} <= set(events)
    assert len(events) == 57 + len(names)  # none lost
    return results


NAMES = ["Aiko", "Jonas", "Lena", "Kwame", "Priya", "Diego", "Fatima", "Tomasz"]


def test_fast_writers_at_once_each_get_their_own_event(db: Path) -> None:
    results = _log_at_once(db, NAMES, ["on"] * len(NAMES))
    # Each seals the month file it wrote, under the lock: the next one finds it sealed.
    assert all(FAST in err for _out, err in results)


def test_fast_and_full_writers_at_once_share_the_numbering(db: Path) -> None:
    # Half through the full command (the cache off), half fast: they share the lock and the numbers.
    _log_at_once(db, NAMES, ["off" if index % 2 else "on" for index in range(len(NAMES))])
