"""The Log dialog: opened from the board, the team screen, a member page, the tasks screen and the
palette, prefilled from where it was opened; backdated and person-level events; the delegated-
decision warning that keeps what was typed; every bad field refused inline with nothing saved."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from delegate_tui.localtime import parse_local_when
from delegate_tui.model import EventContext, EventKind, Initiator, InputError
from delegate_tui.screens.board import BoardGrid, BoardScreen
from delegate_tui.screens.log_event import DelegatedWarningScreen, LogEventScreen
from delegate_tui.screens.member import MemberScreen
from delegate_tui.screens.tasks import TasksScreen
from delegate_tui.screens.team import TeamScreen, TeamTable
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.files import files_in
from tests.helpers.ui import SIZE, make_app, run_command, screen_text, settle

PRIYA, AIKO, JONAS, DIEGO, KWAME = 1, 2, 3, 4, 8
"""Members of the sample team (seed 1)."""


def notifications(pilot: Pilot[Any]) -> list[str]:
    return [str(note.message) for note in pilot.app._notifications]


async def dialog(pilot: Pilot[Any]) -> LogEventScreen:
    await settle(pilot, lambda: isinstance(pilot.app.screen, LogEventScreen), what="the Log dialog")
    screen = pilot.app.screen
    assert isinstance(screen, LogEventScreen)
    return screen


async def choose(pilot: Pilot[Any], screen: LogEventScreen, field: str, value: object) -> None:
    screen.query_one(f"#{field}", Select).value = value
    await pilot.pause()


async def type_into(pilot: Pilot[Any], screen: LogEventScreen, field: str, text: str) -> None:
    screen.query_one(f"#{field}", Input).value = text
    await pilot.pause()


def error_of(screen: LogEventScreen, field: str) -> str:
    line = screen.query_one(f"#{field}-error", Static)
    return str(line.render()) if line.has_class("-shown") else ""


async def open_tasks_on(pilot: Pilot[Any], task_id: int) -> TasksScreen:
    await pilot.press("t")
    await settle(pilot, lambda: isinstance(pilot.app.screen, TasksScreen), what="the tasks screen")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TasksScreen)
    screen.show_done = True
    screen.refresh_rows()
    assert screen.table.move_to_key(task_id)
    await pilot.pause()
    assert screen.selected_task() is not None and screen.selected_task().id == task_id  # type: ignore[union-attr]
    return screen


# --------------------------------------------------------------------------- the entry points


async def test_board_logs_yesterdays_hallway_checkin_the_member_asked_for(sample_store: Store) -> None:
    before = len(sample_store.events())
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        column = board._members.index(JONAS)
        board.query_one(BoardGrid).select(column, 0)
        await pilot.pause()
        await pilot.press("L")
        screen = await dialog(pilot)
        assert screen.query_one("#kind", Select).has_focus, "the first field has the focus"
        assert screen.query_one("#member", Select).value == JONAS
        assert screen.query_one("#task", Select).value == -1  # person-level unless a task is chosen
        await type_into(pilot, screen, "when", "yesterday 15:00")
        assert "Means 2026-11-27 15:00 UTC, 21 hours ago." in str(screen.query_one("#when-meaning", Static).render())
        await choose(pilot, screen, "by", Initiator.MEMBER.value)
        await choose(pilot, screen, "context", EventContext.MEMBER_REQUEST.value)
        await type_into(pilot, screen, "reason", "He asked to pair on the shard plan")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, BoardScreen), what="the board again")
        events = sample_store.events()
        assert len(events) == before + 1
        [event] = [e for e in events if e.reason == "He asked to pair on the shard plan"]
        assert (event.kind, event.member_id, event.task_id, event.at, event.by, event.context) == (
            EventKind.CHECKIN,
            JONAS,
            None,
            datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc),
            Initiator.MEMBER,
            EventContext.MEMBER_REQUEST,
        )
        assert "Logged 2026-11-27 15:00 UTC: Check-in with Jonas Lindqvist." in notifications(pilot)


async def test_team_screen_logs_a_pulse_for_the_selected_member(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team screen")
        team = app.screen
        assert isinstance(team, TeamScreen)
        table = team.query_one(TeamTable)
        table.move_cursor(row=team._order.index(AIKO))
        await pilot.pause()
        await pilot.press("L")
        screen = await dialog(pilot)
        assert screen.query_one("#member", Select).value == AIKO
        await choose(pilot, screen, "kind", EventKind.PULSE.value)
        assert not screen.query_one("#task-row").display, "a pulse is about the person, not a task"
        assert screen.query_one("#score-question").display
        assert "I had the room to decide what was mine to decide" in screen_text(app)
        await type_into(pilot, screen, "score", "2")
        await type_into(pilot, screen, "note", "Felt the vendor call was taken from her")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, TeamScreen), what="the team screen again")
        [pulse] = [e for e in sample_store.events() if e.kind is EventKind.PULSE and e.at == NOW]
        assert (pulse.member_id, pulse.score, pulse.task_id, pulse.note) == (
            AIKO,
            2,
            None,
            "Felt the vendor call was taken from her",
        )
        assert "Logged 2026-11-28 12:00 UTC: Pulse of 2 from Aiko Tanaka." in notifications(pilot)


async def test_member_page_logs_a_review_which_moves_the_agreements_last_review(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open_member(DIEGO)
        await settle(pilot, lambda: isinstance(app.screen, MemberScreen), what="Diego's page")
        await pilot.press("L")
        screen = await dialog(pilot)
        assert screen.query_one("#member", Select).value == DIEGO
        await choose(pilot, screen, "kind", EventKind.REVIEW.value)
        await type_into(pilot, screen, "when", "2026-11-26 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, MemberScreen), what="Diego's page again")
        assert sample_store.load().agreements[DIEGO].last_review == date(2026, 11, 26)
        reviews = [e for e in sample_store.events() if e.kind is EventKind.REVIEW and e.member_id == DIEGO]
        assert reviews[-1].at == datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
        assert "Logged 2026-11-26 10:00 UTC: Review of the trust agreement with Diego Fernández." in notifications(
            pilot
        )


@pytest.mark.parametrize(
    ("key", "kind", "task_id"),
    [
        pytest.param("c", EventKind.CHECKIN, 11, id="c-checkin"),
        pytest.param("o", EventKind.OVERRIDE, 4, id="o-override-not-delegated"),
        pytest.param("a", EventKind.APPROVAL, 9, id="a-approval-not-delegated"),
        pytest.param("L", EventKind.CHECKIN, 12, id="L-log"),
    ],
)
async def test_tasks_screen_keys_open_the_dialog_on_the_selected_task(
    sample_store: Store, key: str, kind: EventKind, task_id: int
) -> None:
    owner = sample_store.load().tasks[task_id].owner_id
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        tasks = await open_tasks_on(pilot, task_id)
        await pilot.press(key)
        screen = await dialog(pilot)
        assert (screen.kind, screen.member_id, screen.query_one("#task", Select).value) == (kind, owner, task_id)
        await type_into(pilot, screen, "note", "shards")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is tasks, what="the tasks screen again")
        [event] = [e for e in sample_store.events() if e.task_id == task_id and e.kind is kind and e.at == NOW]
        task = sample_store.load().tasks[task_id]
        assert (event.member_id, event.area_id, event.note) == (owner, task.area_id, "shards")
        assert tasks.table.cursor_key == task_id


async def test_the_task_list_holds_only_the_chosen_members_tasks(sample_store: Store) -> None:
    workspace = sample_store.load()
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        screen = await dialog(pilot)
        await choose(pilot, screen, "member", PRIYA)

        def listed() -> set[int]:
            return {value for _label, value in screen.query_one("#task", Select)._options if value != -1}  # type: ignore[misc]

        assert listed() == {t.id for t in workspace.tasks.values() if t.owner_id == PRIYA}
        await choose(pilot, screen, "task", 2)
        await choose(pilot, screen, "member", 0)  # the manager: their own tasks
        assert listed() == {t.id for t in workspace.tasks.values() if t.owner_id == 0}
        assert screen.query_one("#task", Select).value == -1, "Priya's task is not the manager's"


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        pytest.param("Log a check-in", EventKind.CHECKIN, id="checkin"),
        pytest.param("Log an override", EventKind.OVERRIDE, id="override"),
        pytest.param("Log an approval", EventKind.APPROVAL, id="approval"),
        pytest.param("Log a review", EventKind.REVIEW, id="review"),
        pytest.param("Log a note", EventKind.NOTE, id="note"),
        pytest.param("Log a pulse", EventKind.PULSE, id="pulse"),
    ],
)
async def test_palette_has_one_log_command_per_kind(sample_store: Store, command: str, kind: EventKind) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks_on(pilot, 14)
        await run_command(pilot, command, command)
        screen = await dialog(pilot)
        assert screen.kind is kind
        assert screen.member_id == DIEGO, "prefilled from the task selected underneath"
        before = len(sample_store.events())
        await type_into(pilot, screen, "note", "from the palette")
        await type_into(pilot, screen, "score", "4")
        await pilot.press("ctrl+s")
        if kind in (EventKind.OVERRIDE, EventKind.APPROVAL):  # task 14 is delegated (5 Advise)
            await settle(pilot, lambda: isinstance(app.screen, DelegatedWarningScreen), what="the warning")
            await pilot.click("#confirm")
        await settle(pilot, lambda: isinstance(app.screen, TasksScreen), what="the tasks screen again")
        assert len(sample_store.events()) == before + 1
        assert sample_store.events()[-1].kind is kind


# --------------------------------------------------------------------------- the delegated-decision warning


async def test_override_on_a_delegated_task_warns_and_going_back_keeps_the_note(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        tasks = await open_tasks_on(pilot, 1)  # 5 Advise, Priya, Hiring
        await pilot.press("o")
        screen = await dialog(pilot)
        hint = str(screen.query_one("#delegated-hint", Static).render())
        assert "Task #1 is at level 5 Advise: Priya Natarajan decides" in hint
        await type_into(pilot, screen, "note", "The offer went out too low")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, DelegatedWarningScreen), what="the warning")
        warning = str(app.screen.query_one("#delegated-warning", Static).render())
        assert "Your agreement with Priya Natarajan sets Hiring at level 5 Advise." in warning
        assert "MM002" in warning
        await pilot.press("enter")  # the default answer: go back
        await settle(pilot, lambda: app.screen is screen, what="the dialog again")
        assert screen.query_one("#note", Input).value == "The offer went out too low"
        assert [e for e in sample_store.events() if e.task_id == 1 and e.kind is EventKind.OVERRIDE] == []
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, DelegatedWarningScreen), what="the warning again")
        await pilot.click("#confirm")
        await settle(pilot, lambda: app.screen is tasks, what="the tasks screen")
        [event] = [e for e in sample_store.events() if e.task_id == 1 and e.kind is EventKind.OVERRIDE]
        assert event.note == "The offer went out too low"
        assert any(flag.rule == "MM002" and flag.task_id == 1 for flag in app.data.flags)


async def test_escape_on_the_warning_goes_back_and_on_the_dialog_logs_nothing(
    sample_store: Store, db_path: Path
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        tasks = await open_tasks_on(pilot, 15)  # 6 Inquire, Diego
        before = files_in(db_path.parent)
        await pilot.press("a")
        screen = await dialog(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, DelegatedWarningScreen), what="the warning")
        assert "MM003" in str(app.screen.query_one("#delegated-warning", Static).render())
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen, what="the dialog again")
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is tasks, what="the tasks screen")
        assert files_in(db_path.parent) == before


# --------------------------------------------------------------------------- bad fields


@pytest.mark.parametrize(
    ("kind", "member", "fields", "field", "message"),
    [
        pytest.param(
            EventKind.CHECKIN,
            JONAS,
            {"when": "last blue moon"},
            "when",
            "when 'last blue moon' is not a date or time",
            id="bad-when",
        ),
        pytest.param(
            EventKind.CHECKIN, JONAS, {"when": "yesterday 25:00"}, "when", "is not a clock time", id="bad-clock"
        ),
        pytest.param(EventKind.CHECKIN, JONAS, {"when": "in 2 days"}, "when", "is in the future", id="future"),
        pytest.param(
            EventKind.CHECKIN,
            KWAME,
            {"when": "2026-09-01"},
            "when",
            "before Kwame Mensah joined (2026-10-04)",
            id="before-joining",
        ),
        pytest.param(
            EventKind.PULSE, JONAS, {"score": "6"}, "score", "score must be a whole number from 1 to 5", id="score-6"
        ),
        pytest.param(EventKind.PULSE, JONAS, {"score": ""}, "score", "score: give the member's answer", id="no-score"),
        pytest.param(EventKind.PULSE, 0, {"score": "3"}, "member", "a pulse is a member's answer", id="pulse-manager"),
        pytest.param(EventKind.NOTE, JONAS, {"note": "  "}, "note", "a note needs its text", id="empty-note"),
        pytest.param(EventKind.NOTE, JONAS, {"note": "x" * 5001}, "note", "note must be at most", id="long-note"),
        pytest.param(EventKind.CHECKIN, 0, {}, "task", "task: choose one of your tasks", id="manager-no-task"),
        pytest.param(
            EventKind.OVERRIDE, JONAS, {"reason": "took it \x1b[2J back"}, "reason", "reason", id="escape-in-reason"
        ),
    ],
)
async def test_a_bad_field_is_named_inline_and_nothing_is_saved(
    sample_store: Store,
    db_path: Path,
    kind: EventKind,
    member: int,
    fields: dict[str, str],
    field: str,
    message: str,
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        await pilot.press("L")
        screen = await dialog(pilot)
        await choose(pilot, screen, "kind", kind.value)
        await choose(pilot, screen, "member", member)
        for name, text in fields.items():
            await type_into(pilot, screen, name, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, "the dialog stays open"
        assert message in error_of(screen, field)
        assert files_in(db_path.parent) == before, "a refused event wrote something"


async def test_a_task_created_after_the_moment_is_refused_under_when(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks_on(pilot, 16)  # created 2026-11-22
        before = files_in(db_path.parent)
        await pilot.press("c")
        screen = await dialog(pilot)
        await type_into(pilot, screen, "when", "2026-11-20 09:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "before task #16 was created" in error_of(screen, "when")
        assert files_in(db_path.parent) == before


async def test_several_bad_fields_are_shown_together(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        screen = await dialog(pilot)
        await choose(pilot, screen, "kind", EventKind.PULSE.value)
        await type_into(pilot, screen, "when", "bogus")
        await type_into(pilot, screen, "score", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "when 'bogus'" in error_of(screen, "when")
        assert "score must be a whole number from 1 to 5 (got '0')." in error_of(screen, "score")
        assert screen.query_one("#when", Input).has_focus, "the first bad field gets the focus"


async def test_names_and_notes_are_shown_literally(store: Store) -> None:
    store.add_member("[bold red]Ana[/] <b>x</b>", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # the welcome screen: start empty
        await pilot.pause()
        await pilot.press("L")
        await dialog(pilot)
        assert "[bold red]Ana[/] <b>x</b>" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, LogEventScreen), what="the dialog to close")
        assert any("[bold red]Ana[/] <b>x</b>" in message for message in notifications(pilot))


# --------------------------------------------------------------------------- reading "when"


def test_when_is_read_on_the_managers_clock_across_a_dst_change() -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    now = datetime(2026, 3, 30, 12, 0, tzinfo=timezone.utc)  # the day after summer time began
    assert parse_local_when("yesterday 15:00", now, amsterdam) == datetime(2026, 3, 29, 13, 0, tzinfo=timezone.utc)
    assert parse_local_when("2026-03-28 15:00", now, amsterdam) == datetime(2026, 3, 28, 14, 0, tzinfo=timezone.utc)
    assert parse_local_when("2026-03-28", now, amsterdam) == datetime(2026, 3, 28, 11, 0, tzinfo=timezone.utc)
    assert parse_local_when("2 days ago", now, amsterdam) == datetime(2026, 3, 28, 12, 0, tzinfo=timezone.utc)
    assert parse_local_when("2026-03-28T15:00Z", now, amsterdam) == datetime(2026, 3, 28, 15, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["1899-12-31 10:00", "2201-01-01", "yesterday 7:75", "2026-02-30 10:00", ""])
def test_when_outside_the_calendar_or_the_clock_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="when"):
        parse_local_when(text, NOW, timezone.utc, "when")


# --------------------------------------------------------------------------- snapshots

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _steady(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_log_dialog_backdated_checkin(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await open_tasks_on(pilot, 14)
        await pilot.press("c")
        screen = await dialog(pilot)
        await type_into(pilot, screen, "when", "yesterday 15:00")
        await choose(pilot, screen, "by", Initiator.MEMBER.value)
        await choose(pilot, screen, "context", EventContext.INCIDENT.value)
        await _steady(pilot)

    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_log_dialog_pulse_with_errors(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("L")
        screen = await dialog(pilot)
        await choose(pilot, screen, "kind", EventKind.PULSE.value)
        await type_into(pilot, screen, "score", "6")
        await type_into(pilot, screen, "when", "2 days from now")
        await pilot.press("ctrl+s")
        await _steady(pilot)

    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_log_dialog_delegated_warning(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await open_tasks_on(pilot, 1)
        await pilot.press("o")
        screen = await dialog(pilot)
        await type_into(pilot, screen, "note", "The offer went out too low")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(pilot.app.screen, DelegatedWarningScreen), what="the warning")
        await _steady(pilot)

    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("mode", ["b", "m", "t"])
async def test_help_lists_the_log_key(sample_store: Store, mode: str) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(mode, "question_mark")
        await pilot.pause()
        [line] = [line for line in screen_text(app).splitlines() if "Log: Log a check-in, override" in line]
        assert line.split("█")[1].split()[0] == "L", "listed under its key"
