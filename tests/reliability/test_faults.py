"""Faults a workspace meets in real life: a full (or half-full) disk, read-only files and folders, an
unreadable history folder, the folder deleted under a running UI, a lock left by a killed process,
files copied with loose permissions, names a user made by hand. Each gives one clear line (exit 2 in
the CLI, a notification in the UI), never a traceback, and nothing changes that was not reported.

Root ignores file modes, and the tests run as root here: the permission cases run the CLI as
``nobody`` through ``setpriv`` and are skipped, saying why, where that is not possible.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from delegate_tui.model import DelegationLevel, Event, EventKind
from delegate_tui.storage import files as files_module
from delegate_tui.storage import store as store_module
from delegate_tui.storage.store import Store, events_folder
from tests.conftest import NOW
from tests.reliability.team import make_team, month_file_ids, spawn, wait_for
from tests.test_app import SIZE, make_app
from tests.test_board import select


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the lock) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def team_with_history(path: Path) -> Store:
    store = make_team(path, 1)
    store.log_event(Event(kind=EventKind.CHECKIN, at=NOW - timedelta(days=40), member_id=1, note="october"))
    store.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=1, note="november"))
    return store


# ---------------------------------------------------------------------------- disk full


def _full_disk(monkeypatch: pytest.MonkeyPatch, *, only_inside: Path | None = None) -> None:
    real = files_module.write_atomically

    def write_atomically(path: Path, payload: bytes, *, backup: bool = True) -> None:
        if only_inside is None or only_inside in Path(path).parents:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, payload, backup=backup)

    monkeypatch.setattr(files_module, "write_atomically", write_atomically)
    monkeypatch.setattr(store_module, "write_atomically", write_atomically)


@pytest.mark.parametrize(
    "args",
    [
        ("member", "add", "Cleo"),
        ("task", "level", "1", "5"),
        ("log", "checkin", "--member", "Ann"),
        ("agreement", "set", "Ann", "--growth", "Run the retro"),
        ("demo", "--force"),
    ],
)
def test_a_full_disk_says_nothing_was_changed_and_nothing_was(
    cli: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    team_with_history(db_path)
    before = snapshot(db_path.parent)
    _full_disk(monkeypatch)
    result = cli(*args)
    assert result.code == 2
    assert "nothing was changed" in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    monkeypatch.undo()
    assert snapshot(db_path.parent) == before


def test_a_disk_with_room_for_the_workspace_file_but_not_the_month_file_tells_what_was_saved(
    cli: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team_with_history(db_path)
    _full_disk(monkeypatch, only_inside=events_folder(db_path))
    result = cli("task", "level", "1", "5", "--at", "2026-11-28 12:00")
    assert result.code == 0, result.err
    assert "nothing was changed" not in result.err
    assert "The change was saved" in result.err and "history could not be written yet" in result.err
    monkeypatch.undo()
    store = Store(db_path)
    assert store.load().tasks[1].level == DelegationLevel(5)
    change = [e for e in store.events() if e.kind is EventKind.LEVEL_CHANGE]
    assert len(change) == 1  # shown as history at once, from the workspace file's pending table
    assert change[0].id not in month_file_ids(db_path)
    assert cli("member", "add", "Cleo").code == 0  # the next change moves it to its month file
    assert change[0].id in month_file_ids(db_path)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted inside the test's folder (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip() or done.returncode})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_demo_on_a_really_full_disk_keeps_the_old_workspace(cli: Any, small_disk: Path) -> None:
    path = small_disk / "team.json"
    assert cli("member", "add", "Ann", db=path).code == 0
    before = snapshot(small_disk)
    result = cli("demo", "--force", db=path)
    assert result.code == 2
    assert "No space left on device; nothing was changed" in result.err
    assert "Traceback" not in result.err
    assert snapshot(small_disk) == before
    assert [p.name for p in small_disk.iterdir() if ".replace-" in p.name] == []
    assert cli("member", "list", db=path).code == 0


# ---------------------------------------------------------------------------- read-only files


def test_a_read_only_workspace_file_is_read_but_never_replaced(cli: Any, db_path: Path) -> None:
    team_with_history(db_path)
    db_path.chmod(0o400)
    before = snapshot(db_path.parent)
    for args in (("member", "add", "Cleo"), ("log", "checkin", "--member", "Ann"), ("demo", "--force")):
        result = cli(*args)
        assert result.code == 2
        assert result.err.strip() == f"delegate: {db_path} is read-only; nothing was changed."
    assert snapshot(db_path.parent) == before
    assert mode(db_path) == 0o400
    listed = cli("member", "list")
    assert listed.code == 0 and "Ann" in listed.out


def test_a_read_only_month_file_refuses_the_change_before_the_workspace_file_is_written(
    cli: Any, db_path: Path
) -> None:
    team_with_history(db_path)
    month = events_folder(db_path) / "2026-11.json"
    month.chmod(0o400)
    before = snapshot(db_path.parent)
    result = cli("task", "level", "1", "5", "--at", "2026-11-28 12:00")
    assert result.code == 2
    assert result.err.strip() == f"delegate: {month} is read-only; nothing was changed."
    assert snapshot(db_path.parent) == before


async def test_the_ui_shows_a_read_only_workspace_and_keeps_running(db_path: Path) -> None:
    team_with_history(db_path)
    db_path.chmod(0o400)
    app = make_app(Store(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, "Ann", "Area 1")
        await pilot.press("4")
        await pilot.pause()
        assert any("is read-only; nothing was changed" in str(n.message) for n in app._notifications)
        assert app.is_running
        await pilot.press("down")  # still answers keys
    assert Store(db_path).load().agreements == {}


# ---------------------------------------------------------------------------- the folder removed under the UI


async def test_the_folder_deleted_under_a_running_ui_is_not_recreated_and_the_ui_keeps_running(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    path = folder / "team.json"
    team_with_history(path)
    app = make_app(Store(path), watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shutil.rmtree(folder)
        await select(app, "Ann", "Area 1")
        await pilot.press("4")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("is gone (moved or deleted); nothing was changed" in m for m in messages), messages
        assert not folder.exists(), "the change wrote a fresh half-workspace"
        # The file alone removed (the folder kept): refused as well, never an empty workspace.
        folder.mkdir()
        await pilot.press("5")
        await pilot.pause()
        assert not path.exists()
        assert app.is_running
        await pilot.press("t")  # another screen still opens
        await pilot.pause()


# ---------------------------------------------------------------------------- a lock left behind


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_lock_left_by_a_killed_process_does_not_block_the_next_change(tmp_path: Path, cli: Any) -> None:
    path = tmp_path / "team.json"
    make_team(path, 1)
    holder = spawn("hold", str(path), str(tmp_path / "never"))
    wait_for(holder, "holding")
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=30)
    assert path.with_name("team.json.lock").exists()  # the file stays; the kernel dropped the lock
    result = cli("member", "add", "Cleo", db=path)
    assert result.code == 0, result.err
    assert "Cleo" in {m.name for m in Store(path).load().members.values()}


# ---------------------------------------------------------------------------- permissions


def test_loose_permissions_are_tightened_on_the_next_write_and_said_once(
    cli: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team_with_history(db_path)
    events = events_folder(db_path)
    loose = [db_path, db_path.with_name("team.json.bak"), *events.iterdir()]
    for path in loose:
        path.chmod(0o644)
    events.chmod(0o755)
    old_umask = os.umask(0)
    try:
        first = cli("member", "add", "Cleo")
        second = cli("log", "checkin", "--member", "Ann", "--at", "2026-12-03 10:00")
        created = Store(db_path.parent / "a" / "b" / "new.json")
        created.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=None, note="hello"))
    finally:
        os.umask(old_umask)
    assert first.code == 0
    assert "were readable by others; they are now private" in first.err
    assert len(first.err.strip().splitlines()) == 1
    assert second.code == 0 and second.err == ""  # said once
    for path in [*loose, db_path, *events.iterdir()]:
        assert mode(path) == 0o600, path
    assert mode(events) == 0o700
    # Folders and files it creates are private whatever the umask.
    for folder in (db_path.parent / "a", db_path.parent / "a" / "b", events_folder(created.path)):
        assert mode(folder) == 0o700, folder
    for path in [created.path, *events_folder(created.path).iterdir()]:
        assert mode(path) == 0o600, path


def test_one_loose_file_is_named(cli: Any, db_path: Path) -> None:
    team_with_history(db_path)
    db_path.chmod(0o664)
    result = cli("member", "add", "Cleo")
    assert result.code == 0
    assert result.err.strip() == "delegate: team.json was readable by others; it is now private."


# ---------------------------------------------------------------------------- names a user may have made


def test_files_a_user_made_with_the_old_temporary_names_survive_every_verb(cli: Any, db_path: Path) -> None:
    team_with_history(db_path)
    theirs = {
        "team.events.old/notes.txt": b"mine",
        "team.events.new/notes.txt": b"mine too",
        "team.json.new": b"a draft",
        "team.json.replacing": b"also mine",
    }
    for name, content in theirs.items():
        (db_path.parent / name).parent.mkdir(exist_ok=True)
        (db_path.parent / name).write_bytes(content)
    for args in (("member", "add", "Cleo"), ("demo", "--force"), ("member", "list"), ("log", "note", "--member", "1")):
        result = cli(*args)
        assert "Traceback" not in result.err
    for name, content in theirs.items():
        assert (db_path.parent / name).read_bytes() == content


def test_a_failed_clean_up_after_a_replace_never_brings_back_stale_history(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = team_with_history(db_path)
    first = store.load().model_copy(update={"manager": "First"})
    real_rmtree = shutil.rmtree

    def rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        if str(path).endswith(".old"):
            raise OSError(errno.EACCES, "Permission denied")  # the set-aside history cannot be removed
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(store_module.shutil, "rmtree", rmtree)
    store.replace_everything(first, [Event(kind=EventKind.CHECKIN, at=NOW, member_id=1, note="first")], NOW)
    monkeypatch.undo()
    second = first.model_copy(update={"manager": "Second"})
    Store(db_path).replace_everything(second, [Event(kind=EventKind.CHECKIN, at=NOW, member_id=2, note="second")], NOW)
    reopened = Store(db_path)
    assert reopened.load().manager == "Second"
    assert [e.note for e in reopened.events()] == ["second"]
    assert [p.name for p in db_path.parent.iterdir() if ".replace-" in p.name] == []  # cleaned up at last


# ---------------------------------------------------------------------------- as an ordinary user


def _nobody() -> tuple[int, int] | None:
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


@pytest.fixture
def nobody_folder() -> Iterator[Path]:
    """A folder owned by ``nobody``, where the CLI runs as ``nobody`` (root would ignore every mode)."""
    ids = _nobody()
    if ids is None or shutil.which("setpriv") is None:
        pytest.skip("needs the user nobody and setpriv to test permissions without root's exemptions")
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp(prefix="delegate-faults-"))
        yield folder
    else:
        folder = Path(tempfile.mkdtemp(prefix="delegate-faults-"))
        os.chown(folder, *ids)
        os.chmod(folder, 0o755)
        yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o700)
    shutil.rmtree(folder)


def as_user(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "delegate_tui", *args, "--db", str(folder / "team.json")]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {k: v for k, v in os.environ.items() if k != "DELEGATE_DB"}
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**env, "HOME": str(folder)},
        timeout=60,
    )
    if "setpriv:" in done.stderr:
        pytest.skip(f"cannot drop privileges here: {done.stderr.strip()}")
    return done


def _user_team(folder: Path) -> None:
    """A small workspace in ``folder``, all of it owned by the user the CLI runs as."""
    team_with_history(folder / "team.json")
    ids = _nobody()
    if os.geteuid() == 0 and ids is not None:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, *ids)


@pytest.mark.parametrize("folder_mode", [0o000, 0o300])
def test_an_unreadable_history_folder_gives_one_clear_line(nobody_folder: Path, folder_mode: int) -> None:
    _user_team(nobody_folder)
    events = nobody_folder / "team.events"
    events.chmod(folder_mode)
    verbs = [("member", "add", "Cleo"), ("log", "checkin", "--member", "Ann"), ("check",), ("export",), ()]
    for args in verbs:
        done = as_user(nobody_folder, *args)
        assert done.returncode in (0, 2), (args, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        if done.returncode == 2:
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert "team.events" in done.stderr, done.stderr
        if args in (("check",), ("export",), ()):  # they (and the UI) need the history: they say so
            assert done.returncode == 2, args
            assert "permission denied" in done.stderr.casefold()


@pytest.mark.parametrize("verb", ["demo", "import"])
def test_a_read_only_folder_refuses_a_replace_and_keeps_the_workspace(nobody_folder: Path, verb: str) -> None:
    _user_team(nobody_folder)
    backup = nobody_folder / "backup.json"
    if verb == "import":
        assert as_user(nobody_folder, "export", "--full", "--out", str(backup)).returncode == 0
    before = snapshot(nobody_folder)
    nobody_folder.chmod(0o555)
    args = ("demo", "--force") if verb == "demo" else ("import", "--replace", str(backup))
    done = as_user(nobody_folder, *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "nothing was changed" in done.stderr or "Permission denied" in done.stderr
    nobody_folder.chmod(0o755)
    assert snapshot(nobody_folder) == before
