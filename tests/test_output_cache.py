"""The output cache of ``delegate check`` and ``delegate export`` (delegate_tui/quick/cache.py).

Every run is a real ``delegate`` process (the launcher) on a copy of the package (so that edits in
the checkout do not change the program's signature half-way), at a fixed ``DELEGATE_NOW``. A hit
is told by ``DELEGATE_CACHE_DEBUG`` (the replay says so on stderr, which is then compared without
that line) and by the entry files; every output is compared byte for byte with the full command's
with the cache off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

import delegate_tui
from delegate_tui.quick import cache

NOW = "2026-12-02T12:00:00Z"
HIT = b"delegate: replayed from the cache\n"


# One worker takes every test of this module (make test: --dist loadgroup): the program copy and
# the sample below are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("output-cache")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of delegate_tui to run (PYTHONPATH): its signature stays put while others edit the checkout."""
    root = tmp_path_factory.mktemp("program")
    shutil.copytree(
        Path(delegate_tui.__file__).parent, root / "delegate_tui", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


@pytest.fixture(scope="module")
def sample(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample team, made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("sample")
    run(package, ["--db", str(folder / "ws.json"), "demo"], cache_on=False)
    return folder


@pytest.fixture
def db(sample: Path, tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(sample, tmp_path / "w")
    path = tmp_path / "w" / "ws.json"
    yield path
    for folder in (path.parent, path.parent / "ws.cache"):
        if folder.exists():
            folder.chmod(0o700)


def environment_of(package: Path, *, cache_on: bool = True, now: str = NOW) -> dict[str, str]:
    """The environment of every run: the copy of the package, a fixed moment, no locale."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DELEGATE_", "LC_", "LANG")) and key not in ("TZ", "PYTHONDONTWRITEBYTECODE")
    }
    environment.update(
        PYTHONPATH=str(package), DELEGATE_NOW=now, DELEGATE_CACHE_DEBUG="1", DELEGATE_CACHE="on" if cache_on else "off"
    )
    return environment


def run(
    package: Path, argv: list[str], *, cache_on: bool = True, now: str = NOW, env: dict[str, str] | None = None
) -> tuple[bytes, bytes, int, bool]:
    """stdout, stderr (without the replay's line), the exit code, and whether it was a replay."""
    environment = environment_of(package, cache_on=cache_on, now=now)
    environment.update(env or {})
    # In the package's folder: ``-m`` puts the working folder first on the path (the checkout's sources).
    done = subprocess.run(
        [sys.executable, "-m", "delegate_tui.launch", *argv],
        capture_output=True,
        env=environment,
        check=False,
        cwd=package,
    )
    replayed = done.stderr.startswith(HIT)
    return done.stdout, done.stderr.removeprefix(HIT), done.returncode, replayed


def entries(db: Path) -> list[Path]:
    folder = db.with_name(db.stem + ".cache")
    return sorted(folder.glob("*.entry")) if folder.exists() else []


def header(entry: Path) -> dict[str, object]:
    raw = entry.read_bytes()
    start = len(cache.FORMAT) + 9  # after the crc32 line
    line = raw[start : raw.index(b"\n", start)]
    found = orjson.loads(line)
    assert isinstance(found, dict)
    return found


def assert_replays(package: Path, argv: list[str], **options: object) -> bytes:
    """Run ``argv`` with the cache off, then twice with it: the second is a replay, all three alike."""
    expected = run(package, argv, cache_on=False, **options)  # type: ignore[arg-type]
    first = run(package, argv, **options)  # type: ignore[arg-type]
    second = run(package, argv, **options)  # type: ignore[arg-type]
    assert not expected[3] and not first[3], "a replay without an entry"
    assert second[3], f"not replayed: {argv}"
    assert first[:3] == expected[:3]
    assert second[:3] == expected[:3]
    return expected[0]


LINES = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--all"],
    ["check", "--member", "Diego Fernández", "--format=json"],
    ["check", "--fail-on", "warning"],
    ["--lang", "nl", "check"],
    ["check", "--now", "2026-11-20T09:00:00Z", "--format", "json"],
    ["export"],
    ["export", "--format", "markdown"],
    ["export", "--member", "Aiko Tanaka", "--format", "markdown"],
    ["export", "--out", "-", "--lang=nl", "--format", "markdown"],
    ["export", "--now", "2026-11-20", "--member", "Diego Fernández"],
]


@pytest.mark.parametrize("argv", LINES, ids=[" ".join(line) for line in LINES])
def test_a_replay_prints_what_the_full_command_prints(package: Path, db: Path, argv: list[str]) -> None:
    out = assert_replays(package, ["--db", str(db), *argv])
    assert out.strip()
    assert len(entries(db)) == 1


def test_exit_code_of_fail_on_is_replayed(package: Path, db: Path) -> None:
    argv = ["--db", str(db), "check", "--fail-on", "info"]
    assert_replays(package, argv)
    assert run(package, argv)[2:] == (1, True)


def test_the_environment_choosing_the_language_is_part_of_the_key(package: Path, db: Path) -> None:
    argv = ["--db", str(db), "check"]
    english = assert_replays(package, argv)
    dutch = run(package, argv, env={"DELEGATE_LANG": "nl"})
    assert not dutch[3]
    assert dutch[:3] == run(package, argv, cache_on=False, env={"DELEGATE_LANG": "nl"})[:3]
    assert dutch[0] != english
    assert run(package, argv, env={"LANG": "nl_NL.UTF-8"})[3] is False  # another locale: another key


def span_of(db: Path) -> tuple[datetime, datetime]:
    (entry,) = entries(db)
    found = header(entry)
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (
        epoch + timedelta(microseconds=int(found["start"])),  # type: ignore[call-overload]
        epoch + timedelta(microseconds=int(found["end"])),  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("argv", [["check", "--format", "json"], ["export"], ["export", "--format", "markdown"]])
def test_a_moment_inside_the_span_replays_with_its_own_now(package: Path, db: Path, argv: list[str]) -> None:
    line = ["--db", str(db), *argv]
    before = assert_replays(package, line)
    start, end = span_of(db)
    assert start <= datetime(2026, 12, 2, 12, tzinfo=timezone.utc) < end
    inside = (end - timedelta(minutes=3)).replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    replayed = run(package, line, now=inside)
    assert replayed[3]
    assert replayed[:3] == run(package, line, cache_on=False, now=inside)[:3]
    assert replayed[0] != before  # the new moment is in it
    outside = (end + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = run(package, line, now=outside)
    assert not later[3]
    assert later[:3] == run(package, line, cache_on=False, now=outside)[:3]


CHANGES = {
    "a check-in": ["log", "checkin", "--member", "Aiko Tanaka"],
    "a task": ["task", "add", "Write the cache tests", "--member", "Aiko Tanaka", "--level", "3"],
    "a rule switched off": ["rules", "off", "MM002"],
    "a month file added": ["log", "checkin", "--member", "Aiko Tanaka", "--at", "2027-01-15"],
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_any_change_to_the_workspace_is_a_miss(package: Path, db: Path, change: str) -> None:
    for argv in (["check", "--all"], ["export"]):
        assert_replays(package, ["--db", str(db), *argv])
    done = run(package, ["--db", str(db), *CHANGES[change]], cache_on=False)
    assert done[2] == 0, done[1]
    for argv in (["check", "--all"], ["export"]):
        line = ["--db", str(db), *argv]
        after = run(package, line)
        assert not after[3]
        assert after[:3] == run(package, line, cache_on=False)[:3]


def test_an_acknowledgement_is_a_miss(package: Path, db: Path) -> None:
    line = ["--db", str(db), "check", "--format", "json"]
    flags = orjson.loads(assert_replays(package, line))["flags"]
    done = run(package, ["--db", str(db), "flag", "ack", flags[0]["id"], "--reason", "agreed"], cache_on=False)
    assert done[2] == 0, done[1]
    after = run(package, line)
    assert not after[3]
    assert after[:3] == run(package, line, cache_on=False)[:3]


def test_an_edited_source_file_is_a_miss(package: Path, db: Path) -> None:
    line = ["--db", str(db), "check"]
    assert_replays(package, line)
    rule = package / "delegate_tui" / "summary" / "markdown.py"
    stamp = rule.stat()
    os.utime(rule, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    try:
        assert not run(package, line)[3]
        assert run(package, line)[3]
    finally:
        os.utime(rule, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


def test_a_corrupt_or_truncated_entry_is_ignored_and_replaced(package: Path, db: Path) -> None:
    line = ["--db", str(db), "export", "--format", "markdown"]
    expected = assert_replays(package, line)
    (entry,) = entries(db)
    whole = entry.read_bytes()
    for broken in (whole[: len(whole) // 2], whole[:-1] + b"X", b"", whole.replace(b'"code":0', b'"code":1')):
        entry.write_bytes(broken)
        again = run(package, line)
        assert not again[3] and again[0] == expected and again[2] == 0
        assert entry.read_bytes() == whole  # recorded again
    assert run(package, line)[3]


def test_a_read_only_folder_means_no_cache(package: Path, db: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    db.parent.chmod(0o500)
    line = ["--db", str(db), "check"]
    for _ in range(2):
        done = run(package, line)
        assert not done[3] and done[2] == 0 and done[1] == b""
    assert not entries(db)


def test_a_read_only_cache_folder_means_no_new_entries(package: Path, db: Path) -> None:
    folder = db.with_name("ws.cache")
    folder.mkdir(mode=0o500)
    if os.access(folder, os.W_OK):
        pytest.skip("this user writes into read-only folders")
    line = ["--db", str(db), "check"]
    done = run(package, line)
    assert not done[3] and done[2] == 0 and done[1] == b""
    assert not entries(db)


def test_no_workspace_no_cache(package: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nothing.json"
    for argv in (["check"], ["export"]):
        done = run(package, ["--db", str(missing), *argv])
        assert done[2] == 2 and not done[3]
    assert not (tmp_path / "nothing.cache").exists()


def test_private_exports_and_backups_are_never_cached(package: Path, db: Path) -> None:
    note = "A private note the cache must never hold"
    done = run(package, ["--db", str(db), "log", "note", "--member", "Aiko Tanaka", "--note", note], cache_on=False)
    assert done[2] == 0, done[1]
    for argv in (["export", "--include-private"], ["export", "--full"], ["export", "--inc"]):
        for _ in range(2):
            done = run(package, ["--db", str(db), *argv])
            assert not done[3] and done[2] == 0, done[1]
            assert note.encode() in done[0]
    assert not entries(db)
    out = tmp_path_out = db.with_name("summary.json")
    done = run(package, ["--db", str(db), "export", "--out", str(out)])
    assert done[2] == 0 and not done[3] and tmp_path_out.exists()
    assert not entries(db)


def test_a_writer_during_the_full_run_is_not_cached(package: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data changes between the replay's signature and the recording: nothing is recorded."""
    from delegate_tui.cli import main

    monkeypatch.setenv("DELEGATE_NOW", NOW)
    monkeypatch.delenv("DELEGATE_CACHE", raising=False)
    line = ["--db", str(db), "check", "--format", "json"]
    real_record = cache._record

    def writer_in_between(*args: object) -> bool:
        month = db.with_name("ws.events") / "2026-12.json"
        month.write_bytes(month.read_bytes())  # the same bytes, a new mtime: a concurrent writer
        return real_record(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "_record", writer_in_between)
    assert cache.replay(line) is None
    assert cache.recording()
    assert main(line) == 0
    assert not cache.recording()
    assert not entries(db)
    monkeypatch.setattr(cache, "_record", real_record)
    assert cache.replay(line) is None
    assert main(line) == 0
    assert len(entries(db)) == 1


def test_entries_are_capped(package: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 3)
    folder = db.with_name("ws.cache")
    for number in range(6):
        cache._write_entry(folder, f"{number:064x}.entry", b"x")
        os.utime(folder / f"{number:064x}.entry", ns=(number * 10**9, number * 10**9))
    cache._prune(folder)
    assert [path.name[:-6][-1] for path in sorted(folder.glob("*.entry"))] == ["3", "4", "5"]
    assert folder.stat().st_mode & 0o777 == 0o700


def test_the_cache_can_be_turned_off(package: Path, db: Path) -> None:
    line = ["--db", str(db), "check"]
    for _ in range(2):
        assert not run(package, line, cache_on=False)[3]
    assert not entries(db)


def test_the_replay_imports_neither_pydantic_nor_the_full_command(package: Path, db: Path) -> None:
    line = ["--db", str(db), "export", "--format", "markdown"]
    assert_replays(package, line)
    probe = (
        "import sys; from delegate_tui.launch import main; sys.argv[1:] = " + repr(line) + "; code = main(); "
        "bad = [m for m in sys.modules if m.startswith(('pydantic', 'delegate_tui.cli', 'delegate_tui.model'))]; "
        "sys.stderr.write(repr(bad)); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, env=environment_of(package), check=False, cwd=package
    )
    assert done.returncode == 0 and done.stderr == HIT + b"[]"


@pytest.mark.parametrize(
    "text", ["2026-12-02", "2026-12-02T12:00", "2026-12-02T12:00:30Z", "2026-12-02 23:30:00+05:30", "1899-12-31"]
)
def test_delegate_now_is_read_as_the_full_command_reads_it(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from delegate_tui.cli import clock
    from delegate_tui.model import InputError

    monkeypatch.setenv("DELEGATE_NOW", text)
    found = cache.clock_from_environment()
    try:
        expected = clock()
    except InputError:
        assert found is False
    else:
        assert found == expected and found.tzinfo is timezone.utc  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--mem", "x"],
        ["check", "extra"],
        ["export", "--include-private"],
        ["export", "--full"],
        ["export", "--out", "file.json"],
        ["check", "--db", "a", "--db", "b"],
        ["rules"],
        ["check", "--member", "--all"],
    ],
)
def test_lines_the_replay_does_not_understand_are_left_alone(argv: list[str]) -> None:
    assert cache.parse_argv(argv) is None


def test_a_cache_folder_that_cannot_be_made_means_no_cache(package: Path, db: Path) -> None:
    """Something else named ws.cache (as a read-only folder would, for root too): the commands work, silently."""
    blocker = db.with_name("ws.cache")
    blocker.write_bytes(b"not a folder")
    line = ["--db", str(db), "export", "--format", "markdown"]
    expected = run(package, line, cache_on=False)
    for _ in range(2):
        done = run(package, line)
        assert done[:3] == expected[:3] and not done[3]
    assert blocker.read_bytes() == b"not a folder"


def test_erasing_a_member_removes_the_cache_that_names_them(package: Path, db: Path) -> None:
    assert_replays(package, ["--db", str(db), "export", "--format", "markdown"])
    assert any(b"Aiko Tanaka" in entry.read_bytes() for entry in entries(db))
    done = run(package, ["--db", str(db), "member", "erase", "Aiko Tanaka", "--confirm", "Aiko Tanaka"], cache_on=False)
    assert done[2] == 0, done[1]
    assert not db.with_name("ws.cache").exists()


def test_an_export_into_the_cache_folder_is_refused(package: Path, db: Path) -> None:
    assert_replays(package, ["--db", str(db), "check"])
    done = run(package, ["--db", str(db), "export", "--out", str(db.with_name("ws.cache") / "x.json")])
    assert done[2] == 2 and not (db.with_name("ws.cache") / "x.json").exists()


@pytest.mark.parametrize("home", [None, "", "  ", "/somewhere/data"])
def test_the_default_workspace_is_the_full_commands(home: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from delegate_tui.cli import default_db_path

    if home is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", home)
    assert cache.default_db() == default_db_path()


@pytest.mark.parametrize("argv", [["export"], ["--lang", "nl", "export", "--format", "markdown"], ["check"]])
def test_a_closed_pipe_is_answered_as_the_full_command_answers_it(package: Path, db: Path, argv: list[str]) -> None:
    line = ["--db", str(db), *argv]
    assert_replays(package, line)

    def into_closed_pipe(cache_on: bool) -> tuple[bytes, int]:
        reader, writer = os.pipe()
        os.close(reader)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "delegate_tui.launch", *line],
                stdout=writer,
                stderr=subprocess.PIPE,
                env=environment_of(package, cache_on=cache_on),
                check=False,
                cwd=package,
            )
        finally:
            os.close(writer)
        return done.stderr, done.returncode

    full = into_closed_pipe(False)
    replayed = into_closed_pipe(True)
    assert replayed[0].startswith(HIT)
    assert (replayed[0].removeprefix(HIT), replayed[1]) == full
