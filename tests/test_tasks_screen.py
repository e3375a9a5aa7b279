"""The tasks screen: filters, search tokens, sort, the task forms, every action and what it
writes to the store, and the warning before overriding or signing off a delegated decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from delegate_tui.model import DelegationLevel, EventKind, TaskStatus
from delegate_tui.screens.log_event import DelegatedWarningScreen, LogEventScreen
from delegate_tui.screens.task_forms import DueForm, LevelForm, ReassignForm, TaskForm
from delegate_tui.screens.tasks import TasksScreen, parse_filter
from delegate_tui.screens.welcome import WelcomeScreen
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.files import files_in
from tests.helpers.ui import make_app


async def open_tasks(pilot: Pilot[Any]) -> TasksScreen:
    await pilot.pause()
    if isinstance(pilot.app.screen, WelcomeScreen):
        await pilot.press("e")  # start empty
        await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TasksScreen)
    return screen


def summary(screen: TasksScreen) -> str:
    return str(screen.query_one("#task-summary", Static).render())


def shown_ids(screen: TasksScreen) -> list[int]:
    return [row.key for row in screen.table.rows]


async def select_task(pilot: Pilot[Any], screen: TasksScreen, task_id: int) -> None:
    screen.show_done = True
    screen.refresh_rows()
    assert screen.table.move_to_key(task_id)
    await pilot.pause()


async def press_save(pilot: Pilot[Any]) -> None:
    """Press the form's Save button (a click within 0.2 s of the last one is ignored by Button)."""
    pilot.app.screen.query_one("#save", Button).press()
    await pilot.pause()


def events_of(store: Store, task_id: int, kind: EventKind) -> list[Any]:
    return [e for e in store.events() if e.task_id == task_id and e.kind is kind]


# --------------------------------------------------------------------------- the table


