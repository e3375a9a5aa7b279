"""Property tests: whatever a user types, parsing either understands it or says why, and never crashes."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delegate_tui.model import (
    CADENCE_DAYS,
    ON_REQUEST,
    DelegationLevel,
    EventKind,
    InputError,
    Readiness,
    TaskStatus,
    Workspace,
    parse_cadence,
    parse_date,
    parse_when,
)
from tests.helpers.clock import NOW

FAST = settings(max_examples=100, deadline=None)

spaces = st.text(alphabet=" \t", max_size=3)


def random_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(text, flips))


@st.composite
def spelled_level(draw: st.DrawFn) -> tuple[DelegationLevel, str]:
    level = draw(st.sampled_from(list(DelegationLevel)))
    form = draw(st.sampled_from([str(int(level)), level.label, level.display]))
    return level, draw(spaces) + random_case(draw, form) + draw(spaces)


@FAST
@given(spelled_level())
def test_every_level_round_trips_from_number_name_or_display(case: tuple[DelegationLevel, str]) -> None:
    level, text = case
    assert DelegationLevel.parse(text) is level
    assert DelegationLevel.parse(level.display) is level


PARSERS = [DelegationLevel.parse, Readiness.parse, TaskStatus.parse, EventKind.parse, parse_cadence, parse_date]


# Digits of every kind ("²" and "٣" are digits to str.isdigit) and the words parsers look for.
tricky_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789²٣-+ :TZdD", max_size=12),
    st.sampled_from(["9" * 5000, "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "in ", " ago"]),
)


@FAST
@given(tricky_text, st.sampled_from(PARSERS))
def test_arbitrary_text_parses_or_raises_input_error(text: str, parser: object) -> None:
    try:
        parser(text)  # type: ignore[operator]
    except InputError as error:
        assert str(error)
    # Any other exception fails the test.


digits_and_words = st.one_of(
    tricky_text,
    st.from_regex(r"\A(in )?[0-9²٣-]{1,8} ?(second|minute|hour|day|week|month|year)s?( ago)?\Z"),
    st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}(T[0-9:]{1,8}([+-][0-9]{2}:[0-9]{2})?)?\Z"),
)


@FAST
@given(digits_and_words)
def test_arbitrary_times_parse_or_raise_input_error(text: str) -> None:
    try:
        moment = parse_when(text, NOW)
    except InputError:
        return
    assert moment.utcoffset() == timedelta(0)


@FAST
@given(st.text(max_size=20))
def test_task_lookup_never_crashes(text: str) -> None:
    with contextlib.suppress(InputError):
        Workspace().task(text)


@FAST
@given(st.dates(), spaces, spaces)
def test_dates_round_trip_within_the_supported_years(day: date, before: str, after: str) -> None:
    if date(1900, 1, 1) <= day <= date(2200, 12, 31):
        assert parse_date(before + day.isoformat() + after) == day
    else:
        with pytest.raises(InputError, match="is out of range: dates must be from 1900-01-01 to 2200-12-31"):
            parse_date(before + day.isoformat() + after)


# Fixed offsets: a zone's DST gap makes "the same wall time" ambiguous, which is not what this tests.
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))


@FAST
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=offsets))
def test_iso_timestamps_round_trip(moment: datetime) -> None:
    parsed = parse_when(moment.isoformat(), NOW)
    assert parsed == moment
    assert parsed.utcoffset() == timedelta(0)


UNITS = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1)}
UNITS |= {"day": timedelta(days=1), "week": timedelta(weeks=1)}


@FAST
@given(
    st.integers(min_value=0, max_value=3) | st.integers(min_value=0, max_value=5000),
    st.sampled_from(sorted(UNITS)),
    st.booleans(),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)),
)
def test_n_units_ago_is_now_minus_n_units(count: int, unit: str, ahead: bool, now: datetime) -> None:
    noun = unit if count == 1 else unit + "s"
    phrase = f"in {count} {noun}" if ahead else f"{count} {noun} ago"
    expected = now + count * UNITS[unit] if ahead else now - count * UNITS[unit]
    assert parse_when(phrase, now) == expected
    assert parse_when(phrase.upper(), now) == expected


@FAST
@given(
    st.integers(min_value=0, max_value=400),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)),
)
def test_n_days_ago_agrees_with_n_weeks_ago(weeks: int, now: datetime) -> None:
    assert parse_when(f"{weeks * 7} days ago", now) == parse_when(f"{weeks} weeks ago", now)


cadence_text = st.one_of(
    st.sampled_from([*CADENCE_DAYS, ON_REQUEST, "twice a week", "every two weeks", "fortnightly"]),
    st.integers(min_value=1, max_value=365).map(str),
    st.integers(min_value=1, max_value=365).map(lambda n: f"{n} days"),
    st.integers(min_value=1, max_value=365).map(lambda n: f"{n}d"),
)


@FAST
@given(cadence_text, spaces)
def test_cadences_round_trip(text: str, padding: str) -> None:
    normal = parse_cadence(padding + text.upper() + padding)
    assert parse_cadence(normal) == normal
    assert normal in CADENCE_DAYS or normal == ON_REQUEST or normal.endswith("d")
