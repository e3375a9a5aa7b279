"""Archiving and restoring members, areas and tasks, and deleting a task: the model's active view,
the store's verbs and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from delegate_tui.app import DelegateApp
from delegate_tui.model import DelegationLevel, EventKind, InputError, TaskStatus
from delegate_tui.screens.data import load_data
from delegate_tui.screens.remove_dialogs import ArchiveMemberDialog, ConfirmRemoval
from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.screens.team import TeamScreen
from delegate_tui.storage.store import Store
from tests.conftest import Result
from tests.helpers.clock import NOW, NOW_ARG
from tests.helpers.files import files_in
from tests.helpers.ui import SIZE, make_app, screen_text, settle


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)


def _priya(store: Store) -> int:
    return store.load().member_named("Priya").id


def test_a_member_with_open_tasks_is_not_archived_until_their_work_has_an_owner(sample_store: Store) -> None:
    before = files_in(sample_store.path.parent)
    with pytest.raises(InputError, match="still owns 4 open tasks"):
        sample_store.archive_member(_priya(sample_store), now=NOW)
    assert files_in(sample_store.path.parent) == before


def test_archiving_a_member_hands_their_open_work_over_and_hides_them_everywhere(sample_store: Store) -> None:
    priya = _priya(sample_store)
    owned = {task.id for task in sample_store.load().tasks.values() if task.owner_id == priya}
    sample_store.archive_member(priya, now=NOW, reassign_to=0)
    whole = sample_store.load()
    assert whole.members[priya].archived_at == NOW  # kept, with its history
    active = whole.active()
    assert priya not in active.members and priya not in active.agreements
    assert not any(task.owner_id == priya for task in active.tasks.values())
    handed = [e for e in sample_store.events() if e.kind is EventKind.REASSIGN and e.at == NOW]
    assert {e.task_id for e in handed} >= {t for t in owned if whole.tasks[t].status.is_open}
    assert all(e.reason == "Priya Natarajan left the team." for e in handed)
    data = load_data(sample_store, NOW)
    assert priya not in data.workspace.members and priya in data.everything.members
    assert all(flag.member_id != priya for flag in data.all_flags)
    assert all(event.member_id != priya for event in data.events)


def test_a_restored_member_is_back_and_the_history_says_both(sample_store: Store) -> None:
    priya = _priya(sample_store)
    sample_store.archive_member(priya, now=NOW, reassign_to=0)
    sample_store.restore_member(priya, now=NOW)
    assert sample_store.load().active().members[priya].archived_at is None
    kinds = [e.kind for e in sample_store.events() if e.member_id == priya and e.task_id is None and e.at == NOW]
    assert kinds == [EventKind.ARCHIVE, EventKind.RESTORE]


def test_an_archived_member_cannot_be_added_again_nor_given_work(sample_store: Store) -> None:
    priya = _priya(sample_store)
    sample_store.archive_member(priya, now=NOW, reassign_to=0)
    with pytest.raises(InputError, match="Priya Natarajan is archived: restore them"):
        sample_store.add_member("priya natarajan", now=NOW)
    task = next(iter(sample_store.load().active().tasks.values()))
    with pytest.raises(InputError, match="archived and cannot be given work"):
        sample_store.reassign_task(task.id, priya, now=NOW)


def test_a_task_with_history_is_archived_and_one_without_is_deleted(sample_store: Store) -> None:
    typo = sample_store.add_task("Tpyo", owner_id=0, level=DelegationLevel(3), now=NOW)
    sample_store.delete_task(typo.id, now=NOW)
    assert typo.id not in sample_store.load().tasks
    lived = next(e.task_id for e in sample_store.events() if e.task_id is not None)
    with pytest.raises(InputError, match="cannot be deleted; archive it instead"):
        sample_store.delete_task(lived, now=NOW)
    sample_store.archive_task(lived, now=NOW)
    assert lived in sample_store.load().tasks and lived not in sample_store.load().active().tasks
    sample_store.restore_task(lived, now=NOW)
    assert lived in sample_store.load().active().tasks


def test_an_area_with_open_tasks_is_not_retired(sample_store: Store) -> None:
    hiring = sample_store.load().area_named("Hiring").id
    with pytest.raises(InputError, match="still has 3 open tasks"):
        sample_store.archive_area(hiring, now=NOW)


def test_a_retired_area_leaves_the_board_and_the_agreements(store: Store) -> None:
    member = store.add_member("Ana", now=NOW)
    area = store.add_area("Budget", now=NOW)
    task = store.add_task("Buy chairs", owner_id=member.id, level=DelegationLevel(3), area_id=area.id, now=NOW)
    store.update_task(task.id, status=TaskStatus.DONE, now=NOW)
    store.archive_area(area.id, now=NOW)
    active = store.load().active()
    assert area.id not in active.areas and task.id not in active.tasks
    store.archive_task(task.id, now=NOW)
    with pytest.raises(InputError, match="restore the area first"):
        store.restore_task(task.id, now=NOW)


# ---------------------------------------------------------------------------- command line


def test_cli_member_remove_restore_and_the_archived_list(cli, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    result: Result = cli("member", "remove", "Priya", "--reassign-to", "manager")
    assert result.code == 0 and "Archived Priya Natarajan" in result.out
    assert "Priya" not in cli("member", "list").out
    archived = cli("member", "list", "--archived", "--format", "json")
    assert [m["name"] for m in json.loads(archived.out)["members"]] == ["Priya Natarajan"]
    assert "Priya Natarajan" in cli("member", "list", "--all").out
    restored = cli("member", "restore", "priya")
    assert restored.code == 0 and "Restored Priya Natarajan" in restored.out
    assert "Priya Natarajan" in cli("member", "list").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("member", "remove", "Nobody"), "There is no member named 'Nobody'."),
        (("member", "remove", "Priya"), "still owns 4 open tasks"),
        (("member", "remove", "Priya", "--reassign-to", "Nobody"), "There is no member named 'Nobody'."),
        (("member", "restore", "Priya"), "There is no archived member named 'Priya'."),
        (("area", "remove", "Nowhere"), "There is no decision area named 'Nowhere'."),
        (("area", "restore", "Hiring"), "There is no retired decision area named 'Hiring'."),
        (("task", "remove", "999"), "There is no task with id 999."),
        (("task", "remove", "14", "--delete"), "cannot be deleted; archive it instead"),
        (("task", "restore", "1"), "Task 1 is not archived."),
    ],
)
def test_cli_refusals_are_one_line_and_change_nothing(  # type: ignore[no-untyped-def]
    cli, sample_store: Store, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = files_in(db_path.parent)
    result: Result = cli(*args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    assert files_in(db_path.parent) == before


def test_cli_task_remove_archives_and_restore_brings_it_back(cli, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    result: Result = cli("task", "remove", "1")
    assert result.code == 0 and "Archived task 1" in result.out
    assert "\n1 " not in cli("task", "list").out
    assert json.loads(cli("task", "list", "--archived", "--format", "json").out)["tasks"][0]["id"] == 1
    assert cli("task", "restore", "1").code == 0
    assert json.loads(cli("task", "list", "--archived", "--format", "json").out)["tasks"] == []


def test_cli_task_remove_delete_takes_a_typo_away(cli, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    task_id = cli("task", "add", "Tpyo", "--member", "manager", "--level", "3").out.strip()
    result: Result = cli("task", "remove", task_id, "--delete")
    assert result.code == 0 and f"Deleted task {task_id} Tpyo." in result.out
    assert int(task_id) not in sample_store.load().tasks


def test_cli_area_remove_and_restore(cli, store: Store) -> None:  # type: ignore[no-untyped-def]
    store.add_area("Budget", now=NOW)
    assert cli("area", "remove", "budget").code == 0
    assert "Budget" not in cli("area", "list").out
    assert "Budget" in cli("area", "list", "--archived").out
    assert cli("area", "restore", "budget").code == 0
    assert "Budget" in cli("area", "list").out


def test_the_summary_and_check_leave_an_archived_member_out(cli, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    assert "Diego Fernández" in cli("check").out and "Diego Fernández" in cli("export").out
    assert cli("member", "remove", "Diego", "--reassign-to", "manager").code == 0
    assert "Diego Fernández" not in cli("check").out
    assert "Diego Fernández" not in cli("export").out
    full = json.loads(cli("export", "--full").out)
    assert any(m["name"] == "Diego Fernández" for m in full["workspace"]["members"].values())


# ---------------------------------------------------------------------------- the terminal UI


def _dialog_text(app: DelegateApp) -> str:
    """The dialog's sentences as one line (the box and the wrapping taken out)."""
    return " ".join(" ".join(line.strip(" █▀▄▔▁▎▊").split()) for line in screen_text(app).splitlines()).strip()


