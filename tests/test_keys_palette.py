"""The palette does everything, and the keys people expect (issue 13, parts 2 and 3)."""

from __future__ import annotations

from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from delegate_tui.screens.board import BoardScreen
from delegate_tui.screens.confirm import Confirm
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, make_app, run_command, screen_text, settle


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
        assert "Set level 4  4" in joined
        assert "Review  R" in joined
        assert "Member page  o" in joined
        assert "Clear level  del 0" in joined
        # Help is one entry (Textual's "Keys" is gone), with its key; so is Quit.
        assert [line for line in lines if line.startswith(("Help", "Keys"))] == ["Help  ?"]
        assert len([line for line in lines if line.startswith("Quit")]) == 1
        assert not any(line.startswith(("Up", "Down", "Left")) for line in lines)


async def test_a_palette_action_runs_on_the_screen_underneath(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await run_command(pilot, "sort by", expect="Sort by")
        await pilot.pause()
        from delegate_tui.screens.sort_picker import SortPicker

        assert isinstance(app.screen, SortPicker)


async def test_load_the_sample_team_after_starting_empty(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # start empty
        await pilot.pause()
        await run_command(pilot, "load the sample", expect="Load the sample team")
        await settle(pilot, lambda: len(store.load().members) == 8, what="the sample team")
        assert "Priya N." in screen_text(app)


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
