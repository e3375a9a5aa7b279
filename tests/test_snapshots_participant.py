"""Snapshots of a remote participant's tab (``delegate serve``, ``?join=NAME``) at 80x24 and 120x40:
the card prompt with two cards face down, the reveal, and the join screen."""

from __future__ import annotations

from typing import Any

import pytest

from delegate_tui.meeting import new_meeting
from delegate_tui.participant_app import ParticipantApp
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _meeting(store: Store, *, revealed: bool) -> None:
    meeting = store.start_meeting(
        new_meeting(
            facilitator="Sam Rivera", participants=["Aiko Tanaka", "Lena Fischer", "Diego Fernández"], agenda=[], at=NOW
        ),
        now=NOW,
    )
    poker = store.start_poker_round(meeting.id, topic="a customer asks for a refund above 1k", now=NOW)
    store.cast_vote(meeting.id, poker.id, "Sam Rivera", 3, now=NOW)
    store.cast_vote(meeting.id, poker.id, "Lena Fischer", 6, now=NOW)
    if revealed:
        store.cast_vote(meeting.id, poker.id, "Aiko Tanaka", 5, now=NOW)
        store.reveal_round(meeting.id, poker.id, now=NOW)


def _app(store: Store, name: str | None) -> ParticipantApp:
    return ParticipantApp(store, name, clock=lambda: NOW, watch_interval=3600)


@pytest.mark.parametrize("size", SIZES)
def test_participant_card_prompt(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    _meeting(sample_store, revealed=False)
    assert snap_compare(_app(sample_store, "Aiko Tanaka"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_participant_revealed(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    _meeting(sample_store, revealed=True)
    assert snap_compare(_app(sample_store, "Aiko Tanaka"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_participant_join_screen(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    _meeting(sample_store, revealed=False)
    assert snap_compare(_app(sample_store, None), terminal_size=size)
