"""The UI's start: the console script opens it with the cyclic collector off (a quicker first
paint); the app turns it back on once the first screen is drawn, or memory would only grow."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from delegate_tui.app import DelegateApp
from delegate_tui.cli import ui
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("collector_off")
async def test_the_collector_runs_again_once_the_first_screen_is_drawn(sample_store: Store) -> None:
    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None, resume_collector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert app.data.complete  # the small sample's history is in


@pytest.mark.parametrize("history_bytes", [0, DelegateApp.SYNC_READ_BYTES])
async def test_an_app_not_asked_to_resume_the_collector_leaves_it_alone(
    sample_store: Store, history_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0: the large-workspace path, the history read in the background after the first paint.
    monkeypatch.setattr(DelegateApp, "SYNC_READ_BYTES", history_bytes)
    frozen = gc.get_freeze_count()
    app = DelegateApp(sample_store, clock=lambda: NOW, watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.data.complete:
            await pilot.pause()
        assert gc.isenabled()
    assert gc.get_freeze_count() <= frozen  # nothing more of this process was frozen for good


@pytest.mark.parametrize("collecting", [True, False])
def test_the_ui_asks_the_app_to_resume_the_collector_only_when_it_is_off(
    sample_store: Store, collecting: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    class Recorder(DelegateApp):
        def run(self, *args: object, **kwargs: object) -> None:
            asked.append(self._resume_collector)

    import delegate_tui.app

    monkeypatch.setattr(delegate_tui.app, "DelegateApp", Recorder)
    if not collecting:
        gc.disable()
    try:
        assert ui._open_app(sample_store) == 0
    finally:
        gc.enable()
    assert asked == [not collecting]
