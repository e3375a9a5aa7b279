"""Due dates as people write them ("friday", "in 2 weeks", "end of month"), in English and Dutch, the
phrase lists show next to a date, the CLI verbs that take them, and moments ("yesterday 15:00",
"3 dagen geleden") as the Log dialog and ``--at`` read them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delegate_tui.localtime import parse_local_when
from delegate_tui.model import EARLIEST, LATEST, InputError, day_label, parse_due, parse_when, relative_day, short_day
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


DUE_PHRASES_IN_DUTCH = [
    ("friday", "vrijdag"),
    ("Fri", "vr"),
    ("monday", "Maandag"),
    ("tuesday", "dinsdag"),
    ("wednesday", "woensdag"),
    ("thursday", "donderdag"),
    ("saturday", "zaterdag"),
    ("sunday", "zondag"),
    ("next friday", "volgende vrijdag"),
    ("this friday", "komende vrijdag"),
    ("on sunday", "op zondag"),
    ("today", "vandaag"),
    ("tomorrow", "morgen"),
    ("in 2 days", "overmorgen"),
    ("next week", "volgende week"),
    ("in 2 weeks", "over 2 weken"),
    ("in two weeks", "over twee weken"),
    ("in a week", "over een week"),
    ("in 3 days", "over 3 dagen"),
    ("in 1 day", "over 1 dag"),
    ("in a month", "over één maand"),
    ("in 5 months", "over vijf maanden"),
    ("in 2 years", "over 2 jaar"),
    ("three days from now", "drie dagen vanaf nu"),
    ("end of week", "eind van de week"),
    ("end of this week", "einde deze week"),
    ("end of month", "eind van de maand"),
    ("end of month", "einde maand"),
    ("end of this month", "Eind deze maand"),
    ("next month", "volgende maand"),
    ("end of next month", "eind van volgende maand"),
    ("end of year", "eind van het jaar"),
]


@given(days, st.sampled_from(DUE_PHRASES_IN_DUTCH))
def test_a_dutch_due_phrase_means_what_its_english_one_means_whatever_today_is(
    today: date, phrase: tuple[str, str]
) -> None:
    english, dutch = phrase
    assert parse_due(dutch, today) == parse_due(english, today)


def test_dutch_due_phrases_land_on_the_day_they_name() -> None:
    assert parse_due("vrijdag", TODAY) == date(2026, 12, 4)
    assert parse_due("over twee weken", TODAY) == date(2026, 12, 12)
    assert parse_due("eind van de maand", TODAY) == date(2026, 11, 30)
    assert parse_due("overmorgen", TODAY) == date(2026, 11, 30)


@pytest.mark.parametrize("text", ["binnenkort", "vorige vrijdag", "over weken", "vrijdagen", "de"])
def test_a_dutch_phrase_that_is_not_a_date_names_the_field(text: str) -> None:
    with pytest.raises(InputError, match=rf"^due date '{text}' is not a date"):
        parse_due(text, TODAY)


MOMENT_PHRASES_IN_DUTCH = [
    ("now", "nu"),
    ("today", "vandaag"),
    ("yesterday", "gisteren"),
    ("2 days ago", "eergisteren"),
    ("yesterday 15:00", "gisteren 15:00"),
    ("yesterday at 9:30", "Gisteren om 9:30"),
    ("today 08:15", "vandaag 08:15"),
    ("3 days ago", "3 dagen geleden"),
    ("an hour ago", "een uur geleden"),
    ("5 hours ago", "5 uur geleden"),
    ("10 minutes ago", "10 minuten geleden"),
    ("2 weeks ago", "2 weken geleden"),
    ("1 year ago", "1 jaar geleden"),
    ("in 2 weeks", "over 2 weken"),
    ("2 days and 3 hours ago", "2 dagen en 3 uur geleden"),
    ("1 day and 1 hour ago", "1 dag en 1 uur geleden"),
]
moments = st.datetimes(
    min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31), timezones=st.just(timezone.utc)
)
zones = st.sampled_from([ZoneInfo("Europe/Amsterdam"), ZoneInfo("America/New_York"), timezone.utc])


@given(moments, zones, st.sampled_from(MOMENT_PHRASES_IN_DUTCH))
def test_a_dutch_moment_is_the_moment_its_english_phrase_names(
    now: datetime, zone: tzinfo, phrase: tuple[str, str]
) -> None:
    english, dutch = phrase
    assert parse_local_when(dutch, now, zone) == parse_local_when(english, now, zone)


def test_dutch_moments_land_where_they_say() -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")  # UTC+1 in November
    assert parse_local_when("gisteren 15:00", NOW, amsterdam) == datetime(2026, 11, 27, 14, 0, tzinfo=timezone.utc)
    assert parse_local_when("3 dagen geleden", NOW, amsterdam) == NOW - timedelta(days=3)
    assert parse_local_when("nu", NOW, amsterdam) == NOW
    # Every unit counts in a compound, singular or plural ("1 day and 1 hour ago" once lost the day).
    assert parse_when("1 day and 1 hour ago", NOW) == NOW - timedelta(hours=25)
    assert parse_when("one day and one hour ago", NOW) == NOW - timedelta(hours=25)
    assert parse_when("in 1 week and 2 days", NOW) == NOW + timedelta(days=9)


@pytest.mark.parametrize("text", ["straks", "3 dagen", "gisteren 25:00"])
def test_a_dutch_moment_that_is_not_one_names_the_field(text: str) -> None:
    with pytest.raises(InputError, match=rf"^time '{text}' is not a "):
        parse_local_when(text, NOW, timezone.utc)


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


def test_a_dutch_due_phrase_on_the_dutch_cli_says_in_dutch_which_day_it_read(one_task: Any, db_path: Path) -> None:
    result = one_task(
        "--lang", "nl", "task", "add", "Book the venue", "--member", "manager", "--level", "1", "--due", "vrijdag"
    )
    assert (result.code, result.out) == (0, "2\n")
    assert result.err == "Einddatum 'vrijdag' = vr 4 dec 2026 (2026-12-04).\n"
    assert Store(db_path).load().tasks[2].due == date(2026, 12, 4)


def test_a_dutch_due_phrase_that_is_not_a_date_is_refused_in_dutch_with_dutch_examples(
    one_task: Any, db_path: Path
) -> None:
    before = db_path.read_bytes()
    result = one_task("task", "due", "1", "binnenkort", "--lang", "nl")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "DATE 'binnenkort' is geen datum" in result.err and "'over 2 weken'" in result.err
    assert db_path.read_bytes() == before
