"""A large workspace's first screen, the board, is drawn before its tasks are read.

The UI opens the workspace without its tasks (``Store.load_brief``); the board shows none. The
tasks come with the history, off the UI thread, or at once when another screen is about to show,
so no screen ever lists a workspace without them. A task found broken then ends the UI with the
message any verb gives.
"""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest

from delegate_tui.app import DelegateApp
from delegate_tui.cli import ui
from delegate_tui.screens.board import BoardScreen
from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.screens.welcome import WelcomeScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, screen_text, settle


@pytest.fixture(autouse=True)
def _large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", 0)  # the sample read as the scale set is


def opened_app(path: Path) -> DelegateApp:
    """The app as ``delegate --db PATH`` opens it (see delegate_tui.cli.ui.run_ui)."""
    store = Store(path, validate=False)
    return DelegateApp(store, clock=lambda: NOW, watch_interval=None, opened=store.load_brief())


@pytest.fixture
def held() -> threading.Event:
    """Holds the background reading until set, so a test acts before the tasks arrive from it."""
    return threading.Event()


@pytest.fixture
def slow_history(monkeypatch: pytest.MonkeyPatch, held: threading.Event) -> None:
    original = DelegateApp._read_and_compute

    def wait_then_read(self: DelegateApp, *args: object) -> object:
        held.wait(10)
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DelegateApp, "_read_and_compute", wait_then_read)


async def board_before_and_after_the_history(app: DelegateApp, workspace: object) -> tuple[str, str]:
    """The board as first drawn, and once the history is in (checking the app then has every task)."""
    async with app.run_test(size=SIZE) as pilot:
        first = screen_text(app)
        await settle(pilot, lambda: app.data.complete, what="the history", rounds=2000)
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert not app.data.tasks_pending
        assert app.data.workspace == workspace
        return first, screen_text(app)


async def test_the_board_is_drawn_without_the_tasks_and_they_arrive_with_the_history(sample_store: Store) -> None:
    assert opened_app(sample_store.path).data.tasks_pending
    workspace = Store(sample_store.path).load().active()
    usual = await board_before_and_after_the_history(
        DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None), workspace
    )
    deferred = await board_before_and_after_the_history(opened_app(sample_store.path), workspace)
    # The board before the history (and its flags) came in, and after: the same with or without the tasks.
    assert deferred == usual
    assert usual[0] != usual[1]  # the flags' marks came with the history


@pytest.mark.usefixtures("slow_history")
async def test_tasks_typed_for_before_the_history_arrives_lists_every_task(
    sample_store: Store, held: threading.Event
) -> None:
    app = opened_app(sample_store.path)
    titles = [task.title for task in Store(sample_store.path).load().active().tasks.values()]
    try:
        async with app.run_test(size=(120, 60)) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, TasksScreen)
            assert not app.data.tasks_pending and not app.data.complete  # read at once, the history still held
            shown = screen_text(app)
            assert sum(title[:20] in shown for title in titles) >= min(len(titles), 20)
            held.set()
            await settle(pilot, lambda: app.data.complete, what="the history", rounds=2000)
    finally:
        held.set()


@pytest.mark.usefixtures("slow_history")
async def test_the_command_palette_opened_at_once_finds_a_task(sample_store: Store, held: threading.Event) -> None:
    app = opened_app(sample_store.path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert not app.data.tasks_pending
            assert app.data.workspace.tasks == Store(sample_store.path).load().active().tasks
    finally:
        held.set()


def break_a_task(path: Path) -> None:
    tables = orjson.loads(path.read_bytes())
    first = next(iter(tables["tasks"]))
    tables["tasks"][first]["level"] = 9
    path.write_bytes(orjson.dumps(tables))


async def test_a_broken_task_found_after_the_first_paint_ends_the_ui_with_its_message(sample_store: Store) -> None:
    break_a_task(sample_store.path)
    app = opened_app(sample_store.path)  # everything but the tasks is fine: the UI opens
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.broken is not None, what="the broken task found", rounds=2000)
    assert app.broken is not None and "not valid" in app.broken and str(sample_store.path) in app.broken
    assert app.return_code == 2


@pytest.mark.usefixtures("slow_history")
async def test_a_broken_task_found_by_a_key_typed_at_once_ends_the_ui_too(
    sample_store: Store, held: threading.Event
) -> None:
    break_a_task(sample_store.path)
    app = opened_app(sample_store.path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert app.broken is not None and app.return_code == 2
            assert not isinstance(app.screen, TasksScreen)
    finally:
        held.set()


def test_the_command_line_says_why_and_exits_2_when_the_ui_ended_on_a_broken_task(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Broken(DelegateApp):
        def run(self, *args: object, **kwargs: object) -> None:
            self.broken = "The workspace has a field that is not valid (tasks.1.level)."

    import delegate_tui.app

    monkeypatch.setattr(delegate_tui.app, "DelegateApp", Broken)
    assert ui._open_app(sample_store) == 2
    assert capsys.readouterr().err == "delegate: The workspace has a field that is not valid (tasks.1.level).\n"


async def test_an_empty_workspace_offers_the_sample_once_its_tasks_are_known(store: Store) -> None:
    app = opened_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.data.complete, what="the history", rounds=2000)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_workspace_of_tasks_alone_is_not_offered_the_sample(store: Store) -> None:
    from delegate_tui.model import DelegationLevel, Task

    workspace = store.load()
    workspace.tasks[1] = Task(id=1, title="Budget review", level=DelegationLevel(2), created_at=NOW)
    store.replace_everything(workspace, [], NOW, keep_backup=False)
    app = opened_app(store.path)
    assert not app.data.workspace.tasks  # the board's snapshot cannot tell it from an empty one
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.data.complete, what="the history", rounds=2000)
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert "Budget review" in str(app.data.workspace.tasks[1].title)


@pytest.mark.usefixtures("slow_history")
async def test_the_log_dialog_opened_at_once_offers_every_task(sample_store: Store, held: threading.Event) -> None:
    from delegate_tui.screens.log_event import LogEventScreen

    app = opened_app(sample_store.path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("L")  # built with the app's workspace before it is pushed
            await settle(pilot, lambda: isinstance(app.screen, LogEventScreen), what="the Log dialog")
            assert isinstance(app.screen, LogEventScreen)
            assert app.screen.workspace.tasks == Store(sample_store.path).load().active().tasks
    finally:
        held.set()


@pytest.mark.usefixtures("slow_history")
async def test_quitting_at_once_does_not_read_the_pending_tasks(sample_store: Store, held: threading.Event) -> None:
    app = opened_app(sample_store.path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.data.tasks_pending  # it quit without reading them
    finally:
        held.set()