async def _team(pilot, app) -> TeamScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("m")
    await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team list")
    screen = app.screen
    assert isinstance(screen, TeamScreen)
    return screen


async def test_remove_on_the_team_list_says_what_happens_and_archives_with_a_handover(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        team = await _team(pilot, app)
        member_id = team.selected_member()
        assert member_id is not None
        name = sample_store.load().members[member_id].name
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ArchiveMemberDialog), what="the confirmation")
        text = _dialog_text(app)
        assert f"Remove {name} from the team?" in text
        assert "gone from the board, the lists and the rules" in text
        assert "open tasks; they will be reassigned" in text
        await pilot.press("escape")  # cancel: nothing changes
        await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team list again")
        assert sample_store.load().members[member_id].archived_at is None
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ArchiveMemberDialog), what="the confirmation")
        await pilot.click("#confirm")
        await settle(pilot, lambda: member_id not in app.data.workspace.members, what="the member archived")
        assert name not in screen_text(app)
    whole = sample_store.load()
    assert whole.members[member_id].archived_at == NOW
    assert not any(t.owner_id == member_id and t.status.is_open for t in whole.tasks.values())


async def test_archived_members_show_on_request_and_restore_brings_them_back(sample_store: Store) -> None:
    priya = _priya(sample_store)
    sample_store.archive_member(priya, now=NOW, reassign_to=0)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        team = await _team(pilot, app)
        assert "Priya Natarajan" not in screen_text(app)
        await pilot.press("A")
        await settle(pilot, lambda: "Priya Natarajan" in screen_text(app), what="the archived member shown")
        assert "archived 2026-11-28" in screen_text(app)
        table = team.query_one("#team", DataTable)
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmRemoval), what="the confirmation")
        assert "Restore Priya Natarajan?" in _dialog_text(app)
        await pilot.click("#confirm")
        await settle(pilot, lambda: priya in app.data.workspace.members, what="the member restored")
    assert sample_store.load().members[priya].archived_at is None


