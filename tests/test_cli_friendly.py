"""The command line forgives: a misspelt name gets a "did you mean", a change that changes nothing
is a friendly exit 0 that writes nothing, and piped lists keep whole titles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clock import NOW_ARG

LONG_TITLE = "Choose a feature-flag service to replace the homegrown toggles"


@pytest.fixture
def team(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    for args in (
        ("member", "add", "Priya Natarajan"),
        ("area", "add", "Hiring"),
        ("task", "add", LONG_TITLE, "--member", "priya", "--level", "5", "--area", "hiring", "--due", "2026-12-04"),
    ):
        assert cli(*args).code == 0
    return cli


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("task", "level", "1", "advice"), "did you mean Advise?"),
        (("task", "reassign", "1", "--member", "prya"), "did you mean Priya Natarajan?"),
        (("task", "list", "--member", "Natarjan"), "did you mean Priya Natarajan?"),
        (("task", "add", "x", "--member", "priya", "--level", "4", "--area", "hirng"), "did you mean Hiring?"),
        (("tsk", "list"), "did you mean 'task'?"),
        (("task", "lst"), "did you mean 'list'?"),
    ],
)
def test_a_misspelt_name_gets_a_did_you_mean_in_one_line(
    team: Any, db_path: Path, args: tuple[str, ...], hint: str
) -> None:
    before = files(db_path.parent)
    result = team(*args)
    assert result.code == 2
    assert hint in result.err and result.err.count("\n") == 1
    assert files(db_path.parent) == before


def test_a_name_nothing_is_close_to_gets_no_guess(team: Any) -> None:
    result = team("task", "reassign", "1", "--member", "Xavier")
    assert (result.code, result.err) == (2, "delegate: There is no member named 'Xavier'.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("task", "level", "1", "Advise"), "Task 1 is already at level 5 Advise; nothing changed.\n"),
        (
            ("task", "reassign", "1", "--member", "Priya"),
            "Task 1 already belongs to Priya Natarajan; nothing changed.\n",
        ),
        (("task", "due", "1", "2026-12-04"), "Task 1 is already due on 2026-12-04; nothing changed.\n"),
        (("task", "due", "1", "friday"), "Task 1 is already due on 2026-12-04; nothing changed.\n"),
    ],
)
def test_a_change_to_what_is_already_there_is_a_friendly_no_op(
    team: Any, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = files(db_path.parent)
    result = team(*args)
    assert (result.code, result.out, result.err) == (0, message, "")
    assert files(db_path.parent) == before


def test_clearing_a_date_that_is_not_there_is_a_no_op(team: Any, db_path: Path) -> None:
    assert team("task", "due", "1", "none").code == 0
    before = files(db_path.parent)
    result = team("task", "due", "1", "none")
    assert (result.code, result.out) == (0, "Task 1 has no due date; nothing changed.\n")
    assert files(db_path.parent) == before


def test_a_piped_task_list_keeps_whole_titles(team: Any, db_path: Path) -> None:
    # A real process with a pipe for stdout: not a terminal, so nothing is cut.
    env = {**os.environ, "DELEGATE_DB": str(db_path), "DELEGATE_NOW": NOW_ARG}
    out = subprocess.run(
        [sys.executable, "-m", "delegate_tui.cli", "task", "list"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert LONG_TITLE in out
    assert "…" not in out


def test_agreement_show_puts_each_guardrail_and_growth_goal_on_its_own_line(cli: Any) -> None:
    assert cli("member", "add", "Priya Natarajan").code == 0
    assert cli("area", "add", "Hiring").code == 0
    set_goals = ("--guardrail", "Escalate any spend over 1k.", "--growth", "Lead a hire.", "--growth", "Coach Kwame.")
    assert cli("agreement", "set", "Priya", "--area", "Hiring=5", *set_goals).code == 0, cli("agreement", "--help")
    out = cli("agreement", "show", "Priya").out
    assert ".;" not in out
    lines = out.splitlines()
    goal = next(i for i, line in enumerate(lines) if line.startswith("Growth goals"))
    assert lines[goal].endswith("Lead a hire.") and lines[goal + 1].strip() == "Coach Kwame."


@pytest.mark.parametrize("name", ["Sam Rivera", "sam  rivera", "manager", "Me"])
def test_member_add_refuses_the_managers_name(cli: Any, db_path: Path, name: str) -> None:
    assert cli("manager", "Sam Rivera").code == 0
    before = files(db_path.parent)
    result = cli("member", "add", name)
    assert result.code == 2
    assert result.err == f"delegate: name {name!r} is taken by you, the manager: give the member another name.\n"
    assert files(db_path.parent) == before


@pytest.mark.parametrize(
    ("desired", "problem"),
    [
        ("Hiring=3", "desired level for Hiring must be above its level 4 Agree (got 3 Consult)"),
        ("Hiring=4", "desired level for Hiring must be above its level 4 Agree (got 4 Agree)"),
        ("Hiring=6@2026-11-28", "desired date for Hiring must be in the future (got 2026-11-28)"),
    ],
)
def test_a_desired_level_is_a_step_ahead_on_the_command_line_as_in_the_form(
    team: Any, db_path: Path, desired: str, problem: str
) -> None:
    assert team("agreement", "set", "Priya Natarajan", "--area", "Hiring=4").code == 0
    before = files(db_path.parent)
    result = team("agreement", "set", "Priya Natarajan", "--desired", desired)
    assert result.code == 2
    assert problem in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert files(db_path.parent) == before


def test_a_goal_a_day_ahead_is_saved(team: Any) -> None:
    assert team("agreement", "set", "Priya Natarajan", "--area", "Hiring=4").code == 0
    assert team("agreement", "set", "Priya Natarajan", "--desired", "Hiring=5@2026-11-29").code == 0
    assert "5 Advise by 2026-11-29" in team("agreement", "show", "Priya Natarajan").out
