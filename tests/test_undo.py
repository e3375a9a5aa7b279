"""Undo in the UI: ctrl+z reverses the last change of the session by a new, recorded change."""

from __future__ import annotations

import json
from pathlib import Path

from delegate_tui.app import DelegateApp
from delegate_tui.model import DelegationLevel, Event, EventKind, TaskStatus
from delegate_tui.patterns import evaluate
from delegate_tui.patterns.context import Context
from delegate_tui.screens.event_text import event_line
from delegate_tui.screens.team import TeamScreen
from delegate_tui.storage.store import Store
from delegate_tui.undo import UndoHistory
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


async def test_undoing_a_logged_check_in_keeps_it_in_its_month_file_marked_undone(
    sample_store: Store, db_path: Path
) -> None:
    member = sample_store.load().member_named("Aiko").id
    counted = len(Context(sample_store.load(), sample_store.events(), NOW).checkins[member])
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store = app.store
        event = Event(kind=EventKind.CHECKIN, at=NOW, member_id=member, note="typed by mistake")
        assert app.apply(lambda: store.log_event(event), success="Logged a check-in.")
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Undone: Logged a check-in." in _messages(app), what="the undo notice")
    events = sample_store.events()
    [original] = [e for e in events if e.note == "typed by mistake"]
    [undo] = [e for e in events if e.undoes == original.id]
    assert (undo.kind, undo.member_id, undo.reason) == (EventKind.UNDO, member, "Undo: Logged a check-in.")
    month = json.loads((db_path.parent / "team.events" / f"{NOW:%Y-%m}.json").read_bytes())["events"]
    assert {original.id, undo.id} <= {f"e{NOW:%Y%m}-{key}" for key in month}
    assert len(Context(sample_store.load(), events, NOW).checkins[member]) == counted
    ws = sample_store.load()
    assert event_line(undo, ws).endswith(
        "Undone: the earlier entry about Aiko Tanaka. Reason: “Undo: Logged a check-in.”"
    )
    later = sample_store.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=member))
    ids = [e.id for e in sample_store.events()]
    assert len(ids) == len(set(ids)) and later.id not in {original.id, undo.id}
    # Only the undo carries `undoes`: a month without one stays readable by a version before undo.
    month = json.loads((db_path.parent / "team.events" / f"{NOW:%Y-%m}.json").read_bytes())["events"]
    assert [key for key, doc in month.items() if "undoes" in doc] == [undo.id.rsplit("-", 1)[1]]


def _level_task(store: Store) -> int:
    """An open task of a member at level 5 or more."""
    return next(t.id for t in store.load().active().tasks.values() if t.status.is_open and t.owner_id and t.level >= 5)


def _taken_back(store: Store, task_id: int) -> bool:
    """Whether MM004 names the task as lowered (work taken back)."""
    flags = evaluate(store.load().active(), store.events(), NOW)
    return any(f"task #{task_id} lowered" in e.text for f in flags if f.rule == "MM004" for e in f.evidence)


def test_a_level_lowered_by_mistake_and_undone_raises_no_take_back_flag(sample_store: Store) -> None:
    task_id = _level_task(sample_store)
    old = sample_store.load().tasks[task_id].level
    history = UndoHistory(sample_store)
    history.before()
    change = sample_store.set_task_level(task_id, DelegationLevel(1), now=NOW)
    history.after("Level changed to 1.")
    assert _taken_back(sample_store, task_id)
    assert history.undo(NOW) == "Level changed to 1."
    assert sample_store.load().tasks[task_id].level == old
    [back] = [e for e in sample_store.events() if e.undoes == change.id]
    assert (back.kind, back.from_level, back.to_level) == (EventKind.LEVEL_CHANGE, DelegationLevel(1), old)
    assert not _taken_back(sample_store, task_id)


def test_a_change_another_process_makes_right_after_is_not_undone_with_ours(sample_store: Store) -> None:
    ours, theirs = sorted(t.id for t in sample_store.load().active().tasks.values() if t.status.is_open)[:2]
    history = UndoHistory(sample_store)
    history.before()
    sample_store.update_task(ours, title="Renamed here", now=NOW)
    Store(sample_store.path).update_task(theirs, title="Renamed elsewhere", now=NOW)  # before our after()
    history.after("Renamed.")
    assert history.undo(NOW) == "Renamed."
    ws = sample_store.load()
    assert ws.tasks[ours].title != "Renamed here"
    assert ws.tasks[theirs].title == "Renamed elsewhere"


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


def test_a_change_another_process_makes_between_two_steps_of_ours_is_not_undone(sample_store: Store) -> None:
    first, theirs, second = sorted(t.id for t in sample_store.load().active().tasks.values() if t.status.is_open)[:3]
    titles = {task_id: sample_store.load().tasks[task_id].title for task_id in (first, second)}
    history = UndoHistory(sample_store)
    history.before()
    sample_store.update_task(first, title="Ours, first", now=NOW)
    Store(sample_store.path).update_task(theirs, title="Theirs, in between", now=NOW)
    sample_store.update_task(second, title="Ours, second", now=NOW)
    history.after("Renamed two tasks.")
    assert history.undo(NOW) == "Renamed two tasks."
    ws = sample_store.load()
    assert {task_id: ws.tasks[task_id].title for task_id in (first, second)} == titles
    assert ws.tasks[theirs].title == "Theirs, in between"


async def test_a_check_in_logged_in_the_log_dialog_is_undone_by_ctrl_z(sample_store: Store) -> None:
    from delegate_tui.screens.board import BoardScreen
    from delegate_tui.screens.log_event import LogEventScreen

    before = {e.id for e in sample_store.events()}
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, LogEventScreen), what="the Log dialog")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board again")
        [logged] = [e for e in sample_store.events() if e.id not in before]
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: any(m.startswith("Undone: Logged ") for m in _messages(app)), what="the notice")
    [undo] = [e for e in sample_store.events() if e.id not in before | {logged.id}]
    assert (undo.kind, undo.undoes, undo.member_id) == (EventKind.UNDO, logged.id, logged.member_id)