async def test_tasks_show_level_relative_due_and_hide_done(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        table = screen.table
        assert summary(screen).startswith("27 of 33 tasks")
        assert "done hidden" in summary(screen)
        assert 3 not in shown_ids(screen)  # task 3 is done
        first = table.row_text(0)
        assert "5 Advise" in first and "Priya Natarajan" in first and "in progress" in first
        # Due dates are relative to the app's clock (2026-11-28), not the real one.
        row12 = table.row_text(shown_ids(screen).index(12))
        assert "! 25 Nov · 3 days ago" in row12  # task 12 was due 2026-11-25 and is open: overdue
        await pilot.press("h")
        assert summary(screen).startswith("33 of 33 tasks")
        assert 3 in shown_ids(screen)
        row3 = table.row_text(shown_ids(screen).index(3))
        assert "18 Nov · 10 days ago" in row3 and "!" not in row3  # done tasks are never overdue
        await pilot.press("h")
        assert 3 not in shown_ids(screen)


async def test_search_tokens_filter_and_escape_clears(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await pilot.press("slash")
        box = screen.query_one("#task-filter", Input)
        assert box.has_focus
        await pilot.press(*"@priya")
        assert shown_ids(screen) == [1, 2, 4, 5]
        assert "owner Priya Natarajan" in summary(screen)
        assert summary(screen).startswith("4 of 33 tasks")
        await pilot.press(*" status:o")
        assert shown_ids(screen) == [2, 4]
        assert "status open" in summary(screen)
        await pilot.press("enter")
        assert screen.table.has_focus
        await pilot.press("escape")
        assert box.value == ""
        assert summary(screen).startswith("27 of 33 tasks")


FILTER_CASES = [
    ("level:>=6", [2, 15]),
    ("level:6", [2, 15]),
    ("level:inquire", [2, 15]),
    ("level:1-2", [20, 30, 32]),
    ("area:hiring", [1, 8, 31]),
    ("webhook", [12]),
    ("WEBHOOK retries", [12]),
    ("#14", [14]),
    ("@jonas level:<4", [12]),
    ("@priya @jonas area:tool", [2, 11]),
    ("status:blocked", [12]),
    ("area:none", [6, 32]),
    ("@manager", [17, 31, 32]),
    ('area:"release to"', [13, 14, 18]),
]


async def test_filter_tokens(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        for text, expected in FILTER_CASES:
            screen.set_filter(text)
            await pilot.pause()
            assert shown_ids(screen) == expected, text


def test_parse_filter_explains_each_part(sample_store: Store) -> None:
    workspace = sample_store.load()
    flt = parse_filter("@priya area:hiring status:in-progress level:>=5 loop", workspace)
    assert flt.parts == [
        "owner Priya Natarajan",
        "area Hiring",
        "status in progress",
        "level 5 Advise to 7 Delegate",
        "title contains “loop”",
    ]
    assert not flt.problems
    many = parse_filter("@a", workspace)
    assert many.parts == ["7 owners matching @a"]
    bad = parse_filter("level:9 status:later @nobody area:moon", workspace)
    assert len(bad.problems) == 4
    assert "level:9 is not a level" in bad.problems[0]


async def test_filter_problems_are_shown_and_done_status_shows_done(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        screen.set_filter("level:9")
        await pilot.pause()
        assert "level:9 is not a level" in summary(screen)
        screen.set_filter("status:done")
        await pilot.pause()
        assert shown_ids(screen) == [3, 10, 23, 24, 27, 33]
        screen.set_filter("@nobody")
        await pilot.pause()
        assert shown_ids(screen) == []
        assert "No task matches the filter" in screen.table.render_line(1).text


async def test_sort_cycles_columns_and_reverses(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        assert screen.table.header_text().lstrip().startswith("# ▲")
        await pilot.press("s")  # title
        titles = [row.cells[1].casefold() for row in screen.table.rows]
        assert titles == sorted(titles)
        assert "Title ▲" in screen.table.header_text()
        await pilot.press("S")
        titles = [row.cells[1].casefold() for row in screen.table.rows]
        assert titles == sorted(titles, reverse=True)
        assert "Title ▼" in screen.table.header_text()
        await pilot.press("s", "s", "s")  # owner, area, level
        levels = [int(row.cells[4].split()[0]) for row in screen.table.rows]
        assert levels == sorted(levels, reverse=True)
        assert "sorted by level ▼" in summary(screen)
        await pilot.press("s", "s")  # status, due
        await pilot.press("S")
        dues = [sample_store.load().tasks[row.key].due for row in screen.table.rows]
        known = [d for d in dues if d is not None]
        assert known == sorted(known)
        assert dues[-1] is None  # tasks without a due date come last
        await pilot.press("s")
        assert screen.sort_column == "id"


async def test_keyboard_moves_and_enter_shows_the_history(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await pilot.press("down", "down")
        assert screen.table.cursor_key == 4
        await select_task(pilot, screen, 14)
        await pilot.press("enter")
        details = screen.query_one("#task-details")
        assert details.display
        text = screen.details_text()
        assert "Task #14: Roll out the Postgres 16 upgrade to production" in text
        assert "Override" in text
        await pilot.press("up")
        assert "Task #13" in screen.details_text()
        await pilot.press("escape")
        assert not details.display


# --------------------------------------------------------------------------- add and edit


async def test_add_task_validates_inline_then_saves(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        before = files_in(db_path.parent)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        await pilot.click("#save")
        await pilot.pause()
        error = form.query_one("#title-error", Static)
        assert "title must not be empty." in str(error.render())
        assert isinstance(app.screen, TaskForm)
        form.query_one("#title", Input).value = "Plan the offsite"
        form.query_one("#due", Input).value = "2026-13-01"
        await press_save(pilot)
        assert "due date 2026-13-01 is not a date: use YYYY-MM-DD" in str(form.query_one("#due-error", Static).render())
        assert str(form.query_one("#title-error", Static).render()) == ""
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        priya = sample_store.load().member_named("Priya").id
        form.query_one("#owner", Select).value = priya
        form.query_one("#area", Select).value = sample_store.load().area_named("Hiring").id
        form.query_one("#level", Select).value = 6
        form.query_one("#due", Input).value = "2026-12-20"
        form.query_one("#title", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        task = sample_store.load().tasks[34]
        assert (task.title, task.owner_id, task.level, task.due) == (
            "Plan the offsite",
            priya,
            DelegationLevel.INQUIRE,
            date(2026, 12, 20),
        )
        assert task.created_at == NOW
        assert screen.table.cursor_key == 34
        assert "Plan the offsite" in screen.table.row_text(screen.table.cursor_row)


async def test_ctrl_s_saves_the_task_form_from_any_field(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tasks(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        await pilot.press(*"Book the venue")
        form.query_one("#level", Select).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        assert sample_store.load().tasks[34].title == "Book the venue"


async def test_add_task_cancel_writes_nothing(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tasks(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Plan")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        assert len(sample_store.load().tasks) == 33


async def test_edit_task_changes_fields_through_the_store(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 13)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        assert form.query_one("#title", Input).value == "Write the runbook for the search cluster"
        form.query_one("#title", Input).value = "Write the search runbook"
        form.query_one("#level", Select).value = 5
        form.query_one("#status", Select).value = "blocked"
        form.query_one("#owner", Select).value = 0
        form.query_one("#due", Input).value = ""
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        task = sample_store.load().tasks[13]
        assert (task.title, task.level, task.status, task.owner_id, task.due) == (
            "Write the search runbook",
            DelegationLevel.ADVISE,
            TaskStatus.BLOCKED,
            0,
            None,
        )
        assert events_of(sample_store, 13, EventKind.LEVEL_CHANGE)[-1].at == NOW
        assert events_of(sample_store, 13, EventKind.REASSIGN)[-1].to_owner == 0
        assert events_of(sample_store, 13, EventKind.DUE_CHANGE)[-1].to_due is None


# --------------------------------------------------------------------------- actions


async def test_checkin_with_a_note_is_logged(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 11)
        before = len(events_of(sample_store, 11, EventKind.CHECKIN))
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogEventScreen)
        assert not form.query_one("#delegated-hint").display
        form.query_one("#note", Input).focus()
        await pilot.press(*"shards", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        logged = events_of(sample_store, 11, EventKind.CHECKIN)
        assert len(logged) == before + 1
        event = logged[-1]
        assert (event.at, event.member_id, event.area_id, event.note) == (
            NOW,
            sample_store.load().tasks[11].owner_id,
            sample_store.load().tasks[11].area_id,
            "shards",
        )


async def test_override_at_level_4_or_lower_has_no_warning(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 4)  # 4 Agree
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LogEventScreen)
        assert not app.screen.query_one("#delegated-hint").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen), "saved without a warning"
        assert len(events_of(sample_store, 4, EventKind.OVERRIDE)) == 1


async def test_override_on_a_delegated_task_warns_and_cancel_logs_nothing(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 1)  # 5 Advise, Priya, Hiring
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogEventScreen)
        assert form.query_one("#delegated-hint").display  # said before anything is typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        warning_screen = app.screen
        assert isinstance(warning_screen, DelegatedWarningScreen)
        warning = str(warning_screen.query_one("#delegated-warning", Static).render())
        assert "Task #1 is at level 5 Advise: Priya Natarajan decides; you give an opinion." in warning
        assert "Your agreement with Priya Natarajan sets Hiring at level 5 Advise." in warning
        assert "Escalate any spend over 1k." in warning
        assert "MM002" in warning
        assert warning_screen.query_one("#back", Button).has_focus  # going back is the default
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        assert events_of(sample_store, 1, EventKind.OVERRIDE) == []


async def test_override_on_a_delegated_task_is_logged_on_confirm(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 1)
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogEventScreen)
        form.query_one("#note", Input).focus()
        await pilot.press(*"deadline", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DelegatedWarningScreen)
        await pilot.press("tab")
        assert app.screen.query_one("#confirm", Button).has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        [event] = events_of(sample_store, 1, EventKind.OVERRIDE)
        assert event.note == "deadline"
        # The engine now flags it.
        assert any(flag.rule == "MM002" and flag.task_id == 1 for flag in app.data.flags)


async def test_approval_on_a_delegated_task_warns_about_mm003(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 15)  # 6 Inquire, Diego
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, LogEventScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        warning = str(app.screen.query_one("#delegated-warning", Static).render())
        assert "Diego Fernández decides and informs you afterwards." in warning
        assert "MM003" in warning
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        assert events_of(sample_store, 15, EventKind.APPROVAL) == []
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.pause()
        assert len(events_of(sample_store, 15, EventKind.APPROVAL)) == 1


async def test_change_level_with_a_reason(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 29)  # 3 Consult
        before = files_in(db_path.parent)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LevelForm)
        await pilot.click("#save")  # unchanged: the store's message, inline
        await pilot.pause()
        assert "Task 29 is already at level 3 Consult." in str(form.query_one("#form-error", Static).render())
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        form.query_one("#level", Select).value = 5
        await pilot.pause()
        assert "the member decides" in str(form.query_one("#level-meaning", Static).render())
        form.query_one("#reason", Input).value = "he has shown he can"
        await press_save(pilot)
        assert isinstance(app.screen, TasksScreen)
        assert sample_store.load().tasks[29].level == DelegationLevel.ADVISE
        event = events_of(sample_store, 29, EventKind.LEVEL_CHANGE)[-1]
        assert (event.from_level, event.to_level, event.reason) == (3, 5, "he has shown he can")
        assert "5 Advise" in screen.table.row_text(screen.table.cursor_row)


async def test_reassign_to_the_manager(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 22)
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReassignForm)
        form.query_one("#owner", Select).value = 0
        form.query_one("#reason", Input).value = "Tomasz is on leave"
        await pilot.click("#save")
        await pilot.pause()
        assert sample_store.load().tasks[22].owner_id == 0
        event = events_of(sample_store, 22, EventKind.REASSIGN)[-1]
        assert event.reason == "Tomasz is on leave"
        assert "Sam Rivera" in screen.table.row_text(screen.table.cursor_row)


async def test_change_and_clear_the_due_date(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 20)
        before = files_in(db_path.parent)
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DueForm)
        due = form.query_one("#due", Input)
        assert due.value == "2026-12-13"
        due.value = "someday"
        await pilot.press("enter")
        await pilot.pause()
        assert "due date 'someday' is not a date" in str(form.query_one("#due-error", Static).render())
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        due.value = "2027-01-15"
        await pilot.press("enter")
        await pilot.pause()
        assert sample_store.load().tasks[20].due == date(2027, 1, 15)
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one("#due", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert sample_store.load().tasks[20].due is None
        assert events_of(sample_store, 20, EventKind.DUE_CHANGE)[-1].to_due is None


async def test_x_and_space_toggle_done(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        await select_task(pilot, screen, 26)
        await pilot.press("x")
        await pilot.pause()
        assert sample_store.load().tasks[26].status is TaskStatus.DONE
        assert screen.table.cursor_key == 26  # done tasks are shown here (select_task turned them on)
        await pilot.press("space")
        await pilot.pause()
        assert sample_store.load().tasks[26].status is TaskStatus.OPEN


async def test_actions_without_a_task_say_so(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        assert "No tasks yet. Press n to add one." in screen.table.render_line(1).text
        await pilot.press("e", "c", "x")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        assert any("There is no task selected." in n.message for n in app._notifications)


async def test_changes_from_elsewhere_appear_on_reload(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tasks(pilot)
        sample_store.add_task("Made by the CLI", owner_id=0, level=DelegationLevel.TELL, now=NOW)
        app.reload()
        await pilot.pause()
        assert 34 in shown_ids(screen)
