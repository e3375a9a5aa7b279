"""The ``delegate`` process after a verb that read the whole history: it ends without the
interpreter's teardown (``os._exit``), so these run it as a real process and compare what a script
piping its output would get with the in-process run: every byte, the exit code, the written file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from delegate_tui.cli import main

NOW = "2026-03-02T12:00:00Z"


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "ws.json"
    monkeypatch.setenv("DELEGATE_NOW", NOW)
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _process(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    env["DELEGATE_NOW"] = NOW
    return subprocess.run(
        [sys.executable, "-m", "delegate_tui", *args], capture_output=True, env=env, timeout=120, check=False
    )


def test_check_piped_to_a_script_gets_every_flag_and_the_fail_on_exit_code(sample_db: Path, capsysbinary: Any) -> None:
    capsysbinary.readouterr()
    expected_code = main(["check", "--fail-on", "info", "--db", str(sample_db)])
    expected = capsysbinary.readouterr().out
    assert expected_code == 1 and expected.count(b"\n") > 10  # the sample team has flags
    result = _process("check", "--fail-on", "info", "--db", str(sample_db))
    assert (result.returncode, result.stdout, result.stderr) == (1, expected, b"")


def test_export_to_a_file_leaves_the_whole_summary_and_says_so(sample_db: Path, tmp_path: Path) -> None:
    in_process, by_process = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["export", "--out", str(in_process), "--db", str(sample_db)]) == 0
    result = _process("export", "--out", str(by_process), "--db", str(sample_db))
    assert result.returncode == 0 and result.stdout == b""
    assert result.stderr.decode().strip() == f"Wrote {by_process}."
    assert by_process.read_bytes() == in_process.read_bytes()


def test_export_piped_arrives_whole(sample_db: Path, capsysbinary: Any) -> None:
    capsysbinary.readouterr()
    assert main(["export", "--format", "markdown", "--db", str(sample_db)]) == 0
    expected = capsysbinary.readouterr().out
    result = _process("export", "--format", "markdown", "--db", str(sample_db))
    assert (result.returncode, result.stdout) == (0, expected)


def test_a_refused_check_still_exits_2_with_one_line(sample_db: Path) -> None:
    result = _process("check", "--fail-on", "loud", "--db", str(sample_db))
    assert result.returncode == 2 and result.stdout == b""
    assert len(result.stderr.decode().strip().splitlines()) == 1


def _modules_after(args: list[str], db: Path) -> set[str]:
    code = (
        "import sys\n"
        "from delegate_tui.cli import main\n"
        f"code = main({[*args, '--db', str(db)]!r})\n"
        "print(' '.join(sorted(sys.modules)))\n"
        "raise SystemExit(code)\n"
    )
    env = dict(os.environ, DELEGATE_NOW=NOW)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120, check=True)
    return set(result.stdout.decode().splitlines()[-1].split())


def test_a_verb_loads_only_its_own_module_of_the_cli(sample_db: Path) -> None:
    modules = _modules_after(["log", "checkin", "--member", "Priya"], sample_db)
    cli_modules = {name for name in modules if name.startswith("delegate_tui.cli.")}
    assert cli_modules == {"delegate_tui.cli.common", "delegate_tui.cli.log"}
    assert not {"textual", "delegate_tui.summary", "delegate_tui.demo"} & modules
    assert "delegate_tui.patterns" not in modules  # recording a check-in runs no rule
    checked = _modules_after(["check"], sample_db)
    assert "delegate_tui.cli.check" in checked and "delegate_tui.cli.log" not in checked
    assert "textual" not in checked
