"""The UI's background history read on a large workspace takes only the recent months (and the task
timelines and reviews of all time): the same flags, metrics and agenda as every event gives, and the
screens that show older events read them from the store when they need them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from delegate_tui import demo
from delegate_tui.app import DelegateApp
from delegate_tui.demo.generate import large
from delegate_tui.meeting import build_agenda
from delegate_tui.model import DelegationLevel, Event, EventKind, Member, Task
from delegate_tui.patterns.engine import TIMELINE_KINDS, evaluation_start
from delegate_tui.screens.data import KEPT_KINDS, WorkspaceData, compute_data, read_history
from delegate_tui.screens.member import MemberScreen
from delegate_tui.screens.remove_dialogs import ConfirmRemoval
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import make_app, screen_text
from tests.test_tasks_screen import open_tasks, select_task

# One worker takes every test of this module (make test: --dist loadgroup): the generated year below
# is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("ui-history-window")


# --------------------------------------------------------------------------- the same figures


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated team with a year of history, most of it older than the window."""
    workspace, events = large(members=20, tasks=200, events=3000, seed=5, now=NOW)
    path = tmp_path_factory.mktemp("window") / "team.json"
    Store(path).replace_everything(workspace, events, NOW, keep_backup=False)
    return path


def _both_ways(path: Path, days_back: int = 0) -> tuple[WorkspaceData, WorkspaceData]:
    now = NOW - timedelta(days=days_back)
    store = Store(path)
    workspace = store.load()
    events, since = read_history(Store(path, create=False, validate=False), workspace, now)
    everything = store.events()
    assert since is not None and len(events) < len(everything)  # the scenario would prove nothing otherwise
    assert any(event.at < since for event in everything if event.kind not in KEPT_KINDS)
    return compute_data(workspace, everything, now), compute_data(workspace, events, now, history_since=since)


@pytest.mark.parametrize("days_back", [0, 120])
def test_the_windowed_history_gives_the_flags_metrics_and_agenda_of_every_event(year: Path, days_back: int) -> None:
    full, windowed = _both_ways(year, days_back)
    assert full.history_since is None and windowed.history_since is not None
    assert full.all_flags  # a generated year of micromanagement raises flags
    assert [flag.model_dump() for flag in windowed.all_flags] == [flag.model_dump() for flag in full.all_flags]
    assert windowed.metrics == full.metrics
    assert windowed.team == full.team
    agenda = build_agenda(full.workspace, full.events, full.all_flags, full.now)
    assert build_agenda(windowed.workspace, windowed.events, windowed.all_flags, windowed.now) == agenda


def test_with_an_archived_member_the_figures_are_the_same_too(year: Path, tmp_path: Path) -> None:
    copy = tmp_path / "team.json"
    Store(copy).replace_everything(Store(year).load(), Store(year).events(), NOW, keep_backup=False)
    store = Store(copy)
    member = min(store.load().members)
    store.archive_member(member, now=NOW, reassign_to=0)
    full, windowed = _both_ways(copy)
    assert windowed.archive is not None and windowed.history is not None
    assert [flag.model_dump() for flag in windowed.all_flags] == [flag.model_dump() for flag in full.all_flags]
    assert windowed.metrics == full.metrics


def test_the_window_keeps_the_timelines_the_rules_read_from_the_start() -> None:
    assert TIMELINE_KINDS <= KEPT_KINDS
    assert EventKind.REVIEW in KEPT_KINDS  # the agenda orders members by their last review, however old


def test_a_rule_that_reads_every_event_reads_every_event(year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from delegate_tui.patterns.registry import LOOKBACK

    monkeypatch.delitem(LOOKBACK, "MM012")
    workspace = Store(year).load()
    assert evaluation_start(workspace, NOW) is None
    events, since = read_history(Store(year), workspace, NOW)
    assert since is None and len(events) == len(Store(year).events())


# --------------------------------------------------------------------------- the screens

OLD = NOW - timedelta(days=250)
"""Long before the window (about three months by default)."""


@pytest.fixture
def old_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, int, int, int]:
    """The sample team and a member whose only events are from eight months ago: check-ins on one
    task and a note, and before them 30 level changes on another task (which the window keeps, being
    a task timeline); and a task of theirs with no event at all. The app reads its history in the
    background (as on a large workspace). Returns the store, the member, the task with old check-ins
    and the one without events."""
    monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", 0)
    workspace, events = demo.sample(1, NOW)
    member_id = max(workspace.members) + 1
    old_task, empty_task, levels_task = (max(workspace.tasks) + n for n in (1, 2, 3))
    workspace.members[member_id] = Member(id=member_id, name="Olga Oldfield", since=(NOW - timedelta(days=400)).date())
    workspace.members[member_id + 1] = Member(id=member_id + 1, name="Nils Quiet")  # one old note, nothing else
    titles = ((old_task, "Reconcile the old ledger"), (empty_task, "Draft never started"), (levels_task, "Ping-pong"))
    for task_id, title in titles:
        workspace.tasks[task_id] = Task(
            id=task_id, title=title, owner_id=member_id, level=DelegationLevel(3), created_at=NOW - timedelta(days=300)
        )
    old = [
        Event(
            kind=EventKind.LEVEL_CHANGE,
            at=OLD - timedelta(days=30, hours=-n),
            member_id=member_id,
            task_id=levels_task,
            from_level=DelegationLevel(3 + n % 2),
            to_level=DelegationLevel(4 - n % 2),
        )
        for n in range(30)
    ]
    old += [
        Event(kind=EventKind.CHECKIN, at=OLD + timedelta(days=day), member_id=member_id, task_id=old_task)
        for day in range(3)
    ]
    old.append(Event(kind=EventKind.NOTE, at=OLD + timedelta(days=3), member_id=member_id, note="Ledger closed."))
    old.append(Event(kind=EventKind.NOTE, at=OLD, member_id=member_id + 1, note="Asked for quiet."))
    store = Store(db_path)
    store.replace_everything(workspace, [*events, *old], NOW, keep_backup=False)
    return store, member_id, old_task, empty_task


