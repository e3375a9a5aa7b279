"""Press a long random sequence of keys (fixed seed) drawn from every binding of every screen:
the app must never raise, and the workspace must still load afterwards."""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import random
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from delegate_tui.storage.store import Store
from tests.helpers.ui import make_app


def screen_modules() -> list[str]:
    """The app module and every module of the screens package, found on disk (a renamed or new
    screen module joins the pool by itself; one that fails to import fails the test)."""
    import delegate_tui.screens as screens

    return [
        "delegate_tui.app",
        *(f"{screens.__name__}.{found.name}" for found in pkgutil.iter_modules(screens.__path__)),
    ]


NEVER = {"ctrl+q", "ctrl+p", "ctrl+c", "super+c"}  # quitting or the palette's Quit would end the run early
EXTRA = ["escape", "enter", "tab", "shift+tab", "up", "down", "left", "right", "space", "backspace", "home", "end"]


def bound_keys() -> list[str]:
    """Every key bound by a class in the app's screen modules."""
    keys: set[str] = set()
    for name in screen_modules():
        module = importlib.import_module(name)
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
    # From the app, the board, the forms, the task list and its forms, the flags screen and help.
    for key in ("b", "m", "t", "f", "question_mark", "1", "7", "n", "N", "e", "a", "ctrl+s", "escape", "l", "x", "d"):
        assert key in keys


def test_the_key_pool_reaches_every_screen_class() -> None:
    """Every screen class with bindings lives in a module the pool reads, wherever it is moved."""
    from textual.screen import Screen

    import delegate_tui.screens as screens

    read = set(screen_modules())
    for found in pkgutil.walk_packages(screens.__path__, prefix=f"{screens.__name__}."):
        module = importlib.import_module(found.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__.startswith("delegate_tui") and cls.BINDINGS:
                assert cls.__module__ in read, f"{cls.__name__}'s keys ({cls.__module__}) are not in the pool"


async def test_random_keys_never_break_the_app(sample_store: Store, db_path: Path) -> None:
    rng = random.Random(20261128)
    pool = bound_keys()
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["A", "Z", "-", "2026-02-30"]
    app = make_app(sample_store)
    presses = 0
    seen: set[str] = set()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        homes = itertools.cycle(["m", "b", "t", "f"])
        next_home = 0
        while presses < 500:  # enough to reach every main screen and a form, with the find prompts eating letters
            if presses >= next_home:
                # Now and then, back out of any dialog and start again from the next main screen, so
                # the walk reaches every screen however many keys the pool holds.
                await pilot.press("escape", "escape", "escape", next(homes))
                seen.add(type(app.screen).__name__)
                next_home = presses + 25
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
