"""unchanged_span: every moment in it gives the same flags, metrics and summary as now (issue 14).

The property draws the rule generators' histories, in zones with daylight saving, with nows near
local midnight and on the days the clocks change, and events just before, at and just after now;
then any moment of the span must give what now gives. The scenarios pin the metrics' weeks of
whole local days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegate_tui.localtime import day_end, day_start, local_day, local_zone
from delegate_tui.model import AreaAgreement, EventKind, Readiness
from delegate_tui.patterns import evaluate, member_metrics, unchanged_span
from delegate_tui.patterns.context import Context
from delegate_tui.summary import build_summary, summary_data
from tests.helpers.clock import NOW
from tests.helpers.scenario import Builder
from tests.rules.rule_strategies import any_history
from tests.rules.strategies import History, dumped

INSTANT = timedelta(microseconds=1)
ZONES = ["Europe/Amsterdam", "America/St_Johns", "America/Los_Angeles", "Pacific/Auckland", "UTC"]
"""With daylight saving (St John's: half-hour offset, changes at 02:00 local) and without."""
CLOCK_CHANGES = [date(2026, 10, 25), date(2026, 11, 1), date(2026, 3, 29), date(2026, 3, 8), date(2026, 4, 5)]
"""Days the clocks change in those zones, and a window of 28 days after them is drawn too."""


@st.composite
def span_cases(draw: st.DrawFn) -> History:
    workspace, events, now = draw(any_history())
    if draw(st.booleans()):
        workspace = workspace.model_copy(update={"timezone": draw(st.sampled_from(ZONES))})
    zone = local_zone(workspace)
    where = draw(st.sampled_from(["as drawn", "near midnight", "clock change", "window over a clock change"]))
    if where != "as drawn":
        if where == "near midnight":
            day = local_day(now, zone) + timedelta(days=draw(st.integers(0, 1)))
        else:
            day = draw(st.sampled_from(CLOCK_CHANGES))
            if where == "window over a clock change":
                day += timedelta(days=draw(st.sampled_from([6, 7, 27, 28, 29, 89, 90])))
        if draw(st.booleans()):
            now = day_start(day, zone) + timedelta(seconds=draw(st.integers(-90, 90)))
        else:
            now = day_start(day, zone) + timedelta(minutes=draw(st.integers(0, 25 * 60)))
    near: bool = draw(st.booleans())
    if events and near:
        # Events just before, at and just after now: the span must stop at them.
        for index, offset in enumerate(draw(st.lists(st.integers(-3, 3), min_size=1, max_size=3))):
            base = draw(st.sampled_from(events))
            events = [
                *events,
                base.model_copy(update={"id": f"near{index}", "at": now + timedelta(seconds=offset), "undoes": None}),
            ]
    return workspace, events, now


def _summary(history: History, moment: datetime, private: bool) -> dict[str, Any]:
    workspace, events, _now = history
    data = summary_data(build_summary(workspace, events, moment, generated_at=NOW, include_private=private))
    data.pop("now")  # the moment itself: the one field that may differ
    return data


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(span_cases(), st.data())
def test_every_moment_of_the_span_gives_the_same_flags_metrics_and_summary(
    history: History, data: st.DataObject
) -> None:
    workspace, events, now = history
    start, end = unchanged_span(workspace, events, now)
    assert start <= now < end
    zone = local_zone(workspace)
    today = local_day(now, zone)
    assert day_start(today, zone) <= start and end <= day_end(today, zone)
    steps = (end - start) // INSTANT
    moment = data.draw(
        st.sampled_from([start, end - INSTANT]) | st.integers(0, steps - 1).map(lambda n: start + n * INSTANT),
        label="moment",
    )
    assert dumped(evaluate(workspace, events, moment)) == dumped(evaluate(workspace, events, now))
    metrics = member_metrics(workspace, events, now)
    assert member_metrics(workspace, events, moment) == metrics
    private = data.draw(st.booleans(), label="include_private")
    assert _summary(history, moment, private) == _summary(history, now, private)
    # The metrics' 28 days are the rules' 28-day window.
    recent = Context(workspace, events, now).recent(EventKind.CHECKIN, 28)
    for member_id, found in metrics.items():
        assert found.checkins_last_28 == sum(1 for event in recent if event.member_id == member_id)


def _amsterdam() -> Builder:
    b = Builder()
    b.timezone("Europe/Amsterdam")
    return b


def test_a_history_all_before_today_holds_for_the_whole_local_day() -> None:
    b = _amsterdam()
    priya = b.member("Priya")
    b.checkins(priya, 5, start=1, step=3)
    zone = ZoneInfo("Europe/Amsterdam")
    assert unchanged_span(b.ws, b.events, NOW) == (
        datetime(2026, 11, 27, 23, 0, tzinfo=timezone.utc),
        datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc),
    )
    # The day the clocks go back has 25 hours, and the span all of them.
    late = datetime(2026, 10, 25, 20, 0, tzinfo=timezone.utc)
    start, end = unchanged_span(b.ws, [e for e in b.events if e.at < day_start(date(2026, 10, 25), zone)], late)
    assert (start, end) == (day_start(date(2026, 10, 25), zone), day_end(date(2026, 10, 25), zone))
    assert end - start == timedelta(hours=25)


