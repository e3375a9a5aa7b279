"""Screenshots of the UI in Dutch, taken in a process of their own (tests/test_snapshots_dutch.py).

    python -m tests.helpers.dutch_shots WIDTH HEIGHT FOLDER

The language is chosen when the process starts, before the modules that make texts at import (key
bindings, titles) are loaded; a test process has loaded them in English already, so the Dutch UI is
photographed here: every scenario of :data:`SCENARIOS` on a fresh sample workspace, one SVG each in
FOLDER, plus its plain text (``.txt``) for the assertions.
"""

from __future__ import annotations

import os
import sys

os.environ["DELEGATE_LANG"] = "nl"  # before delegate_tui is imported: the language is chosen then
os.environ["TZ"] = "UTC"
os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ.pop("NO_COLOR", None)

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import make_app, screen_text

Run = Callable[[Pilot[Any]], Awaitable[None]]


def _sample(path: Path) -> Store:
    from delegate_tui import demo

    store = Store(path)
    workspace, events = demo.sample(1, NOW)
    store.replace_everything(workspace, events, NOW)
    return store


def _meeting(store: Store) -> None:
    from tests.test_meeting import _open_meeting

    _open_meeting(store)


def _poker(store: Store, *, reveal: bool) -> None:
    from tests.test_poker import _poker_at

    _poker_at(store, (3, 6, 5) if reveal else (3, 6), reveal=reveal)


def _participant_meeting(store: Store) -> None:
    from tests.test_snapshots_participant import _meeting as participant_meeting

    participant_meeting(store, revealed=False)


def _keys(*keys: str) -> Run:
    from tests.test_snapshots_board_team_forms import steps

    return steps(*keys)


def _go(mode: str, *keys: str, task: int | None = None) -> Run:
    from tests.test_snapshots_tasks_flags import go

    return go(mode, *keys, task=task)


def _then(action: Callable[[Any], None]) -> Run:
    from tests.test_snapshots_board_team_forms import steps

    return steps(then=action)


def _poker_screen() -> Run:
    from tests.test_poker import _on_poker

    return _on_poker()  # type: ignore[no-any-return]


SCENARIOS: dict[str, tuple[str, Callable[[Store], None] | None, Callable[[], Run]]] = {
    # name: (workspace: "sample" or "empty", what to add to it, the steps before the picture)
    "welcome": ("empty", None, lambda: _keys()),
    "board": ("sample", None, lambda: _keys("right", "down")),
    "team": ("sample", None, lambda: _keys("m", "down")),
    "member_page": ("sample", None, lambda: _then(lambda app: app.action_open_member(2))),
    "tasks": ("sample", None, lambda: _go("tasks")),
    "task_add": ("sample", None, lambda: _go("tasks", "n")),
    "task_level": ("sample", None, lambda: _go("tasks", "l", task=14)),
    "task_override": ("sample", None, lambda: _go("tasks", "o", task=14)),
    "flags": ("sample", None, lambda: _go("flags")),
    "acknowledge": ("sample", None, lambda: _go("flags", "a")),
    "help": ("sample", None, lambda: _keys("question_mark")),
    "member_form": ("sample", None, lambda: _keys("N")),
    "area_form": ("sample", None, lambda: _keys("e")),
    "agreement_form": ("sample", None, lambda: _keys("enter")),
    "manager_form": ("sample", None, lambda: _then(lambda app: app.action_name_manager())),
    "export": ("sample", None, lambda: _then(lambda app: app.action_export_summary())),
    "meeting_agenda": ("sample", _meeting, lambda: _keys("R", "down")),
    "meeting_item": ("sample", _meeting, lambda: _keys("R", "enter", "down")),
    "poker_face_down": ("sample", lambda store: _poker(store, reveal=False), _poker_screen),
    "poker_revealed": ("sample", lambda store: _poker(store, reveal=True), _poker_screen),
    "participant": ("sample", _participant_meeting, lambda: _keys()),
}
"""Every screen, the meeting and the poker round (the participant's tab included)."""


def _app(name: str, store: Store) -> App[Any]:
    if name == "participant":
        from delegate_tui.participant_app import ParticipantApp

        return ParticipantApp(store, "Aiko Tanaka", clock=lambda: NOW, watch_interval=3600)
    return make_app(store)


def shoot(width: int, height: int, folder: Path) -> None:
    """Photograph every scenario at ``width`` x ``height`` into ``folder``."""
    from textual._doc import take_svg_screenshot

    for name, (kind, prepare, steps) in SCENARIOS.items():
        path = folder / f"{name}.json"
        store = _sample(path) if kind == "sample" else Store(path)
        if prepare is not None:
            prepare(store)
        texts: list[str] = []
        svg = take_svg_screenshot(
            app=_app(name, store), terminal_size=(width, height), run_before=_reading(steps(), texts)
        )
        (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
        (folder / f"{name}.txt").write_text(texts[-1] if texts else "", encoding="utf-8")


def _reading(steps: Run, texts: list[str]) -> Run:
    """``steps``, then the screen's text into ``texts`` (for the test's assertions)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot)
        texts.append(screen_text(pilot.app))

    return run_before


if __name__ == "__main__":
    shoot(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
