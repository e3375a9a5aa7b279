"""The app's first frame is the board without the footer's keys, as Textual's own footer draws it;
the keys follow at once, and the history's thread starts only once they are drawn."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widgets._footer import FooterKey

from delegate_tui.app import DelegateApp
from delegate_tui.screens.board import BoardScreen
from delegate_tui.screens.welcome import WelcomeScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, settle


def record_frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """For each frame the app hands its driver: the footer keys on it, and whether the history's
    thread had started."""
    frames: list[tuple[int, bool]] = []
    real = App._display

    def recording(self: App[Any], screen: Any, renderable: Any) -> None:
        real(self, screen, renderable)
        if renderable is not None and not self._batch_count and isinstance(self, DelegateApp):
            frames.append((len(screen.query(FooterKey)), self._compute_thread is not None))

    monkeypatch.setattr(App, "_display", recording)
    return frames


@pytest.mark.parametrize("large", [False, True])
async def test_the_board_comes_first_and_its_keys_at_once_after(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    if large:
        monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", 0)  # the history read in the background
    frames = record_frames(monkeypatch)
    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.data.complete and app.screen.query(FooterKey), rounds=2000)
        assert isinstance(app.screen, BoardScreen)
        keys = {key.key for key in app.screen.query(FooterKey)}
    assert frames and frames[0] == (0, False)
    with_keys = next(index for index, (count, _started) in enumerate(frames) if count)
    assert not any(started for _count, started in frames[: with_keys + 1])  # the thread waited for them
    assert {"n", "N", "b", "m", "t", "f", "ctrl+p"} <= keys


async def test_the_board_under_the_welcome_screen_gets_its_keys_too(store: Store) -> None:
    app = DelegateApp(store, clock=lambda: NOW, watch_interval=None)  # empty: the welcome screen shows at once
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, WelcomeScreen), rounds=2000)
        board = app.screen_stack[0]
        await settle(pilot, lambda: board.query(FooterKey), what="the board's keys", rounds=2000)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, BoardScreen), rounds=2000)
        assert {key.key for key in app.screen.query(FooterKey)} >= {"n", "N"}


async def test_a_footer_made_after_the_first_frame_has_its_keys_in_its_first_frame(sample_store: Store) -> None:
    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.painted, rounds=2000)
        await pilot.press("m")
        assert app.screen.query(FooterKey)  # composed with its keys, no frame without them
