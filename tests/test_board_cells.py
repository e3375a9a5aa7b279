"""The board makes a cell when it is first drawn: a wide team's first paint makes only what it shows,
and a cell scrolled to later reads as it would have made up front."""

from __future__ import annotations

from delegate_tui.model import DelegationLevel
from delegate_tui.screens.board import BoardGrid, BoardScreen, board_cell, cell_width
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, make_app, screen_text
from tests.test_board import _wide_workspace


async def test_a_wide_team_makes_only_the_cells_it_shows(store: Store) -> None:
    store.replace_everything(_wide_workspace(200, 10), [], NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(BoardGrid)
        shown = (SIZE[0] // grid.cell_width + 1) * 10
        assert 0 < len(grid._cells) <= shown
        await pilot.press("end")
        await pilot.pause()
        assert len(grid._cells) <= 2 * shown


async def test_a_cell_made_later_is_the_one_made_up_front(store: Store) -> None:
    workspace = _wide_workspace(200, 10)
    store.replace_everything(workspace, [], NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        grid = screen.query_one(BoardGrid)
        last = len(grid.member_names) - 1
        member_id = screen._members[last]
        for row, area_id in enumerate(screen._areas):
            expected = board_cell(app.data.workspace, member_id, area_id, False, cell_width())
            assert grid.cell(last, row) == expected
            level = DelegationLevel((member_id + area_id) % 7 + 1)
            assert expected.text.strip() == level.display
        assert DelegationLevel((200 + 10) % 7 + 1).display in screen_text(app)
