"""The console script's launcher: which verb a command line asks for, and that it falls back to the full command."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from delegate_tui.launch import main, verb_of


@pytest.mark.parametrize(
    ("argv", "verb"),
    [
        (["log", "checkin", "--member", "Ann"], "log"),
        (["--db", "/tmp/w.json", "check"], "check"),
        (["--db=/tmp/w.json", "--lang", "nl", "export", "--format", "markdown"], "export"),
        (["--lang=nl", "task", "list"], "task"),
        # The value of --db is not the verb, even when it looks like one.
        (["--db", "log", "check"], "check"),
    ],
)
def test_the_verb_is_found_after_the_leading_options(argv: list[str], verb: str) -> None:
    assert verb_of(argv) == verb


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["-h"],
        ["--help", "log"],
        ["--d", "/tmp/w.json", "log"],  # an abbreviation is argparse's to read
        ["--db"],
        ["--version"],
    ],
)
def test_anything_else_is_left_to_the_full_command(argv: list[str]) -> None:
    assert verb_of(argv) is None


def test_the_console_script_runs_the_full_command_for_other_verbs(tmp_path: Path) -> None:
    db = tmp_path / "w.json"
    script = "import sys; from delegate_tui.launch import main; raise SystemExit(main())"
    done = subprocess.run(
        [sys.executable, "-c", script, "member", "add", "Ann", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [sys.executable, "-c", script, "member", "list", "--db", str(db)], capture_output=True, text=True, check=False
    )
    assert "Ann" in listed.stdout
    bad = subprocess.run(
        [sys.executable, "-c", script, "--d", str(db), "tsk"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_log_takes_the_fast_path_once_the_full_command_has_recorded_what_it_needs(tmp_path: Path) -> None:
    db = tmp_path / "w.json"
    script = "import sys; from delegate_tui.launch import main; raise SystemExit(main())"
    environment = {**os.environ, "DELEGATE_CACHE_DEBUG": "1", "DELEGATE_NOW": "2026-11-28T12:00:00Z", "TZ": "UTC"}
    environment.pop("DELEGATE_CACHE", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args, "--db", str(db)],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )

    assert run("member", "add", "Ann", "--since", "2026-01-05").returncode == 0
    fast = "delegate: logged by the fast path"
    # The first append falls back (no index yet); the full command logs it, then the index is recorded.
    first = run("log", "checkin", "--member", "Ann")
    assert (first.returncode, first.stdout, fast in first.stderr) == (
        0,
        "Logged checkin e202611-1 for Ann at 2026-11-28 12:00 UTC.\n",
        False,
    )
    second = run("log", "checkin", "--member", "ann")
    assert (second.returncode, second.stdout, fast in second.stderr) == (
        0,
        "Logged checkin e202611-2 for Ann at 2026-11-28 12:00 UTC.\n",
        True,
    )
    # What the fast path leaves alone still runs, through the full command.
    backdated = run("log", "checkin", "--member", "Ann", "--at", "2026-11-27T09:00:00Z")
    assert (backdated.returncode, fast in backdated.stderr) == (0, False)
    assert "e202611-3 for Ann at 2026-11-27 09:00 UTC" in backdated.stdout
    unknown = run("log", "checkin", "--member", "Bob")
    assert unknown.returncode == 2
    assert unknown.stderr == "delegate: There is no member named 'Bob'.\n"


@pytest.mark.parametrize(("argv", "collecting"), [(["--db", "w.json"], False), (["member", "list"], True)])
def test_only_the_ui_starts_with_the_collector_off(
    argv: list[str], collecting: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The UI turns it back on after its first paint (tests/test_ui_start.py); a verb keeps it on.
    seen: list[bool] = []

    def full_command() -> int:
        seen.append(gc.isenabled())
        return 0

    import delegate_tui.cli

    monkeypatch.setattr(delegate_tui.cli, "main", full_command)
    monkeypatch.setattr(sys, "argv", ["delegate", *argv])
    try:
        assert main() == 0
    finally:
        gc.enable()
    assert seen == [collecting]
