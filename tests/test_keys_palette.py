"""The palette does everything, and the keys people expect (issue 13, parts 2 and 3)."""

from __future__ import annotations

from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable

from delegate_tui.model import FlagAck
from delegate_tui.screens.board import BoardGrid, BoardScreen
from delegate_tui.screens.confirm import Confirm
from delegate_tui.screens.flags import FlagsScreen
from delegate_tui.screens.member import MemberScreen
from delegate_tui.screens.sort_picker import SortPicker
from delegate_tui.screens.task_table import TaskTable
from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.screens.team import TeamScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, make_app, run_command, screen_text, settle


def toasts(app: Any) -> list[str]:
    """The messages of the notifications shown."""
    return [str(notification.message) for notification in app._notifications]


async def palette_lines(pilot: Pilot[Any], query: str = "") -> list[str]:
    """Open the palette, type ``query``, and return its lines (name and key) once the search is done."""
    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), what="the command palette")
    if query:
        await pilot.press(*query)
    commands = pilot.app.screen.query_one(CommandList)
    await settle(pilot, lambda: commands.option_count > 0, what="palette entries")
    for _ in range(20):
        await pilot.pause()
    return [str(commands.get_option_at_index(i).prompt).split("\n")[0] for i in range(commands.option_count)]


async def test_the_palette_lists_the_board_actions_with_their_keys(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = await palette_lines(pilot)
        joined = "\n".join(lines)
        # With nothing typed, one "Set level" stands for the seven; typing finds each.
        assert "Set level 1  1" in joined
        assert "Set level 4  4" not in joined
        assert "Review  R" in joined
        assert "Member page  o" in joined
        assert "Clear level  del 0" in joined
        # Help is one entry (Textual's "Keys" is gone), with its key; so is Quit.
        assert [line for line in lines if line.startswith(("Help", "Keys"))] == ["Help  ?"]
        assert len([line for line in lines if line.startswith("Quit")]) == 1
        assert not any(line.startswith(("Up", "Down", "Left")) for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        levels = await palette_lines(pilot, "set level")
        assert [f"Set level {level}  {level}" for level in range(1, 8)] == sorted(
            line for line in levels if line.startswith("Set level")
        )


async def test_a_palette_action_runs_on_the_screen_underneath(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await run_command(pilot, "sort by", expect="Sort by")
        await pilot.pause()
        assert isinstance(app.screen, SortPicker)


async def test_load_the_sample_team_after_starting_empty(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # start empty
        await pilot.pause()
        await run_command(pilot, "load the sample", expect="Load the sample team")
        await settle(pilot, lambda: len(store.load().members) == 8, what="the sample team")
        assert "Diego F." in screen_text(app)


async def test_loading_the_sample_team_over_a_team_asks_first(sample_store: Store) -> None:
    sample_store.update_member(1, name="Ana Real", role="Engineer", now=NOW)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "load the sample", expect="Load the sample team")
        await settle(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        assert "The 8 members of this workspace" in screen_text(app)
        await pilot.press("enter")  # Cancel has the focus
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert sample_store.load().members[1].name == "Ana Real"
        await run_command(pilot, "load the sample", expect="Load the sample team")
        await settle(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        await pilot.click("#confirm")
        await settle(pilot, lambda: sample_store.load().members[1].name != "Ana Real", what="the sample team")


async def test_j_k_g_and_G_move_like_the_arrows_and_home_end(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(BoardGrid)
        await pilot.press("j", "j")
        assert grid.cursor == (0, 2)
        await pilot.press("k")
        assert grid.cursor == (0, 1)
        await pilot.press("G")
        assert grid.cursor == (len(grid.member_names) - 1, 1)
        await pilot.press("g")
        assert grid.cursor == (0, 1)
        await pilot.press("t")
        await pilot.pause()
        table = app.screen.query_one(TaskTable)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("k")
        assert table.cursor_row == table.row_count - 2
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("m")
        await pilot.pause()
        team = app.screen.query_one(DataTable)
        await pilot.press("j")
        assert team.cursor_row == 1
        await pilot.press("G")
        assert team.cursor_row == team.row_count - 1
        await pilot.press("g")
        assert team.cursor_row == 0


async def test_m_opens_the_team_list_not_the_last_member_page(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open_member(2)
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)


async def test_the_sort_picker_sorts_by_due_date_in_one_choice(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        tasks = app.screen
        assert isinstance(tasks, TasksScreen)
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, SortPicker)
        await pilot.press("G", "enter")  # due date is the last column
        await pilot.pause()
        assert app.screen is tasks
        assert "sorted by due date ▲" in screen_text(app)
        # s and S still step and reverse.
        await pilot.press("s")
        assert tasks.sort_column == "id"
        await pilot.press("S")
        assert tasks.sort_reverse
        # escape keeps the order.
        await pilot.press("O", "j", "escape")
        await pilot.pause()
        assert tasks.sort_column == "id"


async def test_from_a_flag_o_goes_to_its_task_or_its_member(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        flags = app.screen
        assert isinstance(flags, FlagsScreen)
        on_task = next(i for i, flag in enumerate(flags.flags) if flag.task_id is not None)
        task_id = flags.flags[on_task].task_id
        assert flags.table.move_to_key(on_task)
        await pilot.press("o")
        await pilot.pause()
        tasks = app.screen
        assert isinstance(tasks, TasksScreen)
        assert tasks.table.cursor_key == task_id
        await pilot.press("f")
        await pilot.pause()
        on_member = next(i for i, flag in enumerate(flags.flags) if flag.task_id is None and flag.member_id is not None)
        member_id = flags.flags[on_member].member_id
        assert flags.table.move_to_key(on_member)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        assert app.screen.member_id == member_id


async def test_an_acknowledgement_can_be_taken_back(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        flags = app.screen
        assert isinstance(flags, FlagsScreen)
        flag = flags.flags[0]
        sample_store.acknowledge_flag(
            FlagAck(flag_id=flag.id, reason="known", at=NOW, evidence=[e.ref for e in flag.evidence]), now=NOW
        )
        app.reload()
        await pilot.pause()
        assert all(f.id != flag.id for f in flags.flags)
        await pilot.press("v")
        position = next(i for i, f in enumerate(flags.flags) if f.id == flag.id)
        assert flags.table.move_to_key(position)
        await pilot.press("u")
        await pilot.pause()
        assert flag.id not in sample_store.load().acks
        assert f"Flag {flag.id} is open again." in toasts(app)
        await pilot.press("v")
        assert any(f.id == flag.id and f.acknowledged is None for f in flags.flags)
        # An open flag has nothing to take back: said, and nothing written.
        position = next(i for i, f in enumerate(flags.flags) if f.id == flag.id)
        assert flags.table.move_to_key(position)
        await pilot.press("u")
        await pilot.pause()
        assert f"Flag {flag.id} is not acknowledged." in toasts(app)
        assert sample_store.load().acks == {}


async def test_slash_finds_in_the_team_the_flags_and_the_board(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"lena", "enter")
        await pilot.pause()
        grid = app.screen.query_one(BoardGrid)
        assert grid.member_names[grid.cursor[0]] == "Lena Fischer"
        await pilot.press("slash", *"budget", "enter")  # no member: the area
        await pilot.pause()
        assert grid.area_names[grid.cursor[1]] == "Budget up to 1k"
        await pilot.press("m", "slash", *"kwame", "enter")
        await pilot.pause()
        team = app.screen
        assert isinstance(team, TeamScreen)
        assert team.selected_member() == sample_store.load().member_named("Kwame").id
        await pilot.press("slash", *"nobody", "enter")
        await pilot.pause()
        assert "No member's name holds 'nobody'." in toasts(app)
        assert team.selected_member() == sample_store.load().member_named("Kwame").id
        await pilot.press("f", "slash", *"pulse", "enter")
        await pilot.pause()
        flags = app.screen
        assert isinstance(flags, FlagsScreen)
        selected = flags.selected_flag()
        assert selected is not None and selected.name == "low-pulse"


def test_find_goes_round_to_the_next_match() -> None:
    from delegate_tui.screens.find import next_match

    names = ["Aiko", "Diego", "Priya", "Dina"]
    assert next_match(names, 0, "di") == 1
    assert next_match(names, 1, "DI") == 3  # again: the next one
    assert next_match(names, 3, "di") == 1  # round to the top
    assert next_match(names, 0, "zed") is None
    assert next_match(names, 0, "  ") is None
