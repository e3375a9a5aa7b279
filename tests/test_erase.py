"""Erasing a member: nothing about them is left in any file of the workspace folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from delegate_tui.model import AgendaItem, MeetingNote, PokerRound, PokerVote, ReviewMeeting
from delegate_tui.storage.store import Store
from tests.conftest import Result
from tests.helpers.clock import NOW, NOW_ARG
from tests.helpers.files import files_in


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)


def _traces(folder: Path, words: list[str]) -> list[str]:
    """Every file of the folder (backups, month files and their backups, hidden ones included) that
    holds one of ``words``, as ``file: word``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            found += [f"{path.name}: {word}" for word in words if word.encode("utf-8") in raw]
    return found


def _with_a_meeting_and_a_backup(store: Store, db_path: Path) -> None:
    """Give Priya a poker card, a meeting note and attendance, and leave a .bak of every month file."""
    ws = store.load()
    priya = ws.member_named("Priya").id
    ws.reviews[1] = ReviewMeeting(
        id=1,
        started_at=NOW,
        facilitator=ws.manager,
        participants=[ws.manager, "Priya Natarajan", "Aiko Tanaka"],
        agenda=[AgendaItem(kind="added", member_id=priya, text="Talk about the migration")],
        rounds=[
            PokerRound(
                id=1,
                topic="Tooling",
                votes=[
                    PokerVote(participant="Priya Natarajan", card=5, at=NOW),  # type: ignore[arg-type]
                    PokerVote(participant="Aiko Tanaka", card=4, at=NOW),  # type: ignore[arg-type]
                ],
                started_at=NOW,
            )
        ],
        notes=[MeetingNote(at=NOW, member_id=priya, text="Wants to lead the zebra-crossing project")],
    )
    store.replace_everything(ws, store.events(), NOW)
    # A second write of every month file leaves NAME.events/*.json.bak holding the history too.
    store.replace_everything(store.load(), store.events(), NOW)
    for event in [e for e in store.events() if e.member_id == priya][:1]:
        store.log_event(event.model_copy(update={"note": "Priya Natarajan asked about the quokka budget"}))
    assert (db_path.parent / "team.json.bak").exists()


def test_erasing_leaves_no_byte_of_the_name_or_their_notes_anywhere(  # type: ignore[no-untyped-def]
    cli, sample_store: Store, db_path: Path
) -> None:
    _with_a_meeting_and_a_backup(sample_store, db_path)
    priya = sample_store.load().member_named("Priya").id
    events = sample_store.events()
    others = {e.note for e in events if e.member_id != priya}  # the sample reuses a few plain phrases
    notes = sorted({e.note for e in events if e.member_id == priya and e.note and e.note not in others})
    assert notes and _traces(db_path.parent, ["Priya Natarajan", "zebra-crossing", "quokka"])
    result: Result = cli("member", "erase", "Priya", "--confirm", "Priya Natarajan")
    assert result.code == 0 and "Erased Priya Natarajan" in result.out
    assert _traces(db_path.parent, ["Priya Natarajan", "Natarajan", "zebra-crossing", "quokka", *notes]) == []
    ws = sample_store.load()
    assert priya not in ws.members and priya not in ws.agreements
    assert ws.reviews[1].participants == [ws.manager, "Aiko Tanaka"]
    assert [vote.participant for vote in ws.reviews[1].rounds[0].votes] == ["Aiko Tanaka"]
    assert all(e.member_id != priya and e.from_owner != priya and e.to_owner != priya for e in sample_store.events())
    assert "Priya" not in cli("check").out and "Priya" not in cli("export", "--include-private").out
    assert cli("member", "list").code == 0 and "Aiko Tanaka" in cli("member", "list").out


def test_erasing_an_archived_member_works_too(cli, sample_store: Store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("member", "remove", "Priya", "--reassign-to", "Aiko").code == 0
    assert cli("member", "erase", "Priya Natarajan", "--confirm", "Priya Natarajan").code == 0
    assert _traces(db_path.parent, ["Priya Natarajan"]) == []


@pytest.mark.parametrize(
    "args",
    [
        ("member", "erase", "Priya"),
        ("member", "erase", "Priya", "--confirm", "priya natarajan"),
        ("member", "erase", "Priya", "--confirm", "Priya"),
        ("member", "erase", "Nobody", "--confirm", "Nobody"),
    ],
)
def test_erasing_needs_the_exact_name_and_changes_nothing_without_it(  # type: ignore[no-untyped-def]
    cli, sample_store: Store, db_path: Path, args: tuple[str, ...]
) -> None:
    before = files_in(db_path.parent)
    result: Result = cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1 and result.out == ""
    assert files_in(db_path.parent) == before


async def test_erase_from_the_team_list_needs_the_typed_name_and_cannot_be_undone(
    sample_store: Store, db_path: Path
) -> None:
    from textual.widgets import Input

    from delegate_tui.screens.remove_dialogs import EraseMemberDialog
    from delegate_tui.screens.team import TeamScreen
    from tests.helpers.ui import SIZE, make_app, screen_text, settle

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team list")
        team = app.screen
        assert isinstance(team, TeamScreen)
        member_id = team.selected_member()
        assert member_id is not None
        name = sample_store.load().members[member_id].name
        await pilot.press("E")
        await settle(pilot, lambda: isinstance(app.screen, EraseMemberDialog), what="the erase dialog")
        before = files_in(db_path.parent)
        await pilot.press(*name.lower(), "enter")  # not exactly the name: refused, the dialog stays
        await settle(pilot, lambda: "must be typed exactly" in screen_text(app), what="the refusal")
        assert isinstance(app.screen, EraseMemberDialog) and files_in(db_path.parent) == before
        app.screen.query_one("#erase-name", Input).value = name
        await pilot.press("enter")
        await settle(pilot, lambda: member_id not in app.data.everything.members, what="the member erased")
        await pilot.press("ctrl+z")
        await settle(
            pilot,
            lambda: any("Nothing to undo" in str(n.message) for n in app._notifications),
            what="nothing to undo",
        )
    assert _traces(db_path.parent, [name]) == []
