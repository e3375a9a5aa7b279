"""Undo in the UI: ctrl+z reverses the last change of the session by a new, recorded change."""

from __future__ import annotations

from pathlib import Path

from delegate_tui.app import DelegateApp
from delegate_tui.model import DelegationLevel, Event, EventKind, TaskStatus
from delegate_tui.screens.team import TeamScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.files import files_in
from tests.helpers.ui import SIZE, make_app, settle


def _messages(app: DelegateApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def _open_task(store: Store) -> int:
    return next(t.id for t in store.load().active().tasks.values() if t.status is TaskStatus.OPEN and t.owner_id)


async def test_ctrl_z_puts_a_level_back_with_a_level_change_that_says_undo(sample_store: Store) -> None:
    task_id = _open_task(sample_store)
    old = sample_store.load().tasks[task_id].level
    new = DelegationLevel(7 if old != 7 else 1)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.store
        assert app.apply(lambda: store.set_task_level(task_id, new, now=NOW), success="Level changed to 7.")
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Undone: Level changed to 7." in _messages(app), what="the undo notice")
    assert sample_store.load().tasks[task_id].level == old
    back = [e for e in sample_store.events() if e.task_id == task_id and e.kind is EventKind.LEVEL_CHANGE][-1]
    assert (back.from_level, back.to_level, back.reason) == (new, old, "Undo: Level changed to 7.")


async def test_undoing_a_logged_check_in_takes_it_out_of_the_history(sample_store: Store, db_path: Path) -> None:
    member = sample_store.load().member_named("Aiko").id
    before = files_in(db_path.parent)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.store
        event = Event(kind=EventKind.CHECKIN, at=NOW, member_id=member, note="typed by mistake")
        assert app.apply(lambda: store.log_event(event), success="Logged a check-in.")
        assert any(e.note == "typed by mistake" for e in sample_store.events())
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Undone: Logged a check-in." in _messages(app), what="the undo notice")
    assert not any(e.note == "typed by mistake" for e in sample_store.events())
    after = files_in(db_path.parent)
    assert {k: v for k, v in after.items() if not k.endswith(".bak")} == {
        k: v for k, v in before.items() if not k.endswith(".bak")
    }


async def test_archiving_from_the_team_list_then_ctrl_z_brings_the_member_and_their_tasks_back(
    sample_store: Store,
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team list")
        first = app.screen.selected_member()  # type: ignore[attr-defined]
        owned = {t.id for t in sample_store.load().tasks.values() if t.owner_id == first and t.status.is_open}
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot, lambda: first not in app.data.workspace.members, what="the member archived")
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: first in app.data.workspace.members, what="the member back")
    whole = sample_store.load()
    assert whole.members[first].archived_at is None
    assert {t.id for t in whole.tasks.values() if t.owner_id == first and t.status.is_open} == owned
    undo_events = [e for e in sample_store.events() if e.reason and e.reason.startswith("Undo: Archived")]
    assert {e.kind for e in undo_events} == {EventKind.RESTORE, EventKind.REASSIGN}


async def test_nothing_to_undo_says_so(sample_store: Store, db_path: Path) -> None:
    before = files_in(db_path.parent)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: _messages(app), what="a notice")
        assert _messages(app) == ["Nothing to undo: no change was made in this session yet."]
    assert files_in(db_path.parent) == before


async def test_an_undo_after_someone_else_changed_the_same_task_changes_nothing(sample_store: Store) -> None:
    task_id = _open_task(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.store
        assert app.apply(lambda: store.update_task(task_id, title="Renamed here", now=NOW), success="Renamed.")
        Store(sample_store.path).update_task(task_id, title="Renamed elsewhere", now=NOW)  # another process
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: any("Nothing was undone" in m for m in _messages(app)), what="the refusal")
    assert sample_store.load().tasks[task_id].title == "Renamed elsewhere"


async def test_undo_of_a_new_task_deletes_it_and_undo_goes_back_step_by_step(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.store
        made: list[int] = []
        assert app.apply(
            lambda: made.append(store.add_task("Tpyo", owner_id=0, level=DelegationLevel(3), now=NOW).id),
            success="Added task Tpyo.",
        )
        assert app.apply(lambda: store.update_task(made[0], title="Typo", now=NOW), success="Renamed.")
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Undone: Renamed." in _messages(app), what="the first undo")
        assert sample_store.load().tasks[made[0]].title == "Tpyo"
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Undone: Added task Tpyo." in _messages(app), what="the second undo")
    assert made[0] not in sample_store.load().tasks


async def test_undo_is_a_command_in_the_palette(sample_store: Store) -> None:
    from tests.helpers.ui import run_command

    task_id = _open_task(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.store
        assert app.apply(lambda: store.update_task(task_id, title="Renamed", now=NOW), success="Renamed.")
        await run_command(pilot, "undo", "Undo")
        await settle(pilot, lambda: "Undone: Renamed." in _messages(app), what="the undo notice")
    assert sample_store.load().tasks[task_id].title != "Renamed"