def test_the_span_stops_at_the_events_next_to_now() -> None:
    b = _amsterdam()
    priya = b.member("Priya")
    before = b.event("checkin", NOW - timedelta(hours=2), member_id=priya)
    after = b.event("checkin", NOW + timedelta(hours=3), member_id=priya)
    b.event("checkin", NOW + timedelta(hours=5), member_id=priya)
    b.event("checkin", NOW - timedelta(hours=4), member_id=priya)
    assert unchanged_span(b.ws, list(reversed(b.events)), NOW) == (before.at, after.at)
    # An event at now itself is in: the span starts there.
    at_now = b.event("note", NOW, member_id=priya)
    assert unchanged_span(b.ws, b.events, NOW)[0] == at_now.at


def test_a_checkin_late_on_the_day_a_week_ago_is_in_the_week_before() -> None:
    b = _amsterdam()
    priya = b.member("Priya")
    # NOW is 13:00 in Amsterdam on Saturday 28 November; the last week is the 22nd to the 28th.
    b.event("checkin", datetime(2026, 11, 21, 22, 30, tzinfo=timezone.utc), member_id=priya)  # 21st, 23:30
    b.event("checkin", datetime(2026, 11, 21, 23, 15, tzinfo=timezone.utc), member_id=priya)  # 22nd, 00:15
    b.event("checkin", datetime(2026, 10, 31, 22, 59, tzinfo=timezone.utc), member_id=priya)  # 31 Oct, 23:59
    b.event("checkin", datetime(2026, 10, 31, 23, 0, tzinfo=timezone.utc), member_id=priya)  # 1 Nov, 00:00
    for now in (
        datetime(2026, 11, 27, 23, 0, tzinfo=timezone.utc),
        NOW,
        datetime(2026, 11, 28, 22, 59, 59, tzinfo=timezone.utc),
    ):
        found = member_metrics(b.ws, b.events, now)[priya]
        assert found.weekly_checkins == [0] * 7 + [1, 1, 0, 1, 1], now
        assert found.checkins_last_28 == 3  # 1 November to today: the rules' 28 days
    # A day later (from local midnight on) the weeks move on a day: the 22nd is in the week before and
    # 31 October with 1 November four weeks back, the 1st now out of the 28 days.
    tomorrow = member_metrics(b.ws, b.events, datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc))[priya]
    assert tomorrow.weekly_checkins == [0] * 7 + [2, 0, 0, 2, 0]
    assert tomorrow.checkins_last_28 == 2


def test_a_task_counts_from_the_end_of_the_week_it_was_created_in() -> None:
    b = _amsterdam()
    priya = b.member("Priya")
    tooling = b.area("Tooling")
    b.task(priya, 6, tooling, created=datetime(2026, 11, 21, 22, 50, tzinfo=timezone.utc))  # 21st, 23:50
    b.task(priya, 2, tooling, created=datetime(2026, 11, 21, 23, 10, tzinfo=timezone.utc))  # 22nd, 00:10
    found = member_metrics(b.ws, b.events, NOW)[priya]
    # The week before ends with the 21st: only the first task existed; this week both.
    assert found.weekly_autonomy[-2:] == [1.0, 0.5]
    assert found.weekly_autonomy[:-2] == [0.0] * 10


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(CLOCK_CHANGES),
    st.integers(-3, 100),
    st.sampled_from([1, 2, 7, 14, 27, 28, 29, 30, 42, 90]),
)
def test_a_window_starts_at_the_same_midnight_all_day(zone_name: str, change: date, after: int, days: int) -> None:
    # Counting back from now - N days would put the start on either side of a midnight, depending on
    # the hour, when the clocks changed in between (late in the evening in winter, say).
    b = Builder()
    b.timezone(zone_name)
    zone = ZoneInfo(zone_name)
    day = change + timedelta(days=after)
    first = day_start(day - timedelta(days=days - 1), zone)
    for moment in (day_start(day, zone), day_end(day, zone) - timedelta(minutes=30), day_end(day, zone) - INSTANT):
        assert Context(b.ws, [], moment).since(days) == first, moment


def test_mm012_counts_the_local_days_since_the_cadence_was_agreed() -> None:
    b = _amsterdam()
    omar = b.member("Omar")
    tooling = b.area("Tooling")
    # Agreed at 23:30 in Amsterdam on 11 May (summer time): 201 local days before 28 November, though
    # only 200 days and 14.5 hours before NOW (13:00) and 200 days and 23.5 hours before 22:59.
    agreed = datetime(2026, 5, 11, 21, 30, tzinfo=timezone.utc)
    b.agree(omar, at=agreed, cadence="weekly", levels={tooling: AreaAgreement(level=3, readiness=Readiness.D2)})
    b.agree(omar, at=NOW - timedelta(days=50), levels={tooling: AreaAgreement(level=5, readiness=Readiness.D2)})
    for now in (
        datetime(2026, 11, 27, 23, 0, tzinfo=timezone.utc),
        NOW,
        datetime(2026, 11, 28, 22, 59, tzinfo=timezone.utc),
    ):
        (flag,) = [flag for flag in evaluate(b.ws, b.events, now) if flag.rule == "MM012"]
        assert "has been weekly for 201 days" in flag.message, now
