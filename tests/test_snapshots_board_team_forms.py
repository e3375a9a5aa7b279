"""SVG snapshots of the board, team, member page, forms, help and welcome, at 80x24 and 120x40.

Update deliberately with ``pytest tests/test_snapshots_board_team_forms.py --snapshot-update`` and read the
new SVGs' text before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from delegate_tui.storage.store import Store
from tests.helpers.ui import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Step = Callable[[Pilot[Any]], Awaitable[None]]


def steps(*keys: str, then: Callable[[Any], None] | None = None) -> Step:
    """Press ``keys`` (after the first layout), optionally call ``then(app)``, and stop cursors blinking."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        if then is not None:
            then(pilot.app)
            await pilot.pause()
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_board(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("right", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_board_empty(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=steps("e"))


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES)
def test_team(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("m", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_team_empty(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=steps("e", "m"))


@pytest.mark.parametrize("size", SIZES)
def test_member_page(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(sample_store), terminal_size=size, run_before=steps(then=lambda app: app.action_open_member(2))
    )


@pytest.mark.parametrize("size", SIZES)
def test_member_form_with_an_error(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(sample_store), terminal_size=size, run_before=steps("N", "tab", "tab", *"2026-02-30", "ctrl+s")
    )


@pytest.mark.parametrize("size", SIZES)
def test_area_form(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("e"))


@pytest.mark.parametrize("size", SIZES)
def test_agreement_form(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_manager_form(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(sample_store), terminal_size=size, run_before=steps(then=lambda app: app.action_name_manager())
    )


@pytest.mark.parametrize("size", SIZES)
def test_board_scrolled_to_the_last_member(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    # Whole columns only: no half column, and no mark of one next to the area names.
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("end", "left", "down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_load_the_sample_team_asks_first(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(sample_store), terminal_size=size, run_before=steps(then=lambda app: app.action_load_sample())
    )
