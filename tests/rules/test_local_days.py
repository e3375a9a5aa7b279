"""The manager's local day (delegate_tui/localtime.py): which zone, and days across DST changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delegate_tui.localtime import day_end, day_start, local_day, local_zone, system_zone
from delegate_tui.model import AwayPeriod, InputError, Member, Workspace, parse_timezone
from delegate_tui.patterns.context import Context

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)


def test_the_workspace_zone_wins_and_the_system_zone_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert str(system_zone()) == "Asia/Tokyo"
    assert str(local_zone(Workspace())) == "Asia/Tokyo"
    assert str(local_zone(Workspace(timezone="Europe/Amsterdam"))) == "Europe/Amsterdam"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert system_zone() is not None  # falls back to /etc/localtime or UTC, never raises


@pytest.mark.parametrize("name", ["Mars/Base", "", "../etc/passwd", "/etc/localtime"])
def test_an_unknown_zone_is_refused_with_a_clear_message(name: str) -> None:
    with pytest.raises(InputError, match="is not a known time zone: use an IANA name such as Europe/Amsterdam"):
        parse_timezone(name)


def test_the_days_around_the_dst_changes_are_23_and_25_hours_long() -> None:
    zone = ZoneInfo("Europe/Amsterdam")
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)
    assert day_end(spring, zone) - day_start(spring, zone) == timedelta(hours=23)
    assert day_end(autumn, zone) - day_start(autumn, zone) == timedelta(hours=25)
    assert local_day(day_end(autumn, zone) - timedelta(seconds=1), zone) == autumn


def test_the_engine_today_is_the_managers_local_day() -> None:
    late = datetime(2026, 11, 28, 23, 30, tzinfo=timezone.utc)
    assert Context(Workspace(timezone="UTC"), [], late).today == date(2026, 11, 28)
    assert Context(Workspace(timezone="Pacific/Auckland"), [], late).today == date(2026, 11, 29)
    # A window of 28 days starts at local midnight 27 days before today.
    ctx = Context(Workspace(timezone="Pacific/Auckland"), [], late)
    assert local_day(ctx.since(28), ctx.zone) == date(2026, 11, 2)
    assert ctx.since(28).astimezone(ctx.zone).hour == 0


# Zones whose clocks change at or around midnight (Santiago, Havana, Asunción, Beirut, Cairo),
# and the usual ones: the start of a local day is on that day in every one of them.
_MIDNIGHT_ZONES = [
    "America/Santiago",
    "America/Havana",
    "America/Asuncion",
    "Asia/Beirut",
    "Africa/Cairo",
    "Europe/Amsterdam",
    "Pacific/Auckland",
    "Australia/Lord_Howe",
    "UTC",
]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(_MIDNIGHT_ZONES),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    away_from=st.integers(min_value=-3, max_value=3),
    joined=st.integers(min_value=-20, max_value=20),
)
def test_the_day_based_questions_answer_as_the_moment_based_ones(
    name: str, day: date, away_from: int, joined: int
) -> None:
    """over-monitoring asks per local day (Context.away_on, new_on, day_start); the other rules ask
    per moment (away, new_member): both must agree on every day, DST changes at midnight included."""
    member = Member(
        id=1,
        name="Ann",
        since=day - timedelta(days=joined),
        away=[AwayPeriod(start=day + timedelta(days=away_from), end=day + timedelta(days=away_from + 1))],
    )
    ctx = Context(Workspace(timezone=name, members={1: member}), [], NOW)
    start = ctx.day_start(day)
    assert start == day_start(day, ZoneInfo(name))
    assert ctx.day_of(start) == day
    assert ctx.away_on(1, day) == ctx.away(1, start)
    assert ctx.new_on(1, day) == ctx.new_member(1, start)
