"""Due dates as people write them ("friday", "in 2 weeks", "end of month"), the phrase lists show
next to a date, and the CLI verbs that take them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delegate_tui.model import EARLIEST, LATEST, InputError, day_label, parse_due, relative_day, short_day
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW, NOW_ARG

TODAY = NOW.date()  # Saturday 28 November 2026
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-04", date(2026, 12, 4)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 29)),
        ("friday", date(2026, 12, 4)),
        ("Fri", date(2026, 12, 4)),
        ("saturday", TODAY),  # said on a Saturday: today
        ("next friday", date(2026, 12, 11)),
        ("next week", date(2026, 11, 30)),  # its Monday
        ("in 2 weeks", date(2026, 12, 12)),
        ("in two weeks", date(2026, 12, 12)),
        ("three days from now", date(2026, 12, 1)),
        ("2 weeks", date(2026, 12, 12)),
        ("in 3 days", date(2026, 12, 1)),
        ("in a month", date(2026, 12, 28)),
        ("end of month", date(2026, 11, 30)),
        ("End of the month", date(2026, 11, 30)),
        ("next month", date(2026, 12, 1)),
        ("end of week", date(2026, 12, 4)),
    ],
)
def test_a_due_date_reads_as_people_write_it(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize("text", ["soon", "", "last friday", "2026-02-30", "in -3 days", "fridays", "in weeks"])
def test_a_due_date_that_is_not_one_names_the_field(text: str) -> None:
    with pytest.raises(InputError, match=r"^due date "):
        parse_due(text, TODAY)


def test_a_phrase_beyond_the_calendar_is_refused_not_a_crash() -> None:
    with pytest.raises(InputError, match="out of range"):
        parse_due("in 99999 years", TODAY)
    with pytest.raises(InputError, match="out of range"):
        parse_due("in 99999 days", LATEST - timedelta(days=3))


@given(days)
def test_an_iso_date_reads_as_itself_whatever_today_is(day: date) -> None:
    assert parse_due(day.isoformat(), TODAY) == day


@given(days, st.integers(min_value=0, max_value=500))
def test_in_n_days_is_n_days_from_today(today: date, count: int) -> None:
    assert parse_due(f"in {count} days", today) == today + timedelta(days=count)
    assert parse_due(f"in {count} weeks", today) == today + timedelta(weeks=count)


@given(days, st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
def test_a_weekday_is_the_coming_one_and_next_is_a_week_later(today: date, weekday: str) -> None:
    coming = parse_due(weekday, today)
    assert 0 <= (coming - today).days <= 6
    assert day_label(coming).split()[0].lower() == weekday[:3]
    assert parse_due(f"next {weekday}", today) == coming + timedelta(days=7)


@given(days)
def test_week_and_month_phrases_land_where_they_say(today: date) -> None:
    monday = parse_due("next week", today)
    assert monday.weekday() == 0 and 1 <= (monday - today).days <= 7
    end = parse_due("end of month", today)
    assert end.month == today.month and (end + timedelta(days=1)).day == 1
    first = parse_due("next month", today)
    assert first.day == 1 and first == end + timedelta(days=1)
    assert parse_due("end of week", today).weekday() == 4


@given(days, st.integers(min_value=1, max_value=10_000))
def test_the_phrase_for_a_date_points_the_right_way(today: date, offset: int) -> None:
    later, earlier = today + timedelta(days=offset), today - timedelta(days=offset)
    assert relative_day(later, today).startswith("in ") or relative_day(later, today) == "tomorrow"
    assert relative_day(earlier, today).endswith(" ago") or relative_day(earlier, today) == "yesterday"


@pytest.mark.parametrize(
    ("offset", "phrase"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (5, "in 5 days"),
        (13, "in 13 days"),
        (14, "in 2 weeks"),
        (15, "in 2 weeks"),
        (20, "in 3 weeks"),
        (31, "in 1 month"),
        (75, "in 2 months"),
        (400, "in 1 year"),
        (-15, "2 weeks ago"),
        (-60, "2 months ago"),
    ],
)
def test_the_phrase_next_to_a_date_is_right(offset: int, phrase: str) -> None:
    assert relative_day(TODAY + timedelta(days=offset), TODAY) == phrase


def test_a_date_reads_with_its_weekday() -> None:
    assert day_label(date(2026, 12, 4)) == "Fri 4 Dec 2026"
    assert short_day(date(2026, 12, 4), TODAY) == "4 Dec"
    assert short_day(date(2027, 1, 4), TODAY) == "4 Jan"  # near: the year goes without saying
    assert short_day(date(2027, 8, 4), TODAY) == "4 Aug 2027"
    assert short_day(date(2026, 1, 4), TODAY) == "4 Jan 2026"
    assert EARLIEST < TODAY


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def one_task(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DELEGATE_NOW", NOW_ARG)
    assert cli("member", "add", "Priya Natarajan").code == 0
    assert cli("area", "add", "Hiring").code == 0
    assert cli("task", "add", "Run the interview loop", "--member", "priya", "--level", "5").code == 0
    return cli


def test_task_due_takes_a_phrase_and_says_which_day_it_read(one_task: Any, db_path: Path) -> None:
    result = one_task("task", "due", "1", "friday")
    assert (result.code, result.out) == (0, "Task 1 is now due on Fri 4 Dec 2026 (2026-12-04).\n")
    assert Store(db_path).load().tasks[1].due == date(2026, 12, 4)


def test_task_add_echoes_a_phrase_on_stderr_and_prints_only_the_id(one_task: Any, db_path: Path) -> None:
    result = one_task("task", "add", "Book the venue", "--member", "manager", "--level", "1", "--due", "in 2 weeks")
    assert (result.code, result.out) == (0, "2\n")
    assert result.err == "Due 'in 2 weeks' = Sat 12 Dec 2026 (2026-12-12).\n"
    assert Store(db_path).load().tasks[2].due == date(2026, 12, 12)


def test_a_due_phrase_that_is_not_a_date_is_one_line_exit_2_and_changes_nothing(one_task: Any, db_path: Path) -> None:
    before = db_path.read_bytes()
    result = one_task("task", "due", "1", "soonish")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "DATE 'soonish' is not a date" in result.err
    assert db_path.read_bytes() == before
