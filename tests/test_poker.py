"""Delegation Poker: hidden cards, one per person per round, reveal, spread, re-vote; two processes on one round."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delegate_tui.meeting import (
    SETTLED_SPREAD,
    highest_voters,
    is_settled,
    lowest_voters,
    new_meeting,
    revealed,
    spread,
    suggested_level,
    waiting_for,
    with_new_round,
    with_revote,
    with_vote,
)
from delegate_tui.model import DelegationLevel, EventContext, EventKind, InputError, ReviewMeeting
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW

NAMES = ["Sam Rivera", "Priya Natarajan", "Aiko Tanaka"]


def _meeting() -> ReviewMeeting:
    meeting = new_meeting(facilitator=NAMES[0], participants=NAMES[1:], agenda=[], at=NOW)
    return with_new_round(meeting, topic="a customer asks for a refund above 1k", at=NOW)


def test_three_people_vote_hidden_then_the_reveal_names_the_highest_and_lowest() -> None:
    meeting = _meeting()
    for name, card in zip(NAMES, (3, 5, 6)):
        meeting = with_vote(meeting, 1, name, card, NOW)
    poker = meeting.round(1)
    assert poker.revealed_at is None
    assert waiting_for(meeting, poker) == []
    assert suggested_level(poker) is None  # nothing is suggested before the cards are shown
    meeting = revealed(meeting, 1, NOW)
    poker = meeting.round(1)
    assert spread(poker) == 3
    assert highest_voters(poker) == ["Aiko Tanaka"]
    assert lowest_voters(poker) == ["Sam Rivera"]
    assert not is_settled(poker)
    assert suggested_level(poker) is DelegationLevel.ADVISE


def test_a_participant_plays_one_card_per_round_and_a_revote_is_a_new_round() -> None:
    meeting = with_vote(_meeting(), 1, "priya natarajan", 4, NOW)
    with pytest.raises(InputError, match="already played a card"):
        with_vote(meeting, 1, "Priya Natarajan", 5, NOW)
    with pytest.raises(InputError, match="not revealed"):
        with_revote(meeting, 1, NOW)
    meeting = with_revote(revealed(meeting, 1, NOW), 1, NOW + timedelta(minutes=1))
    assert [poker.id for poker in meeting.rounds] == [1, 2]
    assert meeting.rounds[1].topic == meeting.rounds[0].topic
    assert meeting.rounds[0].votes[0].card == 4  # the first round's card is kept
    with pytest.raises(InputError, match="already revealed"):
        with_vote(meeting, 1, "Aiko Tanaka", 4, NOW)
    meeting = with_vote(meeting, 2, "Priya Natarajan", 5, NOW)
    assert meeting.rounds[1].votes[0].card == 5


def test_someone_outside_the_meeting_cannot_vote_and_a_card_is_1_to_7() -> None:
    with pytest.raises(InputError, match="not a participant"):
        with_vote(_meeting(), 1, "Mallory", 3, NOW)
    with pytest.raises(InputError, match="card must be 1-7"):
        with_vote(_meeting(), 1, "Aiko Tanaka", 8, NOW)


@given(st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=len(NAMES)))
def test_spread_and_settling_follow_the_cards(cards: list[int]) -> None:
    meeting = _meeting()
    for name, card in zip(NAMES, cards):
        meeting = with_vote(meeting, 1, name, card, NOW)
    poker = revealed(meeting, 1, NOW).round(1)
    assert spread(poker) == max(cards) - min(cards)
    assert is_settled(poker) == (len(cards) >= 2 and max(cards) - min(cards) <= SETTLED_SPREAD)
    assert {poker.votes[i].card for i in range(len(cards))} >= {DelegationLevel(max(cards))}
    level = suggested_level(poker)
    assert level is not None and min(cards) <= level <= max(cards)


def _started(store: Store) -> int:
    meeting = store.start_meeting(new_meeting(facilitator=NAMES[0], participants=NAMES[1:], agenda=[], at=NOW), now=NOW)
    store.start_poker_round(meeting.id, topic="Hiring", area_id=1, member_id=1, now=NOW)
    return meeting.id


def test_two_processes_vote_in_one_round_and_see_each_other_only_as_voted(sample_store: Store, db_path: Path) -> None:
    projector = sample_store
    meeting_id = _started(projector)
    remote = Store(db_path)  # a second app process: its own store on the same files
    remote.cast_vote(meeting_id, 1, "Priya Natarajan", 6, now=NOW)
    projector.cast_vote(meeting_id, 1, "Sam Rivera", 3, now=NOW)
    seen_by_remote = remote.load().reviews[meeting_id].round(1)
    assert [vote.participant for vote in seen_by_remote.votes] == ["Priya Natarajan", "Sam Rivera"]
    assert seen_by_remote.revealed_at is None
    projector.reveal_round(meeting_id, 1, now=NOW)
    assert remote.load().reviews[meeting_id].round(1).revealed_at == NOW
    with pytest.raises(InputError, match="already revealed"):
        remote.cast_vote(meeting_id, 1, "Aiko Tanaka", 5, now=NOW)


_VOTER = """
import sys
from datetime import datetime, timezone
from delegate_tui.storage.store import Store
store = Store(sys.argv[1])
store.cast_vote(int(sys.argv[2]), 1, sys.argv[3], int(sys.argv[4]), now=datetime(2026, 11, 28, 12, tzinfo=timezone.utc))
"""


def test_votes_cast_at_once_from_separate_processes_are_all_kept(sample_store: Store, db_path: Path) -> None:
    meeting_id = _started(sample_store)
    voters = [
        subprocess.Popen([sys.executable, "-c", _VOTER, str(db_path), str(meeting_id), name, str(card)])
        for name, card in zip(NAMES, (2, 4, 6))
    ]
    assert [voter.wait(timeout=60) for voter in voters] == [0, 0, 0]
    votes = sample_store.load().reviews[meeting_id].round(1).votes
    assert sorted((vote.participant, int(vote.card)) for vote in votes) == sorted(zip(NAMES, (2, 4, 6)))


def test_a_pulse_in_the_meeting_is_a_pulse_event_in_the_review_context(sample_store: Store) -> None:
    meeting_id = _started(sample_store)
    before = len(sample_store.events())
    sample_store.record_meeting_pulse(meeting_id, 1, 4, now=NOW)
    events = sample_store.events()
    assert len(events) == before + 1
    pulse = [event for event in events if event.kind is EventKind.PULSE and event.at == NOW][-1]
    assert (pulse.member_id, pulse.score, pulse.context) == (1, 4, EventContext.REVIEW)
    assert sample_store.load().reviews[meeting_id].pulses[0].score == 4


def test_a_closed_meeting_refuses_changes(sample_store: Store) -> None:
    meeting_id = _started(sample_store)
    sample_store.close_meeting(meeting_id, now=NOW)
    with pytest.raises(InputError, match="closed"):
        sample_store.cast_vote(meeting_id, 1, "Aiko Tanaka", 5, now=NOW)
    assert sample_store.load().reviews[meeting_id].status == "closed"


def test_a_backup_keeps_the_meetings_and_an_older_backup_without_them_still_imports(
    sample_store: Store, tmp_path: Path
) -> None:
    import orjson

    from delegate_tui.summary import backup_json, build_backup, parse_backup

    meeting_id = _started(sample_store)
    sample_store.cast_vote(meeting_id, 1, "Aiko Tanaka", 5, now=NOW)
    raw = backup_json(build_backup(sample_store.load(), sample_store.events(), generated_at=NOW)).encode()
    restored = Store(tmp_path / "restored.json")
    backup = parse_backup(raw, source="backup.json")
    restored.replace_everything(backup.workspace, backup.events, NOW)
    assert restored.load().reviews[meeting_id].round(1).votes[0].participant == "Aiko Tanaka"
    older = orjson.loads(raw)
    del older["workspace"]["reviews"]
    assert parse_backup(orjson.dumps(older), source="old.json").workspace.reviews == {}


# --------------------------------------------------------------------------- snapshots

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _poker_at(store: Store, cards: tuple[int, ...], *, reveal: bool) -> None:
    meeting_id = _started(store)
    for name, card in zip(NAMES, cards):
        store.cast_vote(meeting_id, 1, name, card, now=NOW)
    if reveal:
        store.reveal_round(meeting_id, 1, now=NOW)


def _on_poker() -> Any:
    from textual.pilot import Pilot

    from delegate_tui.screens.poker import PokerScreen

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.app.push_screen(PokerScreen(1, 1))
        for _ in range(3):
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_poker_cards_face_down(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    from tests.helpers.ui import make_app

    _poker_at(sample_store, (3, 6), reveal=False)
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=_on_poker())


@pytest.mark.parametrize("size", SIZES)
def test_poker_revealed(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    from tests.helpers.ui import make_app

    _poker_at(sample_store, (3, 6, 5), reveal=True)
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=_on_poker())


def test_a_backup_whose_meeting_names_a_missing_member_is_refused_with_its_place(sample_store: Store) -> None:
    import orjson

    from delegate_tui.summary import backup_json, build_backup, parse_backup

    meeting_id = _started(sample_store)
    data = orjson.loads(backup_json(build_backup(sample_store.load(), sample_store.events(), generated_at=NOW)))
    data["workspace"]["reviews"][str(meeting_id)]["rounds"][0]["member_id"] = 99
    with pytest.raises(InputError, match=r"workspace\.reviews\.1\.rounds\[0\]\.member_id 99 is not a member"):
        parse_backup(orjson.dumps(data), source="backup.json")
