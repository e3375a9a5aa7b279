"""SVG snapshots of the tasks screen, its modals, the delegated-decision warning, the flags screen
and the acknowledge modal: with the sample team and empty, at 80x24 and 120x40, at a fixed clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.screens.welcome import WelcomeScreen
from delegate_tui.storage.store import Store
from tests.helpers.ui import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Steps = Callable[[Pilot[Any]], Awaitable[None]]


async def _steady(pilot: Pilot[Any]) -> None:
    """Let everything settle and stop cursors from blinking."""
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def go(mode: str, *keys: str, task: int | None = None) -> Steps:
    """Open a screen, optionally select a task, then press ``keys``."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        if isinstance(pilot.app.screen, WelcomeScreen):
            await pilot.press("e")
            await pilot.pause()
        await pilot.press(mode[0])
        await pilot.pause()
        if task is not None:
            screen = pilot.app.screen
            assert isinstance(screen, TasksScreen)
            assert screen.table.move_to_key(task)
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await _steady(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_tasks_screen(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=go("tasks"))


@pytest.mark.parametrize("size", SIZES)
def test_tasks_screen_empty(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=go("tasks"))


@pytest.mark.parametrize("size", SIZES)
def test_tasks_filtered_with_details(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await go("tasks")(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TasksScreen)
        screen.set_filter("@jonas level:>=3")
        await pilot.pause()
        await pilot.press("enter")
        await _steady(pilot)

    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("keys", "task"),
    [
        pytest.param(("n",), None, id="add"),
        pytest.param(("e",), 14, id="edit"),
        pytest.param(("l",), 14, id="level"),
        pytest.param(("r",), 14, id="reassign"),
        pytest.param(("d",), 14, id="due"),
        pytest.param(("c",), 14, id="checkin"),
        pytest.param(("o",), 14, id="override-delegated"),
        pytest.param(("a",), 4, id="approval-not-delegated"),
    ],
)
def test_task_modals(
    snap_compare: Any, sample_store: Store, size: tuple[int, int], keys: tuple[str, ...], task: int | None
) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=go("tasks", *keys, task=task))


@pytest.mark.parametrize("size", SIZES)
def test_add_task_on_an_empty_workspace(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=go("tasks", "n"))


@pytest.mark.parametrize("size", SIZES)
def test_add_task_with_errors(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await go("tasks", "n")(pilot)
        pilot.app.screen.query_one("#due", Input).value = "2026-02-30"
        await pilot.click("#save")
        await _steady(pilot)

    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_flags_screen(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=go("flags"))


@pytest.mark.parametrize("size", SIZES)
def test_flags_screen_empty(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=go("flags"))


@pytest.mark.parametrize("size", SIZES)
def test_acknowledge_modal(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await go("flags", "a")(pilot)
        await pilot.press("enter")  # empty reason: the inline error
        await _steady(pilot)

    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_sort_picker(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=go("tasks", "O", "j"))


@pytest.mark.parametrize("size", SIZES)
def test_flags_grouped_by_severity(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=go("flags", "s", "j"))
