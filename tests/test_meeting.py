"""A review meeting, as a team runs one: the agenda, the item, poker, a pulse, the minutes; and what never shows.

The sample team's Lena Fischer is overdue for review (last reviewed in March, every 90 days), so
she opens the agenda. The meeting is held with three people: Sam Rivera (the manager), Aiko
Tanaka and Lena Fischer.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from delegate_tui.meeting import build_agenda, item_title, new_meeting, version_diff
from delegate_tui.model import (
    AgreementTerms,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    Readiness,
    Workspace,
)
from delegate_tui.patterns import evaluate
from delegate_tui.screens.help import key_groups
from delegate_tui.screens.meeting import ItemScreen, MeetingPrompt, MeetingScreen, ParticipantsScreen
from delegate_tui.screens.member import MemberScreen
from delegate_tui.screens.poker import PokerScreen
from delegate_tui.storage.store import Store
from tests.conftest import Result
from tests.helpers.clock import NOW
from tests.helpers.ui import SIZE, make_app, screen_text, settle

MARKER = "ZQX-PRIVATE"
"""Planted in every private text of the workspace: it must never reach a meeting screen."""

PRESENT = ("Sam Rivera", "Aiko Tanaka", "Lena Fischer")


# --------------------------------------------------------------------------- the domain


def test_the_agenda_asks_the_stale_agreement_rule_and_lists_open_control_flags(sample_store: Store) -> None:
    workspace, events = sample_store.load(), sample_store.events()
    agenda = build_agenda(workspace, events, evaluate(workspace, events, NOW), NOW)
    lena = workspace.member_named("Lena Fischer").id
    assert (agenda[0].kind, agenda[0].member_id) == ("review_due", lena)
    assert [item.member_id for item in agenda if item.kind == "review_due"] == [lena]  # only hers is due
    flagged = {item.member_id for item in agenda if item.kind == "control_flags"}
    assert workspace.member_named("Diego Fernández").id in flagged
    assert workspace.member_named("Aiko Tanaka").id not in flagged  # no flags about Aiko in the sample
    gaps = [item for item in agenda if item.kind == "desired_gap" and item.member_id == lena]
    assert [workspace.area_name(item.area_id) for item in gaps] == ["Customer escalations"]
    assert item_title(workspace, agenda[0]) == "Lena Fischer: the agreement is due for review"


def test_a_review_done_today_takes_the_agreement_off_the_agenda(sample_store: Store) -> None:
    lena = sample_store.load().member_named("Lena Fischer").id
    sample_store.set_agreement(lena, lambda terms: terms, now=NOW, reviewed=NOW, context=EventContext.REVIEW)
    workspace, events = sample_store.load(), sample_store.events()
    agenda = build_agenda(workspace, events, [], NOW)
    assert not [item for item in agenda if item.kind == "review_due"]


def test_a_desired_level_past_its_date_is_a_growth_goal_due(sample_store: Store) -> None:
    workspace = sample_store.load()
    lena = workspace.member_named("Lena Fischer").id
    area = workspace.area_named("Customer escalations").id

    def overdue(terms: AgreementTerms) -> AgreementTerms:
        entry = terms.levels[area].model_copy(update={"desired_by": NOW.date().replace(year=2026, month=1)})
        return terms.model_copy(update={"levels": {**terms.levels, area: entry}})

    sample_store.set_agreement(lena, overdue, now=NOW)
    agenda = build_agenda(sample_store.load(), [], [], NOW)
    assert [(item.kind, item.area_id) for item in agenda if item.member_id == lena and item.area_id] == [
        ("growth_goal_due", area)
    ]


def test_the_version_diff_says_what_changed_since_the_last_review(sample_store: Store) -> None:
    workspace = sample_store.load()
    lena = workspace.member_named("Lena Fischer").id
    area = workspace.area_named("Tooling").id

    def change(terms: AgreementTerms) -> AgreementTerms:
        entry = terms.levels[area].model_copy(update={"level": DelegationLevel.INQUIRE})
        return terms.model_copy(
            update={"levels": {**terms.levels, area: entry}, "cadence": "biweekly", "guardrails": ["No refunds."]}
        )

    agreement = sample_store.set_agreement(lena, change, now=NOW).agreement
    assert version_diff(sample_store.load(), agreement) == [
        "Tooling: level 4 Agree became 6 Inquire.",
        "Check-ins: weekly became biweekly.",
        "Guardrail added: No refunds.",
        "Guardrail removed: Refunds over 500 need my sign-off.",
    ]


# --------------------------------------------------------------------------- the whole meeting


def _plant_private_text(store: Store) -> None:
    """A note and a reason about each person present, with the marker."""
    workspace = store.load()
    for name in PRESENT[1:]:
        member = workspace.member_named(name)
        store.log_event(
            Event(kind=EventKind.OVERRIDE, at=NOW, member_id=member.id, note=f"{MARKER} note", reason=f"{MARKER} why")
        )
        store.log_event(Event(kind=EventKind.NOTE, at=NOW, member_id=member.id, note=f"{MARKER} about {name}"))


async def _never_private(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    assert MARKER not in screen_text(pilot.app), f"private text on {type(pilot.app.screen).__name__}"


async def _answer(pilot: Pilot[Any], *keys: str) -> None:
    await settle(pilot, lambda: isinstance(pilot.app.screen, MeetingPrompt), what="the prompt")
    await pilot.press(*keys)
    await _never_private(pilot)  # a masked answer (a card, a note) is not readable while typed
    await pilot.press("enter")
    await settle(pilot, lambda: not isinstance(pilot.app.screen, MeetingPrompt), what="the prompt to close")


async def _vote(pilot: Pilot[Any], *cards: str) -> None:
    for card in cards:
        await pilot.press("enter")
        await _answer(pilot, card)


async def test_a_whole_meeting_from_agenda_to_minutes(sample_store: Store, cli: Any) -> None:
    _plant_private_text(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        workspace = app.data.workspace
        lena = workspace.member_named("Lena Fischer").id
        release = workspace.area_named("Release to production").id
        budget = workspace.area_named("Budget up to 1k").id
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ParticipantsScreen), what="the participants")
        # Sam, Aiko, Diego, Fatima, Jonas, Kwame, Lena, Priya, Tomasz: untick all but Sam, Aiko and Lena.
        await pilot.press("down", "down", "space", "down", "space", "down", "space", "down", "space")
        await pilot.press("down", "down", "space", "down", "space", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, MeetingScreen), what="the agenda")
        await _never_private(pilot)
        meeting = sample_store.load().reviews[1]
        assert meeting.participants == list(PRESENT)
        assert {item.member_id for item in meeting.agenda} <= {workspace.member_named(n).id for n in PRESENT[1:]}
        text = screen_text(app)
        assert "Lena Fischer: the agreement is due for" in text
        assert "Diego" not in text  # not present, so not on the agenda

        await pilot.press("enter")  # Lena's item
        await settle(pilot, lambda: isinstance(app.screen, ItemScreen), what="Lena's item")
        await _never_private(pilot)
        assert "Budget up to 1k" in screen_text(app) and "Changed since the last review" in screen_text(app)

        await pilot.press("5")  # the marked area, Budget up to 1k: 3 Consult -> 5 Advise
        await settle(pilot, lambda: sample_store.load().agreements[lena].levels[budget].level == 5, what="level 5")
        change = [e for e in sample_store.events() if e.kind is EventKind.LEVEL_CHANGE and e.at == NOW][-1]
        assert (change.area_id, change.context) == (budget, EventContext.REVIEW)

        await pilot.press("R")  # reviewed, and Lena acknowledges this version
        await settle(pilot, lambda: sample_store.load().reviews[1].agenda[0].status == "reviewed", what="reviewed")
        agreement = sample_store.load().agreements[lena]
        assert agreement.last_review == NOW.date() and agreement.acknowledged
        review = [e for e in sample_store.events() if e.kind is EventKind.REVIEW and e.at == NOW][-1]
        assert (review.member_id, review.context) == (lena, EventContext.REVIEW)

        await pilot.press("down", "down", "k")  # poker on Release to production, now 3 Consult
        await settle(pilot, lambda: isinstance(app.screen, PokerScreen), what="the poker screen")
        await _vote(pilot, "3", "6")
        assert "2 of 3 have voted" in screen_text(app) and "Next: Lena Fischer" in screen_text(app)
        await _vote(pilot, "5")
        text = screen_text(app)
        assert "3 of 3 have voted" in text and "?" in text and "Spread" not in text  # face down
        await pilot.press("space")
        await settle(pilot, lambda: "Spread: 3" in screen_text(app), what="the reveal")
        assert "Highest: Aiko Tanaka. Lowest: Sam Rivera." in screen_text(app)
        assert "Not settled yet" in screen_text(app)
        await pilot.press("v")  # a re-vote is a new round
        await settle(pilot, lambda: "Round 2" in screen_text(app), what="round 2")
        await _vote(pilot, "5", "5", "4")
        await pilot.press("space")
        await settle(pilot, lambda: "Spread: 1" in screen_text(app), what="the second reveal")
        assert "Settled" in screen_text(app)
        await pilot.press("a")  # the middle card, 5 Advise, onto the board and into the agreement
        await settle(
            pilot, lambda: sample_store.load().agreements[lena].levels[release].level == 5, what="the agreed level"
        )
        change = [e for e in sample_store.events() if e.kind is EventKind.LEVEL_CHANGE and e.area_id == release][-1]
        assert (change.from_level, change.to_level, change.context) == (3, 5, EventContext.REVIEW)
        await _never_private(pilot)

        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ItemScreen), what="back to Lena's item")
        await pilot.press("u")
        await _answer(pilot, *"4 D3")
        await settle(pilot, lambda: sample_store.load().reviews[1].pulses, what="the pulse")
        pulse = [e for e in sample_store.events() if e.kind is EventKind.PULSE and e.at == NOW][-1]
        assert (pulse.member_id, pulse.score, pulse.context) == (lena, 4, EventContext.REVIEW)
        await pilot.press("n")
        await _answer(pilot, *f"{MARKER} she wants the on-call rota")
        await settle(pilot, lambda: sample_store.load().reviews[1].notes, what="the note")
        await _never_private(pilot)

        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MeetingScreen), what="the agenda")
        await _never_private(pilot)
        await pilot.press("x")
        await _answer(pilot, "y")
        await settle(pilot, lambda: sample_store.load().reviews[1].status == "closed", what="the meeting to close")
        app.action_open_member(lena)  # the minutes, later, from Lena's page
        await settle(pilot, lambda: isinstance(app.screen, MemberScreen), what="Lena's page")
        await pilot.pause()
        reviews = str(app.screen.query_one("#member-reviews", Static).content)
        assert "Review #1 on 2026-11-28 (closed)" in reviews and "Pulse 4 of 5" in reviews
        assert "Release to production: level 5 Advise, agreed in Delegation Poker (round 2)." in reviews

    meeting = sample_store.load().reviews[1]
    assert [(len(poker.votes), poker.revealed_at is not None) for poker in meeting.rounds] == [(3, True), (3, True)]
    assert [int(vote.card) for vote in meeting.rounds[0].votes] == [3, 6, 5]  # the first round's cards are kept
    minutes: Result = cli("review", "show", "1")
    assert minutes.code == 0, minutes.err
    assert "| Aiko Tanaka | 6 Inquire |" in minutes.out and "Spread: 3." in minutes.out
    assert "Release to production: level 5 Advise, agreed in Delegation Poker (round 2)." in minutes.out
    assert "Lena Fischer: 4 of 5, own readiness D3" in minutes.out
    assert MARKER not in minutes.out
    private: Result = cli("review", "show", "1", "--include-private")
    assert f"{MARKER} she wants the on-call rota" in private.out
    listing: Result = cli("review", "list", "--format", "json")
    assert '"status": "closed"' in listing.out and '"rounds": 2' in listing.out


async def test_another_processs_vote_appears_as_voted_and_its_card_stays_hidden(
    sample_store: Store, db_path: Path
) -> None:
    meeting = sample_store.start_meeting(
        new_meeting(facilitator="Sam Rivera", participants=["Aiko Tanaka", "Lena Fischer"], agenda=[], at=NOW), now=NOW
    )
    poker = sample_store.start_poker_round(meeting.id, topic="a customer asks for a refund above 1k", now=NOW)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PokerScreen(meeting.id, poker.id))
        await settle(pilot, lambda: "0 of 3 have voted" in screen_text(app), what="the empty round")
        Store(db_path).cast_vote(meeting.id, poker.id, "Aiko Tanaka", 7, now=NOW)  # a remote participant
        app._watch_store()  # what the app's file watcher does every second
        await settle(pilot, lambda: "1 of 3 have voted" in screen_text(app), what="the remote vote")
        assert "7" not in screen_text(app).split("have voted")[1]
        Store(db_path).reveal_round(meeting.id, poker.id, now=NOW)
        app._watch_store()
        await settle(pilot, lambda: "Spread: 0" in screen_text(app), what="the reveal from elsewhere")
        assert "7" in screen_text(app).split("have voted")[1]


def _item_text(app: Any) -> str:
    """Everything the item screen holds, scrolled out of view included, without wrapping."""
    from rich.console import Console

    console = Console(width=400, record=True, file=StringIO())
    console.print(app.screen.query_one("#item-agreement", Static).content)
    return screen_text(app) + "\n" + console.export_text()


async def _ask_for_diegos_flags(pilot: Pilot[Any]) -> None:
    """F, his name, and the confirmation that says the wall will show his flags."""
    await pilot.press("F")
    await settle(pilot, lambda: isinstance(pilot.app.screen, MeetingPrompt), what="the prompt")
    await pilot.press(*"Diego", "enter")
    await settle(
        pilot,
        lambda: "The wall will show Diego Fernández's flags to everyone in the room." in screen_text(pilot.app),
        what="the confirmation",
    )


async def test_another_persons_flags_reach_the_wall_only_when_the_facilitator_reveals_them(
    sample_store: Store,
) -> None:
    _open_meeting(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R", "enter")  # Lena's item
        await settle(pilot, lambda: isinstance(app.screen, ItemScreen), what="Lena's item")
        help_rows = [row for _title, rows in key_groups(app.screen) for row in rows]
        assert [keys for keys, description in help_rows if "Others' flags" in description] == ["F"]
        lena = app.data.workspace.member_named("Lena Fischer").id
        others = [flag.message for flag in app.data.flags if flag.member_id not in (lena, None)]
        diego = [flag.message for flag in app.data.flags_for(app.data.workspace.member_named("Diego Fernández").id)]
        assert others and diego
        assert "due for review" in _item_text(app)  # Lena's own flag is on her item
        assert not [message for message in others if message in _item_text(app)]

        await pilot.press("F")
        await settle(pilot, lambda: isinstance(app.screen, MeetingPrompt), what="the prompt")
        await pilot.press(*"Lena", "enter")  # her own flags are not "another person's": refused inline
        await settle(pilot, lambda: "own flags are shown with f" in screen_text(app), what="the refusal")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ItemScreen), what="the prompt to close")
        await _ask_for_diegos_flags(pilot)
        await _answer(pilot, "n")  # not confirmed: nothing revealed
        assert not [message for message in others if message in _item_text(app)]

        await _ask_for_diegos_flags(pilot)
        await _answer(pilot, "y")
        await settle(pilot, lambda: all(message in _item_text(app) for message in diego), what="Diego's flags")
        assert "What the flags about Diego Fernández say (revealed by the facilitator)" in _item_text(app)
        assert not [message for message in others if message in _item_text(app) and message not in diego]
        await pilot.press("f")  # hiding the flags hides the revealed ones too
        await settle(pilot, lambda: not any(message in _item_text(app) for message in diego), what="hidden")

        await pilot.press("escape", "enter")  # a new visit to the item starts with nobody revealed
        await settle(pilot, lambda: isinstance(app.screen, ItemScreen), what="Lena's item again")
        assert not [message for message in others if message in _item_text(app)]


async def test_the_members_own_readiness_in_the_meeting_goes_into_their_agreement(sample_store: Store) -> None:
    _open_meeting(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        workspace = app.data.workspace
        lena = workspace.member_named("Lena Fischer").id
        budget = workspace.area_named("Budget up to 1k").id
        before = sample_store.load().agreements[lena]
        assert before.levels[budget].self_readiness == Readiness.D2
        await pilot.press("R", "enter")  # Lena's item, Budget up to 1k marked
        await settle(pilot, lambda: isinstance(app.screen, ItemScreen), what="Lena's item")
        await pilot.press("u")
        await settle(pilot, lambda: isinstance(app.screen, MeetingPrompt), what="the pulse prompt")
        assert "own readiness in Budget up to 1k D1-D4" in screen_text(app)
        await _answer(pilot, *"4 D4")
        await settle(pilot, lambda: sample_store.load().reviews[1].pulses, what="the pulse")
        agreement = sample_store.load().agreements[lena]
        assert agreement.levels[budget].self_readiness == Readiness.D4  # her view, in the agreement
        assert agreement.levels[budget].readiness == Readiness.D2  # the manager's view unchanged
        assert agreement.version == before.version + 1
        assert [entry.self_readiness for area_id, entry in agreement.levels.items() if area_id != budget] == [
            entry.self_readiness for area_id, entry in before.levels.items() if area_id != budget
        ]
        assert sample_store.load().reviews[1].pulses[0].readiness == Readiness.D4
        # The perception-gap rule reads it: D2 against D4 is a gap of 2, on her item at once.
        await settle(
            pilot,
            lambda: "Lena Fischer rates their own readiness in Budget up to 1k as D4" in _item_text(app),
            what="the perception-gap flag",
        )
        assert not [e for e in sample_store.events() if e.kind is EventKind.LEVEL_CHANGE and e.at == NOW]

        await pilot.press("u")  # a pulse without readiness leaves the agreement alone
        await _answer(pilot, "3")
        await settle(pilot, lambda: len(sample_store.load().reviews[1].pulses) == 2, what="the second pulse")
        assert sample_store.load().agreements[lena].version == agreement.version


def test_the_summary_carries_the_minutes_without_the_private_notes(sample_store: Store, cli: Any) -> None:
    from delegate_tui.meeting import with_note

    meeting = sample_store.start_meeting(
        new_meeting(facilitator="Sam Rivera", participants=["Lena Fischer"], agenda=[], at=NOW), now=NOW
    )
    sample_store.update_meeting(meeting.id, lambda m: with_note(m, f"{MARKER} note", NOW), now=NOW)
    sample_store.record_meeting_pulse(meeting.id, sample_store.load().member_named("Lena Fischer").id, 3, now=NOW)
    for extra in ((), ("--include-private",)):
        result: Result = cli("export", "--now", "2026-11-28T12:00:00Z", *extra)
        assert result.code == 0, result.err
        assert '"reviews": [' in result.out and '"score": 3' in result.out
        assert MARKER not in result.out.split('"reviews": [')[1]


@pytest.mark.parametrize("args", [("show", "7"), ("show", "x"), ("show", "1", "--format", "yaml")])
def test_review_show_refuses_an_unknown_meeting_with_one_line(sample_store: Store, cli: Any, args: tuple[str]) -> None:
    result: Result = cli("review", *args)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_an_empty_workspace_has_no_reviews(store: Store) -> None:
    assert Workspace().reviews == {} and store.load().reviews == {}


# --------------------------------------------------------------------------- snapshots

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _open_meeting(store: Store) -> None:
    workspace, events = store.load(), store.events()
    present = {workspace.member_named(name).id for name in PRESENT[1:]}
    agenda = [
        item
        for item in build_agenda(workspace, events, evaluate(workspace, events, NOW), NOW)
        if item.member_id in present
    ]
    store.start_meeting(new_meeting(facilitator="Sam Rivera", participants=PRESENT[1:], agenda=agenda, at=NOW), now=NOW)


def _keys(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        for _ in range(3):
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_meeting_agenda(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    _plant_private_text(sample_store)
    _open_meeting(sample_store)
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=_keys("R", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_meeting_item(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    _plant_private_text(sample_store)
    _open_meeting(sample_store)
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=_keys("R", "enter", "down"))
