"""A change made elsewhere between the screen's read and the user's key survives the user's change.

The manager has the UI open on the board or the task list; meanwhile the CLI in another process (or
a second ``Store`` on the same file: a second window) changes something else about the same record.
Then the manager presses a digit, saves a form or marks a task done. The app still shows its cached
copy (the file watcher is off), so a change built from that copy would write the old values back
and silently undo the outside change: a lost update. Each test checks both changes are on file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from delegate_tui.model import MANAGER, DelegationLevel, TaskStatus, Workspace
from delegate_tui.screens.board import BoardGrid, BoardScreen
from delegate_tui.screens.forms import AgreementForm, AreaForm, MemberForm
from delegate_tui.screens.host import host
from delegate_tui.screens.task_forms import DueForm, LevelForm, ReassignForm, TaskForm
from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW, NOW_ARG
from tests.helpers.ui import SIZE, make_app, settle

ROOT = Path(__file__).resolve().parents[1]
AIKO = "Aiko Tanaka"
TASK = 29  # Kwame's "Fix the time-zone bug in invoice emails": level 3, due 2026-12-10


def delegate(db: Path, *args: str) -> None:
    """Run the CLI in another process, as a second terminal would."""
    done = subprocess.run(
        [sys.executable, "-m", "delegate_tui", *args, "--db", str(db)],
        cwd=ROOT,
        env={**os.environ, "DELEGATE_NOW": NOW_ARG, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def on_file(db: Path) -> Workspace:
    return Store(db).load()


def levels_of(workspace: Workspace, member: str) -> dict[str, int]:
    agreement = workspace.agreements[workspace.member_named(member).id]
    return {workspace.areas[area_id].name: int(entry.level) for area_id, entry in agreement.levels.items()}


async def on_board_cell(pilot: Pilot[Any], member: str, area: str) -> BoardScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BoardScreen)
    workspace = host(screen).data.workspace
    grid = screen.query_one(BoardGrid)
    grid.select(
        screen._members.index(workspace.member_named(member).id), screen._areas.index(workspace.area_named(area).id)
    )
    await pilot.pause()
    return screen


async def on_task(pilot: Pilot[Any], task_id: int) -> TasksScreen:
    await pilot.pause()
    await pilot.press("t")
    await settle(pilot, lambda: isinstance(pilot.app.screen, TasksScreen), what="the task list")
    screen = pilot.app.screen
    assert isinstance(screen, TasksScreen)
    screen.show_done = True
    screen.refresh_rows()
    assert screen.table.move_to_key(task_id)
    await pilot.pause()
    return screen


async def save(pilot: Pilot[Any], form_type: type) -> None:
    await settle(pilot, lambda: isinstance(pilot.app.screen, form_type), what=f"the {form_type.__name__}")
    await pilot.press("ctrl+s")
    await settle(pilot, lambda: not isinstance(pilot.app.screen, form_type), what="the form to close after saving")


# ---------------------------------------------------------------------------- the board


@pytest.mark.parametrize("digit", ["0", "1", "2", "3", "4", "5", "6", "7"])
async def test_a_board_digit_keeps_an_agreement_change_made_in_another_terminal(
    sample_store: Store, db_path: Path, digit: str
) -> None:
    # Aiko holds Hiring at 4 and Tooling at 5; a level already in the cell would change nothing.
    if digit == "4":
        delegate(db_path, "agreement", "set", "aiko", "--area", "Hiring=2")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_board_cell(pilot, AIKO, "Hiring")
        delegate(db_path, "agreement", "set", "aiko", "--area", "Tooling=7", "--growth", "Mentor a junior designer")
        await pilot.press(digit)
        await settle(pilot, lambda: levels_of(on_file(db_path), AIKO).get("Hiring", 0) == int(digit), what="the digit")
    workspace = on_file(db_path)
    levels = levels_of(workspace, AIKO)
    assert levels.get("Hiring", 0) == int(digit)
    assert levels["Tooling"] == 7, "the other terminal's level for Tooling was undone"
    assert "Mentor a junior designer" in workspace.agreements[2].growth_goals


async def test_the_agreement_form_keeps_a_level_changed_in_another_terminal(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_board_cell(pilot, AIKO, "Hiring")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, AgreementForm), what="the agreement form")
        delegate(db_path, "agreement", "set", "aiko", "--area", "Tooling=7")
        app.screen.query_one("#channel", Input).value = "Fridays at ten"
        await save(pilot, AgreementForm)
    workspace = on_file(db_path)
    assert workspace.agreements[2].channel == "Fridays at ten"
    assert levels_of(workspace, AIKO)["Tooling"] == 7


async def test_the_area_form_keeps_a_rename_made_in_another_window(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_board_cell(pilot, AIKO, "Hiring")
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, AreaForm), what="the area form")
        Store(db_path).update_area(1, name="Hiring and onboarding", now=NOW)
        app.screen.query_one("#description", Input).value = "Job ads, interviews, offers and first weeks."
        await save(pilot, AreaForm)
    area = on_file(db_path).areas[1]
    assert (area.name, area.description) == ("Hiring and onboarding", "Job ads, interviews, offers and first weeks.")


async def test_the_member_form_keeps_a_role_changed_in_another_window(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_board_cell(pilot, AIKO, "Hiring")
        await pilot.press("o")
        await settle(pilot, lambda: app.current_mode == "team", what="the member page")
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, MemberForm), what="the member form")
        Store(db_path).update_member(2, role="Design Lead", now=NOW)
        app.screen.query_one("#since", Input).value = "2024-05-01"
        await save(pilot, MemberForm)
    member = on_file(db_path).members[2]
    assert (member.role, member.since) == ("Design Lead", date(2024, 5, 1))


# ---------------------------------------------------------------------------- the task list


async def test_the_level_form_keeps_a_due_date_changed_in_another_terminal(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_task(pilot, TASK)
        await pilot.press("l")
        await settle(pilot, lambda: isinstance(app.screen, LevelForm), what="the level form")
        delegate(db_path, "task", "due", str(TASK), "2027-02-02")
        app.screen.query_one("#level", Select).value = 5
        await save(pilot, LevelForm)
    task = on_file(db_path).tasks[TASK]
    assert (task.level, task.due) == (DelegationLevel.ADVISE, date(2027, 2, 2))


async def test_reassigning_keeps_a_level_changed_in_another_terminal(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_task(pilot, TASK)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ReassignForm), what="the reassign form")
        delegate(db_path, "task", "level", str(TASK), "6")
        app.screen.query_one("#owner", Select).value = MANAGER
        await save(pilot, ReassignForm)
    task = on_file(db_path).tasks[TASK]
    assert (task.owner_id, task.level) == (MANAGER, DelegationLevel.INQUIRE)


async def test_the_due_form_keeps_a_level_changed_in_another_terminal(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_task(pilot, TASK)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, DueForm), what="the due form")
        delegate(db_path, "task", "level", str(TASK), "6")
        app.screen.query_one("#due", Input).value = "2027-01-15"
        await save(pilot, DueForm)
    task = on_file(db_path).tasks[TASK]
    assert (task.due, task.level) == (date(2027, 1, 15), DelegationLevel.INQUIRE)


async def test_marking_done_keeps_a_due_date_changed_in_another_terminal(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_task(pilot, TASK)
        delegate(db_path, "task", "due", str(TASK), "2027-02-02")
        await pilot.press("x")
        await settle(pilot, lambda: on_file(db_path).tasks[TASK].status is TaskStatus.DONE, what="done")
    task = on_file(db_path).tasks[TASK]
    assert (task.status, task.due) == (TaskStatus.DONE, date(2027, 2, 2))


async def test_editing_a_task_keeps_its_level_and_owner_changed_in_another_terminal(
    sample_store: Store, db_path: Path
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_task(pilot, TASK)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, TaskForm), what="the task form")
        delegate(db_path, "task", "level", str(TASK), "6")
        delegate(db_path, "task", "reassign", str(TASK), "--member", "priya")
        app.screen.query_one("#title", Input).value = "Fix the time-zone bug in all emails"
        await save(pilot, TaskForm)
    workspace = on_file(db_path)
    task = workspace.tasks[TASK]
    assert task.title == "Fix the time-zone bug in all emails"
    assert task.level == DelegationLevel.INQUIRE
    assert task.owner_id == workspace.member_named("Priya Natarajan").id


async def test_a_new_task_and_one_added_in_another_terminal_both_stay(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await on_task(pilot, TASK)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, TaskForm), what="the new task form")
        delegate(db_path, "task", "add", "Order the team laptops", "--member", "aiko", "--level", "4")
        app.screen.query_one("#title", Input).value = "Plan the offsite"
        await save(pilot, TaskForm)
    titles = [task.title for task in on_file(db_path).tasks.values()]
    assert titles.count("Order the team laptops") == 1
    assert titles.count("Plan the offsite") == 1
