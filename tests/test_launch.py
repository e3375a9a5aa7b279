"""The console script's launcher: which verb a command line asks for, and that it falls back to the full command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from delegate_tui.launch import verb_of


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
