"""Press a long random sequence of keys (fixed seed) drawn from every binding of every screen:
the app must never raise, and the workspace must still load afterwards."""

from __future__ import annotations

import importlib
import inspect
import random
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from delegate_tui.storage.store import Store
from tests.test_app import make_app

SCREEN_MODULES = [
    "delegate_tui.app",
    "delegate_tui.screens.board",
    "delegate_tui.screens.team",
    "delegate_tui.screens.member",
    "delegate_tui.screens.forms",
    "delegate_tui.screens.help",
    "delegate_tui.screens.welcome",
    "delegate_tui.screens.tasks",
    "delegate_tui.screens.flags",
    "delegate_tui.screens.task_forms",
    "delegate_tui.screens.export",
]
NEVER = {"ctrl+q", "ctrl+p", "ctrl+c", "super+c"}  # quitting or the palette's Quit would end the run early
EXTRA = ["escape", "enter", "tab", "shift+tab", "up", "down", "left", "right", "space", "backspace", "home", "end"]


def bound_keys() -> list[str]:
    """Every key bound by a class in the app's screen modules (those that exist)."""
    keys: set[str] = set()
    for name in SCREEN_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or not cls.__module__.startswith("delegate_tui"):
                continue
            for binding in cls.BINDINGS:
                if isinstance(binding, Binding):
                    keys.update(key.strip() for key in binding.key.split(","))
    return sorted(keys - NEVER)


def burst(app: App[Any], keys: list[str]) -> None:
    """Queue key events the way the terminal driver does, without waiting between them."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)


def test_every_screen_module_binds_keys() -> None:
    keys = bound_keys()
    for key in ("b", "m", "t", "f", "question_mark", "1", "7", "n", "N", "e", "a", "ctrl+s", "escape"):
        assert key in keys


async def test_random_keys_never_break_the_app(sample_store: Store, db_path: Path) -> None:
    rng = random.Random(20261128)
    pool = bound_keys()
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["A", "Z", "-", "2026-02-30"]
    app = make_app(sample_store)
    presses = 0
    seen: set[str] = set()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        while presses < 400:
            chunk = []
            for _ in range(rng.randint(1, 6)):
                roll = rng.random()
                if roll < 0.55:
                    chunk.append(rng.choice(pool))
                elif roll < 0.8:
                    chunk.append(rng.choice(EXTRA))
                else:
                    text = rng.choice(letters)
                    chunk.extend(text if len(text) > 1 else [text])
            if rng.random() < 0.5:
                await pilot.press(*chunk)  # one key at a time, each processed before the next
            else:
                burst(app, chunk)  # a burst, as a fast typist sends it: queued before any is handled
                await pilot.pause()
            presses += len(chunk)
            assert app.is_running
            seen.add(type(app.screen).__name__)
        await pilot.pause()
    assert app._exception is None
    assert {"BoardScreen", "TeamScreen", "AgreementForm", "MemberForm"} <= seen, seen
    store = Store(db_path)
    workspace = store.load()
    assert workspace.members
    assert store.events()
