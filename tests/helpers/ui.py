"""Helpers for the Pilot tests: the app at the fixed moment, the screen as text, and waiting on conditions."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from delegate_tui.app import DelegateApp
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW

SIZE = (120, 40)
"""The terminal size of the Pilot tests that read the screen (snapshots use 80x24 and 120x40)."""


def make_app(store: Store, **kwargs: object) -> DelegateApp:
    """The app at the fixed test moment, without the file watcher unless asked."""
    options: dict[str, object] = {"clock": lambda: NOW, "watch_interval": None}
    options.update(kwargs)
    return DelegateApp(store, **options)  # type: ignore[arg-type]


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, as plain text lines (from the SVG screenshot)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)" textLength="[\d.]+"[^>]*>(.*?)</text>'
    for match in re.finditer(pattern, svg):
        body = html.unescape(re.sub(r"<[^>]+>", "", match[3])).replace("\xa0", " ")
        rows.setdefault(float(match[2]), []).append((float(match[1]), body))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, body in sorted(rows[y]):
            column = round(x / 12.2)
            line = line.ljust(column)[:column] + body
        lines.append(line.rstrip())
    return "\n".join(lines)


async def settle(pilot: Pilot[Any], condition: Callable[[], object], *, what: str = "", rounds: int = 200) -> None:
    """Let the app process messages until ``condition()`` holds; fail (naming ``what``) if it never does.

    Counts rounds of the event loop, not seconds: a loaded machine takes more rounds of the same
    length, never a wrong answer.
    """
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()
    assert condition(), f"still waiting for {what or condition!r} after {rounds} rounds"


async def run_command(pilot: Pilot[Any], query: str, expect: str) -> None:
    """Open the command palette, type ``query`` and run the command once it is the highlighted one.

    Waits for the palette's search to bring up a command whose prompt contains ``expect`` (the
    search runs in the background; pressing enter before it is done picks whatever came first).
    """
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), what="the command palette")
    await pilot.press(*query)

    def found() -> bool:
        commands = pilot.app.screen.query_one(CommandList)
        index = commands.highlighted
        if index is None or index >= commands.option_count:
            return False
        return expect.casefold() in str(commands.get_option_at_index(index).prompt).casefold()

    await settle(pilot, found, what=f"the command {expect!r} in the palette")
    await pilot.press("enter")
