"""An archived member's history shown on request (enter on the team list, read-only), and a retired
area restored from the board (U), undoable like every change."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from delegate_tui.app import DelegateApp
from delegate_tui.model import EventKind
from delegate_tui.screens.archived_member import ArchivedMemberScreen
from delegate_tui.screens.area_restore import RetiredAreaPicker
from delegate_tui.screens.remove_dialogs import ConfirmRemoval
from delegate_tui.screens.team import TeamScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW, NOW_ARG
from tests.helpers.files import files_in
from tests.helpers.ui import SIZE, make_app, screen_text, settle
from tests.test_snapshots_board_team_forms import SIZES, steps


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)


def _archive_priya(store: Store) -> int:
    priya = store.load().member_named("Priya").id
    store.archive_member(priya, now=NOW, reassign_to=0)
    return priya


async def _open_archived(pilot: Any, app: DelegateApp) -> ArchivedMemberScreen:
    await pilot.pause()
    await pilot.press("m")
    await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team list")
    team = app.screen
    assert isinstance(team, TeamScreen)
    await pilot.press("A")
    await settle(pilot, lambda: "Priya Natarajan" in screen_text(app), what="the archived member shown")
    table = team.query_one("#team", DataTable)
    table.move_cursor(row=table.row_count - 1)
    await pilot.press("enter")
    await settle(pilot, lambda: isinstance(app.screen, ArchivedMemberScreen), what="the archived member's page")
    screen = app.screen
    assert isinstance(screen, ArchivedMemberScreen)
    await settle(pilot, lambda: app.data.complete, what="the history read")
    return screen


async def test_enter_on_an_archived_member_opens_their_history_with_the_archived_line(sample_store: Store) -> None:
    priya = _archive_priya(sample_store)
    their_events = [e for e in sample_store.events() if e.member_id == priya]
    assert their_events  # their check-ins and the archive itself
    app = make_app(sample_store)
    async with app.run_test(size=(120, 400)) as pilot:
        await _open_archived(pilot, app)
        text = " ".join(screen_text(app).split())
        assert "Archived on 2026-11-28. Restore with R on the team list." in text
        assert "Trust agreement (last version)" in text
        assert "Priya Natarajan" in text
        history = app.screen.query_one("#member-events").render()
        assert len(str(history).splitlines()) == len(their_events)  # every event, the archive one included


async def test_change_keys_on_an_archived_members_page_change_nothing(sample_store: Store) -> None:
    _archive_priya(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_archived(pilot, app)
        before = files_in(sample_store.path.parent)
        for key in ("a", "e", "L", "x", "n", "enter"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # no form, no dialog opened
        assert any("nothing about them can be changed" in str(n.message) for n in app._notifications)
        assert files_in(sample_store.path.parent) == before
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="back on the team list")


async def test_restore_area_on_the_board_brings_a_retired_area_back_and_undo_retires_it_again(store: Store) -> None:
    store.add_member("Ana Lima", now=NOW)
    budget = store.add_area("Budget", now=NOW)
    store.add_area("Hiring", now=NOW)
    store.archive_area(budget.id, now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Budget" not in screen_text(app)
        await pilot.press("U")
        await settle(pilot, lambda: isinstance(app.screen, RetiredAreaPicker), what="the retired areas")
        assert "Budget (retired 2026-11-28)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmRemoval), what="the confirmation")
        assert "Restore the decision area Budget?" in screen_text(app)
        await pilot.click("#confirm")
        await settle(pilot, lambda: budget.id in app.data.workspace.areas, what="the area restored")
        await settle(pilot, lambda: "Budget" in screen_text(app), what="the row back on the board")
        assert store.load().areas[budget.id].archived_at is None
        assert any(e.kind is EventKind.RESTORE and e.area_id == budget.id for e in store.events())
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: budget.id not in app.data.workspace.areas, what="the restore undone")
    assert store.load().areas[budget.id].archived_at is not None


async def test_restore_area_with_nothing_retired_says_so(store: Store) -> None:
    store.add_area("Budget", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("U")
        await settle(pilot, lambda: any("No decision area is retired" in str(n.message) for n in app._notifications))
        assert not isinstance(app.screen, RetiredAreaPicker)


@pytest.mark.parametrize("size", SIZES)
def test_archived_member_page(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    _archive_priya(sample_store)
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("m", "A", "end", "enter"))


def test_cli_agreement_show_shows_an_archived_members_agreement_and_says_they_left(  # type: ignore[no-untyped-def]
    cli, sample_store: Store
) -> None:
    _archive_priya(sample_store)
    shown = cli("agreement", "show", "Priya")
    assert shown.code == 0
    assert "Trust agreement with Priya Natarajan, version 3" in shown.out
    assert "Priya Natarajan is archived (since 2026-11-28)" in shown.out
    assert "delegate member restore 'Priya Natarajan'" in shown.out
    assert '"archived_at": "2026-11-28' in cli("agreement", "show", "Priya", "--format", "json").out
    assert "archived" not in cli("agreement", "show", "Sam").out
