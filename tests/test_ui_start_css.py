"""The board's start skips work Textual would do again (delegate_tui/app.py, ``_board_screen``; the
board's first resume in screens/board.py; the footer's keys in screens/widgets.py): each sheet is
parsed once before the first frame, nothing is laid out for nothing, and what the first screen
shows is exactly what Textual's ordinary start shows."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path, PurePath
from typing import Any, ClassVar

import pytest
from textual.css.parse import parse
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from delegate_tui import app as app_module
from delegate_tui.app import DelegateApp
from delegate_tui.screens.board import BoardScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW

SIZES = [(80, 24), (120, 40)]


def _ordinary_board() -> BoardScreen:
    screen = BoardScreen()
    screen._shown = True  # its first resume restyles every widget, as Textual's default is
    return screen


class OrdinaryStart(DelegateApp):
    """The app as Textual starts it without the shortcuts: the board's sheet read when it is shown."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [Path(app_module.__file__).parent / "app.tcss"]
    MODES: ClassVar[dict[str, Any]] = {**DelegateApp.MODES, "board": _ordinary_board}


def _app(cls: type[DelegateApp], store: Store) -> DelegateApp:
    return cls(store, clock=lambda: NOW, watch_interval=None)


def _svg(app: DelegateApp) -> str:
    # The class prefix of an SVG screenshot is a hash of its content's order: only the drawing counts.
    return re.sub(r"terminal-\d+-", "", app.export_screenshot())


@pytest.mark.parametrize("size", SIZES)
async def test_the_board_draws_as_after_an_ordinary_start(sample_store: Store, size: tuple[int, int]) -> None:
    drawn: list[str] = []
    for cls in (DelegateApp, OrdinaryStart):
        app = _app(cls, sample_store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("right", "down")
            await pilot.pause()
            drawn.append(_svg(app))
    assert drawn[0] == drawn[1]


def test_the_board_sheet_is_read_with_the_app_sheet() -> None:
    app_sheets = {Path(path).name for path in DelegateApp.CSS_PATH}
    board_sheets = BoardScreen.CSS_PATH if isinstance(BoardScreen.CSS_PATH, list) else [BoardScreen.CSS_PATH]
    assert {Path(str(path)).name for path in board_sheets} <= app_sheets


async def test_each_sheet_is_parsed_once_before_the_first_frame(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: Counter[str] = Counter()

    def counting(scope: str, css: str, read_from: tuple[str, str], **kwargs: Any) -> Any:
        parsed[f"{Path(read_from[0]).name}:{read_from[1]}"] += 1
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr("textual.css.stylesheet.parse", counting)
    app = _app(DelegateApp, sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        # Textual's ordinary start parses these four times: the board's sheet read when it is
        # shown, the CSS refreshed for a screen not styled yet, the widgets' sheets after that.
        for sheet in ("app.tcss:", "board.tcss:", "app.py:App.DEFAULT_CSS", "screen.py:Screen.DEFAULT_CSS"):
            assert parsed[sheet] == 1, parsed


@pytest.mark.parametrize(("size", "breakpoint"), [((80, 24), "-narrow"), ((120, 40), "-wide")])
async def test_the_board_has_its_breakpoint_class(sample_store: Store, size: tuple[int, int], breakpoint: str) -> None:
    app = _app(DelegateApp, sample_store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen: Screen[Any] = app.screen
        assert breakpoint in screen.classes
        assert not ({"-narrow", "-wide"} - {breakpoint}) & set(screen.classes)


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_keys_have_the_classes_textual_gives_them(sample_store: Store, size: tuple[int, int]) -> None:
    classes: list[list[tuple[str, frozenset[str]]]] = []
    for cls in (DelegateApp, OrdinaryStart):
        app = _app(cls, sample_store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            classes.append([(key.key, frozenset(key.classes)) for key in app.screen.query(FooterKey)])
    assert classes[0] == classes[1]
    assert classes[0]


async def test_the_board_is_laid_out_only_once_the_start_up_batch_is_over(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual draws nothing inside its start-up batch: a layout there is done again for the first frame.
    in_batch: dict[type[Any], list[bool]] = {DelegateApp: [], OrdinaryStart: []}
    refresh_layout = Screen._refresh_layout

    def recording(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        in_batch[type(self.app)].append(self.app._batch_count > 0)
        refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", recording)
    for cls in in_batch:
        app = _app(cls, sample_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
    assert in_batch[DelegateApp] and not any(in_batch[DelegateApp])
    assert any(in_batch[OrdinaryStart])  # what the test would see without the shortcut
