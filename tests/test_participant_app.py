"""The participant app (a remote participant's browser tab under ``delegate serve``), driven by Pilot.

A participant joins the open meeting under their name, sees the current poker round and their own
masked card prompt, and nothing else: no other screen, no palette, no private text. Another
process's card and the facilitator's reveal reach the tab through its watch on the store.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from delegate_tui.meeting import new_meeting, with_note
from delegate_tui.model import Event, EventKind
from delegate_tui.participant_app import ParticipantApp
from delegate_tui.screens.join import JoinScreen
from delegate_tui.screens.participant import ParticipantScreen
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import screen_text, settle

PRESENT = ["Sam Rivera", "Aiko Tanaka", "Lena Fischer"]
MARKER = "ZQX-PRIVATE"
SITUATION = "a customer asks for a refund above 1k"


def _meeting_with_a_round(store: Store) -> tuple[int, int]:
    meeting = store.start_meeting(
        new_meeting(facilitator=PRESENT[0], participants=PRESENT[1:], agenda=[], at=NOW), now=NOW
    )
    poker = store.start_poker_round(meeting.id, topic=SITUATION, now=NOW)
    return meeting.id, poker.id


def _app(store: Store, name: str | None) -> ParticipantApp:
    return ParticipantApp(store, name, clock=lambda: NOW, watch_interval=0.05)


async def test_a_remote_participant_plays_a_hidden_card_and_sees_the_reveal(sample_store: Store, db_path: Path) -> None:
    meeting_id, round_id = _meeting_with_a_round(sample_store)
    app = _app(sample_store, "  aiko   TANAKA ")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ParticipantScreen), what="the participant's view")
        text = screen_text(app)
        assert "You are Aiko Tanaka." in text and SITUATION in text and "0 of 3 have voted" in text
        await pilot.press("9", "enter")
        await settle(pilot, lambda: "Pick a card from 1 (Tell) to 7 (Delegate)." in screen_text(app), what="the error")
        assert not sample_store.load().reviews[meeting_id].round(round_id).votes
        await pilot.press("backspace", "6")
        assert "6" not in screen_text(app).split("then Enter.")[-1]  # the card is masked while typed
        await pilot.press("enter")
        await settle(pilot, lambda: "1 of 3 have voted" in screen_text(app), what="the count after the card")
        votes = sample_store.load().reviews[meeting_id].round(round_id).votes
        assert [(vote.participant, int(vote.card)) for vote in votes] == [("Aiko Tanaka", 6)]
        assert "face down" in screen_text(app)

        Store(db_path).cast_vote(meeting_id, round_id, "Lena Fischer", 2, now=NOW)  # another tab
        await settle(pilot, lambda: "2 of 3 have voted" in screen_text(app), what="the other tab's card")
        assert "Spread" not in screen_text(app)
        Store(db_path).reveal_round(meeting_id, round_id, now=NOW)  # the facilitator
        await settle(pilot, lambda: "Spread: 4" in screen_text(app), what="the reveal")
        assert "Highest: Aiko Tanaka. Lowest: Lena Fischer. Please explain your cards." in screen_text(app)

        Store(db_path).revote(meeting_id, round_id, now=NOW)  # a re-vote: the prompt comes back
        await settle(pilot, lambda: "Round 2" in screen_text(app), what="the re-vote")
        assert "0 of 3 have voted" in screen_text(app) and "Aiko Tanaka: your card" in screen_text(app)


async def test_a_name_not_among_the_participants_gets_the_join_screen(sample_store: Store) -> None:
    _meeting_with_a_round(sample_store)
    app = _app(sample_store, "Mallory")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, JoinScreen), what="the join screen")
        text = screen_text(app)
        assert "not among the meeting's participants" in text
        assert all(name in text for name in PRESENT)
        await pilot.press("down", "enter")
        await settle(pilot, lambda: isinstance(app.screen, ParticipantScreen), what="the participant's view")
        assert app.participant == "Aiko Tanaka" and "You are Aiko Tanaka." in screen_text(app)


async def test_a_tab_opened_before_the_meeting_follows_it_once_it_starts(sample_store: Store, db_path: Path) -> None:
    app = _app(sample_store, "Lena Fischer")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ParticipantScreen), what="the participant's view")
        assert "No review meeting is open yet" in screen_text(app)
        _meeting_with_a_round(Store(db_path))
        await settle(pilot, lambda: SITUATION in screen_text(app), what="the meeting's round")
        assert "Lena Fischer: your card" in screen_text(app)


async def test_a_participants_tab_shows_nothing_else_and_nothing_private(sample_store: Store) -> None:
    meeting_id, _round = _meeting_with_a_round(sample_store)
    workspace = sample_store.load()
    for name in PRESENT[1:]:
        member = workspace.member_named(name)
        sample_store.log_event(
            Event(kind=EventKind.OVERRIDE, at=NOW, member_id=member.id, note=f"{MARKER} note", reason=f"{MARKER} why")
        )
    sample_store.update_meeting(meeting_id, lambda m: with_note(m, f"{MARKER} in the minutes", NOW), now=NOW)
    app = _app(sample_store, "Aiko Tanaka")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ParticipantScreen), what="the participant's view")
        await pilot.press("escape")  # out of the card prompt: the screen's own keys, if it had any
        for key in ("b", "m", "t", "f", "question_mark", "ctrl+p", "R", "x", "p"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ParticipantScreen), key
            assert not isinstance(app.screen, CommandPalette)
            assert MARKER not in screen_text(app)
        assert len(app.screen_stack) == 2  # the default screen and this one