async def _until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Let the app (and its reading threads) run until ``condition()`` holds."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), f"still waiting for {what}"


async def _windowed(pilot: Pilot[Any], app: DelegateApp) -> None:
    await _until(pilot, lambda: app.data.complete, "the history read")
    assert app.data.history_since is not None and app.data.history_since > OLD  # the old events are outside it


async def test_a_member_whose_events_are_all_old_still_sees_them_on_their_page(
    old_store: tuple[Store, int, int, int],
) -> None:
    store, member_id, _task, _empty = old_store
    app = make_app(store)
    async with app.run_test(size=(120, 200)) as pilot:
        await _windowed(pilot, app)
        # Only the level changes, which are older than the check-ins and the note.
        assert {event.kind for event in app.data.events_for(member_id=member_id)} == {EventKind.LEVEL_CHANGE}
        app.push_screen(MemberScreen(member_id))
        await _until(
            pilot, lambda: "Ledger closed" in screen_text(app) or "Note about" in screen_text(app), "old events"
        )
        text = screen_text(app)
        assert "Nothing logged yet." not in text
        assert text.count("Check-in with Olga Oldfield on task #") == 3
        assert "Note about Olga Oldfield." in text
        assert text.count("moved from level") == 25 - 4  # the newest 25 events in all


@pytest.mark.parametrize("reading_ends", [False, True])
async def test_a_member_page_without_recent_events_says_it_reads_rather_than_nothing_logged(
    old_store: tuple[Store, int, int, int], monkeypatch: pytest.MonkeyPatch, reading_ends: bool
) -> None:
    store, _olga, _task, _empty = old_store
    nils = store.load().member_named("Nils").id
    if not reading_ends:
        monkeypatch.setattr(MemberScreen, "_read_older", lambda self: None)
    app = make_app(store)
    async with app.run_test(size=(120, 200)) as pilot:
        await _windowed(pilot, app)
        app.push_screen(MemberScreen(nils))
        await _until(pilot, lambda: "Recent events" in screen_text(app), "the member page")
        if reading_ends:
            await _until(pilot, lambda: "Note about Nils Quiet." in screen_text(app), "the old note")
        else:
            assert "Reading the history…" in screen_text(app)
        assert "Nothing logged yet." not in screen_text(app)


async def test_a_task_with_only_old_events_shows_them_in_its_details(old_store: tuple[Store, int, int, int]) -> None:
    store, _member, old_task, _empty = old_store
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _windowed(pilot, app)
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, old_task)
        await pilot.press("enter")
        await _until(pilot, lambda: "History (3 events" in screen.details_text(), "the task's old events")
        details = screen.details_text()
        assert details.count("Check-in with Olga Oldfield.") == 3
        assert "Nothing has been logged" not in details


async def test_a_task_with_only_old_events_is_archived_and_one_without_any_is_deleted(
    old_store: tuple[Store, int, int, int],
) -> None:
    store, _member, old_task, empty_task = old_store
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _windowed(pilot, app)
        screen = await open_tasks(pilot)
        for task_id, expected in ((old_task, "Archive task #"), (empty_task, "Delete task #")):
            await select_task(pilot, screen, task_id)
            await pilot.press("delete")
            await _until(pilot, lambda: isinstance(app.screen, ConfirmRemoval), "the confirmation")
            assert f"{expected}{task_id} " in screen_text(app)
            await pilot.press("escape")
            await _until(pilot, lambda: app.screen is screen, "back on the tasks")


async def test_the_uis_store_keeps_no_parsed_copy_of_the_workspace_file(
    old_store: tuple[Store, int, int, int],
) -> None:
    store, member_id, _task, _empty = old_store
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _windowed(pilot, app)
        assert app.store._storage.parsed is None  # only the validated workspace (Store.release_parsed_file)
        store.update_member(member_id, name="Olga Newname", now=NOW)
        app.reload()
        assert app.data.workspace.members[member_id].name == "Olga Newname"
        assert app.store._storage.parsed is None


@pytest.mark.parametrize("private", [False, True])
async def test_an_export_from_the_ui_is_the_document_delegate_export_writes(
    old_store: tuple[Store, int, int, int], cli: Any, tmp_path: Path, private: bool
) -> None:
    from textual.widgets import Checkbox, Input

    from delegate_tui.screens.export import ExportScreen
    from tests.helpers.clock import NOW_ARG

    store, _member, _task, _empty = old_store
    app = make_app(store)
    target = tmp_path / "from-ui.json"
    async with app.run_test(size=(120, 40)) as pilot:
        await _windowed(pilot, app)
        app.push_screen(ExportScreen())
        await _until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-private", Checkbox).value = private
        await pilot.pause()
        await pilot.click("#export-ok")
        await _until(pilot, lambda: not isinstance(app.screen, ExportScreen), "the export written")
    result = cli("export", "--now", NOW_ARG, *(["--include-private"] if private else []))
    assert result.code == 0
    from_ui, from_cli = json.loads(target.read_text(encoding="utf-8")), json.loads(result.out)
    from_ui.pop("generated_at"), from_cli.pop("generated_at")
    assert from_ui == from_cli