async def test_remove_on_the_tasks_screen_deletes_a_typo_and_archives_a_task_with_history(sample_store: Store) -> None:
    typo = sample_store.add_task("Tpyo", owner_id=0, level=DelegationLevel(3), now=NOW)
    lived = next(e.task_id for e in sample_store.events() if e.task_id is not None)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, TasksScreen), what="the tasks screen")
        for task_id, title in ((typo.id, "Delete task"), (lived, "Archive task")):
            screen = app.screen
            assert isinstance(screen, TasksScreen)
            screen.query_one("#task-filter", Input).value = f"#{task_id}"
            await settle(pilot, lambda s=screen, t=task_id: getattr(s.selected_task(), "id", None) == t)  # type: ignore[misc]
            screen.query_one("#task-table").focus()
            await pilot.press("delete")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmRemoval), what="the confirmation")
            assert f"{title} #{task_id}" in _dialog_text(app)
            await pilot.click("#confirm")
            await settle(pilot, lambda t=task_id: t not in app.data.workspace.tasks, what="the task removed")  # type: ignore[misc]
    whole = sample_store.load()
    assert typo.id not in whole.tasks
    assert whole.tasks[lived].archived_at == NOW


async def test_retire_on_the_board_takes_the_row_away_after_a_confirmation(store: Store) -> None:
    store.add_member("Ana Lima", now=NOW)
    store.add_area("Budget", now=NOW)
    store.add_area("Hiring", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("X")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmRemoval), what="the confirmation")
        assert "Retire the decision area Budget?" in _dialog_text(app)
        await pilot.click("#confirm")
        await settle(pilot, lambda: len(app.data.workspace.areas) == 1, what="the area retired")
        assert "Budget" not in screen_text(app) and "Hiring" in screen_text(app)
    assert store.load().area_named("Budget").archived_at == NOW


def test_nothing_is_recorded_about_an_archived_member_or_task(cli, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    from delegate_tui.model import Event

    priya = _priya(sample_store)
    sample_store.archive_member(priya, now=NOW, reassign_to=0)
    with pytest.raises(InputError, match="Priya Natarajan is archived; restore them"):
        sample_store.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=priya))
    result: Result = cli("log", "checkin", "--member", "Priya")
    assert result.code == 2 and result.err.count("\n") == 1
