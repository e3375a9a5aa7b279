"""The app shell: modes and global keys, live refresh, apply(), theme, welcome, palette, help."""

from __future__ import annotations

from pathlib import Path

from textual.screen import ModalScreen
from textual.widgets import Input

from delegate_tui.model import InputError
from delegate_tui.screens.board import BoardScreen
from delegate_tui.screens.data import KEPT_KINDS
from delegate_tui.screens.forms import MemberForm
from delegate_tui.screens.help import HelpScreen
from delegate_tui.screens.welcome import WelcomeScreen
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.ui import SIZE, make_app, run_command, screen_text


async def test_starts_on_the_board_with_the_sample_team(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_mode == "board"
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert "Decision area" in text
        assert "Aiko Tanaka" in text
        assert "5 Advise" in text
        assert "n Add area" in text
        assert "? Help" in text


async def test_global_keys_switch_screens_and_back(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, mode in (("m", "team"), ("t", "tasks"), ("f", "flags"), ("b", "board")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        assert "Team" in app.screen.active_bindings["m"].binding.description


async def test_ctrl_q_quits_at_once(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_change_made_by_another_process_appears(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        other = Store(db_path)  # the CLI in a second terminal
        other.add_member("Zoe External", role="Analyst", now=NOW)
        app._watch_store()  # what the watch timer runs every watch_interval seconds
        await pilot.pause()
        assert "Zoe External" in screen_text(app)
        assert any(m.name == "Zoe External" for m in app.data.workspace.members.values())


async def test_the_watch_timer_refreshes_by_itself(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        Store(db_path).add_area("Vendor choice", now=NOW)
        for _attempt in range(40):
            await pilot.pause(0.05)
            if "Vendor choice" in screen_text(app):
                break
        assert "Vendor choice" in screen_text(app)


async def test_apply_reports_errors_and_reloads_on_success(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def broken() -> None:
            raise InputError("There is no member named 'Nobody'.")

        assert app.apply(broken) is False
        assert app.apply(lambda: sample_store.add_area("Pricing", now=NOW), success="Added.") is True
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert "There is no member named 'Nobody'." in messages
        assert "Added." in messages
        assert any(area.name == "Pricing" for area in app.data.workspace.areas.values())


async def test_the_chosen_theme_is_remembered_across_restarts(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert Store(db_path).load().settings.theme == "nord"
    again = make_app(Store(db_path))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_welcome_loads_the_sample_team(store: Store, db_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Load the sample team" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Aiko Tanaka" in screen_text(app)
    workspace = Store(db_path).load()
    assert len(workspace.members) == 8
    assert Store(db_path).events()


async def test_welcome_can_start_empty_and_the_board_explains_what_to_do(store: Store, db_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#empty")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert "The board is empty." in text
        assert "Press n to add a decision area" in text
        assert "Press N to add a member" in text
    assert Store(db_path).load().is_empty


async def test_a_global_key_on_the_welcome_screen_starts_empty(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "tasks"
        assert not isinstance(app.screen, WelcomeScreen)


async def test_palette_opens_a_screen_by_name(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "team", expect="team")
        await pilot.pause()
        assert app.current_mode == "team"


async def test_palette_reaches_the_main_actions(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "add member", expect="add member")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        await pilot.press("escape")
        await run_command(pilot, "agreement priya", expect="Priya")
        await pilot.pause()
        assert "Trust agreement with Priya Natarajan" in screen_text(app)


async def test_help_lists_the_keys_of_the_app_and_the_screen(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.set_keymap({"board.add-area": "x"})
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        groups = dict(app.screen.groups)
        board_keys = dict(groups["On this screen"])
        assert board_keys["1 2 3 4 5 6 7"].startswith("Set level")
        assert board_keys["x"].startswith("Add area")  # the remapped key, not n
        everywhere = dict(groups["Everywhere"])
        assert everywhere["b"].startswith("Board")
        assert everywhere["^q"].startswith("Quit")
        text = screen_text(app)
        assert "Keys: Board" in text
        assert "On this screen" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_global_letters_type_into_form_fields(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        await pilot.press(*"bmtf")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert app.screen.query_one("#name", Input).value == "bmtf"
        assert app.current_mode == "board"


async def test_a_large_history_is_computed_after_the_first_paint(sample_store: Store) -> None:
    app = make_app(sample_store)
    app.SYNC_READ_BYTES = 0  # type: ignore[misc]  # treat the sample like the scale set
    app.data = app._snapshot(None)
    assert not app.data.complete
    assert app.data.flags == []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.data.complete
        assert app.data.flags
        # The recent months the flags and metrics read, and the timelines (tests/test_ui_history_window.py).
        since = app.data.history_since
        assert since is not None
        assert [e.id for e in app.data.events] == [
            e.id for e in sample_store.events() if e.at >= since or e.kind in KEPT_KINDS
        ]
        # A change: the workspace shows at once, the flags follow.
        sample_store.update_member(1, name="Priya N. Natarajan", role="Staff Engineer", now=NOW)
        app.reload()
        assert "Priya N. Natarajan" in [m.name for m in app.data.workspace.members.values()]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.data.complete


async def test_palette_adds_a_task_on_the_tasks_screen(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "add task", expect="add task")
        await pilot.pause()
        assert app.current_mode == "tasks"
        assert isinstance(app.screen, ModalScreen)
