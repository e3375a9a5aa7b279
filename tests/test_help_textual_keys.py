"""The help screen lists Textual's own keys (tab, shift+tab, copy) in the app's language too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from delegate_tui import i18n
from delegate_tui.screens.help import HelpScreen
from delegate_tui.storage.store import Store
from tests.helpers.ui import SIZE, make_app


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.use("nl")
    try:
        yield
    finally:
        i18n.use("en")


async def test_help_in_dutch_names_textuals_own_keys_in_dutch(sample_store: Store, dutch: None) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        everywhere = dict(dict(app.screen.groups)["Overal"])
        assert everywhere["tab"] == "Volgend veld"
        assert everywhere["shift+tab"] == "Vorig veld"
        assert "Focus Next" not in everywhere.values()


async def test_help_in_english_keeps_textuals_own_words(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        everywhere = dict(dict(app.screen.groups)["Everywhere"])
        assert everywhere["tab"] == "Focus Next"
        assert everywhere["shift+tab"] == "Focus Previous"
